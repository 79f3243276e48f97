"""Who a scheme covers, said one way for every scheme (000 二, 001 三, 002 二).

A person outside a scheme's population — of another category, or not meeting its eligibility — is a
finding, not bad input: the round goes on without them. Eligibility is hard (DESIGN.md §3): a person
who does not take part but was graded, recommended or named 先进个人 is an error, so the round is not
`ok` until someone looks; a person with nothing claimed is only noted.
"""

from __future__ import annotations

from schemas.common import Finding
from schemas.evaluation import Person


def who(person: Person) -> str:
    """How findings name a person: '张三（P001）'."""
    return f"{person.name}（{person.id}）"


def claims(person: Person, recommended_as: str) -> list[str]:
    """What the request counts this person for: a proposed grade, a recommendation, 先进个人."""
    found = [f"拟定等次{person.proposed_grade}"] if person.proposed_grade else []
    if person.recommended:
        found.append(recommended_as)
    if person.advanced:
        found.append("先进个人")
    return found


def not_taking_part(
    person: Person,
    *,
    clause: str,
    why: str,
    recommended_as: str,
    instead: str = "",
    appraisal: str = "本年度考核",
) -> Finding:
    """'{who}{why}，不参加{appraisal}{instead}；其拟定等次优秀、先进个人不予计入' — an error when claimed.

    `why` completes the sentence after the person's name with the scheme's own words and clause;
    `recommended_as` names what `recommended` means in the scheme ('初评推荐优秀', '推荐优秀、表扬');
    `instead` says where the person belongs, when the scheme knows.
    """
    counted = claims(person, recommended_as)
    message = f"{who(person)}{why}，不参加{appraisal}{instead}"
    if counted:
        message += f"；其{'、'.join(counted)}不予计入"
    return Finding(
        severity="error" if counted else "info",
        code="not_eligible",
        person_id=person.id,
        clause=clause,
        message=message,
    )


def out_of_scope(
    person: Person,
    *,
    clause: str,
    scope: str,
    recommended_as: str,
    instead: str = "",
    appraisal: str = "本年度考核",
) -> Finding:
    """A person of a category the scheme does not appraise: '{who}为{category}人员，{scope}，…'."""
    return not_taking_part(
        person,
        clause=clause,
        why=f"为{person.category}人员，{scope}",
        recommended_as=recommended_as,
        instead=instead,
        appraisal=appraisal,
    )
