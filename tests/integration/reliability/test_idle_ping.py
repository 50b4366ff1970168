"""Pooled connections are checked before use only after sitting idle (db.engine.PING_AFTER_IDLE_SECONDS):
a busy pool costs requests no extra round trips, and a connection that died while idle is replaced
before any request meets it."""

from __future__ import annotations

from typing import Any

import asyncpg
import pytest
from sqlalchemy import text

from mentormatch.db import engine as db_engine
from mentormatch.db.engine import create_engine
from tests.conftest import PostgresServer


@pytest.fixture
def pings(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every ping the pool sends, counted (the dialect's own ping still runs)."""
    sent: list[object] = []
    dialect_class = type(create_engine("postgresql+asyncpg://localhost/x").dialect)
    original = dialect_class.do_ping

    def counted(self: Any, dbapi_connection: Any) -> bool:
        sent.append(dbapi_connection)
        return bool(original(self, dbapi_connection))

    monkeypatch.setattr(dialect_class, "do_ping", counted)
    return sent


async def test_a_busy_connection_is_not_pinged(database_url: str, pings: list[object]) -> None:
    engine = create_engine(database_url, pool_size=1)
    try:
        for _ in range(5):
            async with engine.connect() as connection:
                assert await connection.scalar(text("SELECT 1")) == 1
        assert pings == []
    finally:
        await engine.dispose()


async def test_a_connection_that_died_while_idle_is_replaced_before_use(
    database_url: str, postgres: PostgresServer, pings: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            first_pid = await connection.scalar(text("SELECT pg_backend_pid()"))
        # The server ends the pooled connection while nobody uses it (as a restart would).
        admin = await asyncpg.connect(postgres.libpq_url("postgres"))
        try:
            await admin.execute("SELECT pg_terminate_backend($1)", first_pid)
        finally:
            await admin.close()
        monkeypatch.setattr(db_engine, "PING_AFTER_IDLE_SECONDS", 0.0)
        async with engine.connect() as connection:
            second_pid = await connection.scalar(text("SELECT pg_backend_pid()"))
        assert len(pings) == 1
        assert second_pid != first_pid
    finally:
        await engine.dispose()
