"""Months at the centre or on post, counted one way by every scheme (000 二, 001 五(六)4 and 六(三)1–2).

Both ends are included: someone at the centre from 2022-06-01 through the cut-off 2022-11-30 has worked
six full months (000 二 "在中心工作满6个月"), exactly as 001 counts 07-01 → 12-31 as six months on post.
"""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the 31st of a shorter month is its last day (05-31 + 6 → 11-30)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_through(start: dt.date, end: dt.date) -> int:
    """Whole months from `start` through `end`, both days counted (negative when `start` is later).

    As 民法典 第二百零二条 counts a period of months — it ends on the day of the final month that
    corresponds to the day before `start`, or on that month's last day when it has no such day — so
    06-01 → 11-30 is 6, 06-02 → 11-30 is 5, 05-31 → 11-29 is 5 and 08-31 → 02-28 is 6. A part month
    never counts: "满6个月" is never met by rounding up.
    """
    before = start - dt.timedelta(days=1)
    months = (end.year - before.year) * 12 + end.month - before.month
    return months - 1 if add_months(before, months) > end else months
