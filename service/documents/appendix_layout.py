"""A 附件 printed after a 公文 takes the 公文's page (GB/T 9704 7.3.7 "附件…格式要求同正文"; issue 14, 6).

Before, a form appended to a notice kept its own 25/25/25 mm page and its own footer distance, so its
page number printed 11 mm lower than the notice's and its "附件N" stood 3 mm left of the text block.
Now the part gets the notice's margins and header/footer distances. Its tables keep their widths: drawn
for 160 mm, centred, they reach 2 mm past each edge of the 156 mm block; narrowing them wrapped headers
sized to their columns (序号, 职务（岗位）, 月度考核), which is worse.
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

GBT_TOP_TWIPS = round(37 * 1440 / 25.4)
_SIDES = ("top_margin", "bottom_margin", "left_margin", "right_margin", "header_distance", "footer_distance")


def is_gbt9704(document: Any) -> bool:
    """Whether the document's first section is a 公文 page (天头 37 mm, GB/T 9704 5.2.2)."""
    top = document.sections[0].top_margin
    return top is not None and abs(top.twips - GBT_TOP_TWIPS) < 60


def take_master_page(master: Any, part: Any) -> None:
    """The part's sections on the master's page."""
    if not is_gbt9704(master):
        return
    page = master.sections[0]
    for section in part.sections:
        if section.page_width != page.page_width:
            continue  # a landscape part keeps its own page
        for side in _SIDES:
            setattr(section, side, getattr(page, side))
        # Its own headers and footers are dropped in composing (the master's carry on): a first page of
        # its own (w:titlePg) would show the master's first-page footer, which has no page number.
        for title_page in section._sectPr.findall(qn("w:titlePg")):
            section._sectPr.remove(title_page)
