"""Writing, listing and reading notifications.

`notify` writes the row and announces it with `pg_notify` in the caller's transaction: PostgreSQL
delivers a NOTIFY only when that transaction commits, so an event that is rolled back is never
announced, and every API process listening on CHANNEL hears about every committed one.

A leaf: every domain calls this module and it calls none of them. A domain whose rules write
notifications lazily (mentorships' expiry of overdue requests) runs them before a list is read; the
`notifications` resolver does that first. What a notification's request or mentorship loads with it is
the caller's `subjects` (the GraphQL layer, which knows what its types show).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, insert, literal, select, text, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.base import ExecutableOption

from mentormatch.db.engine import read_only
from mentormatch.db.keyset import decode_cursor, page_size
from mentormatch.db.transactions import run_in_transaction
from mentormatch.errors import InvalidInput
from mentormatch.mail import service as mail
from mentormatch.mail.models import EmailKind
from mentormatch.notifications.models import Notification, NotificationKind

Db = async_sessionmaker[AsyncSession]

CHANNEL = "mentormatch_notifications"
# Most ids one markNotificationsRead may name; `all` covers the rest.
MAX_MARK_IDS = 100


@dataclass(frozen=True)
class NewNotification:
    user_id: uuid.UUID
    kind: NotificationKind
    message: str
    actor_id: uuid.UUID | None = None
    request_id: uuid.UUID | None = None
    mentorship_id: uuid.UUID | None = None


@dataclass
class NotificationPage:
    notifications: list[Notification]
    has_next: bool
    has_previous: bool
    unread_count: int


def _with(subjects: Sequence[ExecutableOption]) -> list[ExecutableOption]:
    """Loader options: a notification with its actor, and whatever the caller loads of its subjects."""
    return [selectinload(Notification.actor), *subjects]


async def notify(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    kind: NotificationKind,
    message: str,
    actor_id: uuid.UUID | None = None,
    request_id: uuid.UUID | None = None,
    mentorship_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """Record one notification and announce it on CHANNEL when the caller's transaction commits."""
    (notification_id,) = await notify_many(
        session,
        [NewNotification(user_id, kind, message, actor_id, request_id, mentorship_id)],
    )
    return notification_id


async def notify_many(session: AsyncSession, events: Sequence[NewNotification]) -> list[uuid.UUID]:
    """Record several notifications in one statement and announce each; see `notify`."""
    if not events:
        return []
    ids = [uuid.uuid4() for _ in events]
    await session.execute(
        insert(Notification),
        [
            {
                "id": notification_id,
                "user_id": event.user_id,
                "kind": event.kind,
                "message": event.message,
                "actor_id": event.actor_id,
                "request_id": event.request_id,
                "mentorship_id": event.mentorship_id,
            }
            for notification_id, event in zip(ids, events, strict=True)
        ],
    )
    payloads = [
        json.dumps({"id": str(notification_id), "user_id": str(event.user_id)})
        for notification_id, event in zip(ids, events, strict=True)
    ]
    await session.execute(
        text("SELECT pg_notify(:channel, payload) FROM unnest(CAST(:payloads AS text[])) AS payload"),
        {"channel": CHANNEL, "payloads": payloads},
    )
    # The events a person must not miss are also mailed, from the outbox this transaction writes.
    await mail.enqueue(
        session,
        [
            mail.Outgoing(
                event.user_id, EmailKind[event.kind.value], {"message": event.message, "path": _path(event)}
            )
            for event in events
            if event.kind.value in EmailKind.__members__
        ],
    )
    return ids


def _path(event: NewNotification) -> str:
    """The web app's page about an event, as the notifications screen links it."""
    if event.mentorship_id is not None:
        return f"/mentorships/{event.mentorship_id}"
    if event.request_id is not None:
        # Who receives which kind decides the box: the recipient hears of a request and of its expiry,
        # the sender of the answer; a cancellation reaches either.
        box = _REQUEST_BOX.get(event.kind)
        return f"/requests?box={box}" if box else "/requests"
    return "/notifications"


