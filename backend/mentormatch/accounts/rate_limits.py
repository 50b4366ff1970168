"""Every rate limit of the API, counted in PostgreSQL so that all API processes share them.

Each limit is a setting (`MENTORMATCH_RATE_LIMIT_*`, "COUNT/WINDOW"; see settings.py and the README) read
into `Limits` once per process. The defaults let a kickoff of 300 people sign up and sign in from one
NAT address within ten minutes, while guessing one account's password stays slow (the back-off) and
bounded (the per-account ceiling):

- **Signing up**: per client address (`register_per_address`) and per email (`register_per_email`).
- **Signing in per client address** (`sign_in_per_address`): attempts from one address, whatever the
  email.
- **Back-off per (email, client address)**: after `FREE_FAILURES` failed sign-ins for one email from
  one address, each further attempt from that address waits twice as long as the last, up to
  `MAX_FAILURE_DELAY_SECONDS`. Guessing one person's password from one place stays slow, while the
  person signing in from their own address is not stopped by a stranger's failures elsewhere; and a
  success clears only the failures of the address it came from, so it never frees a guesser.
- **Failed sign-ins per account, across all addresses** (`sign_in_failures_per_account`): a ceiling on
  failures for one email in a window, so a guess spread over many addresses is still bounded. Keep it
  above what one address can reach through its back-off in the window
  (`most_failures_from_one_address`), so a single stranger can never lock an owner out; only a guess
  from several addresses at once can pause an account's sign-in, for a window at most.
- **Mutations per account** (`per_account`, by `Action`): mentorship requests, invitations, reports,
  check-ins and session logs one signed-in participant may send in a window (`count_action`).

Counts are kept per fixed window and read as a **sliding window**: an attempt is allowed while the
previous window's count, weighted by how much of it still overlaps the last `window_seconds`, plus the
current window's count stays within the limit. So nobody gets twice the limit by straddling a window's
edge, and a refusal says how long until one more fits (`retry_after`). A count is one conditional upsert
of the current window's row: PostgreSQL serialises concurrent attempts on that row, so together they
never pass the limit. Rows of passed windows are pruned by `maintenance.prune` (`prune_counters`).

An email is known here only by a keyed hash of it (`account`, from `audit.service.subject_hash`): the
tables hold no copy of anyone's address, so erasing an account needs nothing but deleting its rows.

Sign-in attempts are counted *before* the password is checked (pessimistically, as failures) in one
transaction: parallel guesses cannot all pass a back-off or a ceiling that the first of them reached.
An attempt whose password turns out right is refunded (`release_sign_in`). Nothing here depends on
whether the account exists, so the limits reveal nothing about it.

The limits are only as good as the client address (`client_address`): behind a reverse proxy every
client has the proxy's address unless the proxy is listed in `MENTORMATCH_TRUSTED_PROXIES`, and then
`X-Forwarded-For` is read from the right, skipping trusted hops, so a client cannot forge its way out.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address
from typing import Any

from litestar.connection import ASGIConnection
from sqlalchemy import ColumnElement, SQLColumnExpression, case, delete, func, literal, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.accounts.models import RateLimitCounter, SignInFailure
from mentormatch.errors import RateLimited
from mentormatch.settings import Settings, parse_networks, parse_rate

Network = IPv4Network | IPv6Network


@dataclass(frozen=True)
class Rule:
    """At most `limit` attempts per key in any `window_seconds` (a sliding window); `what` names the
    attempts in the refusal ("Too many <what>.")."""

    name: str
    limit: int
    window_seconds: int
    what: str = "attempts"


class Action(StrEnum):
    """A mutation limited per signed-in account."""

    REQUEST = "requests"
    INVITE = "invites"
    REPORT = "reports"
    CHECK_IN = "check-ins"
    SESSION_LOG = "session-logs"


_ACTION_WORDS = {
    Action.REQUEST: "mentorship requests",
    Action.INVITE: "invitations",
    Action.REPORT: "reports",
    Action.CHECK_IN: "check-ins",
    Action.SESSION_LOG: "logged meetings",
}
# The rule names whose key is the keyed hash of an email, and the prefix of per-account mutation
# rules (their key is the user's id): what erasing an account forgets.
_EMAIL_RULES = ("register:email", "sign-in-failures:account")
_ACCOUNT_PREFIX = "account"


def _rule(name: str, rate: str, what: str = "attempts") -> Rule:
    limit, window = parse_rate(rate)
    return Rule(name, limit=limit, window_seconds=window, what=what)


@dataclass(frozen=True)
class Limits:
    """Every limit of one API process, read from its settings once."""

    register_per_address: Rule
    register_per_email: Rule
    sign_in_per_address: Rule
    sign_in_failures_per_account: Rule
    per_account: Mapping[Action, Rule]
    # Reverse proxies whose X-Forwarded-For is believed.
    trusted_proxies: tuple[Network, ...] = ()

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        per_account = {
            Action.REQUEST: settings.rate_limit_requests_per_account,
            Action.INVITE: settings.rate_limit_invites_per_account,
            Action.REPORT: settings.rate_limit_reports_per_account,
            Action.CHECK_IN: settings.rate_limit_check_ins_per_account,
            Action.SESSION_LOG: settings.rate_limit_session_logs_per_account,
        }
        return cls(
            register_per_address=_rule("register:address", settings.rate_limit_register_per_address),
            register_per_email=_rule("register:email", settings.rate_limit_register_per_email),
            sign_in_per_address=_rule("sign-in:address", settings.rate_limit_sign_in_per_address),
            sign_in_failures_per_account=_rule(
                "sign-in-failures:account", settings.rate_limit_sign_in_failures_per_account
            ),
            per_account={
                action: _rule(f"{_ACCOUNT_PREFIX}:{action.value}", rate, _ACTION_WORDS[action])
                for action, rate in per_account.items()
            },
            trusted_proxies=parse_networks(settings.trusted_proxies),
        )

    @classmethod
    def defaults(cls) -> Limits:
        """The documented defaults, for scripts and tests that call the services directly."""
        return cls.from_settings(Settings.model_construct())

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every rule, for pruning."""
        return (
            self.register_per_address,
            self.register_per_email,
            self.sign_in_per_address,
            self.sign_in_failures_per_account,
            *self.per_account.values(),
        )


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
    ceiling: Rule
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


