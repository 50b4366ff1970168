"""The reports table: what a participant reported, why, and how an admin resolved it.

A report names its target by kind and id (a user, a profile, a check-in: no foreign key can point at
all three) and, for the queue and for erasure, the user it is about (`target_user_id`: the reported user,
the profile's owner, the check-in's author). One reporter has at most one OPEN report per target: a
partial unique index, so two simultaneous reports of the same thing are one.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Enum, ForeignKey, Index, Text, func, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentormatch.accounts.models import User
from mentormatch.db.base import Base, new_id

MAX_REPORT_REASON = 1000
MAX_REPORT_NOTE = 1000


class ReportTargetType(enum.Enum):
    USER = "USER"
    PROFILE = "PROFILE"
    FEEDBACK = "FEEDBACK"


class ReportStatus(enum.Enum):
    """In queue order: PostgreSQL sorts enum values as declared, so OPEN comes first."""

    OPEN = "OPEN"
    RESOLVED = "RESOLVED"


class ReportAction(enum.Enum):
    NONE = "NONE"
    HIDE_PROFILE = "HIDE_PROFILE"
    SUSPEND_USER = "SUSPEND_USER"
    REMOVE_FEEDBACK = "REMOVE_FEEDBACK"


class Report(Base):
    __tablename__ = "reports"
    __table_args__ = (
        CheckConstraint(f"char_length(reason) BETWEEN 1 AND {MAX_REPORT_REASON}", name="reason_length"),
        CheckConstraint(
            "(status = 'OPEN') = (resolved_at IS NULL AND action IS NULL)", name="resolved_with_action"
        ),
        # One OPEN report per reporter and target, whoever wins a race: the other gets this one.
        Index(
            "uq_reports_open_per_reporter",
            "reporter_id",
            "target_type",
            "target_id",
            unique=True,
            postgresql_where=text("status = 'OPEN'"),
        ),
        # The queue: OPEN first (enum order), oldest first.
        Index("ix_reports_queue", "status", "created_at", "id"),
        # Foreign keys (deleting a user finds their rows through these); a reporter's own reports.
        Index("ix_reports_reporter", "reporter_id", "created_at"),
        Index("ix_reports_target_user", "target_user_id"),
        Index("ix_reports_resolved_by", "resolved_by"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=new_id)
    reporter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    target_type: Mapped[ReportTargetType] = mapped_column(Enum(ReportTargetType, name="report_target_type"))
    target_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    target_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[ReportStatus] = mapped_column(
        Enum(ReportStatus, name="report_status"), default=ReportStatus.OPEN, server_default="OPEN"
    )
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.clock_timestamp()
    )
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[ReportAction | None] = mapped_column(Enum(ReportAction, name="report_action"))
    note: Mapped[str | None] = mapped_column(Text)

    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id], lazy="raise")
    target_user: Mapped[User] = relationship(foreign_keys=[target_user_id], lazy="raise")
    resolver: Mapped[User | None] = relationship(foreign_keys=[resolved_by], lazy="raise")
