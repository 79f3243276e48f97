"""Template of 000 附表1 考核名单: people by department with their 编制性质 (schemas/roster.py)."""

from __future__ import annotations

from docx.document import Document

from service.documents.builders.form_tables import CENTER, LEFT, grid, line, row, tag_row, title
from service.documents.builders.layout import SIZE_5, SIZE_XIAO2, SIZE_XIAO4, continued_pages, new_document

COLUMNS = ("序号", "姓名", "性别", "编制性质", "职务（岗位）", "派出单位", "备注")
# 160 mm; with 1 mm cell padding every header stays on one line (序号 2 characters in 12 mm, 职务（岗位）
# 6 in 28 mm), a 10-character 派出单位 (宝山区市场监督管理局) fits 46 mm, 备注 keeps room for a short note.
WIDTHS_MM = (12, 20, 12, 20, 28, 46, 22)


def build() -> dict[str, Document]:
    doc = new_document("form")
    # 小二: a 22-character title stays on one line of 160 mm (2号 would leave "单" alone on the second).
    title(doc, "{{ organisation }}{{ year }}年度常驻人员考核名单", size=SIZE_XIAO2, space_after_pt=0)
    line(
        doc,
        "（{{ cut_off|cn_date }}在册或在中心工作满{{ min_months }}个月以上的所有常驻人员）",
        size=SIZE_XIAO4,
        align=CENTER,
    )
    table = grid(doc, WIDTHS_MM)
    row(table, list(COLUMNS), bold=True, header=True)
    tag_row(table, "{%tr for d in departments %}")
    # A blank list (a notice's 附表1) has one department row to fill: no "（人）" printed then.
    row(
        table,
        [("{{ d.name }}{% if d.count %}（{{ d.count }}人）{% endif %}", len(COLUMNS))],
        bold=True,
        align=LEFT,
    )
    tag_row(table, "{%tr for p in d.people %}")
    row(
        table,
        [
            "{{ p.no }}",
            "{{ p.name }}",
            "{{ p.gender }}",
            "{{ p.category }}",
            "{{ p.post }}",
            "{{ p.unit }}",
            "{{ p.remark }}",
        ],
        min_height_mm=8,  # a blank list's rows are tall enough to write in
    )
    tag_row(table, "{%tr endfor %}")
    tag_row(table, "{%tr endfor %}")
    row(table, [("合计{{ total }}人，其中{{ category_summary }}。", len(COLUMNS))], align=LEFT)
    line(
        doc,
        "注：编制性质决定填写的登记表（五(二)1）：公务员填附表2，参公填附表3，事业填附表4，其他填附表5。",
        size=SIZE_5,
    )
    continued_pages(doc, "{{ organisation }}{{ year }}年度常驻人员考核名单")
    return {"roster_resident_annual.docx": doc}
