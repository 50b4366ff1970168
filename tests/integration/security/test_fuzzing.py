"""Property-based fuzzing of the whole GraphQL schema against the running app.

hypothesis-graphql builds random queries and mutations from the SDL (introspection is off outside
development, so the strategy never asks the server for its schema), with arguments written inline; a
second strategy sends the web app's own operations with random variables (wrong types, huge strings and
ints, odd unicode, NUL bytes). They go over HTTP to a real app on a seeded database, as a stranger, as a
participant with a mentorship, a request, a check-in, a session and notifications, and as an admin, with ids
drawn from the real rows so resolvers reach them. Every response must be a coded answer: no 5xx, no
masked INTERNAL error, no traceback, no SQL, and nothing logged at ERROR.

The default run is sized for CI: 1,500 operations in about 80 s. `MENTORMATCH_FUZZ_EXAMPLES=N` sends N
in all, shared out in the same proportions. Runs are seeded (the same operations every run, other ones for
each caller) unless `MENTORMATCH_FUZZ_RANDOM=1`; Hypothesis keeps no example database.
"""

from __future__ import annotations

import logging
import os
import uuid
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import graphql
import pytest
from bench.load import webapp_operations
from hypothesis import HealthCheck, Phase, given, seed
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema, nodes
from litestar.testing import TestClient
from sqlalchemy import text

from mentormatch.app import create_app
from mentormatch.embeddings import Embedder
from mentormatch.feedback import service as feedback
from mentormatch.graphql.schema import schema_sdl
from tests.conftest import NO_RATE_LIMITS, make_settings
from tests.integration.feedback.conftest import start_mentorship
from tests.integration.matching.conftest import PASSWORD, Person, db, person, set_user
from tests.integration.mentorships.conftest import Db, ask

__all__ = ["db", "person"]

# Operations per run, in all (the tests below send 150 + 350 + 250 + 750 of every 1,500).
SCALE = int(os.environ.get("MENTORMATCH_FUZZ_EXAMPLES", "1500")) / 1500
RANDOMISED = os.environ.get("MENTORMATCH_FUZZ_RANDOM") == "1"

# Limits high enough that a run reaches the resolvers instead of stopping at a rate or cost refusal.
# The anonymous run keeps every default, so the refusals themselves are fuzzed too.
REACH_RESOLVERS = {
    "MENTORMATCH_GRAPHQL_MAX_COST": 10**9,
    **NO_RATE_LIMITS,
}
# What a leaked stack trace or database error looks like in a response body.
LEAKS = ("Traceback", 'File "', "SELECT ", "INSERT ", "UPDATE ", "asyncpg", "sqlalchemy", "psycopg",
         'relation "', "violates", "SQLSTATE", "syntax error at")  # fmt: skip

SCHEMA = graphql.build_schema(schema_sdl())
MENTEE_EMAIL = "fuzz.mentee@example.com"
MENTOR_EMAIL = "fuzz.mentor@example.com"
ADMIN_EMAIL = "fuzz.admin@example.com"
# Tables whose ids the fuzzer uses as ID arguments, so operations meet real rows.
ID_TABLES = ("users", "mentorship_requests", "mentorships", "feedback", "notifications", "reports",
             "mentorship_sessions")  # fmt: skip

NASTY_STRINGS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202e\u0644\u0627",  # right-to-left override, Arabic
    "\U0001f469\u200d\U0001f4bb",  # emoji with a zero-width joiner
    "e\u0301\u0301\u0301",  # combining marks
    "\ufeff\u200b",
    "'; DROP TABLE users; --",
    "%s %d {0} ${x}",
    "\\x00\\u0000",
    "null",
    "x" * 600,
    "y" * 5_000,
    "z" * 100_000,
    "2024-02-30",
    "-1",
    "9" * 40,
]
# Beyond 32 bits is refused by graphql-core as an inline literal, and in a variable too.
NASTY_INTS = [0, -1, 1, 49, 50, 51, 2**31 - 1, -(2**31), 10**6, 2**31, -(2**31) - 1, 10**20]
NASTY_DATES = ["0001-01-01", "9999-12-31", "2024-02-29", "2024-02-30", "", "today", "\x00"]


def nasty_text() -> st.SearchStrategy[str]:
    return st.one_of(st.text(max_size=30), st.sampled_from(NASTY_STRINGS))


def nasty_int() -> st.SearchStrategy[int]:
    return st.one_of(st.integers(min_value=-(2**31), max_value=2**31 - 1), st.sampled_from(NASTY_INTS))


