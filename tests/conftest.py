"""Shared fixtures: the app, a client, and factories for rosters (STYLE.md 9)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.app import create_app

# `database` (SQLite and PostgreSQL) and `api` (the app on it) for the storage tests.
pytest_plugins = ["tests.db_fixtures"]


@pytest.fixture(scope="session")
def app():  # type: ignore[no-untyped-def]
    return create_app()


@pytest.fixture(scope="session")
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(app) as test_client:
        yield test_client
