"""Profiles through GraphQL, with the real model and pgvector: vectors stored, only changes re-embedded,
bad input writes nothing, hidden and suspended profiles stay private."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select, text, update

from mentormatch.accounts.models import User
from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.profiles.models import ItemKind, Profile, ProfileItem
from tests.conftest import GraphQL
from tests.integration.accounts.test_auth import register

UPDATE = """
mutation($input: ProfileInput!) {
  updateMyProfile(input: $input) {
    profile {
      user { id displayName } canMentor seeksMentoring headline bio expertise objectives
      skills { name level } careerStage yearsOfExperience department location timezone utcOffsetMinutes
      languages personality { bigFive { openness neuroticism } mbti } capacity acceptingRequests isHidden
    }
    errors { code field message }
  }
}"""

FULL_PROFILE: dict[str, Any] = {
    "canMentor": True,
    "seeksMentoring": True,
    "headline": "Growth marketer who lives on social platforms",
    "bio": "Five years running paid social for consumer brands.\nI love teaching.",
    "expertise": ["running TikTok and Instagram ad campaigns", "building a creator partnership programme"],
    "objectives": ["understand how a P&L is managed", "learn to present to a board"],
    "skills": [{"name": "Paid social", "level": 5}, {"name": "Finance", "level": 1}],
    "careerStage": "EARLY_CAREER",
    "yearsOfExperience": 5,
    "department": "Marketing",
    "location": "Lisbon",
    "timezone": "Europe/Lisbon",
    "languages": ["English", "Portuguese"],
    "personality": {
        "bigFive": {
            "openness": 80,
            "conscientiousness": 60,
            "extraversion": 70,
            "agreeableness": 65,
            "neuroticism": 30,
        },
        "mbti": "enfp",
    },
    "capacity": 3,
    "acceptingRequests": True,
}


async def stored_items(database_url: str) -> dict[str, tuple[str, np.ndarray]]:
    """Items by text: (id, vector), read straight from PostgreSQL."""
    engine = create_engine(database_url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session:
            items = (await session.scalars(select(ProfileItem))).all()
            return {i.text: (str(i.id), np.asarray(i.embedding)) for i in items}
    finally:
        await engine.dispose()


async def stored_profile_vector(database_url: str) -> np.ndarray | None:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session:
            vector = await session.scalar(select(Profile.embedding))
            return None if vector is None else np.asarray(vector)
    finally:
        await engine.dispose()


async def test_profile_vectors_exist_after_update(gql: GraphQL, database_url: str, embedder: Any) -> None:
    token = (await register(gql))["token"]
    result = (await gql.data(UPDATE, {"input": FULL_PROFILE}, token=token))["updateMyProfile"]
    assert result["errors"] == []
    profile = result["profile"]
    assert profile["expertise"] == FULL_PROFILE["expertise"]
    assert profile["careerStage"] == "EARLY_CAREER"
    assert profile["personality"]["mbti"] == "ENFP"
    assert profile["utcOffsetMinutes"] in (0, 60)
    assert profile["skills"] == FULL_PROFILE["skills"]

    items = await stored_items(database_url)
    assert set(items) == {
        *FULL_PROFILE["expertise"],
        *FULL_PROFILE["objectives"],
        FULL_PROFILE["headline"],
        FULL_PROFILE["bio"],
    }
    expected = embedder.encode_sync(["running TikTok and Instagram ad campaigns"])[0]
    np.testing.assert_allclose(items["running TikTok and Instagram ad campaigns"][1], expected, atol=1e-5)
    # The whole-profile vector is the normalised mean of every embedded text, headline and bio included.
    assert set(items) >= {FULL_PROFILE["headline"], FULL_PROFILE["bio"]}
    mean = np.mean([vector for _, vector in items.values()], axis=0)
    profile_vector = await stored_profile_vector(database_url)
    assert profile_vector is not None
    np.testing.assert_allclose(profile_vector, mean / np.linalg.norm(mean), atol=1e-5)

    # The vectors are searchable by pgvector's cosine distance right away.
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            query = embedder.encode_sync(["social media advertising"])[0].tolist()
            nearest = await connection.scalar(
                text(
                    "SELECT text FROM profile_items WHERE kind = 'EXPERTISE'"
                    " ORDER BY embedding <=> :q LIMIT 1"
                ),
                {"q": str(query)},
            )
    finally:
        await engine.dispose()
    assert nearest == "running TikTok and Instagram ad campaigns"


async def test_editing_one_objective_re_embeds_only_that_item(
    gql: GraphQL, database_url: str, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = (await register(gql))["token"]
    await gql.data(UPDATE, {"input": FULL_PROFILE}, token=token)
    before = await stored_items(database_url)

    needs: list[str] = []
    encoded: list[list[str]] = []
    original_needs, original_encode = type(embedder).needs, type(embedder).encode_sync

    def spy_needs(self: Any, texts: list[str]) -> Any:
        needs.extend(texts)
        return original_needs(self, texts)

    def spy_encode(self: Any, texts: list[str]) -> Any:
        encoded.append(list(texts))
        return original_encode(self, texts)

    monkeypatch.setattr(type(embedder), "needs", spy_needs)
    monkeypatch.setattr(type(embedder), "encode_sync", spy_encode)
    objectives = ["understand how a P&L is managed", "learn to chair a difficult meeting"]
    result = await gql.data(UPDATE, {"input": {"objectives": objectives}}, token=token)
    assert result["updateMyProfile"]["errors"] == []

    # Only the new objective: its frame is looked for, then the need in it is embedded.
    assert needs == ["learn to chair a difficult meeting"]
    assert encoded[-1] == original_needs(embedder, ["learn to chair a difficult meeting"])
    after = await stored_items(database_url)
    assert "learn to present to a board" not in after
    for unchanged in [*FULL_PROFILE["expertise"], "understand how a P&L is managed", FULL_PROFILE["bio"]]:
        assert after[unchanged][0] == before[unchanged][0]
        np.testing.assert_array_equal(after[unchanged][1], before[unchanged][1])

    encoded.clear()
    again = await gql.data(UPDATE, {"input": {"headline": FULL_PROFILE["headline"]}}, token=token)
    assert again["updateMyProfile"]["errors"] == []
    assert encoded == [], "nothing changed, nothing embedded"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"bio": "x" * 4001}, "bio"),
        ({"expertise": ["fine", "y" * 301]}, "expertise[1]"),
        ({"objectives": [f"objective {n}" for n in range(21)]}, "objectives"),
        ({"objectives": ["learn sql", "Learn SQL"]}, "objectives[1]"),
        ({"skills": [{"name": "Python", "level": 6}]}, "skills[0].level"),
        (
            {
                "personality": {
                    "bigFive": {
                        "openness": 101,
                        "conscientiousness": 1,
                        "extraversion": 1,
                        "agreeableness": 1,
                        "neuroticism": 1,
                    }
                }
            },
            "personality.bigFive.openness",
        ),
        ({"personality": {"mbti": "XXXX"}}, "personality.mbti"),
        ({"headline": "bell\u0007"}, "headline"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"capacity": -1}, "capacity"),
        ({"yearsOfExperience": 99}, "yearsOfExperience"),
        ({"canMentor": None}, "canMentor"),
    ],
)
async def test_invalid_input_names_the_field_and_writes_nothing(
    gql: GraphQL, database_url: str, change: dict[str, Any], field: str
) -> None:
    token = (await register(gql))["token"]
    await gql.data(UPDATE, {"input": FULL_PROFILE}, token=token)
    before = await stored_items(database_url)
    # A valid change next to the invalid one must not be written either.
    result = (await gql.data(UPDATE, {"input": {"headline": "Changed", **change}}, token=token))[
        "updateMyProfile"
    ]
    assert result["profile"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("INVALID_INPUT", field)]
    me = await gql.data("{ me { profile { headline } } }", token=token)
    assert me["me"]["profile"]["headline"] == FULL_PROFILE["headline"]
    after = await stored_items(database_url)
    assert {t: item_id for t, (item_id, _) in after.items()} == {
        t: item_id for t, (item_id, _) in before.items()
    }


async def test_failed_embedding_writes_nothing(
    gql: GraphQL, database_url: str, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = (await register(gql))["token"]

    def broken(self: Any, texts: list[str]) -> Any:
        raise RuntimeError("model crashed")

    monkeypatch.setattr(type(embedder), "encode_sync", broken)
    body = await gql(UPDATE, {"input": FULL_PROFILE}, token=token)
    assert body["errors"][0]["extensions"]["code"] == "INTERNAL"
    monkeypatch.undo()
    assert await stored_items(database_url) == {}
    assert (await gql.data("{ me { profile { headline } } }", token=token))["me"]["profile"] is None


async def test_update_requires_sign_in(gql: GraphQL) -> None:
    result = (await gql.data(UPDATE, {"input": {"headline": "x"}}))["updateMyProfile"]
    assert result["errors"][0]["code"] == "UNAUTHENTICATED"


async def test_hidden_and_suspended_profiles_are_private(gql: GraphQL, database_url: str) -> None:
    owner = await register(gql, "owner@example.com")
    viewer = (await register(gql, "viewer@example.com"))["token"]
    await gql.data(UPDATE, {"input": {"headline": "Owner's headline"}}, token=owner["token"])
    query = "query($id: ID!) { profile(id: $id) { headline isHidden } }"
    variables = {"id": owner["user"]["id"]}
    assert (await gql.data(query, variables, token=viewer))["profile"]["headline"] == "Owner's headline"
    anonymous = await gql(query, variables)
    assert anonymous["data"]["profile"] is None
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

    engine = create_engine(database_url, pool_size=1)
    try:
        async with create_sessionmaker(engine).begin() as session:
            await session.execute(update(Profile).values(hidden_at=datetime.now(UTC)))
        assert (await gql.data(query, variables, token=viewer))["profile"] is None
        assert (await gql.data(query, variables, token=owner["token"]))["profile"]["isHidden"] is True

        async with create_sessionmaker(engine).begin() as session:
            await session.execute(update(Profile).values(hidden_at=None))
            await session.execute(
                update(User).where(User.email == "owner@example.com").values(suspended_at=datetime.now(UTC))
            )
        assert (await gql.data(query, variables, token=viewer))["profile"] is None
        malformed = 'query { profile(id: "not-a-uuid") { headline } }'
        assert (await gql.data(malformed, token=viewer))["profile"] is None
    finally:
        await engine.dispose()


async def test_items_keep_order_and_kind(gql: GraphQL, database_url: str) -> None:
    token = (await register(gql))["token"]
    await gql.data(UPDATE, {"input": {"expertise": ["a: public speaking", "b: negotiation"]}}, token=token)
    result = await gql.data(
        UPDATE, {"input": {"expertise": ["b: negotiation", "a: public speaking"]}}, token=token
    )
    assert result["updateMyProfile"]["profile"]["expertise"] == ["b: negotiation", "a: public speaking"]
    engine = create_engine(database_url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session:
            kinds = set(await session.scalars(select(ProfileItem.kind)))
    finally:
        await engine.dispose()
    assert kinds == {ItemKind.EXPERTISE}


async def test_a_text_already_stored_is_not_embedded_again(
    gql: GraphQL, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = (await register(gql, "first@example.com"))["token"]
    await gql.data(UPDATE, {"input": {"expertise": ["negotiating enterprise contracts"]}}, token=first)
    encoded: list[str] = []
    original = type(embedder).encode_sync

    def spy(self: Any, texts: list[str]) -> Any:
        encoded.extend(texts)
        return original(self, texts)

    monkeypatch.setattr(type(embedder), "encode_sync", spy)
    second = (await register(gql, "second@example.com"))["token"]
    result = await gql.data(
        UPDATE,
        {"input": {"expertise": ["negotiating enterprise contracts", "hiring engineers"]}},
        token=second,
    )
    assert result["updateMyProfile"]["errors"] == []
    assert encoded == ["hiring engineers"]
