"""GB/T 9704-2012 layout check on the PDF of a notice or letter (issue 6, DESIGN.md §5).

What is checked, on the pages of the document itself (the 附件 that follow are forms with their own
layout, so checking stops at the first page headed “附件N”):
- 5.2.1 A4: 210 mm × 297 mm, ±1 mm;
- 5.2.2 天头 37 mm ± 1 mm: the top of the text block (版心);
- 5.2.2 订口 28 mm ± 1 mm: the leftmost edge of the text lines (unindented lines start there);
- 5.2.3 22 lines a page: the line pitch is 225/22 mm, so the block holds 22 lines, and no page holds
  more than 22 grid lines (a page may end early; a one-page document is not measured);
- 7.5 页码 `— N —`: numbered 1, 2, 3 …, 单页码居右空一字、双页码居左空一字 (one 4号 character,
  4.9 mm, between the number and the edge of the text block).

How the text block's top is found (pdfplumber is not installed; `pdftotext -bbox-layout` gives boxes):
poppler draws a character's box from 0.95 em above its baseline to 0.35 em below, so the box gives the
baseline and the type size. A Chinese character's em box (字身框) runs from 0.88 em above the baseline
to 0.12 em below, and LibreOffice centres it in its grid line (a line that needs more than one grid
line, like a 2号 title, takes two). The block's top is therefore the centre of the first line's em
box less half the grid lines it takes. Measured on a page that starts with body text (page 2 when
there is one), because page 1 starts with the 发文机关标志.
"""

from __future__ import annotations

import math
import re
import subprocess
import tempfile
from dataclasses import asdict, dataclass, field
from itertools import pairwise
from statistics import mean, median
from typing import Any, Literal

from lxml import etree

from service.pdf.gbt9704_common import MM, Finding
from service.pdf.gbt9704_marks import (
    black_rules,
    check_file_masthead,
    check_letter_masthead,
    check_metadata,
    read_first_page,
)
from service.pdf.gbt9704_text import (
    check_attachment_block,
    check_attachments,
    check_docnums_whole,
    check_record,
    check_signature,
    check_title_shape,
)

A4 = (210.0, 297.0)
TOP_MM, BINDING_MM, BLOCK_WIDTH_MM, BLOCK_HEIGHT_MM = 37.0, 28.0, 156.0, 225.0
LINES_PER_PAGE = 22
PITCH_MM = BLOCK_HEIGHT_MM / LINES_PER_PAGE
BODY_SIZE_MM = 16 / MM  # 3号
TOLERANCE_MM = 1.0
ONE_CHAR_4HAO_MM = 14 / MM  # 4号 = 14 pt
# poppler's box for a font without usable metrics, and the ideographic em box, in em.
BOX_ABOVE, BOX_BELOW = 0.95, 0.35
EM_BOX_CENTRE_ABOVE_BASELINE = 0.38  # (0.88 − 0.12) / 2
# The tallest line height of the mapped faces (Noto CJK: 1.448 em): what decides 1 or 2 grid lines.
LINE_HEIGHT_EM = 1.448
PAGE_NUMBER = re.compile(r"^[—–-]+\s*(\d+)\s*[—–-]+$")
ATTACHMENT_HEADING = re.compile(r"^附\s*[件表]\s*\d")


@dataclass(frozen=True)
class Fragment:
    text: str
    left: float  # mm from the left edge of the page
    right: float
    top: float  # mm from the top edge of the page
    bottom: float

    @property
    def size(self) -> float:
        """Type size in mm."""
        return (self.bottom - self.top) / (BOX_ABOVE + BOX_BELOW)

    @property
    def baseline(self) -> float:
        return self.bottom - BOX_BELOW * self.size


