"""The 文号 register's rows. `next_number` must run in a transaction that holds the write lock:
PostgreSQL locks the counter row (SELECT … FOR UPDATE); SQLite's write sessions begin IMMEDIATE."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from service.errors import NotFound
from service.models import Docnum, DocnumCounter


def lock_counter(*, session: Session, agency_code: str, year: int) -> DocnumCounter:
    """The (机关代字, year) counter, created at 0 when missing, locked until the transaction ends."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(DocnumCounter)
        .values(agency_code=agency_code, year=year, last_number=0)
        .on_conflict_do_nothing(index_elements=["agency_code", "year"])
    )
    return session.scalars(
        select(DocnumCounter)
        .where(DocnumCounter.agency_code == agency_code, DocnumCounter.year == year)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def next_number(*, session: Session, agency_code: str, year: int) -> int:
    """Increment the (机关代字, year) counter and return the new value; gapless because the counter and
    the register row commit together or not at all."""
    counter = lock_counter(session=session, agency_code=agency_code, year=year)
    counter.last_number += 1
    session.flush()
    return counter.last_number


def add_docnum(*, session: Session, docnum: Docnum) -> Docnum:
    session.add(docnum)
    session.flush()
    return docnum


def get_docnum(*, session: Session, docnum_id: int, lock: bool = False) -> Docnum:
    found = session.get(Docnum, docnum_id, with_for_update=lock, populate_existing=lock)
    if found is None:
        raise NotFound(f"文号登记中没有编号为 {docnum_id} 的记录")
    return found


def find_docnum(*, session: Session, text: str, lock: bool = False) -> Docnum | None:
    """The register row of a 文号 by its text; `lock` holds it (PostgreSQL) until the request commits."""
    query = select(Docnum).where(Docnum.text == text)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.scalars(query).one_or_none()


def list_docnums(
    *, session: Session, agency_code: str | None = None, year: int | None = None
) -> list[Docnum]:
    query = select(Docnum).order_by(Docnum.agency_code, Docnum.year, Docnum.number)
    if agency_code is not None:
        query = query.where(Docnum.agency_code == agency_code)
    if year is not None:
        query = query.where(Docnum.year == year)
    return list(session.scalars(query))
