"""The two 通知 with 文号: seed 000 (常驻人员年度考核) and seed 001 (政府购买服务人员年度考核).

Both print on form_templates/notice.docx (GB/T 9704-2012); their attachments — the 附表/附件 forms of
the forms engineer's kinds — follow the body, each on a new page under "附件N" (7.3.7).
"""

from __future__ import annotations

from typing import cast

from pydantic import BaseModel

from schemas.notice import Notice
from service.documents.notice_text import (
    SEED_000,
    SEED_001,
    purchased_service_notice,
    resident_annual_notice,
)
from service.documents.registry import Appendix, DocumentKind, get_kind


def notice_filename(payload: BaseModel) -> str:
    notice = cast(Notice, payload)
    return f"{notice.docnum} {notice.title}"


def notice_appendices(payload: BaseModel) -> list[Appendix]:
    """附件N for every attachment that names a kind, rendered from that kind's example."""
    notice = cast(Notice, payload)
    if not notice.include_attachments:
        return []
    return [
        Appendix(mark=f"附件{index}", kind=item.kind, payload=get_kind(item.kind).example())
        for index, item in enumerate(notice.attachments, start=1)
        if item.kind is not None
    ]


KINDS = [
    DocumentKind(
        kind="notice-resident-annual",
        title="考核工作通知（常驻人员）",
        seed=SEED_000,
        schema=Notice,
        template="notice.docx",
        example=resident_annual_notice,
        filename=notice_filename,
        appendices=notice_appendices,
    ),
    DocumentKind(
        kind="notice-purchased-service",
        title="考核工作通知（政府购买服务人员）",
        seed=SEED_001,
        schema=Notice,
        template="notice.docx",
        example=purchased_service_notice,
        filename=notice_filename,
        appendices=notice_appendices,
    ),
]
