"""The rules of seed 000 (000_202f48eaffbe9a1b.txt): 常驻人员年度考核, notice 宝行政中心〔2022〕17号.

Pure functions from a round (`IndividualRound`) and the policy (`ResidentAnnualPolicy`) to results;
every finding cites its clause. Decisions the seed leaves open (DESIGN.md §3):

- 二: a person takes part if on the roster at the cut-off date **or** at the centre ≥ 6 whole months by
  it, the joining day and the cut-off day both counted (service/rules/months.py, shared with 001);
  eligibility is hard: a non-participant who is graded, recommended or 先进个人 is an error. A person of
  a category the scheme does not appraise (购买服务) is out of scope: a finding, not a 422.
- 四: a proposed grade of another category's set (合格 for a 公务员) is an error finding and the rules
  give the grade; a grade of no set of this scheme (表扬, 好) is malformed input (422).
- 四: 其他 staff use the 事业 grade names and are in no 优秀 pool unless the policy adds one; 四(二)'s
  事业 20% is of the 事业 participants unless the pool's `base` says all participants.
- 五(二)3: a department recommends per 编制性质 group; heads are not counted, because 五(三) has the
  centre evaluate them; departments the centre evaluates directly (五(二)5) recommend nobody.
- 五(六): soft — a grade above 基本称职/基本合格 is an error unless the person carries a justification.
- Quotas are hard; a grade over quota stays as proposed and the round is not `ok`.
- 七(四): 其他性质 staff are 编外 unless the roster says 在编 (schemas/evaluation.py `Person`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from schemas.common import Finding, Quota
from schemas.evaluation import IndividualResult, IndividualRound, OutcomeCode, Person, PersonResult
from schemas.resident_annual import RESIDENT_CATEGORIES, GradeLadder, ResidentAnnualPolicy
from service.cn_format import cn_date
from service.rules.months import months_through
from service.rules.quota import make_quota, no_errors, quota_exceeded
from service.rules.registry import PayloadProblem, Scheme
from service.rules.scope import not_taking_part, out_of_scope, who

SCHEME_ID = "resident-annual"
Policy = ResidentAnnualPolicy


# ---------------------------------------------------------------------------------------------- 二


def cut_off_date(request: IndividualRound, policy: Policy) -> dt.date:
    """二 "2022年11月30日在册": the policy's month-day in the round's year; `as_of` overrides it."""
    return request.as_of or policy.cut_off_date(request.year)


def is_eligible(person: Person, cut_off: dt.date, min_months: int) -> bool:
    """二 "在册或在中心工作满6个月以上的所有常驻人员": on the roster at the cut-off, or ≥ 6 whole months
    at the centre by it, the joining day and the cut-off day both counted (06-01 → 11-30 is 6 months)."""
    if person.on_roster:
        return True
    return person.joined_on is not None and months_through(person.joined_on, cut_off) >= min_months


def ineligible_finding(person: Person, cut_off: dt.date, min_months: int) -> Finding:
    """二: not on the roster and short of the months; an error when the person was graded or put forward."""
    joined = person.joined_on
    if joined is None:
        stay = "且未填写进驻日期"
    elif joined > cut_off:
        stay = f"且进驻日期{cn_date(joined)}晚于该日"
    else:
        months = months_through(joined, cut_off)
        stay = f"且自{cn_date(joined)}进驻至该日在中心工作{months}个月，不满{min_months}个月"
    return not_taking_part(
        person,
        clause="二",
        why=f"{cn_date(cut_off)}不在册，{stay}",
        recommended_as="初评推荐优秀",
    )


def in_scope(person: Person, policy: Policy) -> bool:
    """二 "常驻人员": the categories of 四 (公务员、参公、事业、其他); 购买服务 belong to seed 001."""
    return person.category in policy.grade_sets


def out_of_scope_finding(person: Person) -> Finding:
    """二: not a 常驻人员 of this scheme (购买服务 staff are appraised under seed 001)."""
    scope = f"不属于常驻人员年度考核范围（二：{'、'.join(RESIDENT_CATEGORIES)}性质的常驻人员）"
    instead = "，应按「政府购买服务人员年度考核」考核" if person.category == "购买服务" else ""
    return out_of_scope(person, clause="二", scope=scope, recommended_as="初评推荐优秀", instead=instead)


# ------------------------------------------------------------------------------------ 五(二)5, 五(三)


def centre_evaluated_departments(participants: Sequence[Person]) -> dict[str, str]:
    """五(二)5 "部门常驻人员为1人的，或未明确负责人的，由中心直接组织评比": department → why."""
    members: dict[str, list[Person]] = defaultdict(list)
    for person in participants:
        if person.department:
            members[person.department].append(person)
    reasons: dict[str, str] = {}
    for department, people in members.items():
        if len(people) == 1:
            reasons[department] = "常驻人员为1人"
        elif not any(p.is_head for p in people):
            reasons[department] = "未明确负责人"
    return reasons


def is_evaluated_by_centre(person: Person, centre_departments: dict[str, str]) -> bool:
    """Heads (五(三) "科长或负责人由中心组织考评"), people of a 五(二)5 department, and people with no
    department: the centre evaluates them; a head's 初评 does not."""
    return person.is_head or not person.department or person.department in centre_departments


