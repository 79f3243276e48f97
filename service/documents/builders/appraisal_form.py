"""Templates of the person registration forms: 000 附表2–5 and 001 附件1 (schemas/appraisal_form.py).

The printed originals: a title, the year, then one table — personal data, 季度平时考核等次 on the 公务员
and 参公 forms (002 五(二) "平时考核结果记入《公务员年度考核登记表》"), the year's summary, the 评语, the
grade options ☑/☐ and the signature lines. The summary and the 评语 are a label row and one row per
paragraph, so a long summary flows onto the next page instead of being clipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document

from service.documents.builders.form_tables import (
    CENTER,
    RIGHT,
    grid,
    line,
    merge_down,
    row,
    text_block,
    title,
)
from service.documents.builders.layout import SIZE_XIAO3, continued_pages, new_document
from service.documents.builders.notice import marker_style
from service.documents.name_cell import NAME_STYLE

# label, value, label, value, label, value = 160 mm. With 1 mm cell padding a 小四 label column of
# 20 mm holds 4 characters (政治面貌), 24 mm holds 5 (任现职时间, （委员会）), a 30 mm value column 6
# (四级主任科员).
WIDTHS_MM = (24, 30, 20, 30, 24, 32)
GAP = "\u3000" * 6  # room for a handwritten signature before the date
# Rows high enough to write in, low enough that a form attached to a notice, on the notice's 225 mm
# text block (GB/T 9704 7.3.7), still fits one page with its summary box.
ROW_MM = 8.0
SUMMARY_MIN_MM = 40.0
OPINION_MM = 12.0


@dataclass(frozen=True)
class FormLayout:
    file: str
    title: str
    quarterly: bool  # the four 季度平时考核等次 (公务员, 参公)
    months_on_post: bool  # 本年度在岗月数 (常驻其他人员 and 购买服务: 001 五(六)4 在岗不满6个月)


FORMS: dict[str, FormLayout] = {
    "form-civil-servant": FormLayout(
        "appraisal_form_civil_servant.docx", "上海市公务员考核登记表", True, False
    ),
    "form-canggong": FormLayout(
        "appraisal_form_canggong.docx", "参照公务员法管理事业单位人员考核登记表", True, False
    ),
    "form-public-institution": FormLayout(
        "appraisal_form_public_institution.docx", "宝山区事业单位工作人员年度考核登记表", False, False
    ),
    "form-resident": FormLayout(
        "appraisal_form_resident.docx", "{{ organisation }}常驻人员年度考核登记表", False, True
    ),
    "form-purchased-service": FormLayout(
        "appraisal_form_purchased_service.docx",
        "{{ organisation }}政府购买服务人员（{{ year }}）年度考核登记表",
        False,
        True,
    ),
}


def build_form(layout: FormLayout) -> Document:
    doc = new_document("form")
    title(doc, layout.title, space_after_pt=0)
    if "{{ year }}" not in layout.title:
        line(doc, "（{{ year }}年度）", size=SIZE_XIAO3, align=CENTER)
    table = grid(doc, WIDTHS_MM)
    tall = ROW_MM
    # The name row repeats on every page the form runs onto (w:tblHeader): a loose page 2 says whose it
    # is from the body, so every person's form keeps one set of headers and footers and a batch of
    # forms still converts as one chunk (service/pdf/packet.py).
    names = row(
        table,
        ["姓名", "{{ name }}", "性别", "{{ gender }}", "出生年月", "{{ birth_month }}"],
        min_height_mm=tall,
        header=True,
    )
    # Marked for the renderer, which sets a long name in a size that keeps it to two lines (name_cell.py).
    names.cells[1].paragraphs[0].style = marker_style(doc, NAME_STYLE)
    row(
        table,
        ["民族", "{{ ethnicity }}", "政治面貌", "{{ political_status }}", "文化程度", "{{ education }}"],
        min_height_mm=tall,
    )
    row(table, ["工作单位", ("{{ unit }}", 3), "所在部门", "{{ department }}"], min_height_mm=tall)
    row(
        table,
        ["现任职务\n（岗位）", "{{ post }}", "职级", "{{ rank }}", "任现职时间", "{{ post_since }}"],
        min_height_mm=tall,
    )
    if layout.quarterly:
        # Two rows beside one label, as on the printed form: the quarters, then their grades.
        quarters = row(table, [("季度平时考核等次", 2), "一季度", "二季度", "三季度", "四季度"])
        row(table, [("", 2), *(f"{{{{ quarters[{i}] }}}}" for i in range(4))], min_height_mm=8)
        top = quarters._index
        merge_down(table, top, top + 1, 0, 1)
    if layout.months_on_post:
        row(
            table,
            ["本年度\n在岗月数", ("{{ months_text }}", 2), "考核年度", ("{{ year }}年度", 2)],
            min_height_mm=tall,
        )
    # A real box to write the year's summary in (the printed forms give it about a third of the page).
    text_block(table, "个人年度总结", "summary_rows", min_height_mm=SUMMARY_MIN_MM)
    text_block(table, "主管领导评语", "comment_rows")
    row(table, ["考核等次\n建议", ("{{ proposed_line }}", 5)], align=None, min_height_mm=tall)
    row(table, ["奖惩情况", ("{{ rewards }}", 5)], min_height_mm=tall)
    row(table, [(f"主管领导签名：{GAP}{{{{ reviewed_on|cn_date }}}}", 6)], align=RIGHT)
    row(table, ["考核领导\n小组\n（委员会）\n意见", ("{{ final_line }}", 5)], min_height_mm=OPINION_MM)
    row(table, [(f"负责人签名（盖章）：{GAP}{{{{ decided_on|cn_date }}}}", 6)], align=RIGHT)
    row(
        table,
        ["本人意见", (f"本人签名：{GAP}{{{{ signed_on|cn_date }}}}", 5)],
        align=RIGHT,
        min_height_mm=OPINION_MM,
    )
    continued_pages(doc, layout.title)
    return doc


def build() -> dict[str, Document]:
    return {layout.file: build_form(layout) for layout in FORMS.values()}
