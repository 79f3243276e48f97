"""What every page needs to know: the organisation the pages run for, a round's stage and next step."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from schemas.organisation import OrganisationOut
from schemas.round import RoundOut
from service import organisations


def current_organisation(*, session: Session) -> OrganisationOut | None:
    """One office runs the pages (DESIGN.md §9): the first organisation registered is 本机构."""
    found = organisations.list_organisations(session=session)
    return found[0] if found else None


@dataclass(frozen=True)
class Progress:
    stage: str
    next_step: str
    next_url: str


def progress(round_: RoundOut, issued: int, today: dt.date | None = None) -> Progress:
    """Where the round is by its timeline (the seed's 时间安排) and what the clerk does next."""
    today = today or dt.date.today()
    stage = "各阶段已结束"
    for step in round_.timeline:
        if step.end >= today:
            if step.start <= today:
                stage = f"进行中：{step.name}（至{step.end.month}月{step.end.day}日）"
            else:
                stage = f"下一阶段：{step.name}（{step.start.month}月{step.start.day}日起）"
            break
    if round_.people == 0:
        return Progress(stage, "导入人员名单", f"/rounds/{round_.id}/roster")
    # Saving the final grades stores the round's evaluation (rounds.set_final_grades).
    if round_.evaluated_at is None:
        return Progress(stage, "评定并确定最终等次", f"/rounds/{round_.id}/grading")
    if issued == 0:
        return Progress(stage, "签发文书", f"/rounds/{round_.id}/documents")
    return Progress(stage, f"已签发{issued}份，查看归档", f"/rounds/{round_.id}/archive")
