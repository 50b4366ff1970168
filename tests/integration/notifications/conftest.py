"""Participants and committed notifications for the live-delivery tests, through the real services."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.accounts import service as accounts
from mentormatch.accounts.rate_limits import Limits
from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.notifications.models import NotificationKind
from mentormatch.notifications.service import notify
from tests.conftest import SECRET_KEY

PASSWORD = "a-long-unusual-passphrase-42"
# Every wait in these tests is bounded by this; a correct run takes milliseconds.
TIMEOUT = 5.0

SignUp = Callable[[str], Awaitable[accounts.SignedIn]]


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions of the test itself: connections of their own, like another API process's."""
    engine = create_engine(database_url, pool_size=2)
    yield create_sessionmaker(engine)
    await engine.dispose()


@pytest.fixture
def sign_up(db: async_sessionmaker[AsyncSession]) -> SignUp:
    """Register a participant; returns the sign-in (user and bearer token)."""

    async def make(name: str) -> accounts.SignedIn:
        return await accounts.register(
            db,
            email=f"{name.lower()}@example.com",
            password=PASSWORD,
            display_name=name,
            client=f"test-{uuid.uuid4()}",
            signing_key=SECRET_KEY,
            ttl=timedelta(hours=1),
            limits=Limits.defaults(),
        )

    return make


async def send(db: async_sessionmaker[AsyncSession], user_id: uuid.UUID, message: str) -> uuid.UUID:
    """Commit one notification for `user_id`, as any API process would."""
    async with db.begin() as session:
        return await notify(session, user_id=user_id, kind=NotificationKind.REQUEST_RECEIVED, message=message)


async def eventually(condition: Callable[[], Awaitable[bool] | bool]) -> None:
    """Wait until `condition()` holds, polling every 10 ms; fail after TIMEOUT."""
    for _ in range(int(TIMEOUT / 0.01)):
        outcome = condition()
        if await outcome if isinstance(outcome, Awaitable) else outcome:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"still not true after {TIMEOUT} s")
