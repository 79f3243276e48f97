"""Page 1 of a paper as a PNG, for the 文书 page's preview before issue (issue 13).

The warm pool prints the .docx to PDF (its admission limit answers a busy pool with 503), then poppler's
`pdftoppm` rasterises page 1 only. Both run in a folder of this request (service/tempfiles.py) removed
at once: a paper names people, so nothing of it stays on disk after the request.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

from service.config import settings
from service.errors import ServiceBusy
from service.pdf.office import ConversionFailed, get_pool
from service.tempfiles import make_folder

PDFTOPPM = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"
DPI = 80  # A4 → 661×935 px: legible on a 1366×768 screen, ≈ 100 KB
TIMEOUT_SECONDS = 30.0
WAIT_SECONDS = 10.0
# pdftoppm is outside the pool, so it has its own bound: one per office worker, as many as can finish.
_rasterising = threading.BoundedSemaphore(max(1, settings.office_workers))


def first_page_png(pdf: bytes, *, dpi: int = DPI) -> bytes:
    """Page 1 of `pdf` as a PNG at `dpi`; ServiceBusy when as many are being made as the machine allows."""
    if not _rasterising.acquire(timeout=WAIT_SECONDS):
        raise ServiceBusy("预览图生成繁忙，请稍后重试", retry_after=5)
    try:
        folder = make_folder("pdf", "preview-")
        try:
            return _rasterise(pdf, folder, dpi)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        _rasterising.release()


def _rasterise(pdf: bytes, folder: Path, dpi: int) -> bytes:
    source, target = folder / "document.pdf", folder / "page"
    source.write_bytes(pdf)
    command = [
        PDFTOPPM,
        "-f",
        "1",
        "-l",
        "1",
        "-r",
        str(dpi),
        "-png",
        "-singlefile",
        str(source),
        str(target),
    ]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as error:
        raise ConversionFailed(f"预览图超过 {TIMEOUT_SECONDS:g} 秒仍未生成") from error
    except (subprocess.CalledProcessError, OSError) as error:
        raise ConversionFailed(f"无法生成预览图：{error}") from error
    return (folder / "page.png").read_bytes()


def docx_first_page_png(docx: bytes, *, dpi: int = DPI) -> bytes:
    """A .docx's page 1 as a PNG: printed by the warm LibreOffice pool, then rasterised."""
    return first_page_png(get_pool().convert(docx).pdf, dpi=dpi)
