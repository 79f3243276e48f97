"""首页: the rounds of 本机构 with scheme, year, stage and what is next."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from service import archive, rounds
from service.auth import ActorDep
from service.db import SessionDep
from service.pages.context import current_organisation, progress
from service.pages.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep, actor: ActorDep) -> Response:
    organisation = current_organisation(session=session)
    found = rounds.list_rounds(session=session, organisation_id=organisation.id) if organisation else []
    rows = [
        (r, progress(r, len(archive.list_issued(session=session, actor=actor, round_id=r.id))))
        for r in sorted(found, key=lambda r: r.id, reverse=True)
    ]
    return render(request, "pages/home.html", {"organisation": organisation, "rows": rows})
