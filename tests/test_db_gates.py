"""The request session's admission (service/db.py, issue 10): SQLite's writers one at a time, handed on
early by `commit_before_slow_work`, and a 503 in Chinese for a writer that waited too long."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select
from starlette.requests import Request

from service.config import settings
from service.db import Database, commit_before_slow_work, get_session
from service.errors import ServiceBusy
from service.models import DocnumCounter
from service.storage.register import next_number


def _request(database: Database, method: str = "POST") -> Request:
    app = SimpleNamespace(state=SimpleNamespace(database=database))
    return Request({"type": "http", "method": method, "app": app, "headers": [], "path": "/"})


async def _open(database: Database) -> tuple[Any, Any]:
    sessions = get_session(_request(database))
    return sessions, await sessions.__anext__()


async def _close(sessions: Any) -> None:
    with pytest.raises(StopAsyncIteration):
        await sessions.__anext__()


def test_a_writer_that_committed_before_slow_work_lets_the_next_writer_in(database: Database) -> None:
    """A round document's PDF or an Excel parse runs after `commit_before_slow_work`: the next write
    is admitted (and commits) while the slow one is still going."""

    async def scenario() -> int:
        first, session = await _open(database)
        await asyncio.to_thread(next_number, session=session, agency_code="慢", year=2030)
        second = asyncio.create_task(_open(database))
        await asyncio.sleep(0)  # one turn of the loop: the second writer reaches the gate
        writer = database.gates().writer
        waiting = (writer is not None and writer.locked() and not second.done()) or not database.is_sqlite
        await asyncio.to_thread(commit_before_slow_work, session)
        sessions, other = await asyncio.wait_for(second, timeout=30)
        number = await asyncio.to_thread(next_number, session=other, agency_code="慢", year=2030)
        await _close(sessions)  # the second request ends while the first is still "converting"
        await _close(first)
        assert waiting
        return number

    assert asyncio.run(scenario()) == 2
    with database.session() as session:
        assert session.scalars(select(DocnumCounter.last_number)).one() == 2


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_a_writer_that_waits_past_the_limit_is_503_in_chinese(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "database_wait_seconds", 0.2)

    async def scenario() -> ServiceBusy:
        first, _ = await _open(database)
        try:
            with pytest.raises(ServiceBusy) as refused:
                await _open(database)
        finally:
            await _close(first)
        # The refused writer held nothing: the next one is admitted at once.
        again, _ = await asyncio.wait_for(_open(database), timeout=5)
        await _close(again)
        return refused.value

    refused = asyncio.run(scenario())
    assert refused.status_code == 503 and "数据库繁忙" in refused.detail
