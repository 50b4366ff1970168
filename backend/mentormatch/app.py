"""The Litestar application: GraphQL at /graphql, probes, and the web app at /."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any, ClassVar

from litestar import Litestar, Request
from litestar.background_tasks import BackgroundTasks
from litestar.di import Provide
from litestar.response import Response
from litestar.status_codes import HTTP_503_SERVICE_UNAVAILABLE
from strawberry.litestar import make_graphql_controller
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UnsetType

from mentormatch.accounts.sso_routes import SSO_ROUTES
from mentormatch.db.vector import EMBEDDING_DIMENSIONS
from mentormatch.duties import run_duties_periodically
from mentormatch.embeddings import Embedder
from mentormatch.errors import ServiceUnavailable
from mentormatch.graphql.context import Context, authenticate_connection, get_context
from mentormatch.graphql.schema import build_schema
from mentormatch.graphql.subscription_limit import SubscriptionLimitedHandler
from mentormatch.graphql.websockets import QuietWebSocketAdapter, close_websocket
from mentormatch.health import healthz, readyz
from mentormatch.http_security import allowed_hosts_config, cors_config, security_headers
from mentormatch.logging import REQUEST_ID, configure_logging, request_id_middleware
from mentormatch.mail.http import one_click_unsubscribe
from mentormatch.mail.sender import send_periodically
from mentormatch.maintenance import prune_periodically
from mentormatch.observability import metrics
from mentormatch.observability.tracing import Tracing
from mentormatch.runtime import Resources
from mentormatch.settings import Settings, get_settings
from mentormatch.web_app import web_app_router

log = logging.getLogger(__name__)

# Seconds a client is told to wait (Retry-After) when the database cannot serve its request.
RETRY_AFTER_SECONDS = 2


def service_unavailable(request: Request[Any, Any, Any], exc: ServiceUnavailable) -> Response[object]:
    """A request that failed before GraphQL ran (its sign-in could not be read): 503, as GraphQL errors."""
    log.warning("%s %s: %s", request.method, request.url.path, exc.message)
    return Response(
        {
            "data": None,
            "errors": [
                {"message": exc.message, "extensions": {**exc.extensions, "requestId": REQUEST_ID.get()}}
            ],
        },
        status_code=HTTP_503_SERVICE_UNAVAILABLE,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def create_app(settings: Settings | None = None, *, embedder: Embedder | None = None) -> Litestar:
    """Build the app. `embedder` lets a caller that already loaded the model share it (serve, tests)."""
    settings = settings or get_settings()
    if settings.database_url is None:
        raise RuntimeError("create_app needs a database URL; `mentormatch serve` starts the embedded one")
    database_url = settings.database_url
    tracing = Tracing.from_settings(settings)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        model = embedder
        if model is None:
            model = await asyncio.to_thread(
                Embedder.load,
                settings.embedding_model,
                batch_size=settings.embedding_batch_size,
                queue_size=settings.embedding_queue_size,
                backend=settings.embedding_backend,
                cache_dir=settings.embedding_export_dir,
                threads=settings.encoder_threads(),
            )
        model.check_dimensions(EMBEDDING_DIMENSIONS)
        resources = Resources.open(settings, database_url, model)
        app.state.resources = resources
        engines = [resources.engine]
        metrics.watch_pool(resources.engine, "primary")
        if resources.router.replica_engine is not None:
            metrics.watch_pool(resources.router.replica_engine, "replica")
            engines.append(resources.router.replica_engine)
        if tracing is not None:
            tracing.start(engines)
        # Timers in every process instead of a scheduler: old rows are deleted and the duties time brings
        # are done (one process at a time), and the email outbox is delivered (each email by one process).
        background = []
        if settings.prune_interval_minutes > 0:
            background.append(asyncio.create_task(prune_periodically(resources.db, settings), name="prune"))
        if settings.reminder_interval_minutes > 0:
            background.append(
                asyncio.create_task(run_duties_periodically(resources.db, model, settings), name="duties")
            )
        if settings.email_enabled:
            background.append(asyncio.create_task(send_periodically(resources.db, settings), name="email"))
        try:
            yield
        finally:
            for task in background:
                task.cancel()
            for task in background:
                with suppress(asyncio.CancelledError):
                    await task
            await resources.close()
            if tracing is not None:
                tracing.stop()
            metrics.app_stopped()

    base_controller = make_graphql_controller(
        build_schema(settings),
        path="/graphql",
        context_getter=get_context,
        graphql_ide="graphiql" if settings.is_development else None,
        # Queries over GET would be cacheable, logged with their variables and free of the CSRF check
        # (and so is batching, which stays off: one operation per request, each with its own limits).
        allow_queries_via_get=False,
        max_subscriptions_per_connection=settings.graphql_max_subscriptions,
        # Subscriptions over a WebSocket at the same path, in the maintained protocol only: the legacy
        # `graphql-ws` (subscriptions-transport-ws) is abandoned by its authors.
        subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
    )

    class GraphQLController(base_controller):  # type: ignore[misc,valid-type]
        """Strawberry's controller, signing WebSocket connections in when they send `connection_init`
        and answering a subscription over the cap with a coded error."""

        graphql_transport_ws_handler_class = SubscriptionLimitedHandler
        # Strawberry provides each request's blank response through a worker thread
        # (`sync_to_thread=True`): a thread hop per request for building an empty object.
        dependencies: ClassVar[dict[str, Any]] = {
            **base_controller.dependencies,
            "response": Provide(_blank_response, sync_to_thread=False),
        }

        websocket_adapter_class = QuietWebSocketAdapter

        async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
            try:
                await authenticate_connection(context)
            except ServiceUnavailable as exc:
                # 1013 "try again later": graphql-ws clients retry the connection with back-off.
                log.warning("WebSocket connection refused: %s", exc.message)
                if context.websocket is not None:
                    await close_websocket(context.websocket, 1013, "Database unavailable")
            return await super().on_ws_connect(context)

    handlers: list[object] = [
        GraphQLController,
        healthz,
        readyz,
        one_click_unsubscribe,
        metrics.metrics_handler(settings.metrics_token, open_without_token=settings.is_development),
        *SSO_ROUTES,
    ]
    if (settings.frontend_dir / "index.html").exists():
        handlers.append(web_app_router(settings.frontend_dir))
    else:
        log.warning("no built frontend in %s; run `make frontend`", settings.frontend_dir)

    return Litestar(
        route_handlers=handlers,  # type: ignore[arg-type]
        lifespan=[lifespan],
        # The request id first, so whatever the others log carries it.
        middleware=[request_id_middleware, metrics.metrics_middleware],
        plugins=[tracing.plugin()] if tracing is not None else [],
        before_send=[security_headers(settings)],
        cors_config=cors_config(settings),
        allowed_hosts=allowed_hosts_config(settings),
        exception_handlers={ServiceUnavailable: service_unavailable},
        debug=False,
        logging_config=None,  # keep configure_logging's format, with request ids
    )


def _blank_response() -> Response[Any]:
    """The response a GraphQL operation's resolvers may add headers and cookies to."""
    return Response({}, background=BackgroundTasks([]))


def create_worker_app() -> Litestar:
    """The app of one `serve --workers N` process: a fresh interpreter, so it sets up logging first."""
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    return create_app(settings)
