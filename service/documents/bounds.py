"""What a template may cost inside the sandbox (issue 10.2), refused cheaply and in Chinese.

Jinja's sandbox stops attribute tricks, not work: `range(10**9)`, `9**(9**7)`, `'x' * 10**10`,
`lipsum(20000)` or two nested loops of 99,999 would each run until the kernel kills the process.
The child process that renders an uploaded template (service/documents/sandbox.py) has hard memory,
CPU and wall-clock limits; the bounds here refuse the common abuse long before those limits bite,
with a message a clerk can act on.

Two kinds of bound:
- always on, for every template (ours never come near them): the size of `range`, `lipsum`, `**`,
  `*` on numbers and sequences, the tag count of a part;
- per render of an uploaded template (a `RenderBudget` is active): the items every `range` hands
  out, summed over the whole document (a nested loop is the product of its ranges), and the
  characters of output. The shipped templates render without a budget, on the fast path: a
  20,000-person 名单 legitimately prints tens of megabytes.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import Template, nodes
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum

from service.config import settings
from service.errors import DomainError, PayloadTooLarge

# Numbers above this many bits (≈ 3,000 decimal digits) are nobody's data: 9**(9**7) has 15 million.
MAX_INT_BITS = 10_000
# lipsum(n): paragraphs and words per paragraph a placeholder text may ask for.
MAX_LIPSUM_PARAGRAPHS = 100
MAX_LIPSUM_WORDS = 1_000


class TemplateTooCostly(DomainError):
    """An uploaded template that would cost more time, memory or output than a document may."""

    status_code = 400
    error = "模板超出渲染限制"


# ---------------------------------------------------------------- budget of one render


@dataclass
class RenderBudget:
    loop_items: int
    output_chars: int

    def spend_loop(self, items: int) -> None:
        self.loop_items -= items
        if self.loop_items < 0:
            raise TemplateTooCostly(
                f"模板中的循环合计超过 {settings.template_max_loop_items:,} 次，已停止渲染；"
                "请减少循环次数或嵌套层数"
            )

    def spend_output(self, chars: int) -> None:
        self.output_chars -= chars
        if self.output_chars < 0:
            raise TemplateTooCostly(
                f"模板渲染结果超过 {settings.template_max_output_chars:,} 个字符，已停止渲染"
            )


_BUDGET: contextvars.ContextVar[RenderBudget | None] = contextvars.ContextVar("render_budget", default=None)


@contextlib.contextmanager
def budgeted() -> Iterator[RenderBudget]:
    """Every render inside the block shares one budget from settings (one document, all its parts)."""
    budget = RenderBudget(settings.template_max_loop_items, settings.template_max_output_chars)
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


def active() -> bool:
    """Whether an uploaded template is being rendered (a budget is set)."""
    return _BUDGET.get() is not None


def render_text(template: Template, context: Mapping[str, Any]) -> str:
    """The template's output; with a budget, charged chunk by chunk so a flood stops early."""
    if _BUDGET.get() is None:
        return template.render(context)
    return counted(template.generate(context))


def counted(chunks: Iterable[str]) -> str:
    """Join a template's output, charging the active budget as it grows (no budget: a plain join)."""
    budget = _BUDGET.get()
    if budget is None:
        return "".join(chunks)
    parts: list[str] = []
    for chunk in chunks:
        budget.spend_output(len(chunk))
        parts.append(chunk)
    return "".join(parts)


def loop_items(iterable: Any) -> Any:
    """What every `{% for %}` iterates (the sandbox wraps each loop's iterable in this call).

    Without a budget (our templates) the iterable itself; with one, each item is charged, so two
    nested loops over `'x' * 99999` stop after the budget, not after 10¹⁰ turns. A `range` was
    charged whole when it was made.
    """
    budget = _BUDGET.get()
    if budget is None or isinstance(iterable, range):
        return iterable
    return _charged(iterable, budget)


def _charged(iterable: Iterable[Any], budget: RenderBudget) -> Iterator[Any]:
    for item in iterable:
        budget.spend_loop(1)
        yield item


# ---------------------------------------------------------------- the sandbox's globals and operators


def bounded_range(*args: int) -> range:
    """`range` that refuses more than `template_max_range` items and charges the render's budget."""
    items = range(*args)
    if len(items) > settings.template_max_range:
        raise TemplateTooCostly(
            f"range() 最多 {settings.template_max_range:,} 项，模板要求 {len(items):,} 项"
        )
    budget = _BUDGET.get()
    if budget is not None:
        budget.spend_loop(len(items))
    return items


