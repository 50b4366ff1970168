"""The app's surface: probes, GraphQL endpoint, error masking, the web app and the request id."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar.testing import AsyncTestClient

from mentormatch.app import create_app
from mentormatch.db.vector import EMBEDDING_DIMENSIONS
from mentormatch.embeddings import Embedder
from tests.conftest import GraphQL, make_settings


async def test_liveness_and_readiness(client: AsyncTestClient[Any]) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "database": True, "embeddingModel": True}


async def test_not_ready_when_the_database_is_unreachable(embedder: Embedder, tmp_path: Path) -> None:
    settings = make_settings(f"postgresql+asyncpg://nobody@/nowhere?host={tmp_path}")
    async with AsyncTestClient(create_app(settings, embedder=embedder)) as client:
        ready = await client.get("/readyz")
        assert (await client.get("/healthz")).status_code == 200
    assert ready.status_code == 503
    assert ready.json()["database"] is False


async def test_server_info_names_the_model(gql: GraphQL) -> None:
    data = await gql.data("{ serverInfo { version embeddingModel embeddingDimensions } }")
    assert data["serverInfo"]["embeddingDimensions"] == EMBEDDING_DIMENSIONS
    assert "MiniLM" in data["serverInfo"]["embeddingModel"]


async def test_graphiql_only_in_development(database_url: str, embedder: Embedder) -> None:
    html = {"accept": "text/html"}
    async with AsyncTestClient(create_app(make_settings(database_url), embedder=embedder)) as client:
        assert (await client.get("/graphql", headers=html)).status_code != 200
    development = make_settings(database_url, MENTORMATCH_ENV="development")
    async with AsyncTestClient(create_app(development, embedder=embedder)) as client:
        page = await client.get("/graphql", headers=html)
        assert page.status_code == 200
        assert "graphiql" in page.text.lower()


async def test_invalid_query_is_reported_not_masked(gql: GraphQL) -> None:
    body = await gql("{ noSuchField }")
    assert "noSuchField" in body["errors"][0]["message"]


async def test_web_app_is_served_at_root(database_url: str, embedder: Embedder, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!doctype html><title>mentormatch</title>")
    settings = make_settings(database_url, MENTORMATCH_FRONTEND_DIR=str(tmp_path))
    async with AsyncTestClient(create_app(settings, embedder=embedder)) as client:
        page = await client.get("/")
        api = await client.post("/graphql", json={"query": "{ serverInfo { version } }"})
    assert page.status_code == 200
    assert "<title>mentormatch</title>" in page.text
    assert api.json()["data"]["serverInfo"]["version"]


async def test_deep_links_get_the_web_app_and_unknown_api_paths_a_real_404(
    database_url: str, embedder: Embedder, tmp_path: Path
) -> None:
    index = "<!doctype html><title>mentormatch</title>"
    (tmp_path / "index.html").write_text(index)
    (tmp_path / "favicon.svg").write_text("<svg/>")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "index-3f2a9c.js").write_text("console.log('app')")
    settings = make_settings(database_url, MENTORMATCH_FRONTEND_DIR=str(tmp_path))
    html = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    async with AsyncTestClient(create_app(settings, embedder=embedder)) as client:
        # A reload or a pasted link of one of the web app's own pages.
        for path in (
            "/requests",
            "/mentors/8d0c3c1e-5a57-4f0e-9a51-2f0c9e0b7a11",
            "/profile/edit?tab=skills",
        ):
            page = await client.get(path, headers=html)
            assert page.status_code == 200, path
            assert page.text == index, path
            assert page.headers["cache-control"] == "no-cache", "a new release is picked up at once"
        asset = await client.get("/assets/index-3f2a9c.js")
        assert asset.status_code == 200
        assert asset.text == "console.log('app')"
        assert "immutable" in asset.headers["cache-control"]
        assert (await client.get("/favicon.svg")).text == "<svg/>"

        # Not the web app's: a real 404, never index.html.
        for path in ("/graphql/anything", "/healthz/x", "/readyz/x", "/api/mentors", "/assets/missing.js"):
            missing = await client.get(path, headers=html)
            assert missing.status_code == 404, path
            assert "<title>" not in missing.text, path
        # A script or fetch asking for a file that is not there gets a 404 too, not a page.
        assert (await client.get("/missing.js", headers={"accept": "*/*"})).status_code == 404
        # The API paths still work beside the fallback (GraphiQL stays off outside development).
        assert (await client.get("/graphql", headers=html)).text != index
        assert (await client.get("/healthz")).json() == {"status": "ok"}
        api = await client.post("/graphql", json={"query": "{ serverInfo { version } }"})
        assert api.json()["data"]["serverInfo"]["version"]
        # Nothing outside the built app is reachable.
        assert (await client.get("/..%2F..%2Fetc%2Fpasswd")).status_code == 404


async def test_every_response_carries_a_request_id(client: AsyncTestClient[Any]) -> None:
    generated = await client.get("/healthz")
    assert len(generated.headers["x-request-id"]) == 32
    echoed = await client.get("/healthz", headers={"X-Request-ID": "trace-123"})
    assert echoed.headers["x-request-id"] == "trace-123"
