"""Template lint: what is wrong with a .docx a clerk edited in Word, said in Chinese, before it is used.

Checks (issue 4, DESIGN.md §6):
- a Jinja tag cut into several runs by Word (docxtpl #10/#663) — docxtpl often glues them back, but the
  formatting inside is lost and a tag cut across paragraphs cannot be repaired;
- `{% for %}` / `{% if %}` without their `{% endfor %}` / `{% endif %}` (and the reverse);
- filters the sandbox does not have;
- variables the kind's data does not have (checked against the context of the kind's example, so the
  names a kind adds to its schema — a letter's `title`, a notice's `body` — count as known).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import asdict, dataclass
from typing import Any, Literal

from jinja2 import TemplateAssertionError, TemplateSyntaxError, meta, nodes
from lxml import etree

from service.documents import bounds
from service.documents.registry import DocumentKind, get_kind
from service.documents.render import (
    DOCXTPL,
    ENVIRONMENT,
    W_NS,
    TemplateRejected,
    check_upload_size,
    header_footer_names,
    main_part_name,
)

Severity = Literal["error", "warning"]
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_BLOCK = re.compile(r"\{%-?\s*(?:[ptrc]\s+)?(for|endfor|if|endif|elif|else)\b")
# Names every template may use without the data having them.
_BUILTIN_NAMES = {"loop", "range", "lipsum", "dict", "cycler", "joiner", "namespace", "true", "false", "none"}
PART_NAMES = {"word/document.xml": "正文"}


@dataclass(frozen=True)
class Problem:
    severity: Severity
    code: str
    part: str
    message: str


@dataclass(frozen=True)
class LintReport:
    kind: str
    ok: bool
    problems: list[Problem]

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "ok": self.ok, "problems": [asdict(p) for p in self.problems]}


def _part_label(name: str) -> str:
    if name in PART_NAMES:
        return PART_NAMES[name]
    if "header" in name:
        return f"页眉（{name}）"
    if "footer" in name:
        return f"页脚（{name}）"
    return name


def _paragraph_runs(paragraph: Any) -> list[str]:
    """The text of each run of a paragraph, in order."""
    return ["".join(t.text or "" for t in run.iter(f"{{{W_NS}}}t")) for run in paragraph.iter(f"{{{W_NS}}}r")]


def split_tags(xml: bytes, part: str) -> list[Problem]:
    """Tags whose characters are spread over several runs, or left open at the end of a paragraph."""
    problems: list[Problem] = []
    root = etree.fromstring(xml)
    for paragraph in root.iter(f"{{{W_NS}}}p"):
        runs = _paragraph_runs(paragraph)
        text = "".join(runs)
        if "{" not in text:
            continue
        bounds, position = [], 0
        for run in runs:
            bounds.append((position, position + len(run)))
            position += len(run)
        for match in _TAG.finditer(text):
            inside = [
                i for i, (start, end) in enumerate(bounds) if start < match.end() and end > match.start()
            ]
            if len(inside) > 1:
                problems.append(
                    Problem(
                        "warning",
                        "tag_split_across_runs",
                        part,
                        f"标签 {match.group(0)} 被 Word 拆成了 {len(inside)} 段文字（run），"
                        "替换时格式会丢失，有时不会被替换：请删除后一次性输入整个标签",
                    )
                )
        rest = _TAG.sub("", text)
        opened = re.search(r"\{[{%#]", rest)
        if opened:
            problems.append(
                Problem(
                    "error",
                    "tag_not_closed_in_paragraph",
                    part,
                    f"段落“{text[:40]}”中的标签没有在同一段落内闭合（缺少 }}}} 或 %}}）",
                )
            )
    return problems


def block_balance(source: str, part: str) -> list[Problem]:
    """`{% for %}`/`{% if %}` each closed by its own end tag, in order."""
    problems: list[Problem] = []
    stack: list[str] = []
    for match in _BLOCK.finditer(source):
        word = match.group(1)
        if word in ("for", "if"):
            stack.append(word)
        elif word in ("elif", "else"):
            if not stack:
                problems.append(
                    Problem(
                        "error",
                        "unbalanced_block",
                        part,
                        f"{{% {word} %}} 前面没有 {{% if %}} 或 {{% for %}}",
                    )
                )
        else:
            opener = word[3:]
            if not stack:
                problems.append(
                    Problem(
                        "error", "unbalanced_block", part, f"多余的 {{% {word} %}}：前面没有 {{% {opener} %}}"
                    )
                )
            elif stack[-1] != opener:
                problems.append(
                    Problem(
                        "error",
                        "unbalanced_block",
                        part,
                        f"{{% {word} %}} 与前面的 {{% {stack[-1]} %}} 不配对"
                        f"（应先写 {{% end{stack[-1]} %}}）",
                    )
                )
                stack.pop()
            else:
                stack.pop()
    for opener in stack:
        problems.append(
            Problem("error", "unbalanced_block", part, f"{{% {opener} %}} 没有对应的 {{% end{opener} %}}")
        )
    return problems


def _example_context(kind: DocumentKind) -> dict[str, Any]:
    return kind.context_of(kind.example())


def unknown_names(ast: nodes.Template, kind: DocumentKind, part: str) -> list[Problem]:
    """Filters the sandbox lacks; variables (and fields of them) the kind's data does not have."""
    problems: list[Problem] = []
    for used in ast.find_all(nodes.Filter):
        if used.name not in ENVIRONMENT.filters:
            problems.append(
                Problem(
                    "error",
                    "unknown_filter",
                    part,
                    f"未知的过滤器 {used.name}；可用的有 cn_date（中文日期）、docnum（文号）、"
                    "amount_cn（大写金额）、cn_num（中文数字）及 Jinja 自带的过滤器",
                )
            )
    context = _example_context(kind)
    try:
        undeclared = meta.find_undeclared_variables(ast)
    except TemplateAssertionError:
        # The code generator stops at an unknown filter (reported above); names are read off the tree.
        undeclared = {name.name for name in ast.find_all(nodes.Name) if name.ctx == "load"}
        undeclared -= {target.name for target in ast.find_all(nodes.Name) if target.ctx == "store"}
    for name in sorted(undeclared - _BUILTIN_NAMES):
        if name not in context:
            known = "、".join(sorted(context))
            problems.append(
                Problem(
                    "error",
                    "unknown_variable",
                    part,
                    f"变量 {name} 不在“{kind.title}”的数据中；可用的变量：{known}",
                )
            )
    for access in ast.find_all(nodes.Getattr):
        target = access.node
        if (
            isinstance(target, nodes.Name)
            and isinstance(context.get(target.name), dict)
            and access.attr not in context[target.name]
        ):
            fields = "、".join(sorted(context[target.name]))
            problems.append(
                Problem(
                    "error",
                    "unknown_variable",
                    part,
                    f"变量 {target.name}.{access.attr} 不存在；{target.name} 的字段有：{fields}",
                )
            )
    return problems


