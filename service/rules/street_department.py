"""The rules of seed 004_2816660fc72ff933.txt: 流亭街道机关各部门2012年考核工作意见.

三1 "部门考核基本分为200分": 日常工作目标 70 + 规范化建设 30 + 工作综合评议 100; 三2 创新分 on top.
四2 "年终将两次评议成绩加权折合": the half-year and year-end reviews, 0.5/0.5 by default.
五1 "按照30%的比例由高到低提出优秀部门名单"; 五2 directly led departments take no part, and the
advanced-worker quota is 30% (excellent or directly led) or 20% of the headcount; 五4/五5 vetoes cancel
the department's 评优资格 for the year.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from schemas.common import Finding, Quota
from schemas.department import (
    AwardCode,
    Department,
    DepartmentEvaluation,
    DepartmentResult,
    DepartmentRound,
    StreetParts,
)
from schemas.street_department import StreetDepartmentPolicy
from service.rules import department_ranking as ranking
from service.rules.department_ranking import decimal
from service.rules.quota import ROUNDING_NAMES, make_quota, no_errors, percent, quota_limit
from service.rules.registry import PayloadProblem, Scheme

DECIDER = "街道党工委"


def check_payload(request: DepartmentRound, policy: StreetDepartmentPolicy) -> list[PayloadProblem]:
    """三1: daily goals and 规范化建设 are points out of 70 and 30; a veto cites 五4 or 五5."""
    problems: list[PayloadProblem] = []
    for index, department in enumerate(request.departments):
        base: tuple[str | int, ...] = ("departments", index)
        for field, name, ceiling in (
            ("daily", "日常工作目标完成情况", policy.daily_points),
            ("normalization", "规范化建设情况", policy.normalization_points),
        ):
            value = getattr(department, field)
            if value is not None and value > ceiling:
                problems.append(
                    ((*base, field), f"{name}得分不能大于基本分{ceiling:g}分（三1），现为{value:g}分")
                )
        veto = department.veto
        if isinstance(veto, int) and str(veto) not in policy.veto_reasons:
            problems.append(((*base, "veto"), f"一票否决应填五4或五5的序号（4或5）或写明原因，{veto}不是"))
    return problems


def missing_scores(department: Department) -> list[Finding]:
    missing = [
        (name, clause)
        for value, name, clause in (
            (department.daily, "日常工作目标完成情况", "三1"),
            (department.normalization, "规范化建设情况", "三1"),
            (department.review.half_year, "半年工作综合评议", "四2"),
            (department.review.year_end, "年终述职评议", "四2"),
        )
        if value is None
    ]
    return [
        Finding(
            severity="error",
            code="missing_score",
            department_id=department.id,
            clause=clause,
            message=f"{department.name}缺少{name}得分，暂按0分计",
        )
        for name, clause in missing
    ]


def department_parts(department: Department, policy: StreetDepartmentPolicy) -> tuple[StreetParts, Decimal]:
    """三1 base = daily + normalisation + weighted review scaled to its points; 三2 innovation on top."""
    weights = policy.review_weights
    half_year, year_end = department.review.half_year, department.review.year_end
    weighted = decimal(half_year or 0) * decimal(weights.half_year) + decimal(year_end or 0) * decimal(
        weights.year_end
    )
    review = weighted * decimal(policy.review_points) / 100
    daily, normalization = decimal(department.daily or 0), decimal(department.normalization or 0)
    base = daily + normalization + review
    total = base + decimal(department.innovation)
    parts = StreetParts(
        daily=float(daily),
        normalization=float(normalization),
        review=float(review),
        review_half_year=half_year,
        review_year_end=year_end,
        base=float(base),
        innovation=department.innovation,
        advanced_quota_basis="",
    )
    return parts, total


def worker_quota(department: Department, excellent: bool, policy: StreetDepartmentPolicy) -> tuple[int, str]:
    """五2 "优秀部门先进工作者名额为本部门人数的30%，其他部门为20%…直接分管的部门…按照30%确定";
    floor, at least one when the department has staff (DESIGN.md §3). A vetoed directly-led department
    has lost its 评优资格 (五4/五5): by default (`vetoed_directly_led: other`) its 30% — which stands in
    for the excellent status it cannot compete for — falls back to the 20% of other departments;
    `directly_led` keeps the 30%."""
    ratios = policy.worker_ratios
    keeps_led_ratio = department.veto is None or policy.vetoed_directly_led == "directly_led"
    if excellent:
        ratio, why = ratios.excellent, "优秀部门"
    elif department.directly_led and keeps_led_ratio:
        ratio, why = ratios.directly_led, "领导直接分管部门"
    elif department.directly_led:
        ratio, why = ratios.other, "领导直接分管部门，一票否决后按其他部门"
    else:
        ratio, why = ratios.other, "其他部门"
    limit = quota_limit(
        department.headcount, ratio, policy.worker_rounding, at_least_one=policy.worker_at_least_one
    )
    basis = f"{why}：{department.headcount}人×{percent(ratio)}，{ROUNDING_NAMES[policy.worker_rounding]}"
    if department.headcount and decimal(department.headcount) * decimal(ratio) < 1 <= limit:
        basis += "，不满1人的按1人"
    return limit, f"{basis}，{limit}人"


def excellent_quota(
    departments: Sequence[Department],
    eligible: dict[str, Decimal],
    selection: ranking.Selection,
    policy: StreetDepartmentPolicy,
) -> tuple[Quota, Finding]:
    """五1 30% of the departments that may be excellent: not directly led (五2), not vetoed (五4/五5).

    "按照30%的比例" is a cap (DESIGN.md §3: quotas are hard), unlike 003's "前5名", which a tie on rank 5
    meets literally. Under `tie_at_boundary: include_all` a tie on the last place lists every tied
    department, so the list may run past the cap: then the quota is not `ok`, the finding is an error
    naming the excess, and so is the round — until the 街道党工委 decides (for instance with
    `exclude_all` for the round)."""
    used = len(selection.chosen)
    quota = make_quota(
        "优秀部门", "优秀部门", len(eligible), policy.excellent_ratio, used, policy.excellent_rounding
    )
    by_tie = used - quota.limit if selection.tied else 0
    led = sum(1 for d in departments if d.directly_led)
    vetoed = sum(1 for d in departments if d.veto is not None and not d.directly_led)
    message = (
        f"优秀部门名额{quota.limit}个（参评部门{quota.base}个×{percent(quota.ratio)}，"
        f"{ROUNDING_NAMES[quota.rounding]}；不含领导直接分管部门{led}个、一票否决部门{vetoed}个），"
        f"列入{used}个"
    )
    if by_tie > 0:
        message += f"，因末位并列超过名额{by_tie}个，请{DECIDER}研究确定"
    return quota, Finding(
        severity="info" if quota.ok else "error", code="excellent_quota", clause="五1", message=message
    )


def veto_findings(
    departments: Sequence[Department],
    totals: dict[str, Decimal],
    ranks: dict[str, int],
    seats: int,
    policy: StreetDepartmentPolicy,
) -> list[Finding]:
    """五4/五5 "取消部门和个人本年度评优资格". "由下一名递补" only when the veto cost a place: the department
    stood inside the 五1 band among the departments that compete (not directly led), as 003 六4 says it."""
    competing = {d.id: totals[d.id] for d in departments if not d.directly_led}
    findings = []
    for department in departments:
        if department.veto is None:
            continue
        if department.directly_led:
            place = "领导直接分管部门本不参与优秀部门评选"
        else:
            among = 1 + sum(1 for score in competing.values() if score > totals[department.id])
            place = f"按得分排第{ranks[department.id]}名，不参加优秀部门评选"
            if among <= seats:
                place += f"；其得分在优秀部门名额{seats}个之内，由下一名递补"
        if isinstance(department.veto, int):
            clause = f"五{department.veto}"
            reason = policy.veto_reasons[str(department.veto)]  # type: ignore[index]
        else:
            clause, reason = "五4/五5", department.veto
        findings.append(
            Finding(
                severity="info",
                code="vetoed",
                department_id=department.id,
                clause=clause,
                message=f"{department.name}一票否决（{reason}），取消部门和当事人本年度评优资格（{place}）",
            )
        )
    return findings


def evaluate(request: DepartmentRound, policy: StreetDepartmentPolicy) -> DepartmentEvaluation:
    departments = request.departments
    findings: list[Finding] = []
    parts: dict[str, StreetParts] = {}
    totals: dict[str, Decimal] = {}
    for department in departments:
        parts[department.id], totals[department.id] = department_parts(department, policy)
        findings += missing_scores(department)
    ranks = ranking.competition_ranks(totals)

    eligible = {d.id: totals[d.id] for d in departments if not d.directly_led and d.veto is None}
    seats = quota_limit(len(eligible), policy.excellent_ratio, policy.excellent_rounding)
    excellent = ranking.select_top(eligible, seats, policy.tie_at_boundary)
    quota, quota_finding = excellent_quota(departments, eligible, excellent, policy)
    findings.append(quota_finding)
    if excellent.tied:
        names = {d.id: d.name for d in departments}
        findings.append(
            ranking.tie_warning(
                excellent,
                names,
                award="优秀部门",
                clause="五1",
                decider=DECIDER,
                tie_rule=policy.tie_at_boundary,
            )
        )
    findings += veto_findings(departments, totals, ranks, seats, policy)

    results = []
    for department in departments:
        is_excellent = department.id in excellent.chosen
        awards: list[AwardCode] = ["excellent_department"] if is_excellent else []
        advanced_quota, basis = worker_quota(department, is_excellent, policy)
        results.append(
            DepartmentResult(
                id=department.id,
                name=department.name,
                total=float(totals[department.id]),
                rank=ranks[department.id],
                parts=parts[department.id].model_copy(update={"advanced_quota_basis": basis}),
                awards=awards,
                advanced_quota=advanced_quota,
                vetoed=department.veto is not None,
            )
        )
    results.sort(key=lambda result: result.rank)
    return DepartmentEvaluation(
        scheme=SCHEME.id,
        ok=no_errors(findings),
        departments=results,
        quotas=[quota],
        findings=findings,
    )


SCHEME = Scheme(
    id="street-department",
    name="街道机关部门考核",
    seed="004_2816660fc72ff933.txt",
    kind="department",
    request_model=DepartmentRound,
    policy_model=StreetDepartmentPolicy,
    evaluate=evaluate,
    check_payload=check_payload,
)
