"""An organisation's own notice text per scheme, versioned, its figures kept as placeholders.

The default notice of a scheme is the seed's text written from the round (service/documents/
notice_text.py). An organisation may store its own 正文 instead: each save is a new version (never
changed), a round uses the latest unless it pins one (`details.notice_text_version`). Every figure the
policy decides is a placeholder (`{公示工作日}`), filled from the round's context at render; the lint
refuses a typed figure that differs from the policy (15% where the policy says 10%, 5个工作日 where it
says 7) — on save against the scheme's policy, on render against the round's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from schemas.notice import BodyParagraph
from schemas.notice_text import LintProblem, NoticeTextIn, NoticeTextOut, Placeholders
from schemas.purchased_service_annual import PurchasedServicePolicy
from schemas.resident_annual import ResidentAnnualPolicy
from service import audit, evaluation
from service.auth import Actor, require_role
from service.cn_format import cn_date
from service.documents.notice_text import count, date_range, full_width, percent
from service.errors import Conflict, InvalidPayload, NotFound
from service.models import NoticeText
from service.storage import organisations as org_storage

EDITORS = ("clerk", "admin")
NOTICE_SCHEMES = ("resident-annual", "purchased-service-annual")
PLACEHOLDER = re.compile(r"\{([^{}]{1,40})\}")
# Figures a notice states and the policy decides: a typed one must be one of the policy's.
FIGURES = (
    (re.compile(r"(\d+(?:\.\d+)?)\s*%"), "percent", "比例"),
    (re.compile(r"(\d+)\s*个工作日"), "working_days", "工作日数"),
    (re.compile(r"(\d+)\s*个月"), "months", "月数"),
)


def placeholders(
    scheme: str,
    policy: Any,
    *,
    year: int,
    organisation: str,
    stages: list[tuple[Any, Any]] | None = None,
    references: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """What each placeholder prints for this policy, year and organisation (and the round's timeline)."""
    values: dict[str, str] = {"年度": str(year), "下一年度": str(year + 1), "单位": organisation}
    values.update(references or {})
    if scheme == "resident-annual":
        p = cast(ResidentAnnualPolicy, policy)
        values.update(
            {
                "截止日期": cn_date(p.cut_off_date(year)),
                "工作月数": str(p.min_months),
                "公示工作日": str(p.publicity_working_days),
                "先进个人比例": percent(p.advanced.ratio),
                "上交日期": cn_date(stages[0][1] if stages else p.submission_deadline.on(year)),
            }
        )
        values.update(
            {f"{full_width(pool.label)}优秀比例": percent(pool.ratio) for pool in p.excellent_pools}
        )
        values.update(
            {f"{full_width(group.label)}推荐比例": percent(group.ratio) for group in p.recommendation.groups}
        )
        dates = stages or [(phase.start.on(year), phase.end.on(year)) for phase in p.timeline]
        values.update({f"阶段{i}日期": date_range(s, e, year) for i, (s, e) in enumerate(dates, start=1)})
    else:
        q = cast(PurchasedServicePolicy, policy)
        values.update({f"{grade}比例": percent(quota.ratio) for grade, quota in q.quotas.items()})
        values.update(
            {
                "事假天数": count(q.excellent_disqualification.personal_leave_days_max),
                "在岗月数": count(q.excellent_disqualification.months_on_post_min),
            }
        )
        deadlines = (
            [e for _, e in stages] if stages else [step.deadline.on(year) for step in q.timeline.steps]
        )
        values.update({f"阶段{i}截止": cn_date(day) for i, day in enumerate(deadlines, start=1)})
    return values


def _figures(values: Mapping[str, str]) -> dict[str, set[str]]:
    """The figures the placeholders print, by kind: what a typed figure may be."""
    allowed: dict[str, set[str]] = {"percent": set(), "working_days": set(), "months": set()}
    for name, value in values.items():
        if value.endswith("%"):
            allowed["percent"].add(value.removesuffix("%"))
        elif name == "公示工作日":
            allowed["working_days"].add(value)
        elif name in ("工作月数", "在岗月数"):
            allowed["months"].add(value)
    return allowed


def lint(paragraphs: list[BodyParagraph], values: Mapping[str, str]) -> list[LintProblem]:
    """Unknown placeholders, and typed figures the policy does not state (each with its path)."""
    allowed = _figures(values)
    problems = []
    for index, paragraph in enumerate(paragraphs):
        for field in ("heading", "text"):
            text = getattr(paragraph, field)
            path = f"paragraphs[{index}].{field}"
            for name in PLACEHOLDER.findall(text):
                if name not in values:
                    known = "、".join(f"{{{n}}}" for n in values)
                    problems.append(LintProblem(path=path, message=f"未知占位符{{{name}}}，可用：{known}"))
            literal = PLACEHOLDER.sub("", text)
            for pattern, kind, what in FIGURES:
                for found in pattern.findall(literal):
                    if found not in allowed[kind]:
                        expected = "、".join(sorted(allowed[kind])) or "无"
                        problems.append(
                            LintProblem(
                                path=path,
                                message=f"文中直接写了{what}“{found}”，与考核办法参数（{expected}）不符；"
                                "请改用占位符",
                            )
                        )
    return problems


def fill(paragraphs: list[BodyParagraph], values: Mapping[str, str]) -> list[BodyParagraph]:
    """The paragraphs with every placeholder replaced; refused (409) if the lint finds anything."""
    problems = lint(paragraphs, values)
    if problems:
        raise Conflict(
            "本单位通知文本与本轮考核办法参数不符：" + "；".join(f"{p.path}：{p.message}" for p in problems)
        )

    def replace(text: str) -> str:
        return PLACEHOLDER.sub(lambda m: values[m.group(1)], text)

    return [p.model_copy(update={"heading": replace(p.heading), "text": replace(p.text)}) for p in paragraphs]


def _default_values(scheme: str, organisation: str) -> dict[str, str]:
    policy = evaluation.round_policy(evaluation.require_scheme(scheme), {})
    references = dict.fromkeys(REFERENCE_PLACEHOLDERS.get(scheme, ()), "（本轮填写）")
    return placeholders(scheme, policy, year=2000, organisation=organisation, references=references)


# Placeholders filled from the round's details (schemas.round.RoundDetails), not the policy.
REFERENCE_PLACEHOLDERS = {
    "resident-annual": (
        "区委组织部通知",
        "区委组织部通知文号",
        "区人社局提示",
        "内部管理办法",
        "组长",
        "副组长",
    )
}


def _require_scheme(scheme: str) -> None:
    if scheme not in NOTICE_SCHEMES:
        raise NotFound(f"考核方案「{scheme}」没有通知文本，可选：{'、'.join(NOTICE_SCHEMES)}")


def _out(record: NoticeText, warnings: list[LintProblem] | None = None) -> NoticeTextOut:
    return NoticeTextOut(
        id=record.id,
        organisation_id=record.organisation_id,
        scheme=record.scheme,
        version=record.version,
        paragraphs=[BodyParagraph.model_validate(p) for p in record.paragraphs],
        saved_by=record.saved_by,
        saved_at=record.saved_at,
        warnings=warnings or [],
    )


def placeholders_of(*, session: Session, organisation_id: int, scheme: str) -> Placeholders:
    _require_scheme(scheme)
    organisation = org_storage.get_organisation(session=session, organisation_id=organisation_id)
    values = _default_values(scheme, organisation.short_name or organisation.name)
    return Placeholders(scheme=scheme, placeholders=values)


def save(
    *, session: Session, actor: Actor, organisation_id: int, scheme: str, body: NoticeTextIn
) -> NoticeTextOut:
    """A new version; refused (422, with each paragraph's path) when the lint finds a problem."""
    require_role(actor, *EDITORS)
    _require_scheme(scheme)
    organisation = org_storage.get_organisation(session=session, organisation_id=organisation_id)
    problems = lint(body.paragraphs, _default_values(scheme, organisation.short_name or organisation.name))
    if problems:
        raise InvalidPayload([(_loc(p.path), p.message) for p in problems])
    last = session.scalar(
        select(func.max(NoticeText.version)).where(
            NoticeText.organisation_id == organisation_id, NoticeText.scheme == scheme
        )
    )
    record = NoticeText(
        organisation_id=organisation_id,
        scheme=scheme,
        version=(last or 0) + 1,
        paragraphs=[p.model_dump(mode="json") for p in body.paragraphs],
        saved_by=actor.username,
    )
    session.add(record)
    session.flush()
    audit.record(
        session=session,
        actor=actor.username,
        action="create",
        entity="notice_texts",
        entity_id=record.id,
        after=audit.snapshot(record),
    )
    return _out(record)


def _loc(path: str) -> tuple[str | int, ...]:
    parts: list[str | int] = []
    for name, index, field in re.findall(r"(\w+)\[(\d+)\]\.(\w+)", path):
        parts += [name, int(index), field]
    return tuple(parts)


def versions(*, session: Session, organisation_id: int, scheme: str) -> list[NoticeTextOut]:
    _require_scheme(scheme)
    org_storage.get_organisation(session=session, organisation_id=organisation_id)
    query = (
        select(NoticeText)
        .where(NoticeText.organisation_id == organisation_id, NoticeText.scheme == scheme)
        .order_by(NoticeText.version)
    )
    return [_out(r) for r in session.scalars(query)]


def for_round(
    *, session: Session, organisation_id: int, scheme: str, version: int | None
) -> list[BodyParagraph] | None:
    """The text a round uses: the pinned version, else the latest; None when the organisation has none."""
    query = select(NoticeText).where(
        NoticeText.organisation_id == organisation_id, NoticeText.scheme == scheme
    )
    if version is not None:
        query = query.where(NoticeText.version == version)
    record = session.scalars(query.order_by(NoticeText.version.desc()).limit(1)).first()
    if record is None:
        if version is not None:
            raise Conflict(f"本单位没有第{version}版「{scheme}」通知文本")
        return None
    return [BodyParagraph.model_validate(p) for p in record.paragraphs]
