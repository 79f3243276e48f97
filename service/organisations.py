"""Organisations, their departments and dispatching units (the 机关代字 numbers the round's 文号)."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from schemas.organisation import (
    DepartmentIn,
    DepartmentOut,
    DispatchingUnitIn,
    DispatchingUnitOut,
    OrganisationIn,
    OrganisationOut,
    OrganisationUpdate,
)
from service import audit
from service.auth import Actor, require_role
from service.docnum import format_docnum
from service.errors import Conflict
from service.models import Department, DispatchingUnit, Organisation
from service.storage import organisations as org_storage

MANAGERS = ("clerk", "admin")


def _add(
    *, session: Session, actor: Actor, record: Organisation | Department | DispatchingUnit, what: str
) -> None:
    try:
        with (
            session.begin_nested()
        ):  # a duplicate name is the client's 409, the request's transaction lives on
            org_storage.add(session=session, record=record)
    except IntegrityError:
        raise Conflict(f"{what}已存在") from None
    audit.record(
        session=session,
        actor=actor.username,
        action="create",
        entity=record.__tablename__,
        entity_id=record.id,
        after=audit.snapshot(record),
    )


def create_organisation(*, session: Session, actor: Actor, data: OrganisationIn) -> OrganisationOut:
    require_role(actor, "admin")
    format_docnum(data.agency_code, 2000, 1)  # a 机关代字 that cannot make a 文号 is refused now
    organisation = Organisation(**data.model_dump())
    _add(session=session, actor=actor, record=organisation, what=f"机关代字「{data.agency_code}」")
    return OrganisationOut.model_validate(organisation, from_attributes=True)


def list_organisations(*, session: Session) -> list[OrganisationOut]:
    return [
        OrganisationOut.model_validate(o, from_attributes=True)
        for o in org_storage.list_organisations(session=session)
    ]


def get_organisation(*, session: Session, organisation_id: int) -> OrganisationOut:
    organisation = org_storage.get_organisation(session=session, organisation_id=organisation_id)
    return OrganisationOut.model_validate(organisation, from_attributes=True)


def update_organisation(
    *, session: Session, actor: Actor, organisation_id: int, data: OrganisationUpdate
) -> OrganisationOut:
    """The 发文 details every round's papers print (公示 objection office and phone, contact, 简称)."""
    require_role(actor, *MANAGERS)
    organisation = org_storage.get_organisation(session=session, organisation_id=organisation_id)
    before = audit.snapshot(organisation)
    for field, value in data.model_dump(exclude_unset=True).items():
        if value is None and field in ("name", "issuer_mark", "signature"):
            continue  # 全称, 发文机关标志 and 署名 can be changed, never emptied
        setattr(organisation, field, value)
    audit.record(
        session=session,
        actor=actor.username,
        action="update",
        entity="organisations",
        entity_id=organisation.id,
        before=before,
        after=audit.snapshot(organisation),
    )
    return OrganisationOut.model_validate(organisation, from_attributes=True)


def create_department(
    *, session: Session, actor: Actor, organisation_id: int, data: DepartmentIn
) -> DepartmentOut:
    require_role(actor, *MANAGERS)
    org_storage.get_organisation(session=session, organisation_id=organisation_id)
    department = Department(organisation_id=organisation_id, **data.model_dump())
    _add(session=session, actor=actor, record=department, what=f"部门「{data.name}」")
    return DepartmentOut.model_validate(department, from_attributes=True)


def list_departments(*, session: Session, organisation_id: int) -> list[DepartmentOut]:
    org_storage.get_organisation(session=session, organisation_id=organisation_id)
    departments = org_storage.list_departments(session=session, organisation_id=organisation_id)
    return [DepartmentOut.model_validate(d, from_attributes=True) for d in departments]


def create_dispatching_unit(
    *, session: Session, actor: Actor, organisation_id: int, data: DispatchingUnitIn
) -> DispatchingUnitOut:
    require_role(actor, *MANAGERS)
    org_storage.get_organisation(session=session, organisation_id=organisation_id)
    unit = DispatchingUnit(organisation_id=organisation_id, **data.model_dump())
    _add(session=session, actor=actor, record=unit, what=f"派出单位「{data.name}」")
    return DispatchingUnitOut.model_validate(unit, from_attributes=True)


def list_dispatching_units(*, session: Session, organisation_id: int) -> list[DispatchingUnitOut]:
    org_storage.get_organisation(session=session, organisation_id=organisation_id)
    units = org_storage.list_dispatching_units(session=session, organisation_id=organisation_id)
    return [DispatchingUnitOut.model_validate(u, from_attributes=True) for u in units]
