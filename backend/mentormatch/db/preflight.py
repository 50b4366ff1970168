"""Checks run before serving: is the database reachable, does it have pgvector, is it migrated."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from mentormatch.db.migrate import current_revision, head_revision


class DatabaseNotReady(RuntimeError):
    """The configured PostgreSQL cannot serve this application; the message says why, in one line."""


def describe(url: str) -> str:
    """The URL without its password, for messages."""
    return make_url(url).render_as_string(hide_password=True)


async def check_database(url: str, *, require_head: bool = False, connect_seconds: float = 10.0) -> None:
    """Raise DatabaseNotReady unless `url` answers, offers pgvector and (optionally) is fully migrated."""
    engine = create_async_engine(url, pool_size=1, connect_args={"timeout": connect_seconds})
    try:
        try:
            async with asyncio.timeout(connect_seconds), engine.connect() as connection:
                has_vector = await connection.scalar(
                    text("SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'")
                )
        except Exception as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise DatabaseNotReady(f"cannot connect to the database at {describe(url)}: {reason}") from exc
        if not has_vector:
            raise DatabaseNotReady(
                f"the database at {describe(url)} lacks the pgvector extension "
                "(use a PostgreSQL with pgvector installed, e.g. the pgvector/pgvector image)"
            )
        if require_head:
            current, head = await current_revision(engine), head_revision()
            if current != head:
                raise DatabaseNotReady(
                    f"the database at {describe(url)} is at migration {current or 'none'}, "
                    f"the code needs {head}: run `mentormatch migrate`"
                )
    finally:
        await engine.dispose()
