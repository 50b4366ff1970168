"""`serve --workers 2`: one scrape of the one port shows every worker's figures (multiprocess mode)."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

import httpx

from tests.integration.operations.test_metrics import parse, value
from tests.integration.test_cli import READY_TIMEOUT, Server, cli_env

REQUESTS = 6
POOL_SIZE = 3


async def test_a_scrape_of_any_worker_counts_every_worker(tmp_path: Path, database_url: str) -> None:
    env = cli_env(tmp_path, DATABASE_URL=database_url, MENTORMATCH_DB_POOL_SIZE=str(POOL_SIZE))
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    server = Server(tmp_path, env, "metrics-workers")
    try:
        await server.start("--workers", "2")
        await server.wait_ready()

        async def scrape() -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
            # A connection of its own each time, so the scrapes land on either worker.
            async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as client:
                response = await client.get("/metrics")
            assert response.status_code == 200, response.text
            return parse(response.text)

        # Both workers have opened their pools once the pool sizes add up (a gauge summed over the
        # workers alive); the second may still be loading the model when the first answers.
        deadline = time.monotonic() + READY_TIMEOUT
        while value(await scrape(), "mentormatch_db_pool_size", database="primary") != 2 * POOL_SIZE:
            assert time.monotonic() < deadline, server.stderr()
            await asyncio.sleep(0.5)

        for _ in range(REQUESTS):
            await server.graphql("query WorkersForMetrics { serverInfo { version } }")
        # Every scrape, whichever worker answers it, sees the requests all workers served.
        for _ in range(6):
            samples = await scrape()
            assert (
                value(
                    samples,
                    "mentormatch_graphql_operations_total",
                    operation="WorkersForMetrics",
                    type="query",
                )
                == REQUESTS
            )
            assert value(samples, "mentormatch_db_pool_size", database="primary") == 2 * POOL_SIZE
        assert (tmp_path / "data" / "metrics").is_dir()
        assert await server.stop(signal.SIGTERM) == 0
        assert "Traceback" not in server.stderr()
    finally:
        await server.kill_leftovers()
