"""名单: the scheme's Excel template, the upload with each bad cell shown by row and column, the roster."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from schemas.common import RowId
from service import excel, roster_changes, rounds
from service.auth import Actor, ActorDep
from service.config import settings
from service.db import SessionDep
from service.errors import InvalidPayload, NeedsConfirmation, PayloadTooLarge
from service.pages.templating import render

router = APIRouter(prefix="/rounds/{round_id}/roster", include_in_schema=False)
TEMPLATE = "pages/roster.html"


def problem_rows(exc: InvalidPayload) -> list[dict[str, Any]]:
    """excel.py's problems (`("rows", 5, "人员类别")`) as table rows: 行, 列, 问题."""
    rows = []
    for loc, message in exc.problems:
        row = loc[1] if len(loc) > 1 and loc[0] == "rows" else None
        column = loc[2] if len(loc) > 2 else None
        rows.append({"row": row, "column": column, "message": message})
    return rows


def _page(
    request: Request,
    session: Session,
    actor: Actor,
    round_id: RowId,
    *,
    problems: list[dict[str, Any]] | None = None,
    changes: list[dict[str, Any]] | None = None,
    status_code: int = 200,
) -> Response:
    round_ = rounds.get_round(session=session, round_id=round_id)
    entries = rounds.list_entries(session=session, actor=actor, round_id=round_id)
    context = {
        "round": round_,
        "entries": entries,
        "problems": problems or [],
        "changes": changes or [],
        "tab": "roster",
    }
    return render(request, TEMPLATE, context, status_code=status_code)


@router.get("", response_class=HTMLResponse)
def roster_page(round_id: RowId, request: Request, session: SessionDep, actor: ActorDep) -> Response:
    return _page(request, session, actor, round_id)


@router.post("")
def upload_roster(
    round_id: RowId,
    request: Request,
    file: UploadFile,
    session: SessionDep,
    actor: ActorDep,
    confirm: Annotated[bool, Form()] = False,
) -> Response:
    """The API's import; a re-import that would change decisions already taken (final grades, 初评推荐,
    先进个人, …) shows the 409's list of changes and asks for the file again with 「确认导入」 ticked
    (`?confirm=true`): a file input cannot be kept, and nothing of the refused upload is stored."""
    data = file.file.read(settings.max_upload_bytes + 1)  # one byte over the cap is enough to refuse it
    try:
        excel.import_roster(session=session, actor=actor, round_id=round_id, data=data, confirm=confirm)
    except NeedsConfirmation as exc:
        session.rollback()
        changes = [{**c, "shown": roster_changes.shown(c)} for c in exc.changes]
        return _page(request, session, actor, round_id, changes=changes, status_code=409)
    except InvalidPayload as exc:
        return _page(request, session, actor, round_id, problems=problem_rows(exc), status_code=422)
    except PayloadTooLarge as exc:
        problems = [{"row": None, "column": None, "message": exc.detail}]
        return _page(request, session, actor, round_id, problems=problems, status_code=413)
    return RedirectResponse(f"/rounds/{round_id}/roster?imported=1", status_code=303)
