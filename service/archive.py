"""Documents of a round: rendered from stored data through the one renderer, and, when issued, archived.

An issued document keeps its 文号, the payload it was rendered from, the template's version (sha256 of
the template file) and the sha256 of its bytes. It is never changed: issuing again makes version n+1
that points at the one it supersedes, and a later download returns the very bytes that were issued.

What a document's payload holds comes, in this order: the round (year, organisation, 文号, cut-off date,
and for a person's document that person's stored data; for a list document the roster), then the
client's `payload`, which overrides any of it — the same shape as `POST /api/documents/{kind}`. A
document of the whole round starts from the kind's example so that its fixed text is there to edit.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, replace
from typing import Any, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError
from sqlalchemy.orm import Session

from schemas.round import EntryOut, IssuedDocumentOut, RoundBatchRequest, RoundDocumentRequest
from service import audit, papers, rounds
from service.auth import Actor, require_role
from service.documents.registry import DocumentKind, get_kind
from service.documents.render import render_docx, template_path
from service.errors import InvalidPayload
from service.models import IssuedDocument, Organisation, Round
from service.payload import reject, unknown_keys
from service.rules.registry import merge
from service.storage import archive as archive_storage
from service.storage import organisations as org_storage
from service.storage import rounds as round_storage

RENDERERS = ("clerk", "leader", "admin")
ISSUERS = ("clerk", "admin")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EVERYONE = "*"
# Who a list document of the whole round lists unless the request says otherwise: a 公示 lists those
# proposed for 优秀 (000 五(五)) or 优秀/表扬 (001).
# Letters to a 派出单位 (000 七(四)): 基本称职/基本合格 → 调整人员建议书, 不称职/不合格 → 退回.
DEFAULT_GRADES = {
    "publicity": ("优秀", "表扬"),
    "adjustment-letter": ("基本称职", "基本合格"),
    "return-letter": ("不称职", "不合格"),
}
NOTICE_KINDS = ("notice-resident-annual", "notice-purchased-service")


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


# ---------------------------------------------------------------- filling a payload from the round


def _round_values(round_: Round, organisation: Organisation, docnum: str | None) -> dict[str, Any]:
    values: dict[str, Any] = {
        "scheme": round_.scheme,
        "year": round_.year,
        "quarter": round_.quarter,
        "organisation": organisation.name,
        "issuer": organisation.issuer_mark,
        "issuer_mark": organisation.issuer_mark,
        "signature": organisation.signature,
        "cut_off": round_.as_of,
        "as_of": round_.as_of,
    }
    if docnum:
        values.update(docnum=docnum, doc_number=docnum)
    return {k: v for k, v in values.items() if v is not None}


def _person_values(entry: EntryOut, history: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The person as shown (身份证号 masked), with what earlier rounds add (quarter grades for a 公示)."""
    person = {**history.get(entry.person["id"], {}), **entry.person}
    if not person.get("quarter_grades"):
        person["quarter_grades"] = history.get(entry.person["id"], {}).get("quarter_grades") or []
    values = {
        **{k: v for k, v in person.items() if v not in (None, [], "")},
        "code": person.get("id"),
        "unit": person.get("dispatching_unit"),
        "proposed_grade": entry.proposed_grade,
        "final_grade": entry.final_grade,
        "grade": entry.final_grade or entry.proposed_grade,
        "outcomes": entry.outcomes,
    }
    return {k: v for k, v in values.items() if v is not None}


def _accepts(annotation: Any, value: Any) -> bool:
    try:
        TypeAdapter(annotation).validate_python(value)
    except (ValidationError, TypeError):
        return False
    return True


def _list_item_model(annotation: Any) -> type[BaseModel] | None:
    """`list[Item]` (possibly inside Annotated or Optional) → Item when it is a model."""
    for candidate in (annotation, *get_args(annotation)):
        if get_origin(candidate) is list:
            (item,) = get_args(candidate) or (None,)
            if isinstance(item, type) and issubclass(item, BaseModel):
                return item
        nested = get_args(candidate)
        if candidate is not annotation and nested:
            found = _list_item_model(candidate)
            if found is not None:
                return found
    return None


def fill(
    schema: type[BaseModel], values: dict[str, Any], people: list[dict[str, Any]] | None
) -> dict[str, Any]:
    """The schema's fields the round knows, each only if its value fits the field's type."""
    filled: dict[str, Any] = {}
    for name, field in schema.model_fields.items():
        if name in values and _accepts(field.annotation, values[name]):
            filled[name] = values[name]
            continue
        item = _list_item_model(field.annotation)
        if people is not None and item is not None and "name" in item.model_fields:
            filled[name] = [
                {**fill(item, {**person, "index": index}, None)}
                for index, person in enumerate(people, start=1)
            ]
    return filled


