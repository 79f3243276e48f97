"""The one home for the service's temporary folders (issue 10.5): LibreOffice profiles, conversions, jobs.

A folder's name carries the pid of the process that made it (`kaohe-office-1234-…`). A process killed
with -9 cannot clean up after itself, so at start-up the service removes every folder whose process is
gone — and only those: other services on the same machine (and parallel test runs) keep theirs.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from pathlib import Path

import psutil

log = logging.getLogger(__name__)

KINDS = ("office", "pdf", "jobs")
_NAME = re.compile(rf"^kaohe-({'|'.join(KINDS)})-(\d+)[-_]")
# The UNO pipe socket LibreOffice leaves in /tmp when killed; the pool names pipes kaohe_{pid}_….
_PIPE = re.compile(r"^OSL_PIPE_\d+_kaohe_(\d+)_")


def make_folder(kind: str, tag: str = "") -> Path:
    """A new folder `kaohe-{kind}-{pid}-{tag}…` in the system temporary directory."""
    if kind not in KINDS:
        raise ValueError(f"unknown temporary folder kind {kind!r}")
    return Path(tempfile.mkdtemp(prefix=f"kaohe-{kind}-{os.getpid()}-{tag}"))


def owner_pid(entry: Path) -> int | None:
    if match := _NAME.match(entry.name):
        return int(match.group(2))
    if match := _PIPE.match(entry.name):
        return int(match.group(1))
    return None


def remove_leftovers(directory: Path | None = None) -> list[Path]:
    """Remove the folders (and LibreOffice pipe sockets) of processes that no longer run; returns them."""
    removed: list[Path] = []
    root = directory or Path(tempfile.gettempdir())
    for entry in root.iterdir():
        pid = owner_pid(entry)
        if pid is None or pid == os.getpid() or psutil.pid_exists(pid):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry)
    if removed:
        log.info("removed %d temporary folders left by stopped processes", len(removed))
    return removed
