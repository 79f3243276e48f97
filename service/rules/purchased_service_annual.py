"""Rules of seed 001_3227ea5220f34209.txt: 政府购买服务人员年度考核 (宝政务中心〔2024〕21号).

Pure functions over the request and the policy (schemas/purchased_service_annual.py); no I/O.
Hard rules (三 eligibility, 四 quotas, 五(六) disqualifications) are errors; 五(七) is soft: a grade above
its ceiling is an error unless the person carries a justification, which is then recorded as a warning
(DESIGN.md §3). The bonus of 六(三) lives in service/rules/purchased_service_bonus.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import cn2an

from schemas.common import Finding, Quota
from schemas.evaluation import Facts, IndividualResult, IndividualRound, OutcomeCode, Person, PersonResult
from schemas.purchased_service_annual import PurchasedServicePolicy as Policy
from schemas.purchased_service_annual import QuotaGrade
from service.cn_format import cn_date
from service.rules.months import months_through
from service.rules.purchased_service_bonus import PriceList, effective_amounts, person_bonus
from service.rules.quota import make_quota, no_errors, quota_exceeded
from service.rules.registry import PayloadProblem, Scheme
from service.rules.scope import not_taking_part, out_of_scope

SCHEME_ID = "purchased-service-annual"


@dataclass(frozen=True)
class Trigger:
    """A 五(六) or 五(七) item that applies to a person, with the figures that made it apply."""

    clause: str
    reason: str


# ----------------------------------------------------------------------------- 三 考核对象


def roster_date(request: IndividualRound, policy: Policy) -> dt.date:
    """三 "截至12月31日": the round's `as_of`, else the policy's cut-off in the appraisal year."""
    return request.as_of or policy.roster_cutoff.on(request.year)


def is_eligible(person: Person, as_of: dt.date) -> bool:
    """三 "截至12月31日本单位所有在岗的政府购买服务人员": on post at the cut-off date."""
    return person.on_roster and (person.joined_on is None or person.joined_on <= as_of)


def in_scope(person: Person, policy: Policy) -> bool:
    """三 "政府购买服务人员": a person whose category is given must be 购买服务 (policy `categories`)."""
    return person.category is None or person.category in policy.categories


def not_on_post_finding(person: Person, as_of: dt.date) -> Finding:
    """三: not on post at the cut-off — an error when the person was graded or recommended."""
    why = f"截至{cn_date(as_of)}不在岗"
    if person.joined_on is not None and person.joined_on > as_of:
        why += f"（到岗日期{cn_date(person.joined_on)}晚于该日）"
    return not_taking_part(person, clause="三", why=f"{why}，不是考核对象", recommended_as="推荐优秀、表扬")


def out_of_scope_finding(person: Person, policy: Policy) -> Finding:
    """三: outside the scheme's population; not counted in the 四 base either way."""
    scope = f"不是本方案的考核对象（三：本方案考核{'、'.join(policy.categories)}人员）"
    return out_of_scope(person, clause="三", scope=scope, recommended_as="推荐优秀、表扬")


def months_on_post(person: Person, year: int, as_of: dt.date) -> float:
    """当年在岗月数 (五(六)4, 六(三)1 "核定到月"): given, else whole months from `joined_on` through the
    cut-off, both days counted as in seed 000 (service/rules/months.py): 07-01 → 12-31 is 6 months,
    07-15 → 12-31 is 5, so 五(六)4 "不满6个月" is never met by rounding a part month up.

    Nobody said otherwise → a full year.
    """
    if person.months_on_post is not None:
        return person.months_on_post
    if person.joined_on is None or person.joined_on <= dt.date(year, 1, 1):
        return 12.0
    return float(min(max(months_through(person.joined_on, as_of), 0), 12))


# ----------------------------------------------------------------------------- 422: shape of a round


