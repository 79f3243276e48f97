"""The job table's rules (issue 15), on SQLite and PostgreSQL: a chunk counts once, the last one is known."""

from __future__ import annotations

from schemas.job import ItemError
from service import job_store
from service.db import Database

JOB = "b" * 32


def _job(database: Database, chunks: int = 2) -> None:
    with database.session(write=True) as session:
        job_store.create(
            session=session, job_id=JOB, kind="batch", owner="clerk", request={"items": []},
            total=15, chunk_size=10, chunks_total=chunks,
        )  # fmt: skip
        assert job_store.start(session=session, job_id=JOB)


def _record(database: Database, index: int, items: int, errors: list[ItemError] | None = None) -> bool:
    with database.session(write=True) as session:
        return job_store.record_chunk(
            session=session, job_id=JOB, index=index, files={f"chunk-{index:05d}-0.pdf": b"%PDF"},
            manifest={"parts": [], "samples": {}, "stems": {}}, errors=errors or [], items=items,
        )  # fmt: skip


def test_a_chunk_retried_after_a_killed_worker_counts_once_and_still_knows_it_was_last(
    database: Database,
) -> None:
    _job(database)
    error = ItemError(index=3, kind="form-civil-servant", path="items[3].payload.name", message="不能为空")
    assert _record(database, 0, 10, [error]) is False
    assert _record(database, 0, 10, [error]) is False  # the same chunk again: nothing added
    assert _record(database, 1, 5) is True
    assert _record(database, 1, 5) is True  # a retried last chunk still asks for the merge
    with database.session() as session:
        state = job_store.state_of(job_store.load(session=session, job_id=JOB))
    assert (state.done, state.total, state.chunks_done) == (15, 15, 2)
    assert [e.path for e in state.errors] == ["items[3].payload.name"]


def test_finishing_replaces_the_chunks_with_the_result_and_a_late_failure_changes_nothing(
    database: Database,
) -> None:
    _job(database, chunks=1)
    _record(database, 0, 15)
    with database.session(write=True) as session:
        job_store.finish(
            session=session, job_id=JOB, content=b"%PDF-result", media_type="application/pdf",
            filename="登记表.pdf", fonts=None,
        )  # fmt: skip
    with database.session(write=True) as session:
        job_store.fail(session=session, job_id=JOB, message="迟到的失败")
    with database.session() as session:
        job, content = job_store.result(session=session, job_id=JOB)
        assert job_store.manifests(session=session, job_id=JOB) == []
    assert (job.status, job.message, content) == ("done", None, b"%PDF-result")
