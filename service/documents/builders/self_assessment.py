"""Template of 003 《市经信委机关内设机构年度考核自评表》: the seed's fixed 18-item table.

The table is the printed one: 类别 merged down its items, 考核内容, 自评分 and 情况说明 per item, then
合计（70分）. Its rows are fixed, so no loop: each cell names its item (`items[0]` … `items[17]`).
"""

from __future__ import annotations

from docx.document import Document

from schemas.self_assessment import FORM_ITEMS
from service.documents.builders.form_tables import LEFT, grid, line, row, title, write
from service.documents.builders.layout import SIZE_3, SIZE_5, SIZE_XIAO4, new_document

WIDTHS_MM = (30, 62, 20, 48)  # 160 mm


def build() -> dict[str, Document]:
    doc = new_document("form")
    title(doc, "{{ organisation }}机关内设机构年度考核自评表", size=SIZE_3 + 2)
    line(doc, "处室：{{ department }}\u3000\u3000\u3000\u3000\u3000\u3000填表日期：{{ filled_on|cn_date }}")
    table = grid(doc, WIDTHS_MM)
    row(table, ["类别", "考核内容", "自评分", "情况说明"], bold=True, header=True)
    index = 0
    for category_index, (_, _, items) in enumerate(FORM_ITEMS):
        first = None
        for number, label in items:
            added = row(
                table,
                [
                    "",
                    f"{number}、{label}",
                    f"{{{{ items[{index}].score }}}}",
                    f"{{{{ items[{index}].note }}}}",
                ],
                size=SIZE_5,
            )
            added.cells[1].paragraphs[0].alignment = LEFT
            added.cells[3].paragraphs[0].alignment = LEFT
            first = first or added.cells[0]
            last = added.cells[0]
            index += 1
        assert first is not None
        merged = first.merge(last)
        category = f"categories[{category_index}]"
        write(
            merged.paragraphs[0],
            f"{{{{ {category}.name }}}}\n（{{{{ {category}.points }}}}分）\n得分 {{{{ {category}.score }}}}",
            size=SIZE_XIAO4,
        )
    row(table, ["合计（{{ points_total }}分）", "总分", "{{ total }}", "{{ capped_note }}"], bold=True)
    line(doc, "处室负责人：{{ head }}")
    line(
        doc,
        "注：加减分以相应分值为基础，加分不封顶，扣分以本类分值为限，扣完为止（八1）。",
        size=SIZE_5,
    )
    return {"self_assessment_internal.docx": doc}
