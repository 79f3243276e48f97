"""A 1,000-person packet of registration forms to one merged PDF (issue 6), against cold soffice.

- `packet` — `service.pdf.batch.run_batch` on 1,000 forms (附表2–5 by category, `BENCH_PEOPLE`),
  from payloads to one merged PDF with a bookmark per person: render every .docx, lay same-template
  forms into chunks, convert the chunks on the warm pool (`settings.office_workers` soffice), merge,
  outline. The pool is started first and its start-up reported apart: the service keeps it warm.
- `cold` — the baseline, measured in the same run on a small sample (`BENCH_COLD_SAMPLE`, default 5):
  one `soffice --headless --convert-to pdf` process per document (with an already-initialised
  profile, so first-start costs are not counted against it), extrapolated to the packet.
- `peak_rss_mib` — the most the service process and every soffice below it held at once (psutil,
  sampled every 50 ms during the packet).

Targets (issue 6): packet ≥ 15× faster than cold soffice, under 2 minutes, peak under 1 GiB.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil
from pypdf import PdfReader

from schemas.batch import BatchItem, BatchRequest
from service.documents.registry import get_kind
from service.documents.render import render_docx
from service.pdf.batch import run_batch
from service.pdf.fonts import fontconfig_environment
from service.pdf.office import SOFFICE, get_pool, shutdown_pool

KINDS = ("form-civil-servant", "form-canggong", "form-public-institution", "form-resident")


class PeakMemory:
    """The largest RSS sum of this process and all its children, sampled in a thread."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for process in [me, *me.children(recursive=True)]:
                try:
                    total += process.memory_info().rss
                except psutil.Error:
                    continue
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def packet_request(people: int) -> BatchRequest:
    examples = {kind: get_kind(kind).example().model_dump(mode="json") for kind in KINDS}
    items = []
    for number in range(people):
        kind = KINDS[number % len(KINDS)]
        name = f"测试{number:04d}"
        items.append(BatchItem(kind=kind, payload={**examples[kind], "name": name}, person=name))
    return BatchRequest(
        items=items,
        output="pdf",
        title="2022年度常驻人员考核登记表",
        docnum="宝行政中心〔2022〕17号",
        organisation="上海市宝山区行政服务中心",
    )


def cold_soffice_seconds(sample: int) -> float:
    """Mean seconds of one cold `soffice --convert-to pdf` per document."""
    folder = Path(tempfile.mkdtemp(prefix="kaohe-bench-cold-"))
    profile = (folder / "profile").as_uri()
    try:
        kind = get_kind(KINDS[0])
        documents = []
        for number in range(sample + 1):
            path = folder / f"form{number}.docx"
            path.write_bytes(
                render_docx(kind.kind, kind.example().model_copy(update={"name": f"冷{number}"}))
            )
            documents.append(path)

        def convert(path: Path) -> None:
            subprocess.run(
                [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                 "--outdir", str(folder), str(path)],
                env=fontconfig_environment(), capture_output=True, check=True, timeout=120,
            )  # fmt: skip

        convert(documents[0])  # initialise the profile: not counted
        start = time.perf_counter()
        for path in documents[1:]:
            convert(path)
        return (time.perf_counter() - start) / sample
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run() -> dict[str, Any]:
    people = int(os.environ.get("BENCH_PEOPLE", "1000"))
    sample = int(os.environ.get("BENCH_COLD_SAMPLE", "5"))
    request = packet_request(people)

    start = time.perf_counter()
    pool = get_pool()
    pool.start()
    pool_start = time.perf_counter() - start

    with PeakMemory() as memory:
        start = time.perf_counter()
        result = run_batch(request, strict=True)
        packet_seconds = time.perf_counter() - start
    reader = PdfReader(io.BytesIO(result.content))
    pages = len(reader.pages)
    bookmarks = sum(1 for entry in reader.outline if not isinstance(entry, list))
    shutdown_pool()

    cold = cold_soffice_seconds(sample)
    cold_total = cold * people
    return {
        "people": people,
        "pages": pages,
        "bookmarks": bookmarks,
        "pdf_mib": round(len(result.content) / 2**20, 1),
        "office_workers": pool.size,
        "pool_start_s": round(pool_start, 1),
        "packet_s": round(packet_seconds, 1),
        "pages_per_s": round(pages / packet_seconds, 1),
        "ms_per_form": round(1000 * packet_seconds / people, 1),
        "cold_soffice_s_per_doc": round(cold, 2),
        "cold_soffice_packet_s_extrapolated": round(cold_total, 0),
        "speedup": round(cold_total / packet_seconds, 1),
        "target_speedup": 15,
        "under_2_min": packet_seconds < 120,
        "peak_rss_mib": round(memory.peak / 2**20),
        "target_peak_rss_mib": 1024,
    }
