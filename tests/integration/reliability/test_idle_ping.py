"""Pooled connections are pinged before use only after sitting idle (db.engine.PING_AFTER_IDLE_SECONDS):
a busy pool costs requests no extra round trips, a connection that died while idle is replaced before any
request meets it, and so is one the server closed a moment ago (a fast restart), without a ping."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

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


class SilentRelay:
    """A relay in front of PostgreSQL's socket that can lose its connections without a word, as a network
    path that dropped its state does: the server's side is closed, the client's stays open and learns only
    when it next sends, so nothing but a round trip finds out."""

    def __init__(self, url: str, directory: Path) -> None:
        self._url = make_url(url)
        query = self._url.query
        port = query.get("port", self._url.port or 5432)
        self._target = Path(str(query["host"])) / f".s.PGSQL.{port}"
        self._directory = directory
        self._cut: list[asyncio.StreamWriter] = []
        self._links: list[asyncio.StreamWriter] = []

    @property
    def url(self) -> str:
        relayed = self._url.update_query_dict({"host": str(self._directory)})
        return relayed.render_as_string(hide_password=False)

    @asynccontextmanager
    async def running(self) -> AsyncIterator[SilentRelay]:
        path = self._directory / self._target.name
        server = await asyncio.start_unix_server(self._relay, path=str(path))
        try:
            yield self
        finally:
            server.close()
            for writer in self._links:
                writer.close()

    def cut(self) -> None:
        """Lose every open connection silently."""
        for writer in self._links:
            self._cut.append(writer)
            writer.close()

    async def _relay(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        server_reader, server_writer = await asyncio.open_unix_connection(str(self._target))
        self._links.append(server_writer)

        async def down() -> None:
            with contextlib.suppress(ConnectionError):
                while data := await server_reader.read(65536):
                    client_writer.write(data)
                    await client_writer.drain()
            if server_writer not in self._cut:
                client_writer.close()  # the server's own goodbye passes through

        async def up() -> None:
            with contextlib.suppress(ConnectionError):
                while (data := await client_reader.read(65536)) and server_writer not in self._cut:
                    server_writer.write(data)
                    await server_writer.drain()
            client_writer.close()
            server_writer.close()

        await asyncio.gather(down(), up())


async def test_a_connection_lost_silently_while_idle_is_replaced_before_use(
    database_url: str, pings: list[object], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    async with SilentRelay(database_url, tmp_path).running() as relay:
        engine = create_engine(relay.url, pool_size=1)
        try:
            async with engine.connect() as connection:
                first_pid = await connection.scalar(text("SELECT pg_backend_pid()"))
                driver = (await connection.get_raw_connection()).driver_connection
            relay.cut()
            await asyncio.sleep(0.1)
            assert not driver.is_closed(), "the loss must be silent: only a round trip can find it"
            monkeypatch.setattr(db_engine, "PING_AFTER_IDLE_SECONDS", 0.0)
            async with engine.connect() as connection:
                second_pid = await connection.scalar(text("SELECT pg_backend_pid()"))
            assert len(pings) == 1
            assert second_pid != first_pid
        finally:
            await engine.dispose()


async def test_a_connection_the_server_closed_a_moment_ago_is_replaced_without_a_ping(
    database_url: str, postgres: PostgresServer, pings: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Never idle long enough to be pinged: only the driver's own knowledge can save the next request.
    monkeypatch.setattr(db_engine, "PING_AFTER_IDLE_SECONDS", 3600.0)
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            first_pid = await connection.scalar(text("SELECT pg_backend_pid()"))
            driver = (await connection.get_raw_connection()).driver_connection
        admin = await asyncpg.connect(postgres.libpq_url("postgres"))
        try:
            await admin.execute("SELECT pg_terminate_backend($1)", first_pid)
        finally:
            await admin.close()
        for _ in range(200):  # the server's goodbye reaches the driver on the event loop
            if driver.is_closed():
                break
            await asyncio.sleep(0.01)
        assert driver.is_closed()
        async with engine.connect() as connection:
            second_pid = await connection.scalar(text("SELECT pg_backend_pid()"))
        assert pings == []
        assert second_pid != first_pid
    finally:
        await engine.dispose()
