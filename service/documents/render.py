"""The one rendering adapter (STYLE.md 7): payload + .docx template → .docx bytes.

- Jinja runs in a `SandboxedEnvironment` with autoescape on (docxtpl escapes nothing by default, so `&`
  or `<` in data would corrupt the file: docxtpl #557/#634) and `StrictUndefined`, so a template that
  names a variable the payload lacks fails loudly instead of printing nothing.
- A template is prepared once and cached (DESIGN.md §6: a new `DocxTemplate` per document re-parses the
  whole package): docxtpl's own `patch_xml` cleans the body/header/footer XML, Jinja compiles it, and
  every other part of the package is kept as raw bytes. Rendering a document is then one Jinja render
  per templated part, docxtpl's post-processing (line breaks, table grid) and writing the zip.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Callable, Mapping
from copy import deepcopy
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from docx import Document as open_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docxcompose.composer import Composer
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, Template, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from lxml import etree
from pydantic import BaseModel

from service.cn_format import amount_in_words, cn_date, cn_number
from service.config import settings
from service.docnum import format_docnum, normalise_docnum
from service.documents import bounds
from service.documents.appendix_layout import take_master_page
from service.documents.bounds import BoundedSandbox
from service.documents.builders.layout import FONT_HEI, SIZE_3, set_font
from service.documents.line_breaks import lay_out_lines
from service.documents.metadata import paper_info, stamp_core_properties
from service.documents.name_cell import fit_names
from service.documents.package import Entry, deflate, write_zip
from service.documents.registry import Appendix, DocumentKind, get_kind
from service.documents.signature_block import lay_out_signatures
from service.errors import DomainError, NotFound
from service.payload import parse_payload
from service.uploads import check_zip_upload

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT_PART_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


class TemplateRejected(DomainError):
    """A template that is not a .docx, does not parse, or tries to reach outside the sandbox."""

    status_code = 400
    error = "模板无法使用"


class TemplateDataMismatch(DomainError):
    """The template names a variable the payload does not have (StrictUndefined)."""

    status_code = 422
    error = "模板与数据不符"


# ---------------------------------------------------------------- filters


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def cn_date_filter(value: Any) -> str:
    """`2022-12-14` → `2022年12月14日` (GB/T 9704 7.3.5.1: Arabic numerals, no zero padding)."""
    return "" if value is None or value == "" else cn_date(_as_date(value))


def docnum_filter(value: Any, year: int | None = None, number: int | None = None) -> str:
    """文号 `宝行政中心〔2022〕17号` from (代字, year, number) or a mapping; a typed 文号 is normalised."""
    if value is None or value == "":
        return ""
    if isinstance(value, Mapping):
        return format_docnum(value["agency"], int(value["year"]), int(value["number"]))
    if year is not None and number is not None:
        return format_docnum(str(value), int(year), int(number))
    return normalise_docnum(str(value))


def amount_cn_filter(value: Any) -> str:
    """1200 → `人民币壹仟贰佰元整` (大写金额 on bonus sheets)."""
    return "" if value is None or value == "" else amount_in_words(Decimal(str(value)))


def cn_num_filter(value: Any) -> str:
    """12 → `十二`: headings 一、二、 and （一） are numbered in the data, never by Word (docxtpl #425)."""
    return cn_number(int(value))


def _data_filter(name: str, expects: str, function: Callable[..., str]) -> Callable[..., str]:
    """A filter given a value it cannot read says so in Chinese (422), not with a bare traceback (500).

    `{{ name|cn_date }}` in an uploaded template is the clerk's mistake, not a bug of the service.
    """

    @functools.wraps(function)
    def checked(value: Any, *args: Any) -> str:
        try:
            return function(value, *args)
        except (ValueError, TypeError, LookupError, ArithmeticError) as exc:
            raise TemplateDataMismatch(
                f"过滤器 {name} 无法处理值“{str(value)[:40]}”：{expects}（{type(exc).__name__}）"
            ) from None

    return checked


FILTERS: dict[str, Callable[..., str]] = {
    "cn_date": _data_filter("cn_date", "应为日期，如 2024-12-31", cn_date_filter),
    "docnum": _data_filter("docnum", "应为文号，如 宝行政中心〔2022〕17号", docnum_filter),
    "amount_cn": _data_filter("amount_cn", "应为金额数字，如 1200", amount_cn_filter),
    "cn_num": _data_filter("cn_num", "应为整数，如 12", cn_num_filter),
}

# Characters XML 1.0 forbids (and docxtpl's \a/\f paragraph/page markers): stripped from data, so no
# value can corrupt the package or inject paragraphs. Tab and newline stay: docxtpl turns them into
# <w:tab/> and <w:br/>.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return _XML_FORBIDDEN.sub("", value)
    return value


def make_environment() -> SandboxedEnvironment:
    """The sandbox every template runs in, ours and uploaded ones alike, with its bounds (bounds.py)."""
    env = BoundedSandbox(
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_finalize,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


ENVIRONMENT = make_environment()

# docxtpl's XML helpers (patch_xml, resolve_listing, fix_tables) do not touch the instance's document;
# one instance lends them to every render.
DOCXTPL = DocxTemplate(io.BytesIO())


# ---------------------------------------------------------------- prepared templates


@dataclass(frozen=True)
class _TemplatedPart:
    """One XML part holding Jinja: the text around the rendered piece and its compiled template."""

    prefix: str
    template: Template
    suffix: str
    is_body: bool


@dataclass(frozen=True)
class PreparedTemplate:
    names: tuple[str, ...]  # zip entries in their original order ([Content_Types].xml first)
    raw: dict[str, Entry]  # every entry not rendered, deflated once
    templated: dict[str, _TemplatedPart]

    def render(self, context: Mapping[str, Any]) -> bytes:
        rendered = {
            name: deflate(name, _render_part(part, context), level=1) for name, part in self.templated.items()
        }
        return write_zip([rendered[name] if name in rendered else self.raw[name] for name in self.names])


def _has_tags(xml: str) -> bool:
    return "{{" in xml or "{%" in xml or "{#" in xml or re.search(r"\{<[^>]*>+[{%#]", xml) is not None


def _compile(xml: str, part_name: str) -> Template:
    bounds.check_tags(xml, part_name)
    patched = re.sub(r"<w:p([ >])", r"\n<w:p\1", DOCXTPL.patch_xml(xml))
    try:
        return ENVIRONMENT.from_string(patched)
    except TemplateSyntaxError as exc:
        text = re.sub(r"<[^>]+>", "", patched.splitlines()[exc.lineno - 1] if exc.lineno else "")
        raise TemplateRejected(f"模板语法错误（{part_name}）：{exc.message}；附近文字：{text[:80]}") from None


def _split_document(xml_bytes: bytes) -> tuple[str, str, str]:
    """document.xml → (text before <w:body>, the body element, text after it)."""
    root = etree.fromstring(xml_bytes)
    body = root.find(f"{{{W_NS}}}body")
    if body is None:
        raise TemplateRejected("模板的 word/document.xml 没有正文（w:body）")
    body_xml = etree.tostring(body, encoding="unicode")
    shell = deepcopy(root)
    shell_body = shell.find(f"{{{W_NS}}}body")
    assert shell_body is not None
    shell_body.clear()
    before, _, after = etree.tostring(shell, encoding="unicode").partition("<w:body/>")
    return XML_DECLARATION + before, body_xml, after


def main_part_name(package: zipfile.ZipFile) -> str:
    types = etree.fromstring(package.read("[Content_Types].xml"))
    for override in types:
        if override.get("ContentType") == DOCUMENT_PART_TYPE:
            return str(override.get("PartName", "/word/document.xml")).lstrip("/")
    return "word/document.xml"


def header_footer_names(package: zipfile.ZipFile, main: str) -> list[str]:
    folder, _, file = main.rpartition("/")
    rels_name = f"{folder}/_rels/{file}.rels"
    if rels_name not in package.namelist():
        return []
    names = []
    for rel in etree.fromstring(package.read(rels_name)):
        if rel.get("Type", "").endswith(("/header", "/footer")) and rel.get("TargetMode") != "External":
            names.append(f"{folder}/{rel.get('Target', '').lstrip('/')}")
    return names


def check_upload_size(data: bytes) -> None:
    """A template over the upload caps is a 413; one that is no zip at all is no .docx."""
    try:
        check_zip_upload(data, "模板文件")
    except zipfile.BadZipFile:
        raise TemplateRejected("模板不是 .docx 文件（无法作为 zip 打开）") from None


def prepare(data: bytes) -> PreparedTemplate:
    """Parse a .docx once: compile the body, headers and footers that hold Jinja, keep the rest raw."""
    check_upload_size(data)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = tuple(package.namelist())
        if "[Content_Types].xml" not in names:
            raise TemplateRejected("模板不是 .docx 文件（缺少 [Content_Types].xml）")
        main = main_part_name(package)
        if main not in names:
            raise TemplateRejected("模板缺少 word/document.xml")
        raw = {name: package.read(name) for name in names}
        templated: dict[str, _TemplatedPart] = {}
        bounds.check_tags(raw[main], "正文")
        try:
            before, body, after = _split_document(raw[main])
            templated[main] = _TemplatedPart(before, _compile(body, "正文"), after, True)
            for name in header_footer_names(package, main):
                if name not in raw:
                    continue
                xml = etree.tostring(etree.fromstring(raw[name]), encoding="unicode")
                if _has_tags(xml):
                    templated[name] = _TemplatedPart(XML_DECLARATION, _compile(xml, "页眉页脚"), "", False)
        except etree.XMLSyntaxError as exc:
            raise TemplateRejected(f"模板的 XML 无法解析：{exc}") from None
    kept = {name: deflate(name, content) for name, content in raw.items() if name not in templated}
    return PreparedTemplate(names, kept, templated)


_BREAK_IN_TEXT = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\n\t]")


def _render_part(part: _TemplatedPart, context: Mapping[str, Any]) -> bytes:
    xml = bounds.render_text(part.template, context)
    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
    # docxtpl's escapes for literal braces in a template ({_{ → {{).
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    # Tabs and line breaks in data become <w:tab/> and <w:br/>; the walk over every run costs half a
    # render, so it runs only when some value brought one (the template's own XML has neither).
    if _BREAK_IN_TEXT.search(xml):
        xml = DOCXTPL.resolve_listing(xml)
    if part.is_body and "<w:tbl>" in xml:
        # A {%tc for %} adds cells the grid must know about; docxtpl widens or trims w:tblGrid.
        xml = etree.tostring(DOCXTPL.fix_tables(xml), encoding="unicode")
    return (part.prefix + xml + part.suffix).encode("utf-8")


class _TemplateCache:
    """Prepared templates by content hash (uploads) or by file and mtime (ours); least recently used out."""

    def __init__(self, size: int = 64) -> None:
        self._size = size
        self._items: OrderedDict[tuple[str, ...], PreparedTemplate] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, ...], load: Callable[[], bytes]) -> PreparedTemplate:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        prepared = prepare(load())
        with self._lock:
            self._items[key] = prepared
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return prepared

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


