"""An embedded PostgreSQL of the reliability tests' own (they stop it), and participants in a mentorship."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from httpx_ws import AsyncWebSocketSession, aconnect_ws
from httpx_ws.transport import ASGIWebSocketTransport
from litestar import Litestar
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from mentormatch.accounts import service as accounts
from mentormatch.accounts.rate_limits import Limits
from mentormatch.app import create_app
from mentormatch.db.embedded import EmbeddedPostgres
from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.db.migrate import upgrade_to_head
from mentormatch.embeddings import Embedder
from mentormatch.profiles.service import update_profile
from mentormatch.profiles.validation import parse_profile_input
from mentormatch.runtime import Resources
from mentormatch.settings import Settings
from tests.conftest import SECRET_KEY, make_settings
from tests.integration.feedback.conftest import start_mentorship

Db = async_sessionmaker[AsyncSession]
PASSWORD = "a-long-unusual-passphrase-42"
ORIGIN = "http://testserver"


class OwnPostgres:
    """A server these tests may stop and start again: never the shared one of the test session."""

    def __init__(self, data_dir: Path) -> None:
        self.embedded = EmbeddedPostgres(data_dir)
        self.url = self.embedded.start()
        self.running = True

    async def stop(self) -> None:
        """pg_ctl stop (fast: sessions ended, in-flight transactions rolled back), off the event loop."""
        await asyncio.to_thread(self.embedded.stop)
        self.running = False

    async def start(self) -> None:
        url = await asyncio.to_thread(self.embedded.start)
        assert url == self.url, "the restarted server must be reachable at the same address"
        self.running = True


@pytest.fixture
def own_postgres(tmp_path: Path) -> Iterator[OwnPostgres]:
    server = OwnPostgres(tmp_path)
    try:
        upgrade_to_head(server.url)
        yield server
    finally:
        server.embedded.stop()


@pytest.fixture
def outage_settings(own_postgres: OwnPostgres) -> Settings:
    # The writers log sessions as fast as they can: far past a participant's daily limit.
    return make_settings(
        own_postgres.url,
        MENTORMATCH_PRUNE_INTERVAL_MINUTES=0,
        MENTORMATCH_RATE_LIMIT_SESSION_LOGS_PER_ACCOUNT="100000/1d",
    )


@pytest.fixture
async def db(own_postgres: OwnPostgres) -> AsyncIterator[Db]:
    """The test's own sessions: like another API process, they must survive the restart too."""
    engine = create_engine(own_postgres.url, pool_size=2)
    yield create_sessionmaker(engine)
    await engine.dispose()


@dataclass(frozen=True)
class Pair:
    mentorship_id: str
    mentor_id: uuid.UUID
    mentor: str
    mentee_id: uuid.UUID
    mentee: str


async def _person(db: Db, embedder: Embedder, name: str, **profile: Any) -> tuple[uuid.UUID, str]:
    signed_in = await accounts.register(
        db,
        email=f"{name.lower().replace(' ', '.')}@example.com",
        password=PASSWORD,
        display_name=name,
        client=f"test-{uuid.uuid4()}",
        signing_key=SECRET_KEY,
        ttl=timedelta(hours=1),
        limits=Limits.defaults(),
    )
    await update_profile(db, embedder, user_id=signed_in.user.id, changes=parse_profile_input(profile))
    return signed_in.user.id, signed_in.token


async def make_pair(db: Db, embedder: Embedder) -> Pair:
    """A mentor and a mentee in an ACTIVE mentorship, signed in."""
    mentor_id, mentor = await _person(db, embedder, "Mentor Mia", canMentor=True, capacity=5)
    mentee_id, mentee = await _person(db, embedder, "Mentee Max", seeksMentoring=True)
    mentorship_id = await start_mentorship(db, mentor_id, mentee_id, ["learn SQL"])
    return Pair(mentorship_id, mentor_id, mentor, mentee_id, mentee)


@dataclass
class Served:
    app: Litestar
    http: httpx.AsyncClient

    @property
    def resources(self) -> Resources:
        resources: Resources = self.app.state.resources
        return resources

    @asynccontextmanager
    async def live(self) -> AsyncIterator[AsyncWebSocketSession]:
        async with aconnect_ws("/graphql", self.http, subprotocols=[GRAPHQL_TRANSPORT_WS_PROTOCOL]) as ws:
            yield ws

    async def graphql(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None
    ) -> tuple[int, dict[str, Any]]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        return response.status_code, response.json()


@asynccontextmanager
async def serve(settings: Settings, embedder: Embedder) -> AsyncIterator[Served]:
    """The app, HTTP and WebSockets, in the test's own event loop (see the notifications tests)."""
    app = create_app(settings, embedder=embedder)
    transport = ASGIWebSocketTransport(app=app)
    async with app.lifespan(), httpx.AsyncClient(transport=transport, base_url=ORIGIN) as http:
        yield Served(app, http)
