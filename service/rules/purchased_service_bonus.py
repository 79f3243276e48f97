"""001 六(三) 发放考核奖: a person's bonus with every line (DESIGN.md §3 "001 bonus").

应发 = 年终奖金 (月额度×在岗月数) + 岗位津贴 (管理人员, 月额度×在岗月数) + 评优奖励 + 敬业奉献奖;
then 六(三)5(4) takes 70% (基本合格) or 100% (不合格) of 应发; then 六(三)5(1)(2)(3)(5) take the
incidents the monthly appraisals have not already taken ("月度考核已扣除内容不进行重复扣罚").
The bonus never goes below 0. Money is Decimal, each line rounded half-up to the cent.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from schemas.evaluation import Amounts, Bonus, BonusLine, Facts, IndividualRound
from schemas.purchased_service_annual import BonusAmounts, BonusDeductions, PurchasedServicePolicy

CENT = Decimal("0.01")


def money(value: float | Decimal) -> Decimal:
    """Yuan to the cent, half up; floats go through str so 0.1 stays 0.1."""
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    return exact.quantize(CENT, rounding=ROUND_HALF_UP)


def yuan(value: Decimal) -> str:
    """3000.00 → '3000', 1234.50 → '1234.5': how the figures read inside an item's text."""
    return f"{value.normalize():f}"


def effective_amounts(request: IndividualRound, policy: PurchasedServicePolicy) -> BonusAmounts | None:
    """The policy's amounts with the round's `amounts` on top; None when neither gives any amount.

    六(三)1–4 "具体金额标准由本单位领导班子会议确定": the figures come from the round or the policy,
    never from the seed, so a round without them has no bonus to compute.
    """
    data = policy.bonus.amounts.model_dump()
    if "amounts" in request.model_fields_set:
        given: Amounts = request.amounts
        for field in given.model_fields_set:
            value = getattr(given, field)
            data[field] = {**data[field], **value} if isinstance(value, dict) else value
    amounts = BonusAmounts.model_validate(data)
    anything = amounts.bonus_month or amounts.dedication or any(amounts.award.values())
    return amounts if anything or any(amounts.allowance_month.values()) else None


def _earnings(
    grade: str | None,
    months: float,
    allowance_level: str | None,
    dedication_award: bool,
    amounts: BonusAmounts,
) -> list[BonusLine]:
    lines: list[BonusLine] = []
    month_count = Decimal(str(months))
    months_text = f"{yuan(month_count)}个月"
    monthly = money(amounts.bonus_month)
    lines.append(
        BonusLine(
            item=f"年终奖金（{yuan(monthly)}元×{months_text}）",
            amount=float(money(monthly * month_count)),
            clause="六(三)1",
        )
    )
    if allowance_level is not None:
        allowance = money(amounts.allowance_month.get(allowance_level, 0))
        lines.append(
            BonusLine(
                item=f"岗位津贴（{allowance_level}，{yuan(allowance)}元×{months_text}）",
                amount=float(money(allowance * month_count)),
                clause="六(三)2",
            )
        )
    if grade in ("优秀", "表扬"):
        award = money(amounts.award.get(grade, 0))  # type: ignore[call-overload]
        lines.append(BonusLine(item=f"评优奖励（{grade}）", amount=float(award), clause="六(三)3"))
    if dedication_award:
        lines.append(BonusLine(item="敬业奉献奖", amount=float(money(amounts.dedication)), clause="六(三)4"))
    return lines


def _grade_deduction(grade: str | None, gross: Decimal, rules: BonusDeductions) -> list[BonusLine]:
    """六(三)5(4) "考核确定为'基本合格'的，应发奖金扣除70%；'不合格'的，应发奖金扣除100%"."""
    share = rules.grade_share.get(grade) if grade else None  # type: ignore[call-overload]
    if not share:
        return []
    percent = f"{yuan(Decimal(str(share)) * 100)}%"
    return [
        BonusLine(
            item=f"考核{grade}，扣除应发{percent}（{yuan(gross)}元×{percent}）",
            amount=-float(money(gross * Decimal(str(share)))),
            clause="六(三)5(4)",
        )
    ]


def _incident_deductions(facts: Facts, rules: BonusDeductions) -> list[BonusLine]:
    """六(三)5(1)(2)(3)(5), counting only what the monthly appraisals have not already deducted."""
    taken = facts.already_deducted
    counted = (
        ("“好差评”差评", facts.bad_reviews, taken.bad_reviews, rules.bad_review, "六(三)5(2)"),
        ("投诉", facts.complaints, taken.complaints, rules.complaint, "六(三)5(3)"),
        (
            "其他违反规章制度",
            facts.other_violations,
            taken.other_violations,
            rules.other_violation,
            "六(三)5(5)",
        ),
    )
    lines: list[BonusLine] = []
    if facts.measures_deduction:
        lines.append(
            BonusLine(
                item="《管理办法》规定扣除",
                amount=-float(money(facts.measures_deduction)),
                clause="六(三)5(1)",
            )
        )
    for label, count, already, each, clause in counted:
        chargeable = max(count - already, 0)
        if chargeable == 0:
            continue
        price = money(each)
        note = f"，月度考核已扣{already}个不重复扣" if already else ""
        lines.append(
            BonusLine(
                item=f"{label}{chargeable}个×{yuan(price)}元{note}",
                amount=-float(price * chargeable),
                clause=clause,
            )
        )
    return lines


def _total(lines: list[BonusLine]) -> Decimal:
    return sum((Decimal(str(line.amount)) for line in lines), Decimal(0))


def person_bonus(
    *,
    grade: str | None,
    months: float,
    facts: Facts,
    allowance_level: str | None,
    dedication_award: bool,
    amounts: BonusAmounts,
    rules: BonusDeductions,
) -> Bonus:
    """One person's 考核奖; the lines add up to `net`."""
    earnings = _earnings(grade, months, allowance_level, dedication_award, amounts)
    gross = _total(earnings)
    by_grade = _grade_deduction(grade, gross, rules)
    grade_deduction = -_total(by_grade)
    incidents = _incident_deductions(facts, rules)
    incident_deduction = -_total(incidents)
    remaining = gross - grade_deduction
    lines = [*earnings, *by_grade, *incidents]
    if False:
        # Never below 0: what the incidents would take beyond the remaining bonus is not taken.
        excess = incident_deduction - remaining
        lines.append(
            BonusLine(
                item=f"扣除额超出应发余额{yuan(excess)}元，不再扣除", amount=float(excess), clause="六(三)5"
            )
        )
        incident_deduction = remaining
    return Bonus(
        gross=float(gross),
        grade_deduction=float(grade_deduction),
        incident_deduction=float(incident_deduction),
        net=float(remaining - incident_deduction),
        lines=lines,
    )