CACHE = _TemplateCache()


def template_path(kind: DocumentKind) -> Path:
    return settings.template_dir / kind.template


def prepared_for(kind: DocumentKind, template: bytes | None = None) -> PreparedTemplate:
    """The kind's committed template, or an uploaded one, prepared and cached."""
    if template is not None:
        digest = hashlib.sha256(template).hexdigest()
        return CACHE.get(("upload", digest), lambda: template)
    path = template_path(kind)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise NotFound(f"文书类型“{kind.kind}”的模板 {kind.template} 不存在") from None
    return CACHE.get(("file", str(path), str(stat.st_mtime_ns)), path.read_bytes)


def render_context(kind: DocumentKind, payload: BaseModel | dict[str, Any]) -> dict[str, Any]:
    model = payload if isinstance(payload, BaseModel) else parse_payload(kind.schema, payload)
    return kind.context_of(model)


def render_prepared(prepared: PreparedTemplate, context: Mapping[str, Any]) -> bytes:
    """Render with the sandbox's errors turned into Chinese answers."""
    try:
        return prepared.render(context)
    except SecurityError as exc:
        raise TemplateRejected(f"模板含有不安全的表达式，已拒绝（{exc}）") from None
    except UndefinedError as exc:
        raise TemplateDataMismatch(f"模板引用了数据中没有的变量：{exc.message}") from None
    except TemplateError as exc:
        raise TemplateRejected(f"模板渲染出错：{exc.message}") from None
    except etree.XMLSyntaxError as exc:
        raise TemplateRejected(f"模板渲染后的 XML 不合法：{exc}") from None
    except (ValueError, TypeError, LookupError, ArithmeticError, RecursionError) as exc:
        if not bounds.active():
            raise  # our own template: a bug, not the clerk's mistake
        # An uploaded template is the client's input: whatever its expressions break is a 4xx.
        raise TemplateRejected(f"模板中的表达式无法计算：{type(exc).__name__}: {str(exc)[:200]}") from None


