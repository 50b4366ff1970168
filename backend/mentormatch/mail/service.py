"""Who gets which email, and when: people's choices per kind, the outbox written in each event's own
transaction, and the signed links that unsubscribe without a sign-in.

A leaf: notifications (and the accounts and matching rules that mail directly) call it; it calls none of
them. What an email says is mail.render's; sending is mail.sender's.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, or_, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.db.engine import read_only
from mentormatch.errors import ErrorCode, ServiceError
from mentormatch.mail.models import Delivery, EmailKind, EmailPreference, OutboxEmail

Db = async_sessionmaker[AsyncSession]

# The kinds a person chooses for, in the order the settings screen lists them, with what each is about.
CHOOSABLE: dict[EmailKind, str] = {
    EmailKind.REQUEST_RECEIVED: "Someone asks you to be their mentor or mentee",
    EmailKind.REQUEST_ACCEPTED: "Your request was accepted",
    EmailKind.REQUEST_DECLINED: "Your request was declined",
    EmailKind.REQUEST_CANCELLED: "A request was cancelled",
    EmailKind.REQUEST_EXPIRING: "A request waiting for your answer is about to expire",
    EmailKind.FEEDBACK_DUE: "A check-in is due",
    EmailKind.REMATCH_OFFERED: "A new match is offered",
    EmailKind.MATCH_SUGGESTIONS: "Mentors suggested while you are still looking",
}
# Without a choice: every email as it happens (people who want fewer choose a digest or never).
DEFAULT_DELIVERY = Delivery.IMMEDIATELY
# The scope of an unsubscribe link that is not about one kind (a digest): every kind.
ALL_KINDS = "ALL"
# Emails are kept this long (to tell what went out), then pruned.
RETENTION = timedelta(days=7)


@dataclass(frozen=True)
class Outgoing:
    """One email to queue: for whom, of which kind, and what its template shows."""

    user_id: uuid.UUID
    kind: EmailKind
    content: dict[str, Any]


@dataclass(frozen=True)
class Choice:
    kind: EmailKind
    label: str
    delivery: Delivery


async def enqueue(session: AsyncSession, emails: Sequence[Outgoing]) -> int:
    """Queue `emails` in the caller's transaction, each as its recipient chose (at once, in their next
    daily digest, or not at all; a password reset always at once); returns how many were queued. One
    statement whatever the count; nobody erased or suspended is queued for. When a digest goes out is the
    sender's business (mail.sender), which knows the hour."""
    if not emails:
        return 0
    result = await session.execute(
        text(
            """
            INSERT INTO email_outbox (id, user_id, kind, delivery, content, due_at)
            SELECT e.id, e.user_id, e.kind, chosen.delivery, e.content, now()
            FROM unnest(CAST(:ids AS uuid[]), CAST(:users AS uuid[]), CAST(:kinds AS email_kind[]),
                        CAST(:contents AS jsonb[])) AS e(id, user_id, kind, content)
            JOIN users u ON u.id = e.user_id AND u.erased_at IS NULL AND u.suspended_at IS NULL
            LEFT JOIN email_preferences ep ON ep.user_id = e.user_id AND ep.kind = e.kind
            CROSS JOIN LATERAL (
                SELECT CASE WHEN e.kind = 'PASSWORD_RESET' THEN CAST('IMMEDIATELY' AS email_delivery)
                            ELSE COALESCE(ep.delivery, CAST(:default AS email_delivery)) END AS delivery
            ) AS chosen
            WHERE chosen.delivery <> 'NEVER'
            """
        ),
        {
            "ids": [uuid.uuid4() for _ in emails],
            "users": [email.user_id for email in emails],
            "kinds": [email.kind.value for email in emails],
            "contents": [json.dumps(email.content) for email in emails],
            "default": DEFAULT_DELIVERY.value,
        },
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def choices(db: Db, *, user_id: uuid.UUID) -> list[Choice]:
    """The user's delivery for every kind they can choose for, in CHOOSABLE's order."""
    async with read_only(db) as session:
        rows = await session.execute(
            select(EmailPreference.kind, EmailPreference.delivery).where(EmailPreference.user_id == user_id)
        )
        chosen = dict(rows.tuples().all())
    return [Choice(kind, label, chosen.get(kind, DEFAULT_DELIVERY)) for kind, label in CHOOSABLE.items()]


async def choose(
    session: AsyncSession, *, user_id: uuid.UUID, kinds: Sequence[EmailKind], delivery: Delivery
) -> None:
    """Set the user's delivery for `kinds` (INVALID_INPUT for a kind nobody chooses for). Emails already
    queued for a digest keep their place; a choice of never also drops those not yet sent."""
    for kind in kinds:
        if kind not in CHOOSABLE:
            raise ServiceError(ErrorCode.INVALID_INPUT, f"{kind.value} emails are always sent.", "kind")
    if not kinds:
        return
    statement = insert(EmailPreference).values(
        [{"user_id": user_id, "kind": kind, "delivery": delivery} for kind in kinds]
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[EmailPreference.user_id, EmailPreference.kind],
            set_={"delivery": statement.excluded.delivery, "updated_at": text("now()")},
        )
    )
    if delivery is Delivery.NEVER:
        await session.execute(
            delete(OutboxEmail).where(
                OutboxEmail.user_id == user_id,
                OutboxEmail.kind.in_(kinds),
                OutboxEmail.sent_at.is_(None),
                or_(OutboxEmail.claimed_until.is_(None), OutboxEmail.claimed_until < text("now()")),
            )
        )


