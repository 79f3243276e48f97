"""GB/T 9704-2012 layout check on the PDF of a notice or letter (issue 6, DESIGN.md §5).

What is measured, from `pdftotext -bbox-layout` line boxes (pdfplumber is not installed):
- 5.2.1 A4: 210 mm × 297 mm, ±1 mm;
- 5.2.2 天头 37 mm ± 1 mm: the top of the text block. A line box is one grid line of 225/22 mm and
  LibreOffice centres the characters in it (the document grid), so the block's top is the centre of
  the first line's characters less half a line pitch. Measured on a page that starts with body
  text (page 2 when there is one), because page 1 starts with the larger title;
- 5.2.2 订口 28 mm ± 1 mm: the leftmost edge of any text line (lines that are not indented start there);
- 5.2.3 22 lines a page: the line pitch is 225/22 mm, and no page holds more than 22 grid lines, the
  fullest page exactly 22 (a notice of one page has no full page and that check is skipped);
- 7.5 页码 `— N —`: below the text block, numbered 1, 2, 3 …, 单页码居右空一字、双页码居左空一字
  (one 4号 character, 4.9 mm, between the number and the edge of the text block).
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import asdict, dataclass, field
from statistics import mean, median
from typing import Any

from lxml import etree

MM = 72 / 25.4  # points per millimetre
A4 = (210.0, 297.0)
TOP_MM, BINDING_MM, BLOCK_WIDTH_MM, BLOCK_HEIGHT_MM = 37.0, 28.0, 156.0, 225.0
LINES_PER_PAGE = 22
PITCH_MM = BLOCK_HEIGHT_MM / LINES_PER_PAGE
TOLERANCE_MM = 1.0
ONE_CHAR_4HAO_MM = 14 / MM  # 4号 = 14 pt
PAGE_NUMBER = re.compile(r"^[—–-]+\s*(\d+)\s*[—–-]+$")


@dataclass(frozen=True)
class Line:
    text: str
    left: float  # mm from the left edge
    right: float
    top: float  # mm from the top edge
    bottom: float

    @property
    def centre(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)


@dataclass(frozen=True)
class Finding:
    check: str
    clause: str
    ok: bool | None  # None: nothing to measure
    message: str
    measured: dict[str, Any]


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
        page = Page(number, float(page_el.get("width", 0)) / MM, float(page_el.get("height", 0)) / MM)
        for line_el in page_el.iter("{*}line"):
            words = [word.text or "" for word in line_el.iter("{*}word")]
            page.lines.append(
                Line(
                    text=" ".join(words).strip(),
                    left=float(line_el.get("xMin", 0)) / MM,
                    right=float(line_el.get("xMax", 0)) / MM,
                    top=float(line_el.get("yMin", 0)) / MM,
                    bottom=float(line_el.get("yMax", 0)) / MM,
                )
            )
        page.lines.sort(key=lambda line: (line.top, line.left))
        pages.append(page)
    return pages


def _page_number_line(page: Page) -> Line | None:
    candidates = [line for line in page.lines if PAGE_NUMBER.match(line.text.replace(" ", " "))]
    return max(candidates, key=lambda line: line.top) if candidates else None


def _body_lines(page: Page) -> list[Line]:
    number = _page_number_line(page)
    return [line for line in page.lines if line is not number and line.text]


def _round(value: float) -> float:
    return round(value, 1)


def check_paper(pages: list[Page]) -> Finding:
    wrong = [p.number for p in pages if abs(p.width - A4[0]) > 1 or abs(p.height - A4[1]) > 1]
    first = pages[0]
    return Finding(
        "paper",
        "5.2.1",
        not wrong,
        "纸张为 A4" if not wrong else f"第 {'、'.join(map(str, wrong))} 页不是 A4（210mm×297mm）",
        {"width_mm": _round(first.width), "height_mm": _round(first.height)},
    )


def block_top(pages: list[Page]) -> tuple[float, int] | None:
    """The text block's top in mm and the page it was measured on."""
    candidates = [p for p in pages[1:] if _body_lines(p)] or [p for p in pages[:1] if _body_lines(p)]
    if not candidates:
        return None
    first = _body_lines(candidates[0])[0]
    return first.centre - PITCH_MM / 2, candidates[0].number


