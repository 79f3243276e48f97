"""An issuing office, its departments, the units that dispatch staff to it, its people."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator
from stdnum.cn import ric

from schemas.common import Category, Identifier, Model, Name, UnitKind, WriteModel

ShortText = Annotated[str, Field(min_length=1, max_length=200)]


class OrganisationIn(WriteModel):
    """全称, 发文机关标志 (the red masthead), 机关代字 (宝行政中心 of 宝行政中心〔2022〕17号), 署名."""

    name: ShortText
    issuer_mark: ShortText
    agency_code: Annotated[str, Field(min_length=1, max_length=50)]
    signature: ShortText
    # Entered once, printed on every round's papers (DESIGN.md §7); a paper that needs one of them is
    # refused, naming it, until it is given.
    short_name: Annotated[str, Field(min_length=1, max_length=100)] | None = Field(
        default=None, description="简称，如“区行政服务中心”（通知标题、所附表格上的单位名称）"
    )
    address: Annotated[str, Field(min_length=1, max_length=300)] | None = Field(
        default=None, description="地址"
    )
    objection_office: Annotated[str, Field(min_length=1, max_length=200)] | None = Field(
        default=None, description="公示期间受理异议的部门，如“中心业务科”"
    )
    objection_phone: Annotated[str, Field(min_length=3, max_length=40)] | None = Field(
        default=None, description="受理异议的电话"
    )
    contact: Annotated[str, Field(min_length=1, max_length=100)] | None = Field(
        default=None, description="函件、上报表的联系人及电话，如“业务科 王芳 56781234”"
    )


class OrganisationUpdate(Model):
    """PATCH: any of the organisation's details; the 机关代字 numbers the register and stays. A key it
    does not know (a misspelt 字段) is a 422, never silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: ShortText | None = None
    issuer_mark: ShortText | None = None
    signature: ShortText | None = None
    short_name: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    address: Annotated[str, Field(min_length=1, max_length=300)] | None = None
    objection_office: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    objection_phone: Annotated[str, Field(min_length=3, max_length=40)] | None = None
    contact: Annotated[str, Field(min_length=1, max_length=100)] | None = None


class OrganisationOut(OrganisationIn):
    id: int


class DepartmentIn(WriteModel):
    name: Name
    head_name: Annotated[str, Field(max_length=100)] | None = None
    serves_public: bool = False
    directly_led: bool = False


class DepartmentOut(DepartmentIn):
    id: int


class DispatchingUnitIn(WriteModel):
    """A 派出单位 and its kind (000 七(一)/(二): 区内 reported, 市条线/其他 fed back)."""

    name: ShortText
    address: Annotated[str, Field(max_length=300)] | None = None
    unit_kind: UnitKind


class DispatchingUnitOut(DispatchingUnitIn):
    id: int


def checked_id_number(value: str | None) -> str | None:
    """A 公民身份号码 with a valid GB 11643 check digit, upper-case X; '' means none."""
    if value is None or not value.strip():
        return None
    try:
        return str(ric.validate(value.strip().upper()))
    except Exception:  # stdnum raises several ValidationError subclasses; all mean the same to a clerk
        raise ValueError("身份证号码无效（位数、出生日期或校验位不正确）") from None


class PersonOut(BaseModel):
    """A person as every output shows them: the 身份证号 masked."""

    id: Identifier
    name: str
    id_number: str | None = None
    category: Category | None = None
    department: str | None = None
    dispatching_unit: str | None = None
    in_establishment: bool = True


class IdNumberMixin(Model):
    id_number: str | None = None

    @field_validator("id_number")
    @classmethod
    def _valid_id_number(cls, value: str | None) -> str | None:
        return checked_id_number(value)
