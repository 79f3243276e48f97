"""A round that persists (issue 5): its roster, grades, timeline and the documents issued in it.

The roster's people are the `Person` of schemas/evaluation.py — the shape of the stateless
`POST /api/schemes/{id}/evaluate` — plus what only storage needs (身份证号, 派出单位).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from schemas.common import AnnualGrade, Grade, Identifier, RowId, WriteModel
from schemas.evaluation import Amounts, OutcomeCode, Person
from schemas.organisation import IdNumberMixin

Year = Annotated[int, Field(ge=1949, le=2200)]


class RoundAmounts(Amounts):
    """The round's 001 amounts as stored: a misspelt key is a 422, not an amount of 0."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


Title = Annotated[str, Field(min_length=1, max_length=200)]


class Reference(BaseModel):
    """A document the round's papers cite: 《title》 and its 文号 (when it has one)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: Title = Field(description="文件标题，带书名号，如“《关于做好2023年度……工作的通知》”")
    docnum: Annotated[str, Field(min_length=1, max_length=100)] | None = Field(
        default=None, description="文号"
    )


class RoundDetails(BaseModel):
    """What a round's papers cite and no rule can know (DESIGN.md §7): entered once on the round.

    Until a paper's field is given it is refused (409) naming it; `GET /api/rounds/{id}/status` lists
    what each paper still needs. An unknown key is a 422.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    party_notice: Reference | None = Field(
        default=None, description="区委组织部的年度考核通知（000 通知的依据，九1 的文号）"
    )
    hrss_notice: Reference | None = Field(
        default=None, description="区人社局的事业单位年度考核工作提示（000 通知的依据）"
    )
    internal_rules: Title | None = Field(
        default=None, description="本单位的内部管理考核办法（000 通知的依据）"
    )
    leader: Annotated[str, Field(min_length=1, max_length=50)] | None = Field(
        default=None, description="考核领导小组组长，如“中心主任闫乐”（000 六）"
    )
    deputy: Annotated[str, Field(min_length=1, max_length=50)] | None = Field(
        default=None, description="考核领导小组副组长，如“副主任陈志英”（000 六）"
    )
    publicity_starts_on: dt.date | None = Field(default=None, description="公示开始日期（五(五)/四(五)）")
    notice_text_version: Annotated[int, Field(ge=1)] | None = Field(
        default=None, description="固定使用本单位通知文本的第几版；不填用最新一版"
    )


class RoundCreate(WriteModel):
    organisation_id: RowId
    scheme: Annotated[str, Field(min_length=1, max_length=50)]
    year: Year
    quarter: Annotated[int, Field(ge=1, le=4)] | None = None
    as_of: dt.date | None = None
    # The notice's date: the timeline's first stage starts on it.
    starts_on: dt.date
    title: Annotated[str, Field(max_length=200)] | None = None
    policy: dict[str, Any] = Field(default_factory=dict)
    amounts: RoundAmounts = Field(default_factory=RoundAmounts)
    details: RoundDetails = Field(default_factory=RoundDetails)


class RoundUpdate(WriteModel):
    as_of: dt.date | None = None
    title: Annotated[str, Field(max_length=200)] | None = None
    policy: dict[str, Any] | None = None
    amounts: RoundAmounts | None = None
    details: RoundDetails | None = None

    @field_validator("title")
    @classmethod
    def _title_not_null(cls, value: str | None) -> str:
        # Omitted means "keep the title"; an explicit null would clear a column every round must have.
        if value is None:
            raise ValueError("标题不能为 null：不修改请省略该字段")
        return value


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
    details: RoundDetails = Field(default_factory=RoundDetails)
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
    # A ballot of one department (000 附表6: "测评范围"); a 上报表 to one recipient (七(一)).
    department: Annotated[str, Field(max_length=100)] | None = None
    recipient: Literal["区委组织部", "区人社局", "*"] | None = None
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


class MissingField(BaseModel):
    field: str  # where to enter it: organisation.objection_phone, round.details.leader, payload.honour, …
    label: str  # in Chinese: 受理异议的电话


class PaperState(BaseModel):
    """One kind of paper of the round: how many it makes, whether the next can be issued, what it lacks."""

    kind: str
    title: str
    papers: int
    ready: bool
    missing: list[MissingField] = Field(default_factory=list)
    blocked: str | None = None
    issued: int = 0


class RoundStatus(BaseModel):
    """`GET /api/rounds/{id}/status`: where the round stands, in one call."""

    round_id: int
    scheme: str
    on: dt.date
    stage: str | None = Field(description="今天所在的时间安排阶段；未开始或已结束时说明")
    stage_clause: str | None = None
    evaluated: bool
    people: int
    participants: int | None = Field(description="参加考核人数（评定后才知道）")
    proposed: dict[str, int] = Field(description="各等次建议人数")
    final: dict[str, int] = Field(description="各等次最终确定人数")
    findings: list[dict[str, Any]] = Field(description="上次评定的错误和警告")
    papers: list[PaperState]
