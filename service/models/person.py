"""A member of staff, kept across rounds so history is never typed twice."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import Base


class Person(Base):
    """`code` is the id clients use (P001); the 身份证号 is stored whole and masked on every output."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("organisation_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(100))
    id_number: Mapped[str | None] = mapped_column(String(18))
    category: Mapped[str | None] = mapped_column(String(10))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id", ondelete="SET NULL"))
    dispatching_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("dispatching_units.id", ondelete="SET NULL")
    )
    in_establishment: Mapped[bool] = mapped_column(default=True)
