"""Mentorships: requests, mentorships, notifications; request limits in the programme settings.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mentorship_requests",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("mentor_id", sa.UUID(), nullable=False),
        sa.Column("mentee_id", sa.UUID(), nullable=False),
        sa.Column("sender_id", sa.UUID(), nullable=False),
        sa.Column("recipient_id", sa.UUID(), nullable=False),
        sa.Column("message", sa.String(length=1000), nullable=False),
        sa.Column("objectives", sa.ARRAY(sa.String(length=300)), server_default="{}", nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "PENDING", "ACCEPTED", "DECLINED", "WITHDRAWN", "EXPIRED", "CANCELLED", name="request_status"
            ),
            server_default="PENDING",
            nullable=False,
        ),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(sender_id = mentee_id AND recipient_id = mentor_id)"
            " OR (sender_id = mentor_id AND recipient_id = mentee_id)",
            name=op.f("ck_mentorship_requests_sender_and_recipient_are_the_participants"),
        ),
        sa.CheckConstraint(
            "mentor_id <> mentee_id", name=op.f("ck_mentorship_requests_distinct_participants")
        ),
        sa.ForeignKeyConstraint(
            ["mentee_id"],
            ["users.id"],
            name=op.f("fk_mentorship_requests_mentee_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["users.id"],
            name=op.f("fk_mentorship_requests_mentor_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["users.id"],
            name=op.f("fk_mentorship_requests_recipient_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"],
            ["users.id"],
            name=op.f("fk_mentorship_requests_sender_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentorship_requests")),
    )
    op.create_index(
        "ix_mentorship_requests_pending_mentee",
        "mentorship_requests",
        ["mentee_id"],
        unique=False,
        postgresql_where=sa.text("status = 'PENDING'"),
    )
    op.create_index(
        "ix_mentorship_requests_recipient",
        "mentorship_requests",
        ["recipient_id", "created_at", "id"],
        unique=False,
    )
    op.create_index(
        "ix_mentorship_requests_sender",
        "mentorship_requests",
        ["sender_id", "created_at", "id"],
        unique=False,
    )
    op.create_index(
        "uq_mentorship_requests_pending_pair",
        "mentorship_requests",
        ["mentor_id", "mentee_id"],
        unique=True,
        postgresql_where=sa.text("status = 'PENDING'"),
    )
    op.create_table(
        "mentorships",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("request_id", sa.UUID(), nullable=False),
        sa.Column("mentor_id", sa.UUID(), nullable=False),
        sa.Column("mentee_id", sa.UUID(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("ACTIVE", "ENDED", name="mentorship_status"),
            server_default="ACTIVE",
            nullable=False,
        ),
        sa.Column("started_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_by", sa.UUID(), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum("COMPLETED", "ENDED_EARLY", "NOT_A_FIT", name="mentorship_outcome"),
            nullable=True,
        ),
        sa.Column("end_reason", sa.String(length=500), nullable=True),
        sa.CheckConstraint(
            "(status = 'ACTIVE') = (ended_at IS NULL)", name=op.f("ck_mentorships_ended_when_ended")
        ),
        sa.CheckConstraint("mentor_id <> mentee_id", name=op.f("ck_mentorships_distinct_participants")),
        sa.ForeignKeyConstraint(
            ["ended_by"], ["users.id"], name=op.f("fk_mentorships_ended_by_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["mentee_id"], ["users.id"], name=op.f("fk_mentorships_mentee_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"], ["users.id"], name=op.f("fk_mentorships_mentor_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["mentorship_requests.id"],
            name=op.f("fk_mentorships_request_id_mentorship_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentorships")),
        sa.UniqueConstraint("request_id", name=op.f("uq_mentorships_request_id")),
    )
    op.create_index("ix_mentorships_mentee", "mentorships", ["mentee_id", "started_at", "id"], unique=False)
    op.create_index("ix_mentorships_mentor", "mentorships", ["mentor_id", "started_at", "id"], unique=False)
    op.create_index(
        "uq_mentorships_active_pair",
        "mentorships",
        ["mentor_id", "mentee_id"],
        unique=True,
        postgresql_where=sa.text("status = 'ACTIVE'"),
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "REQUEST_RECEIVED",
                "REQUEST_ACCEPTED",
                "REQUEST_DECLINED",
                "REQUEST_WITHDRAWN",
                "REQUEST_CANCELLED",
                "REQUEST_EXPIRED",
                "MENTORSHIP_ENDED",
                "FEEDBACK_DUE",
                name="notification_kind",
            ),
            nullable=False,
        ),
        sa.Column("actor_id", sa.UUID(), nullable=True),
        sa.Column("request_id", sa.UUID(), nullable=True),
        sa.Column("mentorship_id", sa.UUID(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_notifications_actor_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["mentorship_id"],
            ["mentorships.id"],
            name=op.f("fk_notifications_mentorship_id_mentorships"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["mentorship_requests.id"],
            name=op.f("fk_notifications_request_id_mentorship_requests"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_notifications_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    op.create_index(
        "ix_notifications_unread",
        "notifications",
        ["user_id"],
        unique=False,
        postgresql_where=sa.text("read_at IS NULL"),
    )
    op.create_index(
        "ix_notifications_user_created", "notifications", ["user_id", "created_at", "id"], unique=False
    )
    op.add_column(
        "matching_settings",
        sa.Column("max_pending_requests", sa.SmallInteger(), server_default="5", nullable=False),
    )
    op.add_column(
        "matching_settings",
        sa.Column("max_mentors_per_mentee", sa.SmallInteger(), server_default="1", nullable=False),
    )
    op.add_column(
        "matching_settings",
        sa.Column("request_ttl_days", sa.SmallInteger(), server_default="14", nullable=False),
    )
    for column in ("max_pending_requests", "max_mentors_per_mentee", "request_ttl_days"):
        op.create_check_constraint(
            op.f(f"ck_matching_settings_{column}_positive"), "matching_settings", f"{column} >= 1"
        )


def downgrade() -> None:
    for column in ("max_pending_requests", "max_mentors_per_mentee", "request_ttl_days"):
        op.drop_constraint(
            op.f(f"ck_matching_settings_{column}_positive"), "matching_settings", type_="check"
        )
    op.drop_column("matching_settings", "request_ttl_days")
    op.drop_column("matching_settings", "max_mentors_per_mentee")
    op.drop_column("matching_settings", "max_pending_requests")
    op.drop_index("ix_notifications_user_created", table_name="notifications")
    op.drop_index(
        "ix_notifications_unread", table_name="notifications", postgresql_where=sa.text("read_at IS NULL")
    )
    op.drop_table("notifications")
    op.drop_index(
        "uq_mentorships_active_pair", table_name="mentorships", postgresql_where=sa.text("status = 'ACTIVE'")
    )
    op.drop_index("ix_mentorships_mentor", table_name="mentorships")
    op.drop_index("ix_mentorships_mentee", table_name="mentorships")
    op.drop_table("mentorships")
    op.drop_index(
        "uq_mentorship_requests_pending_pair",
        table_name="mentorship_requests",
        postgresql_where=sa.text("status = 'PENDING'"),
    )
    op.drop_index("ix_mentorship_requests_sender", table_name="mentorship_requests")
    op.drop_index("ix_mentorship_requests_recipient", table_name="mentorship_requests")
    op.drop_index(
        "ix_mentorship_requests_pending_mentee",
        table_name="mentorship_requests",
        postgresql_where=sa.text("status = 'PENDING'"),
    )
    op.drop_table("mentorship_requests")
    bind = op.get_bind()
    for enum in ("notification_kind", "mentorship_outcome", "mentorship_status", "request_status"):
        sa.Enum(name=enum).drop(bind)