@dataclass
class Line:
    """One visual line: the fragments pdftotext returns for it (justified text comes in pieces)."""

    fragments: list[Fragment]

    @property
    def text(self) -> str:
        return "".join(f.text for f in sorted(self.fragments, key=lambda f: f.left))

    @property
    def left(self) -> float:
        return min(f.left for f in self.fragments)

    @property
    def right(self) -> float:
        return max(f.right for f in self.fragments)

    @property
    def size(self) -> float:
        return max(f.size for f in self.fragments)

    @property
    def em_centre(self) -> float:
        tallest = max(self.fragments, key=lambda f: f.size)
        return tallest.baseline - EM_BOX_CENTRE_ABOVE_BASELINE * tallest.size

    @property
    def grid_lines(self) -> int:
        return max(1, math.ceil(LINE_HEIGHT_EM * self.size / PITCH_MM - 0.05))


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)


def _visual_lines(fragments: list[Fragment]) -> list[Line]:
    lines: list[Line] = []
    for fragment in sorted(fragments, key=lambda f: (f.bottom, f.left)):
        centre = (fragment.top + fragment.bottom) / 2
        line = next((ln for ln in lines if any(f.top <= centre <= f.bottom for f in ln.fragments)), None)
        if line is None:
            lines.append(Line([fragment]))
        else:
            line.fragments.append(fragment)
    return sorted(lines, key=lambda ln: ln.em_centre)


def read_pages(pdf: bytes) -> list[Page]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        xhtml = subprocess.run(
            ["pdftotext", "-bbox-layout", handle.name, "-"], capture_output=True, check=True, timeout=120
        ).stdout
    root = etree.fromstring(xhtml, parser=etree.XMLParser(recover=True, huge_tree=True))
    pages: list[Page] = []
    for number, page_el in enumerate(root.iter("{*}page"), start=1):
        fragments = [
            Fragment(
                text="".join(word.text or "" for word in line_el.iter("{*}word")),
                left=float(line_el.get("xMin", 0)) / MM,
                right=float(line_el.get("xMax", 0)) / MM,
                top=float(line_el.get("yMin", 0)) / MM,
                bottom=float(line_el.get("yMax", 0)) / MM,
            )
            for line_el in page_el.iter("{*}line")
        ]
        width, height = float(page_el.get("width", 0)) / MM, float(page_el.get("height", 0)) / MM
        pages.append(Page(number, width, height, _visual_lines([f for f in fragments if f.text.strip()])))
    return pages


def own_pages(pages: list[Page]) -> list[Page]:
    """The document's own pages: up to the first page headed “附件N” (attachments keep their layout)."""
    for index, page in enumerate(pages[1:], start=1):
        if page.lines and ATTACHMENT_HEADING.match(page.lines[0].text):
            return pages[:index]
    return pages


def _page_number_line(page: Page) -> Line | None:
    candidates = [line for line in page.lines if PAGE_NUMBER.match(line.text)]
    return candidates[-1] if candidates else None


def _body_lines(page: Page) -> list[Line]:
    number = _page_number_line(page)
    return [line for line in page.lines if line is not number]


def _mm(value: float) -> float:
    return round(value, 1)


def check_paper(pages: list[Page]) -> Finding:
    wrong = [p.number for p in pages if abs(p.width - A4[0]) > 1 or abs(p.height - A4[1]) > 1]
    first = pages[0]
    return Finding(
        "paper",
        "5.2.1",
        not wrong,
        "纸张为 A4" if not wrong else f"第 {'、'.join(map(str, wrong))} 页不是 A4（210mm×297mm）",
        {"width_mm": _mm(first.width), "height_mm": _mm(first.height)},
    )


def block_top(pages: list[Page]) -> tuple[float, int] | None:
    """The text block's top in mm and the page it was measured on."""
    candidates = [p for p in pages[1:] if _body_lines(p)] or [p for p in pages[:1] if _body_lines(p)]
    if not candidates:
        return None
    first = _body_lines(candidates[0])[0]
    if candidates[0] is pages[0] and first.size > BODY_SIZE_MM + 0.5:
        # A one-page paper opening with its 2号 title, set off the grid: no 正文 line to measure by.
        return None
    return first.em_centre - first.grid_lines * PITCH_MM / 2, candidates[0].number