def check_payload(request: IndividualRound, policy: Policy) -> list[PayloadProblem]:
    """What makes a round unreadable under seed 001 (HTTP 422, with the path of each bad field).

    A person of another category is not malformed: 三 makes them out of scope, a finding."""
    problems: list[PayloadProblem] = []
    cutoff = policy.roster_cutoff.on(request.year)
    if request.as_of is not None and request.as_of.year != cutoff.year:
        problems.append(
            (("as_of",), f"截止日期应在{cutoff.year}年内（三 截至{cutoff.month}月{cutoff.day}日）")
        )
    grades = "、".join(policy.grades)
    amounts = effective_amounts(request, policy)
    for index, person in enumerate(request.people):
        at = ("people", index)
        if person.proposed_grade is not None and person.proposed_grade not in policy.grades:
            problems.append(
                ((*at, "proposed_grade"), f"'{person.proposed_grade}' 不是本方案的等次，可选：{grades}（四）")
            )
        problems.extend(_prior_grade_problems(request.year, person, policy, at))
        if person.last_wage_step_year is not None and person.last_wage_step_year > request.year:
            problems.append(((*at, "last_wage_step_year"), f"上次晋升年度不能晚于考核年度{request.year}"))
        problems.extend(_already_deducted_problems(person.facts, (*at, "facts", "already_deducted")))
        if (
            person.allowance_level is not None
            and amounts is not None
            and person.allowance_level not in amounts.allowance_month
        ):
            known = "、".join(amounts.allowance_month) or "无"
            problems.append(
                ((*at, "allowance_level"), f"岗位级别「{person.allowance_level}」没有津贴额度，已有：{known}")
            )
    return problems


def _prior_grade_problems(
    year: int, person: Person, policy: Policy, at: tuple[str | int, ...]
) -> list[PayloadProblem]:
    problems: list[PayloadProblem] = []
    seen: set[int] = set()
    for index, prior in enumerate(person.prior_grades):
        where = (*at, "prior_grades", index)
        if prior.grade not in policy.grades:
            problems.append(
                ((*where, "grade"), f"'{prior.grade}' 不是本方案的等次，可选：{'、'.join(policy.grades)}")
            )
        if prior.year >= year:
            problems.append(((*where, "year"), f"往年等次的年份应早于考核年度{year}"))
        elif prior.year in seen:
            problems.append(((*where, "year"), f"{prior.year}年的等次重复"))
        seen.add(prior.year)
    return problems


def _already_deducted_problems(facts: Facts, at: tuple[str | int, ...]) -> list[PayloadProblem]:
    labels = {"bad_reviews": "差评", "complaints": "投诉", "other_violations": "其他违规"}
    problems: list[PayloadProblem] = []
    for key, label in labels.items():
        taken, counted = getattr(facts.already_deducted, key), getattr(facts, key)
        if taken > counted:
            problems.append(((*at, key), f"月度已扣{label}{taken}个，多于全年{label}{counted}个"))
    return problems


# ----------------------------------------------------------------------------- 五(六) / 五(七)


def excellent_disqualifications(facts: Facts, months: float, policy: Policy) -> list[Trigger]:
    """五(六) "有下列情况之一的，取消当年'优秀'评选资格" (hard)."""
    rule = policy.excellent_disqualification
    found: list[Trigger] = []
    if facts.bad_reviews >= rule.bad_reviews_min:  # 1. 三星以下"差评"，核实为自身责任
        found.append(Trigger("五(六)1", f"“好差评”差评{facts.bad_reviews}个"))
    if facts.complaints >= rule.complaints_min:  # 2. 被投诉且经核实确定为自身责任
        found.append(Trigger("五(六)2", f"被投诉{facts.complaints}次"))
    if facts.personal_leave_days > rule.personal_leave_days_max:  # 3. 当年事假天数超过5天
        days, limit = _number(facts.personal_leave_days), _number(rule.personal_leave_days_max)
        found.append(Trigger("五(六)3", f"事假{days}天，超过{limit}天"))
    if months < rule.months_on_post_min:  # 4. 当年在岗时间不满6个月
        found.append(
            Trigger("五(六)4", f"当年在岗{_number(months)}个月，不满{_number(rule.months_on_post_min)}个月")
        )
    if facts.violation_notices > rule.violation_notices_max:  # 5. 被通报超过3次
        found.append(
            Trigger("五(六)5", f"被通报{facts.violation_notices}次，超过{rule.violation_notices_max}次")
        )
    if facts.refused_tasks >= rule.refused_tasks_min:  # 6. 对中心布置的工作要求拒不执行
        found.append(Trigger("五(六)6", f"拒不执行工作要求{facts.refused_tasks}次"))
    return found


