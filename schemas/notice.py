"""The payload of a 通知 with 文号 (seed 000 宝行政中心〔2022〕17号, seed 001 宝政务中心〔2024〕21号).

GB/T 9704-2012 7.2–7.3: 发文机关标志, 发文字号, 标题, 主送机关, 正文, 附件说明, 发文机关署名, 成文日期.
Headings are numbered in the data (一、 / （一） / 1.), never by Word's auto-numbering, which does not
restart inside template loops (docxtpl #425/#500).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from schemas.common import Model
from service.docnum import normalise_docnum

Line = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(max_length=5000)]

# A preview before 签发: the 文号 with its number left blank (service/documents/kinds/notice.py).
DRAFT_DOCNUM = re.compile(r"^\S+〔\d{4}〕\u3000号$")


class BodyParagraph(Model):
    """One paragraph of 正文.

    GB/T 9704 7.3.3: 结构层次序数依次可以用“一、”“（一）”“1.”“（1）”，一般第一层用黑体字、第二层用楷体字、
    第三层和第四层用仿宋体字. `level` 1/2/3 is that layer (0: a plain paragraph); `number` is its
    printed ordinal, `heading` the words set in the layer's face, `text` what follows in 仿宋.
    """

    level: Literal[0, 1, 2, 3] = 0
    number: Annotated[str, Field(max_length=12)] = ""
    heading: Annotated[str, Field(max_length=200)] = ""
    text: Text = ""


class Attachment(Model):
    """附件说明 entry (7.3.4) and, with `kind`, the document printed after the body (7.3.7).

    `title` is the name as the notice lists it, e.g. 《宝山区行政服务中心2022年度常驻人员考核名单》（附表1）;
    `kind` is a registered document kind whose example is rendered as that attachment (None: listed only).
    """

    title: Annotated[str, Field(min_length=1, max_length=300)]
    kind: Annotated[str, Field(max_length=64)] | None = None
    payload: dict[str, Any] | None = Field(
        default=None,
        description="该附件已填好的内容（如附表1列出本轮人员），按该文书类型的格式校验；不填则附空白表",
    )


class Notice(Model):
    """A 通知 as GB/T 9704 lays it out; the body comes from the scheme's policy (see notice_text.py)."""

    issuer_mark: Line = Field(description="发文机关标志，如“上海市宝山区政务服务中心文件”")
    docnum: Line = Field(description="发文字号，如“宝政务中心〔2024〕21号”；[ ]、【】会规范为〔〕")
    direction: Literal["下行文", "上行文"] = Field(
        default="下行文",
        description="行文方向：下行文的发文机关标志上边缘距页面上边 72mm，上行文 80mm（GB/T 9704 7.2.3）",
    )
    signer: Annotated[str, Field(max_length=50)] | None = Field(
        default=None, description="签发人姓名（上行文，与发文字号同行居右，GB/T 9704 7.2.5）"
    )
    title: Line = Field(description="标题，如“关于做好2024年度政府购买服务人员年度考核工作的通知”")
    addressees: Line = Field(description="主送机关，如“中心各进驻部门”")
    # 正文 — not named `body`, which the 422 paths of a JSON request body already use.
    paragraphs: Annotated[list[BodyParagraph], Field(min_length=1, max_length=500)]
    attachments: Annotated[list[Attachment], Field(default_factory=list, max_length=20)]
    include_attachments: bool = Field(
        default=True, description="是否在正文后附上各附件（每个附件另起一页，左上角标“附件N”）"
    )
    signature: Line = Field(description="发文机关署名")
    date: dt.date = Field(description="成文日期，YYYY-MM-DD，印作“2022年12月14日”")
    sealed: bool = Field(
        default=False,
        description="是否加盖印章：加盖时成文日期右空四字、署名居中其上；不加盖时署名右空二字（7.3.5）",
    )
    printer: Line | None = Field(
        default=None,
        description="版记的印发机关，如“上海市宝山区行政服务中心办公室”；不填取发文机关署名（7.4.3）",
    )
    printed_on: dt.date | None = Field(default=None, description="版记的印发日期；不填取成文日期（7.4.3）")
    year: Annotated[int, Field(ge=1949, le=2200)] | None = Field(
        default=None, description="考核年度，印在所附空白表上；不填取成文日期的年份"
    )
    organisation: Line | None = Field(
        default=None, description="所附表格上的单位名称，如“宝山区行政服务中心”；不填取发文机关署名"
    )

    @property
    def appraisal_year(self) -> int:
        return self.year if self.year is not None else self.date.year

    @property
    def form_organisation(self) -> str:
        return self.organisation or self.signature

    @field_validator("docnum")
    @classmethod
    def _normalised_docnum(cls, value: str) -> str:
        if DRAFT_DOCNUM.fullmatch(value):  # a preview's 文号, its number still blank
            return value
        return normalise_docnum(value)
