"""The PDF side of a packet: page ranges from named destinations, outline, metadata, watermark (pypdf).

Each converted chunk carries a Word bookmark on the first paragraph of every document in it; LibreOffice
exports bookmarks as named destinations (`ExportBookmarksToPDFDestination`), so the destination's page
is where the document starts and the next one's start is where it ends. Nothing is guessed from text.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pypdf import PageObject, PdfReader, PdfWriter, Transformation

# LibreOffice escapes every character but letters and digits in destination names (`_` → `5F`).
BOOKMARK_PREFIX = "KaohePart"
WATERMARKS = ("草稿", "公示稿")


@dataclass(frozen=True)
class PartMark:
    """One document of a packet: its position in the request, bookmark name and outline labels."""

    position: int
    title: str
    group: str | None = None

    @property
    def bookmark(self) -> str:
        return bookmark_name(self.position)


@dataclass(frozen=True)
class ConvertedChunk:
    pdf: bytes
    marks: Sequence[PartMark]


@dataclass(frozen=True)
class PacketInfo:
    """The PDF's metadata: title, 文号 and issuing organisation (issue 6), and the optional watermark."""

    title: str
    docnum: str | None = None
    organisation: str | None = None
    watermark: str | None = None


def bookmark_name(position: int) -> str:
    return f"{BOOKMARK_PREFIX}{position:06d}"


def start_pages(reader: PdfReader, marks: Sequence[PartMark]) -> list[int]:
    """The 0-based first page of every marked document, from the PDF's named destinations."""
    destinations = {str(name).lstrip("/"): dest for name, dest in reader.named_destinations.items()}
    pages: list[int] = []
    for mark in marks:
        destination = destinations.get(mark.bookmark)
        if destination is None:
            raise ValueError(f"PDF 中找不到第 {mark.position + 1} 份文书的起始位置")
        page = reader.get_destination_page_number(destination)
        if page is None:
            raise ValueError(f"第 {mark.position + 1} 份文书的起始位置不在任何一页上")
        pages.append(page)
    return pages


def page_ranges(reader: PdfReader, marks: Sequence[PartMark]) -> list[range]:
    starts = start_pages(reader, marks)
    ends = [*starts[1:], len(reader.pages)]
    return [range(start, end) for start, end in zip(starts, ends, strict=True)]


def split_documents(
    chunks: Sequence[ConvertedChunk], infos: Mapping[int, PacketInfo] | None = None
) -> dict[int, bytes]:
    """One PDF per document, cut from the converted chunks at their named destinations, with its own
    title, author and 文号 (`infos` by position; else the mark's title only)."""
    documents: dict[int, bytes] = {}
    for chunk in chunks:
        reader = PdfReader(io.BytesIO(chunk.pdf))
        for mark, numbers in zip(chunk.marks, page_ranges(reader, chunk.marks), strict=True):
            writer = PdfWriter()
            for number in numbers:
                writer.add_page(reader.pages[number])
            info = (infos or {}).get(mark.position)
            _add_metadata(writer, info if info is not None else PacketInfo(mark.title))
            out = io.BytesIO()
            writer.write(out)
            documents[mark.position] = out.getvalue()
    return documents


def merge_packet(
    chunks: Sequence[ConvertedChunk], info: PacketInfo, watermark_pdf: bytes | None = None
) -> bytes:
    """One PDF, documents back in the order of the request, outline person → document."""
    pages_of: dict[int, tuple[PartMark, list[PageObject]]] = {}
    for chunk in chunks:
        reader = PdfReader(io.BytesIO(chunk.pdf))
        for mark, numbers in zip(chunk.marks, page_ranges(reader, chunk.marks), strict=True):
            pages_of[mark.position] = (mark, [reader.pages[number] for number in numbers])
    writer = PdfWriter()
    outline: list[tuple[PartMark, int]] = []
    for position in sorted(pages_of):
        mark, pages = pages_of[position]
        outline.append((mark, len(writer.pages)))
        for page in pages:
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
    groups: dict[str, Any] = {}
    for mark, page in outline:
        if mark.group is None:
            writer.add_outline_item(title=mark.title, page_number=page)
            continue
        parent = groups.get(mark.group)
        if parent is None:
            parent = groups[mark.group] = writer.add_outline_item(title=mark.group, page_number=page)
        writer.add_outline_item(title=mark.title, page_number=page, parent=parent)


def _add_metadata(writer: PdfWriter, info: PacketInfo) -> None:
    metadata = {
        "/Title": info.title,
        "/Creator": "考核文书服务",
        "/Producer": "考核文书服务 (LibreOffice, pypdf)",
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


def stamp_watermark(writer: PdfWriter, watermark_pdf: bytes) -> None:
    """Lay the watermark page, turned 45°, *under* every page's content so no text is hidden."""
    stamp = PdfReader(io.BytesIO(watermark_pdf)).pages[0]
    stamp_width, stamp_height = float(stamp.mediabox.width), float(stamp.mediabox.height)
    for page in writer.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        turn = (
            Transformation()
            .translate(-stamp_width / 2, -stamp_height / 2)
            .rotate(45)
            .translate(width / 2, height / 2)
        )
        page.merge_transformed_page(stamp, turn, over=False)
