"""The GraphQL WebSockets of this process: closed quietly when the browser leaves, and with 1001 (going
away) when the server shuts down."""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Mapping
from contextlib import suppress

from litestar import WebSocket
from litestar.exceptions import WebSocketDisconnect
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.litestar.controller import LitestarWebSocketAdapter
from uvicorn.protocols.utils import ClientDisconnected

log = logging.getLogger(__name__)

GOING_AWAY = 1001
# Served by this process now; weak, so a finished connection leaves by itself.
_live: weakref.WeakSet[QuietWebSocketAdapter] = weakref.WeakSet()


class QuietWebSocketAdapter(LitestarWebSocketAdapter):
    """Strawberry's Litestar adapter, treating a peer that is gone as a disconnect.

    A browser that closes a tab while a message is on its way makes uvicorn raise ClientDisconnected
    (an OSError) from `send`, which Strawberry does not expect and logs as a traceback; and after the
    server has sent its close frame nothing more may be sent at all.
    """

    def __init__(self, view: object, request: WebSocket, response: WebSocket) -> None:
        super().__init__(view, request, response)  # type: ignore[arg-type]
        self.closed = False
        _live.add(self)

    async def send_json(self, message: Mapping[str, object]) -> None:
        if self.closed:
            raise WebSocketDisconnected
        try:
            await super().send_json(message)
        except ClientDisconnected as exc:
            self.closed = True
            raise WebSocketDisconnected from exc

    async def close(self, code: int, reason: str) -> None:
        if self.closed:
            return
        self.closed = True
        with suppress(ClientDisconnected, WebSocketDisconnect):
            await super().close(code, reason)


async def close_live_websockets(reason: str = "Server shutting down") -> int:
    """Close every open GraphQL WebSocket of this process with 1001; return how many were closed.

    Called before the server closes its connections, so clients see "going away" and reconnect
    (to another process, or to this one once it is back) rather than an abrupt 1012 or 1006.
    """
    open_ones = [adapter for adapter in list(_live) if not adapter.closed]
    if open_ones:
        log.info("closing %d WebSocket(s) with 1001 going away", len(open_ones))
        await asyncio.gather(
            *(adapter.close(GOING_AWAY, reason) for adapter in open_ones), return_exceptions=True
        )
    return len(open_ones)


async def close_websocket(websocket: WebSocket, code: int, reason: str) -> None:
    """Close one GraphQL WebSocket through its adapter, so nothing more is sent on it afterwards."""
    for adapter in list(_live):
        if adapter.ws is websocket:
            await adapter.close(code, reason)
            return
    with suppress(ClientDisconnected, WebSocketDisconnect):
        await websocket.close(code=code, reason=reason)
