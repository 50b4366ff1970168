"""Production hardening of the HTTP surface: transports, introspection, suggestions, cookies, headers,
CORS and allowed hosts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from mentormatch.app import create_app
from mentormatch.embeddings import Embedder
from tests.conftest import GraphQL, make_settings

PRODUCTION = {"MENTORMATCH_ENV": "production", "MENTORMATCH_COOKIE_SECURE": None}
PASSWORD = "a-long-unusual-passphrase-42"


@pytest.fixture
async def production(
    database_url: str, embedder: Embedder, tmp_path: Path
) -> AsyncIterator[AsyncTestClient[Any]]:
    """The app as `MENTORMATCH_ENV=production` (the default) runs it, with a built web app."""
    (tmp_path / "index.html").write_text("<!doctype html><title>mentormatch</title>")
    settings = make_settings(database_url, **PRODUCTION, MENTORMATCH_FRONTEND_DIR=str(tmp_path))
    async with AsyncTestClient(create_app(settings, embedder=embedder)) as client:
        yield client


async def test_queries_over_get_are_refused(production: AsyncTestClient[Any]) -> None:
    response = await production.get("/graphql", params={"query": "{ serverInfo { version } }"})
    assert response.status_code >= 400
    assert "serverInfo" not in response.text


async def test_batched_operations_are_refused(production: AsyncTestClient[Any]) -> None:
    batch = [{"query": "{ serverInfo { version } }"}, {"query": "{ serverInfo { version } }"}]
    response = await production.post("/graphql", json=batch)
    assert response.status_code == 400
    assert "version" not in response.text


async def test_no_graphiql_in_production(production: AsyncTestClient[Any]) -> None:
    page = await production.get("/graphql", headers={"accept": "text/html"})
    assert "graphiql" not in page.text.lower()


async def test_no_introspection_in_production(production: AsyncTestClient[Any]) -> None:
    gql = GraphQL(production)
    for query in ("{ __schema { types { name } } }", '{ __type(name: "User") { fields { name } } }'):
        body = await gql(query)
        assert body.get("data") is None
        assert "introspection" in body["errors"][0]["message"].lower()
    # __typename is no introspection of the schema: clients (urql) ask for it everywhere.
    assert (await gql.data("{ __typename }")) == {"__typename": "Query"}


SUGGESTING = {
    "field": "{ serverInfo { versio } }",
    "argument": "{ notifications(frist: 1) { edges { node { id } } } }",
    "enum value": "{ myMentorships(status: [ACTIV]) { edges { node { id } } } }",
    "type": "query ($f: MentorFiltr) { mentorMatches(filter: $f) { edges { node { score } } } }",
    "variable enum": "query ($s: [MentorshipStatus!]) { myMentorships(status: $s) { edges { node { id } } } }",  # noqa: E501
    "input field": "{ mentorMatches(filter: { carerStages: [] }) { edges { node { score } } } }",
}
VARIABLES = {"variable enum": {"s": ["ACTIV"]}}


@pytest.mark.parametrize("kind", sorted(SUGGESTING))
async def test_no_suggestions_in_production_messages(
    production: AsyncTestClient[Any], kind: str, database_url: str, embedder: Embedder
) -> None:
    body = await GraphQL(production)(SUGGESTING[kind], VARIABLES.get(kind))
    messages = [error["message"] for error in body["errors"]]
    assert messages and not any("Did you mean" in message for message in messages), messages
    # The same mistake in development is answered with the suggestion (the stripping is what hides it).
    development = make_settings(database_url, MENTORMATCH_ENV="development")
    async with AsyncTestClient(create_app(development, embedder=embedder)) as client:
        body = await GraphQL(client)(SUGGESTING[kind], VARIABLES.get(kind))
    assert any("Did you mean" in error["message"] for error in body["errors"]), body["errors"]


async def test_session_cookies_are_secure_in_production(production: AsyncTestClient[Any]) -> None:
    response = await production.post(
        "/graphql",
        json={
            "query": "mutation ($i: RegisterInput!) { register(input: $i) { token errors { code } } }",
            "variables": {"i": {"email": "ada@example.com", "password": PASSWORD, "displayName": "Ada"}},
        },
    )
    cookies = [value for name, value in response.headers.multi_items() if name == "set-cookie"]
    session = next(cookie for cookie in cookies if cookie.startswith("mm_session="))
    assert "Secure" in session and "HttpOnly" in session


@pytest.mark.parametrize("path", ["/graphql", "/healthz", "/", "/assets/missing.js", "/graphql/nothing"])
async def test_every_response_carries_the_security_headers(
    production: AsyncTestClient[Any], path: str
) -> None:
    if path == "/graphql":
        response = await production.post(path, json={"query": "{ serverInfo { version } }"})
    else:
        response = await production.get(path, headers={"accept": "text/html"})
    headers = response.headers
    policy = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["strict-transport-security"].startswith("max-age=")


async def test_cors_admits_only_the_configured_origins(database_url: str, embedder: Embedder) -> None:
    settings = make_settings(
        database_url, MENTORMATCH_CORS_ALLOWED_ORIGINS="https://intranet.example.com, https://hr.example.com"
    )
    preflight = {"access-control-request-method": "POST", "access-control-request-headers": "content-type"}
    async with AsyncTestClient(create_app(settings, embedder=embedder)) as client:
        allowed = await client.options(
            "/graphql", headers={"origin": "https://intranet.example.com", **preflight}
        )
        other = await client.options("/graphql", headers={"origin": "https://evil.example.net", **preflight})
    assert allowed.headers["access-control-allow-origin"] == "https://intranet.example.com"
    assert allowed.headers["access-control-allow-credentials"] == "true"
    assert other.headers.get("access-control-allow-origin") != "https://evil.example.net"


async def test_no_cors_by_default(client: AsyncTestClient[Any]) -> None:
    response = await client.post(
        "/graphql",
        json={"query": "{ serverInfo { version } }"},
        headers={"origin": "https://evil.example.net"},
    )
    assert "access-control-allow-origin" not in response.headers


async def test_only_allowed_hosts_are_served(database_url: str, embedder: Embedder) -> None:
    settings = make_settings(
        database_url, MENTORMATCH_ALLOWED_HOSTS="mentoring.example.com,*.mentoring.example.com"
    )
    async with AsyncTestClient(create_app(settings, embedder=embedder)) as client:
        ours = await client.get("/healthz", headers={"host": "mentoring.example.com"})
        sub = await client.get("/healthz", headers={"host": "eu.mentoring.example.com"})
        other = await client.get("/healthz", headers={"host": "attacker.example.net"})
    assert ours.status_code == sub.status_code == 200
    assert other.status_code == 400


async def test_unexpected_errors_are_masked_in_production(
    production: AsyncTestClient[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Broken:
        @property
        def name(self) -> str:
            raise RuntimeError("connection to 10.0.0.5 failed: SELECT secret FROM users")

    monkeypatch.setattr(production.app.state.resources, "embedder", Broken())
    body = await GraphQL(production)("{ serverInfo { embeddingModel } }")
    assert body["errors"][0]["message"] == "Unexpected error."
    assert body["errors"][0]["extensions"]["code"] == "INTERNAL"
    assert "SELECT" not in str(body) and "10.0.0.5" not in str(body)
