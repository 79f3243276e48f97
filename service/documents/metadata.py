"""What a paper says about itself: title, author and 文号 in the .docx core properties (issue 14, 9).

python-docx's default template says "python-docx", created 2013-12-23, and LibreOffice copies the core
properties into the PDF's Info dictionary, so one stamp serves both: Title = the paper's title, Author
= the organisation that issues it, Subject = its 文号, created and modified = when it was rendered.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree
from pydantic import BaseModel

from service.documents.package import replace_entries
from service.documents.registry import DocumentKind

CORE_PART = "docProps/core.xml"
PRODUCER = "考核文书服务"
_NS = (
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
)
# Whoever signs the paper, else the unit it is about, else its red mark without the 文件 of 7.2.3.
_AUTHOR_KEYS = ("signature", "organisation", "issuer_mark")


@dataclass(frozen=True)
class PaperInfo:
    title: str
    author: str
    subject: str  # the 文号, "" when the paper has none


def _text(context: Mapping[str, Any], key: str) -> str:
    value = context.get(key)
    return value.strip() if isinstance(value, str) else ""


def paper_info(kind: DocumentKind, model: BaseModel, context: Mapping[str, Any]) -> PaperInfo:
    """The title the paper prints (or its file name: a form's title and whose it is), its issuer, 文号."""
    title = _text(context, "title").replace("\n", "") or kind.filename_of(model)
    author = next((_text(context, key) for key in _AUTHOR_KEYS if _text(context, key)), "")
    if author.endswith("文件") and _text(context, "issuer_mark") == author:
        author = author.removesuffix("文件")
    return PaperInfo(title, author, _text(context, "docnum"))


def core_xml(info: PaperInfo, now: datetime) -> bytes:
    stamp = now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f"<cp:coreProperties {_NS}><dc:title>{escape(info.title)}</dc:title>"
        f"<dc:subject>{escape(info.subject)}</dc:subject><dc:creator>{escape(info.author)}</dc:creator>"
        f"<cp:keywords/><dc:description/><cp:lastModifiedBy>{PRODUCER}</cp:lastModifiedBy>"
        f"<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "<cp:category/></cp:coreProperties>"
    ).encode()


def stamp_core_properties(docx: bytes, info: PaperInfo, now: datetime | None = None) -> bytes:
    """The .docx with its core properties saying what `info` says, created now."""
    return replace_entries(docx, {CORE_PART: core_xml(info, now or datetime.now(UTC))})


def read_paper_info(docx: bytes) -> PaperInfo:
    """The title, author and 文号 a .docx's core properties carry (for the PDF's Info of a batch member)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        if CORE_PART not in package.namelist():
            return PaperInfo("", "", "")
        root = etree.fromstring(package.read(CORE_PART))

    def field(tag: str) -> str:
        found = root.find(f"{{http://purl.org/dc/elements/1.1/}}{tag}")
        return (found.text or "").strip() if found is not None else ""

    return PaperInfo(field("title"), field("creator"), field("subject"))