def _parse_hop(hop: str) -> IPv4Address | IPv6Address | None:
    """One X-Forwarded-For entry as an address ("203.0.113.7", "[2001:db8::1]:443", "203.0.113.7:80")."""
    hop = hop.strip()
    if hop.startswith("[") and "]" in hop:
        hop = hop[1 : hop.index("]")]
    elif hop.count(":") == 1:
        hop = hop.split(":")[0]
    try:
        return ip_address(hop)
    except ValueError:
        return None


def _trusted(address: IPv4Address | IPv6Address, proxies: Iterable[Network]) -> bool:
    return any(address.version == network.version and address in network for network in proxies)


def connection_address(
    connection: ASGIConnection[Any, Any, Any, Any] | None, proxies: tuple[Network, ...]
) -> str:
    """The address an HTTP request or WebSocket is counted under (`client_address`)."""
    if connection is None:
        return "unknown"
    return client_address(
        connection.client.host if connection.client else None,
        connection.headers.getall("x-forwarded-for", []),
        proxies,
    )


def client_address(peer: str | None, forwarded_for: Iterable[str], proxies: tuple[Network, ...]) -> str:
    """The address a request is counted under.

    `X-Forwarded-For` is believed only when the peer is a trusted proxy, and then read from the right:
    each trusted hop passes the question on to the one before it, and the first untrusted hop is the
    client (anything left of it could have been written by the client itself). An unreadable hop stops
    the walk at the last address a trusted proxy vouched for.
    """
    if not peer:
        return "unknown"
    address = _parse_hop(peer)
    if address is None or not _trusted(address, proxies):
        return peer[:MAX_CLIENT_ADDRESS_LENGTH]
    hops = [hop for header in forwarded_for for hop in header.split(",") if hop.strip()]
    for hop in reversed(hops):
        parsed = _parse_hop(hop)
        if parsed is None:
            break
        address = parsed
        if not _trusted(address, proxies):
            break
    return str(address)


def _window(rule: Rule, now: datetime) -> datetime:
    start = int(now.timestamp()) // rule.window_seconds * rule.window_seconds
    return datetime.fromtimestamp(start, UTC)


def _counter_key(rule: Rule, key: str) -> str:
    return f"{rule.name}:{key}"[:300]


def _client_key(client: str) -> str:
    return client[:MAX_CLIENT_ADDRESS_LENGTH]


def room_left(rule: Rule, *, previous: int, elapsed: float) -> int:
    """How many attempts the current window may hold, given `previous` in the window before and
    `elapsed` seconds into this one: the sliding window's limit minus the previous window's overlap."""
    overlap = previous * max(0.0, 1 - elapsed / rule.window_seconds)
    # A tiny tolerance: 10 * (1 - 0.7) must leave room for exactly 7, not 6.
    return math.floor(rule.limit - overlap + 1e-9)


