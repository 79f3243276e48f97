"""Fonts in the PDF (issue 6, DESIGN.md §6): Simplified-Chinese glyph forms and distinct faces.

The embedded font's *name* proves nothing (LibreOffice names every Noto CJK face after the collection's
first, `…CJKjp…`), so these tests compare the outline of a telling character (骨, 述, 通 differ between
the SC and the JP/KR/TC/HK faces) drawn in the PDF with the outline in each face of the installed fonts.
"""

from __future__ import annotations

import io
import json

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from fastapi.testclient import TestClient

from service.documents.builders.layout import (
    FONT_BODY,
    FONT_HEI,
    FONT_KAI,
    FONT_SONG,
    FONT_TITLE,
    SIZE_2,
    SIZE_3,
    add_page_number_footer,
    new_document,
    set_font,
)
from service.documents.registry import get_kind
from service.pdf.convert import docx_to_pdf
from service.pdf.fonts import EmbeddedGlyph, embedded_glyphs, identify_face

pytestmark = pytest.mark.pdf

NOTO = "/usr/share/fonts/opentype/noto"
FACE_FILES = {
    "Noto Serif CJK SC Black": f"{NOTO}/NotoSerifCJK-Black.ttc",
    "Noto Sans CJK SC": f"{NOTO}/NotoSansCJK-Regular.ttc",
    "Noto Serif CJK SC": f"{NOTO}/NotoSerifCJK-Regular.ttc",
    "FandolFang R": "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf",
    "AR PL UKai CN": "/usr/share/fonts/truetype/arphic/ukai.ttc",
}
TELLING = "骨述通"


def faces_of(glyph: EmbeddedGlyph, char: str) -> set[str]:
    """Every installed face (of the files above) whose outline of `char` is the one in the PDF."""
    return {face for path in set(FACE_FILES.values()) for face in identify_face(glyph, path, char)}


@pytest.fixture(scope="module")
def specimen_pdf(client: TestClient) -> bytes:
    """A GB/T 9704 page with each of the five document faces, built with the templates' own helpers."""
    document = new_document("gbt9704")
    add_page_number_footer(document)
    lines = [
        (FONT_TITLE, SIZE_2, f"关于{TELLING}的通知"),
        (FONT_HEI, SIZE_3, f"一、{TELLING}"),
        (FONT_KAI, SIZE_3, f"（一）{TELLING}"),
        (FONT_BODY, SIZE_3, f"正文{TELLING}。"),
        (FONT_SONG, SIZE_3, f"表格{TELLING}"),
    ]
    for font, size, text in lines:
        paragraph = document.add_paragraph()
        if font == FONT_TITLE:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(paragraph.add_run(text), font, size)
    out = io.BytesIO()
    document.save(out)
    return docx_to_pdf(out.getvalue()).pdf


@pytest.mark.parametrize("char", list(TELLING))
def test_every_face_draws_the_simplified_chinese_form(specimen_pdf: bytes, char: str) -> None:
    """DESIGN.md §6: zh-CN tagged text gets the SC forms, judged by outline, not by font name."""
    identified = [faces_of(glyph, char) for glyph in embedded_glyphs(specimen_pdf, char)]
    sc_faces = {"Noto Serif CJK SC Black", "Noto Sans CJK SC", "Noto Serif CJK SC"}
    noto = [faces for faces in identified if faces & sc_faces]
    assert len(noto) == 3
    for faces in noto:
        # The SC face alone: never a JP, KR, TC or HK face.
        assert faces <= sc_faces, faces


def test_title_body_and_headings_use_distinct_mapped_faces(specimen_pdf: bytes) -> None:
    """方正小标宋简体 → Noto Serif SC Black, 仿宋 → FandolFang, 黑体 → Noto Sans SC, 楷体 → AR PL UKai CN,
    宋体 → Noto Serif SC: five different outlines of 骨 on one page (service/fonts/fonts.conf)."""
    glyphs = embedded_glyphs(specimen_pdf, "骨")
    outlines = {glyph.outline for glyph in glyphs}
    assert len(outlines) == 5
    identified = set().union(*(faces_of(glyph, "骨") for glyph in glyphs))
    assert {
        "Noto Serif CJK SC Black",
        "FandolFang R",
        "Noto Sans CJK SC",
        "AR PL UKai CN",
        "Noto Serif CJK SC",
    } <= (identified)


def test_pdf_response_reports_mapping_substitutes_and_embedded_fonts(client: TestClient) -> None:
    kind = "notice-resident-annual"
    response = client.post(
        f"/api/documents/{kind}?format=pdf", json=get_kind(kind).example().model_dump(mode="json")
    )
    assert response.status_code == 200, response.text
    report = json.loads(response.headers["X-Font-Report"])
    assert report["requested"]["方正小标宋简体"] == "Noto Serif CJK SC Black"
    assert report["requested"]["仿宋_GB2312"] == "FandolFang"
    assert report["requested"]["黑体"] == "Noto Sans CJK SC"
    assert report["requested"]["楷体_GB2312"] == "AR PL UKai CN"
    assert report["substituted"]["仿宋_GB2312"] == "FandolFang"  # never silent
    assert report["all_embedded"] is True
    assert any(font["name"].startswith("FandolFang") for font in report["embedded"])
    # The published notice's title (…的通知) in the SC form of the title face.
    title_faces = [faces_of(glyph, "通") for glyph in embedded_glyphs(response.content, "通")]
    assert {"Noto Serif CJK SC Black"} in title_faces
    assert all(not any(" JP" in f or " HK" in f for f in faces) for faces in title_faces)
