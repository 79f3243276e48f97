"""Checks of a 公文's text on the PDF (issue 14): 落款, 文号 kept whole, the title's shape, 附件 pages.

Read from the visual lines of `gbt9704_check.read_pages` (pdftotext boxes, mm from the page's top-left).
- 7.3.5.2 不加盖印章: 署名 右空二字, the 成文日期's first character two characters right of the 署名's
  (7.3.5.1 加盖印章: the date 右空四字, the 署名 centred over it); the page carrying them also carries
  text of the 正文 or 附件说明 (a page of only the signature block is what 7.3.5 keeps from happening);
- a 文号 quoted in the text (（宝行政中心〔2019〕10号）) stays on one line;
- 7.3.1 标题 "排列应当使用梯形或菱形": never an inverted trapezoid (a first line longer than the last);
- 7.3.7 附件: every attachment page starts with the word the notice cites it by (附表N or 附件N) at the
  text block's left edge, and carries its page number where the body pages do.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from service.pdf.gbt9704_common import Finding, mm

if TYPE_CHECKING:
    from service.pdf.gbt9704_check import Line, Page

BLOCK_WIDTH_MM = 156.0
CHAR_MM = 15.75 / (72 / 25.4)  # one condensed 3号 character (builders/layout.py)
BLOCK_LEFT_MM, BLOCK_RIGHT_MM = 28.0, 184.0
CHAR_TOLERANCE = 0.5
DOCNUM_ACROSS_LINES = re.compile(r"[\u4e00-\u9fff]{2,}\n?〔\n?\d{4}\n?〕\n?\d+\n?号")
LABEL = re.compile(r"^(附件|附表)\s*(\d+)")
TITLE_MIN_MM, TITLE_MAX_MM = 7.0, 8.6  # 2号 (22 pt = 7.8 mm): the title's type size
PAGE_NUMBER = re.compile(r"^[—–-]+\s*(\d+)\s*[—–-]+$")


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _find_line(pages: list[Page], text: str) -> tuple[Page, int] | None:
    wanted = _plain(text)
    # From the end: a letter's red mark may read exactly as its signature.
    for page in reversed(pages):
        for index in range(len(page.lines) - 1, -1, -1):
            if _plain(page.lines[index].text) == wanted:
                return page, index
    return None


def near(value: float, target: float) -> bool:
    return abs(value - target) <= CHAR_TOLERANCE


def check_signature(pages: list[Page], signature: str, date: str, *, sealed: bool = False) -> Finding:
    found = _find_line(pages, signature)
    if found is None:
        return Finding("signature", "7.3.5", False, f"找不到发文机关署名“{signature}”", {})
    page, index = found
    following = page.lines[index + 1] if index + 1 < len(page.lines) else None
    if following is None or _plain(following.text) != _plain(date):
        return Finding("signature", "7.3.5", False, f"署名下一行不是成文日期“{date}”", {"page": page.number})
    signed, dated = page.lines[index], following
    signature_right = (BLOCK_RIGHT_MM - signed.right) / CHAR_MM
    date_right = (BLOCK_RIGHT_MM - dated.right) / CHAR_MM
    date_shift = (dated.left - signed.left) / CHAR_MM
    problems = []
    if sealed:
        centre_off = ((dated.left + dated.right) - (signed.left + signed.right)) / 2 / CHAR_MM
        if abs(date_right - 4) > CHAR_TOLERANCE:
            problems.append(f"加盖印章时成文日期应右空四字（右空 {date_right:.1f} 字）")
        if abs(centre_off) > CHAR_TOLERANCE:
            problems.append("加盖印章时署名应居中于成文日期之上")
    else:
        if not near(date_shift, 2):
            problems.append(f"成文日期首字应比署名首字右移二字（右移 {date_shift:.1f} 字）")
        # 右空二字 for the 署名; a date longer than it goes 右空二字 and the 署名 moves left with it.
        if not (near(signature_right, 2) or near(date_right, 2)) or min(signature_right, date_right) < 1.5:
            problems.append(
                f"署名应右空二字（右空 {signature_right:.1f} 字，成文日期右空 {date_right:.1f} 字）"
            )
    text_above = [line for line in page.lines[:index] if not PAGE_NUMBER.match(line.text.strip())]
    if not text_above:
        problems.append(f"第 {page.number} 页只有署名和成文日期，没有正文")
    measured = {
        "page": page.number,
        "signature_right_chars": round(signature_right, 2),
        "date_right_chars": round(date_right, 2),
        "date_shift_chars": round(date_shift, 2),
        "lines_above": len(text_above),
    }
    ok = not problems
    message = "署名、成文日期位置符合 7.3.5，且与正文同页" if ok else "；".join(problems)
    return Finding("signature", "7.3.5", ok, message, measured)


def check_docnums_whole(pages: list[Page]) -> Finding:
    broken: list[str] = []
    for page in pages:
        text = "\n".join(_plain(line.text) for line in page.lines)
        for match in DOCNUM_ACROSS_LINES.finditer(text):
            if "\n" in match.group(0):
                broken.append(f"第 {page.number} 页“{match.group(0).replace(chr(10), '／')}”")
    ok = not broken
    message = "文中引用的文号都在同一行" if ok else "文号跨行：" + "、".join(broken)
    return Finding("docnum_whole", "7.2.4", ok, message, {"broken": broken})


def _title_lines(page: Page) -> list[Line]:
    lines = [line for line in page.lines if TITLE_MIN_MM <= line.size <= TITLE_MAX_MM]
    # The title is the first run of 2号 lines (a 附件's form title may follow on a later page).
    run: list[Line] = []
    for line in lines:
        if run and line.em_centre - run[-1].em_centre > 15:
            break
        run.append(line)
    return run


def check_title_shape(pages: list[Page]) -> Finding:
    lines = _title_lines(pages[0]) if pages else []
    widths = [mm(line.right - line.left) for line in lines]
    if len(lines) < 2:
        return Finding("title_shape", "7.3.1", True if lines else None, "标题一行", {"widths_mm": widths})
    inverted = widths[0] > widths[-1] + CHAR_MM / 2
    ok = not inverted
    texts = "／".join(_plain(line.text) for line in lines)
    message = f"标题回行：{texts}" + ("" if ok else "（上长下短，应为梯形或菱形）")
    return Finding("title_shape", "7.3.1", ok, message, {"widths_mm": widths, "lines": texts})


def _page_number_y(page: Page) -> float | None:
    numbers = [line for line in page.lines if PAGE_NUMBER.match(line.text.strip())]
    return numbers[-1].em_centre if numbers else None


def check_attachments(own: list[Page], attached: list[Page]) -> Finding:
    """Every 附件 page: the notice's word for it (附表N/附件N), at the block's edge, numbered as the body."""
    if not attached:
        return Finding("attachments", "7.3.7", None, "没有附件页", {})
    cited = "".join(_plain(line.text) for page in own for line in page.lines)
    body_y = next((y for y in (_page_number_y(p) for p in own) if y is not None), None)
    problems: list[str] = []
    labels: list[str] = []
    for page in attached:
        first = page.lines[0] if page.lines else None
        match = LABEL.match(_plain(first.text)) if first is not None else None
        if first is not None and match is not None:
            label = match.group(1) + match.group(2)
            labels.append(label)
            other = ("附件" if match.group(1) == "附表" else "附表") + match.group(2)
            if other in cited and label not in cited:
                problems.append(f"第 {page.number} 页标为“{label}”，正文称“{other}”")
            if abs(first.left - BLOCK_LEFT_MM) > 1.5:
                problems.append(f"第 {page.number} 页“{label}”距左边 {first.left:.1f}mm，应在版心左边缘")
        y = _page_number_y(page)
        if y is None:
            problems.append(f"第 {page.number} 页没有页码")
        elif body_y is not None and abs(y - body_y) > 1.5:
            problems.append(f"第 {page.number} 页页码位置与正文页相差 {y - body_y:+.1f}mm")
    ok = not problems
    message = "附件页标注与正文一致，页码位置与正文页相同" if ok else "；".join(problems)
    return Finding("attachments", "7.3.7", ok, message, {"labels": labels, "pages": len(attached)})


RECORD_LINE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日印发$")
ONE_4HAO_MM = 14 / (72 / 25.4)
RECORD_RULE_REACH_MM = 12.0  # the 首条分隔线 stands over the 印发 line, at most about a line above it


def check_record(pages: list[Page], rules: list[tuple[float, float, float]]) -> Finding:
    """7.4 版记 on the last page: 印发机关 左空一字, 印发日期…印发 右空一字 (4号), between rules as wide as
    the block: the first over the line, the last under it on the block's bottom edge (262 mm).
    `rules`: (left, right, top) of the page's black horizontal rules, mm."""
    last = pages[-1]
    line = next((ln for ln in reversed(last.lines) if RECORD_LINE.search(_plain(ln.text))), None)
    if line is None:
        return Finding("record", "7.4", False, f"第 {last.number} 页（正文最后一页）没有版记“…印发”", {})
    problems = []
    left_gap, right_gap = line.left - BLOCK_LEFT_MM, BLOCK_RIGHT_MM - line.right
    if abs(left_gap - ONE_4HAO_MM) > 1.5:
        problems.append(f"印发机关应左空一字（{left_gap:.1f}mm）")
    if abs(right_gap - ONE_4HAO_MM) > 1.5:
        problems.append(f"印发日期应右空一字（{right_gap:.1f}mm）")
    wide = [rule for rule in rules if abs((rule[1] - rule[0]) - 156) <= 2]
    line_top = min(fragment.top for fragment in line.fragments)
    line_bottom = max(fragment.bottom for fragment in line.fragments)
    below = [rule[2] for rule in wide if rule[2] >= line_bottom - 0.5]
    above = [rule[2] for rule in wide if line_top - RECORD_RULE_REACH_MM <= rule[2] <= line_top + 0.5]
    bottom = max(below, default=None)
    first = min(above, default=None)
    if bottom is None or abs(bottom - 262) > 1.5:
        problems.append("版记的末条分隔线应与版心下边缘重合（262mm）")
    if first is None:
        problems.append("版记缺少首条分隔线（印发机关一行之上，与版心等宽）")
    measured: dict[str, float | None] = {"left_gap_mm": mm(left_gap), "right_gap_mm": mm(right_gap)}
    measured["first_rule_mm"] = mm(first) if first is not None else None
    measured["last_rule_mm"] = mm(bottom) if bottom is not None else None
    measured["line_top_mm"], measured["page"] = mm(line_top), last.number
    ok = not problems
    return Finding(
        "record",
        "7.4",
        ok,
        "版记：印发机关、印发日期及分隔线位置符合 7.4" if ok else "；".join(problems),
        measured,
    )


