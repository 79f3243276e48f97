"""Ranking departments and handing out awards by position — the one home of the tie logic of 003 and 004.

Scores are Decimal so that 9.25 + 18.5 and 18.5 + 9.25 tie exactly; a float sum could split a tie
and silently decide what the seeds leave to the party group (003 五5 党组研究; 004 五1 街道党工委研究).

- A tie on the total shares the rank: 1, 2, 2, 4 (standard competition ranking).
- A tie that straddles an award boundary (rank 5, rank 10, the 30% line) is a WARNING naming the tied
  departments. By default (`include_all`) every tied department holds the shared rank and so the award,
  as "前5名" reads literally; `exclude_all` leaves the whole tied group out until the party group decides.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from schemas.common import Finding

TieRule = Literal["include_all", "exclude_all"]


def decimal(value: float) -> Decimal:
    """0.2 → Decimal('0.2'), not 0.2000000000000000111…: client and policy numbers are decimal."""
    return Decimal(str(value))


def points_text(value: Decimal) -> str:
    """Decimal('92.50') → '92.5', Decimal('70.0') → '70'."""
    return f"{value.normalize():f}"


def ordered(scores: Mapping[str, Decimal]) -> list[str]:
    """Ids from the highest score down; equal scores keep the order the client sent."""
    return sorted(scores, key=lambda key: -scores[key])


def competition_ranks(scores: Mapping[str, Decimal]) -> dict[str, int]:
    """Rank = 1 + the number of departments with a strictly higher score (1, 2, 2, 4)."""
    values = sorted(scores.values(), reverse=True)
    first_position: dict[Decimal, int] = {}
    for position, value in enumerate(values, start=1):
        first_position.setdefault(value, position)
    return {key: first_position[value] for key, value in scores.items()}


@dataclass(frozen=True)
class Selection:
    """Who reached an award of `seats` places; `tied` is the group straddling the boundary, if any."""

    chosen: list[str]
    tied: list[str]
    seats: int
    boundary_score: Decimal | None = None
    # Counted from the lowest score (003 六2 "考核排名最后2名"): its places read 倒数第N名.
    from_bottom: bool = False

    @property
    def clean(self) -> bool:
        return not self.tied


def select_top(scores: Mapping[str, Decimal], seats: int, tie_rule: TieRule = "include_all") -> Selection:
    """The `seats` best by score. A tie across the last seat follows `tie_rule` and is reported."""
    order = ordered(scores)
    if seats <= 0:
        return Selection(chosen=[], tied=[], seats=seats)
    if seats >= len(order):
        return Selection(chosen=order, tied=[], seats=seats)
    boundary = scores[order[seats - 1]]
    if scores[order[seats]] != boundary:
        return Selection(chosen=order[:seats], tied=[], seats=seats)
    above = [key for key in order if scores[key] > boundary]
    tied = [key for key in order if scores[key] == boundary]
    chosen = above + tied if tie_rule == "include_all" else above
    return Selection(chosen=chosen, tied=tied, seats=seats, boundary_score=boundary)


def select_bottom(scores: Mapping[str, Decimal], seats: int, tie_rule: TieRule = "include_all") -> Selection:
    """The `seats` lowest by score (003 六2 "考核排名最后2名"), ties as in `select_top`."""
    selection = select_top({key: -value for key, value in scores.items()}, seats, tie_rule)
    boundary = None if selection.boundary_score is None else -selection.boundary_score
    return Selection(
        chosen=selection.chosen, tied=selection.tied, seats=seats, boundary_score=boundary, from_bottom=True
    )


def tie_warning(
    selection: Selection,
    names: Mapping[str, str],
    *,
    award: str,
    clause: str,
    decider: str,
    tie_rule: TieRule,
    unit: str = "分",
) -> Finding:
    """'先进处室名额5个，第5名并列：A、B（均为95.5分）；并列部门均已列入，共6个，请党组研究确定。'

    A selection from the bottom names its place from the bottom: '排名最后2名…倒数第2名并列'."""
    assert selection.tied and selection.boundary_score is not None
    place = len([key for key in selection.chosen if key not in selection.tied]) + 1
    tied_names = "、".join(names[key] for key in selection.tied)
    if tie_rule == "include_all":
        outcome = f"并列部门均已列入，共{len(selection.chosen)}个"
    else:
        outcome = f"并列部门暂不列入，现列入{len(selection.chosen)}个"
    return Finding(
        severity="warning",
        code="boundary_tie",
        department_id=selection.tied[0],
        clause=clause,
        message=(
            f"{award}名额{selection.seats}个，{'倒数' if selection.from_bottom else ''}第{place}名并列："
            f"{tied_names}"
            f"（均为{points_text(selection.boundary_score)}{unit}）；{outcome}，请{decider}研究确定"
        ),
    )
