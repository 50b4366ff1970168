"""Tables of mentorships: requests (either side may propose) and the mentorships they become.

The rules that must hold under concurrency live in the schema: one PENDING request per pair and one
ACTIVE mentorship per pair (partial unique indexes), one mentorship per request (a unique foreign key),
and the sender and recipient are always the two participants (a CHECK).

A trigger on `mentorships` (migration 0007, `mentorships_count_active_mentees`) keeps each mentor's
`profiles.active_mentees` equal to their ACTIVE mentorships: on every insert, delete, status change or
change of mentor it locks the mentor's profile row and recounts, so the counter cannot drift and heals
if it was ever set wrong by hand. A mentorship that becomes ACTIVE beyond the mentor's `capacity` is
refused with a check violation named MENTOR_CAPACITY.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import ARRAY, CheckConstraint, DateTime, Enum, ForeignKey, Index, String, func, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload
from sqlalchemy.orm.strategy_options import _AbstractLoad

from mentormatch.accounts.models import User
from mentormatch.db.base import Base, new_id

MAX_MESSAGE = 1000
MAX_REASON = 500
# The check the `active_mentees` trigger reports when a mentorship would pass the mentor's capacity.
MENTOR_CAPACITY = "mentor_capacity"


class Role(enum.Enum):
    """A participant's side of a request or mentorship."""

    MENTOR = "MENTOR"
    MENTEE = "MENTEE"


class RequestStatus(enum.Enum):
    PENDING = "PENDING"
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    WITHDRAWN = "WITHDRAWN"
    EXPIRED = "EXPIRED"
    # Made impossible by a limit another acceptance reached (the mentor's capacity, the mentee's
    # most mentors at once).
    CANCELLED = "CANCELLED"


class MentorshipStatus(enum.Enum):
    ACTIVE = "ACTIVE"
    ENDED = "ENDED"


class MentorshipOutcome(enum.Enum):
    COMPLETED = "COMPLETED"
    ENDED_EARLY = "ENDED_EARLY"
    NOT_A_FIT = "NOT_A_FIT"