def check_top(pages: list[Page]) -> Finding:
    found = block_top(pages)
    if found is None:
        return Finding("top_margin", "5.2.2", None, "没有正文，无法测量天头", {})
    top, page = found
    ok = abs(top - TOP_MM) <= TOLERANCE_MM
    verdict = "，符合 37mm±1mm" if ok else f"，应为 37mm±1mm（差 {top - TOP_MM:+.1f}mm）"
    message = f"版心上边距 {top:.1f}mm{verdict}"
    return Finding("top_margin", "5.2.2", ok, message, {"top_mm": _round(top), "page": page})


def check_binding(pages: list[Page]) -> Finding:
    lefts = [min(line.left for line in _body_lines(p)) for p in pages if _body_lines(p)]
    if not lefts:
        return Finding("binding_margin", "5.2.2", None, "没有正文，无法测量订口", {})
    left = median(lefts)
    ok = abs(left - BINDING_MM) <= TOLERANCE_MM
    verdict = "，符合 28mm±1mm" if ok else f"，应为 28mm±1mm（差 {left - BINDING_MM:+.1f}mm）"
    message = f"订口 {left:.1f}mm{verdict}"
    return Finding("binding_margin", "5.2.2", ok, message, {"left_mm": _round(left)})


def _grid_lines(page: Page, top: float) -> int:
    """Grid lines used on a page: from the block top to the centre of its last body line."""
    lines = _body_lines(page)
    return round((lines[-1].centre - top) / PITCH_MM + 0.5) if lines else 0


def check_lines(pages: list[Page]) -> Finding:
    found = block_top(pages)
    pitches = [
        b.centre - a.centre
        for p in pages[1:] or pages
        for a, b in zip(_body_lines(p), _body_lines(p)[1:], strict=False)
        if 0 < b.centre - a.centre < PITCH_MM * 1.5
    ]
    # LibreOffice rounds positions to its own units, so pitches alternate (10.48, 9.95 mm): average them.
    pitch = mean(pitches) if pitches else None
    if found is None or len(pages) < 2 or pitch is None:
        return Finding("lines_per_page", "5.2.3", None, "只有一页，没有排满的页面可测量行数", {})
    top, _ = found
    counts = [_grid_lines(p, top) for p in pages[:-1]]
    fullest = max(counts)
    pitch_ok = abs(pitch - PITCH_MM) <= 0.2
    ok = pitch_ok and fullest == LINES_PER_PAGE
    message = f"排满的页面 {fullest} 行，行距 {pitch:.2f}mm" + (
        "，符合每页 22 行" if ok else f"，应为每页 22 行、行距 {PITCH_MM:.2f}mm"
    )
    return Finding("lines_per_page", "5.2.3", ok, message, {"lines": counts, "pitch_mm": round(pitch, 2)})


def check_page_numbers(pages: list[Page]) -> Finding:
    problems: list[str] = []
    measured: list[dict[str, Any]] = []
    right_edge = BINDING_MM + BLOCK_WIDTH_MM
    for page in pages:
        line = _page_number_line(page)
        if line is None:
            problems.append(f"第 {page.number} 页没有页码")
            continue
        match = PAGE_NUMBER.match(line.text)
        assert match is not None
        shown = int(match.group(1))
        odd = page.number % 2 == 1
        gap = right_edge - line.right if odd else line.left - BINDING_MM
        side = "右" if odd else "左"
        measured.append({"page": page.number, "shown": shown, "side": side, "gap_mm": _round(gap)})
        if shown != page.number:
            problems.append(f"第 {page.number} 页页码显示为 {shown}")
        if abs(gap - ONE_CHAR_4HAO_MM) > 1.5:
            problems.append(f"第 {page.number} 页页码应居{side}空一字（距版心边缘 {gap:.1f}mm）")
        if not line.text.startswith("—"):
            problems.append(f"第 {page.number} 页页码两侧应为一字线“—”")
    ok = not problems
    message = "页码“— N —”单页居右、双页居左" if ok else "；".join(problems)
    return Finding("page_numbers", "7.5", ok, message, {"pages": measured})


def check_notice(pdf: bytes) -> dict[str, Any]:
    """The GB/T 9704 report of a PDF: `{"ok", "pages", "findings": [...]}`; skipped checks don't fail."""
    pages = read_pages(pdf)
    if not pages:
        raise ValueError("PDF 没有页面")
    findings = [
        check_paper(pages),
        check_top(pages),
        check_binding(pages),
        check_lines(pages),
        check_page_numbers(pages),
    ]
    return {
        "standard": "GB/T 9704-2012",
        "ok": all(f.ok is not False for f in findings),
        "pages": len(pages),
        "findings": [asdict(f) for f in findings],
    }
