"""The FastAPI application: routers, error handlers, the life cycle of shared resources."""

from __future__ import annotations

from fastapi import Depends, FastAPI

from service.auth import check_settings, current_actor
from service.config import settings
from service.errors import install_error_handlers
from service.lifecycle import lifespan
from service.limits import RequestSizeLimit
from service.routers import (
    auth,
    batches,
    docnums,
    documents,
    health,
    holidays,
    jobs,
    metrics,
    organisations,
    rounds,
    schemes,
    templates,
)


def create_app() -> FastAPI:
    check_settings(settings)  # production refuses to start without a secret key
    # The interactive docs cannot carry a login, so production serves none: every endpoint but
    # /api/health needs a token there (README "Users and modes").
    local = settings.mode == "local"
    app = FastAPI(
        docs_url="/docs" if local else None,
        redoc_url="/redoc" if local else None,
        openapi_url="/openapi.json" if local else None,
        # Who is asking, on every route: a login in production (but /api/health), none in local mode.
        dependencies=[Depends(current_actor)],
        title="考核文书服务",
        description="把考核办法变成可执行的规则，把一轮考核的数据变成正式文书。",
        version="0.1.0",
        lifespan=lifespan,  # the LibreOffice pool and the job runner of this process (issue 15)
    )
    install_error_handlers(app)
    app.add_middleware(RequestSizeLimit, max_bytes=settings.max_request_bytes)
    # batches before any documents router: /api/documents/batch is not a document kind.
    for module in (
        health,
        schemes,
        auth,
        organisations,
        rounds,
        docnums,
        holidays,
        batches,
        jobs,
        metrics,
        documents,
        templates,
    ):
        app.include_router(module.router)
    return app


app = create_app()
