"""The programme's settings row, with the defaults and ranges of every value it holds.

These constants are the one statement of each setting's default and range: the row's server defaults
and checks, `programme.service` (validation, the defaults without a row) and the domains that read a
value all take them from here.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
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


# The score's components (matching.scoring computes them), as named in weights and in the API.
SEMANTIC = "semantic"
SKILLS = "skills"
PERSONALITY = "personality"
FEEDBACK = "feedback"
AVAILABILITY = "availability"
CAREER_DIRECTION = "careerDirection"
RESPONSIVENESS = "responsiveness"

# Semantic similarity dominates; the others refine the order among mentors who can teach the topic.
DEFAULT_WEIGHTS: dict[str, float] = {
    SEMANTIC: 0.55,
    SKILLS: 0.10,
    PERSONALITY: 0.05,
    FEEDBACK: 0.10,
    AVAILABILITY: 0.05,
    CAREER_DIRECTION: 0.10,
    RESPONSIVENESS: 0.05,
}


@dataclass(frozen=True)
class Limit:
    """A whole-number setting: its default and the range an admin may set it to."""

    default: int
    low: int
    high: int


# Column name -> default and range. The database checks the same ranges.
LIMITS: dict[str, Limit] = {
    # Places a new mentor profile gets (its owner changes their own afterwards).
    "default_capacity": Limit(2, 1, 20),
    # Active mentorships one participant may have as mentee.
    "max_mentors_per_mentee": Limit(1, 1, 10),
    # Pending requests one participant may have sent at once.
    "max_pending_requests": Limit(5, 1, 50),
    # Days a request waits for an answer before it expires.
    "request_ttl_days": Limit(14, 1, 90),
    # Days between a participant's check-ins on a mentorship.
    "check_in_interval_days": Limit(14, 1, 90),
}


def _limit_column(name: str) -> Mapped[int]:
    default = LIMITS[name].default
    return mapped_column(SmallInteger, default=default, server_default=str(default))


class ProgrammeSettingsRow(Base):
    __tablename__ = "programme_settings"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        *(
            CheckConstraint(f"{name} BETWEEN {limit.low} AND {limit.high}", name=f"{name}_in_range")
            for name, limit in LIMITS.items()
        ),
    )

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, default=1)
    # Component name -> weight (DEFAULT_WEIGHTS has the names); components never saved take the default.
    weights: Mapped[dict[str, Any]] = mapped_column(JSONB)
    direction: Mapped[Direction] = mapped_column(
        Enum(Direction, name="matching_direction"), default=Direction.ANY, server_default="ANY"
    )
    # True: mentors on the wrong side of the direction are excluded; False: they only score lower.
    require_direction: Mapped[bool] = mapped_column(default=False, server_default="false")
    default_capacity: Mapped[int] = _limit_column("default_capacity")
    max_mentors_per_mentee: Mapped[int] = _limit_column("max_mentors_per_mentee")
    max_pending_requests: Mapped[int] = _limit_column("max_pending_requests")
    request_ttl_days: Mapped[int] = _limit_column("request_ttl_days")
    check_in_interval_days: Mapped[int] = _limit_column("check_in_interval_days")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
