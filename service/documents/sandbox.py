"""Uploaded templates render and lint in a child process with hard limits (issue 10.2, DESIGN.md §11).

Jinja's sandbox fences attributes, not work. The bounds in `bounds.py` refuse most abuse cheaply; this
is the floor under them: whatever a template does, it does in a child that has

- `RLIMIT_AS` = `sandbox_memory_mb` (an allocation past it is a `MemoryError`, or the child dies),
- `RLIMIT_CPU` = `sandbox_cpu_seconds` (SIGXCPU is turned into a Chinese refusal; the hard limit kills),
- a wall clock of `sandbox_timeout_seconds` (an alarm inside, `kill` from outside if that fails),

and at most `sandbox_workers` such children run at once (the next waits, then answers 503). The service
process itself only waits on a pipe, in a worker thread, so the event loop keeps answering.

Children are forked from a `forkserver` that imported the renderer, every kind and the shipped templates
once (sandbox_warm.py): a fork costs milliseconds, where a fresh interpreter would pay 1–2 s of
imports. The forkserver is a single-threaded process, so forking it is safe where forking the threaded
service would not be.
The shipped templates never come here: they are trusted and stay on the in-process cached path.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import resource
import signal
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from types import FrameType
from typing import Any, TypeVar

from pydantic import BaseModel

from service.config import settings
from service.documents import bounds
from service.documents.bounds import TemplateTooCostly
from service.documents.lint import LintReport, lint_template
from service.documents.render import render_docx
from service.errors import DomainError, ServiceBusy

log = logging.getLogger(__name__)
T = TypeVar("T")
MB = 1024 * 1024

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["service.documents.sandbox_warm"])
_slots: threading.BoundedSemaphore | None = None
_slots_lock = threading.Lock()


class _OutOfTime(Exception):
    """Raised inside the child by its alarm or by SIGXCPU: the template ran too long."""


class SandboxRefusal(DomainError):
    """A refusal that happened inside the child, answered with the child's own status and message."""

    def __init__(self, status_code: int, error: str, detail: str) -> None:
        super().__init__(detail)
        self.status_code = status_code
        self.error = error


# ---------------------------------------------------------------- inside the child


def _out_of_time(signum: int, _frame: FrameType | None) -> None:
    raise _OutOfTime(signal.Signals(signum).name)


def _limit_child(memory_bytes: int, cpu_seconds: int, wall_seconds: float) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 2))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    signal.signal(signal.SIGXCPU, _out_of_time)
    signal.signal(signal.SIGALRM, _out_of_time)
    # The alarm fires a little before the parent gives up, so the clerk reads why.
    signal.setitimer(signal.ITIMER_REAL, max(1.0, wall_seconds - 2))


def _child(
    connection: Connection, task: Callable[..., Any], args: tuple[Any, ...], values: dict[str, Any]
) -> None:
    for name, value in values.items():
        setattr(settings, name, value)  # the parent's settings, as they are now (tests change them)
    _limit_child(
        settings.sandbox_memory_mb * MB, settings.sandbox_cpu_seconds, settings.sandbox_timeout_seconds
    )
    answer: tuple[Any, ...]
    try:
        with bounds.budgeted():
            answer = ("ok", task(*args))
    except DomainError as error:
        answer = ("refused", error.status_code, error.error, error.detail)
    except _OutOfTime:
        answer = ("refused", 400, TemplateTooCostly.error, _time_message())
    except MemoryError:
        answer = ("refused", 400, TemplateTooCostly.error, _memory_message())
    except RecursionError:
        answer = ("refused", 400, TemplateTooCostly.error, "模板嵌套或递归过深，已停止渲染")
    except Exception as error:  # a bug of ours, not the template's: the parent answers 500
        log.exception("template sandbox child failed")
        answer = ("bug", f"{type(error).__name__}: {error}")
    signal.setitimer(signal.ITIMER_REAL, 0)
    try:
        connection.send(answer)
    except MemoryError:
        connection.send(("refused", 400, TemplateTooCostly.error, _memory_message()))
    connection.close()


def _time_message() -> str:
    return (
        f"模板渲染超过时间上限（CPU {settings.sandbox_cpu_seconds} 秒，"
        f"总计 {settings.sandbox_timeout_seconds:g} 秒），已终止"
    )


def _memory_message() -> str:
    return f"模板渲染所需内存超过 {settings.sandbox_memory_mb} MB 上限，已终止"


def _render_task(kind: str, payload: BaseModel, template: bytes) -> bytes:
    return render_docx(kind, payload, template)


def _lint_task(kind: str, template: bytes) -> LintReport:
    return lint_template(kind, template)


# ---------------------------------------------------------------- in the service


def _slots_semaphore() -> threading.BoundedSemaphore:
    global _slots
    with _slots_lock:
        if _slots is None:
            _slots = threading.BoundedSemaphore(settings.sandbox_workers)
        return _slots


def _settings_values() -> dict[str, Any]:
    return {name: getattr(settings, name) for name in type(settings).model_fields}


def run_isolated(task: Callable[..., T], *args: Any) -> T:
    """`task(*args)` in a limited child; its DomainError comes back as one, a killed child as a 400."""
    slots = _slots_semaphore()
    if not slots.acquire(timeout=settings.sandbox_timeout_seconds):
        raise ServiceBusy(
            f"同时处理的自定义模板已达 {settings.sandbox_workers} 个，请稍后重试", retry_after=10
        )
    try:
        return _run_child(task, args)
    finally:
        slots.release()


def _run_child(task: Callable[..., T], args: tuple[Any, ...]) -> T:
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(target=_child, args=(sender, task, args, _settings_values()), daemon=True)
    process.start()
    sender.close()
    try:
        # Readable when the answer arrives, and also when the child died (end of file).
        if not receiver.poll(settings.sandbox_timeout_seconds):
            raise TemplateTooCostly(_time_message())
        try:
            answer = receiver.recv()
        except EOFError:
            process.join(5)
            log.warning("template sandbox child ended without answer, exit code %s", process.exitcode)
            raise TemplateTooCostly(
                f"模板渲染超出资源上限（内存 {settings.sandbox_memory_mb} MB、"
                f"CPU {settings.sandbox_cpu_seconds} 秒），进程已被终止"
            ) from None
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        receiver.close()
    if answer[0] == "ok":
        result: T = answer[1]
        return result
    if answer[0] == "bug":
        raise RuntimeError(f"模板沙箱进程内部错误：{answer[1]}")
    _, status, error, detail = answer
    raise SandboxRefusal(status, error, detail)


def warm_up() -> None:
    """Start the forkserver (it loads every kind and shipped template once) with a child doing nothing."""
    with contextlib.suppress(DomainError, OSError):
        run_isolated(len, b"")


def render_uploaded(kind: str, payload: BaseModel, template: bytes) -> bytes:
    """The .docx of `payload` with an uploaded template, rendered in the limited child."""
    return run_isolated(_render_task, kind, payload, template)


def lint_uploaded(kind: str, template: bytes) -> LintReport:
    return run_isolated(_lint_task, kind, template)
