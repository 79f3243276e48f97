"""Template of 001 附件2 考核评分表: one group's 初评, four aspects, total and proposed grade."""

from __future__ import annotations

from docx.document import Document

from service.documents.builders.form_tables import CENTER, RIGHT, grid, line, row, tag_row, title
from service.documents.builders.layout import SIZE_3, SIZE_5, SIZE_XIAO4, continued_pages, new_document

# 160 mm at 5号; a long header is broken where a clerk would break it, never mid-word ("工作纪/律").
COLUMNS = (
    ("序号", 10),
    ("姓名", 14),
    ("岗位", 25),
    ("工作\n纪律", 11),
    ("服务\n规范", 11),
    ("业务\n能力", 11),
    ("工作\n成效", 11),
    ("合计", 12),
    ("月度考核\n平均分", 17),
    ("年度亮点\n工作", 21),
    ("等次建议", 17),
)


def build() -> dict[str, Document]:
    doc = new_document("form")
    # 三号: the long title (26 characters) stays on one line of 160 mm.
    title(doc, "{{ organisation }}政府购买服务人员{{ year }}年度考核评分表", size=SIZE_3, space_after_pt=0)
    line(
        doc,
        "考核对象：{{ group }}人员\u3000\u3000初评科室：{{ department }}\u3000\u3000"
        "每项满分{{ aspect_points }}分，合计{{ full_marks }}分",
        size=SIZE_XIAO4,
        align=CENTER,
    )
    table = grid(doc, [width for _, width in COLUMNS])
    row(table, [label for label, _ in COLUMNS], bold=True, header=True, size=SIZE_5)
    tag_row(table, "{%tr for p in people %}")
    row(
        table,
        [
            "{{ p.no }}",
            "{{ p.name }}",
            "{{ p.post }}",
            "{{ p.aspects[0] }}",
            "{{ p.aspects[1] }}",
            "{{ p.aspects[2] }}",
            "{{ p.aspects[3] }}",
            "{{ p.total }}",
            "{{ p.monthly }}",
            "{{ p.highlights }}",
            "{{ p.proposed_grade }}",
        ],
        size=SIZE_5,
        min_height_mm=8,  # a blank sheet's rows are tall enough to write in
    )
    tag_row(table, "{%tr endfor %}")
    row(table, [("推荐优秀：{{ recommended_excellent }}；推荐表扬：{{ recommended_praise }}", len(COLUMNS))])
    line(
        doc,
        "说明：从工作纪律、服务规范、业务能力、工作成效四个方面评分（四），结合月度考核评分情况，"
        "按{{ grade_count }}个等次（{{ grade_names }}）提出初步考核等次建议（五(二)）。",
        size=SIZE_5,
    )
    line(doc, "评分人：{{ scorer }}\u3000\u3000\u3000\u3000日期：{{ scored_on|cn_date }}", align=RIGHT)
    continued_pages(doc, "{{ organisation }}政府购买服务人员{{ year }}年度考核评分表（{{ department }}）")
    return {"scoresheet_purchased_service.docx": doc}
