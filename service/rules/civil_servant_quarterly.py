"""The rules of seed 002 (002_6eae691e86ed9a7f.txt): 洸河街道公务员平时考核工作方案(试行).

Pure functions from one quarter's round (`IndividualRound`) and the policy (`CivilServantQuarterlyPolicy`)
to results; every finding cites its clause. Decisions the seed leaves open (DESIGN.md §3):

- 二: 领导职务 are not appraised (`is_leader`; unsaid, a head is a leader: `leaders_from_heads`); a
  leader graded or recommended is an error and takes no 好 place.
- 三(二): the 百分制 score fixes the grade by bands, 好 ≥ 90, 较好 ≥ 80, 一般 ≥ 60, else 较差; scores are
  rounded to the policy's decimals (2, half up) first, as the clerk writes them on the 考核表
  (`band_score`: `rounded`; `exact` compares unrounded).
- 四(三): 好 ≤ 40% of the participants, rounded down ("以内" must never be exceeded); direct 好 count.
- When no grade is proposed, the rules give one: direct grades first, then proposed grades, then the
  remaining 好 places to the best scores; those over the cap drop to 较好. A tie on the cap boundary is
  a warning for the 考核领导小组, the input order deciding meanwhile.
- 五(二): "获得[好]等次较多" = 好 in at least half of the four quarters, and no 一般/较差. In a Q4 round
  the fourth quarter is this round's grade; a contradicting fourth `quarter_grades` entry is an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache

from schemas.civil_servant_quarterly import QUARTER_GRADES, CivilServantQuarterlyPolicy
from schemas.common import Finding, Quota
from schemas.evaluation import IndividualResult, IndividualRound, OutcomeCode, Person, PersonResult, Scores
from service.cn_format import cn_date, cn_date_range
from service.rules.quota import make_quota, no_errors, quota_exceeded
from service.rules.registry import PayloadProblem, Scheme
from service.rules.scope import not_taking_part, who
from service.workdays import CalendarYearUnsupported, publicity_end, supported_years, working_days_between

SCHEME_ID = "civil-servant-quarterly"
Policy = CivilServantQuarterlyPolicy
GOOD, FAIR, AVERAGE, POOR = QUARTER_GRADES


@lru_cache(maxsize=32_768)  # bounded: scores are client data; 0–100 in hundredths fits
def _decimal(value: float) -> Decimal:
    """A policy number as the Decimal it was written as (0.7, not 0.6999999999999999555910790149937)."""
    return Decimal(str(value))


@cache
def _quantum(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-decimals)


def _points(score: Decimal) -> str:
    return f"{score:f}分"


# ------------------------------------------------------------------------------------ 三(一) 三(二)


def quarterly_score(scores: Scores, policy: Policy) -> Decimal:
    """三(一) "平时考核得分=个人KPI考核得分×70%+职业行为指标BPI得分×30%+加减分事项指标OPI得分".

    Decimal arithmetic: in binary floating point 90×0.7+90×0.3 is 89.99999999999999, which would drop
    a 90-point civil servant out of 好. 三(二) compares this score with the bands: by default as the
    clerk writes it on the 考核表, to `score_decimals` half up (89.995 → 90.00, 好); with
    `band_score: "exact"` unrounded (89.995 stays 较好).
    """
    weights = policy.weights
    exact = (
        _decimal(scores.kpi) * _decimal(weights.kpi)
        + _decimal(scores.bpi) * _decimal(weights.bpi)
        + _decimal(scores.opi) * _decimal(weights.opi)
    )
    if policy.band_score == "exact":
        return exact.normalize()
    return exact.quantize(_quantum(policy.score_decimals), rounding=ROUND_HALF_UP)


def score_band(score: Decimal, policy: Policy) -> str:
    """三(二) "采取百分制量化赋分方式确定结果，分为好、较好、一般、较差4个等次" (bands: DESIGN.md §3)."""
    for grade in (GOOD, FAIR, AVERAGE):
        if score >= _decimal(policy.bands[grade]):  # type: ignore[index]
            return grade
    return POOR


def band_floor(grade: str, policy: Policy) -> str:
    threshold = policy.bands.get(grade)  # type: ignore[call-overload]
    return f"{threshold:g}分以上" if threshold is not None else f"不满{policy.bands['一般']:g}分"


def _rank(grade: str) -> int:
    return QUARTER_GRADES.index(grade)


# ------------------------------------------------------------------------------------------- 二


def is_leader(person: Person, policy: Policy) -> bool:
    """二 "非领导职务": `is_leader` as given; unsaid, a 科长或负责人 (`is_head`) holds a 领导职务 when the
    policy's `leaders_from_heads` says so (the default)."""
    if person.is_leader is not None:
        return person.is_leader
    return policy.leaders_from_heads and person.is_head


