"""The demo programme: participants with profiles that match, and an admin; seeding twice changes nothing."""

from __future__ import annotations

from typing import Any

from mentormatch.demo import DEMO_ADMIN_EMAIL, DEMO_PASSWORD, seed_demo
from mentormatch.embeddings import Embedder
from mentormatch.settings import Settings
from tests.conftest import GraphQL


async def test_seed_demo_gives_a_working_programme(
    settings: Settings, embedder: Embedder, gql: GraphQL
) -> None:
    first = await seed_demo(settings, embedder)
    again = await seed_demo(settings, embedder)
    assert "10 created" in first
    assert "0 created, 0 updated, 10 unchanged" in again

    login = "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }"

    async def token(email: str) -> Any:
        return (await gql.data(login, {"e": email, "p": DEMO_PASSWORD}))["login"]["token"]

    richard = await token("richard@demo.mentormatch.example")
    matches = await gql.data(
        "{ mentorMatches(first: 3) { edges { node { mentor { displayName } } } } }", token=richard
    )
    assert matches["mentorMatches"]["edges"][0]["node"]["mentor"]["displayName"] == "Maya Chen"
    admin = await token(DEMO_ADMIN_EMAIL)
    assert (await gql.data("{ me { isAdmin } }", token=admin))["me"]["isAdmin"] is True
