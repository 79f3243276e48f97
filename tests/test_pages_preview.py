"""文书 page, 预览第1页 (issue 13): page 1 of a round's paper as a PNG before issue, without a 文号 and
without writing anything; a paper that still needs details says so in Chinese instead of an image; a
busy PDF pool is a Chinese 503. SQLite and PostgreSQL."""

from __future__ import annotations

import html
import re
import struct
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.pdf import preview
from service.pdf.office import OfficePool
from tests.rounds_support import create_round, person, setup_organisation

NOTICE = "notice-resident-annual"  # seed 000's 考核通知 (DESIGN.md §7)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
A4 = 297 / 210


def _ready_round(api: TestClient) -> int:
    """A seed-000 round with every detail its notice cites (上级文件, 考核领导小组) and a graded roster."""
    round_id = create_round(api, setup_organisation(api))
    assert (
        api.put(f"/api/rounds/{round_id}/people", json={"people": [person(1), person(2)]}).status_code == 200
    )
    assert api.post(f"/api/rounds/{round_id}/evaluate").status_code == 200
    return round_id


def _bare_round(api: TestClient) -> int:
    """A seed-000 round entered with no details: its notice still needs the 考核领导小组 and 上级文件."""
    organisation_id = setup_organisation(api)
    round_id = create_round(api, organisation_id, details={})
    assert api.put(f"/api/rounds/{round_id}/people", json={"people": [person(1)]}).status_code == 200
    return round_id


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk (the first, right after the signature)."""
    assert png[:8] == PNG_SIGNATURE, "not a PNG"
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _image_src(fragment: str) -> str:
    found = re.search(r'<img class="paper-preview-image[^"]*" src="([^"]+)" alt="([^"]+)"', fragment)
    assert found, fragment
    assert "第1页预览" in found.group(2)
    return html.unescape(found.group(1))


def test_the_documents_page_offers_a_page_1_preview_per_paper(api: TestClient) -> None:
    round_id = _ready_round(api)
    page = api.get(f"/rounds/{round_id}/documents").text
    buttons = re.findall(r'hx-get="/rounds/\d+/documents/preview\?kind=([^"]+)"', page)
    assert NOTICE in buttons and len(buttons) == page.count(">预览第1页<")
    assert f'id="kind-{NOTICE}-preview" class="paper-preview" hidden' in page


@pytest.mark.pdf
def test_a_ready_notice_previews_as_an_a4_png_and_takes_no_number(
    api: TestClient, client: TestClient
) -> None:
    """`client` starts the app's lifespan, whose end stops the LibreOffice pool the preview starts lazily."""
    round_id = _ready_round(api)
    fragment = api.get(f"/rounds/{round_id}/documents/preview", params={"kind": NOTICE, "person_id": ""})
    assert fragment.status_code == 200
    assert "暂不能预览" not in fragment.text
    src = _image_src(fragment.text)
    assert src == f"/rounds/{round_id}/documents/preview.png?kind={NOTICE}"
    image = api.get(src)
    assert image.status_code == 200, image.text
    assert image.headers["content-type"] == "image/png"
    assert image.headers["cache-control"] == "no-store"  # a paper names people: no copy kept anywhere
    width, height = _png_size(image.content)
    assert width > 0 and abs(height / width - A4) < 0.02, (width, height)
    assert 60 * 210 / 25.4 <= width <= 96 * 210 / 25.4  # 60–96 dpi
    # Nothing issued, no 文号 taken: the preview writes nothing.
    assert api.get(f"/api/rounds/{round_id}/issued").json() == []


def test_a_paper_that_still_needs_details_gives_the_message_not_an_image(api: TestClient) -> None:
    round_id = _bare_round(api)
    fragment = api.get(f"/rounds/{round_id}/documents/preview", params={"kind": NOTICE})
    assert fragment.status_code == 200  # htmx swaps the message into the row
    assert "考核工作通知（常驻人员）暂不能预览：" in fragment.text
    assert "尚缺：" in fragment.text and "考核领导小组组长" in fragment.text
    assert "<img" not in fragment.text
    image = api.get(f"/rounds/{round_id}/documents/preview.png", params={"kind": NOTICE})
    assert image.status_code == 409
    assert image.headers["content-type"].startswith("application/json")
    assert image.json()["error"] == "文书所需信息不全"
    assert "round.details.leader" in [m["field"] for m in image.json()["missing"]]


def test_one_paper_per_person_is_not_previewed_as_a_set(api: TestClient) -> None:
    round_id = _ready_round(api)
    query = {"kind": "form-civil-servant", "person_id": "*"}
    fragment = api.get(f"/rounds/{round_id}/documents/preview", params=query)
    assert "请选择一位人员" in fragment.text and "<img" not in fragment.text
    assert api.get(f"/rounds/{round_id}/documents/preview.png", params=query).status_code == 400


@pytest.fixture
def full_pool(monkeypatch: pytest.MonkeyPatch) -> Iterator[OfficePool]:
    """A one-slot pool (no waiting room) whose slot is taken: the next conversion is refused at once,
    before any LibreOffice would start."""
    tiny = OfficePool(workers=1, queue_size=0)
    monkeypatch.setattr(preview, "get_pool", lambda: tiny)
    with tiny._admitted():
        yield tiny


def test_a_busy_pdf_pool_answers_the_preview_with_a_chinese_503(
    api: TestClient, full_pool: OfficePool
) -> None:
    round_id = _ready_round(api)
    image = api.get(f"/rounds/{round_id}/documents/preview.png", params={"kind": NOTICE})
    assert image.status_code == 503
    assert image.headers["retry-after"]
    assert "PDF 转换队列已满" in image.json()["detail"]
    assert not full_pool.started, "refused before a LibreOffice was started"
