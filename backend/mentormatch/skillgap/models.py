"""The skill-gap map's tables: refresh jobs with their progress, and the topics a finished job found.

Only one job runs at a time: a partial unique index on the RUNNING status, so two admins pressing
refresh at once start one job. Topics are written in one go when their job is done; the service reads
them with plain SQL (`skillgap.service`).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Float, ForeignKey, Index, Integer, String, Text, func, text
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Mapped, mapped_column

from mentormatch.db.base import Base, new_id


class SkillGapJob(Base):
    __tablename__ = "skill_gap_jobs"
    __table_args__ = (
        CheckConstraint("status IN ('RUNNING', 'DONE', 'FAILED')", name="status"),
        CheckConstraint("progress BETWEEN 0 AND 1", name="progress_range"),
        Index(
            "uq_skill_gap_jobs_one_running",
            "status",
            unique=True,
            postgresql_where=text("status = 'RUNNING'"),
        ),
        # The newest finished map.
        Index("ix_skill_gap_jobs_finished_at", "finished_at"),
        # Foreign key: deleting a user finds their jobs through it.
        Index("ix_skill_gap_jobs_requested_by", "requested_by"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=new_id)
    status: Mapped[str] = mapped_column(String(16), server_default="RUNNING")
    stage: Mapped[str] = mapped_column(String(100), server_default="Queued")
    progress: Mapped[float] = mapped_column(Float, server_default="0")
    requested_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # When its progress last moved (a job that stops moving died with its process).
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str | None] = mapped_column(Text)
    mentees: Mapped[int] = mapped_column(Integer, server_default="0")
    mentors: Mapped[int] = mapped_column(Integer, server_default="0")


class SkillGapTopic(Base):
    __tablename__ = "skill_gap_topics"

    job_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("skill_gap_jobs.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(300))
    phrases: Mapped[list[str]] = mapped_column(ARRAY(String(300)))
    demand: Mapped[int] = mapped_column(Integer)
    mentees_wanting: Mapped[int] = mapped_column(Integer)
    supply: Mapped[int] = mapped_column(Integer)
    free_places: Mapped[int] = mapped_column(Integer)
    gap: Mapped[int] = mapped_column(Integer)
    example_objectives: Mapped[list[str]] = mapped_column(ARRAY(String(300)))
    example_mentor_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(UUID(as_uuid=True)))
