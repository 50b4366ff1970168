"""The skill-gap map: refresh jobs with their progress, and the topics of the last finished refresh.

- `skill_gap_jobs`: one row per refresh; its `progress` (0-1), `stage` and `updated_at` are written while
  it runs (one that stops moving died with its process; the next refresh marks it FAILED). A partial
  unique index lets only one refresh run at a time.
- `skill_gap_topics`: the topics a finished job found, with their demand, supply and examples, so reading
  the map is a plain select.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "skill_gap_jobs",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="RUNNING", nullable=False),
        sa.Column("stage", sa.String(length=100), server_default="Queued", nullable=False),
        sa.Column("progress", sa.Float(), server_default="0", nullable=False),
        sa.Column("requested_by", sa.UUID(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("mentees", sa.Integer(), server_default="0", nullable=False),
        sa.Column("mentors", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint("status IN ('RUNNING', 'DONE', 'FAILED')", name=op.f("ck_skill_gap_jobs_status")),
        sa.CheckConstraint("progress BETWEEN 0 AND 1", name=op.f("ck_skill_gap_jobs_progress_range")),
        sa.ForeignKeyConstraint(
            ["requested_by"],
            ["users.id"],
            name=op.f("fk_skill_gap_jobs_requested_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skill_gap_jobs")),
    )
    op.create_index(
        "uq_skill_gap_jobs_one_running",
        "skill_gap_jobs",
        ["status"],
        unique=True,
        postgresql_where=sa.text("status = 'RUNNING'"),
    )
    op.create_index("ix_skill_gap_jobs_finished_at", "skill_gap_jobs", ["finished_at"])
    op.create_index("ix_skill_gap_jobs_requested_by", "skill_gap_jobs", ["requested_by"])
    op.create_table(
        "skill_gap_topics",
        sa.Column("job_id", sa.UUID(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("phrases", postgresql.ARRAY(sa.String(length=300)), nullable=False),
        sa.Column("demand", sa.Integer(), nullable=False),
        sa.Column("mentees_wanting", sa.Integer(), nullable=False),
        sa.Column("supply", sa.Integer(), nullable=False),
        sa.Column("free_places", sa.Integer(), nullable=False),
        sa.Column("gap", sa.Integer(), nullable=False),
        sa.Column("example_objectives", postgresql.ARRAY(sa.String(length=300)), nullable=False),
        sa.Column("example_mentor_ids", postgresql.ARRAY(sa.UUID()), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["skill_gap_jobs.id"],
            name=op.f("fk_skill_gap_topics_job_id_skill_gap_jobs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("job_id", "position", name=op.f("pk_skill_gap_topics")),
    )


def downgrade() -> None:
    op.drop_table("skill_gap_topics")
    op.drop_index("ix_skill_gap_jobs_requested_by", table_name="skill_gap_jobs")
    op.drop_index("ix_skill_gap_jobs_finished_at", table_name="skill_gap_jobs")
    op.drop_index("uq_skill_gap_jobs_one_running", table_name="skill_gap_jobs")
    op.drop_table("skill_gap_jobs")
