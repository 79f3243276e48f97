"""The round's context is read in a fixed number of queries (issue 9 point 1): no query per person, and
one person's paper reads only that person. SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event

from service.auth import Actor
from service.db import Database
from service.round_context import build_context
from tests.rounds_support import create_round, person, setup_organisation

ADMIN = Actor(username="admin", role="admin")


def _statements(database: Database, action: Callable[[], Any]) -> int:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(database.engine, "before_cursor_execute", record)
    return len(seen)


def _round_of(api: TestClient, organisation_id: int, size: int, year: int) -> int:
    round_id = create_round(api, organisation_id, year=year, as_of=f"{year}-11-30", starts_on=f"{year}-12-14")
    people = [person(i) for i in range(1, size + 1)]
    assert api.put(f"/api/rounds/{round_id}/people", json={"people": people}).status_code == 200
    assert api.post(f"/api/rounds/{round_id}/evaluate").status_code == 200
    return round_id


def test_the_context_costs_the_same_queries_for_5_and_60_people(api: TestClient, database: Database) -> None:
    organisation_id = setup_organisation(api)
    small, large = _round_of(api, organisation_id, 5, 2022), _round_of(api, organisation_id, 60, 2023)

    def full(round_id: int) -> Callable[[], Any]:
        def build() -> Any:
            with database.session() as session:
                context = build_context(session=session, actor=ADMIN, round_id=round_id)
                assert context.participants()

        return build

    def one(round_id: int) -> Callable[[], Any]:
        def build() -> Any:
            with database.session() as session:
                context = build_context(session=session, actor=ADMIN, round_id=round_id, only="P003")
                assert [p.code for p in context.people] == ["P003"] and context.evaluated

        return build

    assert _statements(database, full(small)) == _statements(database, full(large))
    assert _statements(database, one(small)) == _statements(database, one(large))
    # One person's paper through the API reads the same few statements in either round.
    form = {"person_id": "P003"}
    costs = [
        _statements(
            database, lambda r=r: api.post(f"/api/rounds/{r}/documents/form-civil-servant", json=form)
        )
        for r in (small, large)
    ]
    assert costs[0] == costs[1]
