"""`notificationReceived` over graphql-transport-ws against the real app: sign-in, delivery, refusals."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from httpx_ws import AsyncWebSocketSession, WebSocketDisconnect, aconnect_ws
from httpx_ws.transport import ASGIWebSocketTransport
from litestar import Litestar
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from mentormatch.app import create_app
from mentormatch.embeddings import Embedder
from mentormatch.graphql.context import SESSION_COOKIE
from mentormatch.notifications.live import NotificationHub
from mentormatch.settings import Settings
from tests.conftest import GraphQL
from tests.integration.notifications.conftest import PASSWORD, TIMEOUT, SignUp, eventually, send

SUBSCRIPTION = "subscription { notificationReceived { id kind message read actor { id } } }"
ORIGIN = "http://testserver"


class Live:
    """One graphql-transport-ws connection to the app under test."""

    def __init__(self, ws: AsyncWebSocketSession) -> None:
        self.ws = ws

    async def init(self, payload: dict[str, Any] | None = None) -> None:
        await self.ws.send_json({"type": "connection_init", "payload": payload or {}})
        assert await self.receive() == {"type": "connection_ack"}

    async def subscribe(self, query: str = SUBSCRIPTION, operation_id: str = "1") -> None:
        await self.ws.send_json({"type": "subscribe", "id": operation_id, "payload": {"query": query}})

    async def receive(self) -> dict[str, Any]:
        message: dict[str, Any] = await self.ws.receive_json(timeout=TIMEOUT)
        return message


@dataclass
class Served:
    app: Litestar
    http: httpx.AsyncClient

    @property
    def hub(self) -> NotificationHub:
        hub: NotificationHub = self.app.state.resources.hub
        return hub

    @asynccontextmanager
    async def live(self, **connect: Any) -> AsyncIterator[Live]:
        async with aconnect_ws(
            "/graphql", self.http, subprotocols=[GRAPHQL_TRANSPORT_WS_PROTOCOL], **connect
        ) as ws:
            yield Live(ws)

    async def subscribed(self, connection: Live, user_id: uuid.UUID) -> None:
        """Subscribe; returns once the app listens for `user_id` (the protocol has no ack for that)."""
        await connection.subscribe()
        await eventually(lambda: self.hub.subscriber_count(user_id) == 1)


@pytest.fixture
async def serve(settings: Settings, embedder: Embedder) -> Callable[[], AbstractAsyncContextManager[Served]]:
    """Runs the app on this test's database, HTTP and WebSockets, in the test's own event loop.

    Not the `client` fixture: AsyncTestClient runs the app in a thread of its own, so the app's
    connections would belong to another event loop than the WebSocket talking to it.
    """

    @asynccontextmanager
    async def running() -> AsyncIterator[Served]:
        app = create_app(settings, embedder=embedder)
        # The client enters and exits its transport (and the transport's task group) itself.
        transport = ASGIWebSocketTransport(app=app)
        async with app.lifespan(), httpx.AsyncClient(transport=transport, base_url=ORIGIN) as http:
            yield Served(app, http)

    return running


Serve = Callable[[], AbstractAsyncContextManager[Served]]


async def test_a_signed_in_participant_receives_their_notification(
    serve: Serve, db: async_sessionmaker[AsyncSession], sign_up: SignUp
) -> None:
    ada = await sign_up("Ada")
    async with serve() as app, app.live() as connection:
        await connection.init({"authorization": f"Bearer {ada.token}"})
        await app.subscribed(connection, ada.user.id)
        notification_id = await send(db, ada.user.id, "Bob asked you to mentor him.")
        assert await connection.receive() == {
            "id": "1",
            "type": "next",
            "payload": {
                "data": {
                    "notificationReceived": {
                        "id": str(notification_id),
                        "kind": "REQUEST_RECEIVED",
                        "message": "Bob asked you to mentor him.",
                        "read": False,
                        "actor": None,
                    }
                }
            },
        }
        # Unsubscribing leaves nothing registered behind.
        await connection.ws.send_json({"type": "complete", "id": "1"})
        await eventually(lambda: app.hub.subscriber_count(ada.user.id) == 0)


async def test_nobody_receives_another_participants_notification(
    serve: Serve, db: async_sessionmaker[AsyncSession], sign_up: SignUp
) -> None:
    ada, bob = await sign_up("Ada"), await sign_up("Bob")
    async with serve() as app, app.live() as connection:
        await connection.init({"authorization": f"Bearer {ada.token}"})
        await app.subscribed(connection, ada.user.id)
        await send(db, bob.user.id, "for Bob")
        for_ada = await send(db, ada.user.id, "for Ada")
        message = await connection.receive()
        assert message["payload"]["data"]["notificationReceived"]["id"] == str(for_ada)


@pytest.mark.parametrize("payload", [{}, {"authorization": "Bearer not-a-token"}])
async def test_an_anonymous_subscription_is_refused_with_unauthenticated(
    serve: Serve, payload: dict[str, str]
) -> None:
    async with serve() as app, app.live() as connection:
        await connection.init(payload)
        await connection.subscribe()
        message = await connection.receive()
    assert message["type"] == "error"
    assert [error["extensions"]["code"] for error in message["payload"]] == ["UNAUTHENTICATED"]


async def test_a_browser_session_cookie_counts_from_our_own_pages_only(
    serve: Serve, db: async_sessionmaker[AsyncSession], sign_up: SignUp
) -> None:
    ada = await sign_up("Ada")
    async with serve() as app:
        await GraphQL(app.http, browser=True).data(  # type: ignore[arg-type]
            "mutation($input: LoginInput!) { login(input: $input) { errors { code } } }",
            {"input": {"email": "ada@example.com", "password": PASSWORD}},
        )
        cookie = app.http.cookies[SESSION_COOKIE]
        app.http.cookies.clear()
        headers = {"cookie": f"{SESSION_COOKIE}={cookie}"}

        # Another site's page: a browser would send the cookie along, so the handshake is refused.
        with pytest.raises(WebSocketDisconnect):
            async with app.live(headers={**headers, "origin": "https://evil.example"}):
                pass

        async with app.live(headers={**headers, "origin": ORIGIN}) as connection:
            await connection.init()
            await app.subscribed(connection, ada.user.id)
            notification_id = await send(db, ada.user.id, "for Ada")
            message = await connection.receive()
            assert message["payload"]["data"]["notificationReceived"]["id"] == str(notification_id)


async def test_signing_out_ends_the_subscription(
    serve: Serve, db: async_sessionmaker[AsyncSession], sign_up: SignUp
) -> None:
    ada = await sign_up("Ada")
    async with serve() as app:
        gql = GraphQL(app.http)  # type: ignore[arg-type]
        async with app.live() as connection:
            await connection.init({"authorization": f"Bearer {ada.token}"})
            await app.subscribed(connection, ada.user.id)
            assert (await gql.data("mutation { logout { success } }", token=ada.token))["logout"]["success"]
            await send(db, ada.user.id, "too late")
            ended = await connection.receive()
            assert ended["payload"]["data"] is None
            assert [error["extensions"]["code"] for error in ended["payload"]["errors"]] == [
                "UNAUTHENTICATED"
            ]
            assert await connection.receive() == {"id": "1", "type": "complete"}
            assert app.hub.subscriber_count(ada.user.id) == 0


async def test_queries_and_mutations_go_over_http_and_subscriptions_over_websockets(
    serve: Serve, sign_up: SignUp
) -> None:
    ada = await sign_up("Ada")
    async with serve() as app:
        gql = GraphQL(app.http)  # type: ignore[arg-type]
        async with app.live() as connection:
            await connection.init({"authorization": f"Bearer {ada.token}"})
            for number, operation in enumerate(["{ me { id } }", "mutation { logout { success } }"]):
                await connection.subscribe(operation, operation_id=str(number))
                message = await connection.receive()
                assert message["payload"]["data"] is None
                assert [error["extensions"]["code"] for error in message["payload"]["errors"]] == [
                    "FORBIDDEN"
                ]
                assert await connection.receive() == {"id": str(number), "type": "complete"}
        # The sign-in still holds: the mutation was refused, not run.
        assert (await gql.data("{ me { id } }", token=ada.token))["me"]["id"] == str(ada.user.id)

        over_http = await gql(SUBSCRIPTION, token=ada.token)
        assert [error["extensions"]["code"] for error in over_http["errors"]] == ["FORBIDDEN"]
