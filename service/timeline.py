"""The 时间安排 of a seed as stages measured in working days, so a round of any year gets its dates.

Each stage starts on the first working day after the previous one ends (the first on the notice's date)
and lasts the number of working days the seed gave it, counted on the official holiday and 调休 calendar
(service.workdays). Seed 000 八, from the notice of 2022-12-14, gives back its own dates:
(一) 12月14日—12月15日, (二) 12月16日—12月23日, (三) 12月26日—2023年1月5日 (1月2日 is 元旦),
(四) 1月6日—1月10日.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from schemas.round import Stage
from service.workdays import add_working_days, is_working_day


class StageSpec(NamedTuple):
    name: str
    clause: str
    working_days: int
    # The stage holds the 公示: it lasts `working_days` plus the policy's 公示 days, and says so.
    publicity: bool = False


TIMELINES: dict[str, tuple[StageSpec, ...]] = {
    # 000 八 (and 五(二)4: the forms are due at the end of the first stage).
    "resident-annual": (
        StageSpec("前期准备阶段（拟定考核方案，布置考核工作；登记表上交）", "八(一)", 2),
        StageSpec("互评阶段（初评、述职、民主测评）", "八(二)", 6),
        # 3 working days of 评定 around a 公示 of the policy's length (五(五): 5 in the seed → 8).
        StageSpec("考核等次评定阶段（含公示{days}个工作日）", "八(三)", 3, publicity=True),
        StageSpec("考核结果上报阶段", "八(四)", 3),
    ),
    # 001 七 时间安排 (its 八 is 相关事宜), from a notice of 2024-12-23: 12月27日前, 12月31日前, 1月8日前,
    # 1月20日前, 1月24日前. The seed numbers two stages (三); the clauses are quoted as printed, as in
    # service/policies/purchased_service_annual.json.
    "purchased-service-annual": (
        StageSpec("前期准备", "七(一)", 5),
        StageSpec("工作人员自评（填写登记表）", "七(二)", 2),
        StageSpec("民主测评（评分表，推荐优秀和表扬人员）", "七(三)", 5),
        StageSpec("考核等次评定（审议、公示）", "七(三)", 8),
        StageSpec("考核总结阶段（总结表彰）", "七(四)", 4),
    ),
    # 002 四(五): the quarter's results are publicised for at least 3 working days.
    "civil-servant-quarterly": (StageSpec("公示考核情况", "四(五)", 3),),
}


def _next_working_day(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


DEFAULT_PUBLICITY_DAYS = 5  # 000 五(五)


def timeline(scheme: str, starts_on: dt.date, publicity_days: int | None = None) -> list[Stage]:
    """The scheme's stages from the notice's date; a round whose policy changes the 公示's length
    (`publicity_working_days`) gets a stage that long and named so."""
    stages: list[Stage] = []
    start = starts_on
    days = publicity_days or DEFAULT_PUBLICITY_DAYS
    for spec in TIMELINES.get(scheme, ()):
        length = spec.working_days + (days if spec.publicity else 0)
        end = add_working_days(start, length)
        name = spec.name.format(days=days)
        stages.append(Stage(name=name, clause=spec.clause, start=start, end=end, working_days=length))
        start = _next_working_day(end)
    return stages
