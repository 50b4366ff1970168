"""Email: the outbox, each person's delivery choices, and the reminders sent once (a pending request about
to expire; a mentee still without a mentor).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = (
    "REQUEST_RECEIVED",
    "REQUEST_ACCEPTED",
    "REQUEST_DECLINED",
    "REQUEST_CANCELLED",
    "REQUEST_EXPIRING",
    "FEEDBACK_DUE",
    "REMATCH_OFFERED",
    "MATCH_SUGGESTIONS",
    "PASSWORD_RESET",
)
DELIVERIES = ("IMMEDIATELY", "DAILY_DIGEST", "NEVER")
# When a daily digest goes out: the first `hour` o'clock after `after` in the person's time zone (a name
# PostgreSQL does not know, or none, counts as UTC: a digest must never fail a transaction).
NEXT_DIGEST = """
CREATE FUNCTION mentormatch_next_digest(tz text, hour integer, after timestamptz) RETURNS timestamptz
LANGUAGE plpgsql STABLE AS $$
DECLARE
    zone text := COALESCE(tz, 'UTC');
    local_after timestamp;
    candidate timestamp;
BEGIN
    BEGIN
        local_after := after AT TIME ZONE zone;
    EXCEPTION WHEN invalid_parameter_value THEN
        zone := 'UTC';
        local_after := after AT TIME ZONE zone;
    END;
    candidate := date_trunc('day', local_after) + make_interval(hours => hour);
    IF candidate <= local_after THEN
        candidate := candidate + interval '1 day';
    END IF;
    RETURN candidate AT TIME ZONE zone;
END
$$
"""


def upgrade() -> None:
    op.execute("ALTER TYPE notification_kind ADD VALUE IF NOT EXISTS 'REQUEST_EXPIRING'")
    kind = postgresql.ENUM(*KINDS, name="email_kind", create_type=False)
    delivery = postgresql.ENUM(*DELIVERIES, name="email_delivery", create_type=False)
    kind.create(op.get_bind())
    delivery.create(op.get_bind())
    op.create_table(
        "email_preferences",
        sa.Column("user_id", sa.UUID(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("kind", kind, primary_key=True),
        sa.Column("delivery", delivery, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_table(
        "email_outbox",
        sa.Column("id", sa.UUID(), primary_key=True),
        sa.Column("user_id", sa.UUID(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", kind, nullable=False),
        sa.Column("delivery", delivery, nullable=False),
        sa.Column("content", postgresql.JSONB(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.clock_timestamp(), nullable=False
        ),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index(
        "ix_email_outbox_due",
        "email_outbox",
        ["due_at"],
        postgresql_where=sa.text("sent_at IS NULL AND failed_at IS NULL"),
    )
    op.create_index("ix_email_outbox_user", "email_outbox", ["user_id"])
    op.create_index("ix_email_outbox_created", "email_outbox", ["created_at"])
    op.execute(NEXT_DIGEST)
    op.add_column(
        "mentorship_requests", sa.Column("expiry_reminded_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("users", sa.Column("match_suggestions_sent_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "match_suggestions_sent_at")
    op.drop_column("mentorship_requests", "expiry_reminded_at")
    op.execute("DROP FUNCTION mentormatch_next_digest(text, integer, timestamptz)")
    op.drop_table("email_outbox")
    op.drop_table("email_preferences")
    op.execute("DROP TYPE email_delivery")
    op.execute("DROP TYPE email_kind")
    # PostgreSQL cannot drop one value of an enum: REQUEST_EXPIRING stays in notification_kind.
