"""`POST /api/schemes/{id}/evaluate` on a 2,000-person roster, for every individual scheme.

For each scheme three timings of the same payload, the median of `BENCH_RUNS` runs (default 7) after
one warm-up:
- `parse_ms`: the baseline, Pydantic parsing of the payload alone (`IndividualRound.model_validate`);
- `evaluate_ms`: `service.evaluation.evaluate` (parse, policy merge, duplicate ids, checks, rules);
- `http_ms`: the whole request through the ASGI test client (JSON in and out, no network).
The ratios say how much the rules and the HTTP layer cost on top of parsing.
A scheme whose rules are not written yet (NotImplementedError) is reported as skipped.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from schemas.evaluation import IndividualRound
from service.app import create_app
from service.errors import DomainError
from service.evaluation import evaluate

ROSTER_SIZE = 2_000
DEPARTMENTS = [f"第{n}科" for n in range(1, 41)]


def _base_person(index: int, rng: random.Random) -> dict[str, Any]:
    return {
        "id": f"P{index:05d}",
        "name": f"人员{index}",
        "department": DEPARTMENTS[index % len(DEPARTMENTS)],
        "is_head": index % 50 == 0,
        "on_roster": True,
        "joined_on": f"20{rng.randint(10, 23)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        "months_on_post": 12,
    }


def resident_annual(rng: random.Random) -> dict[str, Any]:
    """000: 公务员/参公/事业/其他 in 40 departments; 优秀 proposed for about one in six."""
    people = []
    for index in range(1, ROSTER_SIZE + 1):
        category = ("公务员", "参公", "事业", "其他")[index % 4]
        civil = category in ("公务员", "参公")
        excellent = index % 6 == 0 and category != "其他"
        grade = "优秀" if excellent else ("称职" if civil else "合格")
        people.append(
            {
                **_base_person(index, rng),
                "category": category,
                "proposed_grade": grade,
                "recommended": excellent,
                "advanced": index % 12 == 0,
                "quarterly_excellent": rng.randint(0, 4),
            }
        )
    return {"year": 2022, "as_of": "2022-11-30", "people": people}


def purchased_service_annual(rng: random.Random) -> dict[str, Any]:
    """001: 购买服务 staff with incidents, allowances and prior years, so every rule has work."""
    people = []
    for index in range(1, ROSTER_SIZE + 1):
        grade = "优秀" if index % 12 == 0 else "表扬" if index % 9 == 0 else "合格"
        people.append(
            {
                **_base_person(index, rng),
                "category": "购买服务",
                "group": ("大厅服务", "大厅管理", "其他科室")[index % 3],
                "proposed_grade": grade,
                "allowance_level": "一级" if index % 20 == 0 else None,
                "dedication_award": index % 40 == 0,
                "facts": {
                    "bad_reviews": rng.choice((0, 0, 0, 1)),
                    "complaints": rng.choice((0, 0, 0, 0, 1)),
                    "personal_leave_days": rng.choice((0, 1, 3, 6)),
                    "other_violations": rng.choice((0, 0, 1)),
                },
                "prior_grades": [{"year": 2023, "grade": rng.choice(("优秀", "表扬", "合格"))}],
                "unit_kind": ("区内", "市条线", "其他")[index % 3],
            }
        )
    amounts = {
        "bonus_month": 3000,
        "allowance_month": {"一级": 500},
        "award": {"优秀": 2000, "表扬": 1000},
        "dedication": 800,
    }
    return {"year": 2024, "as_of": "2024-12-31", "amounts": amounts, "people": people}


def civil_servant_quarterly(rng: random.Random) -> dict[str, Any]:
    """002: scored civil servants, grades left to the rules, three earlier quarters, a 公示 period."""
    people = []
    for index in range(1, ROSTER_SIZE + 1):
        person = {
            **_base_person(index, rng),
            "category": "公务员",
            "scores": {
                "kpi": round(rng.uniform(55, 100), 2),
                "bpi": round(rng.uniform(60, 100), 2),
                "opi": rng.choice((0, 0, 0, 1, -1, 2)),
            },
            "quarter_grades": [rng.choice(("好", "较好", "较好", "一般")) for _ in range(3)],
        }
        if index % 100 == 0:
            person["direct_grade"] = "好"
            person["justification"] = "承担急难险重任务表现突出"
        people.append(person)
    return {
        "year": 2024,
        "quarter": 4,
        "publicity_start": "2024-12-27",
        "publicity_end": "2025-01-02",
        "people": people,
    }


PAYLOADS: dict[str, Callable[[random.Random], dict[str, Any]]] = {
    "resident-annual": resident_annual,
    "purchased-service-annual": purchased_service_annual,
    "civil-servant-quarterly": civil_servant_quarterly,
}


def timings_ms(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """(median, fastest) of `runs` timed calls after one warm-up: imports, caches, the policy file.

    The fastest run is reported too because a shared machine's load inflates the median.
    """
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2), round(min(times), 2)


def bench_scheme(scheme_id: str, payload: dict[str, Any], client: TestClient, runs: int) -> dict[str, Any]:
    try:
        result = evaluate(scheme_id, payload)
    except NotImplementedError:
        return {"scheme": scheme_id, "skipped": "规则尚未实现（NotImplementedError）"}
    except DomainError as exc:
        return {"scheme": scheme_id, "skipped": f"示例数据未通过校验：{exc.detail[:200]}"}
    url = f"/api/schemes/{scheme_id}/evaluate"
    status = client.post(url, json=payload).status_code
    parse, parse_min = timings_ms(lambda: IndividualRound.model_validate(payload), runs)
    rules, rules_min = timings_ms(lambda: evaluate(scheme_id, payload), runs)
    http, http_min = timings_ms(lambda: client.post(url, json=payload), runs)
    return {
        "scheme": scheme_id,
        "people": len(payload["people"]),
        "findings": len(getattr(result, "findings", [])),
        "http_status": status,
        "parse_ms": parse,
        "evaluate_ms": rules,
        "http_ms": http,
        "evaluate_over_parse": round(rules / parse, 2),
        "http_over_parse": round(http / parse, 2),
        "parse_min_ms": parse_min,
        "evaluate_min_ms": rules_min,
        "http_min_ms": http_min,
    }


def run() -> dict[str, Any]:
    runs = int(os.environ.get("BENCH_RUNS", "7"))
    client = TestClient(create_app())
    results = [
        bench_scheme(scheme_id, build(random.Random(2024)), client, runs)
        for scheme_id, build in PAYLOADS.items()
    ]
    return {"roster": ROSTER_SIZE, "runs": runs, "statistic": "median", "schemes": results}