def retry_after(rule: Rule, *, previous: int, current: int, elapsed: float) -> int:
    """Seconds until one more attempt fits, if nobody tries meanwhile (at least 1)."""
    window = rule.window_seconds
    if current + 1 <= rule.limit and previous > 0:
        # Later in this window, once enough of the previous one has slid out.
        fits_at = window * (1 - (rule.limit - current - 1) / previous)
        return max(1, math.ceil(fits_at - elapsed))
    if current == 0:
        return max(1, math.ceil(window - elapsed))
    # In the next window, once enough of this one has slid out.
    fits_at = window * max(0.0, 1 - (rule.limit - 1) / current)
    return max(1, math.ceil(window - elapsed + fits_at))


async def count_attempt(session: AsyncSession, rule: Rule, key: str) -> datetime:
    """Count one attempt under `rule` and return its window; raise RateLimited when it is full.

    The count is a conditional upsert, so concurrent attempts never exceed the limit together (the
    previous window is closed: nobody adds to it any more).
    """
    now = datetime.now(UTC)
    window_start = _window(rule, now)
    previous_start = window_start - timedelta(seconds=rule.window_seconds)
    elapsed = (now - window_start).total_seconds()
    counter_key = _counter_key(rule, key)
    previous = (
        await session.scalar(
            select(RateLimitCounter.hits).where(
                RateLimitCounter.key == counter_key, RateLimitCounter.window_start == previous_start
            )
        )
        or 0
    )
    room = room_left(rule, previous=previous, elapsed=elapsed)
    hits = None
    if room > 0:
        hits = await session.scalar(
            insert(RateLimitCounter)
            .values(key=counter_key, window_start=window_start, hits=1)
            .on_conflict_do_update(
                index_elements=[RateLimitCounter.key, RateLimitCounter.window_start],
                set_={"hits": RateLimitCounter.hits + 1},
                where=RateLimitCounter.hits < room,
            )
            .returning(RateLimitCounter.hits)
        )
    if hits is None:
        current = await session.scalar(
            select(RateLimitCounter.hits).where(
                RateLimitCounter.key == counter_key, RateLimitCounter.window_start == window_start
            )
        )
        wait = retry_after(rule, previous=previous, current=current or 0, elapsed=elapsed)
        raise RateLimited(wait, rule.what)
    await session.execute(
        delete(RateLimitCounter).where(
            RateLimitCounter.key == counter_key, RateLimitCounter.window_start < previous_start
        )
    )
    return window_start


async def count_action(
    db: async_sessionmaker[AsyncSession], limits: Limits, action: Action, user_id: uuid.UUID
) -> None:
    """Count one `action` by a signed-in account, in a transaction of its own (so a mutation that fails
    afterwards still counts); raise RateLimited when the account's limit for it is reached."""
    async with db.begin() as session:
        await count_attempt(session, limits.per_account[action], str(user_id))


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


async def claim_sign_in(session: AsyncSession, limits: Limits, *, account: str, client: str) -> SignInAttempt:
    """Count a sign-in attempt as a failure before its password is checked, or raise RateLimited.

    `account` is the keyed hash of the email (see the module), never the email itself.

    Counts every sign-in rule; run it in a transaction of its own, so a refusal rolls back what it
    counted (refused attempts use up nothing).
    """
    await count_attempt(session, limits.sign_in_per_address, client)
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
    ceiling = limits.sign_in_failures_per_account
    account_window = await count_attempt(session, ceiling, account)
    return SignInAttempt(
        account=account, client=client, ceiling=ceiling, account_window=account_window, failures=failures
    )


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
    await refund_attempt(session, attempt.ceiling, attempt.account, attempt.account_window)


def throttled(attempt: SignInAttempt) -> bool:
    """Whether a failed attempt is over the free failures, so the next one from its address waits: the
    failures the audit log records (each is already held to the back-off, so they cannot flood it)."""
    return attempt.failures >= FREE_FAILURES


async def forget_account(session: AsyncSession, account: str, user_id: uuid.UUID) -> None:
    """Delete every counter and failure kept about one account (its email's keyed hash and its id): for
    erasure."""
    await session.execute(delete(SignInFailure).where(SignInFailure.account_hash == account))
    await session.execute(
        delete(RateLimitCounter).where(
            or_(
                RateLimitCounter.key.in_([f"{name}:{account}" for name in _EMAIL_RULES]),
                RateLimitCounter.key.like(f"{_ACCOUNT_PREFIX}:%:{user_id}"),
            )
        )
    )


async def prune_counters(session: AsyncSession, limits: Limits) -> int:
    """Delete rate-limit counters that no rule reads any more (older than the previous window of the
    longest rule); returns how many."""
    longest = 2 * max(rule.window_seconds for rule in limits.rules)
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
