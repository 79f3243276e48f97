"""/docs: Swagger UI from service/static/vendor/, so an intranet without internet still has its docs."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from service.pages.templating import templates

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> Response:
    response = templates.TemplateResponse(request, "docs.html", {})
    return response