def in_scope(person: Person, policy: Policy) -> bool:
    """二 "考核对象：街道非领导职务公务员" — a 公务员 (or a person without a category) without a 领导职务."""
    return person.category in (None, "公务员") and not is_leader(person, policy)


def out_of_scope_finding(person: Person, policy: Policy) -> Finding:
    """二: not appraised quarterly; an error when graded or recommended, so a leader takes no 好 place."""
    if person.category not in (None, "公务员"):
        why = f"为{person.category}，不属于街道非领导职务公务员（二）"
    else:
        why = "担任领导职务，不属于街道非领导职务公务员（二），不占好等次名额"
    return not_taking_part(person, clause="二", why=why, recommended_as="推荐好等次", appraisal="平时考核")


# ------------------------------------------------------------------------------- payload (→ 422)


def check_payload(request: IndividualRound, policy: Policy) -> list[PayloadProblem]:
    """Shape problems only this scheme knows: a grade not among 好/较好/一般/较差, a 公示 that ends before
    it starts or lies in a year without an official holiday calendar."""
    problems: list[PayloadProblem] = []
    choices = "、".join(QUARTER_GRADES)
    for index, person in enumerate(request.people):
        if person.proposed_grade is not None and person.proposed_grade not in QUARTER_GRADES:
            problems.append(
                (
                    ("people", index, "proposed_grade"),
                    f"'{person.proposed_grade}' 不是平时考核等次，可选：{choices}",
                )
            )
    start, end = request.publicity_start, request.publicity_end
    if end is not None and start is None:
        problems.append((("publicity_start",), "填写了公示结束日期，须同时填写公示开始日期"))
    if start is not None and end is not None and end < start:
        problems.append((("publicity_end",), f"公示结束日期{cn_date(end)}早于开始日期{cn_date(start)}"))
    first, last = supported_years()
    for field, day in (("publicity_start", start), ("publicity_end", end)):
        if day is not None and not first <= day.year <= last:
            problems.append(
                (
                    (field,),
                    f"{day.year}年的国务院节假日安排尚未收录（已收录{first}—{last}年），无法计算工作日",
                )
            )
    return problems


# ---------------------------------------------------------------------------------------- 四 四(三)


def direct_grade_finding(person: Person) -> Finding:
    """四 "当期平时考核结果可以直接确定为好等次…可以直接确定为较差等次": recorded with its reason."""
    reason = (
        f"，理由：{person.justification}" if person.justification else "，但未填写理由（请补充事迹或情形）"
    )
    return Finding(
        severity="info" if person.justification else "warning",
        code="direct_grade",
        person_id=person.id,
        clause="四",
        message=f"{who(person)}当期平时考核结果直接确定为{person.direct_grade}等次{reason}",
    )


def proposed_grade_findings(person: Person, score: Decimal | None, policy: Policy) -> list[Finding]:
    """三(二): a proposed grade better than the score's band is an error; a lower one is noted."""
    proposed = person.proposed_grade
    if proposed is None or score is None:
        return []
    band = score_band(score, policy)
    if _rank(proposed) < _rank(band):
        return [
            Finding(
                severity="error",
                code="grade_above_score_band",
                person_id=person.id,
                clause="三(二)",
                message=(
                    f"{who(person)}得分{_points(score)}，属{band}档（{band_floor(band, policy)}），"
                    f"提出的{proposed}等次高于得分档次（{proposed}须{band_floor(proposed, policy)}）"
                ),
            )
        ]
    if _rank(proposed) > _rank(band):
        return [
            Finding(
                severity="info",
                code="grade_below_score_band",
                person_id=person.id,
                clause="三(二)",
                message=f"{who(person)}得分{_points(score)}，属{band}档，提出的等次为{proposed}",
            )
        ]
    return []


