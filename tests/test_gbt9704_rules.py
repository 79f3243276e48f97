"""Issue 14's layout rules as plain functions: the 落款 indents (7.3.5), title breaks (7.3.1), 文号 kept
whole, the 附件 label, and the PDF checks fed lines built by hand (a deliberately wrong layout)."""

from __future__ import annotations

import pytest

from service.documents.kinds.notice import attachment_label
from service.documents.line_breaks import WORD_JOINER, join_docnums, title_break
from service.documents.signature_block import right_spaces, width_in_chars
from service.pdf.gbt9704_check import Fragment, Line, Page
from service.pdf.gbt9704_text import CHAR_MM, check_docnums_whole, check_signature, check_title_shape


def _line(text: str, left: float, top: float, size_mm: float = 5.6) -> Line:
    width = len(text) * size_mm
    return Line([Fragment(text, left, left + width, top, top + size_mm * 1.3)])


def test_gbt9704_7_3_5_2_unsealed_signature_two_characters_from_the_right_date_two_right_of_it() -> None:
    signature_right, date_right = right_spaces("上海市宝山区行政服务中心", "2022年12月14日", sealed=False)
    assert signature_right == 2
    # The date starts two characters right of the signature's first character.
    date_start = 28 - date_right - width_in_chars("2022年12月14日")
    assert date_start == pytest.approx(28 - 2 - 12 + 2)


def test_gbt9704_7_3_5_2_a_date_longer_than_the_signature_goes_右空二字_and_moves_the_signature() -> None:
    signature_right, date_right = right_spaces("宝山区中心", "2022年12月14日", sealed=False)
    assert date_right == pytest.approx(2)
    assert signature_right > 2
    assert 28 - signature_right - 5 + 2 == pytest.approx(28 - date_right - width_in_chars("2022年12月14日"))


def test_gbt9704_7_3_5_1_sealed_date_右空四字_signature_centred_over_it() -> None:
    signature_right, date_right = right_spaces("上海市宝山区行政服务中心", "2022年12月14日", sealed=True)
    assert date_right == 4
    date_width, signature_width = width_in_chars("2022年12月14日"), 12
    assert signature_right + signature_width / 2 == pytest.approx(date_right + date_width / 2)


@pytest.mark.parametrize(
    ("title", "first", "second"),
    [
        (
            "关于做好2024年度政府购买服务人员年度考核工作的通知",
            "关于做好2024年度",
            "政府购买服务人员年度考核工作的通知",
        ),
        (
            "区行政服务中心关于做好2022年度常驻部门考核工作的通知",
            "区行政服务中心关于做好",
            "2022年度常驻部门考核工作的通知",
        ),
        (
            "关于表彰2024年度优秀、表扬和敬业奉献奖人员的决定",
            "关于表彰2024年度",
            "优秀、表扬和敬业奉献奖人员的决定",
        ),
    ],
)
def test_gbt9704_7_3_1_long_titles_break_by_sense_into_a_pyramid(title: str, first: str, second: str) -> None:
    at = title_break(title)
    assert at is not None and (title[:at], title[at:]) == (first, second)
    assert width_in_chars(first) <= width_in_chars(second)


def test_gbt9704_7_3_1_a_short_title_or_one_broken_by_its_author_is_left_alone() -> None:
    assert title_break("关于2016年度机关内设机构考核结果的通报") is None
    assert title_break("关于做好2024年度政府购买服务人员\n年度考核工作的通知") is None


def test_a_quoted_docnum_is_joined_and_prints_the_same() -> None:
    text = "根据《办法》（宝行政中心〔2019〕10号），结合实际"
    joined = join_docnums(text)
    assert joined.replace(WORD_JOINER, "") == text
    assert WORD_JOINER.join("（宝行政中心〔2019〕10号）") in joined


def test_gbt9704_7_3_7_attachment_label_is_the_word_the_notice_cites() -> None:
    assert attachment_label("《宝山区行政服务中心2022年度常驻人员考核名单》（附表1）", 1) == "附表1"
    assert attachment_label("《…年度考核民主测评表》（附件3）", 3) == "附件3"
    assert attachment_label("《考核办法》", 2) == "附件2"


def test_check_reports_a_docnum_broken_across_lines() -> None:
    page = Page(
        1, 210, 297, [_line("根据《办法》（宝行政中心", 28, 100), _line("〔2019〕10号），结合实际", 28, 110)]
    )
    finding = check_docnums_whole([page])
    assert finding.ok is False and "宝行政中心／〔2019〕10号" in finding.message


def test_check_reports_a_signature_padded_flush_right_and_alone_on_its_page() -> None:
    """U+3000 padding that collapsed: signature and date flush with the block's right edge, nothing above."""
    signature, date = "上海市宝山区行政服务中心", "2022年12月14日"
    right = 184.0
    page = Page(
        2,
        210,
        297,
        [
            _line(signature, right - 12 * CHAR_MM, 40),
            Line([Fragment(date, right - 7 * CHAR_MM, right, 50, 57)]),
        ],
    )
    page.lines[0].fragments[0] = Fragment(signature, right - 12 * CHAR_MM, right, 40, 47)
    finding = check_signature([page], signature, date)
    assert finding.ok is False
    assert "右移二字" in finding.message and "署名应右空二字" in finding.message
    assert "只有署名和成文日期" in finding.message


def test_check_reports_an_inverted_trapezoid_title() -> None:
    page = Page(
        1,
        210,
        297,
        [_line("关于做好2024年度政府购买服务人员年度考", 30, 80, 7.8), _line("核工作的通知", 80, 92, 7.8)],
    )
    finding = check_title_shape([page])
    assert finding.ok is False and "上长下短" in finding.message
