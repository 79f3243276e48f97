"""Template of the 考核结果上报表 to 区委组织部 (公务员/参公) or 区人社局 (事业): 000 七(一), 八(四)."""

from __future__ import annotations

from docx.document import Document

from service.documents.builders.form_tables import CENTER, LEFT, RIGHT, grid, line, row, tag_row, title
from service.documents.builders.layout import SIZE_5, SIZE_XIAO2, SIZE_XIAO3, new_document

# 160 mm; every header on one line at 小四 with 1 mm cell padding.
COLUMNS = (
    ("序号", 12),
    ("姓名", 18),
    ("性别", 12),
    ("派出单位", 34),
    ("职务（岗位）", 30),
    ("编制性质", 20),
    ("考核等次", 20),
    ("备注", 14),
)


def build() -> dict[str, Document]:
    doc = new_document("form")
    title(
        doc,
        "{{ organisation }}{{ year }}年度{{ category_label }}考核结果上报表",
        size=SIZE_XIAO2,
        space_after_pt=0,
    )
    line(doc, "报送：{{ recipient }}", size=SIZE_XIAO3, align=CENTER)
    table = grid(doc, [width for _, width in COLUMNS])
    row(table, [label for label, _ in COLUMNS], bold=True, header=True)
    tag_row(table, "{%tr for p in people %}")
    row(
        table,
        [
            "{{ p.no }}",
            "{{ p.name }}",
            "{{ p.gender }}",
            "{{ p.unit }}",
            "{{ p.post }}",
            "{{ p.category }}",
            "{{ p.grade }}",
            "{{ p.note }}",
        ],
    )
    tag_row(table, "{%tr endfor %}")
    row(table, [("合计{{ total }}人：{{ grade_summary }}。", len(COLUMNS))], align=LEFT)
    line(
        doc,
        "说明：依据{{ organisation }}年度考核通知七(一)，区内单位{{ category_label }}的考核等次由中心上报"
        "{{ recipient }}，同时抄送各派出单位，直接记入其个人档案，派出单位不再另行考核。",
        size=SIZE_5,
    )
    line(
        doc,
        "填报单位（盖章）：{{ organisation }}\u3000\u3000联系人：{{ contact }}"
        "\u3000\u3000联系电话：{{ phone }}",
    )
    line(doc, "{{ reported_on|cn_date }}", align=RIGHT)
    return {"result_report.docx": doc}