def render_docx(kind: str, payload: BaseModel | dict[str, Any], template: bytes | None = None) -> bytes:
    """The .docx of one document of `kind`: payload validated (422 with paths), rendered sandboxed.

    A kind with appendices (a notice and its 附表) gets them after its body, each on a new page under
    its "附件N" mark (GB/T 9704 7.3.7), rendered with their own built-in templates.
    """
    document_kind = get_kind(kind)
    model = payload if isinstance(payload, BaseModel) else parse_payload(document_kind.schema, payload)
    context = document_kind.context_of(model)
    main = render_prepared(prepared_for(document_kind, template), context)
    appendices = document_kind.appendices(model) if document_kind.appendices is not None else []
    if appendices:
        parts = [_render_appendix(appendix) for appendix in appendices]
        main = compose([main, *parts], marks=[None, *(appendix.mark for appendix in appendices)])
    # Issue 14: 署名 and 成文日期 indented for their text (7.3.5), the title broken by sense and quoted
    # 文号 kept whole (7.3.1); title, organisation and 文号 in the core properties, which the PDF inherits.
    # 7: a 登记表's long 姓名 set to fit its cell in two lines.
    main = fit_names(lay_out_lines(lay_out_signatures(main, sealed=context.get("sealed") is True)))
    return stamp_core_properties(main, paper_info(document_kind, model, context))


