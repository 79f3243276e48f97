"""Letters to a 派出单位 (seed 000 七(二)/(四)): the named unit, the grade, the clause and what is asked."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from service.documents.registry import get_kind
from service.documents.render import render_docx


def _texts(kind: str, **update: object) -> list[str]:
    payload = get_kind(kind).example().model_copy(update=update)
    return [p.text for p in Document(io.BytesIO(render_docx(kind, payload))).paragraphs if p.text]


def test_000_七_四_adjustment_letter_names_the_unit_the_grade_the_clause_and_the_request() -> None:
    text = _texts("adjustment-letter")
    assert "上海市宝山区市场监督管理局：" in text
    body = "\n".join(text)
    assert (
        "七（四）“考核中被确定为基本称职（基本合格）的人员，由中心向派出单位发出要求调整人员的建议书”" in body
    )
    assert "1.王明（公务员，市场监管窗口）：基本称职。" in text
    assert "建议贵单位对上述人员予以调整" in body and "2023年1月20日前函复我中心" in body
    assert text[-2:] == ["2023年1月10日", "（联系人：中心业务科，电话 56781234）"]


def test_000_七_四_return_letter_sends_back_a_person_graded_不合格() -> None:
    body = "\n".join(_texts("return-letter"))
    assert "不在编人员退回派出单位，不允许再次派驻中心" in body
    assert "赵磊（其他，综合窗口）：不合格。" in body
    assert "现将上述人员退回贵单位，今后不再派驻中心工作" in body


def test_000_七_二_feedback_letter_lists_every_person_with_the_grade() -> None:
    text = _texts("feedback-letter")
    assert "关于反馈2022年度派驻人员考核结果的函" in text
    assert [t for t in text if t[:2] in ("1.", "2.")] == [
        "1.陈静（其他，公积金窗口）：优秀。",
        "2.刘洋（其他，公积金窗口）：合格。",
    ]


def test_001_六_二_return_letter_takes_the_clause_and_request_from_the_payload() -> None:
    text = "\n".join(
        _texts(
            "return-letter",
            clause="六(二)",
            clause_text="连续两年考核等次为基本合格……将其退回劳务派遣单位，建议劳务派遣单位解除与该用工的劳动关系",
            request="建议贵单位解除与该同志的劳动关系。",
            addressee="上海某劳务派遣有限公司",
        )
    )
    assert "上海某劳务派遣有限公司：" in text and "六（二）“连续两年考核等次为基本合格" in text
    assert "建议贵单位解除与该同志的劳动关系。" in text and "今后不再派驻" not in text


def test_gbt9704_10_1_letter_format_red_full_name_and_double_rule() -> None:
    """The mark and both double rules sit in the first page's header, fixed to the page (measured on the
    PDF in tests/test_pdf_gbt9704.py); later pages have none, and page 1 has no page number."""
    doc = Document(io.BytesIO(render_docx("adjustment-letter", get_kind("adjustment-letter").example())))
    section = doc.sections[0]
    assert section.different_first_page_header_footer is True
    mark = section.first_page_header.paragraphs[0]
    assert mark.text == "上海市宝山区行政服务中心" and mark.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert str(mark.runs[0].font.color.rgb) == "FF0000"
    assert mark._p.pPr.find(qn("w:framePr")).get(qn("w:vAnchor")) == "page"
    rules = list(section.first_page_header._element.iter(qn("wp:anchor")))
    assert len(rules) == 4
    assert section.first_page_footer.paragraphs[0].text == ""
    assert "上海市宝山区行政服务中心" not in section.header.paragraphs[0].text


def test_letter_docnum_prints_flush_right_when_given_in_brackets_typed_by_a_clerk() -> None:
    text = _texts("adjustment-letter", docnum="宝行政中心〔2023〕2号")
    assert "宝行政中心〔2023〕2号" in text
    letter = get_kind("adjustment-letter").schema.model_validate(
        {**get_kind("adjustment-letter").example().model_dump(), "docnum": "宝行政中心[2023]第02号"}
    )
    assert letter.docnum == "宝行政中心〔2023〕2号"  # type: ignore[attr-defined]


def test_commendation_lists_each_honour_with_its_people() -> None:
    text = _texts("commendation")
    assert "（一）年度优秀（2名）" in text and "张敏（业务科）、李华（综合科）" in text
    assert "（三）敬业奉献奖（1名）" in text and text[-1] == "2025年1月24日"


def test_003_六_2_results_bulletin_table_ranks_scores_and_awards() -> None:
    doc = Document(io.BytesIO(render_docx("results-bulletin", get_kind("results-bulletin").example())))
    rows = [[cell.text for cell in row.cells] for row in doc.tables[0].rows]
    assert rows[0] == ["名次", "部门", "得分", "考核结果"]
    assert rows[1] == ["1", "综合处", "97.35", "先进处室、推荐市级机关优秀处室"]
    assert rows[6][3] == "表扬"
    assert rows[-1] == ["12", "机关党委", "89.55", "一票否决、主要负责人当年不予评优"]
    header = doc.tables[0].rows[0]._tr.trPr
    assert header.find(qn("w:tblHeader")) is not None and header.find(qn("w:cantSplit")) is not None
