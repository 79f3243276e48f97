"""Templates of 002's 《公务员平时考核登记表》 (月小结, 季度小结) and 《公务员平时考核表》 (评鉴)."""

from __future__ import annotations

from docx.document import Document
from docx.table import Table

from service.documents.builders.form_tables import (
    CENTER,
    LEFT,
    RIGHT,
    grid,
    line,
    row,
    tag_row,
    text_block,
    title,
)
from service.documents.builders.layout import SIZE_XIAO3, new_document

WIDTHS_MM = (30, 50, 30, 50)  # 160 mm
GAP = "\u3000" * 6


def _heading(doc: Document, name: str) -> None:
    title(doc, name, space_after_pt=0)
    line(doc, "（{{ year }}年第{{ quarter_cn }}季度）", size=SIZE_XIAO3, align=CENTER)


def _person_rows(doc: Document) -> Table:
    table = grid(doc, WIDTHS_MM)
    row(table, ["姓名", "{{ name }}", "所在部门", "{{ department }}"], min_height_mm=10)
    row(table, ["职务", "{{ post }}", "考核单位", "{{ organisation }}"], min_height_mm=10)
    return table


def build_register() -> Document:
    """四(二) "每月要对工作计划完成情况进行简要小结，填写《公务员平时考核登记表》"."""
    doc = new_document("form")
    _heading(doc, "公务员平时考核登记表")
    table = _person_rows(doc)
    row(table, ["月份", "工作计划", ("工作纪实及完成情况小结", 2)], bold=True)
    tag_row(table, "{%tr for m in months %}")
    row(table, ["{{ m.month }}月", "{{ m.plan }}", ("{{ m.record }}", 2)], align=LEFT, min_height_mm=20)
    tag_row(table, "{%tr endfor %}")
    text_block(table, "季度小结", "summary_rows")
    row(table, [(f"本人签名：{GAP}{{{{ signed_on|cn_date }}}}", 4)], align=RIGHT)
    return doc


def build_appraisal() -> Document:
    """三(一) score, 三(二) grade, 四(三) "写出考核评语，提出考核等次建议"."""
    doc = new_document("form")
    _heading(doc, "公务员平时考核表")
    table = _person_rows(doc)
    row(table, ["关键绩效指标\n（KPI）得分", "{{ kpi }}", "权重", "{{ kpi_weight }}"], min_height_mm=10)
    row(table, ["职业行为指标\n（BPI）得分", "{{ bpi }}", "权重", "{{ bpi_weight }}"], min_height_mm=10)
    row(table, ["加减分事项\n（OPI）得分", "{{ opi }}", "加减分事由", "{{ opi_reason }}"], min_height_mm=10)
    row(table, ["平时考核得分", ("{{ score_formula }}", 3)], min_height_mm=10)
    row(table, ["考核等次", ("{{ grade_line }}", 3)], min_height_mm=10)
    row(table, ["等次说明", ("{{ grade_basis }}", 3)], min_height_mm=10)
    text_block(table, "分管领导考核评语", "comment_rows")
    row(table, [(f"分管领导签名：{GAP}{{{{ reviewed_on|cn_date }}}}", 4)], align=RIGHT)
    row(table, ["考核领导小组\n意见", ("{{ group_opinion }}", 3)], min_height_mm=16)
    return doc


def build() -> dict[str, Document]:
    return {"quarterly_register.docx": build_register(), "quarterly_appraisal.docx": build_appraisal()}
