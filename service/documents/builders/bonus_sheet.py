"""Template of 001 考核奖明细表: per person every line of 六(三), then 应发/扣除/实发; totals in 大写."""

from __future__ import annotations

from docx.document import Document

from service.documents.builders.form_tables import LEFT, RIGHT, grid, line, row, tag_row, title
from service.documents.builders.layout import SIZE_3, SIZE_5, SIZE_XIAO3, continued_pages, new_document

# 160 mm; 5号 headers on one line with 1 mm cell padding (考核等次 4 characters need 16.8 mm). The
# amount column holds "9,999,999.99" (12 half-width characters of 5号, 22 mm, with padding 24 mm) on
# one line: a total of 1,000,000 and more wrapped mid-number in 21 mm.
COLUMNS = (
    ("序号", 10),
    ("姓名", 16),
    ("部门", 20),
    ("考核等次", 17),
    ("在岗月数", 17),
    ("项目", 33),
    ("依据", 21),
    ("金额（元）", 26),
)
PERSON_SPAN = 5  # 序号 … 在岗月数


def build() -> dict[str, Document]:
    doc = new_document("form")
    # 三号: the long title (26 characters) stays on one line of 160 mm.
    title(doc, "{{ organisation }}政府购买服务人员{{ year }}年度考核奖明细表", size=SIZE_3, space_after_pt=0)
    line(doc, "单位：元", size=SIZE_XIAO3, align=RIGHT)
    table = grid(doc, [width for _, width in COLUMNS])
    row(table, [label for label, _ in COLUMNS], bold=True, header=True, size=SIZE_5)
    tag_row(table, "{%tr for p in people %}")
    row(
        table,
        [
            "{{ p.no }}",
            "{{ p.name }}",
            "{{ p.department }}",
            "{{ p.grade }}",
            "{{ p.months }}",
            ("应发 {{ p.gross }}，等次扣除 {{ p.grade_deduction }}，其他扣除 {{ p.incident_deduction }}", 2),
            "{{ p.net }}",
        ],
        size=SIZE_5,
        bold=True,
    )
    tag_row(table, "{%tr for l in p.lines %}")
    # Every line says whose it is: a person's lines may run onto the next page, under the repeated header.
    row(
        table,
        [("（{{ p.name }}）", PERSON_SPAN), "{{ l.item }}", "{{ l.clause }}", "{{ l.amount }}"],
        size=SIZE_5,
    )
    tag_row(table, "{%tr endfor %}")
    tag_row(table, "{%tr endfor %}")
    row(
        table,
        [
            ("合计（{{ count }}人）", PERSON_SPAN),
            ("应发 {{ total_gross }}，扣除 {{ total_deductions }}", 2),
            "{{ total_net }}",
        ],
        bold=True,
        size=SIZE_5,
    )
    row(table, [("实发合计（大写）：{{ total_net_value|amount_cn }}", len(COLUMNS))], align=LEFT)
    line(
        doc,
        "说明：应发＝年终奖金＋岗位津贴＋评优奖励＋敬业奉献奖（六(三)1—4）；基本合格扣除应发的70%、不合格扣除100%"
        "（六(三)5(4)）；差评、投诉、其他违规按次扣除，月度考核已扣除的不重复扣罚（六(三)5）；实发不低于0。",
        size=SIZE_5,
    )
    line(doc, "制表人：{{ prepared_by }}\u3000\u3000\u3000\u3000日期：{{ prepared_on|cn_date }}", align=RIGHT)
    continued_pages(doc, "{{ organisation }}政府购买服务人员{{ year }}年度考核奖明细表")
    return {"bonus_sheet.docx": doc}
