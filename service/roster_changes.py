"""What a re-import of a roster would change of the decisions already taken (DESIGN.md §7: "a re-import
never silently replaces decisions already taken").

A decision is a final grade (set by the 考核领导小组 through PUT /grades, never by an import) or one of
DECISIONS on a person's row. A re-import keeps what it does not mention: a column left out of the
workbook, an empty cell or a key absent from the JSON row keeps the stored value, and final grades stay
with everyone who is still on the roster. What it does mention and would change — a decided value
replaced, or a person with decisions left off the roster — is listed, and the import is refused until
the clerk confirms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from schemas.round import RosterPerson

DECISIONS = {
    "proposed_grade": "建议等次",
    "recommended": "初评推荐优秀",
    "advanced": "推荐先进个人",
    "direct_grade": "直接确定等次",
    "justification": "等次说明",
}
FINAL_GRADE = "最终等次"
ON_ROSTER = "名单"
MAX_LISTED = 20  # the message names this many; the `changes` list has them all


@dataclass(frozen=True)
class Stored:
    """What the round holds of a person before the import."""

    name: str
    payload: Mapping[str, Any]
    final_grade: str | None


def _decided(value: Any) -> bool:
    return value not in (None, False, "", [])


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _change(code: str, name: str, field: str, label: str, old: Any, new: Any) -> dict[str, Any]:
    return {"id": code, "name": name, "field": field, "label": label, "old": old, "new": new}


def keep_decisions(
    stored: Mapping[str, Stored], rows: Sequence[tuple[RosterPerson, dict[str, Any]]]
) -> list[dict[str, Any]]:
    """Fill each new row's payload with the stored decisions it does not mention (in place) and return
    every decision the import would change: `{"id", "name", "field", "label", "old", "new"}`."""
    changes: list[dict[str, Any]] = []
    for row, payload in rows:
        before = stored.get(row.id)
        if before is None:
            continue
        for field, label in DECISIONS.items():
            old = before.payload.get(field)
            if field not in row.model_fields_set:
                if field in before.payload:
                    payload[field] = old
            elif _decided(old) and payload.get(field) != old:
                changes.append(_change(row.id, row.name, field, label, old, payload.get(field)))
    present = {row.id for row, _ in rows}
    for code, before in stored.items():
        if code in present:
            continue
        if before.final_grade is not None:
            changes.append(_change(code, before.name, "final_grade", FINAL_GRADE, before.final_grade, None))
        elif any(_decided(before.payload.get(field)) for field in DECISIONS):
            changes.append(_change(code, before.name, "roster", ON_ROSTER, "在名单中", "不在名单中"))
    return changes


def describe(changes: Sequence[dict[str, Any]]) -> str:
    """The 409's message: how many decisions would change, the first of them, how to confirm."""
    listed = "；".join(
        f"{c['id']} {c['name']}「{c['label']}」{_shown(c['old'])} → "
        + ("（移出名单）" if c["field"] in ("final_grade", "roster") else _shown(c["new"]))
        for c in changes[:MAX_LISTED]
    )
    more = f"等{len(changes)}处" if len(changes) > MAX_LISTED else f"共{len(changes)}处"
    return f"重新导入将改变已作出的决定（{more}）：{listed}。确认改变请在请求中加 ?confirm=true"
