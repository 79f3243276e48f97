"""The two 通知 with 文号: seed 000 (常驻人员年度考核) and seed 001 (政府购买服务人员年度考核).

Both print on form_templates/notice.docx (GB/T 9704-2012); their attachments — the 附表/附件 forms of
the forms engineer's kinds — follow the body, each on a new page under "附件N" (7.3.7).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, cast

from pydantic import BaseModel

from schemas.notice import Notice
from schemas.purchased_service_annual import PurchasedServicePolicy
from schemas.resident_annual import ResidentAnnualPolicy
from service import notice_texts
from service.documents.notice_text import (
    SEED_000,
    SEED_001,
    purchased_service_notice,
    resident_annual_notice,
)
from service.documents.registry import Appendix, DocumentKind, get_kind
from service.errors import Conflict, InvalidPayload
from service.payload import parse_payload
from service.round_context import Needs, RoundContext, round_detail

if TYPE_CHECKING:
    from schemas.round import RoundDocumentRequest


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


DRAFT_NUMBER = "\u3000"  # the blank a preview leaves for the number the register gives at 签发


def _docnum(context: RoundContext, request: RoundDocumentRequest, needs: Needs) -> str:
    """The 文号 issued with; a preview, which takes no number, prints the 文号 with its number left blank
    ("宝行政中心〔2022〕　号"), as a draft on paper would."""
    if request.docnum is None and not request.issue:
        year = request.docnum_year or context.year
        return f"{context.organisation.agency_code}〔{year}〕{DRAFT_NUMBER}号"
    where = 'docnum（签发时用 "allocate" 取下一个文号，或填已登记的文号）'
    return str(needs("docnum", request.docnum, "发文字号", where) or "")


def resident_annual_from_round(
    context: RoundContext, request: RoundDocumentRequest, needs: Needs
) -> BaseModel:
    """000's notice for this round: its year, organisation, policy, cut-off and timeline; the 上级文件 and
    the 考核领导小组 as entered on the round. Nothing of 宝行政中心〔2022〕17号 but its wording."""
    docnum = _docnum(context, request, needs)
    details = context.details
    round_detail(context, needs, "party_notice", "区委组织部年度考核通知（标题和文号）")
    if details.party_notice is not None:  # 九1 cites it by its 文号
        where = "round.details.party_notice.docnum"
        needs("party_docnum", details.party_notice.docnum, "区委组织部年度考核通知的文号", where)
    round_detail(context, needs, "hrss_notice", "区人社局年度考核工作提示（标题）")
    rules = round_detail(context, needs, "internal_rules", "本单位内部管理考核办法（标题）")
    leader = round_detail(context, needs, "leader", "考核领导小组组长")
    deputy = round_detail(context, needs, "deputy", "考核领导小组副组长")
    needs.check()
    policy = cast(ResidentAnnualPolicy, context.policy)
    issuer = policy.issuer if "issuer" in context.round.policy else context.short_name
    organisation = context.organisation
    stages = [(stage.start, stage.end) for stage in context.timeline] or None
    notice = resident_annual_notice(
        context.year,
        policy,
        docnum=docnum,
        date=context.round.starts_on,
        organisation=organisation.signature,
        party_docnum=details.party_notice.docnum or "" if details.party_notice else "",
        leader=str(leader or ""),
        deputy=str(deputy or ""),
        issuer_mark=organisation.issuer_mark,
        title_name=context.short_name,
        issuer=issuer,
        party_notice=details.party_notice.title if details.party_notice else None,
        hrss_notice=details.hrss_notice.title if details.hrss_notice else None,
        internal_rules=str(rules) if rules else None,
        cut_off=context.round.as_of,
        stage_dates=stages,
    )
    references = {
        "区委组织部通知": details.party_notice.title if details.party_notice else "",
        "区委组织部通知文号": (details.party_notice.docnum or "") if details.party_notice else "",
        "区人社局提示": details.hrss_notice.title if details.hrss_notice else "",
        "内部管理办法": str(rules or ""),
        "组长": str(leader or ""),
        "副组长": str(deputy or ""),
    }
    return _own_text(context, notice, stages, references)


def _own_text(
    context: RoundContext,
    notice: Notice,
    stages: list[tuple[dt.date, dt.date]] | None,
    references: dict[str, str] | None = None,
) -> Notice:
    """The organisation's own 正文 (stored, versioned) in place of the seed's, its placeholders filled
    from this round; refused when it states a figure the round's policy does not."""
    if context.notice_text_problem is not None:
        raise Conflict(context.notice_text_problem)
    if context.notice_text is None:
        return notice
    values = notice_texts.placeholders(
        context.scheme.id,
        context.policy,
        year=context.year,
        organisation=context.short_name,
        stages=stages,
        references=references,
    )
    return notice.model_copy(update={"paragraphs": notice_texts.fill(list(context.notice_text), values)})


def purchased_service_from_round(
    context: RoundContext, request: RoundDocumentRequest, needs: Needs
) -> BaseModel:
    """001's notice for this round: year, organisation, policy and the deadlines of its timeline."""
    docnum = _docnum(context, request, needs)
    needs.check()
    stages = [(stage.start, stage.end) for stage in context.timeline] or None
    notice = purchased_service_notice(
        context.year,
        cast(PurchasedServicePolicy, context.policy),
        docnum=docnum,
        date=context.round.starts_on,
        organisation=context.organisation.signature,
        centre=context.short_name,
        issuer_mark=context.organisation.issuer_mark,
        deadlines=[stage.end for stage in context.timeline] or None,
    )
    return _own_text(context, notice, stages)


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
        from_round=resident_annual_from_round,
        schemes=("resident-annual",),
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
        from_round=purchased_service_from_round,
        schemes=("purchased-service-annual",),
    ),
]
