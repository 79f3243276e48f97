"""`GET /api/metrics` (admins): what to watch when the service runs a district or a province (issue 15)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from service import job_store
from service.auth import ActorDep, require_role
from service.db import database_of
from service.pdf.office import get_pool

router = APIRouter(tags=["health"])


@router.get("/api/metrics", summary="运行指标：任务队列、任务等待时间、各 worker 的 LibreOffice 重启次数")
def metrics(request: Request, actor: ActorDep) -> dict[str, Any]:
    require_role(actor, "admin")
    database = database_of(request)
    with database.session() as session:
        figures = job_store.metrics(session=session)
    pool = get_pool()
    figures["this_process"] = {
        "office_started": pool.started,
        "office_workers": pool.size,
        "office_restarts": pool.restarts,
        "office_in_flight": pool.in_flight,
    }
    if not database.is_sqlite:
        from service.tasks import queue_depth

        figures["queue"] = queue_depth(database.url)
    return figures