def assign_grades(
    people: Sequence[Person], scores: dict[str, Decimal], policy: Policy
) -> tuple[dict[str, str | None], Quota, list[Finding]]:
    """Each participant's grade and the 好 quota of 四(三).

    四(三) "考核[好]等次人数比例控制在参加平时考核的公务员总人数的40%以内"; 四 direct 好 take their places
    first, proposed 好 next, and the best remaining scores in the 好 band fill what is left.
    """
    findings: list[Finding] = []
    grades: dict[str, str | None] = {}
    for person in people:
        if person.direct_grade is not None:
            grades[person.id] = person.direct_grade
            findings.append(direct_grade_finding(person))
            if person.proposed_grade is not None and person.proposed_grade != person.direct_grade:
                findings.append(
                    Finding(
                        severity="error",
                        code="proposed_conflicts_direct",
                        person_id=person.id,
                        clause="四",
                        message=(
                            f"{who(person)}已直接确定为{person.direct_grade}等次，"
                            f"提出的{person.proposed_grade}等次与之不符"
                        ),
                    )
                )
        elif person.proposed_grade is not None:
            grades[person.id] = person.proposed_grade
            findings.extend(proposed_grade_findings(person, scores.get(person.id), policy))

    fixed_good = sum(1 for grade in grades.values() if grade == GOOD)
    direct_good = sum(1 for person in people if person.direct_grade == GOOD)
    limit = make_quota(GOOD, GOOD, len(people), policy.good_ratio, 0, policy.rounding).limit
    places = max(limit - fixed_good, 0)

    open_people = [person for person in people if person.id not in grades]
    candidates: list[Person] = []
    for person in open_people:
        score = scores.get(person.id)
        if score is None:
            grades[person.id] = None
            findings.append(
                Finding(
                    severity="error",
                    code="score_missing",
                    person_id=person.id,
                    clause="三(一)",
                    message=f"{who(person)}既未填写KPI、BPI、OPI得分，也未提出考核等次，无法确定平时考核结果",
                )
            )
            continue
        band = score_band(score, policy)
        grades[person.id] = band
        if band == GOOD:
            candidates.append(person)

    candidates.sort(key=lambda person: scores[person.id], reverse=True)  # stable: input order breaks ties
    admitted, over = candidates[:places], candidates[places:]
    for person in over:
        grades[person.id] = FAIR
        findings.append(
            Finding(
                severity="info",
                code="good_over_quota",
                person_id=person.id,
                clause="四(三)",
                message=(
                    f"{who(person)}得分{_points(scores[person.id])}，在好等次限额{limit}人之外，确定为较好等次"
                ),
            )
        )
    if admitted and over and scores[admitted[-1].id] == scores[over[0].id]:
        boundary = scores[over[0].id]
        tied = [person for person in candidates if scores[person.id] == boundary]
        findings.append(tie_finding(tied, boundary, limit))

    used = fixed_good + len(admitted)
    quota = make_quota(GOOD, GOOD, len(people), policy.good_ratio, used, policy.rounding)
    if not quota.ok:
        note = f"（其中直接确定{direct_good}人）" if direct_good else ""
        findings.append(quota_exceeded(quota, "好等次", "四(三)", note=note))
    return grades, quota, findings


def tie_finding(tied: Sequence[Person], boundary: Decimal, limit: int) -> Finding:
    """A tie on the 好 boundary: the seed has no tie-break, so the 考核领导小组 decides (四(三))."""
    names = "、".join(who(person) for person in tied)
    return Finding(
        severity="warning",
        code="quota_tie",
        clause="四(三)",
        message=(
            f"{names}同为{_points(boundary)}，并列于好等次限额{limit}人的分界处，"
            f"暂按名单顺序确定，请考核领导小组研究确定"
        ),
    )


# ---------------------------------------------------------------------------------------- 四(五)


def publicity_findings(request: IndividualRound, policy: Policy) -> list[Finding]:
    """四(五) "将季度考核结果在一定范围内公示，公示期不少于3个工作日" on the official calendar."""
    start, end = request.publicity_start, request.publicity_end
    if start is None:
        return []
    needed = policy.publicity_min_working_days
    try:
        earliest = publicity_end(start, needed)
        days = working_days_between(start, end) if end is not None else None
    except CalendarYearUnsupported as exc:
        return [Finding(severity="error", code="publicity_unverifiable", clause="四(五)", message=exc.detail)]
    if end is None or days is None:
        message = f"公示期不少于{needed}个工作日：自{cn_date(start)}起公示的，最早于{cn_date(earliest)}期满"
        return [Finding(severity="info", code="publicity_period", clause="四(五)", message=message)]
    period = cn_date_range(start, end)
    if days < needed:
        return [
            Finding(
                severity="error",
                code="publicity_too_short",
                clause="四(五)",
                message=(
                    f"公示期{period}仅{days}个工作日，少于{needed}个工作日，"
                    f"差{needed - days}个工作日；应至少公示至{cn_date(earliest)}"
                ),
            )
        ]
    message = f"公示期{period}共{days}个工作日，不少于{needed}个工作日（最早可于{cn_date(earliest)}期满）"
    return [Finding(severity="info", code="publicity_period", clause="四(五)", message=message)]


# ------------------------------------------------------------------------------------- 五(一) 五(二)


