"""A round that persists (issue 5): its roster, grades, timeline and the documents issued in it.

The roster's people are the `Person` of schemas/evaluation.py — the shape of the stateless
`POST /api/schemes/{id}/evaluate` — plus what only storage needs (身份证号, 派出单位).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.common import AnnualGrade, Grade, Identifier, WriteModel
from schemas.evaluation import Amounts, OutcomeCode, Person
from schemas.organisation import IdNumberMixin

Year = Annotated[int, Field(ge=1949, le=2200)]


class RoundAmounts(Amounts):
    """The round's 001 amounts as stored: a misspelt key is a 422, not an amount of 0."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class RoundCreate(WriteModel):
    organisation_id: int
    scheme: Annotated[str, Field(min_length=1, max_length=50)]
    year: Year
    quarter: Annotated[int, Field(ge=1, le=4)] | None = None
    as_of: dt.date | None = None
    # The notice's date: the timeline's first stage starts on it.
    starts_on: dt.date
    title: Annotated[str, Field(max_length=200)] | None = None
    policy: dict[str, Any] = Field(default_factory=dict)
    amounts: RoundAmounts = Field(default_factory=RoundAmounts)


class RoundUpdate(WriteModel):
    as_of: dt.date | None = None
    title: Annotated[str, Field(max_length=200)] | None = None
    policy: dict[str, Any] | None = None
    amounts: RoundAmounts | None = None


class Stage(BaseModel):
    """A stage of the seed's 时间安排, its end computed in working days (service.workdays)."""

    name: str
    clause: str
    start: dt.date
    end: dt.date
    working_days: int


class RoundOut(BaseModel):
    id: int
    organisation_id: int
    scheme: str
    year: int
    quarter: int | None
    as_of: dt.date | None
    starts_on: dt.date
    title: str
    timeline: list[Stage]
    policy: dict[str, Any]
    amounts: dict[str, Any]
    people: int = 0
    evaluated_at: dt.datetime | None = None


OptionalText = Annotated[str, Field(max_length=100)] | None


class RosterPerson(IdNumberMixin, Person):
    """A roster row: the evaluate endpoint's person, its 身份证号 (checked) and its 派出单位, and the
    personal details the 登记表 print (typed once here, never again on each form). Stored, so an
    unknown key is a 422 (the evaluate endpoint's Person ignores them)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    dispatching_unit: Annotated[str, Field(max_length=200)] | None = None
    gender: Literal["男", "女"] | None = None
    birth_month: Annotated[str, Field(pattern=r"^(19|20)\d{2}\.(0[1-9]|1[0-2])$")] | None = None
    ethnicity: OptionalText = None
    political_status: OptionalText = None
    education: OptionalText = None
    post: OptionalText = None
    rank: OptionalText = None


class Roster(WriteModel):
    people: Annotated[list[RosterPerson], Field(min_length=1, max_length=20_000)]


class EntryOut(BaseModel):
    """A person in a round: the stored payload (身份证号 masked), the proposal and the outcome."""

    person: dict[str, Any]
    proposed_grade: str | None
    final_grade: str | None
    eligible: bool | None
    outcomes: list[OutcomeCode | str]


class FinalGrade(WriteModel):
    id: Identifier
    grade: AnnualGrade | Grade | None


class FinalGrades(WriteModel):
    grades: Annotated[list[FinalGrade], Field(min_length=1)]


class RoundDocumentRequest(WriteModel):
    """One document of a round. `payload` overrides what the round fills in (same shape as
    `POST /api/documents/{kind}`); `issue` archives it; `docnum` "allocate" takes the next 文号."""

    kind: Annotated[str, Field(min_length=1, max_length=60)] | None = None
    person_id: Identifier | None = None
    payload: dict[str, Any] = Field(default_factory=dict)
    issue: bool = False
    # A list document (公示, 上报表) of the whole round lists only these grades / categories when given.
    grades: list[str] | None = None
    categories: list[str] | None = None
    # A letter to one 派出单位 (调整人员建议书, 退回函, 反馈函): that unit's people, addressed to it.
    dispatching_unit: Annotated[str, Field(max_length=200)] | None = None
    docnum: Literal["allocate"] | Annotated[str, Field(max_length=100)] | None = None
    # The year `allocate` numbers in: the round's year unless the paper goes out in a year its timeline
    # reaches (a 2022 round's letters of January 2023 → 〔2023〕).
    docnum_year: Year | None = None


class RoundBatchRequest(WriteModel):
    """Many documents in one .zip. `person_id` "*" means one document per person of the roster."""

    items: Annotated[list[RoundDocumentRequest], Field(min_length=1, max_length=5000)]


class IssuedDocumentOut(BaseModel):
    id: int
    round_id: int
    kind: str
    subject: str
    recipient: str = ""
    award: str = ""
    version: int
    supersedes_id: int | None
    docnum: str | None
    title: str
    filename: str
    template_sha256: str
    sha256: str
    size: int
    issued_by: str
    issued_at: dt.datetime
