"""Helpers for profile tests: holding the embedder mid-call, probing that nothing is locked meanwhile, and
checking that stored vectors fit their texts.

The app under test runs on its own event loop in the test client's thread, so a held call may wait on
either loop; the gate hands events across with `call_soon_threadsafe`.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from mentormatch.db.engine import create_sessionmaker
from mentormatch.embeddings import Embedder
from mentormatch.profiles.models import ItemKind, Profile
from mentormatch.profiles.service import with_contents

Db = async_sessionmaker[AsyncSession]
# A statement that would wait for a lock held by the code under test fails after this ("canceling
# statement due to lock timeout") instead of hanging the test; where nothing holds the lock it never waits.
IMPATIENT = "2s"


@dataclass
class Held:
    """One encode call that waits, mid-call, until released."""

    text: str
    entered: asyncio.Event = field(default_factory=asyncio.Event)
    released: bool = False
    work: asyncio.Future[Any] | None = None
    _waiting: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = field(default_factory=list)

    def release(self) -> None:
        self.released = True
        for loop, event in self._waiting:
            loop.call_soon_threadsafe(event.set)

    async def reached(self, work: Awaitable[Any]) -> None:
        """Wait until the held call is reached; fail if `work` ends (or fails) before it."""
        entered = asyncio.ensure_future(self.entered.wait())
        finished = self.work = asyncio.ensure_future(work)
        await asyncio.wait({entered, finished}, return_when=asyncio.FIRST_COMPLETED)
        if not entered.done():
            entered.cancel()
            finished.result()
            pytest.fail(f"the embedder was never asked for {self.text!r}")


class EncodeGate:
    """Wraps the embedder's `encode` (and so `encode_query`): the next call asked for a held text waits."""

    def __init__(self, embedder: Embedder, monkeypatch: pytest.MonkeyPatch) -> None:
        self._holds: list[Held] = []
        self._test_loop = asyncio.get_running_loop()
        original = embedder.encode

        async def gated(texts: Sequence[str], **options: Any) -> Any:
            hold = next((h for h in self._holds if h.text in texts and not h.entered.is_set()), None)
            if hold is not None:
                release = asyncio.Event()
                hold._waiting.append((asyncio.get_running_loop(), release))
                self._test_loop.call_soon_threadsafe(hold.entered.set)
                if not hold.released:
                    await release.wait()
            return await original(texts, **options)

        monkeypatch.setattr(embedder, "encode", gated)

    def hold(self, text: str) -> Held:
        """Hold the next encode call that includes `text`."""
        held = Held(text)
        self._holds.append(held)
        return held

    async def release_all(self) -> None:
        """Release every hold and let the held work finish (whatever its outcome): a request still in
        flight when the app shuts down would never be answered."""
        for held in self._holds:
            held.release()
        works = [held.work for held in self._holds if held.work is not None]
        if works:
            await asyncio.wait(works)


@pytest.fixture
async def gate(embedder: Embedder, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[EncodeGate]:
    """Hold encode calls; every hold is released when the test ends, so no request is left waiting."""
    encode_gate = EncodeGate(embedder, monkeypatch)
    try:
        yield encode_gate
    finally:
        await encode_gate.release_all()


@pytest.fixture
async def impatient(database_url: str) -> AsyncIterator[Db]:
    """Sessions whose statements give up on a held lock instead of waiting for it."""
    engine = create_async_engine(
        database_url, pool_size=4, connect_args={"server_settings": {"lock_timeout": IMPATIENT}}
    )
    try:
        yield create_sessionmaker(engine)
    finally:
        await engine.dispose()


async def touch_profile(db: Db, user_id: uuid.UUID) -> None:
    """Write the profile's row as accepting or ending a mentorship does (they count `active_mentees`)."""
    async with db.begin() as session:
        await session.execute(
            text("UPDATE profiles SET active_mentees = active_mentees WHERE user_id = :id"), {"id": user_id}
        )


def in_thread(call: Coroutine[Any, Any, Any]) -> asyncio.Future[Any]:
    """Run a GraphQL call of the test client in a thread of its own: the client blocks its caller's
    loop while the app answers, and the test must go on meanwhile."""
    return asyncio.ensure_future(asyncio.to_thread(asyncio.run, call))


async def stored_profile(db: Db, user_id: uuid.UUID) -> Profile:
    """The profile as committed, with its items and skills."""
    async with db() as session:
        return await session.get_one(Profile, user_id, options=with_contents())


def assert_vectors_fit_texts(profile: Profile, embedder: Embedder) -> None:
    """Every item's vector is the model's vector of its text (an objective's: of the need in it); the
    profile's is their normalised mean."""
    items = np.asarray([item.embedding for item in profile.items])
    texts = [embedder.needs([i.text])[0] if i.kind is ItemKind.OBJECTIVE else i.text for i in profile.items]
    np.testing.assert_allclose(items, embedder.encode_sync(texts), atol=1e-5)
    mean = items.mean(axis=0)
    np.testing.assert_allclose(np.asarray(profile.embedding), mean / np.linalg.norm(mean), atol=1e-5)
