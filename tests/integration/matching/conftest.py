"""Participants for matching tests, created through the real services (real model, real vectors)."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.accounts import service as accounts
from mentormatch.accounts.models import User
from mentormatch.accounts.rate_limits import Limits
from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.embeddings import Embedder
from mentormatch.feedback import records
from mentormatch.profiles.bulk import import_participants
from mentormatch.profiles.models import Profile
from mentormatch.profiles.service import update_profile
from mentormatch.profiles.validation import parse_profile_input
from tests.conftest import SECRET_KEY

PASSWORD = "a-long-unusual-passphrase-42"


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(database_url, pool_size=4)
    yield create_sessionmaker(engine)
    await engine.dispose()


Person = Callable[..., Awaitable[tuple[uuid.UUID, str]]]


@pytest.fixture
def person(db: async_sessionmaker[AsyncSession], embedder: Embedder) -> Person:
    """Register a participant with a profile; returns (user id, bearer token)."""

    async def make(name: str, **profile: Any) -> tuple[uuid.UUID, str]:
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
        if profile:
            await update_profile(
                db, embedder, user_id=signed_in.user.id, changes=parse_profile_input(profile)
            )
        return signed_in.user.id, signed_in.token

    return make


Mentors = Callable[[Iterable[dict[str, Any]]], Awaitable[dict[str, uuid.UUID]]]


@pytest.fixture
def mentors(db: async_sessionmaker[AsyncSession], embedder: Embedder) -> Mentors:
    """Import many participants at once (`displayName` plus ProfileInput keys, no password, so nothing
    to hash); returns their ids by display name."""

    async def make(participants: Iterable[dict[str, Any]]) -> dict[str, uuid.UUID]:
        people = list(participants)
        lines = [
            json.dumps({"email": f"{p['displayName'].lower().replace(' ', '.')}@example.com", **p})
            for p in people
        ]
        summary = await import_participants(db, embedder, lines)
        assert summary.rejected == [], summary.rejected
        names = [p["displayName"] for p in people]
        async with db() as session:
            rows = await session.execute(
                select(User.display_name, User.id).where(User.display_name.in_(names))
            )
            return dict(rows.tuples().all())

    return make


async def set_profile(db: async_sessionmaker[AsyncSession], user_id: uuid.UUID, **values: Any) -> None:
    async with db.begin() as session:
        await session.execute(update(Profile).where(Profile.user_id == user_id).values(**values))


async def set_ratings(
    db: async_sessionmaker[AsyncSession], ratings: Mapping[uuid.UUID, tuple[int, int, int]]
) -> None:
    """Give mentors rating counters (rated mentorships, sum, distinct mentees) without check-ins, and
    the programme's totals over the public ones, as the rating trigger keeps them (a shortcut for
    ranking tests: tests/integration/feedback prove the trigger itself)."""
    async with db.begin() as session:
        for user_id, (count, total, mentees) in ratings.items():
            await session.execute(
                update(Profile)
                .where(Profile.user_id == user_id)
                .values(rating_count=count, rating_sum=total, rating_mentees=mentees)
            )
        await session.execute(
            text(
                "UPDATE rating_totals SET"
                " rating_count = (SELECT COALESCE(sum(rating_count), 0) FROM profiles"
                "                 WHERE rating_count >= :ratings AND rating_mentees >= :mentees),"
                " rating_sum = (SELECT COALESCE(sum(rating_sum), 0) FROM profiles"
                "               WHERE rating_count >= :ratings AND rating_mentees >= :mentees)"
            ),
            {"ratings": records.PUBLIC_MIN_RATINGS, "mentees": records.PUBLIC_MIN_MENTEES},
        )


async def set_user(db: async_sessionmaker[AsyncSession], user_id: uuid.UUID, **values: Any) -> None:
    async with db.begin() as session:
        await session.execute(update(User).where(User.id == user_id).values(**values))