class MentorshipRequest(Base):
    """A proposal from one participant to another: a mentee asking a mentor, or a mentor inviting."""

    __tablename__ = "mentorship_requests"
    __table_args__ = (
        CheckConstraint("mentor_id <> mentee_id", name="distinct_participants"),
        CheckConstraint(
            "(sender_id = mentee_id AND recipient_id = mentor_id)"
            " OR (sender_id = mentor_id AND recipient_id = mentee_id)",
            name="sender_and_recipient_are_the_participants",
        ),
        # The database, not a check in Python, keeps one open request per pair, whoever sent it.
        Index(
            "uq_mentorship_requests_pending_pair",
            "mentor_id",
            "mentee_id",
            unique=True,
            postgresql_where=text("status = 'PENDING'"),
        ),
        # Incoming and outgoing lists, newest first, and the count of a sender's pending requests.
        Index("ix_mentorship_requests_recipient", "recipient_id", "created_at", "id"),
        Index("ix_mentorship_requests_sender", "sender_id", "created_at", "id"),
        # Deleting a user finds their requests through these (foreign keys); the mentee's also serves
        # cancelling the pending requests a reached limit makes impossible.
        Index("ix_mentorship_requests_mentor", "mentor_id"),
        Index("ix_mentorship_requests_mentee", "mentee_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=new_id)
    mentor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    mentee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    sender_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    recipient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(String(MAX_MESSAGE))
    # The mentee's learning objectives this request is about (copied: the profile may change later).
    objectives: Mapped[list[str]] = mapped_column(ARRAY(String(300)), default=list, server_default="{}")
    status: Mapped[RequestStatus] = mapped_column(
        Enum(RequestStatus, name="request_status"),
        default=RequestStatus.PENDING,
        server_default="PENDING",
    )
    # Why it was declined or cancelled.
    reason: Mapped[str | None] = mapped_column(String(MAX_REASON))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # A PENDING request past this instant is expired, whether or not anything has flipped it yet.
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # When the recipient was reminded that it is about to expire (once: remind_expiring_requests).
    expiry_reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    mentor: Mapped[User] = relationship(foreign_keys=[mentor_id], lazy="raise")
    mentee: Mapped[User] = relationship(foreign_keys=[mentee_id], lazy="raise")
    sender: Mapped[User] = relationship(foreign_keys=[sender_id], lazy="raise")
    recipient: Mapped[User] = relationship(foreign_keys=[recipient_id], lazy="raise")
    mentorship: Mapped[Mentorship | None] = relationship(
        back_populates="request", uselist=False, lazy="raise"
    )


class Mentorship(Base):
    """An agreed mentorship. The mentor's `profiles.active_mentees` counts their ACTIVE ones (a trigger)."""

    __tablename__ = "mentorships"
    __table_args__ = (
        CheckConstraint("mentor_id <> mentee_id", name="distinct_participants"),
        CheckConstraint("(status = 'ACTIVE') = (ended_at IS NULL)", name="ended_when_ended"),
        Index(
            "uq_mentorships_active_pair",
            "mentor_id",
            "mentee_id",
            unique=True,
            postgresql_where=text("status = 'ACTIVE'"),
        ),
        Index("ix_mentorships_mentor", "mentor_id", "started_at", "id"),
        Index("ix_mentorships_mentee", "mentee_id", "started_at", "id"),
        # ON DELETE SET NULL: deleting a user finds the mentorships they ended through this.
        Index("ix_mentorships_ended_by", "ended_by"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=new_id)
    # Unique: whatever happens, one request becomes at most one mentorship.
    request_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("mentorship_requests.id", ondelete="CASCADE"), unique=True
    )
    mentor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    mentee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[MentorshipStatus] = mapped_column(
        Enum(MentorshipStatus, name="mentorship_status"),
        default=MentorshipStatus.ACTIVE,
        server_default="ACTIVE",
    )
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ended_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    outcome: Mapped[MentorshipOutcome | None] = mapped_column(
        Enum(MentorshipOutcome, name="mentorship_outcome")
    )
    end_reason: Mapped[str | None] = mapped_column(String(MAX_REASON))
    # Set by the mentee's check-in saying it is not a good fit (feedback.service), cleared by one saying
    # it is: while set, the mentee is offered to end it as NOT_A_FIT and be matched afresh.
    rematch_offered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    mentor: Mapped[User] = relationship(foreign_keys=[mentor_id], lazy="raise")
    mentee: Mapped[User] = relationship(foreign_keys=[mentee_id], lazy="raise")
    ender: Mapped[User | None] = relationship(foreign_keys=[ended_by], lazy="raise")
    request: Mapped[MentorshipRequest] = relationship(back_populates="mentorship", lazy="raise")


def request_options() -> list[_AbstractLoad]:
    """Loader options: a request with everything its GraphQL type shows."""
    return [
        selectinload(MentorshipRequest.mentor),
        selectinload(MentorshipRequest.mentee),
        selectinload(MentorshipRequest.sender),
        selectinload(MentorshipRequest.recipient),
        selectinload(MentorshipRequest.mentorship).options(
            selectinload(Mentorship.mentor),
            selectinload(Mentorship.mentee),
            selectinload(Mentorship.ender),
            selectinload(Mentorship.request),
        ),
    ]


def mentorship_options() -> list[_AbstractLoad]:
    """Loader options: a mentorship with everything its GraphQL type shows."""
    return [
        selectinload(Mentorship.mentor),
        selectinload(Mentorship.mentee),
        selectinload(Mentorship.ender),
        selectinload(Mentorship.request).options(
            selectinload(MentorshipRequest.mentor),
            selectinload(MentorshipRequest.mentee),
            selectinload(MentorshipRequest.sender),
            selectinload(MentorshipRequest.recipient),
            selectinload(MentorshipRequest.mentorship),
        ),
    ]
