"""`POST /api/documents/batch`: many documents in one answer, a .zip or one merged PDF (issue 6).

Included before the documents router, or `/api/documents/{kind}` would take "batch" for a kind.
"""

from __future__ import annotations

from fastapi import APIRouter, Response

from schemas.batch import BatchRequest
from service.config import settings
from service.errors import PayloadTooLarge
from service.pdf.batch import download_headers, run_batch

router = APIRouter(prefix="/api/documents", tags=["文书批量生成"])


@router.post(
    "/batch",
    summary="批量生成文书（zip 或合并 PDF）",
    response_class=Response,
    responses={200: {"content": {"application/zip": {}, "application/pdf": {}}}},
)
def render_batch(request: BatchRequest) -> Response:
    # Beyond this many documents a blocking request would outlast a browser's patience: use a job.
    if len(request.items) > settings.max_blocking_documents:
        raise PayloadTooLarge(
            f"一次最多直接生成 {settings.max_blocking_documents} 份文书（本次 {len(request.items)} 份），"
            "请改用 POST /api/jobs 提交任务"
        )
    result = run_batch(request, strict=True)
    return Response(
        result.content,
        media_type=result.media_type,
        headers=download_headers(result.filename, result.fonts, result.documents),
    )
