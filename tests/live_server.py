"""The service as `make run` starts it — uvicorn on a free port, its own SQLite file — for tests where
concurrency or process limits matter and the in-process test client would hide them."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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
