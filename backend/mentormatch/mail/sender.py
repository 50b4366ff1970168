"""Delivering the outbox: every API process looks for due emails every MENTORMATCH_EMAIL_POLL_SECONDS,
claims a batch (`FOR UPDATE SKIP LOCKED`, then a lease in `claimed_until`), sends it over one SMTP
connection and records each outcome. Two processes never claim the same email; one that dies mid-send
leaves its claim to lapse, and the email is tried again.

A failed attempt is retried after a back-off that doubles from MENTORMATCH_EMAIL_RETRY_SECONDS up to an
hour, until MENTORMATCH_EMAIL_MAX_ATTEMPTS; an address the server refuses for good (5xx) is given up at
once, and so is news older than MENTORMATCH_EMAIL_MAX_AGE_HOURS. A down mail server loses nothing and
never slows a request: requests only write rows.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from typing import Any

import aiosmtplib
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.db.availability import is_database_unavailable
from mentormatch.mail.models import EmailKind
from mentormatch.mail.render import Letter, Recipient, compose
from mentormatch.mail.service import backlog
from mentormatch.observability import metrics
from mentormatch.settings import Settings

log = logging.getLogger(__name__)

Db = async_sessionmaker[AsyncSession]

# Emails one claim takes (one SMTP connection sends them).
BATCH = 50
# How long a claim holds: far past one batch's SMTP timeouts, so a live sender never loses its claim.
LEASE = timedelta(minutes=10)
MAX_BACKOFF = timedelta(hours=1)
_CLAIMABLE = """
    o.sent_at IS NULL AND o.failed_at IS NULL AND o.due_at <= now()
    AND (o.claimed_until IS NULL OR o.claimed_until < now())
"""


@dataclass
class Claimed:
    ids: list[uuid.UUID]
    recipient: Recipient
    letters: list[Letter]
    digest: bool
    attempts: int
    suspended: bool


@dataclass
class Delivered:
    """What one round did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def claimed(self) -> int:
        return self.sent + self.retried + self.failed


async def claim(db: Db, *, digest_hour: int, max_age: timedelta, limit: int = BATCH) -> list[Claimed]:
    """Claim up to `limit` due emails and the due digests of up to `limit` people (each digest whole),
    after giving up news older than `max_age`; one transaction."""
    returning = """
        RETURNING o.id, o.user_id, o.kind, o.delivery, o.content, o.attempts, o.created_at,
                  u.email, u.display_name, u.suspended_at IS NOT NULL AS suspended
    """
    params = {"limit": limit, "lease": LEASE, "hour": digest_hour, "max_age": max_age}
    async with db.begin() as session:
        await session.execute(
            text(
                f"""
                UPDATE email_outbox o SET failed_at = now(), last_error = 'too old to send', content = NULL
                WHERE {_CLAIMABLE} AND o.created_at < now() - CAST(:max_age AS interval)
                """
            ),
            params,
        )
        single = (
            await session.execute(
                text(
                    f"""
                    WITH due AS (
                        SELECT o.id FROM email_outbox o
                        WHERE {_CLAIMABLE} AND o.delivery = 'IMMEDIATELY'
                        ORDER BY o.due_at LIMIT :limit FOR UPDATE SKIP LOCKED
                    )
                    UPDATE email_outbox o
                    SET claimed_until = now() + CAST(:lease AS interval), attempts = o.attempts + 1
                    FROM due, users u WHERE o.id = due.id AND u.id = o.user_id
                    {returning}
                    """
                ),
                params,
            )
        ).all()
        digests = (
            await session.execute(
                text(
                    f"""
                    WITH ready AS (
                        SELECT o.user_id FROM email_outbox o LEFT JOIN profiles p ON p.user_id = o.user_id
                        WHERE {_CLAIMABLE} AND o.delivery = 'DAILY_DIGEST'
                        GROUP BY o.user_id, p.timezone
                        HAVING mentormatch_next_digest(p.timezone, :hour, min(o.created_at)) <= now()
                        LIMIT :limit
                    ), due AS (
                        SELECT o.id FROM email_outbox o JOIN ready USING (user_id)
                        WHERE {_CLAIMABLE} AND o.delivery = 'DAILY_DIGEST'
                        FOR UPDATE OF o SKIP LOCKED
                    )
                    UPDATE email_outbox o
                    SET claimed_until = now() + CAST(:lease AS interval), attempts = o.attempts + 1
                    FROM due, users u WHERE o.id = due.id AND u.id = o.user_id
                    {returning}
                    """
                ),
                params,
            )
        ).all()
    claimed = [_claimed([row], digest=False) for row in sorted(single, key=lambda row: row.created_at)]
    by_person: dict[uuid.UUID, list[Any]] = defaultdict(list)
    for row in sorted(digests, key=lambda row: row.created_at):
        by_person[row.user_id].append(row)
    return claimed + [_claimed(rows, digest=True) for rows in by_person.values()]


def _claimed(rows: list[Any], *, digest: bool) -> Claimed:
    first = rows[0]
    return Claimed(
        ids=[row.id for row in rows],
        recipient=Recipient(first.user_id, first.email, first.display_name),
        letters=[Letter(EmailKind(row.kind), row.content or {}) for row in rows],
        digest=digest,
        attempts=max(row.attempts for row in rows),
        suspended=first.suspended,
    )


