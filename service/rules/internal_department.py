"""The rules of seed 003_7dc38d50dbc8ae07.txt: 常州市经信委机关内设机构考核(试行)办法 (2016).

三 考核内容 (70分): 18 items in six categories; 八1 "加分不封顶，扣分以本项目分值为限，扣完为止".
四 综合测评 (30分): 民主测评 10/20, 作风评议 10/0, 领导评价 10 by whether the department serves the public.
六2 awards by rank; 六4 一票否决 "当年不得评为先进" — the next in rank moves up.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from schemas.common import Finding
from schemas.department import (
    AwardCode,
    CategoryPoints,
    Department,
    DepartmentEvaluation,
    DepartmentResult,
    DepartmentRound,
    EvaluationPoints,
    EventPoints,
    InternalParts,
    ItemPoints,
)
from schemas.internal_department import ITEM_NUMBERS, InternalDepartmentPolicy
from service.rules import department_ranking as ranking
from service.rules.department_ranking import decimal, points_text
from service.rules.internal_department_catalogue import event_problems, priced_events
from service.rules.quota import no_errors
from service.rules.registry import PayloadProblem, Scheme

DECIDER = "党组"
EVALUATION_CLAUSES = {"democratic": "四(一)", "style": "四(二)", "leaders": "四(三)"}
EVALUATION_NAMES = {"democratic": "民主测评", "style": "作风评议", "leaders": "领导评价"}


# ---------------------------------------------------------------- payload checks (→ 422)


def check_payload(request: DepartmentRound, policy: InternalDepartmentPolicy) -> list[PayloadProblem]:
    problems: list[PayloadProblem] = []
    for index, department in enumerate(request.departments):
        base: tuple[str | int, ...] = ("departments", index)
        for key in department.items:
            if key not in ITEM_NUMBERS:
                problems.append(((*base, "items", key), f"考核项目编号应为1–18（三），「{key}」不是"))
        for number, event in enumerate(department.events):
            problems += event_problems(event, policy, (*base, "events", number))
        veto = department.veto
        if isinstance(veto, int) and str(veto) not in policy.veto_reasons:
            problems.append(((*base, "veto"), f"一票否决应填六4所列情形的序号1–4或写明原因，{veto}不是"))
    return problems


# ---------------------------------------------------------------- scores (三, 四, 八1)


def category_points(
    department: Department, events: Sequence[EventPoints], policy: InternalDepartmentPolicy
) -> tuple[list[CategoryPoints], list[Finding]]:
    """八1: a category's deductions stop at its points ("扣完为止"); its bonuses have no ceiling."""
    categories, findings = [], []
    for category in policy.categories:
        items = []
        for number in category.items:
            entered = department.items.get(str(number))
            deduct = decimal(entered.deduct) if entered else Decimal(0)
            bonus = decimal(entered.bonus) if entered else Decimal(0)
            for event in events:
                if event.item == number:
                    if event.kind == "deduct":
                        deduct += decimal(event.points)
                    else:
                        bonus += decimal(event.points)
            catalogue_item = policy.catalogue.get(str(number))
            title = catalogue_item.title if catalogue_item else f"第{number}项"
            items.append((number, title, deduct, bonus))
        points = decimal(category.points)
        deduct = sum((item[2] for item in items), Decimal(0))
        bonus = sum((item[3] for item in items), Decimal(0))
        counted = min(deduct, points)
        if deduct > points:
            findings.append(
                Finding(
                    severity="info",
                    code="deduction_capped",
                    department_id=department.id,
                    clause="八1",
                    message=(
                        f"{department.name}{category.name}扣分{points_text(deduct)}分，超过本类分值"
                        f"{points_text(points)}分，按{points_text(points)}分扣完为止"
                    ),
                )
            )
        categories.append(
            CategoryPoints(
                name=category.name,
                clause=category.clause,
                points=float(points),
                deduct=float(deduct),
                deduct_counted=float(counted),
                bonus=float(bonus),
                score=float(points - counted + bonus),
                items=[
                    ItemPoints(item=n, title=title, deduct=float(d), bonus=float(b))
                    for n, title, d, b in items
                ],
            )
        )
    return categories, findings


