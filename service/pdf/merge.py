"""Packets: many documents → one PDF with a bookmark per person and document, metadata and watermark.

Converting one composed document is far cheaper than many small ones (≈ 45 ms a page against
≈ 200 ms a document, DESIGN.md §6), so a packet is composed into a few large .docx chunks. To find
where each document starts in the PDF without guessing from text, every document gets a Word bookmark
on its first paragraph before composing; LibreOffice exports bookmarks as named destinations
(`ExportBookmarksToPDFDestination`), and the destination's page is the document's first page.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject, TextStringObject


BOOKMARK_PREFIX = "kaohe_part_"
WATERMARKS = ("草稿", "公示稿")

_FIRST_PARAGRAPH = re.compile(rb"<w:p(?:\s[^>]*)?(/?)>")
_PARAGRAPH_PROPERTIES_END = b"</w:pPr>"


@dataclass(frozen=True)
class PartMark:
    """Where one document of a packet sits: its bookmark name and its outline labels."""

    name: str
    title: str
    group: str | None = None


@dataclass(frozen=True)
class ConvertedChunk:
    pdf: bytes
    marks: Sequence[PartMark]


@dataclass(frozen=True)
class PacketInfo:
    """The PDF's metadata: title, 文号 and issuing organisation (issue 6)."""

    title: str
    docnum: str | None = None
    organisation: str | None = None
    watermark: str | None = None


def bookmark_name(index: int) -> str:
    return f"{BOOKMARK_PREFIX}{index:06d}"


def mark_first_paragraph(docx: bytes, name: str, bookmark_id: int) -> bytes:
    """The same .docx with a bookmark `name` at the start of its first paragraph.

    Done on the XML text, not through python-docx: a 1,000-person packet would otherwise parse every
    form one extra time. The bookmark goes after the paragraph's properties, where Word puts it.
    """
    out = io.BytesIO()
    found = False
    with zipfile.ZipFile(io.BytesIO(docx)) as package, zipfile.ZipFile(out, "w") as marked:
        for info in package.infolist():
            data = package.read(info)
            if info.filename == "word/document.xml":
                data, found = _insert_bookmark(data, name, bookmark_id), True
            # Stored, not deflated: this copy only feeds the composer, and deflating ~1 MB of styles
            # per form again would cost more than the conversion saves.
            marked.writestr(info.filename, data, compress_type=zipfile.ZIP_STORED)
    if not found:
        raise ValueError("不是 Word 文档：缺少 word/document.xml")
    return out.getvalue()


def _insert_bookmark(xml: bytes, name: str, bookmark_id: int) -> bytes:
    body = xml.find(b"<w:body>")
    match = _FIRST_PARAGRAPH.search(xml, body if body >= 0 else 0)
    if match is None:
        raise ValueError("文档没有段落，无法定位书签")
    marker = (
        f'<w:bookmarkStart w:id="{bookmark_id}" w:name="{name}"/><w:bookmarkEnd w:id="{bookmark_id}"/>'
    ).encode()
    if match.group(1):  # an empty paragraph `<w:p/>`
        opened = match.group(0)[:-2] + b">"
        return xml[: match.start()] + opened + marker + b"</w:p>" + xml[match.end() :]
    insert_at = match.end()
    properties_end = xml.find(_PARAGRAPH_PROPERTIES_END, insert_at)
    paragraph_end = xml.find(b"</w:p>", insert_at)
    if 0 <= properties_end < paragraph_end and not xml[insert_at:properties_end].count(b"<w:p "):
        insert_at = properties_end + len(_PARAGRAPH_PROPERTIES_END)
    return xml[:insert_at] + marker + xml[insert_at:]


def start_pages(reader: PdfReader, marks: Sequence[PartMark]) -> list[int]:
    """The 0-based first page of every marked document, from the PDF's named destinations."""
    destinations = reader.named_destinations
    pages: list[int] = []
    for mark in marks:
        destination = destinations.get(mark.name)
        if destination is None:
            # A document whose first paragraph sits in a frame or text box may lose its bookmark;
            # it then starts right after the previous one, which a new page per part guarantees.
            pages.append(pages[-1] + 1 if pages else 0)
            continue
        pages.append(reader.get_destination_page_number(destination))
    return pages


def merge_packet(chunks: Sequence[ConvertedChunk], info: PacketInfo, watermark_pdf: bytes | None = None) -> bytes:
    """One PDF of the converted chunks, with an outline: person → document, or document alone."""
    writer = PdfWriter()
    outline: list[tuple[PartMark, int]] = []
    for chunk in chunks:
        reader = PdfReader(io.BytesIO(chunk.pdf))
        offset = len(writer.pages)
        for mark, page in zip(chunk.marks, start_pages(reader, chunk.marks), strict=True):
            outline.append((mark, offset + page))
        for page in reader.pages:
            writer.add_page(page)
    _add_outline(writer, outline)
    if watermark_pdf is not None:
        stamp_watermark(writer, watermark_pdf)
    _add_metadata(writer, info)
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _add_outline(writer: PdfWriter, outline: Sequence[tuple[PartMark, int]]) -> None:
    groups: dict[str, object] = {}
    for mark, page in outline:
        if mark.group is None:
            writer.add_outline_item(mark.title, page)
            continue
        parent = groups.get(mark.group)
        if parent is None:
            parent = groups[mark.group] = writer.add_outline_item(mark.group, page)
        writer.add_outline_item(mark.title, page, parent=parent)  # type: ignore[arg-type]


def _add_metadata(writer: PdfWriter, info: PacketInfo) -> None:
    metadata = {
        "/Title": info.title,
        "/Creator": "考核文书服务",
        "/CreationDate": datetime.now(UTC).strftime("D:%Y%m%d%H%M%SZ"),
    }
    if info.organisation:
        metadata["/Author"] = info.organisation
    if info.docnum:
        # No standard key holds a 文号: /Subject shows in every viewer, /DocNumber is for programs.
        metadata["/Subject"] = info.docnum
        metadata["/DocNumber"] = info.docnum
    if info.watermark:
        metadata["/Keywords"] = info.watermark
    writer.add_metadata(metadata)
    writer._info.get_object()[NameObject("/Title")] = TextStringObject(info.title)  # type: ignore[union-attr]


def stamp_watermark(writer: PdfWriter, watermark_pdf: bytes) -> None:
    """Lay the watermark page, turned 45°, *under* every page's content so no text is hidden."""
    stamp = PdfReader(io.BytesIO(watermark_pdf)).pages[0]
    for page in writer.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        stamp_width, stamp_height = float(stamp.mediabox.width), float(stamp.mediabox.height)
        turn = (
            Transformation()
            .translate(-stamp_width / 2, -stamp_height / 2)
            .rotate(45)
            .translate(width / 2, height / 2)
        )
        page.merge_transformed_page(stamp, turn, over=False)