def check_top(pages: list[Page]) -> Finding:
    found = block_top(pages)
    if found is None:
        return Finding("top_margin", "5.2.2", None, "没有正文，无法测量天头", {})
    top, page = found
    ok = abs(top - TOP_MM) <= TOLERANCE_MM
    verdict = "，符合 37mm±1mm" if ok else f"，应为 37mm±1mm（差 {top - TOP_MM:+.1f}mm）"
    message = f"版心上边距 {top:.1f}mm{verdict}"
    return Finding("top_margin", "5.2.2", ok, message, {"top_mm": _mm(top), "page": page})


def check_binding(pages: list[Page]) -> Finding:
    lefts = [min(line.left for line in _body_lines(p)) for p in pages if _body_lines(p)]
    if not lefts:
        return Finding("binding_margin", "5.2.2", None, "没有正文，无法测量订口", {})
    left = median(lefts)
    ok = abs(left - BINDING_MM) <= TOLERANCE_MM
    verdict = "，符合 28mm±1mm" if ok else f"，应为 28mm±1mm（差 {left - BINDING_MM:+.1f}mm）"
    return Finding("binding_margin", "5.2.2", ok, f"订口 {left:.1f}mm{verdict}", {"left_mm": _mm(left)})


def _lines_on(page: Page) -> int:
    """Lines on a page, a line set in more than one grid line (a 2号 title) counting as that many."""
    return sum(line.grid_lines for line in _body_lines(page))


def _pitches(pages: list[Page]) -> list[float]:
    found: list[float] = []
    for page in pages:
        lines = _body_lines(page)
        for above, below in pairwise(lines):
            gap = below.em_centre - above.em_centre
            if above.grid_lines == below.grid_lines == 1 and 0.8 * PITCH_MM < gap < 1.2 * PITCH_MM:
                found.append(gap)
    return found


def check_lines(pages: list[Page], *, letterhead: bool = False) -> Finding:
    """`letterhead`: page 1 is a 信函 first page, its mark above the 天头 and its 版头 off the grid; the
    lines are counted on the pages after it."""
    found = block_top(pages)
    pitches = _pitches(pages)
    if found is None or len(pages) < 2 or not pitches:
        return Finding("lines_per_page", "5.2.3", None, "只有一页，没有排满的页面可测量行数", {})
    # LibreOffice rounds positions to its own units, so single pitches alternate: average them.
    pitch = mean(pitches)
    counts = [_lines_on(p) for p in pages[:-1] if not (letterhead and p.number == 1)] or [0]
    fullest = max(counts)
    # A page may end early (a signature block kept together moves on): fewer is fine, more is not.
    capacity = math.floor(BLOCK_HEIGHT_MM / pitch + 0.25)
    ok = abs(pitch - PITCH_MM) <= 0.2 and capacity == LINES_PER_PAGE and fullest <= LINES_PER_PAGE
    verdict = "，符合每页 22 行" if ok else f"，应为每页 22 行、行距 {PITCH_MM:.2f}mm"
    message = f"行距 {pitch:.2f}mm（版心可排 {capacity} 行），最满的一页 {fullest} 行{verdict}"
    return Finding("lines_per_page", "5.2.3", ok, message, {"lines": counts, "pitch_mm": round(pitch, 2)})


