"""The long-lived resources of one API process, created at start-up and closed at shutdown."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from mentormatch.accounts.oidc import OidcClient
from mentormatch.accounts.rate_limits import Limits
from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.db.routing import ReadRouter
from mentormatch.embeddings import Embedder
from mentormatch.notifications.live import NotificationHub, listener_dsn
from mentormatch.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Resources:
    settings: Settings
    engine: AsyncEngine
    # The primary: every write, and every read that is not routed (db.routing).
    db: async_sessionmaker[AsyncSession]
    # Where a query's reads go: the primary, or DATABASE_REPLICA_URL's replica (db.routing).
    router: ReadRouter
    embedder: Embedder
    # Read once: in development it lives in a file, and every request needs it.
    signing_key: str
    # Live notifications; it connects on the first subscription.
    hub: NotificationHub
    # Every rate limit, and the proxies whose X-Forwarded-For is believed.
    limits: Limits
    # The single sign-on provider's client (its discovery cached), when configured.
    sso: OidcClient | None = None

    @classmethod
    def open(cls, settings: Settings, database_url: str, embedder: Embedder) -> Resources:
        def engine_on(url: str) -> AsyncEngine:
            return create_engine(
                url,
                pool_size=settings.db_pool_size,
                max_overflow=settings.db_max_overflow,
                pool_timeout=settings.db_pool_timeout_seconds,
                connect_timeout=settings.db_connect_timeout_seconds,
                statement_timeout=settings.db_statement_timeout_seconds,
                ef_search=settings.hnsw_ef_search,
            )

        engine = engine_on(database_url)
        db = create_sessionmaker(engine)
        replica_engine = engine_on(settings.database_replica_url) if settings.database_replica_url else None
        router = ReadRouter(
            primary=db,
            replica=create_sessionmaker(replica_engine) if replica_engine is not None else None,
            replica_engine=replica_engine,
            lag_check_seconds=settings.replica_lag_check_seconds,
            retry_seconds=settings.replica_retry_seconds,
        )
        return cls(
            settings=settings,
            engine=engine,
            db=db,
            router=router,
            embedder=embedder,
            signing_key=settings.signing_key(),
            hub=NotificationHub(
                listener_dsn(database_url), connect_timeout=settings.db_connect_timeout_seconds
            ),
            limits=Limits.from_settings(settings),
            sso=OidcClient(settings) if settings.sso_enabled else None,
        )

    async def database_ready(self) -> bool:
        """True when a query round-trips to PostgreSQL."""
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception as exc:
            log.warning("database not ready: %s", exc)
            return False
        return True

    async def close(self) -> None:
        await self.hub.close()
        await self.embedder.aclose()
        await self.engine.dispose()
        if self.router.replica_engine is not None:
            await self.router.replica_engine.dispose()