def nasty_date() -> st.SearchStrategy[str]:
    day = st.dates().map(date.isoformat)
    return st.one_of(day, day, day, st.sampled_from(NASTY_DATES))


def nasty_datetime() -> st.SearchStrategy[str]:
    return st.one_of(
        st.datetimes(timezones=st.sampled_from([None, UTC])).map(datetime.isoformat),
        st.sampled_from(
            [*NASTY_DATES, "2024-01-01T25:00:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"]
        ),
    )


@dataclass
class World:
    """The seeded rows and who may sign in."""

    admin_id: uuid.UUID
    ids: list[str]


@pytest.fixture
async def world(db: Db, person: Person) -> World:
    """A programme with something in it: a mentee (the fuzzed participant) in an ACTIVE mentorship, a
    request sent to their mentor by a third participant, the notifications these made, and an admin."""
    mentee_id, _ = await person(
        "Fuzz Mentee", seeksMentoring=True, objectives=["learn SQL", "public speaking"]
    )
    mentor_id, _ = await person(
        "Fuzz Mentor", canMentor=True, capacity=5, expertise=["SQL and databases", "presenting"]
    )
    third_id, _ = await person("Fuzz Third", seeksMentoring=True, canMentor=True, objectives=["leadership"])
    admin_id, _ = await person("Fuzz Admin")
    await set_user(db, admin_id, is_admin=True)
    mentorship_id = uuid.UUID(await start_mentorship(db, mentor_id, mentee_id, ["learn SQL"]))
    await ask(db, third_id, mentor_id)
    await feedback.submit_feedback(
        db, viewer_id=mentee_id, mentorship_id=mentorship_id, rating=4, good_fit=True, progress=None,
        comment="Helpful so far.",
    )  # fmt: skip
    await feedback.log_session(
        db, viewer_id=mentor_id, mentorship_id=mentorship_id, held_on=date.today(), minutes=45, note="Joins"
    )
    return World(admin_id=admin_id, ids=await row_ids(db))


async def row_ids(db: Db) -> list[str]:
    async with db() as session:
        ids: list[str] = []
        for table in ID_TABLES:
            ids += [str(i) for i in (await session.scalars(text(f"SELECT id FROM {table}"))).all()]
        return ids


@dataclass
class Caller:
    """Who sends the operations: a bearer token that is renewed when the fuzzer signs itself out."""

    client: TestClient[Any]
    email: str | None = None
    token: str | None = None
    sent: int = 0
    failures: list[str] = field(default_factory=list)
    codes: dict[str, int] = field(default_factory=dict)

    def sign_in(self) -> None:
        if self.email is None:
            return
        body = self.post(
            "mutation($i: LoginInput!) { login(input: $i) { token errors { code } } }",
            {"i": {"email": self.email, "password": PASSWORD}},
            check=False,
        )
        self.token = ((body.get("data") or {}).get("login") or {}).get("token")

    def post(self, query: str, variables: Any = None, *, check: bool = True) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        # An API client, not a browser: no cookie jar (a cookie would make every mutation need CSRF).
        self.client.cookies.clear()
        response = self.client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        self.client.cookies.clear()
        try:
            body = response.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        if not check:
            return body
        self.sent += 1
        errors = body.get("errors")
        # An error without a code is graphql-core's own: a parse, validation or variable-coercion error.
        codes = [str((e.get("extensions") or {}).get("code", "GRAPHQL_VALIDATION")) for e in errors or []]
        codes += _payload_codes(body.get("data"))
        for code in set(codes) or {"OK"}:
            self.codes[code] = self.codes.get(code, 0) + 1
        problems = []
        if response.status_code >= 500:
            problems.append(f"HTTP {response.status_code}")
        if "INTERNAL" in codes:
            problems.append("INTERNAL error")
        problems += [f"leaks {leak!r}" for leak in LEAKS if leak in response.text]
        if problems:
            self.failures.append(
                f"{', '.join(problems)}\n  operation: {query[:800]}\n  variables: {str(variables)[:400]}"
                f"\n  response: {response.text[:600]}"
            )
        if self.email and "UNAUTHENTICATED" in codes:
            self.sign_in()  # the fuzzer signed itself out (logout, changePassword): sign in again
        return body


def _payload_codes(data: Any) -> list[str]:
    """The codes of every UserError in a response's data."""
    found: list[str] = []
    if isinstance(data, dict):
        if "code" in data and "message" in data:
            found.append(str(data["code"]))
        for value in data.values():
            found += _payload_codes(value)
    elif isinstance(data, list):
        for value in data:
            found += _payload_codes(value)
    return found


