"""A round keeps its promises (issue 9): an issued paper's identity, whose paper a 文号 is on, numbers
recorded from outside the register, and the holiday arrangements an administrator adds.

- issued_documents: `recipient` and `award` join (round, kind, subject) in the paper's identity; the
  unique key of versions becomes (round, kind, subject, recipient, award, version).
- docnums: `source` (service | external) and `paper` (the identity of the issued paper carrying it).
- holiday_years: a year's 节假日安排 (service/holidays.py).

SQLite cannot drop a table constraint, so issued_documents is rebuilt there (batch mode); its guard
triggers go with the old table and are made again, and foreign keys are checked at commit
(`defer_foreign_keys`) because the rebuilt table references itself.

Revision ID: 0002_roundstore
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_roundstore"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KEY = ("round_id", "kind", "subject", "version")
NEW_KEY = ("round_id", "kind", "subject", "recipient", "award", "version")
_GUARDS = (
    ("UPDATE", "已签发的文书不可修改，更正请签发新版本"),
    ("DELETE", "已签发的文书不可删除"),
)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _sqlite_guards(create: bool) -> None:
    for event, message in _GUARDS:
        name = f"guard_issued_documents_{event.lower()}"
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
        if create:
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {event} ON issued_documents "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )


OLD_NAME = "uq_issued_documents_round_id_kind_subject_version"
NEW_NAME = "uq_issued_documents_identity_version"  # PostgreSQL names stop at 63 characters


def _rekey(*, drop: str, create: str, columns: tuple[str, ...], add: bool) -> None:
    """Swap the unique key of versions, adding (upgrade) or removing (downgrade) the identity columns."""
    if _sqlite():
        op.execute("PRAGMA defer_foreign_keys = ON")
        _sqlite_guards(create=False)
    with op.batch_alter_table("issued_documents", recreate="auto") as batch:
        if add:
            batch.add_column(sa.Column("recipient", sa.String(length=200), nullable=False, server_default=""))
            batch.add_column(sa.Column("award", sa.String(length=30), nullable=False, server_default=""))
        batch.drop_constraint(drop, type_="unique")
        batch.create_unique_constraint(create, list(columns))
        if not add:
            batch.drop_column("award")
            batch.drop_column("recipient")
    if _sqlite():
        _sqlite_guards(create=True)


def upgrade() -> None:
    _rekey(drop=OLD_NAME, create=NEW_NAME, columns=NEW_KEY, add=True)
    with op.batch_alter_table("docnums") as batch:
        batch.add_column(sa.Column("source", sa.String(length=10), nullable=False, server_default="service"))
        batch.add_column(sa.Column("paper", sa.String(length=400), nullable=True))
    op.create_table(
        "holiday_years",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("holidays", sa.JSON(), nullable=False),
        sa.Column("workdays", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_holiday_years")),
    )


def downgrade() -> None:
    op.drop_table("holiday_years")
    with op.batch_alter_table("docnums") as batch:
        batch.drop_column("paper")
        batch.drop_column("source")
    _rekey(drop=NEW_NAME, create=OLD_NAME, columns=OLD_KEY, add=False)
