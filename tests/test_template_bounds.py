"""Uploaded templates are bounded (issue 10.2): cheap refusals inside the sandbox, hard limits in a child.

Every case goes through the real endpoints (`POST /api/documents/{kind}/render`, `POST /api/templates/lint`)
with a real .docx, and the child process really renders it; the last test runs the real HTTP server.
"""

from __future__ import annotations

import io
import json
import threading
import time
import zipfile
from collections.abc import Iterator
from typing import Any

import psutil
import pytest
from docx import Document
from fastapi.testclient import TestClient

from service.config import settings
from service.documents import bounds, sandbox
from service.documents.builders.layout import FONT_BODY, new_document, set_font
from service.documents.registry import get_kind
from service.documents.render import prepare, render_prepared
from tests.live_server import LiveServer

KIND = "adjustment-letter"
GIB = 1024**3


def template(*lines: str) -> bytes:
    document = new_document("form")
    for line in lines:
        set_font(document.add_paragraph().add_run(line), FONT_BODY, 12)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def payload() -> str:
    return json.dumps(get_kind(KIND).example().model_dump(mode="json"))


def render(client: TestClient, data: bytes, output: str = "docx") -> Any:
    return client.post(
        f"/api/documents/{KIND}/render?format={output}",
        data={"payload": payload()},
        files={"template": ("模板.docx", data)},
    )


def assert_chinese_refusal(response: Any, status: int, words: str) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    body: dict[str, Any] = response.json()
    assert set(body) == {"error", "detail"}
    assert words in body["detail"], body
    return body


def test_an_uploaded_template_still_renders_and_its_docx_opens(client: TestClient) -> None:
    response = render(
        client, template("致：{{ addressee }}", "{% for i in range(3) %}第{{ i }}行{% endfor %}")
    )
    assert response.status_code == 200, response.text
    texts = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert f"致：{get_kind(KIND).example().addressee}" in texts
    assert "第0行第1行第2行" in texts


def test_a_loop_of_ten_billion_is_refused_in_chinese_well_under_a_minute(client: TestClient) -> None:
    """The outside test's 22 GB template: two nested loops of 99,999 (10¹⁰ iterations)."""
    loop = "{% for a in range(99999) %}{% for b in range(99999) %}{{ a }}{% endfor %}{% endfor %}"
    service = psutil.Process()
    start = time.monotonic()
    response = render(client, template(loop))
    elapsed = time.monotonic() - start
    assert_chinese_refusal(response, 400, "range() 最多 10,000 项")
    assert elapsed < 30
    assert service.memory_info().rss < 3 * GIB
    assert client.get("/api/health").status_code == 200


def test_nested_loops_under_the_range_cap_are_stopped_by_the_loop_budget(client: TestClient) -> None:
    loop = "{% for a in range(9999) %}{% for b in range(9999) %}{% endfor %}{% endfor %}"
    assert_chinese_refusal(render(client, template(loop)), 400, "循环合计超过 1,000,000 次")


@pytest.mark.parametrize(
    ("expression", "words"),
    [
        ("{{ 9**(9**7) }}", "乘方 9**4782969 的结果过大"),
        ("{{ range(10**9)|list }}", "range() 最多 10,000 项，模板要求 1,000,000,000 项"),
        ("{{ lipsum(20000, false, 100, 1000) }}", "lipsum() 最多 100 段"),
        ("{{ 'x' * 10**9 }}", "重复运算（*）得到 1,000,000,000 项"),
        ("{{ [0] * 10**9 }}", "重复运算（*）得到 1,000,000,000 项"),
        ("{{ 'a'.ljust(10**9) }}", "ljust() 的宽度 1,000,000,000"),
        ("{{ 'a'|center(10**9) }}", "center 的宽度 1,000,000,000"),
        ("{{ (10**2000) * (10**2000) }}", "乘积的结果过大"),
    ],
)
def test_huge_values_are_refused_before_they_are_computed(
    client: TestClient, expression: str, words: str
) -> None:
    assert_chinese_refusal(render(client, template(expression)), 400, words)


def test_a_misused_filter_is_a_chinese_422_in_the_json_error_shape(client: TestClient) -> None:
    response = render(client, template("{{ addressee|cn_date }}"))
    assert response.headers["content-type"].startswith("application/json")
    body = assert_chinese_refusal(response, 422, "过滤器 cn_date 无法处理值")
    assert body["error"] == "模板与数据不符"


def test_an_expression_that_fails_is_a_chinese_400_not_a_500(client: TestClient) -> None:
    assert_chinese_refusal(render(client, template("{{ 1 / 0 }}")), 400, "ZeroDivisionError")


def million_tags() -> bytes:
    """A .docx of about 221 KB holding 10⁶ `{{ title }}` tags (under the 100 MB unpacked cap)."""
    source = io.BytesIO(template(*["PLACEHOLDER"] * 1000))
    out = io.BytesIO()
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in package.infolist():
            content = package.read(item)
            if item.filename == "word/document.xml":
                content = content.replace(b"PLACEHOLDER", b"{{ title }}" * 1000)
            copy.writestr(item, content, compresslevel=9)
    return out.getvalue()


def test_a_million_tags_are_counted_and_refused_before_rendering(client: TestClient) -> None:
    data = million_tags()
    assert len(data) < 300_000
    start = time.monotonic()
    assert_chinese_refusal(render(client, data), 413, "含有 1,000,000 个标签，超过 10,000 个上限")
    lint = client.post("/api/templates/lint", data={"kind": KIND}, files={"template": ("t.docx", data)})
    assert_chinese_refusal(lint, 413, "含有 1,000,000 个标签")
    assert time.monotonic() - start < 60


