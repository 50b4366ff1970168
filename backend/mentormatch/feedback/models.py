"""Tables of the feedback loop: check-ins with their objective progress, logged sessions, the reminders
already sent, and the programme's rating totals.

What the schema holds by itself:
- a rating is 1-5, a progress 0-100, a session 5-600 minutes (checks);
- a participant gives at most one final check-in per mentorship (a partial unique index);
- a reminder is sent once per participant, mentorship and awaited check-in (the primary key);
- a check-in removed by a moderator (`removed_at`) stays, but counts nowhere: not in ratings (the
  trigger's recount, migration 0015), not in the figures; it still counts for the check-in interval;
- a mentor's `profiles.rating_count`, `rating_sum` and `rating_mentees`, and `rating_totals` (the sums
  over every mentor whose record is public), are kept by triggers on `feedback` and `mentorships`
  (migration 0012, `recount_mentor_ratings`), so no writer can forget them and concurrent check-ins
  cannot make them drift. The rules of what is public are in `feedback.records`.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentormatch.accounts.models import User
from mentormatch.db.base import Base, new_id
from mentormatch.mentorships.models import Mentorship, Role
from mentormatch.profiles.validation import MAX_ITEM

MAX_COMMENT = 2000
MAX_SESSION_NOTE = 1000
MIN_SESSION_MINUTES = 5
MAX_SESSION_MINUTES = 600


class Feedback(Base):
    """One check-in by one participant of a mentorship: how it is going, in their own words."""

    __tablename__ = "feedback"
    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
        CheckConstraint(f"char_length(comment) <= {MAX_COMMENT}", name="comment_length"),
        # Ending a mentorship asks each participant for one final check-in, and only one.
        Index(
            "uq_feedback_final_per_author",
            "mentorship_id",
            "author_id",
            unique=True,
            postgresql_where=text("final"),
        ),
        # A participant's check-ins on a mentorship, latest first (the interval and the ratings).
        Index("ix_feedback_mentorship_author", "mentorship_id", "author_id", "created_at"),
        # Deleting a user finds their check-ins through this (foreign key).
        Index("ix_feedback_author", "author_id"),
        # The programme's figures, by period.
        Index("ix_feedback_created_at", "created_at"),
        # Deleting a user finds the check-ins they removed as a moderator through this (foreign key).
        Index("ix_feedback_removed_by", "removed_by"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=new_id)
    mentorship_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"))
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    author_role: Mapped[Role] = mapped_column(Enum(Role, name="mentorship_role"))
    rating: Mapped[int] = mapped_column(SmallInteger)
    good_fit: Mapped[bool] = mapped_column(Boolean)
    comment: Mapped[str | None] = mapped_column(Text)
    # Given after the mentorship ended.
    final: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # Removed by a moderator (`removeFeedback`): kept, but no longer counted in ratings or figures.
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    removed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    removed_reason: Mapped[str | None] = mapped_column(Text)

    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="raise")
    mentorship: Mapped[Mentorship] = relationship(lazy="raise")
    progress: Mapped[list[FeedbackProgress]] = relationship(
        order_by="FeedbackProgress.position", cascade="all, delete-orphan", lazy="raise"
    )


class FeedbackProgress(Base):
    """How far a check-in says one of the mentorship's objectives has come, 0-100."""

    __tablename__ = "feedback_progress"
    __table_args__ = (CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),)

    feedback_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    objective: Mapped[str] = mapped_column(String(MAX_ITEM))
    progress: Mapped[int] = mapped_column(SmallInteger)


class MentorshipSession(Base):
    """A meeting of the pair, logged by either of them."""

    __tablename__ = "mentorship_sessions"
    __table_args__ = (
        CheckConstraint(
            f"minutes BETWEEN {MIN_SESSION_MINUTES} AND {MAX_SESSION_MINUTES}", name="minutes_range"
        ),
        CheckConstraint(f"char_length(note) <= {MAX_SESSION_NOTE}", name="note_length"),
        Index("ix_mentorship_sessions_mentorship", "mentorship_id", "held_on"),
        Index("ix_mentorship_sessions_logged_by", "logged_by"),
        Index("ix_mentorship_sessions_held_on", "held_on"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=new_id)
    mentorship_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"))
    logged_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    held_on: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(SmallInteger)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    logger: Mapped[User] = relationship(lazy="raise")


class CheckInReminder(Base):
    """A FEEDBACK_DUE notification already sent: one per participant, mentorship and awaited check-in,
    which is known by what it follows (`since_at`: the participant's last check-in, or the start), so
    a change of the interval does not announce the same check-in twice."""

    __tablename__ = "check_in_reminders"
    __table_args__ = (Index("ix_check_in_reminders_user", "user_id"),)

    mentorship_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("mentorships.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    since_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), primary_key=True)


class RatingTotals(Base):
    """One row: the rated mentorships and rating sum over every mentor whose record is public, whose
    mean is the programme's mean rating (a trigger keeps it; see `feedback.records`)."""

    __tablename__ = "rating_totals"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, default=1)
    rating_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    rating_sum: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
