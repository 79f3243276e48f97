"""Templates of the 个人考核民主测评表: 000 附表6 (four grades) and 001 附件3 (five grades).

One tick column per grade of the scheme; the number of columns is the policy's at build time, the
column names are read from the policy when a ballot is rendered.
"""

from __future__ import annotations

from docx.document import Document

from service.documents.builders.form_tables import CENTER, LEFT, grid, line, row, tag_row, title
from service.documents.builders.layout import (
    FONT_TITLE,
    SIZE_XIAO2,
    SIZE_XIAO3,
    continued_pages,
    new_document,
    set_font,
)
from service.documents.scheme_terms import purchased_service_grades, resident_ballot_columns

# 序号 in 12 mm and 职务（岗位） in 30 mm stay on one line (1 mm cell padding); the rest is shared by the
# grade columns: 19.6 mm each for five grades holds 基本合格, a four-grade ballot's 不称职(不合格) is
# printed on two lines by the kind's context.
FIXED = (("序号", 12.0), ("姓名", 20.0), ("职务（岗位）", 30.0))
GRADE_WIDTH_MM = 160 - sum(width for _, width in FIXED)  # shared by the grade columns


def build_ballot(grade_count: int, heading: tuple[str, ...]) -> Document:
    """`heading`: the title's lines (小二: 22 characters fit a line of 160 mm)."""
    doc = new_document("form")
    paragraph = title(doc, heading[0], size=SIZE_XIAO2, space_after_pt=0)
    for more in heading[1:]:
        paragraph.runs[-1].add_break()
        set_font(paragraph.add_run(more), FONT_TITLE, SIZE_XIAO2)
    line(doc, "测评范围：{{ department }}", size=SIZE_XIAO3, align=CENTER)
    widths = [width for _, width in FIXED] + [GRADE_WIDTH_MM / grade_count] * grade_count
    table = grid(doc, widths)
    row(
        table,
        [("被测评人", len(FIXED)), ("测评等次（请在相应栏内打“√”）", grade_count)],
        bold=True,
        header=True,
    )
    row(
        table,
        [label for label, _ in FIXED] + [f"{{{{ grades[{i}] }}}}" for i in range(grade_count)],
        bold=True,
        header=True,
    )
    tag_row(table, "{%tr for p in people %}")
    row(table, ["{{ p.no }}", "{{ p.name }}", "{{ p.post }}", *([""] * grade_count)], min_height_mm=9)
    tag_row(table, "{%tr endfor %}")
    line(doc, "说明：每名被测评人只能选择一个等次，多选或不选视为无效。", align=LEFT)
    line(
        doc,
        "测评人（可不署名）：\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000测评日期：\u3000\u3000年\u3000\u3000月\u3000\u3000日",
    )
    continued_pages(doc, "".join(heading) + "（{{ department }}）")
    return doc


def build() -> dict[str, Document]:
    return {
        "ballot_resident_annual.docx": build_ballot(
            len(resident_ballot_columns()), ("{{ organisation }}{{ year }}年度个人考核民主测评表",)
        ),
        # 001 七 lists it as 3.《宝山区政务服务中心政府购买服务人员(2024)年度考核民主测评表》(附件3): the
        # form carries the title the notice cites it by, broken after 人员.
        "ballot_purchased_service.docx": build_ballot(
            len(purchased_service_grades()),
            ("{{ organisation }}政府购买服务人员", "（{{ year }}）年度考核民主测评表"),
        ),
    }
