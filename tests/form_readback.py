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
    """Every paragraph and every table cell, in document order."""
    body = doc.element.body
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))


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