def _fuzz_settings(examples: int) -> Callable[[Any], Any]:
    return hypothesis_settings(
        max_examples=max(1, int(examples * SCALE)),
        database=None,
        deadline=None,
        # Failures are collected and all reported, so there is nothing to shrink.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )


def operations(ids: list[str]) -> st.SearchStrategy[str]:
    """Random queries and mutations of the whole schema, with real ids and nasty scalar values."""
    id_values = st.one_of(st.sampled_from(ids), st.uuids().map(str), st.text(max_size=40)) if ids else None
    custom: dict[str, st.SearchStrategy[graphql.ValueNode]] = {
        "String": nasty_text().map(nodes.String),
        "Int": nasty_int().map(nodes.Int),
        "Date": nasty_date().map(nodes.String),
        "DateTime": nasty_datetime().map(nodes.String),
        "JSON": nasty_text().map(nodes.String),
    }
    if id_values is not None:
        custom["ID"] = id_values.map(nodes.String)
    return from_schema(SCHEMA, custom_scalars=custom)


# True one time in four (`st.one_of` does not weigh its branches evenly).
ONE_IN_FOUR = st.sampled_from([True, False, False, False])
# Any JSON value, mostly of a type other than the one a variable wants.
WRONG_TYPE: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    nasty_text(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(nasty_text(), st.integers(), max_size=3),
)


def _json_value(type_: graphql.GraphQLInputType, ids: list[str], depth: int = 0) -> st.SearchStrategy[Any]:
    """A value of a variable's type, with nasty leaves (huge ints and strings, NUL bytes, odd unicode,
    impossible dates)."""
    inner = graphql.get_nullable_type(type_)
    value: st.SearchStrategy[Any]
    if isinstance(inner, graphql.GraphQLList):
        value = st.lists(_json_value(inner.of_type, ids, depth + 1), max_size=4) if depth < 3 else st.just([])
    elif isinstance(inner, graphql.GraphQLInputObjectType):
        fields = inner.fields
        required = {n: _json_value(f.type, ids, depth + 1) for n, f in fields.items() if _required(f)}
        optional = {n: _json_value(f.type, ids, depth + 1) for n, f in fields.items() if not _required(f)}
        value = st.fixed_dictionaries(required, optional=optional)
    elif isinstance(inner, graphql.GraphQLEnumType):
        value = st.sampled_from(list(inner.values))
    else:
        value = {
            "Int": nasty_int(),
            "Float": st.floats(allow_nan=False, allow_infinity=False),
            "Boolean": st.booleans(),
            "ID": st.one_of(st.sampled_from(ids or ["x"]), st.uuids().map(str), nasty_text()),
            "Date": nasty_date(),
            "DateTime": nasty_datetime(),
        }.get(inner.name, nasty_text())
    if isinstance(type_, graphql.GraphQLNonNull):
        return value
    return st.tuples(ONE_IN_FOUR, value).map(lambda t: None if t[0] else t[1])


def _required(field: graphql.GraphQLInputField) -> bool:
    return isinstance(field.type, graphql.GraphQLNonNull) and field.default_value is graphql.Undefined


def web_app_operations(repo_root: Path, ids: list[str]) -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
    """The web app's own operations (from the generated client) with random variables."""
    documents = webapp_operations(repo_root)
    strategies = []
    for name in sorted(documents):
        source = documents[name]
        document = graphql.parse(source)
        operation = next(d for d in document.definitions if isinstance(d, graphql.OperationDefinitionNode))
        if operation.operation == graphql.OperationType.SUBSCRIPTION:
            continue
        variables = {
            d.variable.name.value: _json_value(graphql.type_from_ast(SCHEMA, d.type), ids)  # type: ignore[arg-type]
            for d in operation.variable_definitions or ()
        }
        typed = st.fixed_dictionaries(variables)
        if variables:
            # One operation in four has one variable of a wrong type: graphql-core refuses those whole,
            # so the rest are kept well typed to reach the resolvers.
            typed = st.tuples(typed, ONE_IN_FOUR, st.sampled_from(sorted(variables)), WRONG_TYPE).map(
                lambda t: {**t[0], t[2]: t[3]} if t[1] else t[0]
            )
        strategies.append(st.tuples(st.just(source), typed))
    return st.one_of(*strategies)


@contextmanager
def running_app(database_url: str, embedder: Embedder, **overrides: Any) -> Iterator[TestClient[Any]]:
    """The app served to a synchronous client (Hypothesis drives plain functions)."""
    settings = make_settings(database_url, **overrides)
    # A crash must come back as the 500 a client would get, to be reported with its operation.
    with TestClient(create_app(settings, embedder=embedder), raise_server_exceptions=False) as client:
        yield client


def assert_clean(caller: Caller, caplog: pytest.LogCaptureFixture, minimum: int) -> None:
    """No bad response, nothing the app logged as an unexpected error, and the run was not vacuous."""
    assert not caller.failures, f"{len(caller.failures)} bad responses:\n\n" + "\n\n".join(
        caller.failures[:10]
    )
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR and r.name.startswith("mentormatch")]
    assert not errors, [r.getMessage() for r in errors[:5]]
    assert caller.sent >= minimum, caller.sent
    print(f"\n{caller.sent} operations; outcomes by code: {dict(sorted(caller.codes.items()))}")


