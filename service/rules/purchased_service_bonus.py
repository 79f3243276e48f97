"""001 六(三) 发放考核奖: a person's bonus with every line (DESIGN.md §3 "001 bonus").

应发 = 年终奖金 (月额度×在岗月数) + 岗位津贴 (管理人员, 月额度×在岗月数) + 评优奖励 + 敬业奉献奖
+ 年终清算 (its own 月额度×在岗月数, 六(三)6); the months are "核定到月" (whole, by `bonus.months_rounding`);
then 六(三)5(4) takes 70% (基本合格) or 100% (不合格) of 应发; then 六(三)5(1)(2)(3)(5) take the
incidents the monthly appraisals have not already taken ("月度考核已扣除内容不进行重复扣罚").
The bonus never goes below 0. Money is Decimal, each line rounded half-up to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from schemas.evaluation import Amounts, Bonus, BonusLine, Facts, IndividualRound
from schemas.purchased_service_annual import (
    BonusAmounts,
    BonusDeductions,
    MonthsRounding,
    PurchasedServicePolicy,
)

CENT = Decimal("0.01")
ZERO = Decimal(0)


def money(value: float | Decimal) -> Decimal:
    """Yuan to the cent, half up; floats go through str so 0.1 stays 0.1."""
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    return exact.quantize(CENT, rounding=ROUND_HALF_UP)


def plain(value: Decimal) -> float:
    """Decimal to the float of the JSON answer, with −0 written as 0."""
    return float(value) + 0.0


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
    anything = (
        amounts.bonus_month or amounts.settlement_month or amounts.dedication or any(amounts.award.values())
    )
    return amounts if anything or any(amounts.allowance_month.values()) else None


@dataclass(frozen=True)
class PriceList:
    """A round's amounts and deduction figures as cents-exact Decimals, prepared once for everyone."""

    bonus_month: Decimal
    settlement_month: Decimal
    allowance_month: dict[str, Decimal]
    award: dict[str, Decimal]
    dedication: Decimal
    grade_share: dict[str, Decimal]
    bad_review: Decimal
    complaint: Decimal
    other_violation: Decimal
    floor_at_zero: bool
    months_rounding: MonthsRounding = "floor"

    @classmethod
    def of(
        cls, amounts: BonusAmounts, rules: BonusDeductions, months_rounding: MonthsRounding = "floor"
    ) -> PriceList:
        return cls(
            bonus_month=money(amounts.bonus_month),
            settlement_month=money(amounts.settlement_month),
            allowance_month={level: money(value) for level, value in amounts.allowance_month.items()},
            award={grade: money(value) for grade, value in amounts.award.items()},
            dedication=money(amounts.dedication),
            grade_share={grade: Decimal(str(share)) for grade, share in rules.grade_share.items() if share},
            bad_review=money(rules.bad_review),
            complaint=money(rules.complaint),
            other_violation=money(rules.other_violation),
            floor_at_zero=rules.floor_at_zero,
            months_rounding=months_rounding,
        )


Line = tuple[str, Decimal, str]  # item, signed amount, clause


def _earnings(
    grade: str | None, months: float, allowance_level: str | None, dedication_award: bool, prices: PriceList
) -> list[Line]:
    """六(三)1 年终奖金, 2 岗位津贴, 3 评优奖励, 4 敬业奉献奖, 6 年终清算."""
    on_post = Decimal(str(months))
    month_count = counted_months(on_post, prices.months_rounding)
    months_text = f"{yuan(month_count)}个月"
    if month_count != on_post:
        months_text += f"，在岗{yuan(on_post)}个月核定到月"
    lines: list[Line] = [
        (
            f"年终奖金（{yuan(prices.bonus_month)}元×{months_text}）",
            money(prices.bonus_month * month_count),
            "六(三)1",
        )
    ]
    if allowance_level is not None:
        # 六(三)2 "管理人员设岗位津贴，按岗位级别发放": a level is what makes a person a manager here.
        allowance = prices.allowance_month.get(allowance_level, ZERO)
        lines.append(
            (
                f"岗位津贴（{allowance_level}，{yuan(allowance)}元×{months_text}）",
                money(allowance * month_count),
                "六(三)2",
            )
        )
    if grade in ("优秀", "表扬"):
        lines.append((f"评优奖励（{grade}）", prices.award.get(grade, ZERO), "六(三)3"))
    if dedication_award:
        lines.append(("敬业奉献奖", prices.dedication, "六(三)4"))
    if prices.settlement_month:
        lines.append(
            (
                f"年终清算（{yuan(prices.settlement_month)}元×{months_text}）",
                money(prices.settlement_month * month_count),
                "六(三)6",
            )
        )
    return lines


