"""The schema under test is the migrated one, and the migrations say exactly what the models say
(no model change without its Alembic revision). Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

import service.models
from service.bootstrap import is_ours
from service.db import Database


def test_migrations_at_head_match_the_models(database: Database) -> None:
    with database.engine.connect() as connection:
        # procrastinate's queue tables (PostgreSQL) are applied from its own schema, not our models.
        context = MigrationContext.configure(connection, opts={"include_name": is_ours})
        differences = compare_metadata(context, service.models.Base.metadata)
    assert differences == []


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(database: Database) -> None:
    if not database.is_sqlite:
        assert inspect(database.engine).get_table_names()
        return
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_a_session_commits_once_at_the_end_or_not_at_all(database: Database) -> None:
    insert = text(
        "INSERT INTO organisations (name, issuer_mark, agency_code, signature, created_at) "
        "VALUES ('中心', '中心文件', :code, '中心', CURRENT_TIMESTAMP)"
    )
    try:
        with database.session(write=True) as session:
            session.execute(insert, {"code": "甲"})
            raise ValueError("a failure later in the request")
    except ValueError:
        pass
    with database.session(write=True) as session:
        session.execute(insert, {"code": "乙"})
    with database.session() as session:
        assert session.scalars(text("SELECT agency_code FROM organisations")).all() == ["乙"]
