"""The real service for the browser tests: uvicorn in a subprocess on a free port, a fresh SQLite file,
local mode unless the test asks for another (`env`, e.g. MODE=production with a SECRET_KEY); and a
Chromium from Debian driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from service.bootstrap import upgrade
from tests.live_server import live_server

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


def database_url(folder: Path) -> str:
    """The SQLite file `running_server(folder)` serves."""
    return f"sqlite:///{folder / 'kaohe.db'}"


@contextmanager
def running_server(folder: Path, env: Mapping[str, str] | None = None) -> Iterator[str]:
    """The service on http://127.0.0.1:PORT until the block ends; its log is in `folder`/server.log.
    `env` overrides the server's environment (local mode by default)."""
    url = database_url(folder)
    upgrade(url)
    # No lifespan: the warm pool would start soffice for pages that mostly never convert; the one worker
    # the 文书 page's preview needs starts at its first use.
    with live_server(url, folder / "server.log", lifespan=False, OFFICE_WORKERS="1", **(env or {})) as base:
        yield base
