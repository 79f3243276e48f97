"""Drives one warm LibreOffice process over UNO; run by the system Python that has `python3-uno`.

The service's virtual-env Python cannot import `uno` (Debian builds pyuno for /usr/bin/python3 only),
so each pool worker pairs one `soffice --accept=pipe,...` with this small bridge. It speaks JSON lines
on stdin/stdout: `{"source": "/tmp/a.docx", "target": "/tmp/a.pdf"}` → `{"ok": true, "pages": 2}` or
`{"ok": false, "error": "...", "fatal": true}`. A fatal error means the office process is gone and the
pool must restart the pair. Standard library and `uno` only: this file is not part of the venv.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sys
import time
from typing import Any

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.lang import DisposedException
from com.sun.star.uno import RuntimeException


def _props(**values: object) -> tuple[PropertyValue, ...]:
    items = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name = name
        prop.Value = value
        items.append(prop)
    return tuple(items)


def _connect(pipe_name: str, wait_seconds: float) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe_name};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _pdf_filter_data() -> Any:
    # Bookmarks in the .docx become named destinations: the merge step finds each part's first page.
    data = _props(
        ExportBookmarksToPDFDestination=True,
        ExportBookmarks=False,
        UseTaggedPDF=False,
        EmbedStandardFonts=True,
        ReduceImageResolution=False,
    )
    return uno.Any("[]com.sun.star.beans.PropertyValue", data)


def _convert(desktop: Any, source: str, target: str) -> int:
    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(source), "_blank", 0, _props(Hidden=True, ReadOnly=True)
    )
    if document is None:
        raise ValueError("无法打开文档")
    try:
        controller = document.getCurrentController()
        pages = int(controller.PageCount) if controller is not None else 0
        document.storeToURL(
            uno.systemPathToFileUrl(target),
            _props(FilterName="writer_pdf_Export", FilterData=_pdf_filter_data()),
        )
        return pages
    finally:
        document.close(True)


def _responds(desktop: Any) -> bool:
    try:
        desktop.getComponents()
    except Exception:
        return False
    return True


def _end_office(process_group: int | None) -> None:
    """Kill the soffice process group: the pool is gone (stdin closed) or the office is broken."""
    if process_group is None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process_group, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # gone (and reaped) before its folder is removed
        try:
            os.killpg(process_group, 0)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.05)


def main() -> None:
    pipe_name = sys.argv[1]
    process_group = int(sys.argv[3]) if len(sys.argv) > 3 else None
    home = sys.argv[4] if len(sys.argv) > 4 else None
    try:
        desktop = _connect(pipe_name, wait_seconds=float(sys.argv[2]) if len(sys.argv) > 2 else 60.0)
        print(json.dumps({"ok": True, "ready": True}), flush=True)
        _serve(desktop)
    finally:
        _end_office(process_group)
        if home is not None:
            # When the service died without stopping its pool, nobody else removes the profile.
            shutil.rmtree(home, ignore_errors=True)


def _serve(desktop: Any) -> None:
    for line in sys.stdin:
        request = json.loads(line)
        try:
            pages = _convert(desktop, request["source"], request["target"])
            answer: dict[str, object] = {"ok": True, "pages": pages}
        except (DisposedException, RuntimeException) as error:
            answer = {"ok": False, "fatal": True, "error": f"LibreOffice 进程已失效：{error}"}
        except Exception as error:
            # An office killed while storing answers "IOException … impl_store failed" before the
            # bridge sees it gone: if it no longer answers, the failure is fatal (retried).
            answer = {
                "ok": False,
                "fatal": not _responds(desktop),
                "error": f"{type(error).__name__}: {error}",
            }
        print(json.dumps(answer, ensure_ascii=False), flush=True)
        if answer.get("fatal"):
            return


if __name__ == "__main__":
    main()
