"""GET /metrics after real traffic: requests by route and operation, errors by code, the database pool, the
embedding queue and batches, live subscriptions; and who may scrape it."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from httpx_ws import aconnect_ws
from prometheus_client.parser import text_string_to_metric_families
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from mentormatch.embeddings import Embedder
from tests.conftest import app_client, make_settings
from tests.integration.accounts.test_auth import PASSWORD
from tests.integration.reliability.conftest import Served, serve

TOKEN = "scrape-token-0123456789abcdef"
SCRAPER = {"Authorization": f"Bearer {TOKEN}"}
TIMEOUT = 5.0

SIGN_UP = """
mutation SignUpForMetrics($input: RegisterInput!) {
  register(input: $input) { token errors { code field } }
}"""
SERVER_INFO = "query ServerInfoForMetrics { serverInfo { version } }"
PROFILE = "query ProfileForMetrics($id: ID!) { profile(id: $id) { headline } }"
SEARCH = """
query SearchForMetrics($q: String!) {
  mentorMatches(query: $q, first: 1) { edges { node { mentor { id } } } }
}"""
SUBSCRIPTION = "subscription LiveForMetrics { notificationReceived { id } }"

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def parse(text: str) -> Samples:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


async def gql(
    app: Served, query: str, variables: dict[str, Any] | None = None, token: str | None = None
) -> Any:
    _, body = await app.graphql(query, variables, token=token)
    app.http.cookies.clear()  # an API client: the bearer token, not the session cookie
    return body


async def scrape(app: Served) -> Samples:
    response = await app.http.get("/metrics", headers=SCRAPER)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return parse(response.text)


@asynccontextmanager
async def serving(database_url: str, embedder: Embedder, **settings: Any) -> AsyncIterator[Served]:
    async with serve(
        make_settings(database_url, MENTORMATCH_METRICS_TOKEN=TOKEN, **settings), embedder
    ) as app:
        yield app


async def eventually(served: Served, name: str, expected: float, **labels: str) -> Samples:
    for _ in range(int(TIMEOUT / 0.02)):
        samples = await scrape(served)
        if value(samples, name, **labels) == expected:
            return samples
        await asyncio.sleep(0.02)
    raise AssertionError(f"{name}{labels} never became {expected}")


async def test_traffic_shows_by_route_operation_and_error_code(database_url: str, embedder: Embedder) -> None:
    async with serving(database_url, embedder) as app:
        before = await scrape(app)
        email = f"metrics-{uuid.uuid4().hex[:8]}@example.com"
        signed = await gql(
            app, SIGN_UP, {"input": {"email": email, "password": PASSWORD, "displayName": "Ada"}}
        )
        token = signed["data"]["register"]["token"]
        refused = await gql(
            app, SIGN_UP, {"input": {"email": "not-an-email", "password": PASSWORD, "displayName": "B"}}
        )
        assert [e["code"] for e in refused["data"]["register"]["errors"]] == ["INVALID_INPUT"]
        for _ in range(3):
            await gql(app, SERVER_INFO)
        await gql(app, "{ serverInfo { version } }")
        unauthenticated = await gql(app, PROFILE, {"id": str(uuid.uuid4())})
        assert unauthenticated["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        invalid = await gql(app, "query Bogus { noSuchField }")
        assert invalid["errors"]
        after = await scrape(app)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    operations = "mentormatch_graphql_operations_total"
    assert delta(operations, operation="ServerInfoForMetrics", type="query") == 3
    assert delta(operations, operation="SignUpForMetrics", type="mutation") == 2
    assert delta(operations, operation="ProfileForMetrics", type="query") == 1
    assert delta(operations, operation="anonymous", type="query") == 1
    # A document that does not validate is not labelled with the name its sender chose.
    assert delta(operations, operation="invalid", type="unknown") == 1
    assert delta(operations, operation="Bogus", type="query") == 0
    assert (
        delta(
            "mentormatch_graphql_operation_duration_seconds_count",
            operation="ServerInfoForMetrics",
            type="query",
        )
        == 3
    )
    assert (
        delta(
            "mentormatch_graphql_operation_duration_seconds_sum",
            operation="ServerInfoForMetrics",
            type="query",
        )
        > 0
    )

    errors = "mentormatch_graphql_errors_total"
    assert delta(errors, code="INVALID_INPUT", kind="payload") == 1
    assert delta(errors, code="UNAUTHENTICATED", kind="graphql") == 1
    assert delta(errors, code="UNCODED", kind="graphql") == 1

    # Eight GraphQL posts, and the first scrape (the second is counted after it answered).
    assert delta("mentormatch_http_requests_total", method="POST", route="/graphql", status="200") == 8
    assert delta("mentormatch_http_request_duration_seconds_count", method="POST", route="/graphql") == 8
    assert delta("mentormatch_http_requests_total", method="GET", route="/metrics", status="200") == 1

    text = "\n".join(f"{name} {sorted(labels)}" for name, labels in after)
    assert email not in text and token not in text


async def test_pool_use_embedding_queue_and_subscriptions(database_url: str, embedder: Embedder) -> None:
    async with serving(database_url, embedder, MENTORMATCH_DB_POOL_SIZE="4") as app:
        samples = await scrape(app)
        assert value(samples, "mentormatch_db_pool_size", database="primary") == 4
        assert value(samples, "mentormatch_db_pool_checked_out", database="primary") == 0
        async with app.resources.engine.connect(), app.resources.engine.connect():
            samples = await scrape(app)
        assert value(samples, "mentormatch_db_pool_checked_out", database="primary") == 2
        assert value((await scrape(app)), "mentormatch_db_pool_checked_out", database="primary") == 0

        signed = await gql(
            app, SIGN_UP, {"input": {"email": "queue@example.com", "password": PASSWORD, "displayName": "Q"}}
        )
        token = signed["data"]["register"]["token"]
        batches_before = value(samples, "mentormatch_embedding_batch_size_count")
        # Keep the model's one thread busy, so a search's encode call waits in the queue.
        busy = threading.Event()
        blocker = embedder._executor.submit(busy.wait, TIMEOUT)
        search = asyncio.create_task(gql(app, SEARCH, {"q": f"pricing strategy {uuid.uuid4().hex}"}, token))
        try:
            waiting = await eventually(app, "mentormatch_embedding_queue_depth", 1)
        finally:
            busy.set()
        blocker.result()
        assert "errors" not in await search
        samples = await scrape(app)
        assert value(samples, "mentormatch_embedding_queue_depth") == 0
        assert value(samples, "mentormatch_embedding_batch_size_count") == batches_before + 1
        assert value(waiting, "mentormatch_embedding_batch_size_count") == batches_before

        active = value(samples, "mentormatch_graphql_subscriptions_active")
        async with aconnect_ws("/graphql", app.http, subprotocols=[GRAPHQL_TRANSPORT_WS_PROTOCOL]) as ws:
            await ws.send_json({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}})
            assert (await ws.receive_json(timeout=TIMEOUT))["type"] == "connection_ack"
            await ws.send_json({"type": "subscribe", "id": "1", "payload": {"query": SUBSCRIPTION}})
            open_ = await eventually(app, "mentormatch_graphql_subscriptions_active", active + 1)
            await ws.send_json({"type": "complete", "id": "1"})
            await eventually(app, "mentormatch_graphql_subscriptions_active", active)
        live = value(
            open_, "mentormatch_graphql_operations_total", operation="LiveForMetrics", type="subscription"
        )
        assert (
            live
            == value(
                samples,
                "mentormatch_graphql_operations_total",
                operation="LiveForMetrics",
                type="subscription",
            )
            + 1
        )


async def test_metrics_need_the_token_when_one_is_set(database_url: str, embedder: Embedder) -> None:
    async with app_client(database_url, embedder, MENTORMATCH_METRICS_TOKEN=TOKEN) as client:
        assert (await client.get("/metrics")).status_code == 401
        wrong = await client.get("/metrics", headers={"Authorization": "Bearer not-the-token-at-all"})
        assert wrong.status_code == 401
        assert wrong.headers["www-authenticate"].startswith("Bearer")
        assert "mentormatch_http_requests_total" not in wrong.text
        right = await client.get("/metrics", headers=SCRAPER)
        assert right.status_code == 200
        assert "mentormatch_http_requests_total" in right.text


async def test_without_a_token_metrics_are_absent_except_in_development(
    database_url: str, embedder: Embedder
) -> None:
    async with app_client(database_url, embedder, MENTORMATCH_ENV="production") as client:
        assert (await client.get("/metrics")).status_code == 404
    async with app_client(database_url, embedder, MENTORMATCH_ENV="development") as client:
        response = await client.get("/metrics")
        assert response.status_code == 200
        assert "mentormatch_db_pool_size" in response.text