def fuzz_schema(caller: Caller, ids: list[str], examples: int) -> None:
    @_fuzz_settings(examples)
    @given(operation=operations(ids))
    def send(operation: str) -> None:
        caller.post(operation)

    _run(send, caller)


def _run(send: Callable[[], None], caller: Caller) -> None:
    """Run a fuzzing function with the caller's own seed (one per caller, so that two callers are sent
    different operations), or unseeded in a randomised run."""
    (send if RANDOMISED else seed(zlib.crc32((caller.email or "stranger").encode()))(send))()


def fuzz_variables(caller: Caller, repo_root: Path, ids: list[str], examples: int) -> None:
    @_fuzz_settings(examples)
    @given(operation=web_app_operations(repo_root, ids))
    def send(operation: tuple[str, dict[str, Any]]) -> None:
        caller.post(*operation)

    _run(send, caller)


def test_fuzzed_operations_as_a_stranger_under_the_default_limits(
    world: World, database_url: str, embedder: Embedder, caplog: pytest.LogCaptureFixture
) -> None:
    """Anonymous callers with every production limit in force: refusals (UNAUTHENTICATED,
    QUERY_TOO_COMPLEX, RATE_LIMITED) are coded, never a crash."""
    caplog.set_level(logging.WARNING)
    with running_app(database_url, embedder) as client:
        caller = Caller(client)
        fuzz_schema(caller, world.ids, 150)
        assert_clean(caller, caplog, int(150 * SCALE))


def test_fuzzed_operations_as_participants(
    world: World, database_url: str, embedder: Embedder, caplog: pytest.LogCaptureFixture
) -> None:
    """The mentee and the mentor of the seeded mentorship, so both sides' resolvers meet real rows; the
    mentor under the default limits, so that signed-in refusals are fuzzed too."""
    caplog.set_level(logging.WARNING)
    for email, limits in ((MENTEE_EMAIL, REACH_RESOLVERS), (MENTOR_EMAIL, {})):
        with running_app(database_url, embedder, **limits) as client:
            caller = Caller(client, email=email)
            caller.sign_in()
            assert caller.token
            fuzz_schema(caller, world.ids, 175)
            assert_clean(caller, caplog, int(175 * SCALE))
            # Not vacuous: a good share of the operations were answered by the resolvers without any error.
            assert caller.codes.get("OK", 0) >= caller.sent // 5, caller.codes


def test_fuzzed_operations_as_an_admin(
    world: World, database_url: str, embedder: Embedder, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    # The admin's own id is left out, so that it does not suspend or erase itself early in the run.
    ids = [i for i in world.ids if i != str(world.admin_id)]
    with running_app(database_url, embedder, **REACH_RESOLVERS) as client:
        caller = Caller(client, email=ADMIN_EMAIL)
        caller.sign_in()
        assert caller.token
        fuzz_schema(caller, ids, 250)
        assert_clean(caller, caplog, int(250 * SCALE))


def test_fuzzed_variables_of_the_web_app_operations(
    world: World, database_url: str, embedder: Embedder, repo_root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The web app's operations with variables of wrong types, huge strings and ints, NUL bytes and odd
    unicode, as the participant and as a stranger."""
    caplog.set_level(logging.WARNING)
    with running_app(database_url, embedder, **REACH_RESOLVERS) as client:
        participant = Caller(client, email=MENTEE_EMAIL)
        participant.sign_in()
        assert participant.token
        fuzz_variables(participant, repo_root, world.ids, 550)
        assert_clean(participant, caplog, int(550 * SCALE))
        stranger = Caller(client)
        fuzz_variables(stranger, repo_root, world.ids, 200)
        assert_clean(stranger, caplog, int(200 * SCALE))
