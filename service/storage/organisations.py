"""Organisations, departments, dispatching units and people."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.errors import NotFound
from service.models import Department, DispatchingUnit, Organisation, Person


def add(*, session: Session, record: Organisation | Department | DispatchingUnit | Person) -> None:
    session.add(record)
    session.flush()


def get_organisation(*, session: Session, organisation_id: int) -> Organisation:
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound(f"没有编号为 {organisation_id} 的单位")
    return organisation


def list_organisations(*, session: Session) -> list[Organisation]:
    return list(session.scalars(select(Organisation).order_by(Organisation.id)))


def list_departments(*, session: Session, organisation_id: int) -> list[Department]:
    query = select(Department).where(Department.organisation_id == organisation_id).order_by(Department.id)
    return list(session.scalars(query))


def get_department(*, session: Session, department_id: int) -> Department:
    department = session.get(Department, department_id)
    if department is None:
        raise NotFound(f"没有编号为 {department_id} 的部门")
    return department


def list_dispatching_units(*, session: Session, organisation_id: int) -> list[DispatchingUnit]:
    query = (
        select(DispatchingUnit)
        .where(DispatchingUnit.organisation_id == organisation_id)
        .order_by(DispatchingUnit.id)
    )
    return list(session.scalars(query))


def people_by_code(*, session: Session, organisation_id: int, codes: list[str]) -> dict[str, Person]:
    found: dict[str, Person] = {}
    for start in range(0, len(codes), 500):  # stay under the bind-parameter limits of both engines
        chunk = codes[start : start + 500]
        query = select(Person).where(Person.organisation_id == organisation_id, Person.code.in_(chunk))
        found.update({p.code: p for p in session.scalars(query)})
    return found
