"""Rosters in and results out as Excel (openpyxl).

The import workbook has Chinese headers and drop-downs (人员类别, 等次, 部门, …) fed from a hidden sheet;
an import is all or nothing, every bad cell reported as "第5行「人员类别」：'公务猿' 不是可选值，…".
An .xlsx is a zip: the upload and what it unpacks to are both capped (a zip bomb is a 413).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, get_args

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError
from sqlalchemy.orm import Session

from schemas.common import AnnualGrade, Category, Group, QuarterGrade, UnitKind
from schemas.round import EntryOut, RosterPerson
from service import rounds
from service.auth import Actor, require_role
from service.config import settings
from service.errors import InvalidPayload, PayloadTooLarge, chinese_message
from service.storage import organisations as org_storage
from service.storage import rounds as round_storage
from service.uploads import check_zip_upload

ROSTER_SHEET = "人员名单"
CHOICES_SHEET = "选项"
HEADER_ROW = 1
YES, NO = "是", "否"


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    width: int = 12
    choices: tuple[str, ...] | None = None  # a drop-down; None for free text
    kind: str = "text"  # text | bool | date | number | list


GRADES = tuple(dict.fromkeys((*get_args(AnnualGrade), *get_args(QuarterGrade))))
COLUMNS: tuple[Column, ...] = (
    Column("id", "编号", 10),
    Column("name", "姓名", 10),
    Column("id_number", "身份证号", 21),
    Column("gender", "性别", 6, ("男", "女")),
    Column("birth_month", "出生年月", 10, None, "yearmonth"),
    Column("political_status", "政治面貌", 10),
    Column("post", "职务或岗位", 14),
    Column("category", "人员类别", 10, get_args(Category)),
    Column("department", "部门", 16, ()),  # filled with the organisation's departments
    Column("is_head", "是否负责人", 10, (YES, NO), "bool"),
    Column("group", "岗位组别", 10, get_args(Group)),
    Column("on_roster", "截止日在册", 10, (YES, NO), "bool"),
    Column("joined_on", "到中心日期", 12, None, "date"),
    Column("months_on_post", "在岗月数", 9, None, "number"),
    Column("dispatching_unit", "派出单位", 20),
    Column("unit_kind", "派出单位性质", 12, get_args(UnitKind)),
    Column("in_establishment", "是否在编", 9, (YES, NO), "bool"),
    Column("quarterly_excellent", "季度优秀次数", 11, None, "number"),
    Column("quarter_grades", "各季度考核等次", 16, None, "list"),
    Column("proposed_grade", "建议等次", 10, GRADES),
    Column("recommended", "初评推荐优秀", 12, (YES, NO), "bool"),
    Column("advanced", "推荐先进个人", 12, (YES, NO), "bool"),
    Column("conditions", "五(六)情形序号", 14, None, "list"),
    Column("justification", "等次说明", 30),
)
BY_FIELD = {c.field: c for c in COLUMNS}
BY_HEADER = {c.header: c for c in COLUMNS}


# ---------------------------------------------------------------- the import workbook


def _choices_of(column: Column, departments: list[str]) -> tuple[str, ...] | None:
    return tuple(departments) if column.field == "department" else column.choices


def roster_template(*, session: Session, round_id: int) -> bytes:
    """An empty roster with drop-downs; the 部门 list is the round's organisation's departments."""
    round_ = round_storage.get_round(session=session, round_id=round_id)
    departments = [
        d.name for d in org_storage.list_departments(session=session, organisation_id=round_.organisation_id)
    ]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = ROSTER_SHEET
    choices = workbook.create_sheet(CHOICES_SHEET)
    choices.sheet_state = "hidden"
    _write_header(sheet, [c.header for c in COLUMNS], [c.width for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        options = _choices_of(column, departments)
        if not options:
            continue
        letter = get_column_letter(index)
        for row, option in enumerate(options, start=1):
            choices.cell(row=row, column=index, value=option)
        # A range on a hidden sheet: no 255-character limit of an inline list, and Chinese survives.
        validation = DataValidation(
            type="list",
            formula1=f"'{CHOICES_SHEET}'!${letter}$1:${letter}${len(options)}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="不是可选值",
            error=f"「{column.header}」请从下拉列表中选择",
        )
        validation.add(f"{letter}{HEADER_ROW + 1}:{letter}{settings.max_roster_size + HEADER_ROW}")
        sheet.add_data_validation(validation)
    return _save(workbook)


def _write_header(sheet: Worksheet, headers: list[str], widths: list[int]) -> None:
    for index, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- reading an upload


def check_zip_size(data: bytes, label: str = "Excel 文件") -> None:
    """Refuse an upload over the caps (413) or one that is no .xlsx at all (422 at `file`)."""
    try:
        check_zip_upload(data, label)
    except zipfile.BadZipFile:
        raise InvalidPayload([(("file",), f"不是有效的 {label}（.xlsx）")]) from None


def _bool(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        return {YES: True, NO: False, "": None}.get(text, text)
    return value


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value.strip().replace("/", "-").replace(".", "-") if isinstance(value, str) else value


def _year_month(value: Any) -> Any:
    """出生年月 as 1985.06, however Excel kept it (a date, or the number 1985.1 for 1985.10)."""
    if isinstance(value, dt.date | dt.datetime):
        return f"{value.year}.{value.month:02d}"
    if isinstance(value, float):
        return f"{value:.2f}"
    return _text(value)


def _list(value: Any) -> Any:
    if value is None or value == "":
        return []
    if isinstance(value, int | float):
        return [int(value)]
    parts = str(value).replace("，", ",").replace("、", ",").split(",")
    return [p.strip() for p in parts if p.strip()]


def _text(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() if value is not None else None


CONVERT: dict[str, Callable[[Any], Any]] = {
    "bool": _bool,
    "date": _date,
    "list": _list,
    "number": lambda v: v,
    "yearmonth": _year_month,
    "text": _text,
}


def _cell_problem(row: int, column: Column, message: str) -> tuple[tuple[str | int, ...], str]:
    return (("rows", row, column.header), f"第{row}行「{column.header}」：{message}")


def _read_rows(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file; all mean "not a workbook we can read"
        raise InvalidPayload([(("file",), "无法读取 Excel 文件，请使用下载的导入模板（.xlsx）")]) from None
    sheet = workbook[ROSTER_SHEET] if ROSTER_SHEET in workbook.sheetnames else workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    missing = [c.header for c in COLUMNS[:2] if c.header not in header]
    if missing:
        raise InvalidPayload([(("file",), f"第{HEADER_ROW}行缺少表头：{'、'.join(missing)}")])
    found: list[tuple[int, dict[str, Any]]] = []
    for number, values in enumerate(rows, start=HEADER_ROW + 1):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if len(found) >= settings.max_roster_size:
            raise PayloadTooLarge(f"名单超过 {settings.max_roster_size} 人上限")
        record: dict[str, Any] = {}
        for header_text, value in zip(header, values, strict=False):
            column = BY_HEADER.get(header_text)
            if column is not None and value is not None and value != "":
                record[column.field] = CONVERT[column.kind](value)
        found.append((number, record))
    workbook.close()
    return found


def parse_roster(data: bytes, departments: list[str]) -> list[RosterPerson]:
    """Every row validated; any problem anywhere → one 422 listing each bad cell by row and column."""
    check_zip_size(data)
    problems: list[tuple[tuple[str | int, ...], str]] = []
    people: list[RosterPerson] = []
    first_row: dict[str, int] = {}
    for number, record in _read_rows(data):
        try:
            person = RosterPerson.model_validate(record)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                column = BY_FIELD.get(str(error["loc"][0])) if error["loc"] else None
                if column is not None:
                    problems.append(_cell_problem(number, column, chinese_message(dict(error))))
                else:
                    problems.append((("rows", number), f"第{number}行：{chinese_message(dict(error))}"))
            continue
        if person.department and person.department not in departments:
            choices = "、".join(departments) or "（尚未登记任何部门）"
            problems.append(
                _cell_problem(
                    number, BY_FIELD["department"], f"'{person.department}' 不是可选值，可选：{choices}"
                )
            )
        if person.id in first_row:
            problems.append(
                _cell_problem(number, BY_FIELD["id"], f"{person.id} 与第{first_row[person.id]}行重复")
            )
        first_row.setdefault(person.id, number)
        people.append(person)
    if problems:
        raise InvalidPayload(problems)
    if not people:
        raise InvalidPayload([(("file",), "名单中没有人员")])
    return people


def import_roster(*, session: Session, actor: Actor, round_id: int, data: bytes) -> list[EntryOut]:
    require_role(actor, *rounds.ORGANISERS)
    round_ = round_storage.get_round(session=session, round_id=round_id)
    departments = [
        d.name for d in org_storage.list_departments(session=session, organisation_id=round_.organisation_id)
    ]
    people = parse_roster(data, departments)
    return rounds.store_roster(session=session, actor=actor, round_=round_, people=people)


# ---------------------------------------------------------------- results out


RESULT_HEADERS = (
    "编号",
    "姓名",
    "身份证号",
    "人员类别",
    "部门",
    "建议等次",
    "最终等次",
    "符合参加条件",
    "结果运用",
)
QUOTA_HEADERS = ("名额", "等次", "基数", "比例", "取整", "限额", "已用", "是否符合")
FINDING_HEADERS = ("级别", "条款", "人员", "问题")
SEVERITY = {"error": "错误", "warning": "提醒", "info": "说明"}
ROUNDING = {"floor": "向下取整", "half_up": "四舍五入", "ceil": "向上取整"}


def export_results(*, session: Session, actor: Actor, round_id: int) -> bytes:
    """The round's people with proposals, final grades and outcomes; its quotas; its findings."""
    round_ = round_storage.get_round(session=session, round_id=round_id)
    entries = rounds.list_entries(session=session, actor=actor, round_id=round_id)
    result = round_.result or {}
    workbook = Workbook()
    people = workbook.active
    assert people is not None
    people.title = "考核结果"
    _write_header(people, list(RESULT_HEADERS), [10, 10, 21, 10, 16, 10, 10, 12, 40])
    for entry in entries:
        p = entry.person
        eligible = {True: YES, False: NO, None: ""}[entry.eligible]
        people.append(
            [
                p["id"],
                p["name"],
                p.get("id_number"),
                p.get("category"),
                p.get("department"),
                entry.proposed_grade,
                entry.final_grade,
                eligible,
                "、".join(entry.outcomes),
            ]
        )
    quotas = workbook.create_sheet("名额")
    _write_header(quotas, list(QUOTA_HEADERS), [20, 8, 8, 8, 10, 8, 8, 10])
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
    findings = workbook.create_sheet("问题")
    _write_header(findings, list(FINDING_HEADERS), [8, 10, 10, 80])
    # A department head's workbook names only their own department's people (rounds.list_entries):
    # findings about someone else, or about no one in particular, stay out of it.
    shown = {entry.person["id"] for entry in entries}
    everyone = rounds.visible_department(actor) is None
    for finding in result.get("findings", []):
        if not everyone and finding.get("person_id") not in shown:
            continue
        findings.append(
            [
                SEVERITY.get(finding["severity"], finding["severity"]),
                finding["clause"],
                finding.get("person_id"),
                finding["message"],
            ]
        )
    return _save(workbook)