def _syntax_problem(exc: TemplateSyntaxError, part: str) -> Problem:
    message = exc.message or ""
    if "Unexpected end of template" in message:
        text = "模板在块结束前就结束了（{% for %} 或 {% if %} 缺少结束标签）"
    elif "Encountered unknown tag" in message:
        tag = re.search(r"'(\w+)'", message)
        text = f"无法识别的标签 {tag.group(1) if tag else ''}（可能多写了结束标签，或拼错了）"
    else:
        text = f"模板语法错误：{message}"
    return Problem("error", "syntax_error", part, text)


def lint_template(kind_id: str, data: bytes) -> LintReport:
    """Every problem of `data` as a template of `kind_id`; `ok` when there is no error (warnings allowed)."""
    kind = get_kind(kind_id)
    check_upload_size(data)
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise TemplateRejected("模板不是 .docx 文件（无法作为 zip 打开）") from None
    problems: list[Problem] = []
    with package:
        main = main_part_name(package)
        if main not in package.namelist():
            raise TemplateRejected("模板缺少 word/document.xml")
        for name in [main, *header_footer_names(package, main)]:
            if name not in package.namelist():
                continue
            part = _part_label(name)
            xml = package.read(name)
            bounds.check_tags(xml, part)  # before any parse: 10⁶ tags would cost gigabytes
            try:
                problems += split_tags(xml, part)
                source = DOCXTPL.patch_xml(etree.tostring(etree.fromstring(xml), encoding="unicode"))
            except etree.XMLSyntaxError as exc:
                problems.append(Problem("error", "invalid_xml", part, f"XML 无法解析：{exc}"))
                continue
            balance = block_balance(source, part)
            problems += balance
            try:
                ast = ENVIRONMENT.parse(source)
            except TemplateSyntaxError as exc:
                if not balance:
                    problems.append(_syntax_problem(exc, part))
                continue
            problems += unknown_names(ast, kind, part)
    return LintReport(kind.kind, not any(p.severity == "error" for p in problems), problems)