def centre_findings(participants: Sequence[Person], centre_departments: dict[str, str]) -> list[Finding]:
    findings = [
        Finding(
            severity="info",
            code="evaluated_by_centre",
            department_id=department,
            clause="五(二)5",
            message=f"{department}{reason}，由中心直接组织评比",
        )
        for department, reason in centre_departments.items()
    ]
    findings += [
        Finding(
            severity="info",
            code="evaluated_by_centre",
            person_id=person.id,
            clause="五(二)5",
            message=f"{who(person)}未填写部门，由中心直接组织评比",
        )
        for person in participants
        if not person.department
    ]
    return findings


# -------------------------------------------------------------------------------------------- 五(二)3


def recommendation_quotas(
    participants: Sequence[Person], centre_departments: dict[str, str], policy: Policy
) -> tuple[list[Quota], list[Finding]]:
    """五(二)3 "初评优秀人员的推荐比例：公务员(参公)、事业编制为20%、其他性质为10%，按比例不满1人的可推荐1人".

    One quota per department and 编制性质 group, over the people that department's 初评 covers.
    """
    rule = policy.recommendation
    groups: dict[tuple[str, str], list[Person]] = defaultdict(list)
    findings: list[Finding] = []
    for person in participants:
        covered = person.department and person.department not in centre_departments
        if covered and (rule.heads_counted or not person.is_head):
            group = policy.recommendation_group_of(person.category or "")
            groups[(person.department or "", group.key)].append(person)
        elif person.recommended:
            findings.append(
                Finding(
                    severity="info",
                    code="recommendation_not_applicable",
                    person_id=person.id,
                    clause="五(三)" if person.is_head else "五(二)5",
                    message=f"{who(person)}由中心直接考评，不占部门初评推荐名额",
                )
            )
    quotas: list[Quota] = []
    labels = {group.key: group for group in rule.groups}
    for (department, key), people in groups.items():
        group = labels[key]
        quota = make_quota(
            f"推荐:{department}:{key}",
            "优秀",
            base=len(people),
            ratio=group.ratio,
            used=sum(p.recommended for p in people),
            rounding=policy.rounding,
            at_least_one=rule.at_least_one,
        )
        quotas.append(quota)
        if not quota.ok:
            subject = f"{department}{group.label}初评推荐优秀"
            findings.append(quota_exceeded(quota, subject, rule.clause, department_id=department))
    return quotas, findings


# -------------------------------------------------------------------------------------- 四, 五(六)


def ladder_of(person: Person, policy: Policy) -> GradeLadder:
    return policy.grade_sets[person.category]  # type: ignore[index]  # participants are in_scope (二)


def scheme_grades(policy: Policy) -> list[str]:
    """Every grade of 四 in this scheme, best first: the union of the categories' sets."""
    grades: list[str] = []
    for ladder in policy.grade_sets.values():
        grades += [grade for grade in ladder.grades if grade not in grades]
    return grades


