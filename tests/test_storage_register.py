"""The 文号 register (DESIGN.md §3, issue 5): per (机关代字, year), gapless, never reused, also under
concurrency; a voided number stays voided. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from schemas.register import DocnumAllocate, DocnumVoid
from service import register
from service.auth import LOCAL_ADMIN
from service.db import Database
from service.errors import Conflict

AGENCY = "宝行政中心"


def _allocate(database: Database, year: int = 2022, agency: str = AGENCY) -> str:
    with database.session(write=True) as session:
        request = DocnumAllocate(agency_code=agency, year=year, title="关于做好年度考核工作的通知")
        return register.allocate(session=session, actor=LOCAL_ADMIN, request=request).text


def test_numbers_start_at_1_per_agency_and_year_in_the_gbt9704_form(database: Database) -> None:
    assert [_allocate(database) for _ in range(3)] == [f"{AGENCY}〔2022〕{n}号" for n in (1, 2, 3)]
    assert _allocate(database, year=2023) == f"{AGENCY}〔2023〕1号"
    assert _allocate(database, agency="宝政务中心") == "宝政务中心〔2022〕1号"


def test_50_parallel_allocations_give_50_distinct_consecutive_numbers(database: Database) -> None:
    with ThreadPoolExecutor(max_workers=16) as pool:
        texts = list(pool.map(lambda _: _allocate(database), range(50)))
    assert sorted(texts) == sorted(f"{AGENCY}〔2022〕{n}号" for n in range(1, 51))
    with database.session() as session:
        numbers = session.execute(text("SELECT number FROM docnums ORDER BY number")).scalars().all()
    assert numbers == list(range(1, 51))


def test_a_failed_request_takes_no_number_so_the_register_has_no_gap(database: Database) -> None:
    _allocate(database)
    with pytest.raises(RuntimeError), database.session(write=True) as session:
        request = DocnumAllocate(agency_code=AGENCY, year=2022, title="x")
        register.allocate(session=session, actor=LOCAL_ADMIN, request=request)
        raise RuntimeError("the document failed to render after the number was taken")
    assert _allocate(database) == f"{AGENCY}〔2022〕2号"


def test_a_voided_number_stays_voided_and_is_never_given_again(database: Database) -> None:
    first = _allocate(database)
    with database.session(write=True) as session:
        docnum_id = register.listing(session=session, actor=LOCAL_ADMIN)[0].id
        reason = DocnumVoid(reason="文件撤回，重新发文")
        voided = register.void(session=session, actor=LOCAL_ADMIN, docnum_id=docnum_id, request=reason)
    assert (voided.text, voided.status, voided.void_reason) == (first, "void", "文件撤回，重新发文")
    assert _allocate(database) == f"{AGENCY}〔2022〕2号"
    with pytest.raises(Conflict), database.session(write=True) as session:
        again = DocnumVoid(reason="再次作废")
        register.void(session=session, actor=LOCAL_ADMIN, docnum_id=docnum_id, request=again)
    with pytest.raises(Exception, match="不可删除"), database.session(write=True) as session:
        session.execute(text("DELETE FROM docnums"))


def test_register_api_allocates_lists_and_voids(api: TestClient) -> None:
    body = {"agency_code": "宝行政中心", "year": 2022, "title": "关于做好2022年度常驻部门考核工作的通知"}
    numbers = [api.post("/api/docnums", json=body).json()["text"] for _ in range(2)]
    assert numbers == ["宝行政中心〔2022〕1号", "宝行政中心〔2022〕2号"]
    listed = api.get("/api/docnums", params={"agency_code": "宝行政中心", "year": 2022}).json()
    voided = api.post(f"/api/docnums/{listed[0]['id']}/void", json={"reason": "重复发文"})
    assert voided.status_code == 200 and voided.json()["status"] == "void"
    assert [d["status"] for d in api.get("/api/docnums").json()] == ["void", "issued"]
    bad = api.post("/api/docnums", json={**body, "agency_code": "宝[行政]中心"})
    assert bad.status_code == 422
