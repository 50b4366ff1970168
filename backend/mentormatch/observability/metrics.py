"""Prometheus metrics of the API, served at GET /metrics (README "Monitoring").

One process (`serve`): the figures live in this process's default registry. Several (`serve --workers N`):
`serve` sets PROMETHEUS_MULTIPROC_DIR before the workers start, every worker writes its figures to files
there (prometheus-client's multiprocess mode) and whichever worker answers a scrape reads them all, so
one scrape of the one port sees every worker: counters and histograms summed, gauges summed over the
workers alive. prometheus-client picks its mode when it is first imported, so the variable must be set
before that: it is read here, at import, too.

Labels never carry a participant's data: routes are path templates (`/graphql`, not a URL with an id),
operations are names from the documents clients send (bounded, see `operation_label`), and error codes
are the API's fixed codes.

The email outbox's backlog is counted by each process's sender from the table each time it polls: every
worker counts the same table, so the gauge takes the largest of the live workers' figures, not their sum.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

from litestar import Request, get
from litestar.exceptions import NotAuthorizedException, NotFoundException
from litestar.response import Response
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from sqlalchemy import Engine, event
from sqlalchemy.ext.asyncio import AsyncEngine

from mentormatch.errors import ErrorCode

MULTIPROCESS_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
MULTIPROCESS = bool(os.environ.get(MULTIPROCESS_DIR_VARIABLE))

# Distinct operation names one process labels; later new names count as "other" (see operation_label).
MAX_OPERATION_NAMES = 200
MAX_OPERATION_NAME_LENGTH = 64
_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
_CODES = frozenset(code.value for code in ErrorCode)
# Seconds: most API answers take milliseconds, a recommendation with encoding up to a second or two.
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

HTTP_REQUESTS = Counter(
    "mentormatch_http_requests",
    "HTTP requests answered, by method, route (path template) and status.",
    ["method", "route", "status"],
)
HTTP_DURATION = Histogram(
    "mentormatch_http_request_duration_seconds",
    "Time from a request's arrival to the end of its response, by method and route.",
    ["method", "route"],
    buckets=_LATENCY_BUCKETS,
)
GRAPHQL_OPERATIONS = Counter(
    "mentormatch_graphql_operations",
    "GraphQL operations run, by operation name (or anonymous, invalid, other) and type.",
    ["operation", "type"],
)
GRAPHQL_DURATION = Histogram(
    "mentormatch_graphql_operation_duration_seconds",
    "Time to parse, validate and execute a query or mutation, by operation name and type.",
    ["operation", "type"],
    buckets=_LATENCY_BUCKETS,
)
GRAPHQL_ERRORS = Counter(
    "mentormatch_graphql_errors",
    "Errors answered, by code: kind=graphql for GraphQL errors (extensions.code), kind=payload for a "
    "mutation's UserError.",
    ["code", "kind"],
)
DB_POOL_CHECKED_OUT = Gauge(
    "mentormatch_db_pool_checked_out",
    "Pooled database connections in use, by database (primary, replica).",
    ["database"],
    multiprocess_mode="livesum",
)
DB_POOL_SIZE = Gauge(
    "mentormatch_db_pool_size",
    "Connections the pool keeps open, by database.",
    ["database"],
    multiprocess_mode="livesum",
)
DB_POOL_OVERFLOW = Gauge(
    "mentormatch_db_pool_overflow",
    "Connections opened beyond the pool size (negative: pool slots not yet opened), by database.",
    ["database"],
    multiprocess_mode="livesum",
)
EMBEDDING_QUEUE_DEPTH = Gauge(
    "mentormatch_embedding_queue_depth",
    "Encode calls waiting for (or in) a forward pass of the embedding model.",
    multiprocess_mode="livesum",
)
EMBEDDING_BATCH_SIZE = Histogram(
    "mentormatch_embedding_batch_size",
    "Texts encoded together in one forward pass of the embedding model.",
    buckets=(1, 2, 4, 8, 16, 32, 64, 128, 256),
)
EMAIL_OUTBOX_BACKLOG = Gauge(
    "mentormatch_email_outbox_backlog",
    "Emails queued and not sent yet (due now, in a digest, or waiting to be retried).",
    multiprocess_mode="livemax",
)
EMAIL_OUTBOX_OLDEST_SECONDS = Gauge(
    "mentormatch_email_outbox_oldest_seconds",
    "Age of the oldest email due and not sent yet: rises while the mail server is unreachable.",
    multiprocess_mode="livemax",
)
SUBSCRIPTIONS_ACTIVE = Gauge(
    "mentormatch_graphql_subscriptions_active",
    "Live GraphQL subscriptions being fed.",
    multiprocess_mode="livesum",
)

_operation_names: set[str] = set()


def operation_label(name: str | None, *, valid: bool) -> str:
    """The `operation` label: the operation's name, "anonymous" for an unnamed one, "invalid" for a
    document that did not parse or validate (its name is the client's to invent), and "other" once this
    process has labelled MAX_OPERATION_NAMES names, so a client inventing names cannot grow the series
    without bound."""
    if not valid:
        return "invalid"
    if not name:
        return "anonymous"
    if name in _operation_names:
        return name
    if len(name) > MAX_OPERATION_NAME_LENGTH or len(_operation_names) >= MAX_OPERATION_NAMES:
        return "other"
    _operation_names.add(name)
    return name


def error_code_label(code: object) -> str:
    """One of the API's codes; "UNCODED" for an error without one (a syntax or validation error)."""
    return code if isinstance(code, str) and code in _CODES else "UNCODED"


def count_payload_errors(codes: Iterable[str]) -> None:
    for code in codes:
        GRAPHQL_ERRORS.labels(error_code_label(code), "payload").inc()


@asynccontextmanager
async def live_subscription() -> AsyncIterator[None]:
    """Counts one subscription among the active ones while it is fed (notifications stay a leaf: the
    GraphQL side counts, not the hub)."""
    SUBSCRIPTIONS_ACTIVE.inc()
    try:
        yield
    finally:
        SUBSCRIPTIONS_ACTIVE.dec()


# The engines of the running app, by database (primary, replica); their pools are read when asked (a
# disposed engine gets a new pool).
_watched: dict[str, Engine] = {}


def watch_pool(engine: AsyncEngine, database: str) -> None:
    """Keep the pool gauges of `engine` current: set at every checkout (when use grows) and, through
    `refresh_pools`, after every request and at every scrape."""
    sync_engine = engine.sync_engine
    _watched[database] = sync_engine
    DB_POOL_SIZE.labels(database).set(_pool(sync_engine).size())

    def on_checkout(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        _refresh(database, sync_engine)

    event.listen(sync_engine, "checkout", on_checkout)
    _refresh(database, sync_engine)


def _pool(engine: Engine) -> Any:
    return engine.pool  # a QueuePool (AsyncAdaptedQueuePool), which counts its connections


def _refresh(database: str, engine: Engine) -> None:
    pool = _pool(engine)
    DB_POOL_CHECKED_OUT.labels(database).set(pool.checkedout())
    DB_POOL_OVERFLOW.labels(database).set(pool.overflow())


def refresh_pools() -> None:
    for database, engine in _watched.items():
        _refresh(database, engine)


def metrics_middleware(app: ASGIApp) -> ASGIApp:
    """Count and time every HTTP request by its route's path template."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await app(scope, receive, send_and_note)
        finally:
            method = str(scope.get("method", ""))
            method = method if method in _METHODS else "OTHER"
            route = scope.get("path_template") or "unmatched"
            HTTP_REQUESTS.labels(method, route, str(status)).inc()
            HTTP_DURATION.labels(method, route).observe(time.perf_counter() - started)
            refresh_pools()

    return middleware


def render() -> bytes:
    """Every metric in the Prometheus text format: this process's, or every worker's."""
    refresh_pools()
    if not MULTIPROCESS:
        return generate_latest(REGISTRY)
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return generate_latest(registry)


def app_stopped() -> None:
    """The app's pools are closed; in a worker that stops, its live gauges stop counting too (its counters
    stay, as Prometheus expects)."""
    _watched.clear()
    if MULTIPROCESS:
        multiprocess.mark_process_dead(os.getpid())


def clear_multiprocess_dir(directory: str) -> None:
    """Remove the figures of a previous run (prometheus-client needs an empty directory at start)."""
    os.makedirs(directory, exist_ok=True)
    for entry in os.scandir(directory):
        if entry.is_file() and entry.name.endswith(".db"):
            os.remove(entry.path)


def metrics_handler(token: str | None, *, open_without_token: bool) -> Any:
    """GET /metrics: with a token, only for `Authorization: Bearer <token>` (401 otherwise); without one,
    open in development and absent (404) elsewhere, so production never publishes it by accident."""

    @get("/metrics", include_in_schema=False, sync_to_thread=False)
    def metrics(request: Request[Any, Any, Any]) -> Response[bytes]:
        if token is None:
            if not open_without_token:
                raise NotFoundException()
        else:
            supplied = request.headers.get("authorization", "")
            scheme, _, credentials = supplied.partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(
                credentials.strip().encode(), token.encode()
            ):
                raise NotAuthorizedException(headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
        return Response(render(), media_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})

    return metrics
