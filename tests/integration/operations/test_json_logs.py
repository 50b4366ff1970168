"""MENTORMATCH_LOG_FORMAT=json: one JSON object per line, carrying the request id and the operation."""

from __future__ import annotations

import io
import json
import logging
import uuid
from collections.abc import Iterator

import pytest

from mentormatch.embeddings import Embedder
from mentormatch.logging import JsonFormatter, configure_logging
from tests.conftest import GraphQL, app_client

PROFILE = "query ProfileForLogs($id: ID!) { profile(id: $id) { headline } }"


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """The root logger writing JSON (at DEBUG) into a buffer, restored afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    stream = io.StringIO()
    configure_logging("DEBUG", "json", stream=stream)
    try:
        yield stream
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


async def test_a_request_logs_json_lines_with_its_request_id_and_operation(
    database_url: str, embedder: Embedder, json_log: io.StringIO
) -> None:
    async with app_client(database_url, embedder, MENTORMATCH_LOG_FORMAT="json") as client:
        body = await GraphQL(client)(
            PROFILE, {"id": str(uuid.uuid4())}, headers={"X-Request-ID": "req-json-logs-1"}
        )
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    assert lines, "nothing was logged"
    mine = [entry for entry in lines if entry["requestId"] == "req-json-logs-1"]
    assert mine, lines
    assert any(entry["operation"] == "ProfileForLogs" for entry in mine), mine
    for entry in mine:
        assert {"time", "level", "logger", "message"} <= entry.keys()
        assert entry["time"].endswith("+00:00")
    # Outside a request: no request id, no operation.
    outside = [entry for entry in lines if entry["requestId"] == "-"]
    assert all(entry["operation"] == "-" for entry in outside)


def test_an_exception_is_in_the_json_line() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("tests.json_logs")
    logger.addHandler(handler)
    try:
        try:
            raise ValueError("the bad thing")
        except ValueError:
            logger.error("it failed: %s", "badly", exc_info=True)
    finally:
        logger.removeHandler(handler)
    (entry,) = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert entry["message"] == "it failed: badly"
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "tests.json_logs"
    assert "ValueError: the bad thing" in entry["exception"]
    assert "Traceback" in entry["exception"]
