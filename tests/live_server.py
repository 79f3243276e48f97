"""The real service over real HTTP, for load tests and benchmarks (DESIGN.md §11: the test client shares
one event loop and no socket, so it never meets the thread pool, the connection pool or SQLite's lock).

`live_server(url)` starts `uvicorn service.app:app` on a free port in a subprocess on a migrated
database and stops it afterwards; `burst(...)` fires N requests at once from N concurrent HTTP clients
while a watcher times `GET /api/health`; both wait on conditions (an answer, a deadline), never sleeps.
`LiveServer` is the same server as `make run` starts it, with its own SQLite file, for tests where
process limits matter (memory of the whole process tree, a request still converting).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
UVICORN = (sys.executable, "-m", "uvicorn", "service.app:app", "--host", "127.0.0.1")
START_TIMEOUT_S = 90.0  # a loaded 2-core machine imports the app in a few seconds; this is the ceiling


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def live_server(database_url: str, log: Path, *, lifespan: bool = True, **env: str) -> Iterator[str]:
    """The service on `database_url` (already migrated) at the returned base URL; its log in `log`.

    No LibreOffice workers (OFFICE_WORKERS=0) unless `env` says otherwise: these checks are about the
    database, not PDFs. `lifespan=False`: nothing started before the first request needs it.
    """
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "OFFICE_WORKERS": "0",
        "MODE": "local",
        **env,
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*UVICORN, "--port", str(port), *(() if lifespan else ("--lifespan", "off"))],
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base, process, log)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=20)


def _wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    with httpx.Client(timeout=2.0) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"服务未能启动：\n{log.read_text(errors='replace')[-3000:]}")
            try:
                if client.get(f"{base}/api/health").status_code == 200:
                    return
            except httpx.TransportError:
                # Not listening yet: wait for the socket rather than a fixed time.
                _wait_for_port(base, min(0.5, deadline - time.monotonic()))
    tail = log.read_text(errors="replace")[-3000:]
    raise RuntimeError(f"服务 {START_TIMEOUT_S:.0f} 秒内没有应答：\n{tail}")


def _wait_for_port(base: str, timeout: float) -> None:
    host, port = base.removeprefix("http://").split(":")
    try:
        with socket.create_connection((host, int(port)), timeout=max(timeout, 0.01)):
            return
    except OSError:
        # Refused at once: give the process the rest of the slice to bind, without busy-looping.
        time.sleep(max(min(timeout, 0.05), 0))


@dataclass
class Answer:
    index: int
    status: int
    body: Any
    seconds: float


@dataclass
class Burst:
    answers: list[Answer]
    wall_seconds: float
    health_seconds: list[float] = field(default_factory=list)

    @property
    def statuses(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for answer in self.answers:
            counts[answer.status] = counts.get(answer.status, 0) + 1
        return counts

    @property
    def worst_health(self) -> float:
        return max(self.health_seconds, default=0.0)

    def percentile(self, share: float) -> float:
        ordered = sorted(a.seconds for a in self.answers)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


Request = Callable[[int], tuple[str, str, Any]]  # index → (method, path, JSON body)


def burst(base: str, request: Request, count: int, concurrency: int, timeout: float = 120.0) -> Burst:
    """`count` requests, `concurrency` of them in flight at once, each on its own connection; meanwhile
    `GET /api/health` is asked again as soon as it answers, and each of its times is kept."""
    return asyncio.run(_burst(base, request, count, concurrency, timeout))


async def _burst(base: str, request: Request, count: int, concurrency: int, timeout: float) -> Burst:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    gate = asyncio.Semaphore(concurrency)
    done = threading.Event()
    health: list[float] = []

    async def one(client: httpx.AsyncClient, index: int) -> Answer:
        method, path, body = request(index)
        async with gate:
            started = time.perf_counter()
            try:
                response = await client.request(method, path, json=body)
                status, payload = response.status_code, _json(response)
            except httpx.HTTPError as exc:  # a dropped connection is an answer too: status 0
                status, payload = 0, repr(exc)
            return Answer(index, status, payload, time.perf_counter() - started)

    def watch_health() -> None:
        # A thread with its own client: the probe's time is the server's answer, not the wait for this
        # process's event loop, which is busy with the burst's hundreds of connections.
        with httpx.Client(base_url=base, timeout=timeout) as client:
            while not done.is_set():
                started = time.perf_counter()
                with contextlib.suppress(httpx.HTTPError):  # a timeout counts with its time
                    client.get("/api/health")
                health.append(time.perf_counter() - started)

    watcher = threading.Thread(target=watch_health, name="health-probe", daemon=True)
    async with httpx.AsyncClient(base_url=base, timeout=timeout, limits=limits) as client:
        watcher.start()
        started = time.perf_counter()
        try:
            answers = await asyncio.gather(*(one(client, i) for i in range(count)))
        finally:
            wall = time.perf_counter() - started
            done.set()
            await asyncio.to_thread(watcher.join)
    return Burst(list(answers), wall, health)


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return response.text[:500]


class LiveServer:
    def __init__(self, process: subprocess.Popen[bytes], url: str) -> None:
        self.process = process
        self.url = url
        self.client = httpx.Client(base_url=url, timeout=300)
        self._executor = ThreadPoolExecutor(max_workers=4)

    @classmethod
    @contextlib.contextmanager
    def start(cls, **environment: str) -> Iterator[LiveServer]:
        with tempfile.TemporaryDirectory(prefix="kaohe-live-") as folder:
            port = free_port()
            env = {
                **os.environ,
                "MODE": "local",
                "DATABASE_URL": f"sqlite:///{folder}/kaohe.db",
                **environment,
            }
            subprocess.run([sys.executable, "-m", "service.bootstrap"], cwd=ROOT, env=env, check=True)
            process = subprocess.Popen(
                [
                    str(Path(sys.executable).with_name("uvicorn")),  # as `make run` starts it
                    "service.app:app",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                ],
                cwd=ROOT,
                env=env,
            )
            server = cls(process, f"http://127.0.0.1:{port}")
            try:
                if not server.wait_for(server.answers, seconds=120):
                    raise AssertionError("the service did not start in 120 s")
                yield server
            finally:
                server.stop()

    def answers(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"the service exited with {self.process.returncode}")
        try:
            return self.client.get("/api/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def stop(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        self.client.close()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the lifespan ends the LibreOffice pool
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    @staticmethod
    def wait_for(predicate: Callable[[], bool], seconds: float) -> bool:
        """Poll a condition until it holds or `seconds` pass."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.02)
        return predicate()

    def get(self, path: str, **options: Any) -> httpx.Response:
        return self.client.get(path, **options)

    def submit(self, method: str, path: str, **options: Any) -> Future[httpx.Response]:
        """A request sent from another thread: its answer is the future's result."""
        return self._executor.submit(self.client.request, method, path, **options)

    def processes(self) -> list[psutil.Process]:
        root = psutil.Process(self.process.pid)
        return [root, *root.children(recursive=True)]

    def memory(self) -> int:
        """Resident memory of the service and everything it started (LibreOffice, template children)."""
        total = 0
        for process in self.processes():
            with contextlib.suppress(psutil.NoSuchProcess):
                total += process.memory_info().rss
        return total

    def peak_memory_while(self, request: Future[httpx.Response]) -> int:
        """The largest resident memory of the service's process tree until `request` is answered."""
        peak = self.memory()
        while not request.done():
            peak = max(peak, self.memory())
            time.sleep(0.02)
        return peak

    def converting(self) -> bool:
        """Whether the service has a PDF conversion in progress (its per-conversion folder exists)."""
        prefix = f"kaohe-pdf-{self.process.pid}-"
        return any(entry.name.startswith(prefix) for entry in os.scandir(tempfile.gettempdir()))
