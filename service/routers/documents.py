"""Document routes (DESIGN.md §5): list the kinds, their examples, render one as .docx or PDF."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Body, File, Form, Query, UploadFile
from fastapi.responses import Response

from service.documents import downloads

router = APIRouter(prefix="/api/documents", tags=["documents"])


def _response(download: downloads.Download) -> Response:
    return Response(download.content, media_type=download.media_type, headers=download.headers)


@router.get("")
def list_documents() -> list[dict[str, Any]]:
    return downloads.list_kinds()


@router.get("/{kind}/example")
def get_example(kind: str) -> dict[str, Any]:
    return downloads.example(kind)


@router.get("/{kind}/check", summary="GB/T 9704 版式检查（示例文书的 PDF）")
def check_document(kind: str) -> dict[str, Any]:
    # Issue 6: the PDF engineer's layout check; imported here so .docx never needs LibreOffice.
    from service.pdf.convert import check_layout

    return check_layout(kind)


@router.post("/{kind}", response_class=Response)
def render_document(
    kind: str, body: Any = Body(...), format: Literal["docx", "pdf"] = Query("docx")
) -> Response:
    return _response(downloads.render_download(kind, body, format))


@router.post("/{kind}/render", response_class=Response)
def render_with_template(
    kind: str,
    payload: str = Form(..., description="文书数据（JSON 文本）"),
    template: UploadFile = File(..., description="自定义 .docx 模板"),
    format: Literal["docx", "pdf"] = Query("docx"),
) -> Response:
    # Plain `def`: the sandbox child and the PDF conversion run in a worker thread, off the event loop.
    data = downloads.read_upload(template)
    return _response(downloads.render_with_upload(kind, payload, data, format))
