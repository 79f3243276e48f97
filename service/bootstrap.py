"""Prepares a database before the service starts (`make run`, `make worker`): migrations, the queue's schema.

`upgrade(url)` brings any database to the newest schema (`alembic upgrade head`); tests call it on the
SQLite file and the PostgreSQL database they create, so the schema under test is the migrated one.

Several API instances and workers may start at the same moment against one PostgreSQL (issue 15). Two
`alembic upgrade` running together would both try to create the same tables, so on PostgreSQL the
whole preparation holds a session-level advisory lock: the first process migrates, the others wait,
then find the schema at head and do nothing. procrastinate's own schema (its queue tables) is applied
under the same lock, once, when its table is missing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import psycopg
from alembic import command
from alembic.config import Config
from procrastinate.schema import SchemaManager
from sqlalchemy.engine import make_url

from service.config import ROOT, settings

# Any 64-bit number of our own: pg_advisory_lock keys are shared by every client of the server.
MIGRATION_LOCK = 7_315_204_851


def is_ours(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's include_name: procrastinate's tables, types and functions are its schema, not our models."""
    return not (name or "").startswith("procrastinate")


def alembic_config(url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    # ConfigParser interpolation: a literal % in a password must be doubled.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextlib.contextmanager
def _migration_lock(url: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(_libpq(url), autocommit=True) as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
        try:
            yield connection
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))


def apply_queue_schema(connection: psycopg.Connection) -> bool:
    """procrastinate's tables, once; True when this call created them."""
    row = connection.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
    if row is not None and row[0] is not None:
        return False
    with connection.transaction():
        connection.execute(SchemaManager.get_schema())
    return True


def upgrade(url: str) -> None:
    if not url.startswith("postgresql"):
        command.upgrade(alembic_config(url), "head")
        return
    with _migration_lock(url) as connection:
        command.upgrade(alembic_config(url), "head")
        apply_queue_schema(connection)


def main() -> None:
    (ROOT / "data").mkdir(exist_ok=True)
    upgrade(settings.direct_database_url or settings.database_url)  # the advisory lock needs a session


if __name__ == "__main__":
    main()