def check_page_numbers(pages: list[Page], *, unnumbered_first: bool = False) -> Finding:
    """7.5, and 10.1 for letters (`unnumbered_first`): "首页不显示页码"."""
    problems: list[str] = []
    measured: list[dict[str, Any]] = []
    right_edge = BINDING_MM + BLOCK_WIDTH_MM
    for page in pages:
        line = _page_number_line(page)
        if unnumbered_first and page.number == 1:
            if line is not None:
                problems.append("信函格式首页不显示页码，第 1 页却有页码")
            continue
        match = PAGE_NUMBER.match(line.text) if line is not None else None
        if line is None or match is None:
            problems.append(f"第 {page.number} 页没有页码")
            continue
        shown = int(match.group(1))
        odd = page.number % 2 == 1
        gap = right_edge - line.right if odd else line.left - BINDING_MM
        side = "右" if odd else "左"
        measured.append({"page": page.number, "shown": shown, "side": side, "gap_mm": _mm(gap)})
        if shown != page.number:
            problems.append(f"第 {page.number} 页页码显示为 {shown}")
        if abs(gap - ONE_CHAR_4HAO_MM) > 1.5:
            problems.append(f"第 {page.number} 页页码应居{side}空一字（距版心边缘 {gap:.1f}mm）")
        if not line.text.startswith("—"):
            problems.append(f"第 {page.number} 页页码两侧应为一字线“—”")
    ok = not problems
    message = "页码“— N —”单页居右、双页居左，各空一字" if ok else "；".join(problems)
    return Finding("page_numbers", "7.5", ok, message, {"pages": measured})


@dataclass(frozen=True)
class Expected:
    """What the paper should show, from its payload: its format, 落款 and metadata (issue 14).

    `layout`: "file" 文件格式 (红头 and red rule), "letter" 信函格式, "plain" (a GB/T 9704 page without
    版头, the 公示). Fields left None are not checked.
    """

    layout: Literal["file", "letter", "plain"] = "file"
    direction: str = "下行文"
    signature: str | None = None
    date: str | None = None
    sealed: bool = False
    record: bool = False  # a 版记 (7.4) is due on the last page
    title: str | None = None
    author: str | None = None
    subject: str | None = None


def check_notice(pdf: bytes, expected: Expected | None = None) -> dict[str, Any]:
    """The GB/T 9704 report of a PDF: `{"ok", "pages", "checked_pages", "findings"}`.

    Every page is measured: the paper size and page numbers on all of them, the text block on the
    document's own pages, the 附件 pages against the body's page numbers and the notice's citations.
    With `expected` (from the payload) the 版头, 落款 and metadata are measured too. A check with nothing
    to measure (`ok: null`) does not fail the report.
    """
    pages = read_pages(pdf)
    if not pages:
        raise ValueError("PDF 没有页面")
    checked = own_pages(pages)
    attached = pages[len(checked) :]
    letter = expected is not None and expected.layout == "letter"
    binding = check_binding(checked)
    body_top = block_top(checked[1:] if letter else checked)
    findings = [
        check_paper(pages),
        # A letter's first page has its mark in the header, above the 天头: measure on the pages after it.
        check_top(checked[1:] if letter else checked),
        binding,
        check_lines(checked, letterhead=letter),
        check_page_numbers(checked, unnumbered_first=letter),
        check_docnums_whole(checked),
        check_title_shape(checked),
        check_attachments(checked, attached),
        check_attachment_block(
            attached,
            {page.number: black_rules(pdf, page.number) for page in attached},
            body_top=body_top[0] if body_top is not None else None,
            body_left=binding.measured.get("left_mm"),
        ),
    ]
    if expected is not None:
        findings += _expected_findings(pdf, checked, expected)
    return {
        "standard": "GB/T 9704-2012",
        "ok": all(f.ok is not False for f in findings),
        "pages": len(pages),
        "checked_pages": len(checked),
        "findings": [asdict(f) for f in findings],
    }


def _expected_findings(pdf: bytes, pages: list[Page], expected: Expected) -> list[Finding]:
    findings: list[Finding] = []
    if expected.layout != "plain":
        first = read_first_page(pdf)
        if expected.layout == "letter":
            findings += check_letter_masthead(first)
        else:
            findings += check_file_masthead(first, expected.direction)
    if expected.layout == "file" and expected.record:
        findings.append(check_record(pages, black_rules(pdf, pages[-1].number)))
    if expected.signature and expected.date:
        findings.append(check_signature(pages, expected.signature, expected.date, sealed=expected.sealed))
    if expected.title is not None:
        findings.append(
            check_metadata(
                pdf, title=expected.title, author=expected.author or "", subject=expected.subject or ""
            )
        )
    return findings
