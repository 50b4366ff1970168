"""Rate limits on signing in and signing up, counted in PostgreSQL so all API processes share them."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from mentormatch.accounts.models import RateLimitCounter, SignInFailure
from mentormatch.errors import RateLimited


@dataclass(frozen=True)
class Rule:
    """At most `limit` attempts per key in each fixed window of `window_seconds`."""

    name: str
    limit: int
    window_seconds: int


SIGN_IN_PER_ADDRESS = Rule("sign-in:address", limit=30, window_seconds=300)
SIGN_IN_PER_ACCOUNT = Rule("sign-in:account", limit=10, window_seconds=300)
REGISTER_PER_ADDRESS = Rule("register:address", limit=10, window_seconds=3600)

# After this many consecutive failures for one email, each further attempt waits twice as long.
FREE_FAILURES = 3
MAX_FAILURE_DELAY_SECONDS = 900


async def count_attempt(session: AsyncSession, rule: Rule, key: str) -> None:
    """Count one attempt under `rule`; raise RateLimited when the window is already full."""
    now = datetime.now(UTC)
    start = int(now.timestamp()) // rule.window_seconds * rule.window_seconds
    window_start = datetime.fromtimestamp(start, UTC)
    counter_key = f"{rule.name}:{key}"[:300]
    hits = await session.scalar(
        insert(RateLimitCounter)
        .values(key=counter_key, window_start=window_start, hits=1)
        .on_conflict_do_update(
            index_elements=[RateLimitCounter.key, RateLimitCounter.window_start],
            set_={"hits": RateLimitCounter.hits + 1},
        )
        .returning(RateLimitCounter.hits)
    )
    await session.execute(
        delete(RateLimitCounter).where(
            RateLimitCounter.key == counter_key, RateLimitCounter.window_start < window_start
        )
    )
    if hits is not None and hits > rule.limit:
        raise RateLimited(max(1, start + rule.window_seconds - int(now.timestamp())))


def failure_delay(failures: int) -> int:
    """Seconds an email must wait after `failures` consecutive failed sign-ins."""
    if failures < FREE_FAILURES:
        return 0
    return min(MAX_FAILURE_DELAY_SECONDS, 2 ** (failures - FREE_FAILURES + 1))


async def check_failure_delay(session: AsyncSession, email: str) -> None:
    """Raise RateLimited while the email's back-off after failed sign-ins has not passed."""
    row = (
        await session.execute(
            select(SignInFailure.failures, SignInFailure.last_failure_at).where(SignInFailure.email == email)
        )
    ).one_or_none()
    if row is None:
        return
    wait_until = row.last_failure_at + timedelta(seconds=failure_delay(row.failures))
    remaining = (wait_until - datetime.now(UTC)).total_seconds()
    if remaining > 0:
        raise RateLimited(math.ceil(remaining))


async def record_failure(session: AsyncSession, email: str) -> None:
    await session.execute(
        insert(SignInFailure)
        .values(email=email, failures=1, last_failure_at=func.now())
        .on_conflict_do_update(
            index_elements=[SignInFailure.email],
            set_={"failures": SignInFailure.failures + 1, "last_failure_at": func.now()},
        )
    )


async def clear_failures(session: AsyncSession, email: str) -> None:
    await session.execute(delete(SignInFailure).where(SignInFailure.email == email))
