"""Who runs rounds: an organisation, its departments, the units that dispatch staff to it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import Base, utcnow


class Organisation(Base):
    """An issuing office: 全称, 发文机关标志, 机关代字 (the 文号's prefix, e.g. 宝行政中心), 署名."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    issuer_mark: Mapped[str] = mapped_column(String(200))
    agency_code: Mapped[str] = mapped_column(String(50), unique=True)
    signature: Mapped[str] = mapped_column(String(200))
    # What every round's papers print and no round can know (DESIGN.md §7), entered once here.
    short_name: Mapped[str | None] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(String(300))
    objection_office: Mapped[str | None] = mapped_column(String(200))
    objection_phone: Mapped[str | None] = mapped_column(String(40))
    contact: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Department(Base):
    """A 科室/进驻部门: its head, whether it serves the public (003 三) and is led directly (004)."""

    __tablename__ = "departments"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    head_name: Mapped[str | None] = mapped_column(String(100))
    serves_public: Mapped[bool] = mapped_column(default=False)
    directly_led: Mapped[bool] = mapped_column(default=False)


class DispatchingUnit(Base):
    """A 派出单位 (000 七): results are reported, copied or fed back by its kind 区内/市条线/其他."""

    __tablename__ = "dispatching_units"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    unit_kind: Mapped[str] = mapped_column(String(10))
