"""A province's round, scaled down (issue 15): N organisations × M people through one API instance and
W workers on PostgreSQL, as real processes.

Each organisation, over HTTP: created with 4 departments, a 000 round, its roster (PUT …/people),
evaluated, its notice issued with an allocated 文号 (.docx), and its 登记表 packet (one form per person,
built from the stored roster's names and departments) submitted as a PDF job; `BENCH_CLIENTS`
organisations run at a time. Reported: wall time until the last packet is done, queue wait (a job's
started_at − created_at, from the job table) p50/p95, and the peak RSS of each process with its
children (a worker's soffice included).

The issue's size is 200 × 250 (`BENCH_ORGS`, `BENCH_PEOPLE` default to it); on a 2-core machine run
e.g. `BENCH_ORGS=4 BENCH_PEOPLE=50`. Needs PostgreSQL (scripts/with-postgres.sh).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from benchmarks.deployment import (
    WORKER_COMMAND,
    MemorySampler,
    Service,
    api_service,
    environment,
    free_port,
    fresh_database,
    healthy,
    wait_until,
)
from service.bootstrap import upgrade
from service.db import Database
from service.documents.registry import get_kind
from service.models import Job

DEPARTMENTS = ("业务科", "综合科", "窗口一科", "窗口二科")
FORM = "form-civil-servant"
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(serial: int) -> str:
    """A valid 公民身份号码 (GB 11643 check digit) for person `serial`."""
    body = f"310101198{serial % 10}0101{serial % 1000:03d}"
    body = body[:17]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]
    return body + check


def person(serial: int) -> dict[str, Any]:
    return {
        "id": f"P{serial:04d}",
        "name": f"人员{serial}",
        "id_number": id_number(serial),
        "category": "公务员",
        "department": DEPARTMENTS[serial % len(DEPARTMENTS)],
        "on_roster": True,
        "joined_on": "2021-03-01",
        "unit_kind": "区内",
        "proposed_grade": "称职",
        "quarterly_excellent": 1,
    }


def organisation(client: httpx.Client, number: int, people: int) -> dict[str, Any]:
    """One office's round end to end; returns its job id and the seconds of each step."""
    timings: dict[str, float] = {}
    started = time.perf_counter()

    def step(name: str, response: httpx.Response, status: int = 200) -> Any:
        assert response.status_code == status, (name, response.status_code, response.text[:500])
        timings[name] = round(time.perf_counter() - started, 2)
        return response.json() if "json" in response.headers.get("content-type", "") else None

    org = step(
        "organisation",
        client.post(
            "/api/organisations",
            json={
                "name": f"第{number}行政服务中心",
                "issuer_mark": f"第{number}行政服务中心文件",
                "agency_code": f"第{number}中心",
                "signature": f"第{number}行政服务中心",
            },
        ),
        201,
    )
    for name in DEPARTMENTS:
        step(
            "departments",
            client.post(f"/api/organisations/{org['id']}/departments", json={"name": name}),
            201,
        )
    round_ = step(
        "round",
        client.post(
            "/api/rounds",
            json={
                "organisation_id": org["id"],
                "scheme": "resident-annual",
                "year": 2022,
                "as_of": "2022-11-30",
                "starts_on": "2022-12-14",
            },
        ),
        201,
    )
    roster = [person(n) for n in range(people)]
    step("roster", client.put(f"/api/rounds/{round_['id']}/people", json={"people": roster}))
    step("evaluate", client.post(f"/api/rounds/{round_['id']}/evaluate"))
    step(
        "notice",
        client.post(
            f"/api/rounds/{round_['id']}/documents/notice-resident-annual",
            json={"issue": True, "docnum": "allocate"},
        ),
    )
    example = get_kind(FORM).example().model_dump(mode="json")
    items = [{"kind": FORM, "payload": {**example, "name": p["name"]}, "person": p["name"]} for p in roster]
    job = step("submit", client.post("/api/jobs", json={"items": items, "output": "pdf"}), 202)
    return {"job": job["id"], "timings": timings}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run() -> dict[str, Any]:
    admin_url = os.environ.get("TEST_POSTGRES_URL") or os.environ.get("BENCH_POSTGRES_URL")
    if not admin_url:
        return {
            "skipped": "需要 PostgreSQL：scripts/with-postgres.sh .venv/bin/python -m benchmarks province"
        }
    orgs = int(os.environ.get("BENCH_ORGS", "200"))
    people = int(os.environ.get("BENCH_PEOPLE", "250"))
    clients = int(os.environ.get("BENCH_CLIENTS", "2"))
    worker_count = int(os.environ.get("BENCH_WORKERS", "2"))
    with fresh_database(admin_url) as url, tempfile.TemporaryDirectory(prefix="kaohe-province-") as logs:
        upgrade(url)
        port = free_port()
        env = environment(url, OFFICE_WORKERS="1", JOB_MAX_UNFINISHED=str(orgs + 1))
        api = api_service("api", port, {**env, "RUN_WORKER": "false"}, Path(logs))
        workers = [Service(f"worker-{n}", WORKER_COMMAND, env, Path(logs)) for n in range(worker_count)]
        database = Database(url)
        try:
            for service in [api, *workers]:
                service.start()
            wait_until("api healthy", lambda: healthy(port), 120)
            with MemorySampler([api, *workers]):
                started = time.perf_counter()
                with (
                    httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=300) as client,
                    ThreadPoolExecutor(max_workers=clients) as pool,
                ):
                    offices = list(pool.map(lambda n: organisation(client, n, people), range(orgs)))
                submitted = time.perf_counter() - started
                ids = [office["job"] for office in offices]

                def all_finished() -> list[Job] | None:
                    with database.session() as session:
                        rows = list(session.scalars(select(Job).where(Job.id.in_(ids))))
                    return rows if all(r.status in ("done", "failed") for r in rows) else None

                finished = wait_until("every packet done", all_finished, 4 * 3600, every=1)
                wall = time.perf_counter() - started
        finally:
            for service in [api, *workers]:
                service.stop()
            database.dispose()
    waits = [(job.started_at - job.created_at).total_seconds() for job in finished if job.started_at]
    return {
        "organisations": orgs,
        "people_each": people,
        "clients": clients,
        "workers": worker_count,
        "wall_seconds": round(wall, 1),
        "requests_seconds": round(submitted, 1),
        "jobs_done": sum(1 for job in finished if job.status == "done"),
        "forms": orgs * people,
        "queue_wait_p50_seconds": round(statistics.median(waits), 1),
        "queue_wait_p95_seconds": round(percentile(waits, 0.95), 1),
        "peak_rss_mib": {s.name: round(s.peak_rss / 2**20) for s in [api, *workers]},
        "first_office_steps_seconds": offices[0]["timings"],
    }
