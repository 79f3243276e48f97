"""What the forms, ballots and lists read from the schemes' policies, so no grade name or day count is
typed twice (DESIGN.md §2 "Policies are data"), and the small text helpers the form kinds share.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from schemas.civil_servant_quarterly import CivilServantQuarterlyPolicy
from service.rules.registry import default_policy_data, merge

CHECKED = "☑"
UNCHECKED = "☐"
# A form row holds at most this much text: a row is never split across pages (w:cantSplit), so a long
# summary flows as many rows, each far shorter than a page.
ROW_TEXT_LIMIT = 300
INDENT = "\u3000\u3000"  # 首行缩进两字, written in the text so a continued paragraph is not indented


def resident_grades(category: str) -> tuple[str, ...]:
    """000 四(一)(二): the four grades of a category, best first (其他 uses the 事业 names)."""
    ladder = default_policy_data("resident-annual")["grade_sets"][category]
    return (ladder["excellent"], ladder["normal"], ladder["basic"], ladder["incompetent"])


def resident_ballot_columns() -> tuple[str, ...]:
    """000 附表6: one column per grade, 公务员 name with the 事业 name in brackets: 称职(合格)."""
    civil, institution = resident_grades("公务员"), resident_grades("事业")
    return tuple(a if a == b else f"{a}({b})" for a, b in zip(civil, institution, strict=True))


def purchased_service_grades() -> tuple[str, ...]:
    """001 四 "考核结果分为5个等次：优秀、表扬、合格、基本合格、不合格"."""
    return tuple(default_policy_data("purchased-service-annual")["grades"])


def quarterly_policy(override: dict[str, Any] | None = None) -> CivilServantQuarterlyPolicy:
    """002's policy: 三(一) weights, 三(二) bands, 四(五) publicity days — with a round's override."""
    data = merge(default_policy_data("civil-servant-quarterly"), override or {})
    return CivilServantQuarterlyPolicy.model_validate(data)


def publicity_days(scheme_id: str) -> int:
    """000 五(五) "公示期为5个工作日"; 002 四(五) "公示期不少于3个工作日"; 001 is silent: it follows 000."""
    if scheme_id == "civil-servant-quarterly":
        return quarterly_policy().publicity_min_working_days
    return int(default_policy_data("resident-annual")["publicity_working_days"])


def tick_line(options: Iterable[str], chosen: str | None) -> str:
    """`☑优秀　☐称职　☐基本称职　☐不称职`: the printed options of a form with the chosen one ticked."""
    return "\u3000".join(f"{CHECKED if option == chosen else UNCHECKED}{option}" for option in options)


def text_rows(text: str | None, limit: int = ROW_TEXT_LIMIT) -> list[str]:
    """A long text as table rows: one row per paragraph, a long paragraph cut after a 。 near `limit`.

    Each row starts a paragraph with a two-character indent, except a continuation of a cut paragraph.
    Nothing is dropped: the rows joined (without indents) are the text with its blank lines removed.
    """
    rows: list[str] = []
    for paragraph in (text or "").splitlines():
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        first = True
        while paragraph:
            piece = _cut(paragraph, limit)
            rows.append(INDENT + piece if first else piece)
            paragraph = paragraph[len(piece) :]
            first = False
    return rows


def _cut(paragraph: str, limit: int) -> str:
    if len(paragraph) <= limit:
        return paragraph
    window = paragraph[:limit]
    for stop in ("。", "；", "，"):
        at = window.rfind(stop)
        if at >= limit // 2:
            return window[: at + 1]
    return window


# Room for a handwritten word on a blank form (four full-width spaces).
WRITE_IN = "\u3000" * 4


def blank_rows(count: int, *fields: str) -> list[dict[str, Any]]:
    """`count` numbered rows whose `fields` are empty: a list on a blank form, to be filled by hand."""
    return numbered([dict.fromkeys(fields, "") for _ in range(count)])


def numbered(items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows numbered in the data, never by Word's list numbering (docxtpl #425/#500)."""
    return [{"no": index, **item} for index, item in enumerate(items, start=1)]


def require_grades(
    checks: Iterable[tuple[tuple[str | int, ...], str | None]], options: Sequence[str]
) -> None:
    """422 with the field's path when a grade is not one the document prints (e.g. 称职 on a 事业 form)."""
    from service.errors import InvalidPayload

    problems = [
        (loc, f"'{grade}' 不是本表的考核等次，可选：{'、'.join(options)}")
        for loc, grade in checks
        if grade is not None and grade not in options
    ]
    if problems:
        raise InvalidPayload(problems)
