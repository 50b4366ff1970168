"""The uvicorn server of `mentormatch serve`, with a graceful shutdown."""

from __future__ import annotations

import asyncio
import logging
import socket

import uvicorn

from mentormatch.graphql.websockets import close_live_websockets

log = logging.getLogger(__name__)


class GracefulServer(uvicorn.Server):
    """uvicorn's server, closing GraphQL WebSockets with 1001 (going away) before it stops.

    uvicorn then stops accepting, lets in-flight requests finish (up to `timeout_graceful_shutdown`),
    and runs the lifespan shutdown (notification listener, pool); `serve` stops the embedded
    PostgreSQL after that. Without the first step uvicorn cuts WebSockets itself with 1012.
    """

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            if await close_live_websockets():
                await asyncio.sleep(0.2)  # let the close handshakes go out before the transports close
        except Exception:
            log.exception("closing WebSockets at shutdown failed")
        await super().shutdown(sockets)
