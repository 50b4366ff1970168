"""Matching: programme settings; mentees and ratings counters on profiles.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "matching_settings",
        sa.Column("id", sa.SmallInteger(), nullable=False),
        sa.Column("weights", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "direction",
            sa.Enum("ANY", "REVERSE", "TRADITIONAL", name="matching_direction"),
            server_default="ANY",
            nullable=False,
        ),
        sa.Column("require_direction", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_by", sa.UUID(), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_matching_settings_single_row")),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["users.id"],
            name=op.f("fk_matching_settings_updated_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matching_settings")),
    )
    op.add_column(
        "profiles", sa.Column("active_mentees", sa.SmallInteger(), server_default="0", nullable=False)
    )
    op.add_column("profiles", sa.Column("rating_count", sa.Integer(), server_default="0", nullable=False))
    op.add_column("profiles", sa.Column("rating_sum", sa.Integer(), server_default="0", nullable=False))
    op.create_check_constraint(
        op.f("ck_profiles_active_mentees_not_negative"), "profiles", "active_mentees >= 0"
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_profiles_active_mentees_not_negative"), "profiles", type_="check")
    op.drop_column("profiles", "rating_sum")
    op.drop_column("profiles", "rating_count")
    op.drop_column("profiles", "active_mentees")
    op.drop_table("matching_settings")
    sa.Enum(name="matching_direction").drop(op.get_bind())
