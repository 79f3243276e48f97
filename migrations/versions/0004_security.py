"""Login throttling shared by every API process, and usernames unique after folding (issue 11).

`users.username_key` is the folded name (service/usernames.py); existing users get theirs here. Added as
a nullable column with a unique index so that SQLite needs no table copy. If two existing users fold to
the same key (`admin` and `ADMIN`), the upgrade stops: rename one of them first.

Revision ID: 0002_security
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from service.usernames import username_key

revision: str = "0002_security"
down_revision: str | None = "0002_round"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_throttle")),
        sa.UniqueConstraint("scope", "key", name=op.f("uq_login_throttle_scope_key")),
    )
    op.add_column("users", sa.Column("username_key", sa.String(length=100), nullable=True))
    connection = op.get_bind()
    for user_id, username in connection.execute(sa.text("SELECT id, username FROM users")).all():
        connection.execute(
            sa.text("UPDATE users SET username_key = :key WHERE id = :id"),
            {"key": username_key(username), "id": user_id},
        )
    op.create_index(op.f("ix_users_username_key"), "users", ["username_key"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f("ix_users_username_key"), table_name="users")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("username_key")
    op.drop_table("login_throttle")
