"""The real service for the browser tests: uvicorn in a subprocess on a free port, a fresh SQLite file,
local mode unless the test asks for another (`env`, e.g. MODE=production with a SECRET_KEY); and a
Chromium from Debian driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx

from service.bootstrap import upgrade

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENS = ROOT / "tests" / "artifacts" / "screens"
# The Content-Security-Policy the security middleware will send: the pages must run under it unchanged.
STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'"
)
START_TIMEOUT_S = 90.0  # a loaded 2-core machine imports the app in a few seconds; this is the ceiling


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def database_url(folder: Path) -> str:
    """The SQLite file `running_server(folder)` serves."""
    return f"sqlite:///{folder / 'kaohe.db'}"


@contextmanager
def running_server(folder: Path, env: Mapping[str, str] | None = None) -> Iterator[str]:
    """The service on http://127.0.0.1:PORT until the block ends; its log is in `folder`/server.log.
    `env` overrides the server's environment (local mode by default)."""
    url = database_url(folder)
    upgrade(url)
    port = free_port()
    environment = {**os.environ, "DATABASE_URL": url, "MODE": "local", **(env or {})}
    log = (folder / "server.log").open("wb")
    # --lifespan off: the warm LibreOffice pool is not needed for these pages and would cost two soffice.
    command = [sys.executable, "-m", "uvicorn", "service.app:app", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--lifespan", "off"], cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"服务启动失败，退出码 {process.returncode}")
        try:
            if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)  # polling a condition, not waiting a fixed time
    raise RuntimeError(f"服务在 {START_TIMEOUT_S} 秒内没有就绪")
