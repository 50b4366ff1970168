"""Sign-in back-off per email and client address; indexes that let old rows be pruned.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
# TODO(merge): "0008" once the matching branch's migration is in; "0005" is the newest on this branch.
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Back-off state keyed by email alone cannot be attributed to an address; forgetting it only gives
    # each (email, address) its free attempts again.
    op.execute("DELETE FROM sign_in_failures")
    op.drop_constraint("pk_sign_in_failures", "sign_in_failures", type_="primary")
    op.add_column("sign_in_failures", sa.Column("client_address", sa.String(length=64), nullable=False))
    op.create_primary_key("pk_sign_in_failures", "sign_in_failures", ["email", "client_address"])
    op.create_index("ix_sign_in_failures_last_failure_at", "sign_in_failures", ["last_failure_at"])
    op.create_index("ix_rate_limit_counters_window_start", "rate_limit_counters", ["window_start"])
    op.create_index("ix_sessions_expires_at", "sessions", ["expires_at"])
    op.create_index(
        "ix_sessions_revoked_at",
        "sessions",
        ["revoked_at"],
        postgresql_where=sa.text("revoked_at IS NOT NULL"),
    )
    op.create_index(
        "ix_notifications_read_at",
        "notifications",
        ["read_at"],
        postgresql_where=sa.text("read_at IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_notifications_read_at",
        table_name="notifications",
        postgresql_where=sa.text("read_at IS NOT NULL"),
    )
    op.drop_index(
        "ix_sessions_revoked_at", table_name="sessions", postgresql_where=sa.text("revoked_at IS NOT NULL")
    )
    op.drop_index("ix_sessions_expires_at", table_name="sessions")
    op.drop_index("ix_rate_limit_counters_window_start", table_name="rate_limit_counters")
    op.drop_index("ix_sign_in_failures_last_failure_at", table_name="sign_in_failures")
    op.execute("DELETE FROM sign_in_failures")
    op.drop_constraint("pk_sign_in_failures", "sign_in_failures", type_="primary")
    op.drop_column("sign_in_failures", "client_address")
    op.create_primary_key("pk_sign_in_failures", "sign_in_failures", ["email"])