class _Refused(Exception):
    """The server will never take this email (a 5xx answer): retrying cannot help."""


async def _send(smtp: aiosmtplib.SMTP, message: EmailMessage) -> None:
    try:
        await smtp.send_message(message)
    except aiosmtplib.SMTPRecipientsRefused as error:
        if all(500 <= refusal.code < 600 for refusal in error.recipients):
            raise _Refused(str(error)) from error
        raise
    except aiosmtplib.SMTPResponseException as error:
        if 500 <= error.code < 600 and not isinstance(error, aiosmtplib.SMTPServerDisconnected):
            raise _Refused(str(error)) from error
        raise


def smtp_client(settings: Settings) -> aiosmtplib.SMTP:
    return aiosmtplib.SMTP(
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        username=settings.smtp_username,
        password=settings.smtp_password,
        use_tls=settings.smtp_security == "tls",
        start_tls=settings.smtp_security == "starttls",  # never "if offered": TLS is asked for or not
        timeout=settings.smtp_timeout_seconds,
    )


async def deliver_due(db: Db, settings: Settings) -> Delivered:
    """One round: claim what is due, send it, record each outcome; then report what is left (the
    outbox gauges of /metrics)."""
    done = await _deliver(db, settings)
    left = await backlog(db)
    metrics.EMAIL_OUTBOX_BACKLOG.set(left.waiting)
    metrics.EMAIL_OUTBOX_OLDEST_SECONDS.set(left.oldest_due_seconds)
    return done


async def _deliver(db: Db, settings: Settings) -> Delivered:
    done = Delivered()
    batch = await claim(
        db,
        digest_hour=settings.email_digest_hour,
        max_age=timedelta(hours=settings.email_max_age_hours),
    )
    if not batch:
        return done
    public_url = settings.email_public_url()
    signing_key = settings.signing_key()
    outcomes: list[tuple[Claimed, str | None, bool]] = []  # (email, error, give up)
    sendable = [email for email in batch if not email.suspended]
    outcomes += [(email, "the recipient is suspended", True) for email in batch if email.suspended]
    if sendable:
        smtp = smtp_client(settings)
        try:
            await smtp.connect()
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            outcomes += [(email, f"cannot reach the SMTP server: {error}", False) for email in sendable]
        else:
            try:
                for position, email in enumerate(sendable):
                    message = compose(
                        recipient=email.recipient,
                        letters=email.letters,
                        digest=email.digest,
                        sender=settings.email_from,
                        public_url=public_url,
                        signing_key=signing_key,
                    )
                    try:
                        await _send(smtp, message)
                    except _Refused as error:
                        outcomes.append((email, str(error), True))
                    except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
                        # The connection is gone: what is left waits for the next round.
                        outcomes += [(rest, str(error), False) for rest in sendable[position:]]
                        break
                    else:
                        outcomes.append((email, None, False))
            finally:
                if smtp.is_connected:
                    try:
                        await smtp.quit()
                    except (aiosmtplib.SMTPException, OSError, TimeoutError):
                        smtp.close()
    await _record(db, settings, outcomes, done)
    return done


async def _record(
    db: Db, settings: Settings, outcomes: list[tuple[Claimed, str | None, bool]], done: Delivered
) -> None:
    sent = [i for email, error, _ in outcomes if error is None for i in email.ids]
    async with db.begin() as session:
        if sent:
            # Once sent, the outbox keeps no copy of what an email said: a reset link is a key to the
            # account, and the rest quotes people (an erasure rewrites only what is still to send).
            await session.execute(
                text(
                    """
                    UPDATE email_outbox SET sent_at = now(), claimed_until = NULL, last_error = NULL,
                        content = NULL
                    WHERE id = ANY(:ids)
                    """
                ),
                {"ids": sent},
            )
        for email, error, give_up in outcomes:
            if error is None:
                done.sent += 1
                continue
            done.errors.append(error)
            final = give_up or email.attempts >= settings.email_max_attempts
            backoff = min(
                timedelta(seconds=settings.email_retry_seconds * 2 ** (email.attempts - 1)), MAX_BACKOFF
            )
            await session.execute(
                text(
                    """
                    UPDATE email_outbox SET claimed_until = NULL, last_error = :error,
                        due_at = now() + CAST(:backoff AS interval),
                        failed_at = CASE WHEN :final THEN now() END,
                        content = CASE WHEN :final THEN NULL ELSE content END
                    WHERE id = ANY(:ids)
                    """
                ),
                {"ids": email.ids, "error": error[:500], "backoff": backoff, "final": final},
            )
            if final:
                done.failed += 1
                log.warning("email to %s given up: %s", email.recipient.user_id, error)
            else:
                done.retried += 1


async def send_periodically(db: Db, settings: Settings) -> None:
    """Deliver the outbox until cancelled: a full batch is followed at once by the next; a failed round
    is logged, not fatal."""
    while True:
        try:
            done = await deliver_due(db, settings)
        except Exception as exc:
            if is_database_unavailable(exc):
                log.warning("email delivery paused, database unavailable")
            else:
                log.exception("email delivery failed; trying again shortly")
            done = Delivered()
        if done.retried:
            log.warning("%d email(s) not sent, retried later: %s", done.retried, done.errors[-1])
        if done.claimed < BATCH:
            await asyncio.sleep(settings.email_poll_seconds)
