"""文号 (发文字号): `机关代字〔YYYY〕N号` (DESIGN.md §3, GB/T 9704-2012 7.2.4).

GB/T 9704-2012 7.2.4: 发文字号由发文机关代字、年份、发文顺序号组成。年份、发文顺序号用阿拉伯数字标注；
年份应标全称，用六角括号“〔〕”括入；发文顺序号不加“第”字，不编虚位（即1不编为01），在阿拉伯数字后加“号”字。

Clerks type the brackets as [ ], 【】, ( ) or ［］, write full-width digits, a leading 第 or zeros
(宝行政中心[2022]第017号); `parse_docnum` accepts all of that and `normalise_docnum` writes it back the
one correct way: 宝行政中心〔2022〕17号.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from service.errors import DomainError

OPEN, CLOSE = "\u3014", "\u3015"  # 〔 〕 六角括号
_OPENERS = "〔[【(（［〖"
_CLOSERS = "〕]】)）］〗"
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_PATTERN = re.compile(
    rf"^(?P<agency>[^{re.escape(_OPENERS + _CLOSERS)}]+?)\s*"
    rf"[{re.escape(_OPENERS)}]\s*(?P<year>\d{{4}})\s*[{re.escape(_CLOSERS)}]\s*"
    r"第?\s*(?P<number>\d+)\s*号$"
)
FIRST_YEAR, LAST_YEAR = 1949, 2200


class InvalidDocNum(DomainError, ValueError):
    """A 文号 that cannot be read; also a ValueError so Pydantic validators turn it into a 422."""

    error = "文号格式不正确"


class DocNum(NamedTuple):
    agency: str
    year: int
    number: int

    def __str__(self) -> str:
        return format_docnum(self.agency, self.year, self.number)


def _check_parts(agency: str, year: int, number: int) -> None:
    if not agency or any(ch in agency for ch in _OPENERS + _CLOSERS) or agency != agency.strip():
        raise InvalidDocNum(f"机关代字「{agency}」不正确：不能为空，不能含括号或首尾空格")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidDocNum(f"文号年份 {year} 不正确，应为四位年份全称，如 2024")
    if number < 1:
        raise InvalidDocNum(f"发文顺序号 {number} 不正确，应从1起编")


def format_docnum(agency: str, year: int, number: int) -> str:
    """`format_docnum("宝行政中心", 2022, 17)` → '宝行政中心〔2022〕17号' (no 第, no leading zero)."""
    _check_parts(agency, year, number)
    return f"{agency}{OPEN}{year}{CLOSE}{number}号"


def parse_docnum(text: str) -> DocNum:
    """Read a 文号 however the clerk typed its brackets and digits; raise InvalidDocNum otherwise."""
    cleaned = str(text).translate(_FULL_WIDTH_DIGITS).strip()
    match = _PATTERN.match(cleaned)
    if match is None:
        raise InvalidDocNum(f"「{text}」不是文号，应写作 机关代字〔年份〕顺序号号，如 宝行政中心〔2022〕17号")
    agency, year, number = match["agency"].strip(), int(match["year"]), int(match["number"])
    _check_parts(agency, year, number)
    return DocNum(agency, year, number)


def normalise_docnum(text: str) -> str:
    """'宝行政中心[2022]第017号' → '宝行政中心〔2022〕17号'."""
    return str(parse_docnum(text))
