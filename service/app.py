"""The FastAPI application: routers, error handlers, the life cycle of shared resources."""

from __future__ import annotations

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from service.auth import check_settings, current_actor
from service.config import ROOT, settings
from service.csrf import CSRFMiddleware
from service.errors import Forbidden, Unauthorized, install_error_handlers
from service.lifecycle import lifespan
from service.limits import RequestSizeLimit
from service.pages import docs, login, pages
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
    users,
)
from service.security import LocalOriginGuard, SecurityHeaders

STATIC_DIR = ROOT / "service" / "static"


def create_app() -> FastAPI:
    check_settings(settings)  # production refuses to start without a secret key
    # The interactive docs cannot carry a login, so production serves none: every endpoint but
    # /api/health needs a token there (README "Users and modes"). FastAPI's own /docs loads Swagger UI
    # from a CDN; ours (service/pages/docs.py) serves the vendored copy, and ReDoc is not shipped.
    local = settings.mode == "local"
    app = FastAPI(
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json" if local else None,
        # Who is asking, on every route: a login in production (but /api/health), none in local mode.
        dependencies=[Depends(current_actor)],
        title="考核文书服务",
        description="把考核办法变成可执行的规则，把一轮考核的数据变成正式文书。",
        version="0.1.0",
        lifespan=lifespan,  # the LibreOffice pool and the job runner of this process (issue 15)
    )
    install_error_handlers(app)
    # A page without a valid login goes to the login page, a refused one says so on a page; the API
    # keeps its JSON 401 and 403.
    app.add_exception_handler(Unauthorized, login.unauthorized)
    app.add_exception_handler(Forbidden, login.forbidden)
    # Outermost last: headers on every answer (refusals too), then the Host/Origin guard of local mode,
    # the size cap, and the CSRF check (which may read a form body, so inside the cap).
    app.add_middleware(CSRFMiddleware)
    app.add_middleware(RequestSizeLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(LocalOriginGuard)
    app.add_middleware(SecurityHeaders)
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
        users,
    ):
        app.include_router(module.router)
    if local:
        app.include_router(docs.router)
    for page in pages.ROUTERS:  # the clerk's pages (service/pages/)
        app.include_router(page)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


app = create_app()
