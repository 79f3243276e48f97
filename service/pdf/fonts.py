"""Which fonts a PDF really used: the font report and the glyph-form check (DESIGN.md §6).

Two facts make font names useless as evidence. LibreOffice names a face taken from a Noto CJK
collection after the collection's *first* face (`NotoSerifCJKjp-…`) whatever face it drew from, and
the regional glyph forms (SC 骨 vs HK/JP 骨) depend on the text's language tag. So the report says
which family each requested font name resolved to (fontconfig with the repo's `fonts.conf`), and the
glyph check compares the outline drawn in the PDF with the outline of each face of a collection.
"""

from __future__ import annotations

import html
import io
import os
import re
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.t1Lib import T1Font
from fontTools.ttLib import TTCollection, TTFont
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, StreamObject

from service.config import settings

Outline = tuple[tuple[str, tuple[tuple[int, int], ...]], ...]

_RFONTS_ELEMENT = re.compile(rb"<w:rFonts\b[^>]*>")
_FONT_ATTRIBUTE = re.compile(rb'w:(?:eastAsia|ascii|hAnsi|cs)="([^"]+)"')


# ---------------------------------------------------------------- the report


def fontconfig_environment() -> dict[str, str]:
    """The environment soffice and fc-match run in: the repo's aliases on top of the system's."""
    return {**os.environ, "FONTCONFIG_FILE": str(settings.fontconfig_file)}


@lru_cache(maxsize=256)
def resolve_family(requested: str) -> str:
    """The installed family fontconfig gives a requested name when the text is Simplified Chinese."""
    answer = subprocess.run(
        ["fc-match", "--format=%{family[0]}|%{style[0]}", f"{requested}:lang=zh-cn"],
        env=fontconfig_environment(),
        capture_output=True,
        text=True,
        check=True,
        timeout=10,
    ).stdout
    family, _, style = answer.partition("|")
    return f"{family} {style}".strip() if style and style not in ("Regular", "Book") else family


def requested_fonts(docx: bytes) -> list[str]:
    """Every font name the .docx asks for (runs, styles, numbering), in first-seen order."""
    names: dict[str, None] = {}
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        parts = [
            part
            for part in package.namelist()
            if re.fullmatch(r"word/(document|styles|numbering|footer\d+|header\d+)\.xml", part)
        ]
        for part in parts:
            for element in _RFONTS_ELEMENT.finditer(package.read(part)):
                for match in _FONT_ATTRIBUTE.finditer(element.group(0)):
                    names.setdefault(match.group(1).decode("utf-8"), None)
    return list(names)


