"""How numbers, dates, amounts and ID numbers are written in the documents.

- Dates: GB/T 9704-2012 7.3.5.2 成文日期 "用阿拉伯数字将年、月、日标全，年份应标全称，月、日不编虚位
  （即1不编为01）" → 2022年12月14日.
- Amounts in 大写: the People's Bank of China 《正确填写票据和结算凭证的基本规定》 — 壹贰叁…, 拾佰仟万亿;
  "元" followed by 整 when there are no 角/分 (we also write 整 after 角, as the example
  人民币壹仟贰佰叁拾肆元伍角整 does; never after 分); one 零 for any run of zeros inside the number;
  "角位是0而分位不是0时，元后面应写零字" (¥325.04 → 叁佰贰拾伍元零肆分).
- Headings: 一、 for the first level and （一） for the second, numbered in the data, never by Word
  (DESIGN.md §6, docxtpl #425).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import cn2an

from service.errors import DomainError


class InvalidAmount(DomainError, ValueError):
    """An amount that cannot be written in 大写 (negative, not a number, too large)."""

    error = "金额不正确"


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_SECTION_UNITS = ("", "万", "亿")
_CENT = Decimal("0.01")
_MAX_AMOUNT = Decimal("999999999999.99")  # below 万亿: the largest a 大写 line on a form needs


def cn_date(day: dt.date) -> str:
    """date(2022, 12, 14) → '2022年12月14日' (Arabic numerals, no zero padding)."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_date_range(start: dt.date, end: dt.date) -> str:
    """'2024年9月30日至10月11日'; the year is written once when both dates share it."""
    if end < start:
        raise ValueError(f"结束日期{cn_date(end)}早于开始日期{cn_date(start)}")
    if start == end:
        return cn_date(start)
    tail = f"{end.month}月{end.day}日" if end.year == start.year else cn_date(end)
    return f"{cn_date(start)}至{tail}"


def _as_cents(value: Decimal | float | int | str) -> int:
    try:
        amount = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise InvalidAmount(f"「{value}」不是金额") from None
    if not amount.is_finite():
        raise InvalidAmount(f"「{value}」不是有限的金额")
    if amount < 0:
        raise InvalidAmount(f"金额 {value} 为负数，不能写成大写金额")
    rounded = amount.quantize(_CENT, rounding=ROUND_HALF_UP)
    if rounded > _MAX_AMOUNT:
        raise InvalidAmount(f"金额 {value} 过大，大写金额最多写到仟亿位")
    return int(rounded * 100)


def _section(number: int) -> str:
    """0 < number < 10000 in 大写 with one 零 for inner zeros: 1009 → 壹仟零玖, 1100 → 壹仟壹佰."""
    digits = f"{number:04d}"
    text = ""
    pending_zero = False
    for position, char in enumerate(digits):
        digit = int(char)
        if digit == 0:
            pending_zero = bool(text)
            continue
        if pending_zero:
            text += "零"
            pending_zero = False
        text += _DIGITS[digit] + _SMALL_UNITS[3 - position]
    return text


def _integer_words(number: int) -> str:
    """壹拾万柒仟 for 107000, 壹万零伍 for 10005: a 零 where a lower section starts below 仟."""
    sections: list[int] = []
    while number:
        number, low = divmod(number, 10000)
        sections.append(low)
    text = ""
    for index in range(len(sections) - 1, -1, -1):
        value = sections[index]
        if value == 0:
            continue
        if text and value < 1000 and not text.endswith("零"):
            text += "零"
        text += _section(value) + _SECTION_UNITS[index]
    return text


def amount_in_words(value: Decimal | float | int | str, *, prefix: str = "人民币") -> str:
    """1234.5 → '人民币壹仟贰佰叁拾肆元伍角整'; 325.04 → '人民币叁佰贰拾伍元零肆分'; 0 → '人民币零元整'.

    Rounded to the 分 half-up; a negative amount is refused (a deduction is written as a positive sum
    under its own heading, never as 负).
    """
    cents = _as_cents(value)
    yuan_part, fraction = divmod(cents, 100)
    jiao, fen = divmod(fraction, 10)
    text = _integer_words(yuan_part)
    if text:
        text += "元"
    elif not fraction:
        text = "零元"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif fen and yuan_part:
        text += "零"
    if fen:
        text += _DIGITS[fen] + "分"
    else:
        text += "整"
    return prefix + text


def yuan(value: Decimal | float | int | str) -> str:
    """1234.5 → '1,234.50': two decimals, half-up, thousands separated (negative keeps its sign)."""
    try:
        amount = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise InvalidAmount(f"「{value}」不是金额") from None
    if not amount.is_finite():
        raise InvalidAmount(f"「{value}」不是有限的金额")
    rounded = amount.quantize(_CENT, rounding=ROUND_HALF_UP)
    return f"{rounded:,.2f}"


def cn_number(n: int) -> str:
    """12 → '十二', 10 → '十', 110 → '一百一十' (cn2an, the 小写 numerals of running text)."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"应为非负整数，收到 {n!r}")
    return str(cn2an.an2cn(n))


def cn_ordinal_heading(n: int) -> str:
    """First-level heading number (黑体): 1 → '一、', 12 → '十二、'."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"标题序号应为正整数，收到 {n!r}")
    return f"{cn_number(n)}、"


def cn_sub_heading(n: int) -> str:
    """Second-level heading number (楷体): 1 → '（一）'."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"标题序号应为正整数，收到 {n!r}")
    return f"（{cn_number(n)}）"


_ID_18 = re.compile(r"^\d{17}[\dXx]$")
_ID_15 = re.compile(r"^\d{15}$")


def mask_id_number(id_number: str) -> str:
    """'310101199001011234' → '310101********1234': the birth date is hidden on a 公示 or list.

    Only the 公民身份号码 is masked; names stay whole, since a 公示 must say who is meant.
    The check digit is not verified here: masking must work on whatever the file holds.
    """
    text = str(id_number).strip().replace(" ", "")
    if _ID_18.match(text):
        return f"{text[:6]}{'*' * 8}{text[-4:].upper()}"
    if _ID_15.match(text):
        return f"{text[:6]}{'*' * 6}{text[-3:]}"  # 15 digits: 6-digit birth date, 3-digit sequence
    raise ValueError(f"「{id_number}」不是18位（或15位）公民身份号码")
