"""The one way to run a transaction that locks participants: retried when PostgreSQL aborts it to break
a deadlock or a serialisation conflict.

Every writer takes its locks in one order (see `mentorships/service.py`), but a reader's lazy work (an
expiry run while listing) or a writer outside that order can still meet another transaction in a cycle.
PostgreSQL then aborts one of them with 40P01 (or 40001 under stricter isolation); the aborted one has
written nothing, so running the whole body again is safe and is what the client should get instead of an
INTERNAL error.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.errors import ServiceError

log = logging.getLogger(__name__)

T = TypeVar("T")

# Deadlock detected, serialization failure: the transaction was rolled back and may simply run again.
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})
ATTEMPTS = 3


def is_retryable(error: DBAPIError) -> bool:
    """Whether PostgreSQL aborted the transaction only to resolve a conflict with another one."""
    return getattr(error.orig, "sqlstate", None) in RETRYABLE_SQLSTATES


async def run_in_transaction(
    db: async_sessionmaker[AsyncSession], body: Callable[[AsyncSession], Awaitable[T | ServiceError]]
) -> T:
    """Run `body` in one transaction, again from the start (up to ATTEMPTS times) after a deadlock or a
    serialisation failure. A ServiceError that `body` returns is raised after the commit, so what it
    wrote on the way (an expiry and its notifications) is kept."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            async with db.begin() as session:
                result = await body(session)
        except DBAPIError as error:
            if is_retryable(error) and attempt < ATTEMPTS:
                log.info("retrying a transaction (attempt %d) after %s", attempt + 1, error.orig)
                continue
            raise
        if isinstance(result, ServiceError):
            raise result
        return result
    raise AssertionError("unreachable")  # pragma: no cover
