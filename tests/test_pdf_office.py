"""The warm LibreOffice pool (issue 6, DESIGN.md §6): reuse, restart on crash/hang/N documents, 503 when full.

Real LibreOffice throughout: the pool's soffice processes are killed with `os.kill` like a crash would.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psutil
import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from service.documents.registry import get_kind
from service.documents.render import render_docx
from service.errors import ServiceBusy
from service.pdf import office
from service.pdf.merge import PartMark
from service.pdf.office import ConversionFailed, OfficePool, get_pool, wait_until
from service.pdf.packet import PacketDocument, concatenate

pytestmark = pytest.mark.pdf

FORM = "form-civil-servant"
ROSTER = "roster-resident-annual"


@pytest.fixture(scope="module")
def form_docx() -> bytes:
    return render_docx(FORM, get_kind(FORM).example())


@pytest.fixture(scope="module")
def long_docx(form_docx: bytes) -> bytes:
    """Forty forms in one document: a conversion that takes long enough to interrupt."""
    return concatenate([form_docx] * 40, [PartMark(i, "表") for i in range(40)])


@pytest.fixture
def pool(client: TestClient) -> OfficePool:
    """The service's own pool (started by the app's lifespan), warm."""
    shared = get_pool()
    shared.start()
    return shared


@pytest.fixture
def small_pool() -> Iterator[OfficePool]:
    """A one-worker pool with no waiting room, for restart and queue tests."""
    tiny = OfficePool(workers=1, max_jobs_per_worker=200, timeout=120, queue_size=0)
    tiny.start()
    yield tiny
    tiny.stop()


def test_warm_pool_reuses_its_processes_across_conversions(pool: OfficePool, form_docx: bytes) -> None:
    pids = sorted(pool.office_pids())
    first = pool.convert(form_docx)
    second = pool.convert(form_docx)
    assert first.pdf.startswith(b"%PDF") and second.pdf.startswith(b"%PDF")
    assert first.pages == len(PdfReader(io.BytesIO(first.pdf)).pages) == 1
    assert sorted(pool.office_pids()) == pids  # no cold start per document
    assert len(pids) == pool.size


def test_killed_worker_is_replaced_and_the_request_still_succeeds(
    client: TestClient, pool: OfficePool, form_docx: bytes
) -> None:
    before = pool.office_pids()
    restarts = pool.restarts
    for pid in before:
        os.kill(pid, signal.SIGKILL)
    payload = get_kind(FORM).example().model_dump(mode="json")
    for _ in range(pool.size):  # each request lands on a dead worker, which is replaced first
        response = client.post(f"/api/documents/{FORM}?format=pdf", json=payload)
        assert response.status_code == 200, response.text
        assert len(PdfReader(io.BytesIO(response.content)).pages) == 1
    assert pool.restarts == restarts + pool.size
    assert set(pool.office_pids()).isdisjoint(before)


def test_worker_killed_during_a_conversion_is_restarted_and_the_job_retried_once(
    small_pool: OfficePool, long_docx: bytes
) -> None:
    worker = small_pool.workers[0]
    result: dict[str, object] = {}

    def convert() -> None:
        result["conversion"] = small_pool.convert(long_docx)

    thread = threading.Thread(target=convert)
    thread.start()
    assert wait_until(lambda: small_pool.in_flight == 1, 5)
    victim = worker.office_pid
    assert victim is not None
    threading.Event().wait(0.5)  # let the conversion get under way
    os.kill(victim, signal.SIGKILL)
    thread.join(timeout=180)
    conversion = result["conversion"]
    assert isinstance(conversion, office.Conversion)
    assert conversion.retried
    assert conversion.pages == 40
    assert worker.office_pid != victim


def test_worker_restarts_after_max_jobs(small_pool: OfficePool, form_docx: bytes) -> None:
    small_pool.max_jobs_per_worker = 2
    first_pid = small_pool.workers[0].office_pid
    small_pool.convert(form_docx)
    small_pool.convert(form_docx)
    assert small_pool.workers[0].office_pid == first_pid
    small_pool.convert(form_docx)  # the third document goes to a fresh soffice (leaks are bounded)
    assert small_pool.workers[0].office_pid != first_pid
    assert small_pool.restarts == 1


def test_hung_conversion_is_killed_retried_once_then_reported(
    small_pool: OfficePool, long_docx: bytes
) -> None:
    small_pool.timeout = 0.05
    with pytest.raises(ConversionFailed, match="重启后仍然失败"):
        small_pool.convert(long_docx)
    assert small_pool.restarts == 2  # once for the hang, once for the retry's hang
    small_pool.timeout = 120
    assert small_pool.convert(long_docx).pages == 40  # the pool is healthy again


def test_full_queue_answers_503_with_retry_after(
    client: TestClient, small_pool: OfficePool, long_docx: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(office, "_pool", small_pool)
    busy = threading.Thread(target=small_pool.convert, args=(long_docx,))
    busy.start()
    try:
        assert wait_until(lambda: small_pool.in_flight == 1, 5)
        with pytest.raises(ServiceBusy):
            small_pool.convert(long_docx)
        payload = get_kind(FORM).example().model_dump(mode="json")
        response = client.post(f"/api/documents/{FORM}?format=pdf", json=payload)
        assert response.status_code == 503
        assert int(response.headers["Retry-After"]) >= 1
        assert "队列已满" in response.json()["detail"]
    finally:
        busy.join(timeout=180)


def test_packet_documents_are_grouped_by_identical_packages() -> None:
    """Documents whose parts but the body are identical share a chunk (one conversion, DESIGN.md §6 cost
    model); a document of another template gets a chunk of its own."""
    from service.pdf.packet import plan_chunks

    civil = render_docx(FORM, get_kind(FORM).example())
    # Another person on the same form: only the body and the core properties (title, created) differ.
    other = render_docx(FORM, {**get_kind(FORM).example().model_dump(mode="json"), "name": "李建国"})
    letter = render_docx("adjustment-letter", get_kind("adjustment-letter").example())
    documents = [PacketDocument(d, "表") for d in (civil, letter, other, letter, civil)]
    assert plan_chunks(documents, workers=1) == [[0, 2, 4], [1, 3]]
    assert plan_chunks(documents, workers=2) == [[0, 2], [4], [1], [3]]
    # Another form (its running header names it: issue 14) is another template.
    resident = render_docx("form-resident", get_kind("form-resident").example())
    assert plan_chunks([PacketDocument(d, "表") for d in (civil, resident)], workers=1) == [[0], [1]]


def test_no_soffice_outlives_a_service_that_dies_without_stopping_its_pool(tmp_path: Path) -> None:
    """A crash of the service (here `os._exit`) must not leave soffice processes behind."""
    script = tmp_path / "die.py"
    script.write_text(
        "import os\n"
        "from service.pdf.office import OfficePool\n"
        "pool = OfficePool(workers=1)\n"
        "pool.start()\n"
        "print(pool.office_pids()[0], flush=True)\n"
        "os._exit(0)\n"
    )
    root = Path(__file__).resolve().parent.parent
    printed = subprocess.run(
        [sys.executable, str(script)], cwd=root, env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True, text=True, check=True, timeout=120,
    ).stdout  # fmt: skip
    office_pid = int(printed.strip())
    assert wait_until(lambda: not psutil.pid_exists(office_pid) or _is_zombie(office_pid), 10)


def _is_zombie(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _office_seconds(process: psutil.Process) -> float:
    """CPU seconds the office process has spent: how far into a conversion it is."""
    try:
        times = process.cpu_times()
    except psutil.Error:
        return float("inf")
    return float(times.user + times.system)


def _long_roster() -> dict[str, object]:
    """A 名单 of 400 people: pages enough for a conversion to be interrupted at several moments."""
    example = get_kind(ROSTER).example().model_dump(mode="json")
    people = example["people"]
    example["people"] = [{**people[n % len(people)], "name": f"人员{n}"} for n in range(400)]
    return example


# When soffice is killed, as conditions on the conversion: None = idle just before the request;
# a number = once the office has spent that many CPU seconds on the request; "pdf" = once it writes
# the PDF file.
KILL_MOMENTS: list[float | str | None] = [None, 0.0, 0.2, 0.6, "pdf"]


def _moment_reached(moment: float | str, victim: psutil.Process, spent: float) -> bool:
    if moment == "pdf":
        try:
            return any(Path(tempfile.gettempdir()).glob(f"kaohe-pdf-{os.getpid()}-*/*.pdf"))
        except FileNotFoundError:  # a conversion's folder removed while the glob read it: it has answered
            return False
    return _office_seconds(victim) - spent >= float(moment)


def _kill_at(moment: float | str, victim: psutil.Process, answer: Future[Any], pool: OfficePool) -> bool:
    """Kill the office once `moment` is reached (or the answer came first); whether it was in flight."""
    spent = _office_seconds(victim)
    assert wait_until(lambda: pool.in_flight == 1 or answer.done(), 60)
    wait_until(lambda: _moment_reached(moment, victim, spent) or answer.done(), 120)
    in_flight = not answer.done()
    os.kill(victim.pid, signal.SIGKILL)
    return in_flight


def test_five_kills_at_different_moments_of_a_conversion_each_still_answer_200(
    client: TestClient, small_pool: OfficePool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 10.5: kill -9 of soffice before, at the start of, during and at the end of a conversion."""
    monkeypatch.setattr(office, "_pool", small_pool)
    worker = small_pool.workers[0]
    roster = _long_roster()
    victims: list[int] = []
    kills_in_flight = 0
    with ThreadPoolExecutor(max_workers=1) as sender:
        for moment in KILL_MOMENTS:
            victim = worker.office_process
            assert victim is not None
            victims.append(victim.pid)
            restarts = small_pool.restarts
            if moment is None:
                os.kill(victim.pid, signal.SIGKILL)
            answer = sender.submit(client.post, f"/api/documents/{ROSTER}?format=pdf", json=roster)
            in_flight = moment is None or _kill_at(moment, victim, answer, small_pool)
            response = answer.result(timeout=300)
            assert response.status_code == 200, (moment, response.text[:300])
            assert len(PdfReader(io.BytesIO(response.content)).pages) > 5
            if in_flight:
                kills_in_flight += 1
                assert small_pool.restarts == restarts + 1, moment  # replaced, and the job retried
    assert kills_in_flight >= 3  # at least the idle kill and the two earliest moments hit a live job
    # A kill that landed after its conversion had answered is noticed at the next use: that conversion
    # still answers 200 and the worker then runs an office none of the kills touched.
    response = client.post(f"/api/documents/{ROSTER}?format=pdf", json=roster)
    assert response.status_code == 200, response.text[:300]
    assert worker.office_pid not in victims
    # Every killed worker's profile, temporary folder and pipe socket is gone: one worker, one folder.
    folders = list(Path(tempfile.gettempdir()).glob(f"kaohe-office-{os.getpid()}-{small_pool.tag}-*"))
    assert folders == [worker.home]
    pipes = [p.name for p in Path("/tmp").glob(f"OSL_PIPE_*_kaohe_{os.getpid()}_{small_pool.tag}_*")]
    assert pipes == [f"OSL_PIPE_{os.getuid()}_{worker.pipe}"]


