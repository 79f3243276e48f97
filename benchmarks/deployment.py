"""A deployment on this machine for the scale test and benchmarks (issue 15): API instances and workers
as real processes on one PostgreSQL, each with its log, its peak memory sampled with its children."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import psutil
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from service.config import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(what: str, condition: Callable[[], Any], seconds: float, every: float = 0.2) -> Any:
    """Poll `condition` until it returns something true (and return it), or fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"{what}: not within {seconds} s")


def healthy(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def api_command(port: int) -> list[str]:
    return [sys.executable, "-m", "uvicorn", "service.app:app", "--host", "127.0.0.1", "--port", str(port)]


WORKER_COMMAND = [sys.executable, "-m", "service.worker"]


class Service:
    """One process of the deployment (an API instance or a worker), its output in a log file."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], logs: Path) -> None:
        self.name, self.args, self.env, self.log_path = name, args, env, logs / f"{name}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.peak_rss = 0

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.args,
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def sample(self) -> None:
        """Add up the RSS of the process and its children (soffice and its bridge for a worker)."""
        if not self.alive() or self.process is None:
            return
        try:
            root = psutil.Process(self.process.pid)
            total = sum(p.memory_info().rss for p in [root, *root.children(recursive=True)])
        except psutil.Error:
            return
        self.peak_rss = max(self.peak_rss, total)

    def stop(self, sig: signal.Signals = signal.SIGTERM, seconds: float = 60) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(sig)
        try:
            self.process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def tail(self) -> str:
        return self.log_path.read_text(errors="replace")[-3000:]


class MemorySampler:
    """Samples every service's RSS every `interval` seconds in a thread."""

    def __init__(self, services: list[Service], interval: float = 0.2) -> None:
        self.services, self.interval = services, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for service in self.services:
                service.sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


@contextmanager
def fresh_database(
    admin_url: str, *, template: str | None = None, prefix: str = "kaohe_bench"
) -> Iterator[str]:
    """A database of its own on the server of `admin_url` (empty, or a copy of `template`), dropped after.

    The one way the benchmarks and the PostgreSQL tests make a throw-away database.
    """
    admin = make_url(admin_url)
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    copy = f' TEMPLATE "{template}"' if template else ""
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def environment(database_url: str, **overrides: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url, "MODE": "local", **overrides}


def api_service(name: str, port: int, env: dict[str, str], logs: Path) -> Service:
    """An API instance on `port`; HOST/PORT say so, as `make run` does (local mode serves only its Host)."""
    return Service(name, api_command(port), {**env, "HOST": "127.0.0.1", "PORT": str(port)}, logs)
