"""The 姓名 cell of a 登记表 fitted to the name it holds (issue 14, 7: "long names push the 登记表's
header row away from its grades").

The cell is 30 mm wide: 6 characters of 小四 on one line. A longer name wrapped into two or three lines
of 小四 grew the 姓名 row (the row repeated as the header of page 2), and a form that fits one page with
a short name spilled its last row onto a second. Now, once Jinja has filled the name in, a name longer
than one line is set in a size that fits it into two lines of the row's height (小五 up to 16
characters, 六号 up to 20, 七号 beyond), with an exact line pitch; a compound name (· U+00B7) breaks
after its ·, so that no part of it is cut, when each part fits a line. The template marks the paragraph
with its style (`KaoheName`: builders/appraisal_form.py) and stays a valid Word file.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from service.documents.package import replace_entries

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NAME_STYLE = "KaoheName"
DOCUMENT_PART = "word/document.xml"
CELL_MM = 28.0  # the 30 mm column less its 1 mm padding each side
ONE_LINE_CHARS = 6  # 小四 (12 pt = 4.23 mm)
# (half-points, exact line pitch in twips): 小五 9 pt, 六号 7.5 pt, 七号 5.5 pt; two lines in ≤ 7.1 mm.
SIZES = ((18, 200), (15, 170), (11, 130))
MIDDLE_DOT = "·"


def chars_per_line(half_points: int) -> int:
    return int(CELL_MM / (half_points / 2 * 25.4 / 72))


def _size_for(name: str) -> tuple[int, int] | None:
    if len(name) <= ONE_LINE_CHARS:
        return None
    for half_points, pitch in SIZES:
        if len(name) <= 2 * chars_per_line(half_points):
            return half_points, pitch
    return SIZES[-1]


def _style(paragraph: etree._Element) -> str | None:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val") if style is not None else None


def _set(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    element = parent.find(f"{W}{tag}")
    if element is None:
        element = etree.SubElement(parent, f"{W}{tag}")
    for key, value in attributes.items():
        element.set(f"{W}{key}", value)
    return element


def _fit(paragraph: etree._Element) -> bool:
    runs = paragraph.findall(f"{W}r")
    name = "".join(text.text or "" for run in runs for text in run.findall(f"{W}t"))
    size = _size_for(name)
    if size is None or not runs:
        return False
    half_points, pitch = size
    properties = paragraph.find(f"{W}pPr")
    if properties is None:
        properties = etree.Element(f"{W}pPr")
        paragraph.insert(0, properties)
    _set(properties, "spacing", line=str(pitch), lineRule="exact", before="0", after="0")
    for run in runs:
        run_properties = run.find(f"{W}rPr")
        if run_properties is None:
            run_properties = etree.Element(f"{W}rPr")
            run.insert(0, run_properties)
        _set(run_properties, "sz", val=str(half_points))
        _set(run_properties, "szCs", val=str(half_points))
    parts = name.split(MIDDLE_DOT)
    if (
        len(parts) == 2
        and all(parts)
        and max(len(parts[0]) + 1, len(parts[1])) <= chars_per_line(half_points)
    ):
        first, *rest = runs
        for run in rest:
            paragraph.remove(run)
        for text in first.findall(f"{W}t"):
            first.remove(text)
        head = etree.SubElement(first, f"{W}t")
        head.text = parts[0] + MIDDLE_DOT
        etree.SubElement(first, f"{W}br")
        etree.SubElement(first, f"{W}t").text = parts[1]
    return True


def fit_names(docx: bytes) -> bytes:
    """The .docx with every marked 姓名 cell fitted to its name; unchanged when it has none."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        xml = package.read(DOCUMENT_PART)
    if NAME_STYLE.encode() not in xml:
        return docx
    root = etree.fromstring(xml)
    changed = [_fit(p) for p in root.iter(f"{W}p") if _style(p) == NAME_STYLE]
    if not any(changed):
        return docx
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return replace_entries(docx, {DOCUMENT_PART: body})