def year_grades(person: Person, grade: str | None, quarter: int | None) -> list[str] | None:
    """The four quarterly grades of the year: as given, or three given plus this fourth quarter's.

    In a `quarter: 4` round the fourth quarter's grade is this round's own, whatever a fourth entry says
    (`quarter_conflict_finding` reports a contradicting one)."""
    given: list[str] = list(person.quarter_grades)
    if quarter == 4 and grade is not None and len(given) in (3, 4):
        return [*given[:3], grade]
    if len(given) == 4:
        return given
    return None


def quarter_conflict_finding(person: Person, grade: str | None, quarter: int | None) -> Finding | None:
    """五(二): a fourth `quarter_grades` entry that contradicts the grade this fourth-quarter round gives."""
    given = person.quarter_grades
    if quarter != 4 or grade is None or len(given) != 4 or given[3] == grade:
        return None
    return Finding(
        severity="error",
        code="quarter_grade_conflict",
        person_id=person.id,
        clause="五(二)",
        message=(
            f"{who(person)}第四季度平时考核结果为本轮确定的{grade}等次，所填各季度等次第4项为{given[3]}，"
            f"与之不符；年度挂钩按{grade}计算"
        ),
    )


def annual_outcomes(grades: Sequence[str], policy: Policy) -> list[OutcomeCode]:
    """五(二) "年度考核优秀等次人员在当年平时考核获得[好]等次较多，且无一般等次的公务员中产生。
    当年平时考核结果一般、较差等次累计次数超过一半的，年度考核原则上应当确定为基本称职或者不称职等次。
    当年平时考核结果均为较差等次的，年度考核可以直接确定为不称职等次。"
    """
    count = len(grades)
    good = grades.count(GOOD)
    low = grades.count(AVERAGE) + grades.count(POOR)
    link = policy.annual
    outcomes: list[OutcomeCode] = []
    if good < count * _decimal(link.excellent_min_good_share) or low > 0:
        outcomes.append("annual_not_excellent")
    if low > count * _decimal(link.basic_over_share):
        outcomes.append("annual_basic_or_below")
    if count and grades.count(POOR) == count:
        outcomes.append("annual_incompetent_allowed")
    return outcomes


_ANNUAL_WORDS: dict[str, str] = {
    "annual_not_excellent": "年度考核不能确定为优秀等次",
    "annual_basic_or_below": "年度考核原则上应当确定为基本称职或者不称职等次",
    "annual_incompetent_allowed": "年度考核可以直接确定为不称职等次",
}


def annual_finding(person: Person, grades: Sequence[str], outcomes: Sequence[OutcomeCode]) -> Finding:
    tally = "、".join(f"{grade}{grades.count(grade)}次" for grade in QUARTER_GRADES if grade in grades)
    consequence = "；".join(_ANNUAL_WORDS[code] for code in outcomes) or "年度考核可在优秀等次人选中考虑"
    return Finding(
        severity="info",
        code="annual_link",
        person_id=person.id,
        clause="五(二)",
        message=f"{who(person)}当年平时考核{tally}：{consequence}",
    )


# -------------------------------------------------------------------------------------- evaluate


def evaluate(request: IndividualRound, policy: Policy) -> IndividualResult:
    participants = [person for person in request.people if in_scope(person, policy)]
    scores = {person.id: quarterly_score(person.scores, policy) for person in participants if person.scores}
    grades, quota, findings = assign_grades(participants, scores, policy)
    findings.extend(publicity_findings(request, policy))

    results: list[PersonResult] = []
    for person in request.people:
        if not in_scope(person, policy):
            findings.append(out_of_scope_finding(person, policy))
            results.append(PersonResult(id=person.id, eligible=False, grade=None))
            continue
        grade = grades[person.id]
        outcomes: list[OutcomeCode] = []
        if grade == GOOD:
            outcomes.append("commendation")  # 五(一) "对平时考核结果为好等次的公务员…及时予以表扬"
        conflict = quarter_conflict_finding(person, grade, request.quarter)
        if conflict is not None:
            findings.append(conflict)
        four = year_grades(person, grade, request.quarter)
        if four is not None:
            linked = annual_outcomes(four, policy)
            outcomes.extend(linked)
            findings.append(annual_finding(person, four, linked))
        score = scores.get(person.id)
        results.append(
            PersonResult(
                id=person.id,
                eligible=True,
                grade=grade,
                score=float(score) if score is not None else None,
                outcomes=outcomes,
            )
        )
    return IndividualResult(
        scheme=SCHEME_ID,
        ok=no_errors(findings),
        quotas=[quota],
        people=results,
        findings=findings,
    )


SCHEME = Scheme(
    id=SCHEME_ID,
    name="公务员平时考核",
    seed="002_6eae691e86ed9a7f.txt",
    kind="individual",
    request_model=IndividualRound,
    policy_model=CivilServantQuarterlyPolicy,
    evaluate=evaluate,
    check_payload=check_payload,
)
