"""A WebSocket connection holds at most MENTORMATCH_GRAPHQL_MAX_SUBSCRIPTIONS subscriptions."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from httpx_ws.transport import ASGIWebSocketTransport

from mentormatch.app import create_app
from mentormatch.embeddings import Embedder
from tests.conftest import make_settings
from tests.integration.notifications.test_subscription import ORIGIN, Served

REGISTER = "mutation ($i: RegisterInput!) { register(input: $i) { token errors { code } } }"


@asynccontextmanager
async def served(database_url: str, embedder: Embedder) -> AsyncIterator[Served]:
    app = create_app(make_settings(database_url, MENTORMATCH_GRAPHQL_MAX_SUBSCRIPTIONS=2), embedder=embedder)
    transport = ASGIWebSocketTransport(app=app)
    async with app.lifespan(), httpx.AsyncClient(transport=transport, base_url=ORIGIN) as http:
        yield Served(app, http)


async def test_the_subscription_over_the_cap_gets_a_coded_error(
    database_url: str, embedder: Embedder
) -> None:
    async with served(database_url, embedder) as app:
        account = {
            "email": "ada@example.com",
            "password": "a-long-unusual-passphrase-42",
            "displayName": "Ada",
        }
        registered = (
            await app.http.post("/graphql", json={"query": REGISTER, "variables": {"i": account}})
        ).json()
        token = registered["data"]["register"]["token"]
        async with app.live() as connection:
            await connection.init({"authorization": f"Bearer {token}"})
            await connection.subscribe(operation_id="1")
            await connection.subscribe(operation_id="2")
            await connection.subscribe(operation_id="3")
            refusal = await connection.receive()
            assert refusal["id"] == "3" and refusal["type"] == "error"
            assert refusal["payload"][0]["extensions"]["code"] == "TOO_MANY_SUBSCRIPTIONS"
            # The connection and its two subscriptions go on; completing one frees a place.
            # (Messages are handled in order: had "4" been refused, its error would come before the pong.)
            await connection.ws.send_json({"type": "complete", "id": "1"})
            await connection.subscribe(operation_id="4")
            await connection.ws.send_json({"type": "ping"})
            assert await connection.receive() == {"type": "pong"}