def evaluation_points(
    department: Department, policy: InternalDepartmentPolicy
) -> tuple[EvaluationPoints, list[Finding]]:
    """四: each 0–100 input × its weight / 100; a weight of 0 (作风评议 of a 综合部门) takes no part."""
    weights = (
        policy.evaluation_weights.serves_public
        if department.serves_public
        else policy.evaluation_weights.internal
    )
    findings: list[Finding] = []
    scaled: dict[str, Decimal] = {}
    for key, name in EVALUATION_NAMES.items():
        weight = decimal(getattr(weights, key))
        value = getattr(department.evaluations, key)
        scaled[key] = Decimal(0)
        if weight == 0:
            if value is not None:
                findings.append(
                    Finding(
                        severity="warning",
                        code="evaluation_not_applicable",
                        department_id=department.id,
                        clause=EVALUATION_CLAUSES[key],
                        message=f"{department.name}不承担对外服务，不参与{name}，所填{name}得分未计入",
                    )
                )
        elif value is None:
            findings.append(
                Finding(
                    severity="error",
                    code="missing_evaluation",
                    department_id=department.id,
                    clause=EVALUATION_CLAUSES[key],
                    message=f"{department.name}缺少{name}得分（{points_text(weight)}分），暂按0分计",
                )
            )
        else:
            scaled[key] = decimal(value) * weight / 100
    return (
        EvaluationPoints(
            democratic=float(scaled["democratic"]),
            style=float(scaled["style"]),
            leaders=float(scaled["leaders"]),
            weights=weights.model_dump(),
            total=float(sum(scaled.values(), Decimal(0))),
        ),
        findings,
    )


def department_parts(
    department: Department, policy: InternalDepartmentPolicy
) -> tuple[InternalParts, Decimal, list[Finding]]:
    events = priced_events(department, policy)
    categories, findings = category_points(department, events, policy)
    evaluation, evaluation_findings = evaluation_points(department, policy)
    assessment = sum((decimal(c.score) for c in categories), Decimal(0))
    total = assessment + decimal(evaluation.total)
    parts = InternalParts(
        assessment=float(assessment), evaluation=evaluation, categories=categories, events=events
    )
    return parts, total, findings + evaluation_findings


# ---------------------------------------------------------------- awards (六2, 六4)


def veto_text(department: Department, policy: InternalDepartmentPolicy) -> tuple[str, str]:
    """(clause, reason): 六4(2) 被通报批评, or 六4 with the reason the clerk wrote."""
    if isinstance(department.veto, int):
        return f"六4({department.veto})", policy.veto_reasons[str(department.veto)]  # type: ignore[index]
    return "六4", str(department.veto)


def tie_findings(
    selection: ranking.Selection,
    names: dict[str, str],
    award: str,
    policy: InternalDepartmentPolicy,
    unit: str = "分",
) -> list[Finding]:
    if selection.clean:
        return []
    return [
        ranking.tie_warning(
            selection,
            names,
            award=award,
            clause="六2",
            decider=DECIDER,
            tie_rule=policy.tie_at_boundary,
            unit=unit,
        )
    ]


def award_departments(
    departments: Sequence[Department],
    totals: dict[str, Decimal],
    ranks: dict[str, int],
    policy: InternalDepartmentPolicy,
) -> tuple[dict[str, list[AwardCode]], dict[str, int | None], list[Finding]]:
    """六2: 前5名 先进处室 (2 recommended to the city), 第6-10名 表扬, 前10名以外进步最快的5个 争先进位,
    最后2名 主要负责人原则上当年不予评优; 六4: a vetoed department takes no award and the next moves up."""
    seats, rule = policy.awards, policy.tie_at_boundary
    names = {d.id: d.name for d in departments}
    awards: dict[str, list[AwardCode]] = {d.id: [] for d in departments}

    eligible = {d.id: totals[d.id] for d in departments if d.veto is None}
    advanced = ranking.select_top(eligible, seats.advanced, rule)
    findings = tie_findings(advanced, names, "先进处室", policy)
    top_band = ranking.select_top(eligible, seats.praised_through, rule)
    if top_band.tied != advanced.tied:
        findings += tie_findings(top_band, names, f"前{seats.praised_through}名（表扬）", policy)
    for key in advanced.chosen:
        awards[key].append("advanced_department")
    for key in top_band.chosen:
        if key not in advanced.chosen:
            awards[key].append("praised")

    recommended, recommend_findings = recommend_to_city(departments, totals, advanced, policy)
    findings += recommend_findings
    for key in recommended:
        awards[key].append("recommended_to_city")

    improvement = {
        d.id: None if d.last_year_rank is None else d.last_year_rank - ranks[d.id] for d in departments
    }
    outside = [d for d in departments if d.id in eligible and d.id not in top_band.chosen]
    most_improved, improved_findings = select_most_improved(outside, improvement, policy)
    findings += improved_findings
    for key in most_improved:
        awards[key].append("most_improved")

    last = ranking.select_bottom(totals, seats.head_not_excellent, rule)
    findings += tie_findings(
        last, names, f"排名最后{seats.head_not_excellent}名（主要负责人不予评优）", policy
    )
    for key in last.chosen:
        awards[key].append("head_not_excellent")
        if "advanced_department" in awards[key] or "praised" in awards[key]:
            # Why one department is both near the top and among the last: a tie that the include-all
            # rule stretched over both bands, or a round with fewer departments than the bands need.
            why = (
                f"与{'、'.join(names[other] for other in last.tied if other != key)}得分并列"
                if key in last.tied and len(last.tied) > 1
                else f"参评部门仅{len(departments)}个"
            )
            findings.append(
                Finding(
                    severity="warning",
                    code="award_and_last_place",
                    department_id=key,
                    clause="六2",
                    message=(
                        f"{names[key]}既获表彰又在最后{seats.head_not_excellent}名内（{why}），"
                        f"请{DECIDER}研究确定"
                    ),
                )
            )
    findings += veto_findings(departments, ranks, policy)
    return awards, improvement, findings