def _render_appendix(appendix: Appendix) -> bytes:
    """A filled appendix through its kind's schema, a blank one straight from its template context."""
    if appendix.payload is not None:
        return render_docx(appendix.kind, appendix.payload)
    kind = get_kind(appendix.kind)
    return render_prepared(prepared_for(kind), appendix.context or {})


# ---------------------------------------------------------------- composing


def _strip_header_footer_refs(sect_pr: Any) -> None:
    for child in list(sect_pr):
        if child.tag in (qn("w:headerReference"), qn("w:footerReference")):
            sect_pr.remove(child)


def _close_section(master: Any) -> None:
    """Turn the master's last section into a closed one, so the next part starts a section on a new page.

    Word keeps a section's layout in a `w:sectPr` inside its last paragraph; the body's own `w:sectPr`
    belongs to the final section. Moving it lets every part keep its own margins (a form on 25 mm, a
    notice on GB/T 9704's 37/28 mm).
    """
    body = master.element.body
    body_sect = body.find(qn("w:sectPr"))
    if body_sect is None:
        return
    last = body_sect.getprevious()
    if last is None or last.tag != qn("w:p") or last.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
        last = OxmlElement("w:p")
        body_sect.addprevious(last)
    ppr = last.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        last.insert(0, ppr)
    ppr.append(deepcopy(body_sect))


def _adopt_section(master: Any, part: Any) -> None:
    """The master's final section takes the appended part's page layout, keeping the master's footers."""
    body = master.element.body
    old = body.find(qn("w:sectPr"))
    new = part.element.body.find(qn("w:sectPr"))
    if old is None or new is None:
        return
    new = deepcopy(new)
    _strip_header_footer_refs(new)  # the part's footers live in its own package; the master's carry on
    section_type = new.find(qn("w:type"))
    if section_type is None:
        section_type = OxmlElement("w:type")
        new.insert(0, section_type)
    section_type.set(qn("w:val"), "nextPage")
    old.addprevious(new)
    body.remove(old)


def _mark_first_page(part: Any, mark: str) -> None:
    """7.3.7: "附件" and its number in 3号黑体, flush left on the first line of the attachment's page."""
    body = part.element.body
    paragraph = part.add_paragraph()
    set_font(paragraph.add_run(mark), FONT_HEI, SIZE_3)
    first = next((child for child in body if child.tag != qn("w:sectPr")), None)
    if first is not None and first is not paragraph._p:
        first.addprevious(paragraph._p)


def _keep_own_default_style(master: Any, part: Any) -> None:
    """The part's paragraphs keep the look of the part's own 正文 style, not the master's.

    docxcompose maps a style to the master's style of the same id, so a form appended to a notice took
    the notice's "Normal": 3号 with a 28.95 pt exact line (GB/T 9704) in every table cell, and a
    one-page 登记表 ran onto a second page. The part's default style is copied under its own id and
    every paragraph that relied on it names it.
    """
    theirs = part.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    ours = master.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    if theirs is None or ours is None:
        return
    xml = etree.tostring(theirs.element)
    if xml == etree.tostring(ours.element):
        return
    style_id = f"Normal{hashlib.sha256(xml).hexdigest()[:8]}"
    if part.styles.element.get_by_id(style_id) is None:
        copy = deepcopy(theirs.element)
        copy.set(qn("w:styleId"), style_id)
        copy.attrib.pop(qn("w:default"), None)
        name = copy.find(qn("w:name"))
        if name is not None:
            name.set(qn("w:val"), f"Normal {style_id[6:]}")
        part.styles.element.append(copy)
    for paragraph in part.element.body.iter(qn("w:p")):
        properties = paragraph.get_or_add_pPr()
        if properties.style is None:
            properties.style = style_id


def compose(docs: list[bytes], marks: list[str | None] | None = None) -> bytes:
    """One .docx of several: each part starts on a new page (a new section keeping its own layout).

    `marks[i]`, when given, is printed at the top left of part i's first page ("附件1").
    """
    if not docs:
        raise ValueError("compose needs at least one document")
    marks = marks or [None] * len(docs)
    master = open_docx(io.BytesIO(docs[0]))
    if marks[0]:
        _mark_first_page(master, marks[0])
    composer = Composer(master)
    for data, mark in zip(docs[1:], marks[1:], strict=True):
        part = open_docx(io.BytesIO(data))
        if mark:
            _mark_first_page(part, mark)
        _keep_own_default_style(master, part)
        take_master_page(master, part)  # issue 14 (6): a 附件 on the 公文's page
        _close_section(master)
        composer.append(part)
        _adopt_section(master, part)
    out = io.BytesIO()
    master.save(out)
    return out.getvalue()
