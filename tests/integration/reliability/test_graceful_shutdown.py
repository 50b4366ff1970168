"""`serve`'s uvicorn server on a real socket: a shutdown lets in-flight requests finish and closes
WebSockets with 1001 (going away); a browser that vanishes leaves no traceback in the log."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
import uvicorn
import websockets
from sqlalchemy import text
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from mentormatch.app import create_app
from mentormatch.embeddings import Embedder
from mentormatch.notifications.models import NotificationKind
from mentormatch.notifications.service import notify
from mentormatch.serving import GracefulServer
from mentormatch.settings import Settings
from tests.integration.reliability.conftest import Db, Pair, make_pair
from tests.integration.reliability.test_bounded_resources import LOG_SESSION, db, log_session_input

__all__ = ["db"]

SUBSCRIPTION = "subscription { notificationReceived { id } }"


@asynccontextmanager
async def running(settings: Settings, embedder: Embedder) -> AsyncIterator[tuple[GracefulServer, int]]:
    """The app behind GracefulServer on a free port of localhost, in this event loop."""
    config = uvicorn.Config(
        create_app(settings, embedder=embedder),
        host="127.0.0.1",
        port=0,
        log_config=None,
        timeout_graceful_shutdown=settings.shutdown_timeout_seconds,
    )
    server = GracefulServer(config)
    serving = asyncio.create_task(server.serve())
    while not server.started:
        assert not serving.done(), "the server did not start"
        await asyncio.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield server, port
    finally:
        server.should_exit = True
        await asyncio.wait_for(serving, 30)


async def subscribed(port: int, pair: Pair) -> websockets.ClientConnection:
    ws = await websockets.connect(
        f"ws://127.0.0.1:{port}/graphql",
        subprotocols=[websockets.Subprotocol(GRAPHQL_TRANSPORT_WS_PROTOCOL)],
        origin=websockets.Origin(f"http://127.0.0.1:{port}"),
    )
    await ws.send(
        json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {pair.mentor}"}})
    )
    assert json.loads(await asyncio.wait_for(ws.recv(), 5)) == {"type": "connection_ack"}
    await ws.send(json.dumps({"type": "subscribe", "id": "1", "payload": {"query": SUBSCRIPTION}}))
    return ws


async def test_shutdown_finishes_in_flight_requests_and_closes_websockets_going_away(
    settings: Settings, embedder: Embedder, db: Db
) -> None:
    pair = await make_pair(db, embedder)
    async with running(settings, embedder) as (server, port):
        ws = await subscribed(port, pair)
        await asyncio.sleep(0.3)  # the subscription is registered
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
            async with db.begin() as blocker:
                # A request is in flight (waiting for a row lock) when the shutdown begins.
                await blocker.execute(
                    text("SELECT 1 FROM mentorships WHERE id = :id FOR UPDATE"), {"id": pair.mentorship_id}
                )
                in_flight = asyncio.create_task(
                    http.post(
                        "/graphql",
                        json={
                            "query": LOG_SESSION,
                            "variables": log_session_input(pair.mentorship_id, "late"),
                        },
                        headers={"Authorization": f"Bearer {pair.mentee}"},
                    )
                )
                await asyncio.sleep(0.3)
                server.should_exit = True
                await asyncio.sleep(0.5)
            response = await asyncio.wait_for(in_flight, 10)
        assert response.status_code == 200
        assert response.json()["data"]["logSession"]["session"] is not None
        await asyncio.wait_for(ws.wait_closed(), 5)
        assert ws.close_code == 1001
    async with db() as session:
        assert (await session.scalars(text("SELECT note FROM mentorship_sessions"))).all() == ["late"]


async def test_a_browser_that_vanishes_mid_delivery_leaves_no_traceback(
    settings: Settings, embedder: Embedder, db: Db, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    pair = await make_pair(db, embedder)
    async with running(settings, embedder) as (_server, port):
        for _ in range(5):
            ws = await subscribed(port, pair)
            await asyncio.sleep(0.2)
            # The tab is closed without a goodbye while notifications are on their way.
            async with db.begin() as session:
                for number in range(3):
                    await notify(
                        session,
                        user_id=pair.mentor_id,
                        kind=NotificationKind.REQUEST_RECEIVED,
                        message=f"{number}",
                    )
            ws.transport.abort()
            await asyncio.sleep(0.3)
        # ... or while the server is still signing it in (held up here by a lock on the sessions), so
        # that its `connection_ack` goes to a peer that is already gone.
        async with db.begin() as blocker:
            await blocker.execute(text("LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE"))
            ws = await websockets.connect(
                f"ws://127.0.0.1:{port}/graphql",
                subprotocols=[websockets.Subprotocol(GRAPHQL_TRANSPORT_WS_PROTOCOL)],
                origin=websockets.Origin(f"http://127.0.0.1:{port}"),
            )
            init = {"type": "connection_init", "payload": {"authorization": f"Bearer {pair.mentor}"}}
            await ws.send(json.dumps(init))
            await asyncio.sleep(0.2)
            ws.transport.abort()
            await asyncio.sleep(0.2)
        await asyncio.sleep(0.5)
    noisy = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert not noisy, [(r.name, r.getMessage()) for r in noisy]
