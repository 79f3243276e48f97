"""The two 通知 with 文号: seed 000 (常驻人员年度考核) and seed 001 (政府购买服务人员年度考核).

Both print on form_templates/notice.docx (GB/T 9704-2012); their attachments — the 附表/附件 forms of
the forms engineer's kinds — follow the body, each on a new page under "附件N" (7.3.7).
"""

from __future__ import annotations

import re
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
from service.errors import InvalidPayload
from service.payload import parse_payload


def notice_filename(payload: BaseModel) -> str:
    notice = cast(Notice, payload)
    return f"{notice.docnum} {notice.title}"


def attachment_label(title: str, index: int) -> str:
    """7.3.7: the word the notice cites the attachment by — 000 lists "…》（附表1）", so its page says 附表1
    (before: 附件1 under a notice that cites 附表1); otherwise 附件N."""
    cited = re.search(r"（(附表|附件)(\d+)）$", title)
    return f"{cited.group(1)}{cited.group(2)}" if cited else f"附件{index}"


def notice_appendices(payload: BaseModel) -> list[Appendix]:
    """附件N for every attachment that names a kind.

    A notice attaches forms for staff to fill: each is blank (year and unit from the notice) unless the
    notice carries its content (附表1 listing the round's people). Never the kind's seed example — a
    notice that sent out 王晓燕's filled-in 登记表 as the form to copy would be wrong.
    """
    notice = cast(Notice, payload)
    if not notice.include_attachments:
        return []
    appendices = []
    for index, item in enumerate(notice.attachments, start=1):
        if item.kind is None:
            continue
        kind = get_kind(item.kind)
        mark = attachment_label(item.title, index)
        if item.payload is not None:
            path = ("body", "attachments", index - 1, "payload")
            appendices.append(
                Appendix(mark, item.kind, payload=parse_payload(kind.schema, item.payload, path))
            )
        elif kind.blank is not None:
            context = kind.blank(notice.appraisal_year, notice.form_organisation)
            appendices.append(Appendix(mark, item.kind, context=context))
        else:
            problem = f"“{kind.title}”没有空白表，请在 payload 中给出该附件的内容"
            raise InvalidPayload([(("attachments", index - 1, "payload"), problem)])
    return appendices


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
