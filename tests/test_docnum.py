"""文号 `机关代字〔YYYY〕N号` (DESIGN.md §3; GB/T 9704-2012 7.2.4: 六角括号, 不加第, 不编虚位)."""

from __future__ import annotations

import pytest

from service.docnum import DocNum, InvalidDocNum, format_docnum, normalise_docnum, parse_docnum
from service.errors import DomainError


def test_format_uses_hexagonal_brackets_u3014_u3015() -> None:
    text = format_docnum("宝行政中心", 2022, 17)
    assert text == "宝行政中心\u30142022\u301517号"
    assert "第" not in text


def test_the_two_seed_notices_round_trip() -> None:
    for text in ("宝行政中心〔2022〕17号", "宝政务中心〔2024〕21号"):
        assert normalise_docnum(text) == text


@pytest.mark.parametrize(
    "typed",
    [
        "宝行政中心[2022]17号",
        "宝行政中心【2022】17号",
        "宝行政中心(2022)17号",
        "宝行政中心（2022）17号",
        "宝行政中心［2022］17号",
        "宝行政中心〔２０２２〕１７号",
        "宝行政中心〔2022〕第17号",
        "宝行政中心〔2022〕017号",
        "宝行政中心[2022]第017号",
        " 宝行政中心 〔2022〕 17 号 ",
    ],
)
def test_clerk_typings_normalise_to_the_one_form(typed: str) -> None:
    assert normalise_docnum(typed) == "宝行政中心〔2022〕17号"
    assert parse_docnum(typed) == DocNum("宝行政中心", 2022, 17)


def test_docnum_prints_as_its_normal_form() -> None:
    assert str(DocNum("宝政务中心", 2024, 21)) == "宝政务中心〔2024〕21号"


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "宝行政中心",
        "〔2022〕17号",
        "宝行政中心〔22〕17号",
        "宝行政中心〔2022〕0号",
        "宝行政中心〔2022〕十七号",
    ],
)
def test_unreadable_docnum_is_refused_in_chinese(bad: str) -> None:
    with pytest.raises(InvalidDocNum) as caught:
        parse_docnum(bad)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, DomainError)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(caught.value))


@pytest.mark.parametrize(
    ("agency", "year", "number"), [("", 2022, 1), ("宝[行]", 2022, 1), ("宝", 22, 1), ("宝", 2022, 0)]
)
def test_format_refuses_bad_parts(agency: str, year: int, number: int) -> None:
    with pytest.raises(InvalidDocNum):
        format_docnum(agency, year, number)
