"""`GET /api/rounds/{id}/status`: where a round stands — the stage by its timeline, counts by grade,
open findings, and for each paper of its scheme how many it makes and what the next one still needs."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy.orm import Session

from schemas.round import PaperState, RoundStatus
from service.archive import paper_needs
from service.auth import Actor
from service.documents.registry import kinds
from service.round_context import RoundContext, build_context
from service.rounds import visible_findings

OPEN_SEVERITIES = ("error", "warning")


def _stage(context: RoundContext, on: dt.date) -> tuple[str | None, str | None]:
    timeline = context.timeline
    if not timeline:
        return None, None
    if on < timeline[0].start:
        return f"尚未开始（{timeline[0].start.isoformat()} 起）", None
    for stage in timeline:
        if stage.start <= on <= stage.end:
            return stage.name, stage.clause
    if on > timeline[-1].end:
        return f"已结束（{timeline[-1].end.isoformat()}）", None
    # Between two stages (a weekend or holiday): the one that comes next.
    upcoming = next(s for s in timeline if s.start > on)
    return upcoming.name, upcoming.clause


def round_status(*, session: Session, actor: Actor, round_id: int, on: dt.date | None = None) -> RoundStatus:
    context = build_context(session=session, actor=actor, round_id=round_id)
    today = on or dt.date.today()
    stage, clause = _stage(context, today)
    issued = Counter(d.kind for d in context.issued)
    papers = [
        PaperState.model_validate({**paper_needs(context=context, kind=kind), "issued": issued[kind.kind]})
        for kind in kinds().values()
        if context.scheme.id in kind.schemes
    ]
    result = context.round.result or {}
    return RoundStatus(
        round_id=context.round.id,
        scheme=context.scheme.id,
        on=today,
        stage=stage,
        stage_clause=clause,
        evaluated=context.evaluated,
        people=len(context.people),
        participants=sum(1 for p in context.people if p.eligible) if context.evaluated else None,
        proposed=dict(Counter(p.proposed_grade for p in context.people if p.proposed_grade)),
        final=dict(Counter(p.final_grade for p in context.people if p.final_grade)),
        findings=[
            f
            for f in visible_findings(actor, result.get("findings", []), (p.code for p in context.people))
            if f.get("severity") in OPEN_SEVERITIES
        ],
        papers=papers,
    )
