"""Participants' own data: erased accounts, password reset links, rate limits keyed by a hash of the email.

- `users.erased_at`: when an account was deleted by its owner or erased by an admin (the row stays,
  pseudonymised, for the records of others that refer to it).
- `password_reset_tokens`: one-time links admins issue (only a SHA-256 of the token is stored).
- `sign_in_failures.email` becomes `account_hash` (a keyed hash, `audit.service.subject_hash`), and the
  per-account sign-in counters are keyed by the same hash. The key is the server's SECRET_KEY, which a
  migration does not know, so existing rows cannot be rehashed: they are deleted, which only gives every
  email and address its free attempts back once.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACCOUNT_COUNTERS = "sign-in-failures:account:%"


def upgrade() -> None:
    op.add_column("users", sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "password_reset_tokens",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("token_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_reset_tokens_token_hash")),
    )
    op.create_index("ix_password_reset_tokens_user_id", "password_reset_tokens", ["user_id"])
    op.execute("DELETE FROM sign_in_failures")
    op.alter_column(
        "sign_in_failures",
        "email",
        new_column_name="account_hash",
        type_=sa.String(length=64),
        existing_nullable=False,
    )
    op.execute(
        sa.text("DELETE FROM rate_limit_counters WHERE key LIKE :pattern").bindparams(
            pattern=ACCOUNT_COUNTERS
        )
    )


def downgrade() -> None:
    op.execute(
        sa.text("DELETE FROM rate_limit_counters WHERE key LIKE :pattern").bindparams(
            pattern=ACCOUNT_COUNTERS
        )
    )
    op.execute("DELETE FROM sign_in_failures")
    op.alter_column(
        "sign_in_failures",
        "account_hash",
        new_column_name="email",
        type_=sa.String(length=254),
        existing_nullable=False,
    )
    op.drop_index("ix_password_reset_tokens_user_id", table_name="password_reset_tokens")
    op.drop_table("password_reset_tokens")
    op.drop_column("users", "erased_at")