def embedded_fonts(pdf: bytes) -> list[dict[str, Any]]:
    """The fonts of the PDF as `pdffonts` lists them (name with subset tag stripped, type, embedded)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        listing = subprocess.run(
            ["pdffonts", handle.name], capture_output=True, text=True, check=True, timeout=60
        ).stdout
    fonts: dict[str, dict[str, Any]] = {}
    for line in listing.splitlines()[2:]:
        columns = line.split()
        if len(columns) < 7:
            continue
        name = columns[0].split("+", 1)[-1]
        embedded = columns[-5] == "yes"
        fonts.setdefault(name, {"name": name, "type": " ".join(columns[1:-6]), "embedded": embedded})
    return list(fonts.values())


def font_mapping(docx: bytes) -> dict[str, str]:
    """Each font name the document asks for → the family fontconfig gives it."""
    return {name: resolve_family(name) for name in requested_fonts(docx)}


def font_report(
    docx: bytes, pdf: bytes, *, others: Sequence[bytes] = (), texts: Sequence[bytes] = ()
) -> dict[str, Any]:
    """What the PDF response reports (`X-Font-Report`): mapping, substitutes, embedded fonts, and
    every character the document prints that no embedded font draws (issue 10.4).

    Every requested name that is not installed under its own name is a substitution and is listed,
    so a clerk is never surprised by a face they did not ask for; a character that prints as a gap or
    a box (a name with 𪚥 in a face without it) is listed with a warning, never silently lost.
    A packet's PDF holds many documents: `others` are one of each other kind (their fonts), `texts`
    every further document (the names it prints).
    """
    mapping = font_mapping(docx)
    for other in others:  # a packet's documents of other kinds: their fonts too
        mapping.update(font_mapping(other))
    substituted = {name: family for name, family in mapping.items() if not family.startswith(name)}
    embedded = embedded_fonts(pdf)
    printed = printed_characters(docx).union(*(printed_characters(other) for other in [*others, *texts]))
    drawn, blank = glyph_coverage(pdf)
    missing = sorted((printed - drawn) | (printed & blank))
    report: dict[str, Any] = {
        "requested": mapping,
        "substituted": substituted,
        "embedded": embedded,
        "all_embedded": all(font["embedded"] for font in embedded),
        "all_glyphs": not missing,
        "missing_glyphs": [f"{char} U+{ord(char):04X}" for char in missing[:MAX_LISTED_MISSING]],
        "warnings": [],
    }
    if missing:
        listed = "、".join(f"{char}（U+{ord(char):04X}）" for char in missing[:MAX_LISTED_MISSING])
        more = f"等 {len(missing)} 个" if len(missing) > MAX_LISTED_MISSING else f"共 {len(missing)} 个"
        report["warnings"].append(
            f"以下字符在嵌入的字体中没有字形，打印时会缺失或显示为方框：{listed}（{more}）"
        )
    return report


# ---------------------------------------------------------------- characters without a glyph

MAX_LISTED_MISSING = 100  # the report travels in a header: name the first hundred, count the rest
_HEX = r"<([0-9A-Fa-f]+)>"
_TEXT_RUN = re.compile(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def printed_characters(docx: bytes) -> set[str]:
    """Every visible character of the document's text (body and footers); spaces draw nothing.

    Headers are left out: a form's running header ("姓名（续）", GB/T 9704 issue 14.7) prints only on
    continuation pages, so a one-page form never draws it, and what it names the body prints anyway."""
    chars: set[str] = set()
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        for part in package.namelist():
            if re.fullmatch(r"word/(document|footer\d+)\.xml", part):
                for match in _TEXT_RUN.finditer(package.read(part)):
                    chars.update(html.unescape(match.group(1).decode("utf-8")))
    return {char for char in chars if char.isprintable() and not char.isspace()}


def _unicode_map(font: DictionaryObject) -> dict[int, str]:
    """Code → text of a font, from its /ToUnicode CMap (bfchar and bfrange entries)."""
    stream = font["/ToUnicode"].get_object()
    assert isinstance(stream, StreamObject)
    cmap = stream.get_data().decode("latin-1")
    codes: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(rf"{_HEX}\s*{_HEX}", block):
            codes[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for first, last, start in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            base = bytes.fromhex(start).decode("utf-16-be", "replace")
            for offset in range(int(last, 16) - int(first, 16) + 1):
                codes[int(first, 16) + offset] = base[:-1] + chr(ord(base[-1]) + offset) if base else ""
    return codes


def _glyph_drawer(descriptor: Any) -> Callable[[int], bool] | None:
    """code → whether the embedded font draws something for it (not .notdef, not an empty outline)."""
    if "/FontFile2" in descriptor:
        font = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
        cmap = font["cmap"].tables[0].cmap
        glyph_set = font.getGlyphSet()

        def truetype(code: int) -> bool:
            name = cmap.get(code) or cmap.get(0xF000 + code)
            return name is not None and name != ".notdef" and _draws(glyph_set, name)

        return truetype
    if "/FontFile" in descriptor:
        with tempfile.NamedTemporaryFile(suffix=".pfa") as handle:
            handle.write(descriptor["/FontFile"].get_object().get_data())
            handle.flush()
            type1 = T1Font(handle.name, kind="OTHER")
            type1.parse()
        encoding, glyphs = type1["Encoding"], type1.getGlyphSet()

        def postscript(code: int) -> bool:
            name = encoding[code] if code < len(encoding) else None
            return name not in (None, ".notdef") and name in glyphs and _draws(glyphs, name)

        return postscript
    return None


def _draws(glyph_set: Any, name: str) -> bool:
    pen = DecomposingRecordingPen(glyph_set)
    glyph_set[name].draw(pen)
    return bool(pen.value)


def glyph_coverage(pdf: bytes) -> tuple[set[str], set[str]]:
    """(characters some embedded font draws with a real glyph, characters printed with an empty one).

    A subset font holds only the glyphs the document uses, so a character its map names with an
    empty glyph (AR PL UKai has 47 such ideographs, 䶮 among them) did print as a gap somewhere,
    even when another font draws it elsewhere in the document.
    """
    reader = PdfReader(io.BytesIO(pdf))
    drawn: set[str] = set()
    blank: set[str] = set()
    seen: set[int] = set()
    for page in reader.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        for reference in (fonts.get_object() if fonts else {}).values():
            key = reference.idnum if hasattr(reference, "idnum") else id(reference)
            if key in seen:
                continue
            seen.add(key)
            font = reference.get_object()
            if "/ToUnicode" not in font:
                continue
            codes = _unicode_map(font)
            descriptor = font.get("/FontDescriptor")
            drawer = _glyph_drawer(descriptor.get_object()) if descriptor is not None else None
            for code, text in codes.items():
                if drawer is None or drawer(code):  # a composite or unembedded font: trust its map
                    drawn.update(text)
                else:
                    blank.update(text)
    return drawn, {char for char in blank if not char.isspace()}


# ---------------------------------------------------------------- glyph forms


@dataclass(frozen=True)
class EmbeddedGlyph:
    font: str
    outline: Outline


def _normalise(value: list[tuple[str, tuple[Any, ...]]]) -> Outline:
    return tuple((op, tuple((round(x), round(y)) for x, y in points)) for op, points in value)


def _to_unicode(font: DictionaryObject) -> dict[str, int]:
    """Character → code in this simple font, read from its /ToUnicode CMap."""
    return {text: code for code, text in _unicode_map(font).items()}


def _type1_outline(data: bytes, code: int) -> Outline:
    with tempfile.NamedTemporaryFile(suffix=".pfa") as handle:
        handle.write(data)
        handle.flush()
        font = T1Font(handle.name, kind="OTHER")
        font.parse()
    glyph_name = font["Encoding"][code]
    pen = DecomposingRecordingPen(font.getGlyphSet())
    font.getGlyphSet()[glyph_name].draw(pen)
    return _normalise(pen.value)


def _truetype_outline(data: bytes, code: int) -> Outline:
    font = TTFont(io.BytesIO(data))
    cmap = font["cmap"].tables[0].cmap
    glyph_name = cmap.get(code) or cmap.get(0xF000 + code)
    glyph_set = font.getGlyphSet()
    pen = DecomposingRecordingPen(glyph_set)
    glyph_set[glyph_name].draw(pen)
    return _normalise(pen.value)


def embedded_glyphs(pdf: bytes, char: str) -> list[EmbeddedGlyph]:
    """The outline of `char` in every embedded font of the PDF that draws it."""
    reader = PdfReader(io.BytesIO(pdf))
    seen: set[str] = set()
    glyphs: list[EmbeddedGlyph] = []
    for page in reader.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        for reference in (fonts.get_object() if fonts else {}).values():
            font = reference.get_object()
            name = str(font["/BaseFont"]).lstrip("/")
            if name in seen or "/ToUnicode" not in font or "/FontDescriptor" not in font:
                continue
            seen.add(name)
            code = _to_unicode(font).get(char)
            if code is None:
                continue
            descriptor = font["/FontDescriptor"].get_object()
            if "/FontFile" in descriptor:
                outline = _type1_outline(descriptor["/FontFile"].get_object().get_data(), code)
            elif "/FontFile2" in descriptor:
                outline = _truetype_outline(descriptor["/FontFile2"].get_object().get_data(), code)
            else:
                continue
            glyphs.append(EmbeddedGlyph(font=name.split("+", 1)[-1], outline=outline))
    return glyphs


@lru_cache(maxsize=16)
def _faces(path: str) -> list[tuple[str, dict[int, str], Any]]:
    """(family, cmap, glyph set) of every face of a font file or collection, parsed once (≈ 1 s a face).

    Monospaced variants are left out: they share the proportional face's ideographs.
    """
    fonts = (
        TTCollection(path, lazy=True).fonts if path.endswith((".ttc", ".otc")) else [TTFont(path, lazy=True)]
    )
    faces = []
    for face in fonts:
        family = face["name"].getDebugName(1) or Path(path).stem
        if "Mono" not in family:
            faces.append((family, face.getBestCmap(), face.getGlyphSet()))
    return faces


@lru_cache(maxsize=64)
def collection_outlines(path: str, char: str) -> dict[str, Outline]:
    """`char` as drawn by every face of a font file or collection, keyed by the face's family name."""
    outlines: dict[str, Outline] = {}
    for family, cmap, glyph_set in _faces(path):
        glyph_name = cmap.get(ord(char))
        if glyph_name is None:
            continue
        pen = DecomposingRecordingPen(glyph_set)
        glyph_set[glyph_name].draw(pen)
        outlines[family] = _normalise(pen.value)
    return outlines


def identify_face(glyph: EmbeddedGlyph, path: str, char: str) -> list[str]:
    """The faces of the collection at `path` whose outline of `char` is the one in the PDF."""
    return [family for family, outline in collection_outlines(path, char).items() if outline == glyph.outline]
