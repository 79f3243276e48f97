"""The schema under test is the migrated one, and the migrations say exactly what the models say
(no model change without its Alembic revision). Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import DatabaseError

import service.models
from service.bootstrap import alembic_config, is_ours
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


def test_0002_keeps_issued_papers_and_their_guards_and_goes_back(tmp_path: Path) -> None:
    """0002_roundstore rebuilds issued_documents on SQLite (a table constraint cannot be dropped there):
    the rows survive with an empty recipient and award, and the archive's guard triggers still refuse
    an UPDATE; downgrade restores 0001."""
    url = f"sqlite:///{tmp_path / 'kaohe.db'}"
    config = alembic_config(url)
    command.upgrade(config, "0001")
    database = Database(url)
    with database.session(write=True) as session:
        session.execute(
            text(
                "INSERT INTO organisations (name, issuer_mark, agency_code, signature, created_at) "
                "VALUES ('中心', '中心文件', '中心', '中心', CURRENT_TIMESTAMP)"
            )
        )
        session.execute(
            text(
                "INSERT INTO rounds (organisation_id, scheme, year, starts_on, title, timeline, policy,"
                " amounts, created_at) VALUES (1, 'resident-annual', 2022, '2022-12-14', '轮次', '[]',"
                " '{}', '{}', CURRENT_TIMESTAMP)"
            )
        )
        session.execute(
            text(
                "INSERT INTO issued_documents (round_id, kind, subject, version, title, filename, payload,"
                " template_sha256, sha256, size, content, issued_by, issued_at) VALUES (1, 'publicity', '',"
                " 1, '公示', '公示', '{}', 'a', 'b', 1, x'00', 'local', CURRENT_TIMESTAMP)"
            )
        )
    command.upgrade(config, "head")
    with database.session() as session:
        row = session.execute(text("SELECT kind, recipient, award FROM issued_documents")).one()
    assert tuple(row) == ("publicity", "", "")
    with pytest.raises(DatabaseError, match="已签发的文书不可修改"), database.session(write=True) as session:
        session.execute(text("UPDATE issued_documents SET title = '改'"))
    command.downgrade(config, "0001")
    with database.session() as session:
        assert session.execute(text("SELECT count(*) FROM issued_documents")).scalar() == 1
    database.dispose()