def bounded_lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    """Placeholder text, at most 100 paragraphs of at most 1,000 words (Jinja's own has no bound)."""
    if n > MAX_LIPSUM_PARAGRAPHS or max > MAX_LIPSUM_WORDS or min > max:
        raise TemplateTooCostly(
            f"lipsum() 最多 {MAX_LIPSUM_PARAGRAPHS} 段、每段最多 {MAX_LIPSUM_WORDS} 词，模板要求 {n} 段"
        )
    return str(generate_lorem_ipsum(n=n, html=html, min=min, max=max))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _bits(value: int) -> int:
    return max(1, abs(value).bit_length())


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse `**` and `*` whose result alone would be huge, before Python starts computing it."""
    if operator == "**" and _is_int(left) and _is_int(right) and right > 0 and abs(left) > 1:
        if right * _bits(left) > MAX_INT_BITS:
            raise TemplateTooCostly(
                f"乘方 {left}**{right} 的结果过大（超过 {MAX_INT_BITS} 位二进制），已拒绝"
            )
    elif operator == "*":
        if _is_int(left) and _is_int(right):
            if _bits(left) + _bits(right) > MAX_INT_BITS:
                raise TemplateTooCostly(f"乘积的结果过大（超过 {MAX_INT_BITS} 位二进制），已拒绝")
            return
        sequence, times = (left, right) if _is_int(right) else (right, left)
        if _is_int(times) and isinstance(sequence, str | list | tuple):
            size = len(sequence) * times
            if size > settings.template_max_repeat:
                raise TemplateTooCostly(
                    f"重复运算（*）得到 {size:,} 项，超过 {settings.template_max_repeat:,} 项上限，已拒绝"
                )


def check_tags(xml: str | bytes, part: str) -> None:
    """Count a part's Jinja tags before parsing it: 10⁶ `{{ title }}` fit in a 221 KB .docx."""
    text = xml.decode("utf-8", "replace") if isinstance(xml, bytes) else xml
    tags = text.count("{{") + text.count("{%") + text.count("{#")
    if tags > settings.template_max_tags:
        raise PayloadTooLarge(
            f"模板{part}含有 {tags:,} 个标签，超过 {settings.template_max_tags:,} 个上限，未渲染"
        )


LOOP_GUARD = "__loop_items__"  # the global every compiled `{% for %}` calls on its iterable
# str methods whose integer argument is the size of the string they build.
_WIDTH_METHODS = frozenset({"ljust", "rjust", "center", "zfill", "expandtabs"})


def check_width(width: Any, what: str) -> None:
    if _is_int(width) and width > settings.template_max_repeat:
        raise TemplateTooCostly(f"{what} 的宽度 {width:,} 超过 {settings.template_max_repeat:,} 上限，已拒绝")


def check_call(function: Any, args: tuple[Any, ...]) -> None:
    name = getattr(function, "__name__", "")
    if isinstance(getattr(function, "__self__", None), str) and name in _WIDTH_METHODS:
        for arg in args:
            check_width(arg, f"{function.__name__}()")


def bounded_center(value: Any, width: int = 80) -> str:
    check_width(width, "center")
    return str(value).center(width)


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox with the bounds above on its globals, its `**`/`*` and its width methods."""

    intercepted_binops = frozenset({"**", "*"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals["range"] = bounded_range
        self.globals["lipsum"] = bounded_lipsum
        self.globals[LOOP_GUARD] = loop_items
        indent = self.filters["indent"]

        def bounded_indent(value: Any, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
            check_width(width if _is_int(width) else len(str(width)), "indent")
            return str(indent(value, width, first, blank))

        self.filters.update(center=bounded_center, indent=bounded_indent)

    def _generate(
        self, source: nodes.Template, name: str | None, filename: str | None, defer_init: bool = False
    ) -> str:
        # Compiling (not `parse`, which the lint reads): every loop's iterable goes through loop_items.
        for loop in source.find_all(nodes.For):
            guard = nodes.Name(LOOP_GUARD, "load").set_lineno(loop.lineno)
            loop.iter = nodes.Call(guard, [loop.iter], [], None, None).set_lineno(loop.lineno)
        return super()._generate(source, name, filename, defer_init)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        check_call(__obj, args)
        return super().call(__context, __obj, *args, **kwargs)
