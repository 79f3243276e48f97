"""Single .docx render throughput: our renderer against plain docxtpl on the same form (issue 6).

Both sides render 附表2 上海市公务员考核登记表 (`form-civil-servant`, the committed template) with the
same context (the kind's example, a different name each time) and the same sandboxed Jinja environment
with our filters, and produce the .docx bytes:

- `docxtpl` — the baseline, measured in the same run: a new `DocxTemplate` per document, `render`,
  `save` to memory (what DESIGN.md §6 warns about: it re-parses the whole package every time);
- `ours` — `service.documents.render.render_docx(kind, model)`: template prepared once and cached,
  only the templated parts rendered and the package written with its unchanged parts pre-compressed.

`uploaded` — the same template sent as an upload: rendered in the sandbox's child process (issue 10.2),
not cached, so it pays a fork and a fresh prepare per document.

Target (issue 6): ours ≥ 10× docxtpl. `BENCH_DOCS` documents for ours (default 300), a tenth of that
for docxtpl; one warm-up each.
"""

from __future__ import annotations

import io
import os
import time
from typing import Any

from docxtpl import DocxTemplate

from service.documents.registry import get_kind
from service.documents.render import make_environment, render_docx, template_path
from service.documents.sandbox import render_uploaded

KIND = "form-civil-servant"


def _rate(count: int, seconds: float) -> float:
    return round(count / seconds, 1)


def run() -> dict[str, Any]:
    documents = int(os.environ.get("BENCH_DOCS", "300"))
    kind = get_kind(KIND)
    example = kind.example()
    models = [example.model_copy(update={"name": f"测试{n}"}) for n in range(documents)]
    path = template_path(kind)
    environment = make_environment()

    def plain_docxtpl(model: Any) -> bytes:
        template = DocxTemplate(path)
        template.render(kind.context_of(model), jinja_env=environment, autoescape=True)
        out = io.BytesIO()
        template.save(out)
        return out.getvalue()

    baseline_count = max(5, documents // 10)
    plain_docxtpl(models[0])
    start = time.perf_counter()
    for model in models[:baseline_count]:
        plain_docxtpl(model)
    baseline_seconds = time.perf_counter() - start

    render_docx(KIND, models[0])
    start = time.perf_counter()
    for model in models:
        render_docx(KIND, model)
    ours_seconds = time.perf_counter() - start

    # The same form with the committed template *uploaded*: it renders in the limited child process
    # (service/documents/sandbox.py) and is prepared anew each time — the price of an untrusted template.
    template = path.read_bytes()
    uploads = max(5, documents // 30)
    render_uploaded(KIND, models[0], template)  # starts the forkserver
    start = time.perf_counter()
    for model in models[:uploads]:
        render_uploaded(KIND, model, template)
    uploaded_seconds = time.perf_counter() - start

    baseline_rate = _rate(baseline_count, baseline_seconds)
    ours_rate = _rate(documents, ours_seconds)
    return {
        "form": KIND,
        "docxtpl_forms_per_s": baseline_rate,
        "docxtpl_ms_per_form": round(1000 * baseline_seconds / baseline_count, 1),
        "ours_forms_per_s": ours_rate,
        "ours_ms_per_form": round(1000 * ours_seconds / documents, 2),
        "speedup": round(ours_rate / baseline_rate, 1),
        "target_speedup": 10,
        "uploaded_ms_per_form": round(1000 * uploaded_seconds / uploads, 1),
        "documents": {"docxtpl": baseline_count, "ours": documents, "uploaded": uploads},
    }
