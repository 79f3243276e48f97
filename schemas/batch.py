"""A batch of documents: many kinds and payloads rendered into one .zip or one merged PDF (issue 6)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from schemas.common import Model

Watermark = Literal["草稿", "公示稿"]


class BatchItem(Model):
    kind: str = Field(min_length=1, description="文书类型，见 GET /api/documents")
    payload: dict[str, Any] = Field(description="该类型的数据，见 GET /api/documents/{kind}/example")
    person: str | None = Field(default=None, max_length=100, description="书签分组：同一人员的文书归在一起")
    title: str | None = Field(default=None, max_length=200, description="书签标题，默认为文书类型名称")


class BatchRequest(Model):
    items: list[BatchItem] = Field(min_length=1)
    output: Literal["zip", "pdf"] = Field(default="pdf", description="zip：每份一个文件；pdf：合并为一个 PDF")
    format: Literal["docx", "pdf"] = Field(default="docx", description="zip 内文件的格式")
    title: str | None = Field(default=None, max_length=200, description="PDF 标题（元数据）")
    docnum: str | None = Field(default=None, max_length=60, description="文号（元数据）")
    organisation: str | None = Field(default=None, max_length=100, description="发文机关（元数据）")
    watermark: Watermark | None = Field(default=None, description="水印：草稿 或 公示稿")
