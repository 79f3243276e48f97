"""A packet: many rendered documents → few large .docx chunks → PDFs on the warm pool → one PDF.

Why chunks of one template: converting one composed document is far cheaper than many small ones
(≈ 45 ms a page against ≈ 200 ms a document, DESIGN.md §6), and general composition (docxcompose,
`service.documents.render.compose`) re-merges styles and numbering for every part (≈ 80 ms a form
here). Documents rendered from the same template share every part but word/document.xml, so their
bodies can simply be laid one after another, each ending its own section (new page, own layout).
Documents are grouped by the CRCs of their other parts: identical parts, same chunk; anything else
(another kind, an image, a templated header) lands in a chunk of its own kind. The merge step puts
the pages back in the order of the request.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from copy import deepcopy
from dataclasses import dataclass

from lxml import etree

from service.pdf.merge import ConvertedChunk, PacketInfo, PartMark, merge_packet
from service.pdf.office import OfficePool, get_pool

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCUMENT_PART = "word/document.xml"
# Parts every document has of its own: the body, and the core properties (its title, 文号, creation
# time: service/documents/metadata.py), which LibreOffice reads only for the PDF's Info of the chunk.
_OWN_PARTS = {DOCUMENT_PART, "docProps/core.xml"}
MAX_CHUNK_DOCUMENTS = 100
_AFTER_PAGE_NUMBERING = {
    f"{W}{name}"
    for name in ("cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter",
                 "docGrid", "printerSettings", "sectPrChange")
}  # fmt: skip


@dataclass(frozen=True)
class PacketDocument:
    """One rendered document of a packet and its outline labels (person → document title)."""

    docx: bytes
    title: str
    group: str | None = None


def _template_key(docx: bytes) -> tuple[tuple[str, int], ...]:
    """The identity of every part but the document's own, read from the zip directory (no decompression)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        infos = package.infolist()
    return tuple((info.filename, info.CRC) for info in infos if info.filename not in _OWN_PARTS)


