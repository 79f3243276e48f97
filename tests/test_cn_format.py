"""Dates, 大写 amounts, Chinese numerals and masked ID numbers as the documents write them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from service.cn_format import (
    InvalidAmount,
    amount_in_words,
    cn_date,
    cn_date_range,
    cn_number,
    cn_ordinal_heading,
    cn_sub_heading,
    mask_id_number,
    yuan,
)


def test_gbt9704_date_is_arabic_without_zero_padding() -> None:
    assert cn_date(dt.date(2022, 12, 14)) == "2022年12月14日"
    assert cn_date(dt.date(2024, 1, 5)) == "2024年1月5日"


def test_date_range_writes_a_shared_year_once() -> None:
    assert cn_date_range(dt.date(2024, 9, 30), dt.date(2024, 10, 11)) == "2024年9月30日至10月11日"
    assert cn_date_range(dt.date(2024, 12, 30), dt.date(2025, 1, 3)) == "2024年12月30日至2025年1月3日"
    assert cn_date_range(dt.date(2024, 5, 6), dt.date(2024, 5, 6)) == "2024年5月6日"
    with pytest.raises(ValueError, match="早于"):
        cn_date_range(dt.date(2024, 5, 6), dt.date(2024, 5, 5))


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (Decimal("1234.5"), "人民币壹仟贰佰叁拾肆元伍角整"),
        (1234.50, "人民币壹仟贰佰叁拾肆元伍角整"),
        (3000, "人民币叁仟元整"),
        (10, "人民币壹拾元整"),
        (0, "人民币零元整"),
        (0.5, "人民币伍角整"),
        (0.05, "人民币伍分"),
        # PBoC rules: one 零 for inner zeros, 元零X分 when 角 is zero, no 整 after 分.
        (1409.50, "人民币壹仟肆佰零玖元伍角整"),
        (6007.14, "人民币陆仟零柒元壹角肆分"),
        (325.04, "人民币叁佰贰拾伍元零肆分"),
        (16409.02, "人民币壹万陆仟肆佰零玖元零贰分"),
        (1680.32, "人民币壹仟陆佰捌拾元叁角贰分"),
        (107000.53, "人民币壹拾万柒仟元伍角叁分"),
        (10005, "人民币壹万零伍元整"),
        (100010000, "人民币壹亿零壹万元整"),
        (Decimal("2.005"), "人民币贰元零壹分"),
    ],
)
def test_amount_in_words_follows_the_pboc_rules(value: Decimal | float, words: str) -> None:
    assert amount_in_words(value) == words


def test_amount_prefix_may_be_dropped() -> None:
    assert amount_in_words(800, prefix="") == "捌佰元整"


@pytest.mark.parametrize("bad", [-1, -0.01, float("nan"), float("inf"), "abc", 10**12])
def test_negative_or_unreadable_amounts_are_refused(bad: object) -> None:
    with pytest.raises(InvalidAmount):
        amount_in_words(bad)  # type: ignore[arg-type]


def test_yuan_has_two_decimals_and_separators() -> None:
    assert yuan(1234.5) == "1,234.50"
    assert yuan(Decimal("1000000")) == "1,000,000.00"
    assert yuan(0.005) == "0.01"
    assert yuan(-500) == "-500.00"


def test_cn_number_and_headings() -> None:
    assert cn_number(12) == "十二"
    assert cn_number(10) == "十"
    assert cn_number(0) == "零"
    assert cn_ordinal_heading(1) == "一、"
    assert cn_ordinal_heading(12) == "十二、"
    assert cn_sub_heading(3) == "（三）"
    with pytest.raises(ValueError):
        cn_ordinal_heading(0)


def test_mask_id_number_hides_the_birth_date() -> None:
    assert mask_id_number("310101199001011234") == "310101********1234"
    assert mask_id_number("31010119900101123x") == "310101********123X"
    assert mask_id_number("310101900101123") == "310101******123"
    with pytest.raises(ValueError, match="身份号码"):
        mask_id_number("张三")
