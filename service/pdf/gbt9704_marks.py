"""The red marks and rules of a 公文's first page and its metadata, measured on the PDF (issue 14).

pdfplumber reads what pdftotext cannot: the colour of every character and the rectangles, lines and
curves LibreOffice draws (a paragraph border comes out as a line, an anchored shape as a filled path).

- 7.2.3 文件格式: the 发文机关标志's top edge 35 mm under the 版心's top, 72 mm from the page top (上行文
  80 mm); 7.2.5 the red rule 4 mm under the 发文字号, as wide as the 版心 (156 mm);
- 10.1 信函格式: the mark's top 30 mm from the page top; a red double rule (thick over thin) 4 mm under
  it and another (thin over thick) 20 mm above the page bottom, both 170 mm, centred;
- metadata: Title = the paper's title, Author = the organisation, Subject = the 文号.

Positions of characters are pdfplumber's character boxes, whose top is 1.4 mm above the ink of a 28 pt
小标宋 mark: the tolerance (±2.5 mm, the outside review's) covers either way of measuring.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Literal

import pdfplumber
from pypdf import PdfReader

from service.pdf.gbt9704_common import MM, Finding, mm

MARK_TOLERANCE_MM = 2.5
RULE_GAP_TOLERANCE_MM = 1.5
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210.0, 297.0
BLOCK_LEFT_MM, BLOCK_WIDTH_MM = 28.0, 156.0
FILE_MARK_TOP_MM = {"下行文": 72.0, "上行文": 80.0}
LETTER_MARK_TOP_MM, LETTER_RULE_MM, LETTER_LOWER_RULE_MM = 30.0, 170.0, 20.0
RULE_BELOW_MM = 4.0
MARK_MIN_PT = 20  # the 发文机关标志 is set far larger than any text of the page

Layout = Literal["file", "letter"]


@dataclass(frozen=True)
class Rule:
    """A red horizontal rule, in mm from the page's top-left corner."""

    left: float
    right: float
    top: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def thickness(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class FirstPage:
    mark_top: float | None
    mark_bottom: float | None
    rules: list[Rule]
    # (text, bottom in mm) of every text line between the mark and the first rule below it
    lines_above_rule: list[tuple[str, float]]


def _is_red(color: Any) -> bool:
    if not isinstance(color, tuple | list) or len(color) != 3:
        return False
    red, green, blue = (float(value) for value in color)
    return red > 0.7 and green < 0.3 and blue < 0.3


def _red_rules(page: Any) -> list[Rule]:
    rules = []
    for shape in (*page.rects, *page.lines, *page.curves):
        if not (_is_red(shape.get("non_stroking_color")) or _is_red(shape.get("stroking_color"))):
            continue
        line_width = float(shape.get("linewidth") or 0) if shape.get("stroke") else 0.0
        top = (float(shape["top"]) - line_width / 2) / MM
        bottom = (float(shape["bottom"]) + line_width / 2) / MM
        rule = Rule(float(shape["x0"]) / MM, float(shape["x1"]) / MM, top, bottom)
        if rule.width > 100 and rule.thickness < 2.5:
            rules.append(rule)
    # LibreOffice draws a border once per paragraph and again for the line box: keep one of each.
    unique: dict[tuple[float, float, float], Rule] = {}
    for rule in rules:
        unique.setdefault((round(rule.top, 1), round(rule.left, 1), round(rule.width, 1)), rule)
    return sorted(unique.values(), key=lambda r: r.top)


def read_first_page(pdf: bytes) -> FirstPage:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        red = [c for c in page.chars if _is_red(c.get("non_stroking_color")) and c["size"] >= MARK_MIN_PT]
        rules = _red_rules(page)
        mark_top = min(c["top"] for c in red) / MM if red else None
        mark_bottom = max(c["bottom"] for c in red) / MM if red else None
        first_rule = next((r.top for r in rules if mark_bottom is None or r.top > mark_bottom), None)
        lines = []
        if first_rule is not None:
            for line in page.extract_text_lines():
                bottom = float(line["bottom"]) / MM
                if (mark_bottom or 0) < bottom <= first_rule + 0.5:
                    lines.append((str(line["text"]), bottom))
    return FirstPage(mark_top, mark_bottom, rules, lines)


def _mark_finding(first: FirstPage, target: float, clause: str, what: str) -> Finding:
    if first.mark_top is None:
        return Finding("masthead", clause, False, "首页没有红色发文机关标志", {})
    off = first.mark_top - target
    ok = abs(off) <= MARK_TOLERANCE_MM
    verdict = "" if ok else f"，应为 {target:.0f}mm±{MARK_TOLERANCE_MM}mm（差 {off:+.1f}mm）"
    message = f"{what}上边缘距页面上边 {first.mark_top:.1f}mm{verdict}"
    return Finding("masthead", clause, ok, message, {"top_mm": mm(first.mark_top), "target_mm": target})


def check_file_masthead(first: FirstPage, direction: str = "下行文") -> list[Finding]:
    """7.2.3 and 7.2.5 on a 文件格式 first page."""
    target = FILE_MARK_TOP_MM.get(direction, FILE_MARK_TOP_MM["下行文"])
    findings = [_mark_finding(first, target, "7.2.3", f"发文机关标志（{direction}）")]
    below = [r for r in first.rules if first.mark_bottom is None or r.top > first.mark_bottom]
    if not below:
        findings.append(Finding("red_rule", "7.2.5", False, "发文字号下没有红色分隔线", {}))
        return findings
    rule = below[0]
    problems = []
    if abs(rule.width - BLOCK_WIDTH_MM) > MARK_TOLERANCE_MM:
        problems.append(f"分隔线长 {rule.width:.1f}mm，应与版心等宽（156mm）")
    docnum = first.lines_above_rule[-1] if first.lines_above_rule else None
    gap = rule.top - docnum[1] if docnum is not None else None
    if gap is None:
        problems.append("分隔线上方没有发文字号")
    elif abs(gap - RULE_BELOW_MM) > RULE_GAP_TOLERANCE_MM:
        problems.append(f"分隔线在发文字号下 {gap:.1f}mm，应为 4mm")
    measured = {"width_mm": mm(rule.width), "top_mm": mm(rule.top), "below_docnum_mm": mm(gap or 0)}
    ok = not problems
    message = "红色分隔线在发文字号下 4mm，与版心等宽" if ok else "；".join(problems)
    findings.append(Finding("red_rule", "7.2.5", ok, message, measured))
    return findings


def _pairs(rules: Sequence[Rule]) -> list[tuple[Rule, Rule]]:
    """Rules lying within 3 mm of each other, as (upper, lower) pairs: the double rules."""
    pairs = []
    for upper, lower in pairwise(rules):
        if 0 < lower.top - upper.bottom < 3:
            pairs.append((upper, lower))
    return pairs


def _double_rule_problems(pair: tuple[Rule, Rule], thick_first: bool, where: str) -> list[str]:
    upper, lower = pair
    problems = []
    for rule in pair:
        if abs(rule.width - LETTER_RULE_MM) > MARK_TOLERANCE_MM:
            problems.append(f"{where}红色双线长 {rule.width:.1f}mm，应为 170mm")
            break
    centre = (upper.left + upper.right) / 2
    if abs(centre - PAGE_WIDTH_MM / 2) > MARK_TOLERANCE_MM:
        problems.append(f"{where}红色双线未居中（中心距左边 {centre:.1f}mm）")
    if (upper.thickness > lower.thickness) != thick_first:
        problems.append(f"{where}红色双线应为{'上粗下细' if thick_first else '上细下粗'}")
    return problems


def check_letter_masthead(first: FirstPage) -> list[Finding]:
    """10.1 信函格式: mark 30 mm from the top, the two double rules."""
    findings = [_mark_finding(first, LETTER_MARK_TOP_MM, "10.1", "发文机关标志")]
    pairs = _pairs(first.rules)
    upper = next((p for p in pairs if p[0].top < PAGE_HEIGHT_MM / 2), None)
    lower = next((p for p in reversed(pairs) if p[0].top > PAGE_HEIGHT_MM / 2), None)
    problems: list[str] = []
    measured: dict[str, Any] = {}
    if upper is None:
        problems.append("发文机关标志下没有红色双线")
    else:
        problems += _double_rule_problems(upper, True, "上")
        gap = upper[0].top - (first.mark_bottom or upper[0].top)
        measured |= {"upper_top_mm": mm(upper[0].top), "upper_width_mm": mm(upper[0].width)}
        measured["below_mark_mm"] = mm(gap)
        if abs(gap - RULE_BELOW_MM) > MARK_TOLERANCE_MM:
            problems.append(f"上红色双线在发文机关标志下 {gap:.1f}mm，应为 4mm")
    if lower is None:
        problems.append("距下页边 20mm 处没有红色双线")
    else:
        problems += _double_rule_problems(lower, False, "下")
        above_bottom = PAGE_HEIGHT_MM - lower[1].bottom
        measured |= {"lower_above_bottom_mm": mm(above_bottom), "lower_width_mm": mm(lower[0].width)}
        if abs(above_bottom - LETTER_LOWER_RULE_MM) > MARK_TOLERANCE_MM:
            problems.append(f"下红色双线距下页边 {above_bottom:.1f}mm，应为 20mm")
    ok = not problems
    message = (
        "红色双线：标志下 4mm 上粗下细、距下页边 20mm 上细下粗，均长 170mm" if ok else "；".join(problems)
    )
    findings.append(Finding("letter_rules", "10.1", ok, message, measured))
    return findings


def check_metadata(pdf: bytes, *, title: str, author: str, subject: str) -> Finding:
    """Title, Author and Subject of the PDF's Info dictionary against the paper's own."""
    info: dict[str, Any] = dict(PdfReader(io.BytesIO(pdf)).metadata or {})
    found = {key: str(info.get(f"/{key}") or "") for key in ("Title", "Author", "Subject")}
    wanted = {"Title": title, "Author": author, "Subject": subject}
    wrong = [f"{key} 为“{found[key]}”，应为“{wanted[key]}”" for key in wanted if found[key] != wanted[key]]
    message = "PDF 元数据：标题、作者（发文机关）、主题（文号）与文书一致" if not wrong else "；".join(wrong)
    return Finding("metadata", "元数据", not wrong, message, found)


def black_rules(pdf: bytes, page_number: int) -> list[tuple[float, float, float]]:
    """(left, right, top) in mm of the black horizontal rules of a page (the 版记's, 7.4)."""
    found = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[page_number - 1]
        for shape in (*page.rects, *page.lines, *page.curves):
            color = shape.get("stroking_color") if shape.get("stroke") else shape.get("non_stroking_color")
            values = list(color) if isinstance(color, tuple | list) else [1.0]
            if max((float(v) for v in values), default=1.0) > 0.3 or _is_red(color):
                continue
            if abs(float(shape["bottom"]) - float(shape["top"])) < 2.5 * MM:
                found.append((float(shape["x0"]) / MM, float(shape["x1"]) / MM, float(shape["top"]) / MM))
    return found
