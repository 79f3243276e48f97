"""Template routes: lint an uploaded .docx against a document kind before a clerk uses it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, File, Form, UploadFile

from service.documents import downloads

router = APIRouter(prefix="/api/templates", tags=["templates"])


@router.post("/lint")
def lint_template(
    kind: str = Form(..., description="文书类型，如 notice-resident-annual"),
    template: UploadFile = File(..., description="要检查的 .docx 模板"),
) -> dict[str, Any]:
    # Plain `def`: the lint runs in a limited child process, waited on in a worker thread.
    data = downloads.read_upload(template)
    return downloads.lint(kind, data).as_dict()
