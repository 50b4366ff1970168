"""Traces reach an OTLP/HTTP collector: a real HTTP server in the test decoding what the exporter sends."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.trace.v1.trace_pb2 import Span

from mentormatch.embeddings import Embedder
from tests.conftest import GraphQL, app_client
from tests.integration.accounts.test_auth import register

SEARCH = """
query SearchForTracing($q: String!) {
  mentorMatches(query: $q, first: 1) { edges { node { mentor { id } } } }
}"""


class Collector:
    """What POST /v1/traces received: the spans, with their service name."""

    def __init__(self) -> None:
        self.spans: list[tuple[str, Span]] = []
        self.paths: list[str] = []
        self.lock = threading.Lock()

    def attributes(self, span: Span) -> dict[str, Any]:
        return {a.key: a.value.string_value or a.value.int_value for a in span.attributes}


@pytest.fixture
def collector() -> Iterator[tuple[Collector, str]]:
    received = Collector()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            request = ExportTraceServiceRequest()
            request.ParseFromString(body)
            with received.lock:
                received.paths.append(self.path)
                for resource_spans in request.resource_spans:
                    service = next(
                        a.value.string_value
                        for a in resource_spans.resource.attributes
                        if a.key == "service.name"
                    )
                    for scope_spans in resource_spans.scope_spans:
                        received.spans.extend((service, span) for span in scope_spans.spans)
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield received, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


async def test_a_request_is_one_trace_with_database_and_embedding_spans(
    database_url: str, embedder: Embedder, collector: tuple[Collector, str]
) -> None:
    received, endpoint = collector
    settings = {"MENTORMATCH_OTLP_ENDPOINT": endpoint + "/", "OTEL_SERVICE_NAME": "mentormatch-test"}
    async with app_client(database_url, embedder, **settings) as client:
        gql = GraphQL(client)
        token = (await register(gql))["token"]
        await gql.data(SEARCH, {"q": f"negotiating a budget {uuid.uuid4().hex}"}, token=token)
        # Probes are polled every few seconds: they would drown the traces that matter.
        assert (await client.get("/healthz")).status_code == 200
    # Leaving the app shut its tracer provider down, which sends what was still batched.

    assert received.paths and set(received.paths) == {"/v1/traces"}
    assert {service for service, _ in received.spans} == {"mentormatch-test"}
    spans = [span for _, span in received.spans]
    servers = [s for s in spans if s.kind == Span.SPAN_KIND_SERVER]
    # One trace per request: the sign-up's and the search's, each rooted in its server span.
    assert len(servers) == 2
    assert all(not s.parent_span_id for s in servers)
    assert len({s.trace_id for s in servers}) == 2
    assert {s.trace_id for s in spans} == {s.trace_id for s in servers}

    embedding = [s for s in spans if s.name == "embedding.encode"]
    assert len(embedding) == 1, [s.name for s in spans]
    trace_id = embedding[0].trace_id
    assert received.attributes(embedding[0])["embedding.texts"] == 1
    in_trace = [s for s in spans if s.trace_id == trace_id]
    server = next(s for s in servers if s.trace_id == trace_id)
    assert "/graphql" in server.name
    statements = [
        received.attributes(s)
        for s in in_trace
        if s.kind == Span.SPAN_KIND_CLIENT and received.attributes(s).get("db.system") == "postgresql"
    ]
    assert any(str(a.get("db.statement", "")).startswith(("SELECT", "WITH")) for a in statements), in_trace
    by_id = {s.span_id: s for s in in_trace}
    # Every span of the trace hangs, parent by parent, from the request's server span.
    for span in in_trace:
        while span.parent_span_id:
            span = by_id[span.parent_span_id]
        assert span.span_id == server.span_id
