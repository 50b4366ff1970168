"""Pruning the tables that only grow: what goes, what stays, one process at a time, on a timer."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from mentormatch.app import create_app
from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.embeddings import Embedder
from mentormatch.maintenance import PRUNE_LOCK_KEY, Pruned, prune
from mentormatch.settings import Settings
from tests.conftest import make_settings

TIMER_DEADLINE = 60.0

# What survives a prune, by the label each seeded row carries.
KEPT = {
    # A day-long limit still reads yesterday's window.
    "rate_limit_counters": {"current", "previous-window"},
    "sign_in_failures": {"current@example.com"},
    "sessions": {"live", "expired-an-hour-ago", "revoked-an-hour-ago"},
    "notifications": {"read-a-week-ago", "unread-for-a-year"},
    # Over a week old goes, sent, given up or never sent (email off: no sender marks it stale).
    "emails": {"sent-yesterday", "unsent-today"},
}
REMOVED = Pruned(rate_limit_counters=1, sign_in_failures=1, sessions=2, notifications=1, emails=3)

_SEED = """
INSERT INTO users (id, email, display_name) VALUES (:user_id, 'pruned@example.com', 'Pruned');
INSERT INTO rate_limit_counters (key, window_start, hits) VALUES
  ('old', now() - interval '3 days', 3),
  ('previous-window', now() - interval '30 hours', 3),
  ('current', now() - interval '1 minute', 3);
INSERT INTO sign_in_failures (account_hash, client_address, failures, last_failure_at) VALUES
  ('old@example.com', '203.0.113.7', 9, now() - interval '2 days'),
  ('current@example.com', '203.0.113.7', 9, now() - interval '1 hour');
INSERT INTO sessions (id, user_id, expires_at, revoked_at) VALUES
  (:live, :user_id, now() + interval '1 day', NULL),
  (:expired_long_ago, :user_id, now() - interval '2 days', NULL),
  (:revoked_long_ago, :user_id, now() + interval '5 days', now() - interval '2 days'),
  (:expired_an_hour_ago, :user_id, now() - interval '1 hour', NULL),
  (:revoked_an_hour_ago, :user_id, now() + interval '5 days', now() - interval '1 hour');
INSERT INTO notifications (id, user_id, kind, message, created_at, read_at) VALUES
  (gen_random_uuid(), :user_id, 'REQUEST_RECEIVED', 'read-long-ago', now() - interval '200 days',
   now() - interval '100 days'),
  (gen_random_uuid(), :user_id, 'REQUEST_RECEIVED', 'read-a-week-ago', now() - interval '200 days',
   now() - interval '7 days'),
  (gen_random_uuid(), :user_id, 'REQUEST_RECEIVED', 'unread-for-a-year', now() - interval '365 days', NULL);
INSERT INTO email_outbox (id, user_id, kind, delivery, content, created_at, due_at, sent_at, failed_at) VALUES
  (gen_random_uuid(), :user_id, 'REQUEST_RECEIVED', 'IMMEDIATELY', '{"label": "sent-long-ago"}',
   now() - interval '8 days', now() - interval '8 days', now() - interval '8 days', NULL),
  (gen_random_uuid(), :user_id, 'REQUEST_RECEIVED', 'IMMEDIATELY', '{"label": "given-up-long-ago"}',
   now() - interval '9 days', now() - interval '9 days', NULL, now() - interval '8 days'),
  (gen_random_uuid(), :user_id, 'REQUEST_RECEIVED', 'IMMEDIATELY', '{"label": "sent-yesterday"}',
   now() - interval '1 day', now() - interval '1 day', now() - interval '1 day', NULL),
  (gen_random_uuid(), :user_id, 'REQUEST_RECEIVED', 'IMMEDIATELY', '{"label": "unsent-long-ago"}',
   now() - interval '9 days', now() - interval '9 days', NULL, NULL),
  (gen_random_uuid(), :user_id, 'REQUEST_RECEIVED', 'IMMEDIATELY', '{"label": "unsent-today"}',
   now() - interval '1 hour', now(), NULL, NULL);
