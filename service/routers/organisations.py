"""Thin routes (STYLE.md 4): organisations, departments, dispatching units."""

from __future__ import annotations

from fastapi import APIRouter

from schemas.common import RowId
from schemas.notice_text import NoticeTextIn, NoticeTextOut, Placeholders
from schemas.organisation import (
    DepartmentIn,
    DepartmentOut,
    DispatchingUnitIn,
    DispatchingUnitOut,
    OrganisationIn,
    OrganisationOut,
    OrganisationUpdate,
)
from service import notice_texts, organisations
from service.auth import ActorDep
from service.db import SessionDep

router = APIRouter(prefix="/api/organisations", tags=["organisations"])


@router.post("", status_code=201)
def create_organisation(data: OrganisationIn, session: SessionDep, actor: ActorDep) -> OrganisationOut:
    return organisations.create_organisation(session=session, actor=actor, data=data)


@router.get("")
def list_organisations(session: SessionDep) -> list[OrganisationOut]:
    return organisations.list_organisations(session=session)


@router.get("/{organisation_id}")
def get_organisation(organisation_id: RowId, session: SessionDep) -> OrganisationOut:
    return organisations.get_organisation(session=session, organisation_id=organisation_id)


@router.patch("/{organisation_id}")
def update_organisation(
    organisation_id: RowId, data: OrganisationUpdate, session: SessionDep, actor: ActorDep
) -> OrganisationOut:
    return organisations.update_organisation(
        session=session, actor=actor, organisation_id=organisation_id, data=data
    )


@router.post("/{organisation_id}/departments", status_code=201)
def create_department(
    organisation_id: RowId, data: DepartmentIn, session: SessionDep, actor: ActorDep
) -> DepartmentOut:
    return organisations.create_department(
        session=session, actor=actor, organisation_id=organisation_id, data=data
    )


@router.get("/{organisation_id}/departments")
def list_departments(organisation_id: RowId, session: SessionDep) -> list[DepartmentOut]:
    return organisations.list_departments(session=session, organisation_id=organisation_id)


@router.post("/{organisation_id}/dispatching-units", status_code=201)
def create_dispatching_unit(
    organisation_id: RowId, data: DispatchingUnitIn, session: SessionDep, actor: ActorDep
) -> DispatchingUnitOut:
    return organisations.create_dispatching_unit(
        session=session, actor=actor, organisation_id=organisation_id, data=data
    )


@router.get("/{organisation_id}/dispatching-units")
def list_dispatching_units(organisation_id: RowId, session: SessionDep) -> list[DispatchingUnitOut]:
    return organisations.list_dispatching_units(session=session, organisation_id=organisation_id)


@router.get("/{organisation_id}/notice-texts/{scheme}")
def list_notice_texts(organisation_id: RowId, scheme: str, session: SessionDep) -> list[NoticeTextOut]:
    return notice_texts.versions(session=session, organisation_id=organisation_id, scheme=scheme)


@router.post("/{organisation_id}/notice-texts/{scheme}", status_code=201)
def save_notice_text(
    organisation_id: RowId, scheme: str, body: NoticeTextIn, session: SessionDep, actor: ActorDep
) -> NoticeTextOut:
    return notice_texts.save(
        session=session, actor=actor, organisation_id=organisation_id, scheme=scheme, body=body
    )


@router.get("/{organisation_id}/notice-texts/{scheme}/placeholders")
def notice_placeholders(organisation_id: RowId, scheme: str, session: SessionDep) -> Placeholders:
    return notice_texts.placeholders_of(session=session, organisation_id=organisation_id, scheme=scheme)
