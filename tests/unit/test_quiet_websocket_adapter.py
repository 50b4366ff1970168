"""A peer that is gone is a disconnect to Strawberry, not an exception it logs with a traceback."""

from __future__ import annotations

from typing import Any

import pytest
from strawberry.http.exceptions import WebSocketDisconnected
from uvicorn.protocols.utils import ClientDisconnected

from mentormatch.graphql.websockets import GOING_AWAY, QuietWebSocketAdapter, close_live_websockets


class GoneWebSocket:
    """What uvicorn gives the app once the browser has closed the tab: every send fails."""

    def __init__(self) -> None:
        self.closes: list[int] = []

    async def send_data(self, data: Any) -> None:
        raise ClientDisconnected

    async def close(self, code: int, reason: str | None = None) -> None:
        self.closes.append(code)
        raise ClientDisconnected


class View:
    def encode_json(self, message: object) -> str:
        return "{}"


def adapter(ws: Any) -> QuietWebSocketAdapter:
    return QuietWebSocketAdapter(View(), ws, ws)  # type: ignore[arg-type]


async def test_sending_to_a_vanished_browser_is_a_disconnect() -> None:
    quiet = adapter(GoneWebSocket())
    with pytest.raises(WebSocketDisconnected):
        await quiet.send_json({"type": "next"})
    # Nothing more goes out on it, and closing it is quiet.
    with pytest.raises(WebSocketDisconnected):
        await quiet.send_json({"type": "next"})
    await quiet.close(1000, "")


async def test_shutdown_closes_each_open_websocket_once_with_going_away() -> None:
    gone, other = GoneWebSocket(), GoneWebSocket()
    first, second = adapter(gone), adapter(other)
    assert await close_live_websockets() >= 2
    assert gone.closes == [GOING_AWAY] and other.closes == [GOING_AWAY]
    await close_live_websockets()
    assert gone.closes == [GOING_AWAY]  # already closed: not again
    assert first.closed and second.closed
