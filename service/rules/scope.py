"""Who a scheme covers, said one way for every scheme (000 二, 001 三, 002 二).

A person outside a scheme's population is a finding, not bad input: the round goes on without them.
"""

from __future__ import annotations

from schemas.common import Finding
from schemas.evaluation import Person


def who(person: Person) -> str:
    """How findings name a person: '张三（P001）'."""
    return f"{person.name}（{person.id}）"


def out_of_scope(
    person: Person, *, clause: str, scope: str, recommended_as: str, instead: str = ""
) -> Finding:
    """An error when the person was graded or put forward (someone meant to count them), else info.

    `scope` completes '{who}为{category}人员，…' with the scheme's own words and clause; `recommended_as`
    names what `recommended` means in the scheme ('初评推荐优秀', '推荐优秀、表扬'); `instead` says where the
    person belongs, when the scheme knows.
    """
    claims = [f"拟定等次{person.proposed_grade}"] if person.proposed_grade else []
    if person.recommended:
        claims.append(recommended_as)
    if person.advanced:
        claims.append("先进个人")
    message = f"{who(person)}为{person.category}人员，{scope}，不参加本年度考核{instead}"
    if claims:
        message += f"；其{'、'.join(claims)}不予计入"
    return Finding(
        severity="error" if claims else "info",
        code="not_eligible",
        person_id=person.id,
        clause=clause,
        message=message,
    )