def test_an_ioexception_from_an_office_that_was_killed_is_retried_once(
    small_pool: OfficePool, form_docx: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What failed once under load: LibreOffice answered `IOException … impl_store failed` instead of
    dying. The office is really killed; the bridge's answer is the one LibreOffice gave."""
    worker = small_pool.workers[0]
    victim = worker.office_pid
    assert victim is not None
    answer = worker._answer
    calls = {"n": 0}

    def killed_while_storing(timeout: float) -> dict[str, Any]:
        calls["n"] += 1
        if calls["n"] > 1:
            return answer(timeout)
        answer(timeout)  # the real answer of the conversion, dropped
        os.kill(victim, signal.SIGKILL)
        return {"ok": False, "fatal": False, "error": "IOException: SfxBaseModel::impl_store failed: 0x81a"}

    monkeypatch.setattr(worker, "_answer", killed_while_storing)
    conversion = small_pool.convert(form_docx)
    assert conversion.retried and conversion.pdf.startswith(b"%PDF")
    assert small_pool.restarts == 1 and worker.office_pid != victim


def test_a_live_office_that_refuses_a_document_is_not_retried(
    small_pool: OfficePool, form_docx: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document a running office cannot load is the document's fault: one attempt, no restart. (An
    `impl_store` failure — writing our own temp file — is the office's, and is retried: see above.)"""
    worker = small_pool.workers[0]
    answer = worker._answer

    def refused(timeout: float) -> dict[str, Any]:
        answer(timeout)
        return {"ok": False, "fatal": False, "error": "IllegalArgumentException: Unsupported URL <file:///x>"}

    monkeypatch.setattr(worker, "_answer", refused)
    with pytest.raises(ConversionFailed, match="无法转换该文档"):
        small_pool.convert(form_docx)
    assert small_pool.restarts == 0
