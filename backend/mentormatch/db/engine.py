"""The async engine and session factory of one process."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine


def create_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    """An engine on `url`; connections are checked before use so a restarted database is survived."""
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        connect_args={
            "server_settings": {
                "application_name": "mentormatch",
                # HNSW scans go on past dead or filtered-out rows until the LIMIT is met; without this a
                # filtered search (or one right after many updates) can come back short or empty.
                "hnsw.iterative_scan": "strict_order",
                # The candidate list of an HNSW scan; at least matching's candidates per objective
                # (50), or the tail of those candidates is a poor approximation.
                "hnsw.ef_search": "100",
            }
        },
    )


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
