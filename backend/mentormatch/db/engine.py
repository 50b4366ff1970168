"""The async engine and session factory of one process."""

from __future__ import annotations

import math
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

# A pooled connection unused for longer than this is checked (a round trip) before a request gets it; one
# used more recently is only checked locally: a connection the server closed (a restart ends every session
# with a message and closes the socket) is known closed to asyncpg without a round trip, and the first
# failure on a busy one drops every pooled connection made before it. So checking each checkout with a ping
# (SQLAlchemy's `pool_pre_ping`, three round trips on asyncpg: BEGIN, `;`, ROLLBACK) costs every request
# for what the ping adds: a connection lost without a word (a network gone silent) while it sat idle.
PING_AFTER_IDLE_SECONDS = 1.0
_IDLE_SINCE = "mentormatch_idle_since"


def create_engine(
    url: str,
    *,
    pool_size: int = 10,
    max_overflow: int | None = None,
    pool_timeout: float = 30.0,
    connect_timeout: float = 10.0,
    statement_timeout: float = 0.0,
    ef_search: int = 100,
) -> AsyncEngine:
    """An engine on `url`; a pooled connection is checked before use (see `_ping_when_idle`), so a
    restarted database is survived.

    The API passes its settings (a short `pool_timeout` and `connect_timeout`, a `statement_timeout` in
    seconds, 0 for none); the CLI's batch jobs keep the patient defaults.
    """
    server_settings = {
        "application_name": "mentormatch",
        # HNSW scans go on past dead or filtered-out rows until the LIMIT is met; without this a
        # filtered search (or one right after many updates) can come back short or empty. Relaxed order
        # finds more of the true neighbours; matching re-orders what the scan returns exactly.
        "hnsw.iterative_scan": "relaxed_order",
        # The candidate list of an HNSW scan (MENTORMATCH_HNSW_EF_SEARCH); at least matching's
        # candidates per objective (50), or the tail of those candidates is a poor approximation.
        "hnsw.ef_search": str(ef_search),
    }
    if statement_timeout > 0:
        # Set at connect, so it holds on every connection the pool opens (milliseconds).
        server_settings["statement_timeout"] = str(max(1, round(statement_timeout * 1000)))
    engine = create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size if max_overflow is None else max_overflow,
        # How long a request waits for a pooled connection before it fails (SERVICE_UNAVAILABLE).
        pool_timeout=pool_timeout,
        connect_args={
            # asyncpg's connect timeout: an unreachable server fails the request in this time.
            "timeout": connect_timeout,
            "server_settings": server_settings,
        },
    )
    _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: AsyncEngine) -> None:
    """Check a connection at checkout: one its driver knows is closed is replaced; one that sat in the pool
    longer than PING_AFTER_IDLE_SECONDS is pinged, and one that does not answer invalidates the pool (as
    `pool_pre_ping` would). Either way the checkout gets a new connection."""

    def fresh(dbapi_connection: Any, record: Any) -> None:
        record.info[_IDLE_SINCE] = math.inf  # just connected: nothing to check

    def rest(dbapi_connection: Any, record: Any) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    def check(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        if dbapi_connection.driver_connection.is_closed():
            # Closed by the server (a restart, an administrator, an idle timeout): this one is replaced;
            # any other it closed is found the same way at its own checkout.
            raise exc.DisconnectionError("the server closed this connection")
        if time.monotonic() - record.info.get(_IDLE_SINCE, 0.0) <= PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            # A connection that cannot answer `;` is of no use; a database that is down fails the new
            # connection's connect instead, as an outage (db.availability).
            raise exc.InvalidatePoolError(str(error)) from error

    event.listen(engine.sync_engine, "connect", fresh)
    event.listen(engine.sync_engine, "checkin", rest)
    event.listen(engine.sync_engine, "checkout", check)


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def read_only(db: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session for hot read paths that need no snapshot shared across statements: each statement
    commits on its own, which saves the BEGIN and ROLLBACK round trips of a transaction."""
    async with db() as session:
        await session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        yield session
