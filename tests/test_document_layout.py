"""How every document looks on paper (issue 4 review): read back from the .docx and from LibreOffice's PDF.

- GB/T 9704-2012 7.3.5 / 7.3.6: 署名, 成文日期 and 附注 stay with the last lines of the 正文 or 附件说明 —
  a page never holds only the signature block or only "（联系人：…）";
- a notice attaches BLANK forms (000 五(二)1 "按编制性质分别填写…", 001 五(一)), never the seed's example
  person;
- table columns are fixed and wide enough that short headers and values never wrap ("序/号", "政治面/貌");
- a form appended to a notice keeps its own paragraph style, so each 附表 stays one page.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from typing import Any

import pytest
from docx import Document
from docx.shared import Pt
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel

from schemas.notice import BodyParagraph, Notice
from service.documents.notice_text import purchased_service_notice, resident_annual_notice
from service.documents.registry import get_kind, kinds
from service.documents.render import compose, prepared_for, render_docx, render_prepared
from tests.form_readback import cells_off_the_grid, leftover_tags, render, text, wrapping_short_lines

ALL_KINDS = sorted(kinds())
BLANK_KINDS = sorted(kind for kind, found in kinds().items() if found.blank is not None)
FORM_KINDS = [
    "roster-resident-annual",
    "form-civil-servant",
    "form-canggong",
    "form-public-institution",
    "form-resident",
    "ballot-resident-annual",
    "form-purchased-service",
    "scoresheet-purchased-service",
    "ballot-purchased-service",
]


def _pdf_pages(docx: bytes) -> list[str]:
    """Each page's text as LibreOffice prints it, whitespace removed (pdftotext separates pages by \\f)."""
    from service.pdf.convert import docx_to_pdf

    pdf = docx_to_pdf(docx).pdf
    words = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return ["".join(page.split()) for page in words.stdout.decode().split("\f")[:-1]]


def _without_footer(page: str) -> str:
    return re.sub(r"—\d+—", "", page)


def _names_in(value: Any) -> set[str]:
    """Every `name` anywhere in a payload (people of a roster, ballot, form)."""
    found: set[str] = set()
    if isinstance(value, BaseModel):
        value = value.model_dump()
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "name" and isinstance(item, str):
                found.add(item)
            found |= _names_in(item)
    elif isinstance(value, list):
        for item in value:
            found |= _names_in(item)
    return found


# ---------------------------------------------------------------- 署名 and 附注 keep with the text


LAST = (
    "各部门要认真组织，严格把关，确保考核工作公平公正，按时报送考核材料，考核结束后做好归档工作，特此通知。"
)


def _short_notice(filler_lines: int, *, attachments: bool) -> Notice:
    """A notice whose 正文 ends `filler_lines` lines further down: its end meets every line of a page."""
    notice = resident_annual_notice()
    paragraphs = [
        BodyParagraph(text="根据区委组织部通知精神，现就做好年度考核工作通知如下。"),
        *(BodyParagraph(text=f"第{i}项工作按本通知要求办理。") for i in range(1, filler_lines + 1)),
        BodyParagraph(text=LAST * 2),  # three lines: widow control and keep-with-next together
    ]
    return notice.model_copy(
        update={
            "title": f"关于做好考核工作的通知（{filler_lines}）",
            "paragraphs": paragraphs,
            "attachments": notice.attachments if attachments else [],
            "include_attachments": False,
        }
    )


def _signature_pages(pages: list[str], signature: str, date: str) -> list[str]:
    """Pages holding the 署名 and 成文日期 (the 版记 "…日印发", 7.4, names them too: not counted)."""
    return [
        p for p in pages if date in (page := p.replace(f"{signature}{date}印发", "")) and signature in page
    ]


@pytest.mark.pdf
@pytest.mark.parametrize("attachments", [False, True], ids=["正文", "附件说明"])
def test_gbt9704_7_3_5_signature_page_always_carries_body_text(attachments: bool) -> None:
    """Before: with the 正文 ending low on a page the 署名 and 成文日期 went alone onto the next page
    (the 000 notice's page 8). Now, wherever the text ends, the signature page also holds body lines."""
    notices = [_short_notice(lines, attachments=attachments) for lines in range(22)]
    composed = compose([render_docx("notice-resident-annual", notice) for notice in notices])
    pages = _pdf_pages(composed)
    signed = _signature_pages(pages, "上海市宝山区行政服务中心", "2022年12月14日")
    assert len(signed) == len(notices)
    for page in signed:
        body = _without_footer(page).split("上海市宝山区行政服务中心2022年12月14日")[0]
        assert "特此通知。" in body or "附件：" in body, page
        if attachments:
            # 7.3.4: the 附件说明 is not parted from the signature either.
            assert "附件：" in page


