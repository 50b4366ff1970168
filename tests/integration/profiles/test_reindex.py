"""`reindex` re-embeds everything with the current model while searches keep answering."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import numpy as np
from sqlalchemy import select, text, update

from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.profiles.bulk import import_participants, reindex
from mentormatch.profiles.models import Profile, ProfileItem


async def test_reindex_restores_current_vectors_without_interrupting_search(
    database_url: str, embedder: Any
) -> None:
    lines = [
        json.dumps(
            {
                "email": f"m{n}@example.com",
                "displayName": f"Mentor {n}",
                "canMentor": True,
                "expertise": [f"teaching skill number {n}", f"coaching area {n}"],
            }
        )
        for n in range(30)
    ]
    engine = create_engine(database_url, pool_size=4)
    db = create_sessionmaker(engine)
    try:
        await import_participants(db, embedder, lines)
        # Pretend the vectors came from another model: random unit vectors.
        rng = np.random.default_rng(0)

        def stale() -> list[float]:
            vector = rng.normal(size=embedder.dimensions)
            return (vector / np.linalg.norm(vector)).tolist()

        async with db.begin() as session:
            for item_id in await session.scalars(select(ProfileItem.id)):
                await session.execute(
                    update(ProfileItem).where(ProfileItem.id == item_id).values(embedding=stale())
                )
            for user_id in await session.scalars(select(Profile.user_id)):
                await session.execute(
                    update(Profile).where(Profile.user_id == user_id).values(embedding=stale())
                )

        query = str(embedder.encode_sync(["coaching"])[0].tolist())
        answers: list[int] = []

        async def search_while_reindexing(done: asyncio.Event) -> None:
            while not done.is_set():
                async with engine.connect() as connection:
                    rows = await connection.execute(
                        text(
                            "SELECT user_id FROM profile_items WHERE kind = 'EXPERTISE' "
                            "ORDER BY embedding <=> :q LIMIT 5"
                        ),
                        {"q": query},
                    )
                    answers.append(len(rows.all()))
                await asyncio.sleep(0)

        done = asyncio.Event()
        searcher = asyncio.create_task(search_while_reindexing(done))
        count = await reindex(db, embedder, batch_size=7)
        done.set()
        await searcher

        assert count == 30
        assert answers and all(n == 5 for n in answers), "every search during the reindex answered"
        async with db() as session:
            items = (await session.scalars(select(ProfileItem))).all()
        vectors = embedder.encode_sync([item.text for item in items])
        np.testing.assert_allclose(np.asarray([i.embedding for i in items]), vectors, atol=1e-5)
    finally:
        await engine.dispose()
