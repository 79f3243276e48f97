"""发文机关署名 and 成文日期 placed with real indents (GB/T 9704-2012 7.3.5), measured from their text.

- 7.3.5.2 不加盖印章: "在正文（或附件说明）下空一行右空二字编排发文机关署名，在发文机关署名下一行编排
  成文日期，首字比署名首字右移二字，如成文日期长于发文机关署名，应当使成文日期右空二字编排，并相应增加
  发文机关署名右空字数";
- 7.3.5.1 加盖印章: "一般成文日期右空四字编排", the 署名 centred over the date.

Where the date starts depends on how long the signature and the date are, so the indents are set after
Jinja has filled them in: the template marks the two paragraphs with their styles (`KaoheSignature`,
`KaoheDate`: builders/notice.py) and stays a valid Word file; U+3000 padding, which collapses at a line
end, is never used.
"""

from __future__ import annotations

import io
import zipfile
from itertools import pairwise

from lxml import etree

from service.documents.package import replace_entries

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SIGNATURE_STYLE = "KaoheSignature"
DATE_STYLE = "KaoheDate"
DOCUMENT_PART = "word/document.xml"
# One 3号 character as the body sets it: 16 pt condensed by 0.25 pt (builders/layout.py), in twips.
CHAR_TWIPS = 315
LINE_CHARS = 28


# Measured on LibreOffice's PDF: a Times New Roman digit of the condensed 3号 text is 2.72 mm wide (0.49
# of a 5.56 mm character), and each change between Chinese and digits adds 1.17 mm (0.21 character) of
# automatic spacing (Word adds about as much).
DIGIT_CHARS = 0.49
SCRIPT_CHANGE_CHARS = 0.21


def width_in_chars(text: str) -> float:
    """Width in 3号 characters: a digit or Latin letter about half, plus the gap where scripts change."""
    text = text.strip()
    changes = sum(1 for left, right in pairwise(text) if left.isascii() != right.isascii())
    return sum(DIGIT_CHARS if char.isascii() else 1.0 for char in text) + changes * SCRIPT_CHANGE_CHARS


def right_spaces(signature: str, date: str, *, sealed: bool) -> tuple[float, float]:
    """(右空 of the 署名, 右空 of the 成文日期) in characters, as 7.3.5 says."""
    s, d = width_in_chars(signature), width_in_chars(date)
    if sealed:
        return max(0.0, 4 + (d - s) / 2), 4.0
    signature_right = max(2.0, 4 + d - s)
    # The date's first character two characters right of the signature's first character.
    return signature_right, signature_right + s - 2 - d


def _style(paragraph: etree._Element) -> str | None:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val") if style is not None else None


def _text(paragraph: etree._Element) -> str:
    return "".join(node.text or "" for node in paragraph.iter(f"{W}t"))


def _set_right(paragraph: etree._Element, chars: float) -> None:
    properties = paragraph.find(f"{W}pPr")
    assert properties is not None  # it holds the pStyle
    indent = properties.find(f"{W}ind")
    if indent is None:
        indent = etree.SubElement(properties, f"{W}ind")
    for stale in (f"{W}rightChars", f"{W}endChars", f"{W}end"):
        indent.attrib.pop(stale, None)
    indent.set(f"{W}right", str(round(chars * CHAR_TWIPS)))


def lay_out_signatures(docx: bytes, *, sealed: bool = False) -> bytes:
    """The .docx with every 署名/日期 pair indented for its own text; unchanged when it has none."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        xml = package.read(DOCUMENT_PART)
    if SIGNATURE_STYLE.encode() not in xml:
        return docx
    root = etree.fromstring(xml)
    paragraphs = list(root.iter(f"{W}p"))
    changed = False
    for signed, dated in pairwise(paragraphs):
        if _style(signed) != SIGNATURE_STYLE or _style(dated) != DATE_STYLE:
            continue
        signature_right, date_right = right_spaces(_text(signed), _text(dated), sealed=sealed)
        _set_right(signed, signature_right)
        _set_right(dated, date_right)
        changed = True
    if not changed:
        return docx
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return replace_entries(docx, {DOCUMENT_PART: body})
