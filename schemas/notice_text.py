"""An organisation's own notice text for a scheme (issue 9 point 2): paragraphs whose figures are
placeholders of the round — `{年度}`, `{公示工作日}`, `{先进个人比例}` — never typed figures."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from schemas.notice import BodyParagraph


class NoticeTextIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    paragraphs: Annotated[list[BodyParagraph], Field(min_length=1, max_length=500)] = Field(
        description="正文段落；数字、比例、日期写成占位符，如“公示期为{公示工作日}个工作日”"
    )


class LintProblem(BaseModel):
    path: str  # paragraphs[3].text
    message: str  # Chinese


class NoticeTextOut(BaseModel):
    id: int
    organisation_id: int
    scheme: str
    version: int
    paragraphs: list[BodyParagraph]
    saved_by: str
    saved_at: dt.datetime
    warnings: list[LintProblem] = Field(default_factory=list)


class Placeholders(BaseModel):
    """The placeholders a scheme's notice may use, with what they print for the default policy."""

    scheme: str
    placeholders: dict[str, str]
