"""Thin routes (STYLE.md 4): the 文号 register."""

from __future__ import annotations

from fastapi import APIRouter

from schemas.common import RowId
from schemas.register import (
    DocnumAllocate,
    DocnumCounterOut,
    DocnumExternal,
    DocnumOut,
    DocnumStart,
    DocnumVoid,
)
from service import register
from service.auth import ActorDep
from service.db import SessionDep

router = APIRouter(prefix="/api/docnums", tags=["docnums"])


@router.post("", status_code=201)
def allocate(request: DocnumAllocate, session: SessionDep, actor: ActorDep) -> DocnumOut:
    return register.allocate(session=session, actor=actor, request=request)


@router.get("")
def listing(
    session: SessionDep, actor: ActorDep, agency_code: str | None = None, year: int | None = None
) -> list[DocnumOut]:
    return register.listing(session=session, actor=actor, agency_code=agency_code, year=year)


@router.post("/{docnum_id}/void")
def void(docnum_id: RowId, request: DocnumVoid, session: SessionDep, actor: ActorDep) -> DocnumOut:
    return register.void(session=session, actor=actor, docnum_id=docnum_id, request=request)


@router.post("/start")
def start_year(request: DocnumStart, session: SessionDep, actor: ActorDep) -> DocnumCounterOut:
    return register.start_year(session=session, actor=actor, request=request)


@router.post("/external", status_code=201)
def record_external(request: DocnumExternal, session: SessionDep, actor: ActorDep) -> DocnumOut:
    return register.record_external(session=session, actor=actor, request=request)