def basic_or_fail_triggers(facts: Facts, policy: Policy) -> list[Trigger]:
    """五(七) "有下列情况之一的，视情可确定为'基本合格'或'不合格'" (soft)."""
    rule = policy.basic_or_fail
    found: list[Trigger] = []
    # 1. "好差评"评价及各类投诉中经核实为自身责任，数量大于等于5个
    reviews_and_complaints = facts.bad_reviews + facts.complaints
    if reviews_and_complaints >= rule.reviews_and_complaints_min:
        found.append(
            Trigger(
                "五(七)1",
                f"差评和投诉共{reviews_and_complaints}个，达到{rule.reviews_and_complaints_min}个",
            )
        )
    if facts.major_negative_inspection:
        found.append(Trigger("五(七)2", "明察暗访中被通报，造成重大负面影响"))
    if facts.late_or_disobey > rule.late_or_disobey_max:  # 3. 超过5次
        found.append(
            Trigger(
                "五(七)3",
                f"不服从工作安排或不按时完成任务{facts.late_or_disobey}次，超过{rule.late_or_disobey_max}次",
            )
        )
    if facts.serious_violation_unrectified:
        found.append(Trigger("五(七)4", "严重违反中心管理制度且拒不整改"))
    if facts.major_loss:
        found.append(Trigger("五(七)5", "因工作失职造成单位重大损失"))
    if facts.reputation_damage:
        found.append(Trigger("五(七)6", "破坏单位名誉及信用，造成恶劣影响"))
    if facts.monthly_low_or_patrol > rule.monthly_low_or_patrol_max:  # 7. 合计超过5次以上
        found.append(
            Trigger(
                "五(七)7",
                f"月度考核基本合格/不合格及巡查通报共{facts.monthly_low_or_patrol}次，"
                f"超过{rule.monthly_low_or_patrol_max}次",
            )
        )
    return found


def grade_findings(
    person: Person, disqualified: list[Trigger], triggered: list[Trigger], policy: Policy
) -> list[Finding]:
    """Check a proposed grade against 五(六) (hard) and 五(七) (soft, justification allowed)."""
    grade = person.proposed_grade
    if grade is None:
        return []
    findings = []
    if grade == "优秀":
        findings += [
            Finding(
                severity="error",
                code="excellent_disqualified",
                person_id=person.id,
                clause=t.clause,
                message=f"{person.name}{t.reason}，取消当年“优秀”评选资格，不能评为优秀",
            )
            for t in disqualified
        ]
    ceiling = policy.basic_or_fail.ceiling
    if triggered and policy.rank(grade) < policy.rank(ceiling):
        for t in triggered:
            if person.justification:
                findings.append(
                    Finding(
                        severity="warning",
                        code="soft_ceiling_justified",
                        person_id=person.id,
                        clause=t.clause,
                        message=f"{person.name}{t.reason}，视情可定为{ceiling}或不合格；"
                        f"拟定{grade}，理由：{person.justification}",
                    )
                )
            else:
                findings.append(
                    Finding(
                        severity="error",
                        code="soft_ceiling_exceeded",
                        person_id=person.id,
                        clause=t.clause,
                        message=f"{person.name}{t.reason}，视情可定为{ceiling}或不合格，拟定{grade}"
                        f"高出{policy.rank(ceiling) - policy.rank(grade)}个等次；如确需保留，请填写理由",
                    )
                )
    return findings


def given_grade(person: Person, triggered: list[Trigger], policy: Policy) -> str:
    """The proposed grade, else 合格 — or the 五(七) ceiling (基本合格) when an item of 五(七) applies."""
    if person.proposed_grade is not None:
        return person.proposed_grade
    return policy.basic_or_fail.ceiling if triggered else policy.default_grade


# ----------------------------------------------------------------------------- 六(一) 六(二) 六(四)


