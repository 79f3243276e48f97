"""Documents of a round: rendered from stored data through the one renderer, and, when issued, archived.

An issued document keeps its 文号, the payload it was rendered from, the template's version (sha256 of
the template file) and the sha256 of its bytes. It is never changed: issuing again makes version n+1
that points at the one it supersedes, and a later download returns the very bytes that were issued.

A paper's payload is built by its kind's own typed function from the round's context (DESIGN.md §7,
service/round_context.py): nothing from a seed example, what the round lacks named as missing (409).
The client's `payload` then overrides any of it — the same shape as `POST /api/documents/{kind}`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, replace
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from schemas.round import IssuedDocumentOut, RoundBatchRequest, RoundDocumentRequest
from service import audit, papers, rounds
from service.auth import Actor, require_role
from service.docnum import format_docnum
from service.documents.registry import DocumentKind, get_kind
from service.documents.render import render_docx, template_path
from service.errors import Conflict, DomainError, Forbidden, InvalidPayload
from service.models import IssuedDocument
from service.payload import reject, unknown_keys
from service.round_context import MissingFields, Needs, RoundContext, build_context
from service.rules.registry import merge
from service.storage import archive as archive_storage
from service.storage import rounds as round_storage

RENDERERS = ("clerk", "leader", "admin")
ISSUERS = ("clerk", "admin")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EVERYONE = "*"
# Sent to every department: a department head reads them too.
NOTICE_KINDS = ("notice-resident-annual", "notice-purchased-service")
# The request fields that name a paper's recipient or person; "*" in a batch means each of them.
TARGETS = ("person_id", "dispatching_unit", "department", "recipient")


@dataclass(frozen=True)
class RenderedDocument:
    content: bytes
    filename: str
    media_type: str = DOCX
    issued: IssuedDocumentOut | None = None
    headers: dict[str, str] = dataclasses.field(default_factory=dict)


PDF = "application/pdf"


def as_pdf(document: RenderedDocument) -> RenderedDocument:
    """The same document printed to PDF by the warm LibreOffice pool, with its font report.

    What is archived stays the .docx (byte-identical downloads); a PDF is a print of it, made anew.
    """
    from service.pdf.convert import docx_to_pdf  # the pool is only needed by those who print

    pdf = docx_to_pdf(document.content)
    return replace(document, content=pdf.pdf, media_type=PDF, headers={"X-Font-Report": pdf.report_header()})


# ---------------------------------------------------------------- a paper's payload from the round


def document_payload(
    *, context: RoundContext, kind: DocumentKind, request: RoundDocumentRequest, docnum: str | None
) -> dict[str, Any]:
    """The kind's own function over the round's context (DESIGN.md §7), then the client's `payload`
    on top. A kind whose content is not in a round (no `from_round`) takes the whole payload."""
    if kind.schemes and context.scheme.id not in kind.schemes:
        raise Conflict(
            f"「{kind.title}」不是考核方案「{context.scheme.name}」的文书；"
            "本轮可用的文书见 GET /api/rounds/{id}/status"
        )
    if kind.from_round is None:
        if not request.payload:
            raise Conflict(f"「{kind.title}」的内容不在考核轮次的数据中，请在 payload 中给出全部内容")
        return dict(request.payload)
    needs = Needs(kind.title, request.payload)
    target = request.model_copy(update={"docnum": docnum})
    built = kind.from_round(context, target, needs)
    return merge(built.model_dump(mode="json"), request.payload)


def paper_needs(*, context: RoundContext, kind: DocumentKind) -> dict[str, Any]:
    """What the kind's next paper in this round still needs, in Chinese: nothing once it can be issued."""
    state: dict[str, Any] = {"kind": kind.kind, "title": kind.title, "papers": 0, "missing": []}
    try:
        papers = kind.papers(context) if kind.papers is not None else [{}]
        state["papers"] = len(papers)
        if not papers:
            state.update(ready=False, blocked="本轮没有需要这种文书的人员或单位")
            return state
        request = RoundDocumentRequest.model_validate(papers[0])
        # A stand-in 文号 for the check only: nothing is allocated and nothing is printed.
        stand_in = format_docnum(context.organisation.agency_code, context.year, 1)
        document_payload(context=context, kind=kind, request=request, docnum=stand_in)
    except MissingFields as missing:
        state.update(ready=False, missing=missing.extra["missing"])
    except DomainError as refused:
        state.update(ready=False, blocked=refused.detail)
    except ValidationError as invalid:  # stored data the paper cannot print (a grade of no set, …)
        state.update(ready=False, blocked="；".join(str(e["msg"]) for e in invalid.errors()))
    else:
        state.update(ready=True)
    return state


# ---------------------------------------------------------------- rendering and issuing


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def issued_out(document: IssuedDocument) -> IssuedDocumentOut:
    return IssuedDocumentOut.model_validate(document, from_attributes=True)