def test_a_string_doubled_past_the_memory_limit_stops_the_child_not_the_service(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`~` cannot be intercepted by the sandbox: the child's address-space limit is what stops it."""
    monkeypatch.setattr(settings, "sandbox_memory_mb", 512)
    doubling = (
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}"
    )
    body = assert_chinese_refusal(render(client, template(doubling + "{{ ns.s|length }}")), 400, "512 MB")
    assert body["error"] == "模板超出渲染限制"
    assert psutil.Process().memory_info().rss < 3 * GIB


def test_nested_loops_over_anything_are_stopped_by_the_loop_budget(client: TestClient) -> None:
    """Not only `range`: every `{% for %}` is charged, so 10¹⁰ turns over strings stop at 10⁶."""
    loop = "{% for a in 'x' * 99999 %}{% for b in 'x' * 99999 %}{% endfor %}{% endfor %}"
    start = time.monotonic()
    assert_chinese_refusal(render(client, template(loop)), 400, "循环合计超过 1,000,000 次")
    assert time.monotonic() - start < 30


def test_work_the_sandbox_cannot_count_is_stopped_by_the_time_limit(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A macro calling itself twice, 30 deep: 2³⁰ calls, no loop, no output — only the clock stops it."""
    monkeypatch.setattr(settings, "sandbox_cpu_seconds", 3)
    monkeypatch.setattr(settings, "sandbox_timeout_seconds", 5.0)
    fork = "{% macro f(n) %}{% if n > 0 %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(30) }}"
    start = time.monotonic()
    assert_chinese_refusal(render(client, template(fork)), 400, "超过时间上限")
    assert time.monotonic() - start < 30


def test_output_is_bounded_inside_the_sandbox(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "template_max_output_chars", 200_000)
    flood = "{% for a in range(9000) %}{{ addressee }}{{ addressee }}{{ addressee }}{% endfor %}"
    assert_chinese_refusal(render(client, template(flood)), 400, "渲染结果超过 200,000 个字符")


def test_the_lint_runs_in_the_child_and_still_reports(client: TestClient) -> None:
    response = client.post(
        "/api/templates/lint",
        data={"kind": KIND},
        files={"template": ("t.docx", template("{{ no_such_name }}", "{% for x in y %}"))},
    )
    assert response.status_code == 200, response.text
    codes = {problem["code"] for problem in response.json()["problems"]}
    assert "unbalanced_block" in codes


def test_the_shipped_templates_render_in_process_without_a_budget() -> None:
    """The fast path: no budget, no child; the bounds that are always on cost nothing to ours."""
    assert not bounds.active()
    prepared = prepare(template("{{ name }}"))
    with bounds.budgeted():
        assert bounds.active()
        render_prepared(prepared, {"name": "张三"})
    assert not bounds.active()


@pytest.fixture(scope="module")
def live_server() -> Iterator[LiveServer]:
    with LiveServer.start() as server:
        yield server


@pytest.mark.pdf
def test_the_service_answers_while_a_pdf_of_an_uploaded_template_converts(live_server: LiveServer) -> None:
    """A long PDF from an uploaded template converts in a worker thread: /api/health answers meanwhile."""
    pages = "".join("{% for i in range(120) %}第{{ i }}段 {{ addressee }}{% endfor %}" for _ in range(12))
    data = template(*([pages] * 4))
    live_server.get("/api/health")  # the pool warms in the background; make sure the server is up
    request = live_server.submit(
        "POST",
        f"/api/documents/{KIND}/render?format=pdf",
        data={"payload": payload()},
        files={"template": ("模板.docx", data)},
    )
    assert live_server.wait_for(live_server.converting, seconds=120), "the conversion never started"
    start = time.monotonic()
    health = live_server.get("/api/health")
    assert health.status_code == 200
    assert time.monotonic() - start < 2
    assert live_server.converting(), "the conversion ended before /api/health was asked: inconclusive"
    response = request.result(timeout=300)
    assert response.status_code == 200, response.text[:300]
    assert response.content.startswith(b"%PDF")
    assert live_server.memory() < 3 * GIB


@pytest.mark.parametrize(
    ("expression", "words"),
    [
        ("{% for a in range(99999) %}{% for b in range(99999) %}{{ a }}{% endfor %}{% endfor %}", "range()"),
        (
            "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
            "内存",
        ),
    ],
    ids=["ten-billion-loop", "doubling-string"],
)
def test_over_real_http_abuse_is_refused_while_the_service_stays_small_and_healthy(
    live_server: LiveServer, expression: str, words: str
) -> None:
    """The outside check against `make run`: a Chinese 4xx well under a minute, the service's whole
    process tree (LibreOffice and the template child included) under 3 GiB, /api/health answering."""
    start = time.monotonic()
    request = live_server.submit(
        "POST",
        f"/api/documents/{KIND}/render",
        data={"payload": payload()},
        files={"template": ("模板.docx", template(expression))},
    )
    peak = live_server.peak_memory_while(request)
    response = request.result()
    assert 400 <= response.status_code < 500 and words in response.json()["detail"], response.text
    assert time.monotonic() - start < 60
    assert peak < 3 * GIB
    assert live_server.get("/api/health").status_code == 200


def test_when_every_sandbox_slot_is_busy_the_next_upload_waits_then_answers_503(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    busy = threading.BoundedSemaphore(1)
    busy.acquire()  # the one slot is taken by another upload
    monkeypatch.setattr(sandbox, "_slots", busy)
    monkeypatch.setattr(settings, "sandbox_timeout_seconds", 0.5)
    response = render(client, template("{{ addressee }}"))
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) >= 1
    assert "自定义模板" in response.json()["detail"]