_REQUEST_BOX = {
    NotificationKind.REQUEST_RECEIVED: "incoming",
    NotificationKind.REQUEST_EXPIRING: "incoming",
    NotificationKind.REQUEST_ACCEPTED: "outgoing",
    NotificationKind.REQUEST_DECLINED: "outgoing",
}


async def wake_subscriptions(session: AsyncSession, *, user_id: uuid.UUID) -> None:
    """Make every live subscription of `user_id`, in every process, re-check its sign-in as soon as the
    caller's transaction commits (a suspension, an erasure: their sessions end there), instead of within
    a minute. Announced on CHANNEL like a notification, without one."""
    await session.execute(
        text("SELECT pg_notify(:channel, :payload)"),
        {"channel": CHANNEL, "payload": json.dumps({"user_id": str(user_id), "wake": True})},
    )


async def get_notification(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    notification_id: uuid.UUID,
    subjects: Sequence[ExecutableOption] = (),
) -> Notification | None:
    """One of `user_id`'s notifications with its actor (and `subjects`); None if not theirs."""
    return await session.scalar(
        select(Notification)
        .where(Notification.id == notification_id, Notification.user_id == user_id)
        .options(*_with(subjects))
    )


async def unread_count(session: AsyncSession, *, user_id: uuid.UUID) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
    )
    return count or 0


async def list_notifications(
    db: Db,
    *,
    user_id: uuid.UUID,
    first: int,
    after: str | None,
    unread_only: bool,
    subjects: Sequence[ExecutableOption] = (),
) -> NotificationPage:
    """One page of the user's notifications, newest first, as committed (a plain read: no locks)."""
    limit = page_size(first)
    position = decode_cursor(after)
    async with read_only(db) as session:
        query = select(Notification).where(Notification.user_id == user_id)
        if unread_only:
            query = query.where(Notification.read_at.is_(None))
        if position is not None:
            query = query.where(
                tuple_(Notification.created_at, Notification.id)
                < tuple_(literal(position.at), literal(position.id))
            )
        rows = list(
            await session.scalars(
                query.order_by(Notification.created_at.desc(), Notification.id.desc())
                .limit(limit + 1)
                .options(*_with(subjects))
            )
        )
        return NotificationPage(
            notifications=rows[:limit],
            has_next=len(rows) > limit,
            has_previous=position is not None,
            unread_count=await unread_count(session, user_id=user_id),
        )


async def mark_read(
    db: Db, *, user_id: uuid.UUID, ids: Sequence[uuid.UUID] | None, mark_all: bool
) -> tuple[int, int]:
    """Mark the given (or all) of the user's notifications read; returns (newly marked, still unread).

    Ids that are not the user's, or already read, are skipped without saying so: whether someone
    else's notification exists is none of the caller's business.
    """
    if not mark_all and ids is None:
        raise InvalidInput([("ids", "Name the notifications to mark, or set `all: true`.")])
    if ids is not None and len(ids) > MAX_MARK_IDS:
        raise InvalidInput([("ids", f"At most {MAX_MARK_IDS} at once; use `all: true` for more.")])
    query = (
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=func.now())
    )
    if not mark_all:
        query = query.where(Notification.id.in_(list(ids or ())))

    # Two of the user's tabs marking overlapping sets may lock the same rows in different orders.
    async def body(session: AsyncSession) -> tuple[int, int]:
        marked = (await session.execute(query.returning(Notification.id))).all()
        return len(marked), await unread_count(session, user_id=user_id)

    return await run_in_transaction(db, body)


async def prune_read_notifications(session: AsyncSession, *, retention: timedelta) -> int:
    """Delete notifications read more than `retention` ago; unread ones are kept. Returns how many."""
    result = await session.execute(
        delete(Notification)
        .where(Notification.read_at < func.now() - retention)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
