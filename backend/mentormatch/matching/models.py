"""The programme's matching settings: one row an admin tunes."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, Enum, ForeignKey, SmallInteger, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from mentormatch.db.base import Base


class Direction(enum.Enum):
    """Which way mentoring flows between career stages."""

    ANY = "ANY"
    REVERSE = "REVERSE"  # mentors earlier in their career than their mentees
    TRADITIONAL = "TRADITIONAL"  # mentors later in their career than their mentees


class MatchingSettings(Base):
    __tablename__ = "matching_settings"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("max_pending_requests >= 1", name="max_pending_requests_positive"),
        CheckConstraint("max_mentors_per_mentee >= 1", name="max_mentors_per_mentee_positive"),
        CheckConstraint("request_ttl_days >= 1", name="request_ttl_days_positive"),
        CheckConstraint("check_in_interval_days >= 1", name="check_in_interval_days_positive"),
    )

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, default=1)
    # Component name -> weight; see matching.scoring.DEFAULT_WEIGHTS for the names.
    weights: Mapped[dict[str, Any]] = mapped_column(JSONB)
    direction: Mapped[Direction] = mapped_column(
        Enum(Direction, name="matching_direction"), default=Direction.ANY, server_default="ANY"
    )
    # True: mentors on the wrong side of the direction are excluded; False: they only score lower.
    require_direction: Mapped[bool] = mapped_column(default=False, server_default="false")
    # Limits of mentorship requests, read by mentorships.service (the defaults apply without a row).
    max_pending_requests: Mapped[int] = mapped_column(SmallInteger, default=5, server_default="5")
    max_mentors_per_mentee: Mapped[int] = mapped_column(SmallInteger, default=1, server_default="1")
    request_ttl_days: Mapped[int] = mapped_column(SmallInteger, default=14, server_default="14")
    # Days between a participant's check-ins on a mentorship, read by feedback.service.
    check_in_interval_days: Mapped[int] = mapped_column(SmallInteger, default=14, server_default="14")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
