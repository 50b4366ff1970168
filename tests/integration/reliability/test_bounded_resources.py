"""One slow statement, a burst and a flood of texts to embed each meet a bound, with SERVICE_UNAVAILABLE
and nothing written, and the API serves normally once the pressure is gone."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.embeddings import Embedder
from mentormatch.errors import ErrorCode, ServiceUnavailable
from mentormatch.profiles.models import Profile
from tests.conftest import make_settings
from tests.integration.reliability.conftest import Db, make_pair, serve

LOG_SESSION = """
mutation($input: LogSessionInput!) {
  logSession(input: $input) { session { id } errors { code message } }
}"""
UPDATE_PROFILE = """
mutation($input: ProfileInput!) {
  updateMyProfile(input: $input) { profile { headline } errors { code message } }
}"""
ME = "query { me { id } }"


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Db]:
    engine = create_engine(database_url, pool_size=2)
    yield create_sessionmaker(engine)
    await engine.dispose()


def log_session_input(mentorship_id: str, note: str) -> dict[str, object]:
    held_on = datetime.now(UTC).date().isoformat()
    return {"input": {"mentorshipId": mentorship_id, "heldOn": held_on, "minutes": 45, "note": note}}


async def session_notes(db: Db) -> list[str]:
    async with db() as session:
        return list((await session.scalars(text("SELECT note FROM mentorship_sessions"))).all())


async def test_a_statement_past_the_timeout_is_cancelled_with_service_unavailable(
    database_url: str, db: Db, embedder: Embedder
) -> None:
    pair = await make_pair(db, embedder)
    settings = make_settings(database_url, MENTORMATCH_DB_STATEMENT_TIMEOUT_SECONDS=0.5)
    async with serve(settings, embedder) as served:
        async with served.resources.engine.connect() as connection:
            # Every pooled connection carries the timeout.
            assert (await connection.scalar(text("SHOW statement_timeout"))) == "500ms"
        async with db.begin() as blocker:
            # Another transaction holds the mentorship's row: logging a session waits for it.
            await blocker.execute(
                text("SELECT 1 FROM mentorships WHERE id = :id FOR UPDATE"), {"id": pair.mentorship_id}
            )
            started = time.monotonic()
            status, body = await served.graphql(
                LOG_SESSION, log_session_input(pair.mentorship_id, "blocked"), token=pair.mentee
            )
            assert time.monotonic() - started < 2.0
        assert status == 200
        assert [error["extensions"]["code"] for error in body["errors"]] == ["SERVICE_UNAVAILABLE"]
        assert "SQL" not in str(body) and "statement" not in str(body)
        # Once the lock is gone, the same mutation goes through; the cancelled one left nothing.
        _, body = await served.graphql(
            LOG_SESSION, log_session_input(pair.mentorship_id, "free"), token=pair.mentee
        )
        assert body["data"]["logSession"]["session"] is not None
    assert await session_notes(db) == ["free"]


async def test_a_burst_beyond_the_pool_fails_fast_with_service_unavailable(
    database_url: str, db: Db, embedder: Embedder
) -> None:
    pair = await make_pair(db, embedder)
    settings = make_settings(
        database_url,
        MENTORMATCH_DB_POOL_SIZE=1,
        MENTORMATCH_DB_MAX_OVERFLOW=0,
        MENTORMATCH_DB_POOL_TIMEOUT_SECONDS=0.3,
    )
    async with serve(settings, embedder) as served:
        async with served.resources.engine.connect():
            # The only connection is taken (a long request): the next one waits pool_timeout, no more.
            started = time.monotonic()
            response = await served.http.post(
                "/graphql", json={"query": ME}, headers={"Authorization": f"Bearer {pair.mentee}"}
            )
            assert time.monotonic() - started < 1.5
        assert response.status_code == 503
        assert response.headers["retry-after"] == "2"
        assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["SERVICE_UNAVAILABLE"]
        status, body = await served.graphql(ME, token=pair.mentee)
        assert status == 200 and body["data"]["me"]["id"]


async def test_a_full_embedding_queue_refuses_with_service_unavailable(
    database_url: str, db: Db, embedder: Embedder
) -> None:
    pair = await make_pair(db, embedder)
    # The same model behind a queue of one call.
    small = Embedder(embedder._model, name=embedder.name, queue_size=1)
    small.frames = embedder.frames
    release = threading.Event()
    # The model's one thread is busy (a long forward pass): the first call waits in the queue.
    small._executor.submit(release.wait, 30)
    first = asyncio.create_task(small.encode(["waiting for the model"]))
    try:
        await asyncio.sleep(0.05)
        assert small.in_progress == 1
        with pytest.raises(ServiceUnavailable) as refused:
            await small.encode(["one too many"])
        assert refused.value.code is ErrorCode.SERVICE_UNAVAILABLE

        settings = make_settings(database_url)
        async with serve(settings, small) as served:
            _, body = await served.graphql(
                UPDATE_PROFILE, {"input": {"headline": "Data engineer"}}, token=pair.mentee
            )
            payload = body["data"]["updateMyProfile"]
            assert [error["code"] for error in payload["errors"]] == ["SERVICE_UNAVAILABLE"]
            assert payload["profile"] is None
            assert await headline(db, pair.mentee_id) is None  # nothing written
            release.set()
            assert (await first).shape == (1, small.dimensions)
            # The queue drained: the same edit now goes through.
            _, body = await served.graphql(
                UPDATE_PROFILE, {"input": {"headline": "Data engineer"}}, token=pair.mentee
            )
            assert body["data"]["updateMyProfile"]["profile"]["headline"] == "Data engineer"
    finally:
        release.set()
        await asyncio.wait_for(first, 30)
        await small.aclose()


async def headline(db: Db, user_id: uuid.UUID) -> str | None:
    async with db() as session:
        profile = await session.get(Profile, user_id)
        return profile.headline if profile is not None else None
