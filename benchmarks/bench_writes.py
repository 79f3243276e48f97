"""Writes per second and p95 latency of `POST /api/docnums` through the real server (issue 10).

uvicorn in a subprocess on a fresh migrated database (tests/live_server.py); 1 client is the baseline
measured in the same run, then 50 and 100 concurrent clients, each on its own HTTP connection. SQLite
always; PostgreSQL when TEST_POSTGRES_URL is set:

    scripts/with-postgres.sh .venv/bin/python -m benchmarks writes

BENCH_WRITES=N sets the requests per level (default 300; the baseline sends a third of them).
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from service.bootstrap import upgrade
from tests.live_server import burst, live_server

LEVELS = (1, 50, 100)


@contextmanager
def _sqlite(folder: Path) -> Iterator[str]:
    url = f"sqlite:///{folder / 'bench.db'}"
    upgrade(url)
    yield url


@contextmanager
def _postgres(admin_url: str) -> Iterator[str]:
    admin = create_engine(make_url(admin_url), isolation_level="AUTOCOMMIT")
    name = f"kaohe_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _level(base: str, clients: int, count: int, year: int) -> dict[str, Any]:
    body = {"agency_code": "基准", "year": year, "title": "x"}
    result = burst(base, lambda _: ("POST", "/api/docnums", body), count=count, concurrency=clients)
    numbers = sorted(a.body["number"] for a in result.answers if a.status == 201)
    return {
        "clients": clients,
        "requests": count,
        "ok": numbers == list(range(1, count + 1)),
        "statuses": result.statuses,
        "errors": [a.body for a in result.answers if a.status != 201][:3],
        "writes_per_s": round(count / result.wall_seconds, 1),
        "p50_ms": round(result.percentile(0.50) * 1000, 1),
        "p95_ms": round(result.percentile(0.95) * 1000, 1),
        "health_max_ms": round(result.worst_health * 1000, 1),
    }


def _engine(url: str, folder: Path) -> dict[str, Any]:
    count = int(os.environ.get("BENCH_WRITES", "300"))
    with live_server(url, folder / "server.log") as base:
        burst(base, lambda _: ("GET", "/api/health", None), count=20, concurrency=5)  # warm-up
        # A year per level: each level's numbers start at 1, so "ok" checks they are consecutive.
        levels = [
            _level(base, clients, count // 3 if clients == 1 else count, 2100 + clients) for clients in LEVELS
        ]
    baseline = levels[0]["writes_per_s"]
    for level in levels:
        level["throughput_vs_1_client"] = round(level["writes_per_s"] / baseline, 2)
    return {str(level["clients"]): level for level in levels}


def run() -> dict[str, Any]:
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="kaohe-bench-writes-") as tmp:
        folder = Path(tmp)
        with _sqlite(folder) as url:
            figures["sqlite"] = _engine(url, folder)
        postgres = os.environ.get("TEST_POSTGRES_URL")
        if postgres:
            with _postgres(postgres) as url:
                figures["postgresql"] = _engine(url, folder)
        else:
            figures["postgresql"] = "跳过：未设置 TEST_POSTGRES_URL（用 scripts/with-postgres.sh 运行）"
    return figures
