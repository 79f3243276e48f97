"""One registration form of a stored round, in a 20-person round and in a 20,000-person round.

A paper of a round is built from its `RoundContext` (service/round_context.py). A person's paper reads
only that person's entry (one form must not cost the whole roster); a list paper reads the roster in a
fixed number of queries. Measured on a SQLite file, after one warm-up, median of `BENCH_RUNS` (7):
- `form_ms`: `render_round_document` of one 附表2 (context, payload, .docx) — small vs large round;
- `context_ms`: the full context of the round (what a 公示, a batch or the status reads) — small vs large;
- `statements`: SQL statements one form issues, small vs large (equal: no query per person).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event

from schemas.round import RoundDocumentRequest
from service.archive import render_round_document
from service.auth import Actor
from service.bootstrap import upgrade
from service.db import Database
from service.models import Department, DispatchingUnit, Organisation, Person, Round, RoundEntry
from service.round_context import build_context
from service.timeline import timeline

SIZES = (20, 20_000)
ACTOR = Actor(username="bench", role="admin", department_id=None)
CATEGORIES = ("公务员", "参公", "事业", "其他")


def _median_ms(action: Callable[[], Any], runs: int) -> float:
    action()  # warm-up: templates parsed, policy files read
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(timings), 2)


def _stored_round(database: Database, size: int, agency: str) -> int:
    """A seed-000 round of `size` people in 40 departments, inserted directly (not the thing measured)."""
    with database.session(write=True) as session:
        organisation = Organisation(
            name="上海市宝山区行政服务中心",
            issuer_mark="上海市宝山区行政服务中心文件",
            agency_code=agency,
            signature="上海市宝山区行政服务中心",
        )
        session.add(organisation)
        session.flush()
        departments = [Department(organisation_id=organisation.id, name=f"第{n}科") for n in range(1, 41)]
        unit = DispatchingUnit(organisation_id=organisation.id, name="宝山区市场监督管理局", unit_kind="区内")
        session.add_all([*departments, unit])
        session.flush()
        round_ = Round(
            organisation_id=organisation.id,
            scheme="resident-annual",
            year=2022,
            quarter=None,
            as_of=None,
            starts_on=_date(2022, 12, 14),
            title="2022年度常驻人员年度考核",
            timeline=[s.model_dump(mode="json") for s in timeline("resident-annual", _date(2022, 12, 14))],
            policy={},
            amounts={},
            result=None,
        )
        session.add(round_)
        session.flush()
        people = [
            Person(
                organisation_id=organisation.id,
                code=f"P{index:05d}",
                name=f"人员{index}",
                category=CATEGORIES[(index - 1) % 4],
                department_id=departments[index % 40].id,
                dispatching_unit_id=unit.id,
                in_establishment=True,
            )
            for index in range(1, size + 1)
        ]
        session.add_all(people)
        session.flush()
        session.add_all(
            RoundEntry(
                round_id=round_.id,
                person_id=p.id,
                position=index,
                payload={
                    "id": p.code,
                    "name": p.name,
                    "category": p.category,
                    "department": departments[index % 40].name,
                    "on_roster": True,
                    "gender": "女",
                    "birth_month": "1985.06",
                    "political_status": "中共党员",
                    "post": "窗口受理",
                },
                proposed_grade="称职",
                final_grade=None,
                eligible=True,
                outcomes=[],
            )
            for index, p in enumerate(people)
        )
        return round_.id


def _date(year: int, month: int, day: int) -> Any:
    import datetime as dt

    return dt.date(year, month, day)


def _statements(database: Database, action: Callable[[], Any]) -> int:
    count = 0

    def counted(*_: Any) -> None:
        nonlocal count
        count += 1

    event.listen(database.engine, "before_cursor_execute", counted)
    try:
        action()
    finally:
        event.remove(database.engine, "before_cursor_execute", counted)
    return count


def run() -> dict[str, Any]:
    runs = int(os.environ.get("BENCH_RUNS", "7"))
    figures: dict[str, Any] = {"runs": runs}
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        database = Database(url)
        try:
            for size in SIZES:
                round_id = _stored_round(database, size, agency=f"宝{size}")
                request = RoundDocumentRequest(person_id="P00001")

                def form(round_id: int = round_id, request: RoundDocumentRequest = request) -> bytes:
                    with database.session() as session:
                        return render_round_document(
                            session=session,
                            actor=ACTOR,
                            round_id=round_id,
                            kind_id="form-civil-servant",
                            request=request,
                        ).content

                def context(round_id: int = round_id) -> Any:
                    with database.session() as session:
                        return build_context(session=session, actor=ACTOR, round_id=round_id)

                figures[f"form_ms_{size}"] = _median_ms(form, runs)
                figures[f"context_ms_{size}"] = _median_ms(context, max(3, runs // 2))
                figures[f"statements_{size}"] = _statements(database, form)
        finally:
            database.dispose()
    small, large = SIZES
    figures["form_ratio"] = round(figures[f"form_ms_{large}"] / figures[f"form_ms_{small}"], 2)
    figures["context_ratio"] = round(figures[f"context_ms_{large}"] / figures[f"context_ms_{small}"], 1)
    return figures