def render_round_document(
    *,
    session: Session,
    actor: Actor,
    round_id: int,
    kind_id: str,
    request: RoundDocumentRequest,
    context: RoundContext | None = None,
) -> RenderedDocument:
    """One paper of the round; a batch passes the context it built once for all its papers."""
    require_role(actor, *(ISSUERS if request.issue else RENDERERS))
    kind = get_kind(kind_id)
    # An override the kind has no field for would be dropped silently: name it instead (422).
    reject(unknown_keys(kind.schema, request.payload, ("payload",)))
    wildcard = [name for name in TARGETS if getattr(request, name) == EVERYONE]
    if wildcard:
        problem = "“*”表示本轮的每一份，只能用于批量请求 POST /api/rounds/{id}/documents"
        raise InvalidPayload([((name,), problem) for name in wildcard])
    if context is None:
        alone = request.person_id if kind.per_person and request.person_id != EVERYONE else None
        context = build_context(session=session, actor=actor, round_id=round_id, only=alone)
    round_, organisation = context.round, context.organisation
    docnum = papers.docnum_for(
        session=session, actor=actor, round_=round_, organisation=organisation, kind=kind, request=request
    )
    payload = document_payload(context=context, kind=kind, request=request, docnum=docnum)
    content = render_docx(kind.kind, payload)  # validates the payload: 422 with paths
    filename = kind.filename_of(kind.schema.model_validate(payload))
    if not request.issue:
        return RenderedDocument(content=content, filename=filename)
    identity = papers.paper_identity(kind, request, payload)
    if docnum is not None:
        papers.bind_docnum(session=session, round_=round_, identity=identity, docnum=docnum)
    previous = archive_storage.latest(
        session=session,
        round_id=round_.id,
        kind=kind.kind,
        subject=identity.subject,
        recipient=identity.recipient,
        award=identity.award,
    )
    document = archive_storage.add(
        session=session,
        document=IssuedDocument(
            round_id=round_.id,
            kind=kind.kind,
            subject=identity.subject,
            recipient=identity.recipient,
            award=identity.award,
            version=previous.version + 1 if previous else 1,
            supersedes_id=previous.id if previous else None,
            docnum=docnum,
            title=kind.title,
            filename=filename,
            payload=payload,
            template_sha256=_sha256(template_path(kind).read_bytes()),
            sha256=_sha256(content),
            size=len(content),
            content=content,
            issued_by=actor.username,
        ),
    )
    audit.record(
        session=session,
        actor=actor.username,
        action="issue",
        entity="issued_document",
        entity_id=document.id,
        after=audit.snapshot(document),
    )
    return RenderedDocument(content=content, filename=filename, issued=issued_out(document))


def _safe_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("_") or "文书"


def render_batch(
    *, session: Session, actor: Actor, round_id: int, request: RoundBatchRequest
) -> RenderedDocument:
    """Many documents in one .zip, from one context built once. "*" as `person_id`, `dispatching_unit`,
    `department` or `recipient` means every paper of the kind in the round: a form for each person who
    takes part and whose category fills it, a letter for each 派出单位 concerned, a ballot per department."""
    context = build_context(session=session, actor=actor, round_id=round_id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        count = 0
        for index, item in enumerate(request.items):
            if item.kind is None:
                raise InvalidPayload([(("items", index, "kind"), "缺少文书类型")])
            kind = get_kind(item.kind)
            for update in paper_targets(context, kind, item):
                single = item.model_copy(update=update)
                document = render_round_document(
                    session=session,
                    actor=actor,
                    round_id=round_id,
                    kind_id=item.kind,
                    request=single,
                    context=context,
                )
                count += 1
                package.writestr(f"{count:03d}_{_safe_name(document.filename)}.docx", document.content)
    return RenderedDocument(
        content=buffer.getvalue(), filename=f"{context.round.title}_文书", media_type="application/zip"
    )


def paper_targets(
    context: RoundContext, kind: DocumentKind, item: RoundDocumentRequest
) -> list[dict[str, Any]]:
    """The request updates of the papers an item asks for: itself, or each paper of the kind for "*"."""
    wildcard = [name for name in TARGETS if getattr(item, name) == EVERYONE]
    if not wildcard:
        return [{}]
    if kind.papers is None:
        raise InvalidPayload([((wildcard[0],), f"「{kind.title}」不按人员或单位分份，不能用“*”")])
    # A paper may carry what tells it apart (a certificate's honour); the item's own payload still wins.
    return [
        {**dict.fromkeys(wildcard), **paper, "payload": {**paper.get("payload", {}), **item.payload}}
        for paper in kind.papers(context)
    ]


def _visible_subjects(*, session: Session, actor: Actor, round_id: int) -> set[str] | None:
    """The people whose papers this actor may read; None for all of the round (clerk, leader, admin).

    A department head reads the papers of their own department's people and the round's notices (sent
    to every department); a list or a letter naming other departments' people is not theirs to read.
    """
    if rounds.visible_department(actor) is None:
        return None
    return {e.person["id"] for e in rounds.list_entries(session=session, actor=actor, round_id=round_id)}


def _readable(document: IssuedDocument, subjects: set[str] | None) -> bool:
    return subjects is None or document.kind in NOTICE_KINDS or document.subject in subjects


def list_issued(*, session: Session, actor: Actor, round_id: int) -> list[IssuedDocumentOut]:
    round_storage.get_round(session=session, round_id=round_id)
    subjects = _visible_subjects(session=session, actor=actor, round_id=round_id)
    return [
        issued_out(d)
        for d in archive_storage.list_for_round(session=session, round_id=round_id)
        if _readable(d, subjects)
    ]


def download_issued(*, session: Session, actor: Actor, round_id: int, document_id: int) -> RenderedDocument:
    """The bytes exactly as issued, checked against their recorded sha256 before they leave."""
    document = archive_storage.get(session=session, document_id=document_id)
    if document.round_id != round_id:
        raise InvalidPayload([(("document_id",), f"文书 {document_id} 不属于考核轮次 {round_id}")])
    if not _readable(document, _visible_subjects(session=session, actor=actor, round_id=round_id)):
        raise Forbidden("部门负责人只能查看本部门人员的文书和考核通知")
    if _sha256(document.content) != document.sha256:
        raise RuntimeError(
            f"已签发文书 {document.id} 的内容与登记的 sha256 不符"
        )  # storage corruption: a 500
    return RenderedDocument(content=document.content, filename=document.filename, issued=issued_out(document))