@pytest.mark.pdf
def test_gbt9704_7_3_6_contact_note_never_stands_alone_on_a_page() -> None:
    """Before: the adjustment letter's "（联系人：…）" landed alone on page 2. Now it follows the 成文日期
    on the next line, 空二字, on a page that also carries the letter's text."""
    kind = get_kind("adjustment-letter")
    example = kind.example().model_dump()
    person = {"category": "公务员", "department": "市场监管窗口", "grade": "基本称职"}
    letters = [
        kind.schema.model_validate(
            {**example, "people": [{"name": f"王明{i}", **person} for i in range(1, count + 1)]}
        )
        for count in range(1, 23)
    ]
    pages = _pdf_pages(compose([render_docx("adjustment-letter", letter) for letter in letters]))
    noted = [page for page in pages if "（联系人：" in page]
    assert len(noted) == len(letters)
    for page in noted:
        assert re.search(r"2023年1月10日（联系人：", page), page
        assert "特此函告。" in page or "基本称职" in page, page


def test_gbt9704_7_3_5_keep_with_next_runs_from_the_last_body_line_to_the_date() -> None:
    doc = Document(io.BytesIO(render_docx("notice-resident-annual", _short_notice(3, attachments=True))))
    texts = [p.text for p in doc.paragraphs]
    last_body = texts.index(LAST * 2)
    date = texts.index("2022年12月14日")
    kept = [p.paragraph_format.keep_with_next for p in doc.paragraphs]
    assert all(kept[last_body:date]), list(zip(texts[last_body:date], kept[last_body:date], strict=True))
    # Only the end is chained: earlier paragraphs may break anywhere.
    assert not any(kept[texts.index("第1项工作按本通知要求办理。") : last_body])
    assert doc.styles["Normal"].paragraph_format.widow_control is True


def test_gbt9704_7_3_3_a_heading_alone_on_its_line_keeps_with_its_text() -> None:
    """Before: the 表彰决定's "（一）年度优秀（2名）" ended page 1 and its names began page 2."""
    doc = Document(io.BytesIO(render_docx("commendation", get_kind("commendation").example())))
    headings = [p for p in doc.paragraphs if re.fullmatch(r"（[一二三]）.+（\d名）", p.text)]
    assert len(headings) == 3
    assert all(p.paragraph_format.keep_with_next for p in headings)
    # A heading followed by its text on the same line is an ordinary paragraph.
    opening = next(p for p in doc.paragraphs if p.text.startswith("2024年，"))
    assert not opening.paragraph_format.keep_with_next


def test_gbt9704_7_3_6_contact_note_follows_the_date_indented_two_characters() -> None:
    doc = Document(io.BytesIO(render_docx("adjustment-letter", get_kind("adjustment-letter").example())))
    texts = [p.text for p in doc.paragraphs]
    note = texts.index("（联系人：中心业务科，电话 56781234）")
    assert texts[note - 1] == "2023年1月10日"
    assert doc.paragraphs[note - 1].paragraph_format.keep_with_next is True
    assert doc.paragraphs[note].paragraph_format.first_line_indent == Pt(32)


# ---------------------------------------------------------------- blank forms in notices


@pytest.mark.parametrize("notice_kind", ["notice-resident-annual", "notice-purchased-service"])
def test_000_五_二_1_notice_attaches_blank_forms_not_the_example_person(notice_kind: str) -> None:
    """Before: 附表2–6 / 附件1–3 carried 王晓燕, 周建华, 李佳琪… of the seed examples. Now they are blank."""
    notice = get_kind(notice_kind).example()
    assert isinstance(notice, Notice)
    example_names = set().union(
        *(_names_in(get_kind(item.kind).example()) for item in notice.attachments if item.kind)
    )
    assert {"王晓燕", "周建华"} <= example_names or {"李佳琪", "马丽"} <= example_names
    doc = Document(io.BytesIO(render_docx(notice_kind, notice)))
    printed = text(doc)
    assert [name for name in sorted(example_names) if name in printed] == []
    assert leftover_tags(doc) == []
    # The blank forms still carry the notice's year and unit.
    year = str(notice.appraisal_year)
    assert f"{notice.form_organisation}{year}年度个人考核民主测评表" in printed


def test_000_二_notice_attachment_may_carry_the_rounds_roster() -> None:
    notice = resident_annual_notice()
    roster = get_kind("roster-resident-annual").example().model_dump(mode="json")
    attachments = [item.model_dump() for item in notice.attachments]
    attachments[0]["payload"] = roster
    filled = Notice.model_validate({**notice.model_dump(), "attachments": attachments})
    printed = text(Document(io.BytesIO(render_docx("notice-resident-annual", filled))))
    assert "周建华" in printed and "赵敏" in printed
    assert "王晓燕" in printed  # on 附表1 only: she is on the roster
    assert printed.count("王晓燕") == 1


