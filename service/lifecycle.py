"""The service's life cycle (issue 15): which LibreOffice pool and which job runner this process starts.

- SQLite: the pool is warmed (office_lifespan) and the embedded job runner starts, marking the jobs
  the last process left unfinished as interrupted.
- PostgreSQL, RUN_WORKER unset or true: the same, and one procrastinate worker runs in a thread of this
  process (service/jobs.py QueueRunner, service/worker.py), so one machine needs no other process.
- PostgreSQL, RUN_WORKER=false: no job runs here and no pool is warmed; a single-document PDF request
  still starts the pool on first use.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

import psycopg
from fastapi import FastAPI
from sqlalchemy.exc import SQLAlchemyError

from service import jobs
from service.config import settings
from service.db import Database, default_database
from service.pdf.office import office_lifespan, shutdown_pool

log = logging.getLogger(__name__)


def _database(app: FastAPI) -> Database:
    database = getattr(app.state, "database", None)
    return database if isinstance(database, Database) else default_database()


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    database = _database(app)
    if not database.is_sqlite and not settings.run_worker:
        try:
            yield
        finally:
            jobs.shutdown_runner()
            shutdown_pool()
        return
    async with office_lifespan(app):  # warms the pool; at the end stops runners and the pool
        try:
            jobs.runner_for(database)  # now, so jobs a restart interrupted say so at once
        except (SQLAlchemyError, psycopg.Error):
            # A database not migrated yet (a test app on the default URL): the runner starts on first use.
            log.warning("job runner not started: database %s not ready", database.url)
        yield