def grade_history(year: int, grade: str, person: Person) -> dict[int, str]:
    return {**{prior.year: prior.grade for prior in person.prior_grades}, year: grade}


@dataclass
class WageStepCount:
    """六(一) run of the two counters, year by year since the last step."""

    due: bool = False
    runs: dict[str, list[int]] = field(default_factory=dict)
    earlier_steps: list[int] = field(default_factory=list)


def wage_step(
    year: int, history: dict[int, str], last_step_year: int | None, policy: Policy
) -> WageStepCount:
    """六(一) "连续两年评为优秀的，岗位工资可晋升一级；连续四年评为表扬的，岗位工资可晋升一级。
    当年度晋升后，所有晋升模式全部重新计算".

    Years count only after the last step; a missing year breaks a run; a step the history shows
    (even one nobody recorded in `last_wage_step_year`) restarts both counters.
    """
    rule = policy.wage_step
    first = last_step_year + 1 if last_step_year is not None else min(history)
    excellent = praise = 0  # lengths of the runs ending in `current`
    count = WageStepCount()
    for current in range(first, year + 1):
        grade = history.get(current)
        excellent = excellent + 1 if grade == "优秀" else 0
        praised = grade == "表扬" or (rule.praise_run_includes_excellent and grade == "优秀")
        praise = praise + 1 if praised else 0
        met = {
            key: list(range(current - run + 1, current + 1))
            for key, run, needed in (
                ("优秀", excellent, rule.excellent_years),
                ("表扬", praise, rule.praise_years),
            )
            if run >= needed
        }
        if not met:
            continue
        if current == year:
            return WageStepCount(due=True, runs=met, earlier_steps=count.earlier_steps)
        count.earlier_steps.append(current)
        excellent = praise = 0
    return count


def termination_clause(year: int, history: dict[int, str], policy: Policy) -> Trigger | None:
    """六(二) "1.连续两年考核等次为基本合格。2.当年度考核等次为不合格" → 退回劳务派遣单位."""
    rule = policy.termination

    def run_of(grade: str, years: int) -> bool:
        return all(history.get(year - back) == grade for back in range(years))

    if run_of("不合格", rule.fail_years):
        return Trigger("六(二)2", "当年度考核等次为不合格")
    if run_of("基本合格", rule.basic_pass_years):
        return Trigger("六(二)1", f"连续{rule.basic_pass_years}年考核等次为基本合格")
    return None


def commendation_outcomes(grade: str, dedication_award: bool, policy: Policy) -> list[OutcomeCode]:
    """六(四) "获得年度优秀、表扬和敬业奉献奖，由本单位进行表彰，颁发荣誉证书"."""
    rule = policy.commendation
    if grade in rule.grades or (dedication_award and rule.dedication_award):
        return ["commendation", "certificate"]
    return []


def _years(years: Iterable[int]) -> str:
    return "、".join(f"{y}年" for y in years)


def history_findings(
    person: Person, year: int, grade: str, policy: Policy
) -> tuple[list[OutcomeCode], list[Finding]]:
    history = grade_history(year, grade, person)
    outcomes: list[OutcomeCode] = []
    findings: list[Finding] = []
    step = wage_step(year, history, person.last_wage_step_year, policy)
    for earlier in step.earlier_steps:
        findings.append(
            Finding(
                severity="info",
                code="wage_step_counted_earlier",
                person_id=person.id,
                clause="六(一)",
                message=f"{person.name}按往年等次已于{earlier}年满足晋升条件，"
                f"晋升模式自{earlier + 1}年重新计算",
            )
        )
    if step.due:
        outcomes.append("wage_step")
        grade_run = next(iter(step.runs))
        years = step.runs[grade_run]
        findings.append(
            Finding(
                severity="info",
                code="wage_step",
                person_id=person.id,
                clause="六(一)",
                message=f"{person.name}{_years(years)}连续{len(years)}年评为{grade_run}，"
                f"岗位工资可晋升{cn2an.an2cn(policy.wage_step.steps)}级",
            )
        )
    ended = termination_clause(year, history, policy)
    if ended is not None:
        outcomes += ["termination", "return_dispatching_unit"]
        findings.append(
            Finding(
                severity="warning",
                code="termination",
                person_id=person.id,
                clause=ended.clause,
                message=f"{person.name}{ended.reason}，提请中心领导班子会议讨论决定退回劳务派遣单位，"
                "建议劳务派遣单位解除劳动关系",
            )
        )
    outcomes += commendation_outcomes(grade, person.dedication_award, policy)
    return outcomes, findings


