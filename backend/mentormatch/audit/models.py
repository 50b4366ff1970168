"""The audit log's table. Append-only: triggers (migration 0013) refuse UPDATE, DELETE and TRUNCATE, even
from the application's own role, so no code path (nor a bug in one) can rewrite history.

Rows refer to people by id only (no foreign keys: the row outlives the account, and erasing an account
needs no change here) or, where no id exists (a sign-in to an unknown email), by a keyed hash
(`audit.service.subject_hash`), never by a copy of an email, a name or a text someone wrote.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Index, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from mentormatch.db.base import Base, new_id

MAX_AUDIT_REASON = 500


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (
        # The log, newest first, and its filters.
        Index("ix_audit_log_at", "at", "id"),
        Index("ix_audit_log_actor", "actor_id", "at"),
        Index("ix_audit_log_target", "target_id", "at"),
        Index("ix_audit_log_action", "action", "at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=new_id)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.clock_timestamp())
    # Who did it: an admin or participant id; None for the system (or an anonymous caller).
    actor_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    # What: an `audit.service.Action` value (stored as text so new actions need no migration).
    action: Mapped[str] = mapped_column(String(64))
    # To what: a kind (USER, PROFILE, FEEDBACK, REPORT, SETTINGS, EMAIL) and its id or keyed hash.
    target_type: Mapped[str | None] = mapped_column(String(32))
    target_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    target_hash: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)
    # Before/after values of a settings change, counts of an erasure: never personal data.
    details: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    request_id: Mapped[str | None] = mapped_column(String(64))
