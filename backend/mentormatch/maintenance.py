"""Deleting the rows nobody needs any more, every domain's in one go.

Run by a timer in each API process (`MENTORMATCH_PRUNE_INTERVAL_MINUTES`) and by `mentormatch prune`.
A run is one transaction under a PostgreSQL advisory lock, so with `serve --workers N` (or an operator
running the command meanwhile) one process prunes at a time and the others skip their turn.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.accounts import rate_limits
from mentormatch.accounts.service import prune_sessions
from mentormatch.db.availability import is_database_unavailable
from mentormatch.mail.service import prune_outbox
from mentormatch.notifications.service import prune_read_notifications
from mentormatch.settings import Settings

log = logging.getLogger(__name__)

Db = async_sessionmaker[AsyncSession]

# The advisory lock key of a prune run; no other part of mentormatch takes advisory locks.
PRUNE_LOCK_KEY = 7_201_302_010


@dataclass(frozen=True)
class Pruned:
    """How many rows one run deleted, per table."""

    rate_limit_counters: int
    sign_in_failures: int
    sessions: int
    notifications: int
    emails: int

    def per_table(self) -> dict[str, int]:
        return asdict(self)

    def __str__(self) -> str:
        return ", ".join(f"{table} {count}" for table, count in self.per_table().items())


async def prune(db: Db, settings: Settings) -> Pruned | None:
    """Delete what has outlived its use in every table that only grows; None if another process is
    pruning right now."""
    async with db.begin() as session:
        if not await session.scalar(select(func.pg_try_advisory_xact_lock(PRUNE_LOCK_KEY))):
            return None
        return Pruned(
            rate_limit_counters=await rate_limits.prune_counters(
                session, rate_limits.Limits.from_settings(settings)
            ),
            sign_in_failures=await rate_limits.prune_failures(session),
            sessions=await prune_sessions(session),
            notifications=await prune_read_notifications(
                session, retention=timedelta(days=settings.notification_retention_days)
            ),
            emails=await prune_outbox(session),
        )


async def run_every(seconds: float, what: str, job: Callable[[], Awaitable[str | None]]) -> None:
    """Run `job` every `seconds` until cancelled, logging what it reports (None: nothing worth a line); a
    failed run is logged, not fatal. The timers of every process (pruning here, duties.py) share it."""
    while True:
        await asyncio.sleep(seconds)
        try:
            done = await job()
        except Exception as exc:
            if is_database_unavailable(exc):  # an outage, not a bug: no traceback
                log.warning("%s skipped, database unavailable; trying again in %.0f s", what, seconds)
            else:
                log.exception("%s failed; trying again in %.0f s", what, seconds)
            continue
        if done:
            log.info("%s: %s", what, done)


async def prune_periodically(db: Db, settings: Settings) -> None:
    """Prune every MENTORMATCH_PRUNE_INTERVAL_MINUTES until cancelled."""

    async def once() -> str | None:
        pruned = await prune(db, settings)
        return str(pruned) if pruned is not None and any(pruned.per_table().values()) else None

    await run_every(settings.prune_interval_minutes * 60, "pruning old rows", once)