def wrong_category_grade_finding(person: Person, ladder: GradeLadder, given: str) -> Finding:
    """四(一)(二): each category has its own four grades; 合格 is not a 公务员's grade, 称职 not a 事业's."""
    *better, worst = ladder.grades
    return Finding(
        severity="error",
        code="grade_not_in_category",
        person_id=person.id,
        clause="四",
        message=f"{person.name}（{person.category}）的等次应为{'、'.join(better)}或{worst}，"
        f"不能是{person.proposed_grade}；按规则确定为{given}",
    )


def grade_of(person: Person, ladder: GradeLadder, policy: Policy) -> tuple[str, list[Finding]]:
    """The grade the rules give, or the proposed grade checked against 四 and 五(六).

    四: a proposed grade of another category's set is an error and is replaced by the grade the rules
    give (the category's normal grade, capped by 五(六)).
    五(六) "有下列情况之一的，视情可确定为基本称职(基本合格)或不称职(不合格)": soft (DESIGN.md §3) —
    above the ceiling is an error, unless a justification is given, which the warning records.
    """
    conditions = sorted(set(person.conditions))
    rules_grade = ladder.basic if conditions else ladder.normal
    if person.proposed_grade is None:
        return rules_grade, []
    if person.proposed_grade not in ladder.grades:
        return rules_grade, [wrong_category_grade_finding(person, ladder, rules_grade)]
    grade = person.proposed_grade
    if not conditions or ladder.rank(grade) >= ladder.rank(ladder.basic):
        return grade, []
    items = "、".join(str(n) for n in conditions)
    texts = "；".join(policy.conditions[n] for n in conditions)
    base = (
        f"{who(person)}有五(六)第{items}项情形（{texts}），视情可确定为{ladder.basic}或{ladder.incompetent}，"
        f"拟定等次{grade}高于{ladder.basic}"
    )
    if person.justification:
        finding = Finding(
            severity="warning",
            code="soft_ceiling_justified",
            person_id=person.id,
            clause=f"五(六){items}",
            message=f"{base}；已记录理由：{person.justification}",
        )
    else:
        finding = Finding(
            severity="error",
            code="soft_ceiling_exceeded",
            person_id=person.id,
            clause=f"五(六){items}",
            message=f"{base}，且未说明理由",
        )
    return grade, [finding]


# -------------------------------------------------------------------------------- 四(一)(二), 五(五)


def excellent_quotas(
    participants: Sequence[Person], grades: dict[str, str], policy: Policy
) -> tuple[list[Quota], list[Finding]]:
    """四(一) 公务员(参公) "优秀的比例按全体参加考核的公务员(参公)编制人数的20%确定";
    四(二) 事业 "优秀的比例不超过中心参加年度考核人数的20%" — of the 事业 participants unless the pool's
    `base` is `all_participants`. A category in no pool has no 优秀 (四: 其他 by default)."""
    quotas: list[Quota] = []
    findings: list[Finding] = []
    for pool in policy.excellent_pools:
        members = [p for p in participants if p.category in pool.categories]
        excellent = policy.grade_sets[pool.categories[0]].excellent
        # 四(二) "中心参加年度考核人数": the pool's own participants by default, every participant by choice.
        base = len(participants) if pool.base == "all_participants" else len(members)
        quota = make_quota(
            f"优秀:{pool.key}",
            excellent,
            base=base,
            ratio=pool.ratio,
            used=sum(grades[p.id] == excellent for p in members),
            rounding=policy.rounding,
        )
        quotas.append(quota)
        if not quota.ok:
            findings.append(quota_exceeded(quota, f"{pool.label}{excellent}", pool.clause))
    for person in participants:
        ladder = ladder_of(person, policy)
        if grades[person.id] == ladder.excellent and policy.pool_of(person.category or "") is None:
            findings.append(
                Finding(
                    severity="error",
                    code="no_excellent_quota",
                    person_id=person.id,
                    clause="四",
                    message=f"{who(person)}为{person.category}性质人员，四(一)(二)只规定公务员(参公)、事业编制的"
                    f"优秀比例，不在优秀名额范围内，不能确定为{ladder.excellent}（先进个人不分编制性质，见四(三)）",
                )
            )
    return quotas, findings


