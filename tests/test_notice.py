"""The two notices: fidelity to seeds 000 and 001, GB/T 9704-2012 layout, parameters from the policy.

Read back with python-docx from the real rendered .docx; nothing here is mocked.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from service.documents.notice_text import (
    purchased_policy,
    purchased_service_notice,
    resident_annual_notice,
    resident_policy,
)
from service.documents.render import render_docx

SEEDS = Path("/work/shared/seeds")
if not SEEDS.exists():  # the seeds ship with the repository's shared folder
    SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# Seed 000 as published has typos and scrape artefacts; the notice prints the corrected text.
# (published text, printed text) — each must occur in the seed, so the list stays honest.
SEED_000_CORRECTIONS = [
    ("为指导按照", "为指导,按照"),  # 一: missing comma
    ("干部队伍\n", "干部队伍。\n"),  # 一: missing full stop
    ("202211月30日", "2022年11月30日"),  # 二: 年 lost in the scrape
    ("(二事业单位", "(二)事业单位"),  # 四(二): closing bracket lost
    ("年度考核人数的20%\n", "年度考核人数的20%。\n"),  # 四(二): missing full stop
    (
        "其他性质人员填写《宝山区行政服务中心常驻人员年度考核登记表》(附表5)",
        "其他性质人员填写《宝山区行政服务中心常驻人员年度考核登记表》(附表5)。",
    ),
    ("为10%按比例不满1人的可推荐1人", "为10%,按比例不满1人的可推荐1人。"),  # 五(二)3
    ("202212月15日前上交", "2022年12月15日前上交"),  # 五(二)4
    ("(附件6)进行互评", "(附表6)进行互评"),  # 五(二)6: the ballot is 附表6 everywhere else
    ("202212月15日前通过", "2022年12月15日前通过"),  # 五(三)1
    ("组织管理部门意见\n", "组织管理部门意见。\n"),  # 五(四)
    ("且拒不整改的\n", "且拒不整改的;\n"),  # 五(六)4
    ("负责人组成主要职责", "负责人组成。主要职责"),  # 六
    ("上报考核结果\n", "上报考核结果。\n"),  # 六
    ("前期准备阶段202212月15)", "前期准备阶段(2022年12月15日)"),  # 八(一)
    ("互评阶段202212月16-12月23)", "互评阶段(2022年12月16日—12月23日)"),  # 八(二)
    ("考核等次评定阶段202212月26—20231月5日)", "考核等次评定阶段(2022年12月26日—2023年1月5日)"),  # 八(三)
    # 八(四): only the lost 年 and brackets restored; the year stays repeated as the seed prints it.
    ("考核结果上报阶段20231月6日—20231月10日:", "考核结果上报阶段(2023年1月6日—2023年1月10日):"),
    ("宝委组2022249文", "宝委组〔2022〕249号文"),  # 九1: the 文号's brackets and 号 lost
    ("按照中心规定时间中心领取", "按照中心规定时间到中心领取"),  # 九3: missing 到
    ("(附表2\n", "(附表2)\n"),  # 附件说明: closing brackets lost
    ("(附表3\n", "(附表3)\n"),
    ("(附表4\n", "(附表4)\n"),
    ("202212月14", "2022年12月14日"),  # 成文日期
]

SEED_001_CORRECTIONS = [
    ("宝政务中心[2024]21号", "宝政务中心〔2024〕21号"),  # 文号 in 六角括号 (GB/T 9704 7.2.4)
    ("规划范", "规范化"),  # 一: 标准化、规范化、便利化
    ("结合月度考核\n\n评分情况", "结合月度考核评分情况"),  # 五(二): a page break split the paragraph
    ("劳务派遣单位 位解除", "劳务派遣单位解除"),  # 六(二): repeated 位 across a line break
    ("(三)考核等次评定(2025年", "(四)考核等次评定(2025年"),  # 七: two stages numbered (三)
    ("(四)考核总结阶段(2025年", "(五)考核总结阶段(2025年"),  # 七: renumbered; the seed's name kept
    ("业务科负责解\n", "业务科负责解释。\n"),  # 八: the last word cut off
]
# 001 as published shows no 署名 or 成文日期; the rendered notice adds both.
SEED_001_ADDITIONS = ["上海市宝山区政务服务中心", "2024年12月20日"]

_FULL_WIDTH = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"})


def normalise(text: str) -> str:
    """Compare words, not typography: ASCII punctuation of the scrape as full width, quotes unified,
    whitespace (PDF line wraps inside sentences) and Markdown bullets/bold of the scrape removed."""
    text = re.sub(r"^\s*-\s+", "", text).replace("**", "")
    text = re.sub(r"[“”\"＂]", '"', text)
    return re.sub(r"\s+", "", text.translate(_FULL_WIDTH))


def seed_paragraphs(name: str, corrections: list[tuple[str, str]], first: str, last: str) -> list[str]:
    text = (SEEDS / name).read_text(encoding="utf-8")
    for published, printed in corrections:
        assert published in text, f"correction {published!r} no longer matches the seed"
        text = text.replace(published, printed)
    lines = [normalise(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    start = lines.index(normalise(first))
    end = next(i for i in range(len(lines) - 1, -1, -1) if lines[i].startswith(normalise(last)))
    return lines[start : end + 1]


def docx_paragraphs(data: bytes) -> list[str]:
    return [normalise(p.text) for p in Document(io.BytesIO(data)).paragraphs if normalise(p.text)]


def notice_only(kind: str, payload: object) -> bytes:
    notice = payload.model_copy(update={"include_attachments": False})  # type: ignore[attr-defined]
    return render_docx(kind, notice)


@pytest.fixture(scope="module")
def notice_000() -> bytes:
    return notice_only("notice-resident-annual", resident_annual_notice())


@pytest.fixture(scope="module")
def notice_001() -> bytes:
    return notice_only("notice-purchased-service", purchased_service_notice())


def test_000_notice_reproduces_宝行政中心_2022_17号_paragraph_by_paragraph(notice_000: bytes) -> None:
    """Seed 000 from 主送机关 to 成文日期, with the corrections listed in SEED_000_CORRECTIONS."""
    seed = seed_paragraphs(
        "000_202f48eaffbe9a1b.txt", SEED_000_CORRECTIONS, "中心各进驻部门:", "2022年12月14日"
    )
    printed = docx_paragraphs(notice_000)
    start = printed.index(normalise("中心各进驻部门："))
    assert printed[start:] == seed


def test_000_notice_masthead_docnum_and_title(notice_000: bytes) -> None:
    printed = docx_paragraphs(notice_000)
    assert printed[:3] == [
        "上海市宝山区行政服务中心文件",
        "宝行政中心〔2022〕17号",
        "区行政服务中心关于做好2022年度常驻部门考核工作的通知",
    ]


def test_001_notice_reproduces_宝政务中心_2024_21号_paragraph_by_paragraph(notice_001: bytes) -> None:
    """Seed 001 from 发文机关标志 to the last 附件, with SEED_001_CORRECTIONS; 署名 and 日期 are added."""
    seed = seed_paragraphs(
        "001_3227ea5220f34209.txt", SEED_001_CORRECTIONS, "上海市宝山区政务服务中心文件", "3.《"
    )
    printed = docx_paragraphs(notice_001)
    assert printed[: len(seed)] == seed
    assert printed[len(seed) :] == [normalise(text) for text in SEED_001_ADDITIONS]


def test_000_四_一_ratio_changed_in_the_policy_changes_the_notice() -> None:
    """DESIGN.md §2: the notice reads the same policy as the check — 20% becomes 15% in 四(一)."""
    pools = [dict(pool.model_dump(), ratio=0.15) for pool in resident_policy().excellent_pools]
    notice = resident_annual_notice(
        policy=resident_policy({"excellent_pools": pools, "publicity_working_days": 7})
    )
    text = "".join(docx_paragraphs(notice_only("notice-resident-annual", notice)))
    assert "编制人数的15%确定" in text and "编制人数的20%确定" not in text
    assert "公示期为7个工作日" in text


def test_001_四_quota_and_六_三_deduction_follow_the_policy() -> None:
    notice = purchased_service_notice(
        policy=purchased_policy(
            {"quotas": {"优秀": {"ratio": 0.12}}, "bonus": {"deductions": {"complaint": 300}}}
        )
    )
    text = "".join(docx_paragraphs(notice_only("notice-purchased-service", notice)))
    assert "优秀名额比率不超过12%" in text
    assert "每一个扣300元" in text and "每一个扣200元" not in text


# ---------------------------------------------------------------- GB/T 9704-2012 layout


def _east_asia(run_element: object) -> tuple[str | None, str | None]:
    rpr = run_element.find(qn("w:rPr"))  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    lang = rpr.find(qn("w:lang")) if rpr is not None else None
    return (
        fonts.get(qn("w:eastAsia")) if fonts is not None else None,
        lang.get(qn("w:eastAsia")) if lang is not None else None,
    )


def _runs(doc: DocumentObject) -> list[object]:
    return [r for r in doc.element.body.iter(qn("w:r")) if "".join(r.itertext()).strip()]


def test_gbt9704_5_2_page_a4_margins_and_text_block(notice_000: bytes) -> None:
    """5.2.1 A4; 5.2.2 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm."""
    section = Document(io.BytesIO(notice_000)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    assert round(section.page_width.mm - section.left_margin.mm - section.right_margin.mm) == 156
    assert round(section.page_height.mm - section.top_margin.mm - section.bottom_margin.mm) == 225


def test_gbt9704_5_2_3_twenty_two_lines_exact_pitch(notice_000: bytes) -> None:
    """22 lines × 28 characters: a line grid of 28.95 pt, exact line spacing in every body line, and
    3号 characters condensed so 28 fit the 156 mm line."""
    doc = Document(io.BytesIO(notice_000))
    grid = doc.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:linePitch")) == "579"
    condense = doc.styles["Normal"].element.rPr.find(qn("w:spacing"))
    pitch = 16 + int(condense.get(qn("w:val"))) / 20
    assert 28 * pitch <= Mm(156).pt < 29 * pitch
    assert 22 * 579 / 20 <= Mm(225).pt < 23 * 579 / 20
    body = [p for p in doc.paragraphs if p.text.startswith(("一、", "（一）", "1.", "为加强"))]
    assert body
    for paragraph in body:
        assert paragraph.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
        assert paragraph.paragraph_format.line_spacing == Pt(28.95)


def test_gbt9704_every_run_has_an_east_asian_font_and_zh_cn(notice_000: bytes) -> None:
    """DESIGN.md §6: w:eastAsia font on every run and w:lang eastAsia=zh-CN (else HK/JP glyphs)."""
    doc = Document(io.BytesIO(notice_000))
    for run in _runs(doc):
        font, lang = _east_asia(run)
        assert font and lang == "zh-CN", "".join(run.itertext())  # type: ignore[attr-defined]


def test_gbt9704_7_fonts_and_sizes_of_masthead_title_headings_body(notice_000: bytes) -> None:
    """7.2.3 红色小标宋 标志; 7.3.1 标题 2号小标宋; 7.3.3 一、黑体 （一）楷体 正文 3号仿宋."""
    doc = Document(io.BytesIO(notice_000))
    by_text = {p.text: p for p in doc.paragraphs}

    def face(text: str, index: int = 0) -> tuple[str | None, float | None, str | None]:
        run = by_text[text].runs[index]
        color = run.font.color.rgb
        return (
            _east_asia(run._element)[0],
            run.font.size.pt if run.font.size else None,
            str(color) if color else None,
        )

    assert face("上海市宝山区行政服务中心文件") == ("方正小标宋简体", 28.0, "FF0000")
    assert face("区行政服务中心关于做好2022年度常驻部门考核工作的通知")[:2] == ("方正小标宋简体", 22.0)
    assert face("一、指导思想")[:2] == ("黑体", 16.0)
    assert face("（四）考核领导小组初步确定考核等次")[:2] == ("楷体_GB2312", 16.0)
    assert face("三、考核内容")[:2] == ("黑体", 16.0)
    opening = next(p for p in doc.paragraphs if p.text.startswith("为加强"))
    assert (_east_asia(opening.runs[-1]._element)[0], opening.runs[-1].font.size.pt) == ("仿宋_GB2312", 16.0)
    assert opening.paragraph_format.first_line_indent == Pt(32)  # 空二字
    assert by_text["2022年12月14日"].alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_gbt9704_7_2_5_red_rule_4mm_below_the_docnum(notice_000: bytes) -> None:
    doc = Document(io.BytesIO(notice_000))
    docnum = next(p for p in doc.paragraphs if p.text == "宝行政中心〔2022〕17号")
    assert docnum.alignment == WD_ALIGN_PARAGRAPH.CENTER
    bottom = docnum._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:color")) == "FF0000"
    assert abs(int(bottom.get(qn("w:space"))) - Mm(4).pt) < 1


def test_gbt9704_7_5_page_numbers_odd_right_even_left_in_4号_宋体(notice_000: bytes) -> None:
    doc = Document(io.BytesIO(notice_000))
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == align
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        instructions = "".join(t.text for t in paragraph._p.iter(qn("w:instrText")))
        assert instructions.strip() == "PAGE"
        assert {(_east_asia(r._element)[0], r.font.size.pt) for r in paragraph.runs} == {("宋体", 14.0)}


def test_gbt9704_7_3_4_attachment_note_hangs_on_its_numbers(notice_000: bytes) -> None:
    doc = Document(io.BytesIO(notice_000))
    first = next(p for p in doc.paragraphs if p.text.startswith("附件："))
    second = next(p for p in doc.paragraphs if p.text.startswith("2.《上海市公务员考核登记表》"))
    # 空二字 then 附件：, the later numbers under the first one.
    assert first.paragraph_format.left_indent - (-first.paragraph_format.first_line_indent) == Pt(32)
    assert second.paragraph_format.left_indent - (-second.paragraph_format.first_line_indent) == Pt(80)


def test_gbt9704_7_3_7_attachments_follow_the_body_each_on_a_new_page_under_附件N() -> None:
    """000: the six 附表 follow the notice, each a new section (new page) with 附件N at the top left."""
    data = render_docx("notice-resident-annual", resident_annual_notice())
    doc = Document(io.BytesIO(data))
    assert len(doc.sections) == 7
    marks = [p for p in doc.paragraphs if re.fullmatch(r"附件\d", p.text)]
    assert [p.text for p in marks] == [f"附件{n}" for n in range(1, 7)]
    for mark in marks:
        assert mark.alignment in (None, WD_ALIGN_PARAGRAPH.LEFT)
        assert _east_asia(mark.runs[0]._element)[0] == "黑体"
        previous = mark._p.getprevious()
        # The paragraph before each mark closes a section: the mark starts a new page.
        assert previous is not None and previous.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
    # Every part keeps its own page set-up; the footer with the page number carries on.
    assert all(round(s.page_width.mm) == 210 for s in doc.sections)
    assert doc.sections[0].footer.paragraphs[0].text.startswith("— ")


def test_001_notice_attaches_附件1_to_3() -> None:
    doc = Document(io.BytesIO(render_docx("notice-purchased-service", purchased_service_notice())))
    assert [p.text for p in doc.paragraphs if re.fullmatch(r"附件\d", p.text)] == ["附件1", "附件2", "附件3"]
