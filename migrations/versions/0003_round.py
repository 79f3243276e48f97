"""A round is the source of its papers (issue 9): the organisation's 发文 details entered once, the
round's 上级文件/考核领导小组/公示 details, and an organisation's own notice texts (versioned).

Revision ID: 0002_round
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_round"
down_revision: str | None = "0002_roundstore"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ORGANISATION_COLUMNS = (
    ("short_name", 100),
    ("address", 300),
    ("objection_office", 200),
    ("objection_phone", 40),
    ("contact", 100),
)


def upgrade() -> None:
    with op.batch_alter_table("organisations") as batch:
        for name, length in ORGANISATION_COLUMNS:
            batch.add_column(sa.Column(name, sa.String(length=length), nullable=True))
    with op.batch_alter_table("rounds") as batch:
        batch.add_column(sa.Column("details", sa.JSON(), nullable=False, server_default="{}"))
    op.create_index(op.f("ix_round_entries_person_id"), "round_entries", ["person_id"])
    op.create_table(
        "notice_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("scheme", sa.String(length=50), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("paragraphs", sa.JSON(), nullable=False),
        sa.Column("saved_by", sa.String(length=100), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_notice_texts_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_texts")),
        sa.UniqueConstraint(
            "organisation_id",
            "scheme",
            "version",
            name=op.f("uq_notice_texts_organisation_id_scheme_version"),
        ),
    )


def downgrade() -> None:
    op.drop_table("notice_texts")
    op.drop_index(op.f("ix_round_entries_person_id"), table_name="round_entries")
    # SQLite ≥ 3.35 drops a column in place: rebuilding `rounds` would trip the foreign keys of the
    # entries and papers that reference it.
    with op.batch_alter_table("rounds", recreate="never") as batch:
        batch.drop_column("details")
    with op.batch_alter_table("organisations", recreate="never") as batch:
        for name, _ in ORGANISATION_COLUMNS:
            batch.drop_column(name)