def test_a_notice_attachment_payload_is_checked_with_its_path() -> None:
    notice = resident_annual_notice()
    attachments = [item.model_dump() for item in notice.attachments]
    attachments[0]["payload"] = {"year": 2022, "cut_off": "2022-11-30", "people": [{"name": "张三"}]}
    bad = Notice.model_validate({**notice.model_dump(), "attachments": attachments})
    with pytest.raises(RequestValidationError) as refused:
        render_docx("notice-resident-annual", bad)
    locations = [error["loc"] for error in refused.value.errors()]
    assert ("body", "attachments", 0, "payload", "people", 0, "department") in locations


def test_notice_year_of_the_blank_forms_follows_the_notice() -> None:
    notice = purchased_service_notice(2025, docnum="宝政务中心〔2025〕3号", date=dt.date(2025, 12, 19))
    printed = text(Document(io.BytesIO(render_docx("notice-purchased-service", notice))))
    assert "宝山区政务服务中心政府购买服务人员（2025）年度考核登记表" in printed
    assert "2024" not in printed.split("附件1")[-1]


@pytest.mark.parametrize("kind", BLANK_KINDS)
def test_every_blank_form_renders_strictly_with_nobody_in_it(kind: str) -> None:
    """StrictUndefined: a blank context that lacks a template variable fails here."""
    found = get_kind(kind)
    assert found.blank is not None
    data = render_prepared(prepared_for(found), found.blank(2022, "宝山区行政服务中心"))
    doc = Document(io.BytesIO(data))
    printed = text(doc)
    assert leftover_tags(doc) == []
    assert "宝山区行政服务中心" in printed or "2022" in printed
    assert not _names_in(found.example()) & set(re.findall(r"[\u4e00-\u9fff]{2,3}", printed))


def test_blank_forms_cover_every_form_a_notice_attaches() -> None:
    attached = {
        item.kind
        for notice in (resident_annual_notice(), purchased_service_notice())
        for item in notice.attachments
        if item.kind
    }
    assert attached == set(FORM_KINDS)
    assert attached <= set(BLANK_KINDS)


@pytest.mark.pdf
def test_000_each_附表_of_the_notice_starts_a_page_under_its_label_on_the_notices_page() -> None:
    """Before: a form appended to the notice took the notice's 28.95 pt exact line and ran onto a second
    page (19 pages in all). Each part keeps its own style; since issue 14 it is set on the notice's page
    (37/35/28/26 mm, 7.3.7 "格式要求同正文"), so a 登记表 may take two pages: each page is numbered and
    each 附表 starts a page under "附表N", the word the notice cites it by."""
    pages = _pdf_pages(render_docx("notice-resident-annual", resident_annual_notice()))
    first = next(index for index, page in enumerate(pages) if page.startswith("附表1"))
    starts = [page[:3] for page in pages[first:] if page.startswith("附表")]
    assert starts == [f"附表{n}" for n in range(1, 7)]
    assert all(re.search(r"—\d+—", page) for page in pages)
    form = next(index for index, page in enumerate(pages) if page.startswith("附表2"))
    assert "本人意见" in "".join(pages[form : form + 2]) and "负责人签名" in "".join(pages[form : form + 2])


# ---------------------------------------------------------------- column widths


def _documents_of(kind: str) -> list[Any]:
    docs = [render(kind)]
    found = get_kind(kind)
    if found.blank is not None:
        blank = render_prepared(prepared_for(found), found.blank(2022, "宝山区行政服务中心"))
        docs.append(Document(io.BytesIO(blank)))
    return docs


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_short_headers_and_values_never_wrap_in_any_table(kind: str) -> None:
    """Before: 序号 printed "序/号", 政治面貌 "政治面/貌", 任现职时间, 性别, 编制性质 and the scoresheet's
    aspects wrapped. Now every table is fixed-width (w:tblGrid, w:tcW of spanned columns, 1 mm padding) and
    every line of up to 8 characters fits its column at its size."""
    for doc in _documents_of(kind):
        assert cells_off_the_grid(doc) == []
        assert wrapping_short_lines(doc) == []


def test_the_wrap_check_catches_a_narrow_column() -> None:
    """The check itself: 序号 at 小四 needs 24 pt; a 10 mm column with 1 mm padding leaves 22.7 pt."""
    from service.documents.builders.form_tables import grid, row
    from service.documents.builders.layout import new_document

    doc = new_document("form")
    row(grid(doc, [10, 150]), ["序号", "姓名"])
    out = io.BytesIO()
    doc.save(out)
    assert wrapping_short_lines(Document(io.BytesIO(out.getvalue()))) == ["序号（需24pt，列宽23pt）"]


def test_form_header_cells_have_room_for_政治面貌_and_任现职时间() -> None:
    doc = render("form-civil-servant")
    table = doc.tables[0]
    assert table.rows[1].cells[2].text == "政治面貌"
    assert table.rows[3].cells[4].text == "任现职时间"
    assert round(table.columns[2].width.mm) == 20 and round(table.columns[4].width.mm) == 24
