"""The warm LibreOffice pool (DESIGN.md §6, issue 6): .docx in, PDF out, without a cold start per document.

A cold `soffice --convert-to pdf` costs ≈ 1.6 s on an idle machine (issue 6) and 3–4 s under load
(benchmarks/bench_pdf.py), almost all of it start-up. The pool keeps
`settings.office_workers` headless soffice processes running, each with its own profile
(`-env:UserInstallation`, two processes must never share one) and its own UNO pipe.

Why a bridge process: the venv's Python cannot import `uno`; Debian's `python3-uno` is built for
/usr/bin/python3. Measured choices (2-vCPU VM under load): (a) a second `soffice --convert-to` handed
to a running instance of the same profile still pays the launcher each time, 1.2–4 s a form, and reports
nothing back; (b) pyuno in the system Python, kept connected, converts a warm document in 0.2–0.4 s and
reports the page count. So every worker is a pair: soffice + `uno_bridge.py` (system Python) speaking
JSON lines over stdin/stdout. The bridge also kills soffice's process group when its stdin closes, so
no soffice outlives the service, however the service ends.

How it stays healthy (the Carbone/Gotenberg recipe): a worker is restarted after
`office_max_jobs_per_worker` conversions (soffice leaks memory; a packet chunk is one conversion),
when its process died (crash or kill), and when a conversion exceeds `office_timeout_seconds` (a hang);
the failed job is retried once on the fresh worker. Admission is bounded: at most
`office_workers + office_queue_size` conversions are running or waiting; one more is refused with
`ServiceBusy` (HTTP 503 + Retry-After).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import select
import shutil
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from service.config import settings
from service.errors import DomainError, ServiceBusy
from service.pdf.fonts import fontconfig_environment
from service.tempfiles import make_folder, remove_leftovers

log = logging.getLogger(__name__)

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
SYSTEM_PYTHON = "/usr/bin/python3"
BRIDGE = Path(__file__).with_name("uno_bridge.py")
START_SECONDS = 60.0


# How long a failed answer waits to see whether its office is dying (settled_alive).
SETTLE_SECONDS = 1.0


class ConversionFailed(DomainError):
    status_code = 500
    error = "PDF 转换失败"


class WorkerFailed(Exception):
    """The worker pair is unusable (crashed, killed, hung); the pool restarts it."""


@dataclass(frozen=True)
class Conversion:
    pdf: bytes
    pages: int
    worker: int
    retried: bool


class OfficeWorker:
    """One soffice process and the bridge that drives it."""

    def __init__(self, index: int, pool_tag: str) -> None:
        self.index = index
        self.pool_tag = pool_tag
        self.jobs_done = 0
        self.restarts = -1
        # The launcher (oosplash) restarts soffice.bin when a fresh profile asks for it, so we keep
        # it, start it in its own process group, and watch the real office process below it.
        self.office: subprocess.Popen[bytes] | None = None
        self.office_process: psutil.Process | None = None
        self.bridge: subprocess.Popen[bytes] | None = None
        self.home: Path | None = None
        self.pipe: str | None = None

    @property
    def office_pid(self) -> int | None:
        return self.office_process.pid if self.office_process is not None else None

    def alive(self) -> bool:
        return (
            self.office_process is not None
            and self.office_process.is_running()
            and self.office_process.status() != psutil.STATUS_ZOMBIE
            and self.bridge is not None
            and self.bridge.poll() is None
        )

    def _find_office_process(self) -> psutil.Process | None:
        assert self.office is not None
        try:
            children = psutil.Process(self.office.pid).children(recursive=True)
            return next((child for child in children if child.name().startswith("soffice.bin")), None)
        except psutil.Error:  # the launcher or its office is going down
            return None

    def start(self) -> None:
        self.stop()
        self.restarts += 1
        self.jobs_done = 0
        self.home = make_folder("office", f"{self.pool_tag}-{self.index}-")
        pipe = self.pipe = f"kaohe_{os.getpid()}_{self.pool_tag}_{self.index}_{self.restarts}"
        (self.home / "tmp").mkdir()
        # HOME and TMPDIR inside the worker's folder: its profile and LibreOffice's own temporary
        # files go when the worker goes (killed workers used to leave two profiles behind).
        environment = {
            **fontconfig_environment(),
            "HOME": str(self.home),
            "TMPDIR": str(self.home / "tmp"),
            "SAL_USE_VCLPLUGIN": "svp",
        }
        self.office = subprocess.Popen(
            [
                SOFFICE,
                "--headless",
                "--invisible",
                "--nologo",
                "--norestore",
                "--nodefault",
                "--nolockcheck",
                "--nofirststartwizard",
                f"-env:UserInstallation={(self.home / 'profile').as_uri()}",
                f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
            ],
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.bridge = subprocess.Popen(
            # The bridge ends the office's process group when our end of its stdin closes, so no
            # soffice outlives the service, however the service ends.
            [SYSTEM_PYTHON, str(BRIDGE), pipe, str(START_SECONDS), str(self.office.pid), str(self.home)],
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._answer(START_SECONDS)
        self.office_process = self._find_office_process()
        if self.office_process is None:
            raise WorkerFailed("LibreOffice 启动后找不到 soffice.bin 进程")

    def stop(self) -> None:
        if self.bridge is not None and self.bridge.poll() is None:
            self.bridge.kill()
        if self.office is not None:
            # soffice.bin outlives a killed launcher: end the whole process group we created.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.office.pid, signal.SIGKILL)
        for process in (self.bridge, self.office):
            if process is not None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=10)
        if self.office_process is not None:
            # The folder goes only once soffice.bin is gone, or a dying office could write into it again.
            with contextlib.suppress(psutil.Error):
                self.office_process.wait(timeout=10)
        self.office = self.bridge = self.office_process = None
        if self.home is not None:
            shutil.rmtree(self.home, ignore_errors=True)
            self.home = None
        if self.pipe is not None:
            # LibreOffice puts its pipe socket in /tmp whatever TMPDIR says, and a killed one leaves it.
            Path("/tmp", f"OSL_PIPE_{os.getuid()}_{self.pipe}").unlink(missing_ok=True)
            self.pipe = None

    def convert(self, source: Path, target: Path, timeout: float) -> int:
        if not self.alive() or self.bridge is None or self.bridge.stdin is None:
            raise WorkerFailed("LibreOffice 进程不在运行")
        request = json.dumps({"source": str(source), "target": str(target)}) + "\n"
        try:
            self.bridge.stdin.write(request.encode("utf-8"))
            self.bridge.stdin.flush()
        except (BrokenPipeError, OSError) as error:
            raise WorkerFailed(f"无法联系 LibreOffice：{error}") from error
        answer = self._answer(timeout)
        self.jobs_done += 1
        if not answer.get("ok"):
            # A worker killed mid-conversion does not always die first: LibreOffice may answer
            # "IOException … impl_store failed" while going down. Whatever it answered, a failure of a
            # worker whose process is gone or was replaced is the worker's, and is retried.
            # An impl_store IOException is LibreOffice failing to write our own temp file: the office
            # going down, not the document (a document LibreOffice cannot read fails on loading), so
            # it is the worker's failure even when the dying office still looks alive.
            store_failed = "impl_store" in str(answer.get("error"))
            if answer.get("fatal") or store_failed or not self.settled_alive():
                raise WorkerFailed(str(answer.get("error")))
            raise ConversionFailed(f"LibreOffice 无法转换该文档：{answer.get('error')}")
        return int(answer.get("pages", 0))

    def settled_alive(self) -> bool:
        """Whether the office process that took the job still runs, and is still the launcher's office.

        Asked after a failed answer: a process being killed may still look alive for a moment, so it
        is asked again after a short wait before the failure is blamed on the document.
        """
        deadline = time.monotonic() + SETTLE_SECONDS  # a kill -9 in flight lands within this, even loaded
        while time.monotonic() < deadline:
            if not self.alive() or self._find_office_process() != self.office_process:
                return False
            time.sleep(0.05)
        return True

    def _answer(self, timeout: float) -> dict[str, Any]:
        assert self.bridge is not None and self.bridge.stdout is not None
        ready, _, _ = select.select([self.bridge.stdout], [], [], timeout)
        if not ready:
            raise WorkerFailed(f"LibreOffice 超过 {timeout:g} 秒未响应")
        line = self.bridge.stdout.readline()
        if not line:
            raise WorkerFailed("LibreOffice 进程已退出")
        answer: dict[str, Any] = json.loads(line)
        return answer


class OfficePool:
    def __init__(
        self,
        workers: int = settings.office_workers,
        max_jobs_per_worker: int = settings.office_max_jobs_per_worker,
        timeout: float = settings.office_timeout_seconds,
        queue_size: int = settings.office_queue_size,
    ) -> None:
        self.size = workers
        self.max_jobs_per_worker = max_jobs_per_worker
        self.timeout = timeout
        self.capacity = workers + queue_size
        self.tag = uuid.uuid4().hex[:6]  # the worker's folder and pipe add the pid (service/tempfiles.py)
        self.workers = [OfficeWorker(index, self.tag) for index in range(workers)]
        self._idle: queue.Queue[OfficeWorker] = queue.Queue()
        self._admission = threading.BoundedSemaphore(self.capacity)
        self._lock = threading.Lock()
        self._started = False
        self._closed = False
        self.restarts = 0
        self.in_flight = 0  # conversions admitted: running or waiting for a worker
        self._count_lock = threading.Lock()

    @property
    def started(self) -> bool:
        return self._started

    def start(self) -> None:
        """Start every worker in parallel (each start is ≈ 1–2 s of soffice boot)."""
        with self._lock:
            if self._started:
                return
            if self._closed:
                # The service stopped before a background warm-up got here: start nothing.
                raise ConversionFailed("PDF 转换服务已停止")
            threads = [threading.Thread(target=worker.start) for worker in self.workers]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            for worker in self.workers:
                self._idle.put(worker)
            self._started = True

    def stop(self) -> None:
        with self._lock:
            self._closed = True
            for worker in self.workers:
                worker.stop()
            self._idle = queue.Queue()
            self._started = False

    def office_pids(self) -> list[int]:
        return [pid for worker in self.workers if (pid := worker.office_pid) is not None]

    @contextlib.contextmanager
    def _admitted(self) -> Iterator[None]:
        if not self._admission.acquire(blocking=False):
            raise ServiceBusy(
                f"PDF 转换队列已满（{self.capacity} 个任务在处理或等待），请稍后重试",
                retry_after=max(1, round(self.capacity / max(self.size, 1))),
            )
        with self._count_lock:
            self.in_flight += 1
        try:
            yield
        finally:
            with self._count_lock:
                self.in_flight -= 1
            self._admission.release()

    @contextlib.contextmanager
    def _worker(self) -> Iterator[OfficeWorker]:
        worker = self._idle.get()
        try:
            yield worker
        finally:
            self._idle.put(worker)

    def _restart(self, worker: OfficeWorker, why: str) -> None:
        log.warning("LibreOffice worker %s restarts: %s", worker.index, why)
        with self._count_lock:
            self.restarts += 1
        try:
            worker.start()
        except WorkerFailed as error:
            # Killed again while starting (a second kill right after the first): one more fresh start.
            log.warning("LibreOffice worker %s failed to start (%s), starting again", worker.index, error)
            worker.start()

    def convert(self, docx: bytes) -> Conversion:
        """One .docx to PDF on a warm worker; a failed worker is restarted and the job retried once."""
        with self._admitted():
            self.start()
            with self._worker() as worker, _conversion_folder() as folder:
                source, target = folder / "document.docx", folder / "document.pdf"
                source.write_bytes(docx)
                for attempt in (1, 2):
                    try:
                        if not worker.alive():
                            self._restart(worker, "进程已退出")
                        elif worker.jobs_done >= self.max_jobs_per_worker:
                            self._restart(worker, f"已转换 {worker.jobs_done} 份文档")
                        pages = worker.convert(source, target, self.timeout)
                        return Conversion(target.read_bytes(), pages, worker.index, retried=attempt == 2)
                    except WorkerFailed as error:
                        # Always leave a fresh worker behind: a hung one may still answer the old job.
                        try:
                            self._restart(worker, str(error))
                        except WorkerFailed as start_error:
                            raise ConversionFailed(f"LibreOffice 无法重新启动：{start_error}") from error
                        if attempt == 2:
                            raise ConversionFailed(f"LibreOffice 重启后仍然失败：{error}") from error
        raise AssertionError("unreachable")


@contextlib.contextmanager
def _conversion_folder() -> Iterator[Path]:
    """A folder for one conversion, named after this process (service/tempfiles.py), removed after."""
    folder = make_folder("pdf")
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


_pool: OfficePool | None = None
_pool_lock = threading.Lock()


def get_pool() -> OfficePool:
    """The process-wide pool, created from settings on first use."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = OfficePool()
        return _pool


def shutdown_pool() -> None:
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.stop()
            _pool = None


def wait_until(predicate: Any, seconds: float) -> bool:
    """Poll `predicate` until true or `seconds` pass (used when waiting for a restart)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return bool(predicate())


@contextlib.asynccontextmanager
async def office_lifespan(_: object) -> AsyncIterator[None]:
    """The service's life cycle: warm the pool in the background at start, end every soffice at stop.

    Warming in a thread keeps start-up instant; the first PDF request waits for it if it comes early.
    The same thread removes a killed run's leftovers and starts the template sandbox's forkserver.
    """
    from service.jobs import shutdown_runner

    pool = get_pool()

    def warm_up() -> None:
        remove_leftovers()  # profiles and folders of a previous run that was killed
        with contextlib.suppress(ConversionFailed, WorkerFailed):  # stopped first, or no LibreOffice yet
            pool.start()
        # The uploaded-template sandbox's forkserver loads every kind now, not on the first upload.
        from service.documents.sandbox import warm_up as warm_sandbox

        warm_sandbox()

    threading.Thread(target=warm_up, name="office-warm-up", daemon=True).start()
    try:
        yield
    finally:
        shutdown_runner()
        shutdown_pool()
