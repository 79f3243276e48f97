"""An issued paper's identity and the 文号 it carries (DESIGN.md §7, issue 9 point 5).

A paper's identity is (kind, person or recipient, award): versions chain only within it. A 文号 goes on
exactly one issued paper — its later versions included — of the organisation's own 机关代字 and of a year
of the round; the register row remembers the paper and is locked while a paper takes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from schemas.register import DocnumAllocate
from schemas.round import RoundDocumentRequest
from service import register
from service.auth import Actor
from service.docnum import normalise_docnum, parse_docnum
from service.documents.registry import DocumentKind
from service.errors import Conflict, InvalidPayload
from service.models import IssuedDocument, Organisation, Round
from service.storage import archive as archive_storage
from service.storage import register as register_storage


def round_years(round_: Round) -> set[int]:
    """The years a round's papers may be numbered in: its own and those its timeline reaches (a 2022
    round's letters go out in January 2023)."""
    years = {round_.year, round_.starts_on.year}
    for stage in round_.timeline:
        years |= {dt.date.fromisoformat(stage["start"]).year, dt.date.fromisoformat(stage["end"]).year}
    return years


def _check_own_docnum(text: str, round_: Round, organisation: Organisation) -> None:
    """A 文号 of this organisation's 机关代字 and of a year of this round, else 422 at `docnum`."""
    parsed = parse_docnum(text)
    if parsed.agency != organisation.agency_code:
        raise InvalidPayload(
            [
                (
                    ("docnum",),
                    f"文号 {text} 的机关代字「{parsed.agency}」不是本单位的「{organisation.agency_code}」",
                )
            ]
        )
    years = round_years(round_)
    if parsed.year not in years:
        allowed = "、".join(str(y) for y in sorted(years))
        raise InvalidPayload(
            [(("docnum",), f"文号 {text} 的年份 {parsed.year} 不属于本轮考核（可用 {allowed} 年）")]
        )


def docnum_for(
    *,
    session: Session,
    actor: Actor,
    round_: Round,
    organisation: Organisation,
    kind: DocumentKind,
    request: RoundDocumentRequest,
) -> str | None:
    """The 文号 a round's paper is rendered with: the next one of the register (`allocate`, issuing only),
    or one typed in — of the organisation's own 机关代字 and a year of the round (else 422), and, to
    issue, registered and not voided (else 409)."""
    if request.docnum is None:
        return None
    if request.docnum_year is not None and request.docnum_year not in round_years(round_):
        allowed = "、".join(str(y) for y in sorted(round_years(round_)))
        raise InvalidPayload(
            [(("docnum_year",), f"年份 {request.docnum_year} 不属于本轮考核（可用 {allowed} 年）")]
        )
    if request.docnum == "allocate":
        if not request.issue:
            raise Conflict("只有签发（issue=true）时才分配文号，预览不占用文号")
        allocated = register.allocate(
            session=session,
            actor=actor,
            request=DocnumAllocate(
                agency_code=organisation.agency_code,
                year=request.docnum_year or round_.year,
                title=f"{round_.title}·{kind.title}",
                round_id=round_.id,
            ),
        )
        return allocated.text
    text = normalise_docnum(request.docnum)
    _check_own_docnum(text, round_, organisation)
    found = register_storage.find_docnum(session=session, text=text)
    if request.issue and (found is None or found.status == "void"):
        raise Conflict(f"文号 {text} 未在文号登记中分配或已作废，请先分配文号（或登记在本系统外分配的文号）")
    return text


# ---------------------------------------------------------------- a paper's identity

# Who a paper of the whole round goes to, read from its payload: the 派出单位 a letter is addressed to,
# the 上报机关 of a result report (七(一)), the department a ballot covers. Certificates add the honour:
# one person's 优秀 and 敬业奉献奖 certificates are two papers.
RECIPIENT_FIELD = {
    "adjustment-letter": "addressee",
    "return-letter": "addressee",
    "feedback-letter": "addressee",
    "result-report": "recipient",
    "ballot-resident-annual": "department",
    "ballot-purchased-service": "department",
}
AWARD_FIELD = {"certificate": "honour"}


@dataclass(frozen=True)
class PaperIdentity:
    """(kind, person or recipient[, award]): versions chain only within one identity (DESIGN.md §7)."""

    kind: str
    subject: str = ""
    recipient: str = ""
    award: str = ""

    def key(self, round_id: int) -> str:
        return "/".join((str(round_id), self.kind, self.subject, self.recipient, self.award))

    def describe(self, title: str) -> str:
        parts = [p for p in (self.subject, self.recipient, self.award) if p]
        return f"《{title}》" + (f"（{'，'.join(parts)}）" if parts else "")


def paper_identity(
    kind: DocumentKind, request: RoundDocumentRequest, payload: dict[str, Any]
) -> PaperIdentity:
    def field(table: dict[str, str]) -> str:
        name = table.get(kind.kind)
        return str(payload.get(name) or "").strip() if name else ""

    award = field(AWARD_FIELD)
    subject = request.person_id or (str(payload.get("name") or "")[:64] if award else "")
    return PaperIdentity(kind=kind.kind, subject=subject, recipient=field(RECIPIENT_FIELD)[:200], award=award)


def _identity_of(document: IssuedDocument) -> PaperIdentity:
    return PaperIdentity(document.kind, document.subject, document.recipient, document.award)


def bind_docnum(*, session: Session, round_: Round, identity: PaperIdentity, docnum: str) -> None:
    """A 文号 goes on exactly one issued paper (its later versions included): a second paper → 409.
    The register row is locked first (PostgreSQL), so two papers issued at once cannot both take it."""
    row = register_storage.find_docnum(session=session, text=docnum, lock=True)
    key = identity.key(round_.id)
    other = next(
        (
            d
            for d in archive_storage.with_docnum(session=session, docnum=docnum)
            if _identity_of(d).key(d.round_id) != key
        ),
        None,
    )
    if other is not None:
        held_by = _identity_of(other).describe(other.title)
        raise Conflict(f"文号 {docnum} 已用于已签发的{held_by}，一个文号只能用于一份文书，请另行分配文号")
    if row is not None and row.paper not in (None, key):
        raise Conflict(f"文号 {docnum} 已用于另一份文书（{row.paper}），一个文号只能用于一份文书")
    if row is not None and row.paper is None:
        row.paper = key
        session.flush()