@dataclass(frozen=True)
class Backlog:
    waiting: int
    # The oldest email that is due and unsent, in seconds; 0 when none is.
    oldest_due_seconds: float


async def backlog(db: Db) -> Backlog:
    """What the outbox holds unsent (through its partial index of unsent emails)."""
    async with read_only(db) as session:
        row = (
            await session.execute(
                text(
                    """
                    SELECT count(*) AS waiting,
                           COALESCE(EXTRACT(EPOCH FROM
                               now() - min(created_at) FILTER (WHERE due_at <= now())), 0) AS oldest
                    FROM email_outbox WHERE sent_at IS NULL AND failed_at IS NULL
                    """
                )
            )
        ).one()
    return Backlog(int(row.waiting), float(row.oldest))


async def prune_outbox(session: AsyncSession) -> int:
    """Delete the emails created more than RETENTION ago; returns how many. Sent or given up, they are
    kept that long to tell what went out; unsent, they were given up long before (after
    MENTORMATCH_EMAIL_MAX_AGE_HOURS), or never had a sender (email off), and would only pile up."""
    result = await session.execute(
        delete(OutboxEmail)
        .where(OutboxEmail.created_at < text("now() - CAST(:retention AS interval)"))
        .execution_options(synchronize_session=False),
        {"retention": RETENTION},
    )
    return int(getattr(result, "rowcount", 0) or 0)


# ------------------------------------------------------------------------------------------ unsubscribing


def _signature(signing_key: str, user_id: uuid.UUID, scope: str) -> str:
    digest = hmac.new(
        hashlib.sha256(f"mentormatch-unsubscribe:{signing_key}".encode()).digest(),
        f"{user_id}:{scope}".encode(),
        hashlib.sha256,
    ).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def unsubscribe_token(signing_key: str, *, user_id: uuid.UUID, kind: EmailKind | None) -> str:
    """A token that stops `kind` of emails (None: every kind) for the user, without a sign-in. It never
    expires, as an email's link must not; it cannot be forged or turned to another person or kind."""
    scope = kind.value if kind is not None else ALL_KINDS
    return f"{user_id.hex}.{scope}.{_signature(signing_key, user_id, scope)}"


@dataclass(frozen=True)
class Unsubscription:
    user_id: uuid.UUID
    kinds: list[EmailKind]


def read_unsubscribe_token(signing_key: str, token: str) -> Unsubscription:
    """What a token unsubscribes from; INVALID_INPUT for anything that is not a token we signed."""
    invalid = ServiceError(
        ErrorCode.INVALID_INPUT,
        "This unsubscribe link is not valid; copy the whole link from the email.",
        "token",
    )
    try:
        user_hex, scope, signature = token.split(".")
        user_id = uuid.UUID(hex=user_hex)
    except ValueError:
        raise invalid from None
    if not hmac.compare_digest(signature, _signature(signing_key, user_id, scope)):
        raise invalid
    if scope == ALL_KINDS:
        return Unsubscription(user_id, list(CHOOSABLE))
    try:
        return Unsubscription(user_id, [EmailKind(scope)])
    except ValueError:
        raise invalid from None


async def unsubscribe(db: Db, *, signing_key: str, token: str) -> Unsubscription:
    """Never again the emails the token names (its owner can choose otherwise in the app later)."""
    unsubscription = read_unsubscribe_token(signing_key, token)
    async with db.begin() as session:
        exists = await session.scalar(
            text("SELECT true FROM users WHERE id = :id AND erased_at IS NULL"),
            {"id": unsubscription.user_id},
        )
        if exists:
            await choose(
                session, user_id=unsubscription.user_id, kinds=unsubscription.kinds, delivery=Delivery.NEVER
            )
    return unsubscription
