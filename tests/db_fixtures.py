"""Databases for the storage tests: every test runs on SQLite and on PostgreSQL.

PostgreSQL comes from `scripts/with-postgres.sh` (make test), which exports TEST_POSTGRES_URL; each test
gets its own database there. Without the variable the postgres cases are skipped — except in CI
(`CI=true`), where a missing server fails the run instead of passing it silently.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from benchmarks.deployment import fresh_database
from service import jobs
from service.app import create_app
from service.bootstrap import upgrade
from service.db import Database


def _postgres_url() -> str:
    url = os.environ.get("TEST_POSTGRES_URL")
    if url:
        return url
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(
            "CI 中必须在 PostgreSQL 上运行存储测试：TEST_POSTGRES_URL 未设置（请用 scripts/with-postgres.sh）"
        )
    pytest.skip("TEST_POSTGRES_URL 未设置：用 scripts/with-postgres.sh 运行以包含 PostgreSQL")


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A database migrated once (alembic upgrade head); each test gets a copy (CREATE DATABASE … TEMPLATE)."""
    with fresh_database(_postgres_url(), prefix="kaohe_template") as url:
        upgrade(url)
        yield str(make_url(url).database)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "kaohe.db"
    upgrade(f"sqlite:///{path}")
    return path


def _fresh_postgres(template: str) -> Iterator[str]:
    with fresh_database(_postgres_url(), template=template, prefix="kaohe_test") as url:
        yield url


def _database_url(request: pytest.FixtureRequest, folder: Path) -> Iterator[str]:
    if request.param == "sqlite":
        shutil.copyfile(request.getfixturevalue("sqlite_template"), folder / "kaohe.db")
        yield f"sqlite:///{folder / 'kaohe.db'}"
    else:
        yield from _fresh_postgres(request.getfixturevalue("postgres_template"))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated (alembic upgrade head) empty database of its own."""
    urls = _database_url(request, tmp_path)
    url = next(urls)
    db = Database(url)
    try:
        yield db
    finally:
        # A queue worker still polling a dropped PostgreSQL database would fail 30 s later in its thread.
        jobs.shutdown_runner(db)
        db.dispose()
        urls.close()


@pytest.fixture
def api(database: Database) -> TestClient:
    """The whole app on this database (no lifespan: the LibreOffice pool is not needed for .docx)."""
    app = create_app()
    app.state.database = database
    return TestClient(app)