"""


class Rows:
    """Old and current rows of every pruned table, written and read back with plain SQL."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessions = {
            label: uuid.uuid4()
            for label in (
                "live",
                "expired-long-ago",
                "revoked-long-ago",
                "expired-an-hour-ago",
                "revoked-an-hour-ago",
            )
        }

    async def seed(self) -> None:
        params: dict[str, Any] = {"user_id": uuid.uuid4()}
        params.update({label.replace("-", "_"): id_ for label, id_ in self.sessions.items()})
        async with self.engine.begin() as connection:
            for statement in filter(str.strip, _SEED.split(";")):
                await connection.execute(text(statement), params)

    async def remaining(self) -> dict[str, set[str]]:
        labels = {id_: label for label, id_ in self.sessions.items()}
        async with self.engine.connect() as connection:
            return {
                "rate_limit_counters": set(
                    (await connection.scalars(text("SELECT key FROM rate_limit_counters"))).all()
                ),
                "sign_in_failures": set(
                    (await connection.scalars(text("SELECT account_hash FROM sign_in_failures"))).all()
                ),
                "sessions": {
                    labels[id_] for id_ in (await connection.scalars(text("SELECT id FROM sessions"))).all()
                },
                "notifications": set(
                    (await connection.scalars(text("SELECT message FROM notifications"))).all()
                ),
                "emails": set(
                    (await connection.scalars(text("SELECT content->>'label' FROM email_outbox"))).all()
                ),
            }


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url, pool_size=2)
    yield engine
    await engine.dispose()


@pytest.fixture
async def rows(engine: AsyncEngine) -> Rows:
    """The test's database with old and current rows in every pruned table."""
    rows = Rows(engine)
    await rows.seed()
    return rows


async def test_prune_removes_old_rows_and_keeps_current_and_unread_ones(
    engine: AsyncEngine, rows: Rows, settings: Settings
) -> None:
    assert await prune(create_sessionmaker(engine), settings) == REMOVED
    assert await rows.remaining() == KEPT
    assert await prune(create_sessionmaker(engine), settings) == Pruned(0, 0, 0, 0, 0)


async def test_notification_retention_is_a_setting(
    engine: AsyncEngine, rows: Rows, database_url: str
) -> None:
    settings = make_settings(database_url, MENTORMATCH_NOTIFICATION_RETENTION_DAYS=3)
    pruned = await prune(create_sessionmaker(engine), settings)
    assert pruned is not None and pruned.notifications == 2
    assert (await rows.remaining())["notifications"] == {"unread-for-a-year"}


async def test_a_prune_does_not_run_while_another_process_is_pruning(
    engine: AsyncEngine, rows: Rows, settings: Settings
) -> None:
    db = create_sessionmaker(engine)
    before = await rows.remaining()
    async with engine.connect() as other_process, other_process.begin():
        await other_process.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PRUNE_LOCK_KEY})
        assert await prune(db, settings) is None
        assert await rows.remaining() == before
    assert await prune(db, settings) == REMOVED


async def test_every_prune_delete_can_use_an_index(
    engine: AsyncEngine, rows: Rows, settings: Settings
) -> None:
    deletes: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        if statement.lstrip().upper().startswith("DELETE"):
            deletes.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", capture)
    try:
        await prune(create_sessionmaker(engine), settings)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", capture)
    assert len(deletes) == 5

    async with engine.connect() as connection, connection.begin():
        # With sequential scans priced out, a plan still showing one has no index to use.
        await connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        for statement, parameters in deletes:
            plan = (await connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)).scalars().all()
            assert not any("Seq Scan" in line for line in plan), "\n".join([statement, *plan])
        await connection.rollback()


async def test_the_server_prunes_on_a_timer(database_url: str, embedder: Embedder, rows: Rows) -> None:
    settings = make_settings(database_url, MENTORMATCH_PRUNE_INTERVAL_MINUTES=0.001)
    async with AsyncTestClient(create_app(settings, embedder=embedder)):
        deadline = time.monotonic() + TIMER_DEADLINE
        while (remaining := await rows.remaining()) != KEPT:
            assert time.monotonic() < deadline, f"not pruned within {TIMER_DEADLINE}s: {remaining}"
            await asyncio.sleep(0.05)
