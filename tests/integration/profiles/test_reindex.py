"""`reindex` re-embeds every item and profile with the current model while matching keeps answering, and
never holds a lock while the model works, even for a text an edit brought in mid-way."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import numpy as np
from sqlalchemy import select, update

from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.embeddings import Embedder
from mentormatch.profiles.bulk import import_participants, reindex
from mentormatch.profiles.models import ItemKind, Profile, ProfileItem
from mentormatch.profiles.service import update_profile, with_contents
from mentormatch.profiles.validation import parse_profile_input
from tests.conftest import GraphQL
from tests.integration.accounts.test_auth import PASSWORD, login
from tests.integration.matching.test_mentor_matches import MATCHES, names
from tests.integration.mentorships.conftest import participant
from tests.integration.profiles.conftest import (
    Db,
    EncodeGate,
    assert_vectors_fit_texts,
    in_thread,
    stored_profile,
    touch_profile,
)

EXPERTS = {
    "Tiktok Tess": "running TikTok and Instagram ad campaigns",
    "Kube Ken": "Kubernetes cluster operations",
    "Ledger Lea": "reading a balance sheet and a cash flow statement",
}


async def make_stale(db: Db, dimensions: int) -> None:
    """Pretend every stored vector came from another model: a random unit vector each."""
    rng = np.random.default_rng(0)

    def stale() -> list[float]:
        vector = rng.normal(size=dimensions)
        return (vector / np.linalg.norm(vector)).tolist()

    async with db.begin() as session:
        for item_id in await session.scalars(select(ProfileItem.id)):
            await session.execute(
                update(ProfileItem).where(ProfileItem.id == item_id).values(embedding=stale())
            )
        for user_id in await session.scalars(select(Profile.user_id)):
            await session.execute(update(Profile).where(Profile.user_id == user_id).values(embedding=stale()))


async def test_reindex_restores_every_vector_and_the_ranking_while_matching_answers(
    gql: GraphQL, database_url: str, embedder: Embedder
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
    lines += [
        json.dumps(
            {
                "email": f"{name.split()[0].lower()}@example.com",
                "displayName": name,
                "canMentor": True,
                "headline": f"{name}, mentor",
                "expertise": [topic],
            }
        )
        for name, topic in EXPERTS.items()
    ]
    lines.append(
        json.dumps(
            {
                "email": "sam@example.com",
                "displayName": "Senior Sam",
                "password": PASSWORD,
                "seeksMentoring": True,
                "objectives": ["understand social media marketing"],
            }
        )
    )
    engine = create_engine(database_url, pool_size=4)
    db = create_sessionmaker(engine)
    try:
        await import_participants(db, embedder, lines)
        token = (await login(gql, "sam@example.com"))["token"]
        await make_stale(db, embedder.dimensions)

        reindexing = asyncio.create_task(reindex(db, embedder, batch_size=7))
        answers: list[Any] = []
        while True:
            body = await in_thread(gql(MATCHES, {"query": "coaching", "first": 5}, token=token))
            answers.append(
                str(body["errors"]) if "errors" in body else len(body["data"]["mentorMatches"]["edges"])
            )
            if reindexing.done():
                break
        count = await reindexing

        assert count == len(lines)
        assert set(answers) == {5}, "every search during the reindex answered"
        async with db() as session:
            profiles = (await session.scalars(select(Profile).options(*with_contents()))).all()
    finally:
        await engine.dispose()
    assert len(profiles) == len(lines)
    for profile in profiles:
        assert_vectors_fit_texts(profile, embedder)

    by_objectives = await gql.data(MATCHES, token=token)
    assert names(by_objectives)[0] == "Tiktok Tess"
    for query, expert in [
        ("how do ads on short video apps work", "Tiktok Tess"),
        ("running containers in production", "Kube Ken"),
        ("understand company finances", "Ledger Lea"),
    ]:
        assert names(await gql.data(MATCHES, {"query": query}, token=token))[0] == expert, query


async def test_a_text_edited_in_during_the_reindex_is_embedded_afresh_without_a_lock_held(
    database_url: str, embedder: Embedder, gate: EncodeGate, impatient: Db
) -> None:
    ada = await participant(impatient, "Ada")

    async def edit(expertise: list[str]) -> None:
        changes = parse_profile_input({"expertise": expertise})
        await update_profile(impatient, embedder, user_id=ada, changes=changes)

    await edit(["mentoring new managers"])
    await make_stale(impatient, embedder.dimensions)
    engine = create_engine(database_url, pool_size=2)
    try:
        read = gate.hold("mentoring new managers")
        reindexing = asyncio.create_task(reindex(create_sessionmaker(engine), embedder))
        await read.reached(reindexing)
        # The reindex has read Ada's texts and is embedding them; her edit brings in one it did not read.
        await edit(["mentoring new managers", "running a hiring loop"])
        edited = gate.hold("running a hiring loop")
        read.release()
        await edited.reached(reindexing)

        assert engine.pool.checkedout() == 0, "no pooled connection is held while the model works"
        await touch_profile(impatient, ada)  # as an accept does: it must not wait for the model
        edited.release()
        assert await reindexing == 1
    finally:
        await engine.dispose()
    profile = await stored_profile(impatient, ada)
    assert profile.texts(ItemKind.EXPERTISE) == ["mentoring new managers", "running a hiring loop"]
    assert_vectors_fit_texts(profile, embedder)
