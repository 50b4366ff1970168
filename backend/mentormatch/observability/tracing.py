"""OpenTelemetry traces, off unless an OTLP endpoint is configured (MENTORMATCH_OTLP_ENDPOINT or
OTEL_EXPORTER_OTLP_ENDPOINT).

One trace per request: Litestar's OpenTelemetry plugin opens the server span, SQLAlchemy's and asyncpg's
instrumentations add a span per statement, and `span` adds ours (the embedding model's encode calls).
Spans are batched and sent over OTLP/HTTP (protobuf).

The provider is the app's, not OpenTelemetry's global one (which can be set only once per process): the
instrumentations are handed it, and `span` uses the one of the app that is running.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from litestar.plugins.opentelemetry import OpenTelemetryConfig, OpenTelemetryPlugin
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.sdk.resources import SERVICE_NAME, SERVICE_VERSION, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.util.types import AttributeValue
from sqlalchemy.ext.asyncio import AsyncEngine

from mentormatch import __version__
from mentormatch.settings import Settings

log = logging.getLogger(__name__)

_active: TracerProvider | None = None


class Tracing:
    """The tracer provider of one app and the instrumentations it turns on while the app runs."""

    def __init__(self, endpoint: str, service_name: str) -> None:
        self.endpoint = endpoint
        self.provider = TracerProvider(
            resource=Resource.create({SERVICE_NAME: service_name, SERVICE_VERSION: __version__})
        )
        self.provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
        self._sqlalchemy = SQLAlchemyInstrumentor()
        self._asyncpg = AsyncPGInstrumentor()

    @classmethod
    def from_settings(cls, settings: Settings) -> Tracing | None:
        endpoint = settings.tracing_endpoint
        return cls(endpoint, settings.otel_service_name) if endpoint else None

    def plugin(self) -> OpenTelemetryPlugin:
        """The server span of every HTTP request and WebSocket connection (not of the probes)."""
        return OpenTelemetryPlugin(
            OpenTelemetryConfig(tracer_provider=self.provider, exclude=["/healthz", "/readyz", "/metrics"])
        )

    def start(self, engines: list[AsyncEngine]) -> None:
        global _active
        _active = self.provider
        self._sqlalchemy.instrument(
            engines=[engine.sync_engine for engine in engines], tracer_provider=self.provider
        )
        self._asyncpg.instrument(tracer_provider=self.provider)
        log.info("tracing on: spans go to %s", self.endpoint)

    def stop(self) -> None:
        """Stop tracing and send the spans still buffered."""
        global _active
        self._asyncpg.uninstrument()
        self._sqlalchemy.uninstrument()
        if _active is self.provider:
            _active = None
        self.provider.shutdown()


@contextmanager
def span(name: str, **attributes: AttributeValue) -> Iterator[None]:
    """A span of the running app's trace (a child of the request's); nothing when tracing is off."""
    provider = _active
    if provider is None:
        yield
        return
    with provider.get_tracer("mentormatch").start_as_current_span(name, attributes=attributes):
        yield
