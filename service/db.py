"""The database: one engine per URL, sessions that commit or roll back once (STYLE.md 5).

SQLite is the embedded default. Each connection turns on WAL (readers never wait for the writer),
foreign keys (off by default in SQLite) and a busy timeout (a second writer waits instead of failing).
pysqlite's own transaction handling is switched off so that SQLAlchemy emits BEGIN itself: a session
opened for writing starts with `BEGIN IMMEDIATE`, which takes the write lock up front — a deferred
transaction that read first and writes later fails at once with SQLITE_BUSY when another writer got
there in between, which is exactly what 50 parallel 文号 allocations would do.

PostgreSQL (`postgresql+psycopg://…`) is the production engine; the same code runs on both.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from service.config import settings

SQLITE_BUSY_TIMEOUT_MS = 30_000
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


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
        self.engine = create_engine(url, pool_pre_ping=not self.is_sqlite, **engine_options)
        if self.is_sqlite:
            _prepare_sqlite(self.engine)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(self.engine.execution_options(write=True), expire_on_commit=False)

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """One unit of work: committed once when the block ends, rolled back on any exception."""
        factory = self._write if write else self._read
        with factory() as session:
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


def get_session(request: Request) -> Iterator[Session]:
    """The request-scoped session. Write methods take SQLite's write lock at BEGIN."""
    with database_of(request).session(write=request.method in WRITE_METHODS) as session:
        yield session


# Ends when the route function returns, before the response is sent: a failed commit is the client's 500,
# never a success reported for data that was not stored.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
