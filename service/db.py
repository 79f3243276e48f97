"""The database: one engine per URL, sessions that commit or roll back once (STYLE.md 5).

SQLite is the embedded default. Each connection turns on WAL (readers never wait for the writer),
foreign keys (off by default in SQLite) and a busy timeout (a second writer waits instead of failing).
pysqlite's own transaction handling is switched off so that SQLAlchemy emits BEGIN itself: a session
opened for writing starts with `BEGIN IMMEDIATE`, which takes the write lock up front — a deferred
transaction that read first and writes later fails at once with SQLITE_BUSY when another writer got
there in between, which is exactly what 50 parallel 文号 allocations would do.

PostgreSQL (`postgresql+psycopg://…`) is the production engine; the same code runs on both.

Under load (DESIGN.md §11, issue 10). Sync routes run in anyio's thread pool of 40, and FastAPI
validates a sync route's answer in that same pool *before* the request-scoped session ends. With 40
writes waiting for the lock (SQLite) or the counter row (PostgreSQL) in all 40 threads, the writer
holding it waited for a 41st thread to validate its answer and commit: a deadlock that ended at the
30 s pool or busy timeout (issue 10: 45 parallel 文号 → 40 × 500). So a request's session waits for
admission on the event loop, holding no thread: at most `settings.database_max_sessions` (fewer than
the 40 threads) are at work at once, and on SQLite one writer, queued in order instead of polling the
file lock. A session connects lazily at its first query, and is committed (or rolled back) and closed
in threads of its own (`FINISHER_THREADS`), never behind the requests it would block. The connection
pool is as large as the admitted sessions plus the short token look-ups of service/auth.py, so nobody
waits for a connection either. A request not admitted within `database_wait_seconds` is a 503.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AsyncExitStack, contextmanager
from functools import cache
from typing import Annotated, Any

import anyio
from fastapi import Depends, Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from service.config import settings
from service.errors import ServiceBusy

SQLITE_BUSY_TIMEOUT_MS = 30_000
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Threads that end request sessions: separate from the route threads, so an admitted session (holding a
# connection, on SQLite perhaps the write lock) always ends, however many requests wait.
FINISHER_THREADS = 8
_HAND_OVER_WRITER = "hand_over_writer"  # in a request session's info: passes SQLite's writer gate on


def _prepare_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy, not pysqlite, decides when BEGIN happens
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get("write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Database:
    """An engine and the two kinds of session over it: reading, and writing (BEGIN IMMEDIATE on SQLite)."""

    def __init__(self, url: str, **engine_options: Any) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            engine_options.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
        if ":memory:" not in url and url not in ("sqlite://", "sqlite+pysqlite://"):
            # A queue pool (file or server); an in-memory SQLite keeps SQLAlchemy's one-connection pool.
            engine_options.setdefault("pool_size", settings.database_max_sessions)
            engine_options.setdefault("max_overflow", settings.database_max_overflow)
            engine_options.setdefault("pool_timeout", settings.database_pool_timeout_seconds)
        self.engine = create_engine(url, pool_pre_ping=not self.is_sqlite, **engine_options)
        if self.is_sqlite:
            _prepare_sqlite(self.engine)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(self.engine.execution_options(write=True), expire_on_commit=False)
        self._gates: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Gates] = (
            weakref.WeakKeyDictionary()
        )

    def gates(self) -> _Gates:
        """The admission gates of this database on the running event loop (a gate belongs to one loop;
        the test client runs one loop per client)."""
        loop = asyncio.get_running_loop()
        gates = self._gates.get(loop)
        if gates is None:
            gates = self._gates[loop] = _Gates(sqlite=self.is_sqlite)
        return gates

    def new_session(self, *, write: bool = False) -> Session:
        """A session that has not connected yet: it takes a connection at its first query."""
        return (self._write if write else self._read)()

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """One unit of work: committed once when the block ends, rolled back on any exception."""
        with self.new_session(write=write) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()


@cache
def default_database() -> Database:
    return Database(settings.database_url)


def database_of(request: Request) -> Database:
    """The app's database: `app.state.database` when set (tests, embedding), else the settings' URL."""
    database = getattr(request.app.state, "database", None)
    return database if isinstance(database, Database) else default_database()


class _Gates:
    def __init__(self, *, sqlite: bool) -> None:
        self.sessions = asyncio.Semaphore(settings.database_max_sessions)
        self.writer = asyncio.Semaphore(1) if sqlite else None  # SQLite takes one writer at a time
        self.finishers = anyio.CapacityLimiter(FINISHER_THREADS)


async def _finish(session: Session, end: Callable[[], None], finishers: anyio.CapacityLimiter) -> None:
    """Commit or roll back, then close, off the event loop; a session that never connected is closed
    where it is (no I/O)."""

    def end_and_close() -> None:
        try:
            end()
        finally:
            session.close()

    if session.in_transaction():
        await anyio.to_thread.run_sync(end_and_close, limiter=finishers)
    else:
        session.close()


async def _admit(held: AsyncExitStack, gate: asyncio.Semaphore) -> Callable[[], None]:
    """Wait for `gate`, or a 503 after `database_wait_seconds`. Returns a hand-over that any thread may
    call to pass the gate on early; it is passed on at the end of the request otherwise."""
    try:
        await asyncio.wait_for(gate.acquire(), timeout=settings.database_wait_seconds)
    except TimeoutError:
        raise ServiceBusy("数据库繁忙，请稍后重试", retry_after=5) from None
    loop = asyncio.get_running_loop()
    held_now = [True]

    def release() -> None:  # always on the loop: no lock needed around the flag
        if held_now[0]:
            held_now[0] = False
            gate.release()

    def hand_over() -> None:
        loop.call_soon_threadsafe(release)

    held.callback(release)
    return hand_over


def commit_before_slow_work(session: Session) -> None:
    """Commit what the request has written so far, in the route's thread, before a slow step (a PDF
    conversion, an Excel parse): the step then holds no lock, and on SQLite the next writer goes ahead.
    What the request does afterwards is a transaction of its own, committed when the request ends."""
    session.commit()
    hand_over = session.info.pop(_HAND_OVER_WRITER, None)
    if hand_over is not None:
        hand_over()


async def get_session(request: Request) -> AsyncIterator[Session]:
    """The request-scoped session, once admitted. Write methods take SQLite's write lock at their first
    query; the writer's gate is passed first so that queued writers do not hold the readers' places."""
    database = database_of(request)
    write = request.method in WRITE_METHODS
    gates = database.gates()
    async with AsyncExitStack() as held:
        hand_over = None
        if write and gates.writer is not None:
            hand_over = await _admit(held, gates.writer)
        await _admit(held, gates.sessions)
        session = database.new_session(write=write)
        if hand_over is not None:
            session.info[_HAND_OVER_WRITER] = hand_over
        try:
            yield session
        except BaseException:
            await _finish(session, session.rollback, gates.finishers)
            raise
        await _finish(session, session.commit, gates.finishers)


# Ends when the route function returns, before the response is sent: a failed commit is the client's 500,
# never a success reported for data that was not stored.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