def counted_months(on_post: Decimal, rounding: MonthsRounding) -> Decimal:
    """六(三)1/2/6 "核定到月": whole months by the policy's `bonus.months_rounding` (floor by default)."""
    if rounding == "exact":
        return on_post
    mode = ROUND_FLOOR if rounding == "floor" else ROUND_HALF_UP
    return on_post.quantize(Decimal(1), rounding=mode)


def _grade_deduction(grade: str | None, gross: Decimal, prices: PriceList) -> list[Line]:
    """六(三)5(4) "考核确定为'基本合格'的，应发奖金扣除70%；'不合格'的，应发奖金扣除100%"."""
    share = prices.grade_share.get(grade) if grade else None
    if share is None:
        return []
    percent = f"{yuan(share * 100)}%"
    item = f"考核{grade}，扣除应发{percent}（{yuan(gross)}元×{percent}）"
    return [(item, -money(gross * share), "六(三)5(4)")]


def _incident_deductions(facts: Facts, prices: PriceList) -> list[Line]:
    """六(三)5(1)(2)(3)(5), counting only what the monthly appraisals have not already deducted."""
    lines: list[Line] = []
    if facts.measures_deduction:
        lines.append(("《管理办法》规定扣除", -money(facts.measures_deduction), "六(三)5(1)"))
    taken = facts.already_deducted
    counted = (
        ("“好差评”差评", facts.bad_reviews, taken.bad_reviews, prices.bad_review, "六(三)5(2)"),
        ("投诉", facts.complaints, taken.complaints, prices.complaint, "六(三)5(3)"),
        ("其他违规", facts.other_violations, taken.other_violations, prices.other_violation, "六(三)5(5)"),
    )
    for label, count, already, price, clause in counted:
        chargeable = count - already
        if chargeable <= 0:
            continue
        note = f"，月度考核已扣{already}个不重复扣" if already else ""
        lines.append((f"{label}{chargeable}个×{yuan(price)}元{note}", -price * chargeable, clause))
    return lines


def person_bonus(
    *,
    grade: str | None,
    months: float,
    facts: Facts,
    allowance_level: str | None,
    dedication_award: bool,
    prices: PriceList,
) -> Bonus:
    """One person's 考核奖; the lines add up to `net`."""
    earnings = _earnings(grade, months, allowance_level, dedication_award, prices)
    gross = sum((amount for _, amount, _ in earnings), ZERO)
    by_grade = _grade_deduction(grade, gross, prices)
    grade_deduction = -sum((amount for _, amount, _ in by_grade), ZERO)
    incidents = _incident_deductions(facts, prices)
    incident_deduction = -sum((amount for _, amount, _ in incidents), ZERO)
    remaining = gross - grade_deduction
    lines = [*earnings, *by_grade, *incidents]
    if prices.floor_at_zero and incident_deduction > remaining:
        # Never below 0: what the incidents would take beyond the remaining bonus is not taken.
        excess = incident_deduction - remaining
        lines.append((f"扣除额超出应发余额{yuan(excess)}元，不再扣除", excess, "六(三)5"))
        incident_deduction = remaining
    return Bonus(
        gross=plain(gross),
        grade_deduction=plain(grade_deduction),
        incident_deduction=plain(incident_deduction),
        net=plain(remaining - incident_deduction),
        lines=[BonusLine(item=item, amount=plain(amount), clause=clause) for item, amount, clause in lines],
    )
