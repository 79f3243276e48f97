"""Thin routes (STYLE.md 4): a year's 节假日安排 added by an administrator."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from schemas.holiday import HolidayYearIn, HolidayYearOut
from service import holiday_years
from service.auth import ActorDep
from service.db import SessionDep

router = APIRouter(prefix="/api/holidays", tags=["holidays"], dependencies=[Depends(holiday_years.refresh)])


@router.get("")
def list_years(session: SessionDep) -> list[HolidayYearOut]:
    return holiday_years.list_years(session=session)


@router.put("/{year}")
def put_year(year: int, request: HolidayYearIn, session: SessionDep, actor: ActorDep) -> HolidayYearOut:
    return holiday_years.put_year(session=session, actor=actor, year=year, request=request)
