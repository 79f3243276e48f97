"""The 文号 register (DESIGN.md §3, §7): `机关代字〔YYYY〕N号`, numbers per (机关代字, year), gapless, never
reused; a voided number stays voided and keeps its reason.

A year's sequence can start at a given number (the numbers before it were given out before the service
was installed), and a number allocated outside the service can be recorded below the next number so it
is never given again. A number that the current version of an issued paper carries cannot be voided
(409): issue a new version of the paper with another number first; the archive never changes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from schemas.register import (
    DocnumAllocate,
    DocnumCounterOut,
    DocnumExternal,
    DocnumOut,
    DocnumStart,
    DocnumVoid,
)
from service import audit
from service.auth import Actor, require_role
from service.docnum import format_docnum, parse_docnum
from service.errors import Conflict, InvalidPayload
from service.models import Docnum, IssuedDocument, Round
from service.storage import archive as archive_storage
from service.storage import register as register_storage

ISSUERS = ("clerk", "admin")
# The register lists every paper of the organisation, whoever it names: department heads are refused it
# (they see their own department's papers, 文号 included, in the round's archive).
READERS = ("clerk", "leader", "admin")


def docnum_out(docnum: Docnum) -> DocnumOut:
    return DocnumOut.model_validate(docnum, from_attributes=True)


def allocate(*, session: Session, actor: Actor, request: DocnumAllocate) -> DocnumOut:
    """The next number of (机关代字, year). The counter and the register row are written in the caller's
    transaction: if the request fails, neither is kept, so no number is skipped."""
    require_role(actor, *ISSUERS)
    format_docnum(request.agency_code, request.year, 1)  # refuse a bad 机关代字 before taking a number
    if request.round_id is not None and session.get(Round, request.round_id) is None:
        raise InvalidPayload([(("round_id",), f"没有编号为 {request.round_id} 的考核轮次")])
    number = register_storage.next_number(session=session, agency_code=request.agency_code, year=request.year)
    docnum = register_storage.add_docnum(
        session=session,
        docnum=Docnum(
            agency_code=request.agency_code,
            year=request.year,
            number=number,
            text=format_docnum(request.agency_code, request.year, number),
            title=request.title,
            round_id=request.round_id,
            status="issued",
            allocated_by=actor.username,
        ),
    )
    audit.record(
        session=session,
        actor=actor.username,
        action="allocate",
        entity="docnum",
        entity_id=docnum.id,
        after=audit.snapshot(docnum),
    )
    return docnum_out(docnum)


def _carried_by(*, session: Session, text: str) -> IssuedDocument | None:
    """The issued paper whose current (latest) version carries this 文号, if any."""
    for document in archive_storage.with_docnum(session=session, docnum=text):
        current = archive_storage.latest(
            session=session,
            round_id=document.round_id,
            kind=document.kind,
            subject=document.subject,
            recipient=document.recipient,
            award=document.award,
        )
        if current is not None and current.docnum == text:
            return current
    return None


def void(*, session: Session, actor: Actor, docnum_id: int, request: DocnumVoid) -> DocnumOut:
    """Void a number with its reason. The number is not given out again. Refused while an issued paper
    carries it: the archive would keep showing a paper under a voided number."""
    require_role(actor, *ISSUERS)
    docnum = register_storage.get_docnum(session=session, docnum_id=docnum_id, lock=True)
    if docnum.status == "void":
        raise Conflict(f"文号 {docnum.text} 已作废，原因：{docnum.void_reason}")
    carrier = _carried_by(session=session, text=docnum.text)
    if carrier is not None:
        raise Conflict(
            f"文号 {docnum.text} 已用于已签发的《{carrier.title}》"
            f"（文书编号 {carrier.id}，第{carrier.version}版），不能作废；"
            "如需更正，请先以新文号签发该文书的新版本，再作废此文号"
        )
    before = audit.snapshot(docnum)
    docnum.status = "void"
    docnum.void_reason = request.reason
    docnum.voided_by = actor.username
    docnum.voided_at = dt.datetime.now(dt.UTC)
    audit.record(
        session=session,
        actor=actor.username,
        action="void",
        entity="docnum",
        entity_id=docnum.id,
        before=before,
        after=audit.snapshot(docnum),
    )
    return docnum_out(docnum)


def start_year(*, session: Session, actor: Actor, request: DocnumStart) -> DocnumCounterOut:
    """The year's next number becomes `next_number` (the sequence begun before the service was
    installed). Never backwards: a number already given out is never given again (409)."""
    require_role(actor, *ISSUERS)
    counter = register_storage.lock_counter(
        session=session, agency_code=request.agency_code, year=request.year
    )
    if request.next_number <= counter.last_number:
        raise Conflict(
            f"{request.agency_code}{request.year}年已编到{counter.last_number}号，"
            f"起始号不能设为{request.next_number}号（文号不重复使用）"
        )
    before = {"next_number": counter.last_number + 1}
    counter.last_number = request.next_number - 1
    session.flush()
    audit.record(
        session=session,
        actor=actor.username,
        action="start_year",
        entity="docnum_counter",
        entity_id=f"{request.agency_code}/{request.year}",
        before=before,
        after={"next_number": request.next_number},
    )
    return DocnumCounterOut(
        agency_code=request.agency_code, year=request.year, next_number=request.next_number
    )


def record_external(*, session: Session, actor: Actor, request: DocnumExternal) -> DocnumOut:
    """Record a number allocated outside the service. It must lie before the register's next number
    (start the year past it first), and it must not be registered already."""
    require_role(actor, *ISSUERS)
    parsed = parse_docnum(request.docnum)
    text = str(parsed)
    counter = register_storage.lock_counter(session=session, agency_code=parsed.agency, year=parsed.year)
    if parsed.number > counter.last_number:
        raise Conflict(
            f"文号 {text} 不在本系统已编号段内（{parsed.year}年下一个号为{counter.last_number + 1}号）；"
            f"请先把{parsed.year}年起始号设为{parsed.number + 1}号（POST /api/docnums/start），再登记"
        )
    existing = register_storage.find_docnum(session=session, text=text)
    if existing is not None:
        raise Conflict(f"文号 {text} 已在文号登记中（{existing.title}）")
    docnum = register_storage.add_docnum(
        session=session,
        docnum=Docnum(
            agency_code=parsed.agency,
            year=parsed.year,
            number=parsed.number,
            text=text,
            title=request.title,
            round_id=request.round_id,
            status="issued",
            source="external",
            allocated_by=actor.username,
        ),
    )
    audit.record(
        session=session,
        actor=actor.username,
        action="record_external",
        entity="docnum",
        entity_id=docnum.id,
        after=audit.snapshot(docnum),
    )
    return docnum_out(docnum)


def listing(
    *, session: Session, actor: Actor, agency_code: str | None = None, year: int | None = None
) -> list[DocnumOut]:
    require_role(actor, *READERS)
    return [
        docnum_out(d)
        for d in register_storage.list_docnums(session=session, agency_code=agency_code, year=year)
    ]
