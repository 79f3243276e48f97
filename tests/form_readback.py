"""Reading a rendered form back with python-docx: the checks every form, list and sheet shares."""

from __future__ import annotations

import io
import re
from typing import Any

import docx
from docx.document import Document
from docx.oxml.ns import qn
from pydantic import BaseModel

from service.documents.registry import get_kind
from service.documents.render import render_docx


def render(kind: str, payload: BaseModel | dict[str, Any] | None = None) -> Document:
    """The kind rendered from `payload` (its seed example by default) and opened again."""
    data = get_kind(kind).example() if payload is None else payload
    return docx.Document(io.BytesIO(render_docx(kind, data)))


def example_data(kind: str, **overrides: Any) -> dict[str, Any]:
    """The seed example as JSON data, with top-level fields replaced."""
    data = get_kind(kind).example().model_dump(mode="json")
    data.update(overrides)
    return data


def rows(doc: Document, table: int = 0) -> list[list[str]]:
    """Each row's cell texts, a merged cell once."""
    return [list(dict.fromkeys(cell.text for cell in row.cells)) for row in doc.tables[table].rows]


def text(doc: Document) -> str:
    """Every paragraph and every table cell, in document order (without the word joiners that keep a
    quoted 文号 on one line: they print nothing)."""
    body = doc.element.body
    lines = ("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))
    return "\n".join(lines).replace("\u2060", "")


def rows_without_cant_split(doc: Document) -> list[str]:
    """The text of every table row that may break across pages (none should)."""
    loose = []
    for tr in doc.element.body.iter(qn("w:tr")):
        tr_pr = tr.find(qn("w:trPr"))
        if tr_pr is None or tr_pr.find(qn("w:cantSplit")) is None:
            loose.append("".join(t.text or "" for t in tr.iter(qn("w:t"))))
    return loose


def runs_without_chinese_font(doc: Document) -> list[str]:
    """Runs with text but no east-Asian face or no zh-CN language tag (DESIGN.md §6)."""
    bad = []
    for run in doc.element.body.iter(qn("w:r")):
        words = "".join(t.text or "" for t in run.iter(qn("w:t")))
        if not words.strip():
            continue
        rpr = run.find(qn("w:rPr"))
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        lang = rpr.find(qn("w:lang")) if rpr is not None else None
        if (
            fonts is None
            or not fonts.get(qn("w:eastAsia"))
            or lang is None
            or lang.get(qn("w:eastAsia")) != "zh-CN"
        ):
            bad.append(words)
    return bad


def leftover_tags(doc: Document) -> list[str]:
    return re.findall(r"\{[{%#][^}]*[}%#]\}|\{\{|\{%", text(doc))


def header_rows(doc: Document, table: int = 0) -> int:
    """How many rows repeat at the top of each page (w:tblHeader)."""
    return sum(
        1
        for tr in doc.tables[table]._tbl.iter(qn("w:tr"))
        if tr.find(qn("w:trPr")) is not None and tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    )


# Word's default cell margin (0.19 cm) when a table does not set its own w:tblCellMar.
DEFAULT_CELL_MARGIN_TWIPS = 108
SHORT_LINE_EM = 8  # labels and short values (序号, 性别, 政治面貌, 四级主任科员) must never wrap


def _em_width(text: str) -> float:
    """Width in ems: a Chinese or full-width character is one em, Latin letters and digits half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def _cell_margins(tbl: Any) -> int:
    margins = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}")
    total = 0
    for side in ("w:left", "w:right"):
        found = margins.find(qn(side)) if margins is not None else None
        total += int(found.get(qn("w:w"))) if found is not None else DEFAULT_CELL_MARGIN_TWIPS
    return total


def _lines(paragraph: Any) -> list[tuple[str, float]]:
    """(text, font size in pt) of each line a paragraph asks for (w:br starts a new line)."""
    lines: list[tuple[str, float]] = [("", 0.0)]
    for run in paragraph.iter(qn("w:r")):
        size_el = run.find(f"{qn('w:rPr')}/{qn('w:sz')}")
        size = int(size_el.get(qn("w:val"))) / 2 if size_el is not None else 12.0
        for child in run:
            if child.tag == qn("w:br"):
                lines.append(("", 0.0))
            elif child.tag == qn("w:t"):
                text, seen = lines[-1]
                lines[-1] = (text + (child.text or ""), max(seen, size))
    return [line for line in lines if line[0].strip()]


def wrapping_short_lines(doc: Document) -> list[str]:
    """Every short line of a table cell wider than its column(s) on the grid: it would wrap ("序/号")."""
    found = []
    for tbl in doc.element.body.iter(qn("w:tbl")):
        grid = [int(col.get(qn("w:w"))) for col in tbl.find(qn("w:tblGrid")).iter(qn("w:gridCol"))]
        margins = _cell_margins(tbl)
        for tr in tbl.iter(qn("w:tr")):
            column = 0
            for tc in tr.findall(qn("w:tc")):
                span_el = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
                span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
                room_pt = (sum(grid[column : column + span]) - margins) / 20
                column += span
                for paragraph in tc.iter(qn("w:p")):
                    for text, size in _lines(paragraph):
                        ems = _em_width(text.strip())
                        if ems <= SHORT_LINE_EM and ems * size > room_pt:
                            found.append(f"{text.strip()}（需{ems * size:.0f}pt，列宽{room_pt:.0f}pt）")
    return found


def cells_off_the_grid(doc: Document) -> list[str]:
    """Cells whose preferred width (w:tcW) is not the width of the grid columns they span."""
    found = []
    for tbl in doc.element.body.iter(qn("w:tbl")):
        layout = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblLayout')}")
        if layout is None or layout.get(qn("w:type")) != "fixed":
            found.append("表格未设为固定列宽（w:tblLayout fixed）")
        grid = [int(col.get(qn("w:w"))) for col in tbl.find(qn("w:tblGrid")).iter(qn("w:gridCol"))]
        for tr in tbl.iter(qn("w:tr")):
            column = 0
            for tc in tr.findall(qn("w:tc")):
                span_el = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
                span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
                width_el = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
                expected = sum(grid[column : column + span])
                if width_el is None or abs(int(width_el.get(qn("w:w"))) - expected) > span:
                    text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
                    found.append(f"{text[:12]}：列{column}起跨{span}列")
                column += span
    return found
