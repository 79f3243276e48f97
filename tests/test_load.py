"""Concurrent writes through the real server (issue 10 point 1, DESIGN.md §11), on SQLite and PostgreSQL.

uvicorn runs in a subprocess on a free port (tests/live_server.py); the requests come from 100–200
concurrent HTTP clients. Before the fix 45 parallel 文号 allocations answered 40 × 500 after exactly
30 s (the thread pool of 40 deadlocked against the connection pool and SQLite's lock) and
`/api/health` took 30 s. Bounded: every request has a client timeout, and the whole burst must end
well inside it; nothing sleeps a fixed time.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from service.db import Database
from service.models import Docnum, Round
from tests.live_server import burst, live_server
from tests.rounds_support import create_round, person, setup_organisation

HEALTH_LIMIT_S = 2.0
BURST_LIMIT_S = 60.0  # the old deadlock took 30 s per wave; a healthy burst takes a few seconds here
DOCNUM = {"agency_code": "并发", "year": 2030, "title": "x"}


@pytest.fixture
def server(database: Database, tmp_path: Path) -> Iterator[str]:
    with live_server(database.url, tmp_path / "server.log") as base:
        yield base


def test_a_hundred_parallel_docnums_are_a_hundred_consecutive_numbers(
    server: str, database: Database
) -> None:
    """The issue's check: 100 × `POST /api/docnums` at once all succeed as 1…100, and `/api/health`
    answers in under 2 s throughout."""
    result = burst(server, lambda _: ("POST", "/api/docnums", DOCNUM), count=100, concurrency=100)

    assert result.statuses == {201: 100}, [a.body for a in result.answers if a.status != 201][:3]
    assert sorted(a.body["number"] for a in result.answers) == list(range(1, 101))
    assert result.wall_seconds < BURST_LIMIT_S
    assert result.health_seconds, "the health probe never answered"
    assert result.worst_health < HEALTH_LIMIT_S, result.health_seconds
    # What the callers were told is what was committed: no number stored for a failed request.
    with database.session() as session:
        stored = sorted(session.scalars(select(Docnum.number).where(Docnum.agency_code == "并发")))
    assert stored == list(range(1, 101))


def _mixed(round_ids: list[int]) -> Any:
    """200 writes of four kinds: 文号, new rounds, a person's proposal, a round's title."""

    def request(index: int) -> tuple[str, str, Any]:
        round_id = round_ids[index % len(round_ids)]
        match index % 4:
            case 0:
                return "POST", "/api/docnums", {**DOCNUM, "title": f"混合{index}"}
            case 1:
                body = {"organisation_id": 1, "scheme": "resident-annual", "year": 2022}
                return "POST", "/api/rounds", {**body, "starts_on": "2022-12-14", "title": f"轮次{index}"}
            case 2:
                code = f"P{(index // 4) % 10 + 1:03d}"
                grade = "优秀" if index % 8 < 4 else "称职"
                return "PATCH", f"/api/rounds/{round_id}/people/{code}", {"proposed_grade": grade}
            case _:
                return "PATCH", f"/api/rounds/{round_id}", {"title": f"改名{index}"}

    return request


def test_two_hundred_mixed_concurrent_writes_all_succeed(server: str, database: Database) -> None:
    """Round creation, PATCH of a person and of a round and 文号 allocation, 200 at once."""
    with httpx.Client(base_url=server, timeout=60) as client:
        organisation_id = setup_organisation(client)  # type: ignore[arg-type]
        assert organisation_id == 1
        round_ids = [create_round(client, organisation_id) for _ in range(3)]  # type: ignore[arg-type]
        for round_id in round_ids:
            people = {"people": [person(i) for i in range(1, 11)]}
            assert client.put(f"/api/rounds/{round_id}/people", json=people).status_code == 200

    result = burst(server, _mixed(round_ids), count=200, concurrency=200)

    failures = [(a.index, a.status, a.body) for a in result.answers if a.status not in (200, 201)]
    assert not failures, failures[:3]
    assert result.wall_seconds < BURST_LIMIT_S
    assert result.worst_health < HEALTH_LIMIT_S, result.health_seconds
    with database.session() as session:
        numbers = sorted(session.scalars(select(Docnum.number).where(Docnum.agency_code == "并发")))
        rounds = session.scalar(select(func.count()).select_from(Round))
    assert numbers == list(range(1, 51))
    assert rounds == 3 + 50
