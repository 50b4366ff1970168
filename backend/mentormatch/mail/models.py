"""The email outbox and each person's delivery choice per kind of email.

A leaf below notifications: it imports only the users table, and knows the events it mails by name.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Enum, ForeignKey, Index, Integer, Text, func, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from mentormatch.db.base import Base, new_id


class EmailKind(enum.Enum):
    """The emails a person can receive. The first ones share their names with the in-app notifications
    they mail; the rest exist only as email."""

    REQUEST_RECEIVED = "REQUEST_RECEIVED"
    REQUEST_ACCEPTED = "REQUEST_ACCEPTED"
    REQUEST_DECLINED = "REQUEST_DECLINED"
    REQUEST_CANCELLED = "REQUEST_CANCELLED"
    REQUEST_EXPIRING = "REQUEST_EXPIRING"
    FEEDBACK_DUE = "FEEDBACK_DUE"
    REMATCH_OFFERED = "REMATCH_OFFERED"
    MATCH_SUGGESTIONS = "MATCH_SUGGESTIONS"
    # Not a preference: asked for by the person, sent at once, whatever they chose for the others.
    PASSWORD_RESET = "PASSWORD_RESET"


class Delivery(enum.Enum):
    IMMEDIATELY = "IMMEDIATELY"
    DAILY_DIGEST = "DAILY_DIGEST"
    NEVER = "NEVER"


class EmailPreference(Base):
    """A person's choice for one kind; without a row, the kind's default (mail.service.DEFAULT_DELIVERY)."""

    __tablename__ = "email_preferences"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[EmailKind] = mapped_column(Enum(EmailKind, name="email_kind"), primary_key=True)
    delivery: Mapped[Delivery] = mapped_column(Enum(Delivery, name="email_delivery"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class OutboxEmail(Base):
    """One email to send, written in the transaction of the event it tells about (so a rolled-back event
    sends nothing and a committed one is never lost), and sent by whichever process claims it first."""

    __tablename__ = "email_outbox"
    __table_args__ = (
        # What the sender claims next: unsent, due, oldest first.
        Index(
            "ix_email_outbox_due", "due_at", postgresql_where=text("sent_at IS NULL AND failed_at IS NULL")
        ),
        Index("ix_email_outbox_user", "user_id"),
        # Pruning: every email past the retention, sent, given up or never sent (email off).
        Index("ix_email_outbox_created", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=new_id)
    # The recipient: their address is read when the email is sent, so a changed address is used and an
    # erased account (ON DELETE CASCADE) is never mailed.
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[EmailKind] = mapped_column(Enum(EmailKind, name="email_kind"))
    delivery: Mapped[Delivery] = mapped_column(Enum(Delivery, name="email_delivery"))
    # What the template shows: the event's message in the person's own words, a link path, and for some
    # kinds more (the suggested mentors; a reset link). Cleared once the email is sent or given up: the
    # outbox keeps no copy of what people were told.
    content: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.clock_timestamp()
    )
    # When it may be sent: now, the recipient's next digest hour, or after a failed attempt's back-off.
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # A process that claimed it owns it until then (a crash mid-send lets another retry after it).
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Given up: the server refused the address for good, or every retry failed.
    failed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