def quarterly_excellent_warnings(
    participants: Sequence[Person], grades: dict[str, str], policy: Policy
) -> list[Finding]:
    """五(五) "年度考核确定为优秀等次的，应当从当年度季度考核优秀较多的人员中产生": a warning when someone
    graded 优秀 has fewer quarterly 优秀 than someone in the same pool who is not."""
    findings: list[Finding] = []
    for pool in policy.excellent_pools:
        excellent = policy.grade_sets[pool.categories[0]].excellent
        counted = [
            p for p in participants if p.category in pool.categories and p.quarterly_excellent is not None
        ]
        others = [p for p in counted if grades[p.id] != excellent]
        if not others:
            continue
        best_other = max(others, key=lambda p: p.quarterly_excellent or 0)
        for person in counted:
            if grades[person.id] == excellent and (person.quarterly_excellent or 0) < (
                best_other.quarterly_excellent or 0
            ):
                findings.append(
                    Finding(
                        severity="warning",
                        code="fewer_quarterly_excellent",
                        person_id=person.id,
                        clause="五(五)",
                        message=f"{who(person)}拟定{excellent}，季度考核优秀{person.quarterly_excellent}次，"
                        f"少于同一名额范围内未拟定{excellent}的{who(best_other)}"
                        f"（{best_other.quarterly_excellent}次）",
                    )
                )
    return findings


# -------------------------------------------------------------------------------------------- 四(三)


def advanced_quota(
    participants: Sequence[Person], grades: dict[str, str], policy: Policy
) -> tuple[Quota, list[Finding]]:
    """四(三) "先进个人的比例按参加考核人员总人数的10%确定，公务员(参公)、事业编制的优秀人员可重复评选"."""
    rule = policy.advanced
    advanced = [p for p in participants if p.advanced]
    quota = make_quota("先进个人", "先进个人", len(participants), rule.ratio, len(advanced), policy.rounding)
    findings: list[Finding] = []
    if not quota.ok:
        findings.append(quota_exceeded(quota, "先进个人", rule.clause))
    for person in advanced:
        ladder = ladder_of(person, policy)
        grade = grades[person.id]
        if grade == ladder.excellent and not rule.overlap_with_excellent:
            findings.append(
                Finding(
                    severity="error",
                    code="advanced_overlaps_excellent",
                    person_id=person.id,
                    clause=rule.clause,
                    message=f"{who(person)}已确定为{grade}，本轮方案不允许同时评为先进个人",
                )
            )
        elif ladder.rank(grade) > ladder.rank(ladder.normal):
            findings.append(
                Finding(
                    severity="warning",
                    code="advanced_with_low_grade",
                    person_id=person.id,
                    clause=rule.clause,
                    message=f"{who(person)}考核等次为{grade}，同时被评为先进个人，请核实",
                )
            )
    return quota, findings


# ---------------------------------------------------------------------------------------------- 七


def outcomes_of(person: Person, grade: str, ladder: GradeLadder) -> tuple[list[OutcomeCode], list[Finding]]:
    """七 考核结果运用.

    (一) 区内单位的公务员(参公) → 区委组织部, 事业编制 → 区人社局, 同时抄送各派出单位;
    (二) 市条线单位及其他性质的工作人员 → 反馈至派出单位; (三) 先进个人 → 表彰;
    (四) 基本称职(基本合格) → 调整人员的建议书; 不称职(不合格): 在编按组织部、人社局规定,
    不在编退回派出单位，不允许再次派驻中心.
    """
    outcomes: list[OutcomeCode] = []
    findings: list[Finding] = []
    if person.category == "其他" or person.unit_kind in ("市条线", "其他"):
        outcomes.append("feedback_dispatching_unit")
    elif person.unit_kind == "区内":
        report: OutcomeCode = "report_hrss" if person.category == "事业" else "report_organization_dept"
        outcomes += [report, "copy_dispatching_unit"]
    else:
        findings.append(
            Finding(
                severity="warning",
                code="unit_kind_missing",
                person_id=person.id,
                clause="七(一)",
                message=f"{who(person)}未填写派出单位类型（区内、市条线、其他），无法确定考核结果报送去向",
            )
        )
    if person.advanced:
        outcomes += ["commendation", "certificate"]
    if grade == ladder.basic:
        outcomes.append("adjustment_letter")
    elif grade == ladder.incompetent and not person.in_establishment:
        outcomes += ["return_dispatching_unit", "no_redispatch"]
    elif grade == ladder.incompetent:
        findings.append(
            Finding(
                severity="info",
                code="incompetent_in_establishment",
                person_id=person.id,
                clause="七(四)",
                message=f"{who(person)}确定为{grade}，系在编人员，按区委组织部、区人力资源和社会保障局相关规定执行",
            )
        )
    return outcomes, findings


