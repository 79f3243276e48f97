"""Rounds, their entries and department results; the history of earlier rounds."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, aliased

from service.errors import NotFound
from service.models import DepartmentResult, Person, Round, RoundEntry


def add_round(*, session: Session, round_: Round) -> Round:
    session.add(round_)
    session.flush()
    return round_


def get_round(*, session: Session, round_id: int) -> Round:
    found = session.get(Round, round_id)
    if found is None:
        raise NotFound(f"没有编号为 {round_id} 的考核轮次")
    return found


def list_rounds(*, session: Session, organisation_id: int | None = None) -> list[Round]:
    query = select(Round).order_by(Round.year.desc(), Round.quarter.desc(), Round.id.desc())
    if organisation_id is not None:
        query = query.where(Round.organisation_id == organisation_id)
    return list(session.scalars(query))


def count_entries(*, session: Session, round_id: int) -> int:
    return session.scalar(select(func.count()).where(RoundEntry.round_id == round_id)) or 0


def list_entries(
    *, session: Session, round_id: int, department_id: int | None = None
) -> list[tuple[RoundEntry, Person]]:
    query = (
        select(RoundEntry, Person)
        .join(Person, Person.id == RoundEntry.person_id)
        .where(RoundEntry.round_id == round_id)
        .order_by(RoundEntry.position, RoundEntry.id)
    )
    if department_id is not None:
        query = query.where(Person.department_id == department_id)
    return [(entry, person) for entry, person in session.execute(query).all()]


def entry_rows(
    *,
    session: Session,
    round_id: int,
    organisation_id: int,
    department_id: int | None = None,
    code: str | None = None,
) -> list[Any]:
    """The roster as plain rows (no ORM objects: 20,000 of them cost seconds to build), optionally one
    department's or one person's (found by the people's (organisation, code) key, not by a scan)."""
    query = (
        select(
            Person.id.label("person_id"),
            Person.code,
            Person.name,
            Person.category,
            Person.department_id,
            Person.dispatching_unit_id,
            RoundEntry.payload,
            RoundEntry.proposed_grade,
            RoundEntry.final_grade,
            RoundEntry.eligible,
            RoundEntry.outcomes,
        )
        .join(Person, Person.id == RoundEntry.person_id)
        .where(RoundEntry.round_id == round_id)
        .order_by(RoundEntry.position, RoundEntry.id)
    )
    if department_id is not None:
        query = query.where(Person.department_id == department_id)
    if code is not None:
        query = query.where(Person.organisation_id == organisation_id, Person.code == code)
    return list(session.execute(query).all())


def get_entry(*, session: Session, round_id: int, code: str) -> tuple[RoundEntry, Person]:
    query = (
        select(RoundEntry, Person)
        .join(Person, Person.id == RoundEntry.person_id)
        .where(RoundEntry.round_id == round_id, Person.code == code)
    )
    row = session.execute(query).first()
    if row is None:
        raise NotFound(f"考核轮次 {round_id} 中没有人员 {code}")
    return row


def clear_entries(*, session: Session, round_id: int) -> None:
    session.execute(delete(RoundEntry).where(RoundEntry.round_id == round_id))


def add_entries(*, session: Session, entries: list[RoundEntry]) -> None:
    session.add_all(entries)
    session.flush()


# Past this many people the history is asked for the round's whole roster by a subquery: a list of
# 20,000 bound ids costs seconds to compile.
MAX_LISTED_PEOPLE = 500


def graded_history(
    *, session: Session, organisation_id: int, person_ids: list[int], scheme: str, exclude_round_id: int
) -> list[tuple[Round, RoundEntry]]:
    """Every other round of this scheme in which these people (of round `exclude_round_id`) got a final
    grade, oldest first. A long list is asked as "the people of that round" (the caller keeps its own)."""
    roster = aliased(RoundEntry)
    people: Any = (
        RoundEntry.person_id.in_(person_ids)
        if len(person_ids) <= MAX_LISTED_PEOPLE
        else RoundEntry.person_id.in_(select(roster.person_id).where(roster.round_id == exclude_round_id))
    )
    query = (
        select(Round, RoundEntry)
        .join(RoundEntry, RoundEntry.round_id == Round.id)
        .where(
            Round.organisation_id == organisation_id,
            Round.scheme == scheme,
            Round.id != exclude_round_id,
            RoundEntry.final_grade.is_not(None),
            people,
        )
        .order_by(Round.year, Round.quarter, Round.id)
    )
    return [(r, e) for r, e in session.execute(query).all()]


def replace_department_results(*, session: Session, round_id: int, results: list[DepartmentResult]) -> None:
    session.execute(delete(DepartmentResult).where(DepartmentResult.round_id == round_id))
    session.add_all(results)
    session.flush()


def list_department_results(*, session: Session, round_id: int) -> list[DepartmentResult]:
    query = (
        select(DepartmentResult)
        .where(DepartmentResult.round_id == round_id)
        .order_by(DepartmentResult.position)
    )
    return list(session.scalars(query))