# ----------------------------------------------------------------------------- 四 quotas


def grade_quotas(results: list[PersonResult], policy: Policy) -> tuple[list[Quota], list[Finding]]:
    """四 "优秀名额比率不超过10%，表扬名额比率不超过15%", of the eligible participants."""
    eligible = [r for r in results if r.eligible]
    quotas: list[Quota] = []
    findings: list[Finding] = []
    grade: QuotaGrade
    for grade, cap in policy.quotas.items():
        used = sum(1 for r in eligible if r.grade == grade)
        quota = make_quota(grade, grade, len(eligible), cap.ratio, used, policy.rounding_of(grade))
        quotas.append(quota)
        if not quota.ok:
            findings.append(quota_exceeded(quota, grade, "四"))
    return quotas, findings


# ----------------------------------------------------------------------------- the round


def _number(value: float) -> str:
    return f"{value:g}"


def evaluate_person(
    person: Person, year: int, as_of: dt.date, prices: PriceList | None, policy: Policy
) -> tuple[PersonResult, list[Finding]]:
    """One person: eligibility (三), grade (五(六), 五(七)), history (六(一)(二)), 六(三) bonus, 六(四)."""
    if not in_scope(person, policy):
        return PersonResult(id=person.id, eligible=False, grade=None), [out_of_scope_finding(person, policy)]
    if not is_eligible(person, as_of):
        return PersonResult(id=person.id, eligible=False, grade=None), [not_on_post_finding(person, as_of)]
    months = months_on_post(person, year, as_of)
    disqualified = excellent_disqualifications(person.facts, months, policy)
    triggered = basic_or_fail_triggers(person.facts, policy)
    findings = grade_findings(person, disqualified, triggered, policy)
    grade = given_grade(person, triggered, policy)
    if person.proposed_grade is None and triggered:
        findings.append(
            Finding(
                severity="info",
                code="basic_or_fail_possible",
                person_id=person.id,
                clause=triggered[0].clause,
                message=f"{person.name}{'；'.join(t.reason for t in triggered)}，"
                f"视情可确定为{policy.basic_or_fail.ceiling}或不合格，暂定{grade}",
            )
        )
    outcomes, history = history_findings(person, year, grade, policy)
    bonus = None
    if prices is not None:
        bonus = person_bonus(
            grade=grade,
            months=months,
            facts=person.facts,
            allowance_level=person.allowance_level,
            dedication_award=person.dedication_award,
            prices=prices,
        )
    result = PersonResult(id=person.id, eligible=True, grade=grade, outcomes=outcomes, bonus=bonus)
    return result, findings + history


def evaluate(request: IndividualRound, policy: Policy) -> IndividualResult:
    """A whole round: every person, then 四's quotas over the grades given; `ok` when no error."""
    as_of = roster_date(request, policy)
    amounts = effective_amounts(request, policy)
    prices = (
        None
        if amounts is None
        else PriceList.of(amounts, policy.bonus.deductions, policy.bonus.months_rounding)
    )
    people: list[PersonResult] = []
    findings: list[Finding] = []
    for person in request.people:
        result, found = evaluate_person(person, request.year, as_of, prices, policy)
        people.append(result)
        findings += found
    quotas, over = grade_quotas(people, policy)
    findings = over + findings
    return IndividualResult(
        scheme=SCHEME_ID,
        ok=no_errors(findings),
        quotas=quotas,
        people=people,
        findings=findings,
    )


SCHEME = Scheme(
    id=SCHEME_ID,
    name="政府购买服务人员年度考核",
    seed="001_3227ea5220f34209.txt",
    kind="individual",
    request_model=IndividualRound,
    policy_model=Policy,
    evaluate=evaluate,
    check_payload=check_payload,
)