# ---------------------------------------------------------------------------------------- the round


def check_payload(request: IndividualRound, policy: Policy) -> list[PayloadProblem]:
    """Malformed input → 422: a cut-off (`as_of`) outside the round's year, a missing category, a grade
    of no set of 四 (表扬, 好), a 五(六) item that does not exist. A category out of scope (二) or a grade of
    another category's set (四) are findings."""
    problems: list[PayloadProblem] = []
    cut_off = policy.cut_off_date(request.year)
    if request.as_of is not None and request.as_of.year != request.year:
        problems.append(
            (
                ("as_of",),
                f"截止日期应在{request.year}年内（二 {cn_date(cut_off)}在册），现为{cn_date(request.as_of)}",
            )
        )
    categories = "、".join(RESIDENT_CATEGORIES)
    grades = scheme_grades(policy)
    for index, person in enumerate(request.people):
        if person.category is None:
            problems.append((("people", index, "category"), f"缺少编制性质，可选：{categories}"))
        if person.proposed_grade is not None and person.proposed_grade not in grades:
            problems.append(
                (
                    ("people", index, "proposed_grade"),
                    f"'{person.proposed_grade}' 不是常驻人员年度考核的等次，可选：{'、'.join(grades)}（四）",
                )
            )
        for position, number in enumerate(person.conditions):
            if number not in policy.conditions:
                problems.append((("people", index, "conditions", position), f"五(六)没有第{number}项情形"))
    return problems


def evaluate(request: IndividualRound, policy: Policy) -> IndividualResult:
    """One round of 常驻人员年度考核: eligibility, grades, quotas, recommendations and outcomes."""
    cut_off = cut_off_date(request, policy)
    findings: list[Finding] = []
    participants: list[Person] = []
    for person in request.people:
        if not in_scope(person, policy):
            findings.append(out_of_scope_finding(person))
        elif is_eligible(person, cut_off, policy.min_months):
            participants.append(person)
        else:
            findings.append(ineligible_finding(person, cut_off, policy.min_months))

    grades: dict[str, str] = {}
    for person in participants:
        grades[person.id], soft = grade_of(person, ladder_of(person, policy), policy)
        findings += soft

    centre_departments = centre_evaluated_departments(participants)
    findings += centre_findings(participants, centre_departments)

    quotas, quota_findings = excellent_quotas(participants, grades, policy)
    findings += quota_findings
    advanced, advanced_findings = advanced_quota(participants, grades, policy)
    quotas.append(advanced)
    findings += advanced_findings
    recommended, recommendation_findings = recommendation_quotas(participants, centre_departments, policy)
    quotas += recommended
    findings += recommendation_findings
    if policy.quarterly_excellent_check:
        findings += quarterly_excellent_warnings(participants, grades, policy)

    results: list[PersonResult] = []
    participant_ids = {p.id for p in participants}
    for person in request.people:
        if person.id not in participant_ids:
            results.append(PersonResult(id=person.id, eligible=False, grade=None))
            continue
        outcomes, outcome_findings = outcomes_of(person, grades[person.id], ladder_of(person, policy))
        findings += outcome_findings
        results.append(
            PersonResult(
                id=person.id,
                eligible=True,
                grade=grades[person.id],
                outcomes=outcomes,
                evaluated_by_centre=is_evaluated_by_centre(person, centre_departments),
            )
        )
    return IndividualResult(
        scheme=SCHEME_ID, ok=no_errors(findings), quotas=quotas, people=results, findings=findings
    )


SCHEME = Scheme(
    id=SCHEME_ID,
    name="常驻人员年度考核",
    seed="000_202f48eaffbe9a1b.txt",
    kind="individual",
    request_model=IndividualRound,
    policy_model=ResidentAnnualPolicy,
    evaluate=evaluate,
    check_payload=check_payload,
)
