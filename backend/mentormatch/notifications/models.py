"""The notifications table: what happened, to whom, and whether they have read it.

A leaf: any domain writes notifications, and this module imports none of them. The request and the
mentorship a notification is about are related by name, resolved once every table is imported
(`db/models.py`).
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, Enum, ForeignKey, Index, Text, func, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentormatch.accounts.models import User
from mentormatch.db.base import Base, new_id

if TYPE_CHECKING:
    from mentormatch.mentorships.models import Mentorship, MentorshipRequest


class NotificationKind(enum.Enum):
    REQUEST_RECEIVED = "REQUEST_RECEIVED"
    REQUEST_ACCEPTED = "REQUEST_ACCEPTED"
    REQUEST_DECLINED = "REQUEST_DECLINED"
    REQUEST_WITHDRAWN = "REQUEST_WITHDRAWN"
    REQUEST_CANCELLED = "REQUEST_CANCELLED"
    REQUEST_EXPIRED = "REQUEST_EXPIRED"
    # A pending request is about to expire: its recipient is reminded once.
    REQUEST_EXPIRING = "REQUEST_EXPIRING"
    MENTORSHIP_ENDED = "MENTORSHIP_ENDED"
    FEEDBACK_DUE = "FEEDBACK_DUE"
    REMATCH_OFFERED = "REMATCH_OFFERED"
    # A report the participant made was reviewed (never saying what was done to whom).
    REPORT_RESOLVED = "REPORT_RESOLVED"


class Notification(Base):
    """One event for one participant; the message is written when it happens, in their words."""

    __tablename__ = "notifications"
    __table_args__ = (
        # The list, newest first (a B-tree reads backwards just as fast).
        Index("ix_notifications_user_created", "user_id", "created_at", "id"),
        # The unread count and `unreadOnly`, which stay small however long the history grows.
        Index("ix_notifications_unread", "user_id", postgresql_where=text("read_at IS NULL")),
        # ON DELETE SET NULL: deleting a user, request or mentorship finds the rows to clear through these.
        Index("ix_notifications_actor", "actor_id"),
        Index("ix_notifications_request", "request_id"),
        Index("ix_notifications_mentorship", "mentorship_id"),
        # Pruning: read notifications past the retention are deleted; unread ones are never.
        Index("ix_notifications_read_at", "read_at", postgresql_where=text("read_at IS NOT NULL")),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[NotificationKind] = mapped_column(Enum(NotificationKind, name="notification_kind"))
    # Who caused it; NULL for the system (expiry, a limit reached) or a deleted account. Always one of
    # the participants of the request or mentorship it is about.
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    request_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("mentorship_requests.id", ondelete="SET NULL")
    )
    mentorship_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("mentorships.id", ondelete="SET NULL"))
    message: Mapped[str] = mapped_column(Text)
    # The clock, not the transaction's start: events of one transaction keep the order they happened in.
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.clock_timestamp()
    )
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id], lazy="raise")
    request: Mapped[MentorshipRequest | None] = relationship("MentorshipRequest", lazy="raise")
    mentorship: Mapped[Mentorship | None] = relationship("Mentorship", lazy="raise")

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
