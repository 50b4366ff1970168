"""What time alone makes happen, for everyone at once: overdue requests expire, check-ins fall due,
requests about to expire remind their recipients, mentees still waiting get suggestions. Each writes its
notifications (and so its emails) as it goes.

Reading someone's notifications runs their share first (feedback.service.run_lazy_duties); this sweep
makes sure the people who are not in the app hear by email too. Run by a timer in each API process
(`MENTORMATCH_REMINDER_INTERVAL_MINUTES`) and by `mentormatch run-duties`; the SQL duties run under a
PostgreSQL advisory lock, so one process does them at a time and the others skip their turn.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.embeddings import Embedder
from mentormatch.feedback.service import remind_due_check_ins
from mentormatch.maintenance import run_every
from mentormatch.matching.suggestions import suggest_mentors
from mentormatch.mentorships.service import expire_overdue_requests, remind_expiring_requests
from mentormatch.settings import Settings

log = logging.getLogger(__name__)

Db = async_sessionmaker[AsyncSession]

# The advisory lock key of a duties run (maintenance.PRUNE_LOCK_KEY is the other one).
DUTIES_LOCK_KEY = 7_201_302_011


@dataclass(frozen=True)
class Done:
    """What one run did."""

    expired_requests: int
    check_ins_due: int
    expiry_reminders: int
    match_suggestions: int

    def __str__(self) -> str:
        return ", ".join(f"{name} {count}" for name, count in asdict(self).items())


async def run_duties(db: Db, embedder: Embedder, settings: Settings) -> Done | None:
    """One run of every duty; None if another process is running them right now."""
    async with db.begin() as session:
        if not await session.scalar(select(func.pg_try_advisory_xact_lock(DUTIES_LOCK_KEY))):
            return None
        expired = await expire_overdue_requests(session)
        due = await remind_due_check_ins(session, user_id=None)
        reminded = 0
        if settings.request_expiry_reminder_hours > 0:
            reminded = await remind_expiring_requests(
                session, within=timedelta(hours=settings.request_expiry_reminder_hours)
            )
    suggested = 0
    if settings.match_suggestions_after_days > 0:
        # Ranking is slow work: outside the lock's transaction (each mentee is claimed once anyway).
        suggested = await suggest_mentors(
            db, embedder, waited=timedelta(days=settings.match_suggestions_after_days)
        )
    return Done(expired, due, reminded, suggested)


async def run_duties_periodically(db: Db, embedder: Embedder, settings: Settings) -> None:
    """Run the duties every MENTORMATCH_REMINDER_INTERVAL_MINUTES until cancelled."""

    async def once() -> str | None:
        done = await run_duties(db, embedder, settings)
        return str(done) if done is not None and any(asdict(done).values()) else None

    await run_every(settings.reminder_interval_minutes * 60, "duties", once)
