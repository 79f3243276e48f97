"""Temporary folders carry their process's pid; a killed run's are removed at start-up (issue 10.5)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from service.tempfiles import make_folder, owner_pid, remove_leftovers


def dead_pid() -> int:
    """The pid of a process that has ended."""
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(finished.stdout)


def test_only_the_folders_of_ended_processes_are_removed(tmp_path: Path) -> None:
    gone = dead_pid()
    leftovers = [
        tmp_path / f"kaohe-office-{gone}-ab12cd-0-xyz",  # a killed worker's profile
        tmp_path / f"kaohe-pdf-{gone}-xyz",  # a conversion that never finished
        tmp_path / f"kaohe-jobs-{gone}-xyz",  # results of jobs lost with their process
    ]
    kept = [
        tmp_path / f"kaohe-office-{os.getpid()}-ab12cd-0-xyz",  # ours, in use
        tmp_path / f"kaohe-pdf-{os.getppid()}-xyz",  # another running process's
        tmp_path / "kaohe-live-xyz",  # not one of ours
    ]
    for folder in leftovers + kept:
        (folder / "profile").mkdir(parents=True)
    pipe = tmp_path / f"OSL_PIPE_0_kaohe_{gone}_ab12cd_0_0"
    pipe.touch()
    removed = remove_leftovers(tmp_path)
    assert sorted(removed) == sorted([*leftovers, pipe])
    assert all(folder.exists() for folder in kept)


def test_a_new_folder_is_named_after_this_process() -> None:
    folder = make_folder("pdf")
    try:
        assert owner_pid(folder) == os.getpid()
    finally:
        folder.rmdir()


def test_an_unknown_job_is_a_404_naming_it(api: TestClient) -> None:
    """Jobs live in the job table now (issue 15): a restart no longer loses one (an interrupted job is
    marked failed with its reason), so an unknown id is simply not there."""
    response = api.get("/api/jobs/0123456789abcdef")
    assert response.status_code == 404
    assert response.json()["detail"] == "没有编号为 0123456789abcdef 的任务"
