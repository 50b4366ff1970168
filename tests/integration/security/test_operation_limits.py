"""Depth, alias, token and cost limits: refused with QUERY_TOO_COMPLEX before anything runs, while
every operation the web app sends fits within all of them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bench.load import webapp_operations
from graphql import parse, validate
from litestar.testing import AsyncTestClient
from strawberry.extensions import AddValidationRules

from mentormatch.app import create_app
from mentormatch.embeddings import Embedder
from mentormatch.graphql.limits import limit_extensions
from mentormatch.graphql.schema import build_schema
from mentormatch.settings import Settings
from tests.conftest import GraphQL, make_settings

PASSWORD = "a-long-unusual-passphrase-42"


def _code(body: dict[str, Any]) -> str | None:
    errors = body.get("errors") or []
    return errors[0].get("extensions", {}).get("code") if errors else None


async def test_too_deep_an_operation_is_refused(gql: GraphQL) -> None:
    # 13 levels: mentorships > edges > node > mentor > mentorships > ... under a signed-out caller.
    nested = "id"
    for _ in range(3):
        nested = f"mentorships(first: 1) {{ edges {{ node {{ mentor {{ {nested} }} }} }} }}"
    body = await gql(f"{{ me {{ {nested} }} }}")
    assert _code(body) == "QUERY_TOO_COMPLEX"
    assert "depth" in body["errors"][0]["message"]
    assert body.get("data") is None


async def test_too_many_aliases_are_refused(gql: GraphQL) -> None:
    aliases = " ".join(f"a{n}: serverInfo {{ version }}" for n in range(31))
    body = await gql(f"{{ {aliases} }}")
    assert _code(body) == "QUERY_TOO_COMPLEX"
    assert body.get("data") is None
    # At the limit it runs.
    at_limit = " ".join(f"a{n}: serverInfo {{ version }}" for n in range(30))
    assert len(await gql.data(f"{{ {at_limit} }}")) == 30


async def test_too_long_a_document_is_not_even_parsed(gql: GraphQL) -> None:
    fields = " ".join(["version"] * 2100)
    body = await gql(f"{{ serverInfo {{ {fields} }} }}")
    assert _code(body) == "QUERY_TOO_COMPLEX"
    assert "tokens" in body["errors"][0]["message"]


# Within depth (11) and aliases, but 50 mentorships, each with 50 requests of their mentor: ~7,700.
COSTLY_SELECTION = (
    "mentorships(first: 50) { edges { node { mentor { incomingRequests(first: 50) {"
    " edges { node { id sender { id } } } } } } } }"
)


async def test_an_over_budget_query_is_refused_with_its_cost(gql: GraphQL) -> None:
    body = await gql(f"{{ me {{ {COSTLY_SELECTION} }} }}")
    assert _code(body) == "QUERY_TOO_COMPLEX"
    assert "over the limit of 5000" in body["errors"][0]["message"]
    # Smaller pages bring the same shape within budget (it runs: no one is signed in).
    small = COSTLY_SELECTION.replace("first: 50", "first: 10")
    assert _code(await gql(f"{{ me {{ {small} }} }}")) is None


async def test_a_page_size_from_a_variable_counts_as_the_cap(gql: GraphQL) -> None:
    query = COSTLY_SELECTION.replace("first: 50", "first: $n")
    body = await gql(f"query ($n: Int!) {{ me {{ {query} }} }}", {"n": 1})
    assert _code(body) == "QUERY_TOO_COMPLEX"


async def test_an_over_budget_mutation_writes_nothing(gql: GraphQL) -> None:
    account = {"email": "grace@example.com", "password": PASSWORD, "displayName": "Grace"}
    costly = (
        f"mutation ($input: RegisterInput!) {{ register(input: $input) {{ user {{ {COSTLY_SELECTION} }} }} }}"
    )
    body = await gql(costly, {"input": account})
    assert _code(body) == "QUERY_TOO_COMPLEX"
    # The account was not made: registering it again succeeds.
    plain = "mutation ($input: RegisterInput!) { register(input: $input) { token errors { code } } }"
    registered = await gql.data(plain, {"input": account})
    assert registered["register"]["errors"] == []


async def test_limits_come_from_the_settings(database_url: str, embedder: Embedder) -> None:
    settings = make_settings(database_url, MENTORMATCH_GRAPHQL_MAX_COST=1, MENTORMATCH_GRAPHQL_MAX_DEPTH=2)
    async with AsyncTestClient(create_app(settings, embedder=embedder)) as client:
        gql = GraphQL(client)
        assert (await gql.data("{ serverInfo { version } }"))["serverInfo"]["version"]
        assert _code(await gql("{ serverInfo { version } a: serverInfo { version } }")) == "QUERY_TOO_COMPLEX"
        assert _code(await gql("{ me { profile { headline } } }")) == "QUERY_TOO_COMPLEX"


def test_every_operation_of_the_web_app_fits_every_limit(repo_root: Path) -> None:
    settings = Settings(_env_file=None, SECRET_KEY="k" * 40, DATABASE_URL=None)  # type: ignore[call-arg]
    assert settings.env == "production"
    schema = build_schema(settings)._schema
    rules = [
        rule
        for factory in limit_extensions(settings)
        if isinstance(extension := factory(), AddValidationRules)
        for rule in extension.validation_rules
    ]
    assert len(rules) >= 4  # depth, aliases, cost, no introspection
    operations = webapp_operations(repo_root)
    assert len(operations) > 40
    for name, text in operations.items():
        parse(text, max_tokens=settings.graphql_max_tokens)  # raises over the token limit
        errors = validate(schema, parse(text), rules)
        assert errors == [], f"{name}: {[e.message for e in errors]}"


@pytest.mark.parametrize("max_cost", [3000])
def test_the_cost_limit_is_not_vacuous_for_the_web_app(repo_root: Path, max_cost: int) -> None:
    """The web app's heaviest screen (a page of matches) costs within sight of the default budget,
    so the budget is set by what the app needs and a tighter one would refuse it."""
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, SECRET_KEY="k" * 40, MENTORMATCH_GRAPHQL_MAX_COST=max_cost
    )
    schema = build_schema(settings)._schema
    rules = [
        rule
        for factory in limit_extensions(settings)
        if isinstance(extension := factory(), AddValidationRules)
        for rule in extension.validation_rules
    ]
    refused = {
        name for name, text in webapp_operations(repo_root).items() if validate(schema, parse(text), rules)
    }
    assert refused == {"MentorMatches", "MenteeMatches"}


async def test_the_limits_keep_the_validation_cache_working() -> None:
    """A document sent again is not validated again: the limits' rules are the same classes on
    every request (a new class per request, as Strawberry's limiters make, would never hit the cache)."""
    from strawberry.extensions.validation_cache import _get_validate_cache

    schema = build_schema(Settings(_env_file=None, SECRET_KEY="k" * 40))  # type: ignore[call-arg]
    cache = _get_validate_cache(256)
    query = "query CacheProbe { __typename }"
    assert (await schema.execute(query)).errors is None
    hits = cache.cache_info().hits
    assert (await schema.execute(query)).errors is None
    assert cache.cache_info().hits == hits + 1