PITCH_MM = 225 / 22  # gbt9704_check.PITCH_MM (which imports this module)


def check_attachment_block(
    attached: list[Page],
    rules: dict[int, list[tuple[float, float, float]]],
    *,
    body_top: float | None,
    body_left: float | None,
) -> Finding:
    """7.3.7 "附件…格式要求同正文": every 附件 page's text block starts where the body's does (±1.5 mm).

    A page headed 附件N/附表N: the label's left edge and the top of its grid line (as `block_top` measures
    the body); a page a form's table runs on to: its top rule at the block's top and the table centred
    on the block (the forms' 160 mm tables reach 2 mm past each edge of the 156 mm block). No mirrored
    margins: the 订口 is 28 mm on odd and even pages alike, as on the body pages. `rules`: each page's
    black horizontal rules (left, right, top), mm."""
    if not attached or body_top is None or body_left is None:
        return Finding("attachment_margins", "7.3.7", None, "没有附件页或正文页可比较", {})
    centre = body_left + BLOCK_WIDTH_MM / 2
    problems: list[str] = []
    measured: list[dict[str, float | int | str]] = []
    for page in attached:
        first = page.lines[0] if page.lines else None
        if first is not None and LABEL.match(_plain(first.text)):
            top, left, how = first.em_centre - first.grid_lines * PITCH_MM / 2, first.left, "label"
        else:
            wide = [rule for rule in rules.get(page.number, []) if rule[1] - rule[0] > BLOCK_WIDTH_MM / 2]
            if not wide:
                problems.append(f"第 {page.number} 页既无附件标注也无表格，无法测量版心")
                continue
            top_rule = min(wide, key=lambda rule: rule[2])
            top, left, how = top_rule[2], top_rule[0] + (top_rule[1] - top_rule[0]) / 2 - centre, "table"
        edge = "left_mm" if how == "label" else "table_off_centre_mm"
        measured.append({"page": page.number, "how": how, "top_mm": mm(top), edge: mm(left)})
        if abs(top - body_top) > 1.5:
            problems.append(f"第 {page.number} 页版心上边 {top:.1f}mm，正文页为 {body_top:.1f}mm")
        if how == "label" and abs(left - body_left) > 1.5:
            problems.append(f"第 {page.number} 页版心左边 {left:.1f}mm，正文页为 {body_left:.1f}mm")
        if how == "table" and abs(left) > 1.5:
            problems.append(f"第 {page.number} 页表格偏离版心中线 {left:+.1f}mm")
    ok = not problems
    message = "附件页版心与正文页相同（天头、订口）" if ok else "；".join(problems)
    return Finding("attachment_margins", "7.3.7", ok, message, {"pages": measured})
