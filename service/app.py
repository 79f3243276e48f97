"""The FastAPI application: routers, error handlers, the life cycle of shared resources."""

from __future__ import annotations

from fastapi import FastAPI

from service.errors import install_error_handlers
from service.routers import health, schemes


def create_app() -> FastAPI:
    app = FastAPI(
        title="考核文书服务",
        description="把考核办法变成可执行的规则，把一轮考核的数据变成正式文书。",
        version="0.1.0",
    )
    install_error_handlers(app)
    for module in (health, schemes):
        app.include_router(module.router)
    return app


app = create_app()
