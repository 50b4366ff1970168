"""Rate limits on signing in and signing up, counted in PostgreSQL so all API processes share them.

Every limit on signing in is here, so that making them settings (and deciding which client address
to trust behind a proxy) is a change to this module only. Signing in is limited three ways:

- **Per client address** (`SIGN_IN_PER_ADDRESS`): attempts from one address, whatever the email.
- **Back-off per (email, client address)**: after `FREE_FAILURES` failed sign-ins for one email from
  one address, each further attempt from that address waits twice as long as the last, up to
  `MAX_FAILURE_DELAY_SECONDS`. Guessing one person's password from one place stays slow, while the
  person signing in from their own address is not stopped by a stranger's failures elsewhere; and a
  success clears only the failures of the address it came from, so it never frees a guesser.
- **Per account, across all addresses** (`SIGN_IN_FAILURES_PER_ACCOUNT`): a ceiling on failures for
  one email in a window, so a guess spread over many addresses is still bounded. It is set above what
  one address can reach through its back-off in the window (`most_failures_from_one_address`), so a
  single stranger can never lock an owner out; only a guess from several addresses at once can pause
  an account's sign-in, for the rest of the window at most. That is the price of bounding it.

An email is known here only by a keyed hash of it (`account`, from `audit.service.subject_hash`): the
tables hold no copy of anyone's address, so erasing an account needs nothing but deleting its rows.

Attempts are counted *before* the password is checked (pessimistically, as failures) in one
transaction of conditional upserts: PostgreSQL serialises them on the counter's row, so parallel
guesses cannot all pass a back-off or a ceiling that the first of them reached. An attempt whose
password turns out right is refunded (`release_sign_in`). Nothing here depends on whether the
account exists, so the limits reveal nothing about it.

The limits are only as good as the client address: behind a reverse proxy every client has the
proxy's address until the proxy's `X-Forwarded-For` is trusted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, SQLColumnExpression, case, delete, func, literal, select, update
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
SIGN_IN_FAILURES_PER_ACCOUNT = Rule("sign-in-failures:account", limit=50, window_seconds=3600)
REGISTER_PER_ADDRESS = Rule("register:address", limit=10, window_seconds=3600)
RULES = (SIGN_IN_PER_ADDRESS, SIGN_IN_FAILURES_PER_ACCOUNT, REGISTER_PER_ADDRESS)

# After this many consecutive failures for one email from one address, each further attempt waits
# twice as long.
FREE_FAILURES = 3
MAX_FAILURE_DELAY_SECONDS = 900
# Failures are forgotten after this long without another: longer than the longest delay, so a patient
# guesser does not get free attempts back by waiting it out once.
FAILURE_MEMORY = timedelta(days=1)
MAX_CLIENT_ADDRESS_LENGTH = 64


@dataclass(frozen=True)
class SignInAttempt:
    """An attempt counted as a failure until its password is found right."""

    account: str
    client: str
    account_window: datetime
    # Consecutive failures for this (email, address), this attempt included.
    failures: int


def failure_delay(failures: int) -> int:
    """Seconds an (email, address) must wait after `failures` consecutive failed sign-ins."""
    if failures < FREE_FAILURES:
        return 0
    return min(MAX_FAILURE_DELAY_SECONDS, 2 ** min(failures - FREE_FAILURES + 1, 30))


def most_failures_from_one_address(seconds: int) -> int:
    """The most failures one address can make for one email within `seconds`, waiting out each delay."""
    failures, elapsed = 0, 0
    while elapsed + failure_delay(failures) <= seconds:
        elapsed += failure_delay(failures)
        failures += 1
    return failures


def _window(rule: Rule, now: datetime) -> datetime:
    start = int(now.timestamp()) // rule.window_seconds * rule.window_seconds
    return datetime.fromtimestamp(start, UTC)


def _counter_key(rule: Rule, key: str) -> str:
    return f"{rule.name}:{key}"[:300]


def _client_key(client: str) -> str:
    return client[:MAX_CLIENT_ADDRESS_LENGTH]


async def count_attempt(session: AsyncSession, rule: Rule, key: str) -> datetime:
    """Count one attempt under `rule` and return its window; raise RateLimited when it is full.

    The count is a conditional upsert, so concurrent attempts never exceed the limit together.
    """
    now = datetime.now(UTC)
    window_start = _window(rule, now)
    counter_key = _counter_key(rule, key)
    hits = await session.scalar(
        insert(RateLimitCounter)
        .values(key=counter_key, window_start=window_start, hits=1)
        .on_conflict_do_update(
            index_elements=[RateLimitCounter.key, RateLimitCounter.window_start],
            set_={"hits": RateLimitCounter.hits + 1},
            where=RateLimitCounter.hits < rule.limit,
        )
        .returning(RateLimitCounter.hits)
    )
    if hits is None:
        window_end = window_start + timedelta(seconds=rule.window_seconds)
        raise RateLimited(max(1, math.ceil((window_end - now).total_seconds())))
    await session.execute(
        delete(RateLimitCounter).where(
            RateLimitCounter.key == counter_key, RateLimitCounter.window_start < window_start
        )
    )
    return window_start


async def refund_attempt(session: AsyncSession, rule: Rule, key: str, window_start: datetime) -> None:
    """Take back one attempt counted by `count_attempt` in `window_start`."""
    await session.execute(
        update(RateLimitCounter)
        .where(
            RateLimitCounter.key == _counter_key(rule, key),
            RateLimitCounter.window_start == window_start,
            RateLimitCounter.hits > 0,
        )
        .values(hits=RateLimitCounter.hits - 1)
    )


def _delay_sql(failures: SQLColumnExpression[int]) -> ColumnElement[timedelta]:
    """`failure_delay` as SQL: the interval an (email, address) waits after `failures` failures."""
    exponent = func.least(failures - FREE_FAILURES + 1, 30)
    seconds = case(
        (failures < FREE_FAILURES, literal(0)),
        else_=func.least(MAX_FAILURE_DELAY_SECONDS, func.power(2, exponent)),
    )
    return func.make_interval(0, 0, 0, 0, 0, 0, seconds)


async def claim_sign_in(session: AsyncSession, *, account: str, client: str) -> SignInAttempt:
    """Count a sign-in attempt as a failure before its password is checked, or raise RateLimited.

    `account` is the keyed hash of the email (see the module), never the email itself.

    Counts every sign-in rule; run it in a transaction of its own, so a refusal rolls back what it
    counted (refused attempts use up nothing).
    """
    await count_attempt(session, SIGN_IN_PER_ADDRESS, client)
    client = _client_key(client)
    # The clock, not the transaction's start: an attempt that waited for another's row lock must
    # compare against the moment that one was recorded.
    now = func.clock_timestamp()
    forgotten = SignInFailure.last_failure_at < now - FAILURE_MEMORY
    failures = await session.scalar(
        insert(SignInFailure)
        .values(account_hash=account, client_address=client, failures=1, last_failure_at=now)
        .on_conflict_do_update(
            index_elements=[SignInFailure.account_hash, SignInFailure.client_address],
            set_={
                "failures": case((forgotten, 1), else_=SignInFailure.failures + 1),
                "last_failure_at": now,
            },
            # The row is locked while this is evaluated: parallel attempts see each other's count.
            where=SignInFailure.last_failure_at + _delay_sql(SignInFailure.failures) <= now,
        )
        .returning(SignInFailure.failures)
    )
    if failures is None:
        raise RateLimited(await _back_off_remaining(session, account=account, client=client))
    account_window = await count_attempt(session, SIGN_IN_FAILURES_PER_ACCOUNT, account)
    return SignInAttempt(account=account, client=client, account_window=account_window, failures=failures)


async def _back_off_remaining(session: AsyncSession, *, account: str, client: str) -> int:
    row = (
        await session.execute(
            select(SignInFailure.failures, SignInFailure.last_failure_at).where(
                SignInFailure.account_hash == account, SignInFailure.client_address == client
            )
        )
    ).one_or_none()
    if row is None:
        return 1
    wait_until = row.last_failure_at + timedelta(seconds=failure_delay(row.failures))
    return max(1, math.ceil((wait_until - datetime.now(UTC)).total_seconds()))


async def release_sign_in(session: AsyncSession, attempt: SignInAttempt) -> None:
    """The password was right: forget this address's failures for the email and refund the ceiling."""
    await session.execute(
        delete(SignInFailure).where(
            SignInFailure.account_hash == attempt.account, SignInFailure.client_address == attempt.client
        )
    )
    await refund_attempt(session, SIGN_IN_FAILURES_PER_ACCOUNT, attempt.account, attempt.account_window)


