"""Where lines may break: a title broken by sense into a pyramid, a quoted 文号 never broken (issue 14).

- GB/T 9704 7.3.1 标题 "回行时，要做到词意完整，排列对称，长短适宜，间距恰当，标题排列应当使用梯形或菱形":
  LibreOffice fills the first line and breaks anywhere, so "关于做好2024年度政府购买服务人员年度考" /
  "核工作的通知" split 考核 and stood as an inverted trapezoid. A title too long for one line is broken
  here at a word boundary (after 关于, 做好, 年度 …) so the first line is the shorter; a title that
  already carries line breaks ("\\n" in the payload) is left as its author broke it.
- A 文号 quoted in the text, "（宝行政中心〔2019〕10号）", broke as "（宝行政中心" / "〔2019〕10号）": it
  goes in a run of its own whose characters are joined by U+2060 WORD JOINER (forbids a break, prints
  nothing). LibreOffice's Chinese line breaking ignores the joiner next to 〔 and between 10 and 号
  (measured), its English rules do not: the run's east-Asian language is en-US. Its face is 仿宋
  (FandolFang, Simplified forms only), so the tag changes no glyph.

Both run on the rendered .docx (the paragraphs are found by the title's style, `KaoheTitle`), after
Jinja has filled the text in, the way service/documents/signature_block.py places the 落款.
"""

from __future__ import annotations

import io
import re
import zipfile
from copy import deepcopy

from lxml import etree

from service.documents.package import replace_entries

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TITLE_STYLE = "KaoheTitle"
DOCUMENT_PART = "word/document.xml"
WORD_JOINER = "\u2060"
QUOTED_DOCNUM = re.compile(r"（([\u4e00-\u9fff]{2,}〔\d{4}〕\d+号)）")
# 2号 (22 pt, condensed 0.25 pt like the body) on the 156 mm text block: 20.3 characters a line.
TITLE_LINE_CHARS = 156 / ((22 - 0.25) * 25.4 / 72)
# A title line may end after these words (never inside one: 考核, 人员, a year).
BREAK_AFTER = ("关于", "做好", "开展", "印发", "表彰", "公布", "确定", "年度", "转发")


def _width(text: str) -> float:
    return sum(0.5 if char.isascii() else 1.0 for char in text)


def title_break(title: str) -> int | None:
    """Where to break a title that does not fit one line: the most balanced break after one of
    BREAK_AFTER that leaves both lines within the block and the first no longer than the second."""
    if "\n" in title or _width(title) <= TITLE_LINE_CHARS:
        return None
    best: tuple[float, int] | None = None
    for word in BREAK_AFTER:
        for match in re.finditer(re.escape(word), title):
            at = match.end()
            if word == "年度" and title[at : at + 1] in ("", "的"):
                continue
            first, second = _width(title[:at]), _width(title[at:])
            if not 0 < first <= second <= TITLE_LINE_CHARS:
                continue
            if best is None or second - first < best[0]:
                best = (second - first, at)
    return best[1] if best is not None else None


def join_docnums(text: str) -> str:
    """Every quoted 文号 of `text`, its brackets too, with word joiners between its characters."""
    return QUOTED_DOCNUM.sub(lambda m: WORD_JOINER.join(m.group(0)), text)


def _split_docnums(text_el: etree._Element) -> bool:
    """The run holding `text_el` cut into pieces, each quoted 文号 a run that cannot break."""
    run = text_el.getparent()
    if run is None or run.tag != f"{W}r" or len(run.findall(f"{W}t")) != 1:
        return False
    text = text_el.text or ""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for match in QUOTED_DOCNUM.finditer(text):
        pieces += [(text[at : match.start()], False), (join_docnums(match.group(0)), True)]
        at = match.end()
    pieces.append((text[at:], False))
    anchor = run
    for piece, whole in pieces:
        if not piece:
            continue
        new = deepcopy(run)
        new.find(f"{W}t").text = piece
        if whole:
            properties = new.find(f"{W}rPr")
            if properties is None:
                properties = etree.SubElement(new, f"{W}rPr")
                new.insert(0, properties)
            lang = properties.find(f"{W}lang")
            if lang is None:
                lang = etree.SubElement(properties, f"{W}lang")
            lang.set(f"{W}eastAsia", "en-US")
        anchor.addnext(new)
        anchor = new
    run.getparent().remove(run)
    return True


def _style(paragraph: etree._Element) -> str | None:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val") if style is not None else None


def _break_title(paragraph: etree._Element) -> bool:
    runs = paragraph.findall(f"{W}r")
    texts = [run.find(f"{W}t") for run in runs]
    if len(runs) != 1 or texts[0] is None or runs[0].find(f"{W}br") is not None:
        return False  # already broken by hand, or styled in pieces: leave it
    text_el = texts[0]
    at = title_break(text_el.text or "")
    if at is None:
        return False
    text = text_el.text or ""
    text_el.text = text[:at]
    text_el.addnext(etree.Element(f"{W}br"))
    rest = etree.Element(f"{W}t")
    rest.text = text[at:]
    runs[0].append(rest)
    return True


def lay_out_lines(docx: bytes) -> bytes:
    """The .docx with its title broken by sense and its quoted 文号 kept whole."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        xml = package.read(DOCUMENT_PART)
    has_title = TITLE_STYLE.encode() in xml
    has_docnum = "〕".encode() in xml
    if not has_title and not has_docnum:
        return docx
    root = etree.fromstring(xml)
    changed = False
    if has_title:
        for paragraph in root.iter(f"{W}p"):
            if _style(paragraph) == TITLE_STYLE:
                changed |= _break_title(paragraph)
    if has_docnum:
        for text_el in list(root.iter(f"{W}t")):
            if QUOTED_DOCNUM.search(text_el.text or ""):
                changed |= _split_docnums(text_el)
    if not changed:
        return docx
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return replace_entries(docx, {DOCUMENT_PART: body})
