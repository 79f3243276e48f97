"""文书 page: what the round's papers still need (`GET /api/rounds/{id}/status`'s `missing`), entered once.

A paper the round cannot fill names each missing field by where it lives: `organisation.contact` (the
organisation's 发文 details, `PATCH /api/organisations/{id}`) or `round.details.leader` (the round's
details, `PATCH /api/rounds/{id}`). The page shows one input per such field, whatever paper asks for it,
and posts them into the same models and service functions as those two routes; a field of the paper
alone (`payload.honour`) stays with that paper's row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from schemas.common import RowId
from schemas.organisation import OrganisationUpdate
from schemas.round import Reference, RoundDetails, RoundStatus, RoundUpdate
from service import csrf, organisations, rounds
from service.auth import Actor
from service.errors import DomainError
from service.pages import forms
from service.storage import rounds as round_storage

ORGANISATION = "organisation."
DETAILS = "round.details."


@dataclass(frozen=True)
class DetailInput:
    name: str  # the form field: organisation.contact, round.details.party_notice.title
    label: str
    type: str  # text | date
    help: str
    papers: tuple[str, ...]  # the titles of the papers that wait for it


def _inputs_of(field: str, label: str) -> list[tuple[str, str, str, str]]:
    """(name, label, type, help) of one missing field; a cited document is its title and its 文号."""
    if field.startswith(ORGANISATION):
        info = OrganisationUpdate.model_fields.get(field.removeprefix(ORGANISATION))
        return [(field, label, "text", "")] if info is not None else []
    info = RoundDetails.model_fields.get(field.removeprefix(DETAILS)) if field.startswith(DETAILS) else None
    if info is None:
        return []  # payload.*: the paper's own field, typed on its row
    if Reference in getattr(info.annotation, "__args__", ()):
        return [
            (f"{field}.title", f"{label}·标题", "text", Reference.model_fields["title"].description or ""),
            (f"{field}.docnum", f"{label}·文号（没有可不填）", "text", ""),
        ]
    kind = "date" if "date" in str(info.annotation) else "text"
    return [(field, label, kind, info.description or "")]


def missing_details(status: RoundStatus) -> list[DetailInput]:
    """Every organisation or round field a paper of the round still needs, once, with the papers asking."""
    found: dict[str, tuple[str, str, str, list[str]]] = {}
    for paper in status.papers:
        for missing in paper.missing:
            for name, label, kind, help_text in _inputs_of(missing.field, missing.label):
                found.setdefault(name, (label, kind, help_text, []))[3].append(paper.title)
    return [
        DetailInput(name=name, label=label, type=kind, help=help_text, papers=tuple(dict.fromkeys(papers)))
        for name, (label, kind, help_text, papers) in found.items()
    ]


def _nested(fields: dict[str, list[str]], prefix: str) -> dict[str, Any]:
    """`round.details.party_notice.title` → {"party_notice": {"title": …}}; empty fields are not given."""
    data: dict[str, Any] = {}
    for name in fields:
        value = (forms.last(fields, name) or "").strip()
        if not name.startswith(prefix) or not value:
            continue
        *parents, leaf = name.removeprefix(prefix).split(".")
        target = data
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = value
    return data


def _errors(model: type[BaseModel], data: dict[str, Any], prefix: str) -> tuple[Any, forms.FieldErrors]:
    parsed, errors = forms.parse(model, data)
    return parsed, {f"{prefix}{name}": message for name, message in errors.items()}


def save(
    *, session: Session, actor: Actor, round_id: RowId, fields: dict[str, list[str]]
) -> forms.FieldErrors:
    """Both halves validated first, then saved by the API's own functions; on an error nothing is kept
    and the errors are keyed by the form field they belong to."""
    unknown = [n for n in fields if n != csrf.FIELD and not n.startswith((ORGANISATION, DETAILS))]
    errors: forms.FieldErrors = dict.fromkeys(unknown, "不允许的字段")
    organisation_data = _nested(fields, ORGANISATION)
    details = _nested(fields, DETAILS)
    if not organisation_data and not details:
        return errors | {"form": "请至少填写一项"}
    organisation, organisation_errors = _errors(OrganisationUpdate, organisation_data, ORGANISATION)
    update, round_errors = _errors(RoundUpdate, {"details": details} if details else {}, "round.")
    errors |= organisation_errors | round_errors
    if errors:
        return errors
    try:
        if organisation_data:
            round_ = round_storage.get_round(session=session, round_id=round_id)
            organisations.update_organisation(
                session=session, actor=actor, organisation_id=round_.organisation_id, data=organisation
            )
        if details:
            rounds.update_round(session=session, actor=actor, round_id=round_id, request=update)
    except DomainError as exc:
        session.rollback()  # refused as the JSON routes' 4xx are: nothing of it stays
        return {"form": exc.detail}
    return {}