def _body(docx: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        root = etree.fromstring(package.read(DOCUMENT_PART))
    body = root.find(f"{W}body")
    if body is None:
        raise ValueError("不是 Word 文档：缺少 w:body")
    return root


def _bookmark(paragraph: etree._Element, name: str, bookmark_id: int) -> None:
    start = etree.Element(f"{W}bookmarkStart", {f"{W}id": str(bookmark_id), f"{W}name": name})
    end = etree.Element(f"{W}bookmarkEnd", {f"{W}id": str(bookmark_id)})
    at = 1 if len(paragraph) and paragraph[0].tag == f"{W}pPr" else 0
    paragraph.insert(at, end)
    paragraph.insert(at, start)


def _end_section_here(body: etree._Element, section: etree._Element) -> None:
    """Carry the document's own section properties on its last paragraph, so the next starts a page."""
    children = [child for child in body if child.tag != f"{W}sectPr"]
    last = children[-1] if children else None
    if last is None or last.tag != f"{W}p":
        last = etree.SubElement(body, f"{W}p")
    properties = last.find(f"{W}pPr")
    if properties is None:
        properties = etree.Element(f"{W}pPr")
        last.insert(0, properties)
    properties.append(deepcopy(section))


def _shows_page_numbers(docx: bytes) -> bool:
    """Whether the documents number their pages as a 公文 does (7.5: odd pages right, even left, the
    w:evenAndOddHeaders setting) — those start again at 1, on a right-hand page, in every document.

    A list or form numbers its pages centred (builders/layout.continued_pages): in a packet its numbers
    run on, because restarting them made LibreOffice put a blank page after every one-page form.
    """
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        settings = package.read("word/settings.xml") if "word/settings.xml" in package.namelist() else b""
        double_sided = b"evenAndOddHeaders" in settings
        return double_sided and any(
            b"PAGE" in package.read(name)
            for name in package.namelist()
            if name.startswith(("word/footer", "word/header"))
        )


def _restart_page_numbers(body: etree._Element) -> None:
    """Page numbers (GB/T 9704 7.5 `— 1 —`) start again at 1 in every document of the chunk.

    Only for documents that show page numbers: LibreOffice then puts every page 1 on a right-hand
    page, adding a blank page after a document of odd length, as double-sided printing needs.
    """
    first_section = next(body.iter(f"{W}sectPr"), None)
    if first_section is None:
        return
    numbering = first_section.find(f"{W}pgNumType")
    if numbering is None:
        numbering = etree.Element(f"{W}pgNumType")
        # CT_SectPr keeps its children in order: pgNumType goes before the first of these.
        later = next((child for child in first_section if child.tag in _AFTER_PAGE_NUMBERING), None)
        if later is not None:
            later.addprevious(numbering)
        else:
            first_section.append(numbering)
    numbering.set(f"{W}start", "1")


def concatenate(docs: Sequence[bytes], marks: Sequence[PartMark]) -> bytes:
    """One .docx of documents made from the same template, a bookmark at the start of each."""
    master_root = _body(docs[0])
    master_body = master_root.find(f"{W}body")
    assert master_body is not None
    final_section = None
    numbered = _shows_page_numbers(docs[0])
    master_body.clear()
    for docx, mark in zip(docs, marks, strict=True):
        body = _body(docx).find(f"{W}body")
        assert body is not None
        first_paragraph = next(body.iter(f"{W}p"), None)
        if first_paragraph is None:
            raise ValueError(f"第 {mark.position + 1} 份文书没有段落")
        _bookmark(first_paragraph, mark.bookmark, 900_000 + mark.position)
        if numbered:
            _restart_page_numbers(body)
        section = body.find(f"{W}sectPr")
        if section is not None:
            body.remove(section)
            if final_section is not None:
                _end_section_here(master_body, final_section)
            final_section = section
        master_body.extend(list(body))
    if final_section is not None:
        master_body.append(final_section)
    xml = etree.tostring(master_root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docs[0])) as package, zipfile.ZipFile(out, "w") as joined:
        for info in package.infolist():
            data = xml if info.filename == DOCUMENT_PART else package.read(info)
            # Stored: this file only feeds LibreOffice, deflating it again buys nothing.
            joined.writestr(info.filename, data, compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


def plan_chunks(
    documents: Sequence[PacketDocument], workers: int, cap: int = MAX_CHUNK_DOCUMENTS
) -> list[list[int]]:
    """Positions grouped by template, split so every worker has a chunk and none exceeds `cap`."""
    groups: dict[tuple[tuple[str, int], ...], list[int]] = {}
    for position, document in enumerate(documents):
        groups.setdefault(_template_key(document.docx), []).append(position)
    chunks: list[list[int]] = []
    for positions in groups.values():
        size = min(cap, max(1, math.ceil(len(positions) / max(workers, 1))))
        chunks += [positions[start : start + size] for start in range(0, len(positions), size)]
    return chunks


def convert_documents(
    documents: Sequence[PacketDocument],
    *,
    pool: OfficePool | None = None,
    progress: Callable[[int], None] | None = None,
    separately: bool = False,
) -> list[ConvertedChunk]:
    """Every document converted inside a chunk; `progress(n)` is told after each chunk how many it held.

    `separately`: one document a conversion, for a .zip of PDFs. A PDF cut from a shared chunk keeps the
    chunk's font subsets, which hold the glyphs of every document in it: each member of a zip carried
    the whole batch's fonts (issue 14, 9), about twice its own size.
    """
    if not documents:
        raise ValueError("packet needs at least one document")
    office = pool or get_pool()
    marks = [PartMark(position, d.title, d.group) for position, d in enumerate(documents)]

    def convert(positions: list[int]) -> ConvertedChunk:
        chunk_marks = [marks[p] for p in positions]
        joined = concatenate([documents[p].docx for p in positions], chunk_marks)
        converted = ConvertedChunk(office.convert(joined).pdf, chunk_marks)
        if progress is not None:
            progress(len(positions))
        return converted

    chunks = plan_chunks(documents, office.size, cap=1 if separately else MAX_CHUNK_DOCUMENTS)
    with ThreadPoolExecutor(max_workers=max(1, office.size), thread_name_prefix="packet") as executor:
        return list(executor.map(convert, chunks))


def packet_pdf(
    documents: Sequence[PacketDocument],
    info: PacketInfo,
    *,
    watermark_pdf: bytes | None = None,
    pool: OfficePool | None = None,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """The merged PDF of `documents`, in their order, with outline, metadata and watermark."""
    return merge_packet(convert_documents(documents, pool=pool, progress=progress), info, watermark_pdf)
