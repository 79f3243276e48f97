"""An issuing office, its departments, the units that dispatch staff to it, its people."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, field_validator
from stdnum.cn import ric

from schemas.common import Category, Identifier, Model, Name, UnitKind, WriteModel

ShortText = Annotated[str, Field(min_length=1, max_length=200)]


class OrganisationIn(WriteModel):
    """全称, 发文机关标志 (the red masthead), 机关代字 (宝行政中心 of 宝行政中心〔2022〕17号), 署名."""

    name: ShortText
    issuer_mark: ShortText
    agency_code: Annotated[str, Field(min_length=1, max_length=50)]
    signature: ShortText


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
