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
from pypdf import PdfReader

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
    assert report["all_glyphs"] is True and report["missing_glyphs"] == [] == report["warnings"]


# A name with CJK Extension A (䶮) and B (𠀀 U+20000, 𪚥 U+2A6A5) characters, as personnel files have.
RARE_NAME = "张𠀀䶮龘𪚥"
HANAZONO = "/usr/share/fonts/truetype/hanazono"


@pytest.fixture(scope="module")
def rare_name_pdf(client: TestClient) -> tuple[bytes, dict[str, object]]:
    """The rare name in each of the five document faces (service/fonts/fonts.conf's fallback chain)."""
    document = new_document("gbt9704")
    for font in (FONT_TITLE, FONT_HEI, FONT_KAI, FONT_BODY, FONT_SONG):
        set_font(document.add_paragraph().add_run(RARE_NAME), font, SIZE_3)
    out = io.BytesIO()
    document.save(out)
    converted = docx_to_pdf(out.getvalue())
    return converted.pdf, converted.fonts


@pytest.mark.parametrize("char", ["𠀀", "𪚥"])
def test_extension_b_characters_print_in_every_face_through_the_fallback(
    rare_name_pdf: tuple[bytes, dict[str, object]], char: str
) -> None:
    """Issue 10.4: Noto CJK, FandolFang and UKai have no Ext B; HanaMinB draws it, in all five lines."""
    pdf, _ = rare_name_pdf
    glyphs = [glyph for glyph in embedded_glyphs(pdf, char) if glyph.outline]
    assert glyphs, f"{char} is drawn by no embedded font"
    faces = set().union(
        *(
            identify_face(glyph, f"{HANAZONO}/{file}", char)
            for glyph in glyphs
            for file in ("HanaMinA.ttf", "HanaMinB.ttf")
        )
    )
    assert faces & {"HanaMinA", "HanaMinB"}
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert text.count(char) == 5  # once per face, none lost


def test_a_character_printed_without_a_glyph_is_named_with_a_warning(
    rare_name_pdf: tuple[bytes, dict[str, object]],
) -> None:
    """AR PL UKai maps 䶮 to an empty glyph, so LibreOffice does not fall back and 楷体 prints a gap:
    the report says so, although 䶮 prints in the four other faces."""
    _, report = rare_name_pdf
    assert report["all_glyphs"] is False
    assert report["missing_glyphs"] == ["䶮 U+4DAE"]
    assert report["warnings"] == [
        "以下字符在嵌入的字体中没有字形，打印时会缺失或显示为方框：䶮（U+4DAE）（共 1 个）"
    ]


def test_a_character_no_installed_face_has_is_in_the_font_report_header(client: TestClient) -> None:
    """Adlam 𞤀 (U+1E900) is in no installed font: the PDF response names it, in its header."""
    kind = "adjustment-letter"
    letter = get_kind(kind).example().model_dump(mode="json") | {"addressee": f"{RARE_NAME}𞤀"}
    response = client.post(f"/api/documents/{kind}?format=pdf", json=letter)
    assert response.status_code == 200, response.text
    report = json.loads(response.headers["X-Font-Report"])
    assert "𞤀 U+1E900" in report["missing_glyphs"]
    assert "𠀀 U+20000" not in report["missing_glyphs"] and "𪚥 U+2A6A5" not in report["missing_glyphs"]
    assert "𞤀（U+1E900）" in report["warnings"][0]


def test_a_packet_checks_the_names_of_every_document_not_only_the_first(client: TestClient) -> None:
    form = "form-civil-servant"
    payload = get_kind(form).example().model_dump(mode="json")
    items = [{"kind": form, "payload": payload | {"name": name}} for name in ("张三", "李四", "王𞤀")]
    response = client.post("/api/documents/batch", json={"items": items, "output": "pdf"})
    assert response.status_code == 200, response.text
    report = json.loads(response.headers["X-Font-Report"])
    assert report["missing_glyphs"] == ["𞤀 U+1E900"]
