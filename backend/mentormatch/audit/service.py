"""Writing and reading the audit log.

`record` adds one entry in the caller's transaction, so an action and its entry commit (or roll back)
together. Every admin action and every security-relevant event calls it with an `Action`; the request id
comes from the request's context (the same id as its log lines and its `X-Request-ID` header).
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, literal, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.audit.models import AuditEntry
from mentormatch.db.engine import read_only
from mentormatch.db.keyset import decode_cursor, page_size
from mentormatch.logging import REQUEST_ID

Db = async_sessionmaker[AsyncSession]


class Action(enum.Enum):
    """Everything the log records. Never rename one: filters and reports match on them."""

    # Moderation.
    USER_SUSPENDED = "USER_SUSPENDED"
    USER_REINSTATED = "USER_REINSTATED"
    PROFILE_HIDDEN = "PROFILE_HIDDEN"
    PROFILE_UNHIDDEN = "PROFILE_UNHIDDEN"
    FEEDBACK_REMOVED = "FEEDBACK_REMOVED"
    REPORT_RESOLVED = "REPORT_RESOLVED"
    # The programme.
    SETTINGS_CHANGED = "SETTINGS_CHANGED"
    # Accounts and their data.
    SIGN_IN_THROTTLED = "SIGN_IN_THROTTLED"
    PASSWORD_CHANGED = "PASSWORD_CHANGED"
    PASSWORD_RESET_ISSUED = "PASSWORD_RESET_ISSUED"
    PASSWORD_RESET_USED = "PASSWORD_RESET_USED"
    DATA_EXPORTED = "DATA_EXPORTED"
    ACCOUNT_DELETED = "ACCOUNT_DELETED"
    USER_ERASED = "USER_ERASED"
    ADMIN_CREATED = "ADMIN_CREATED"
    # Cohort matching.
    COHORT_PROPOSED = "COHORT_PROPOSED"
    COHORT_PUBLISHED = "COHORT_PUBLISHED"
    # People imported from a CSV file uploaded in the admin console (details: the totals).
    PEOPLE_IMPORTED = "PEOPLE_IMPORTED"


class TargetType(enum.Enum):
    USER = "USER"
    PROFILE = "PROFILE"
    FEEDBACK = "FEEDBACK"
    REPORT = "REPORT"
    SETTINGS = "SETTINGS"
    # Something known only by a keyed hash (a sign-in to an email that may have no account).
    EMAIL = "EMAIL"
    COHORT_PROPOSAL = "COHORT_PROPOSAL"


def subject_hash(key: str, value: str) -> str:
    """A keyed hash of an identifier (an email, normalised by the caller): the same value gives the same
    hash, so entries about it can be found, but the log holds no copy of it."""
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()


async def record(
    session: AsyncSession,
    *,
    actor_id: uuid.UUID | None,
    action: Action,
    target_type: TargetType | None = None,
    target_id: uuid.UUID | None = None,
    target_hash: str | None = None,
    reason: str | None = None,
    details: Mapping[str, Any] | None = None,
) -> None:
    """Add one entry in the caller's transaction."""
    request_id = REQUEST_ID.get()
    await session.execute(
        insert(AuditEntry).values(
            actor_id=actor_id,
            action=action.value,
            target_type=target_type.value if target_type else None,
            target_id=target_id,
            target_hash=target_hash,
            reason=reason,
            details=dict(details) if details is not None else None,
            request_id=None if request_id == "-" else request_id,
        )
    )


@dataclass(frozen=True)
class AuditFilter:
    actor_id: uuid.UUID | None = None
    target_id: uuid.UUID | None = None
    actions: tuple[Action, ...] = ()
    start: datetime | None = None
    end: datetime | None = None


@dataclass
class AuditPage:
    entries: list[AuditEntry]
    has_next: bool
    has_previous: bool


def _in_utc(moment: datetime | None) -> datetime | None:
    """A bound of the period in UTC. A moment whose UTC time falls before the year 1 or after 9999
    (0001-01-01T00:00+14:00) is held at the first or last moment Python has: no entry lies beyond
    either, and the driver, which sends UTC, could not encode it."""
    if moment is None or moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return (datetime.min if moment.year == datetime.min.year else datetime.max).replace(tzinfo=UTC)


async def list_entries(db: Db, *, audit_filter: AuditFilter, first: int, after: str | None) -> AuditPage:
    """One page of the log, newest first (admins only; the caller checks)."""
    limit = page_size(first)
    position = decode_cursor(after)
    query = select(AuditEntry)
    if audit_filter.actor_id is not None:
        query = query.where(AuditEntry.actor_id == audit_filter.actor_id)
    if audit_filter.target_id is not None:
        query = query.where(AuditEntry.target_id == audit_filter.target_id)
    if audit_filter.actions:
        query = query.where(AuditEntry.action.in_([a.value for a in audit_filter.actions]))
    if audit_filter.start is not None:
        query = query.where(AuditEntry.at >= _in_utc(audit_filter.start))
    if audit_filter.end is not None:
        query = query.where(AuditEntry.at < _in_utc(audit_filter.end))
    if position is not None:
        query = query.where(
            tuple_(AuditEntry.at, AuditEntry.id) < tuple_(literal(position.at), literal(position.id))
        )
    async with read_only(db) as session:
        rows = list(
            await session.scalars(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit + 1))
        )
    return AuditPage(rows[:limit], len(rows) > limit, position is not None)