def document_payload(
    *,
    session: Session,
    actor: Actor,
    round_: Round,
    kind: DocumentKind,
    request: RoundDocumentRequest,
    docnum: str | None,
) -> dict[str, Any]:
    organisation = org_storage.get_organisation(session=session, organisation_id=round_.organisation_id)
    values = _round_values(round_, organisation, docnum)
    notice = _issued_notice(session=session, round_id=round_.id)
    if notice is not None:  # a letter cites the round's notice as its basis
        values.update(basis_title=notice.payload.get("title"), basis_docnum=notice.docnum)
    if request.dispatching_unit:
        values["addressee"] = request.dispatching_unit
    entries = rounds.list_entries(session=session, actor=actor, round_id=round_.id)
    history = rounds.people_with_history(session=session, round_=round_)
    if request.person_id is not None:
        entry = next((e for e in entries if e.person["id"] == request.person_id), None)
        if entry is None:
            raise InvalidPayload([(("person_id",), f"考核轮次中没有人员 {request.person_id}")])
        base = fill(kind.schema, {**values, **_person_values(entry, history)}, None)
    else:
        grades = request.grades or DEFAULT_GRADES.get(kind.kind)
        people = [
            _person_values(e, history)
            for e in entries
            if (grades is None or (e.final_grade or e.proposed_grade) in grades)
            and (request.categories is None or e.person.get("category") in request.categories)
            and (
                request.dispatching_unit is None
                or e.person.get("dispatching_unit") == request.dispatching_unit
            )
        ]
        base = merge(kind.example().model_dump(mode="json"), fill(kind.schema, values, people))
    return merge(base, request.payload)


def _issued_notice(*, session: Session, round_id: int) -> IssuedDocument | None:
    notices = [
        d
        for d in archive_storage.list_for_round(session=session, round_id=round_id)
        if d.kind in NOTICE_KINDS
    ]
    return notices[-1] if notices else None


# ---------------------------------------------------------------- rendering and issuing


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def issued_out(document: IssuedDocument) -> IssuedDocumentOut:
    return IssuedDocumentOut.model_validate(document, from_attributes=True)


def render_round_document(
    *, session: Session, actor: Actor, round_id: int, kind_id: str, request: RoundDocumentRequest
) -> RenderedDocument:
    require_role(actor, *(ISSUERS if request.issue else RENDERERS))
    round_ = round_storage.get_round(session=session, round_id=round_id)
    kind = get_kind(kind_id)
    # An override the kind has no field for would be dropped silently: name it instead (422).
    reject(unknown_keys(kind.schema, request.payload, ("payload",)))
    organisation = org_storage.get_organisation(session=session, organisation_id=round_.organisation_id)
    docnum = papers.docnum_for(
        session=session, actor=actor, round_=round_, organisation=organisation, kind=kind, request=request
    )
    payload = document_payload(
        session=session, actor=actor, round_=round_, kind=kind, request=request, docnum=docnum
    )
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
    """Many documents in one .zip; `person_id: "*"` renders the kind once for every person."""
    round_ = round_storage.get_round(session=session, round_id=round_id)
    codes = [e.person["id"] for e in rounds.list_entries(session=session, actor=actor, round_id=round_id)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        count = 0
        for index, item in enumerate(request.items):
            if item.kind is None:
                raise InvalidPayload([(("items", index, "kind"), "缺少文书类型")])
            targets = codes if item.person_id == EVERYONE else [item.person_id]
            for person_id in targets:
                single = item.model_copy(update={"person_id": person_id})
                document = render_round_document(
                    session=session, actor=actor, round_id=round_id, kind_id=item.kind, request=single
                )
                count += 1
                package.writestr(f"{count:03d}_{_safe_name(document.filename)}.docx", document.content)
    return RenderedDocument(
        content=buffer.getvalue(), filename=f"{round_.title}_文书", media_type="application/zip"
    )


def list_issued(*, session: Session, round_id: int) -> list[IssuedDocumentOut]:
    round_storage.get_round(session=session, round_id=round_id)
    return [issued_out(d) for d in archive_storage.list_for_round(session=session, round_id=round_id)]


def download_issued(*, session: Session, round_id: int, document_id: int) -> RenderedDocument:
    """The bytes exactly as issued, checked against their recorded sha256 before they leave."""
    document = archive_storage.get(session=session, document_id=document_id)
    if document.round_id != round_id:
        raise InvalidPayload([(("document_id",), f"文书 {document_id} 不属于考核轮次 {round_id}")])
    if _sha256(document.content) != document.sha256:
        raise RuntimeError(
            f"已签发文书 {document.id} 的内容与登记的 sha256 不符"
        )  # storage corruption: a 500
    return RenderedDocument(content=document.content, filename=document.filename, issued=issued_out(document))
