"""results.xlsx: a round's results in Chinese for the clerk and for finance — each person's proposal,
final grade, 初评推荐/先进个人, outcomes in words and (001) the 考核奖 with every line; or each
department's total, rank and awards in words (003/004); the quotas with their arithmetic; the findings
naming each person by id and name."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from schemas.department import AWARD_WORDS
from schemas.evaluation import OUTCOME_WORDS
from service import rounds
from service.auth import Actor
from service.control_chars import for_cell
from service.excel.columns import NO, YES
from service.excel.sheets import save, write_header
from service.storage import rounds as round_storage

PEOPLE_HEADERS = (
    ("编号", 10),
    ("姓名", 10),
    ("身份证号", 21),
    ("人员类别", 10),
    ("部门", 16),
    ("派出单位", 20),
    ("建议等次", 10),
    ("最终等次", 10),
    ("符合参加条件", 12),
    ("初评推荐优秀", 12),
    ("先进个人", 10),
    ("结果运用", 40),
)
BONUS_HEADERS = (("应发（元）", 12), ("等次扣减（元）", 14), ("违规扣款（元）", 14), ("实发（元）", 12))
BONUS_LINE_HEADERS = (("编号", 10), ("姓名", 10), ("项目", 40), ("金额（元）", 12), ("依据条款", 12))
DEPARTMENT_HEADERS = (
    ("编号", 10),
    ("部门名称", 16),
    ("总分", 10),
    ("名次", 8),
    ("奖项", 40),
    ("先进个人名额", 12),
)
QUOTA_HEADERS = (
    ("名额", 20),
    ("等次", 8),
    ("基数", 8),
    ("比例", 8),
    ("取整", 10),
    ("限额", 8),
    ("已用", 8),
    ("是否符合", 10),
)
FINDING_HEADERS = (("级别", 8), ("条款", 10), ("对象", 18), ("问题", 80))
SEVERITY = {"error": "错误", "warning": "提醒", "info": "说明"}
ROUNDING = {"floor": "向下取整", "half_up": "四舍五入", "ceil": "向上取整"}


def _yes_no(value: Any) -> str:
    if isinstance(value, bool):
        return YES if value else NO
    return "" if value is None else str(value)


def _sheet(
    workbook: Workbook, title: str, headers: tuple[tuple[str, int], ...], first: bool = False
) -> Worksheet:
    sheet = workbook.active if first else workbook.create_sheet(title)
    assert sheet is not None
    sheet.title = title
    write_header(sheet, [h for h, _ in headers], [w for _, w in headers])
    return sheet


def export_results(*, session: Session, actor: Actor, round_id: int) -> bytes:
    round_ = round_storage.get_round(session=session, round_id=round_id)
    result = for_cell(round_.result or {})  # stored names may hold controls a cell refuses
    workbook = Workbook()
    names: dict[str, str] = {}
    if result.get("departments") is not None or round_.scheme in ("internal-department", "street-department"):
        _departments(workbook, session=session, round_id=round_id, result=result, names=names)
    else:
        _people(workbook, session=session, actor=actor, round_id=round_id, result=result, names=names)
    quotas = _sheet(workbook, "名额", QUOTA_HEADERS)
    for quota in result.get("quotas", []):
        quotas.append(
            [
                quota["key"],
                quota["grade"],
                quota["base"],
                quota["ratio"],
                ROUNDING.get(quota["rounding"], quota["rounding"]),
                quota["limit"],
                quota["used"],
                YES if quota["ok"] else NO,
            ]
        )
    findings = _sheet(workbook, "问题", FINDING_HEADERS)
    # `names` is filled from rounds.list_entries: a department head's own department only.
    for finding in rounds.visible_findings(actor, result.get("findings", []), names):
        who = finding.get("person_id") or finding.get("department_id")
        findings.append(
            [
                SEVERITY.get(finding["severity"], finding["severity"]),
                finding["clause"],
                f"{who} {names.get(who, '')}".strip() if who else "",
                finding["message"],
            ]
        )
    return save(workbook)


def _people(
    workbook: Workbook,
    *,
    session: Session,
    actor: Actor,
    round_id: int,
    result: dict[str, Any],
    names: dict[str, str],
) -> None:
    """One row a person; with 001's bonus the four totals, and every line on a sheet for finance."""
    entries = for_cell(rounds.list_entries(session=session, actor=actor, round_id=round_id))
    outcome = {p["id"]: p for p in result.get("people", [])}
    has_bonus = any(p.get("bonus") for p in outcome.values())
    people = _sheet(workbook, "考核结果", PEOPLE_HEADERS + (BONUS_HEADERS if has_bonus else ()), first=True)
    lines = _sheet(workbook, "考核奖明细", BONUS_LINE_HEADERS) if has_bonus else None
    for entry in entries:
        p = entry.person
        names[p["id"]] = p["name"]
        row = [
            p["id"],
            p["name"],
            p.get("id_number"),
            p.get("category"),
            p.get("department"),
            p.get("dispatching_unit"),
            entry.proposed_grade,
            entry.final_grade,
            _yes_no(entry.eligible),
            _yes_no(p.get("recommended")),
            _yes_no(p.get("advanced")),
            "、".join(OUTCOME_WORDS.get(code, code) for code in entry.outcomes),
        ]
        bonus = (outcome.get(p["id"]) or {}).get("bonus")
        if has_bonus:
            row += (
                [bonus[k] for k in ("gross", "grade_deduction", "incident_deduction", "net")]
                if bonus
                else [None] * 4
            )
        people.append(row)
        if lines is not None and bonus:
            for line in bonus["lines"]:
                lines.append([p["id"], p["name"], line["item"], line["amount"], line["clause"]])


def _departments(
    workbook: Workbook, *, session: Session, round_id: int, result: dict[str, Any], names: dict[str, str]
) -> None:
    sheet = _sheet(workbook, "考核结果", DEPARTMENT_HEADERS, first=True)
    scored = {d["id"]: d for d in result.get("departments", [])}
    for department in round_storage.list_department_results(session=session, round_id=round_id):
        name = department.payload.get("name", "")
        names[department.code] = name
        outcome = scored.get(department.code, {})
        sheet.append(
            [
                department.code,
                name,
                outcome.get("total"),
                outcome.get("rank"),
                "、".join(AWARD_WORDS.get(a, a) for a in outcome.get("awards", [])),
                outcome.get("advanced_quota"),
            ]
        )
