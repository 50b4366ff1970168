"""Probes for orchestrators: liveness (`/healthz`) and readiness (`/readyz`)."""

from __future__ import annotations

from litestar import get
from litestar.datastructures import State
from litestar.response import Response
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE


@get("/healthz", sync_to_thread=False, include_in_schema=False)
def healthz() -> dict[str, str]:
    """The process is alive and serving."""
    return {"status": "ok"}


@get("/readyz", include_in_schema=False)
async def readyz(state: State) -> Response[dict[str, object]]:
    """Ready to take traffic: the database answers and the embedding model is loaded (a replica's state
    is reported: "up", or "down" while reads fall back to the primary)."""
    resources = state.get("resources")
    database = resources is not None and await resources.database_ready()
    model = resources is not None and resources.embedder.dimensions > 0
    ready = database and model
    body: dict[str, object] = {"status": "ready" if ready else "unavailable", "database": database}
    if resources is not None and resources.router.enabled:
        # Reported, never required: without the replica, reads are served by the primary.
        await resources.router.check_replica()
        body["replica"] = resources.router.state
    body["embeddingModel"] = model
    return Response(
        body,
        status_code=HTTP_200_OK if ready else HTTP_503_SERVICE_UNAVAILABLE,
    )
