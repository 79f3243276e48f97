"""The 文号 register (DESIGN.md §3): `机关代字〔YYYY〕N号`, numbers per (机关代字, year), gapless, never
reused; a voided number stays voided and keeps its reason."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from schemas.register import DocnumAllocate, DocnumOut, DocnumVoid
from service import audit
from service.auth import Actor, require_role
from service.docnum import format_docnum
from service.errors import Conflict
from service.models import Docnum
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


def void(*, session: Session, actor: Actor, docnum_id: int, request: DocnumVoid) -> DocnumOut:
    """Void a number with its reason. The number is not given out again."""
    require_role(actor, *ISSUERS)
    docnum = register_storage.get_docnum(session=session, docnum_id=docnum_id)
    if docnum.status == "void":
        raise Conflict(f"文号 {docnum.text} 已作废，原因：{docnum.void_reason}")
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


def listing(
    *, session: Session, actor: Actor, agency_code: str | None = None, year: int | None = None
) -> list[DocnumOut]:
    require_role(actor, *READERS)
    return [
        docnum_out(d)
        for d in register_storage.list_docnums(session=session, agency_code=agency_code, year=year)
    ]