def throttled(attempt: SignInAttempt) -> bool:
    """Whether a failed attempt is over the free failures, so the next one from its address waits: the
    failures the audit log records (each is already held to the back-off, so they cannot flood it)."""
    return attempt.failures >= FREE_FAILURES


async def forget_account(session: AsyncSession, account: str) -> None:
    """Delete every counter and failure kept about one account (its keyed hash): for erasure."""
    await session.execute(delete(SignInFailure).where(SignInFailure.account_hash == account))
    await session.execute(
        delete(RateLimitCounter).where(
            RateLimitCounter.key == _counter_key(SIGN_IN_FAILURES_PER_ACCOUNT, account)
        )
    )


async def prune_counters(session: AsyncSession) -> int:
    """Delete rate-limit counters whose window has passed under every rule; returns how many."""
    longest = max(rule.window_seconds for rule in RULES)
    result = await session.execute(
        delete(RateLimitCounter)
        .where(RateLimitCounter.window_start < func.now() - timedelta(seconds=longest))
        # Nothing of these rows is in the session: no RETURNING of every deleted key.
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def prune_failures(session: AsyncSession) -> int:
    """Delete sign-in failures old enough to be forgotten (see FAILURE_MEMORY); returns how many."""
    result = await session.execute(
        delete(SignInFailure)
        .where(SignInFailure.last_failure_at < func.now() - FAILURE_MEMORY)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