def select_most_improved(
    outside: Sequence[Department], improvement: dict[str, int | None], policy: InternalDepartmentPolicy
) -> tuple[list[str], list[Finding]]:
    """六2 "前10名以外，当年进步最快的5个部门给予'争先进位'表扬": improvement = last year's rank − this
    year's; only a department that moved up (improvement > 0) has progressed."""
    findings: list[Finding] = []
    unknown = [d.name for d in outside if d.last_year_rank is None]
    if unknown:
        findings.append(
            Finding(
                severity="info",
                code="no_last_year_rank",
                clause="六2",
                message=f"未提供上年名次，不参加争先进位评选：{'、'.join(unknown)}",
            )
        )
    improved = {d.id: Decimal(step) for d in outside if (step := improvement[d.id]) is not None and step > 0}
    selection = ranking.select_top(improved, policy.awards.most_improved, policy.tie_at_boundary)
    names = {d.id: d.name for d in outside}
    findings += tie_findings(selection, names, "争先进位", policy, unit="个名次")
    return selection.chosen, findings


def recommend_to_city(
    departments: Sequence[Department],
    totals: dict[str, Decimal],
    advanced: ranking.Selection,
    policy: InternalDepartmentPolicy,
) -> tuple[list[str], list[Finding]]:
    """六2 "经党组研究推荐2名上报市级机关优秀处室": the party group's choice when the request marks one,
    else the two best 先进处室 as the proposal."""
    seats = policy.awards.recommended
    marked = [d for d in departments if d.recommended_to_city]
    if not marked:
        selection = ranking.select_top(
            {key: totals[key] for key in advanced.chosen}, seats, policy.tie_at_boundary
        )
        names = {d.id: d.name for d in departments}
        return selection.chosen, tie_findings(selection, names, "推荐上报市级机关优秀处室", policy)
    findings = [
        Finding(
            severity="error",
            code="recommended_not_advanced",
            department_id=d.id,
            clause="六2",
            message=f"{d.name}未获“先进处室”称号，不能推荐上报市级机关优秀处室",
        )
        for d in marked
        if d.id not in advanced.chosen
    ]
    if len(marked) > seats:
        findings.append(
            Finding(
                severity="error",
                code="recommended_over_quota",
                clause="六2",
                message=f"推荐上报市级机关优秀处室{len(marked)}个，超过{seats}名",
            )
        )
    return [d.id for d in marked if d.id in advanced.chosen], findings


def veto_findings(
    departments: Sequence[Department], ranks: dict[str, int], policy: InternalDepartmentPolicy
) -> list[Finding]:
    """六4 "发生以下情况的，当年不得评为先进": say which place the veto cost and that the next moves up."""
    findings = []
    for department in departments:
        if department.veto is None:
            continue
        clause, reason = veto_text(department, policy)
        rank = ranks[department.id]
        moved = f"；按得分排第{rank}名，由下一名递补" if rank <= policy.awards.praised_through else ""
        findings.append(
            Finding(
                severity="info",
                code="vetoed",
                department_id=department.id,
                clause=clause,
                message=f"{department.name}一票否决（{reason}），当年不得评为先进{moved}",
            )
        )
    return findings


# ---------------------------------------------------------------- the round


def evaluate(request: DepartmentRound, policy: InternalDepartmentPolicy) -> DepartmentEvaluation:
    findings: list[Finding] = []
    parts: dict[str, InternalParts] = {}
    totals: dict[str, Decimal] = {}
    for department in request.departments:
        parts[department.id], totals[department.id], department_findings = department_parts(
            department, policy
        )
        findings += department_findings
    ranks = ranking.competition_ranks(totals)
    awards, improvement, award_findings = award_departments(request.departments, totals, ranks, policy)
    findings += award_findings
    results = [
        DepartmentResult(
            id=d.id,
            name=d.name,
            total=float(totals[d.id]),
            rank=ranks[d.id],
            parts=parts[d.id],
            awards=awards[d.id],
            advanced_quota=None,
            vetoed=d.veto is not None,
            improvement=improvement[d.id],
        )
        for d in request.departments
    ]
    results.sort(key=lambda result: result.rank)
    return DepartmentEvaluation(
        scheme=SCHEME.id,
        ok=no_errors(findings),
        departments=results,
        findings=findings,
    )


SCHEME = Scheme(
    id="internal-department",
    name="机关内设机构考核",
    seed="003_7dc38d50dbc8ae07.txt",
    kind="department",
    request_model=DepartmentRound,
    policy_model=InternalDepartmentPolicy,
    evaluate=evaluate,
    check_payload=check_payload,
)
