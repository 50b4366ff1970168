"""The authorization matrix (issue 16): every root field and every sensitive nested field of the schema,
as anonymous, the participant, the other participant, a third participant, a suspended participant
and an admin, each cell a test of its own. The table and the rule for what is sensitive are in
`authz_table.py`; a root field or a field of a sensitive type without a row fails
`test_every_root_field_and_sensitive_field_has_a_row`.

One scenario is built once for the module, through the real services and GraphQL, in a database of
its own that then serves as a template: the queries run on one copy of it, and every mutation row on
a fresh copy, its denied actors first (each checked to have written nothing) and its allowed ones last.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import asyncpg
import httpx
import pytest
from graphql import build_schema as build_sdl_schema
from httpx_ws import aconnect_ws
from httpx_ws.transport import ASGIWebSocketTransport
from litestar import Litestar
from sqlalchemy import select, text
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from mentormatch.accounts import service as accounts
from mentormatch.accounts.rate_limits import Limits
from mentormatch.app import create_app
from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.embeddings import Embedder
from mentormatch.graphql.schema import schema_sdl
from mentormatch.mentorships.models import Mentorship, MentorshipRequest
from mentormatch.notifications.models import Notification, NotificationKind
from mentormatch.notifications.service import notify
from mentormatch.profiles.service import update_profile
from mentormatch.profiles.validation import parse_profile_input
from tests.conftest import (
    NO_RATE_LIMITS,
    SECRET_KEY,
    TEMPLATE_DATABASE,
    GraphQL,
    PostgresServer,
    make_settings,
)
from tests.integration.feedback.conftest import LOG_SESSION, SUBMIT, today
from tests.integration.mentorships.conftest import ACCEPT, INVITE_MENTEE, REQUEST_MENTORSHIP, set_limits
from tests.integration.security.authz_table import (
    ACTORS,
    EMAILS,
    MUTATIONS,
    PASSWORD,
    ROWS,
    SIGNED_OUT,
    SUBSCRIPTION,
    Row,
    Scenario,
)
from tests.integration.security.authz_table import FIELDS as FIELD_ROWS
from tests.integration.security.authz_table import QUERIES as QUERY_ROWS
from tests.integration.security.authz_table import missing_rows as table_gaps

ORIGIN = "http://testserver"
# The matrix is about who may do what, not how often: limits out of the way, and room for its sweeps.
SETTINGS: dict[str, Any] = {
    "MENTORMATCH_GRAPHQL_MAX_COST": 1_000_000,
    **NO_RATE_LIMITS,
}
# What a request may touch without writing anything a user would notice: counters of the rate
# limits and of failed sign-ins, and the sessions' bookkeeping.
VOLATILE_TABLES = {"rate_limit_counters", "sign_in_failures", "alembic_version"}
PEOPLE = {
    "participant": "Pia Participant",
    "other": "Otto Other",
    "third": "Tess Third",
    "suspended": "Sam Suspended",
    "admin": "Ada Admin",
}
SECRETS = {
    "participant_contact": "pia-contact-c81f",
    "participant_comment": "pia-comment-a27d",
    "other_contact": "otto-contact-93be",
    "other_comment": "otto-comment-5d1e",
    "third_contact": "tess-contact-0c4d",
    "admin_note": "admin-note-77c2",
    "admin_hidden": "admin-hidden-4b0a",
    "admin_suspension": "admin-suspension-e613",
}


class Served:
    """The app on one database, HTTP and WebSockets in this event loop, kept running by a task of its
    own so that it outlives the test that started it."""

    def __init__(self, database_url: str, embedder: Embedder) -> None:
        self.app: Litestar = create_app(make_settings(database_url, **SETTINGS), embedder=embedder)
        self.http: httpx.AsyncClient
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> Served:
        ready = asyncio.Event()

        async def run() -> None:
            transport = ASGIWebSocketTransport(app=self.app)
            async with self.app.lifespan(), httpx.AsyncClient(transport=transport, base_url=ORIGIN) as http:
                self.http = http
                ready.set()
                await self._stop.wait()

        self._task = asyncio.create_task(run())
        waiting = asyncio.create_task(ready.wait())
        await asyncio.wait({self._task, waiting}, return_when=asyncio.FIRST_COMPLETED)
        if not ready.is_set():
            waiting.cancel()
            await self._task  # raises what stopped it
        return self

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            await self._task

    @property
    def gql(self) -> GraphQL:
        return GraphQL(self.http)  # type: ignore[arg-type]


@dataclass
class World:
    postgres: PostgresServer
    template: str
    scenario: Scenario
    embedder: Embedder

    async def clone(self) -> str:
        """A fresh copy of the scenario's database; returns its URL."""
        name = f"authz_{uuid.uuid4().hex[:10]}"
        admin = await asyncpg.connect(self.postgres.libpq_url("postgres"))
        try:
            await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        finally:
            await admin.close()
        return name


async def _ok(gql: GraphQL, document: str, variables: dict[str, Any], token: str) -> dict[str, Any]:
    data = await gql.data(document, variables, token=token)
    (payload,) = data.values()
    assert payload["errors"] == [], payload["errors"]
    result: dict[str, Any] = payload
    return result


async def build_scenario(postgres: PostgresServer, database: str, embedder: Embedder) -> Scenario:
    """The participant is mentored by the other (check-ins and sessions by both) and has invited them to
    be their mentee too (pending); the other reported the third and an admin resolved it with a note;
    the participant's report of the third is open; the suspended participant was hidden and suspended;
    the admin drafted a cohort proposal."""
    url = postgres.url(database)
    engine = create_engine(url, pool_size=4)
    db = create_sessionmaker(engine)
    ids: dict[str, str] = {}
    tokens: dict[str, str | None] = {"anonymous": None}
    profiles: dict[str, dict[str, Any]] = {
        "participant": {
            "seeksMentoring": True,
            "canMentor": True,
            "capacity": 3,
            "objectives": ["learn SQL", "present to a board"],
            "expertise": ["public speaking"],
            "contactNote": SECRETS["participant_contact"],
        },
        "other": {
            "seeksMentoring": True,
            "canMentor": True,
            "capacity": 5,
            "objectives": ["presenting to executives"],
            "expertise": ["SQL and databases", "data pipelines"],
            "contactNote": SECRETS["other_contact"],
        },
        "third": {
            "contactNote": SECRETS["third_contact"],
            "seeksMentoring": True,
            "canMentor": True,
            "capacity": 5,
            "objectives": ["public speaking"],
            "expertise": ["SQL reporting"],
        },
        "suspended": {
            "seeksMentoring": True,
            "canMentor": True,
            "capacity": 5,
            "objectives": ["public speaking"],
            "expertise": ["SQL tuning"],
        },
        "admin": {},
    }
    for actor, name in PEOPLE.items():
        signed_in = await accounts.register(
            db,
            email=EMAILS[actor],
            password=PASSWORD,
            display_name=name,
            client=f"test-{uuid.uuid4()}",
            signing_key=SECRET_KEY,
            ttl=timedelta(hours=2),
            limits=Limits.defaults(),
        )
        if profiles[actor]:
            changes = parse_profile_input(profiles[actor])
            await update_profile(db, embedder, user_id=signed_in.user.id, changes=changes)
        ids[actor], tokens[actor] = str(signed_in.user.id), signed_in.token
    async with db.begin() as session:
        await session.execute(text("UPDATE users SET is_admin = true WHERE id = :id"), {"id": ids["admin"]})
    await set_limits(db, max_mentors_per_mentee=5)

    served = await Served(url, embedder).start()
    try:
        gql = served.gql
        p, o, admin = tokens["participant"], tokens["other"], tokens["admin"]
        assert p and o and admin
        asked = await _ok(
            gql, REQUEST_MENTORSHIP, {"input": {"mentorId": ids["other"], "message": "Mentor me?"}}, p
        )
        accepted = await _ok(gql, ACCEPT, {"id": asked["request"]["id"]}, o)
        mentorship = accepted["request"]["mentorship"]["id"]
        invited = await _ok(
            gql, INVITE_MENTEE, {"input": {"menteeId": ids["other"], "message": "And I mentor you?"}}, p
        )
        feedback = {}
        for actor, token in (("participant", p), ("other", o)):
            # The participant (the mentee) says it is not a good fit: they are offered a re-match.
            check_in = {"mentorshipId": mentorship, "rating": 4, "goodFit": actor != "participant"}
            check_in["comment"] = SECRETS[f"{actor}_comment"]
            feedback[actor] = (await _ok(gql, SUBMIT, {"input": check_in}, token))["feedback"]["id"]
            logged = {"mentorshipId": mentorship, "heldOn": today().isoformat(), "minutes": 30}
            await _ok(gql, LOG_SESSION, {"input": {**logged, "note": f"{actor} met"}}, token)
        report = (
            "mutation($input: ReportInput!) { reportContent(input: $input) { report { id }"
            " errors { code } } }"
        )
        about_third = {"targetType": "USER", "targetId": ids["third"], "reason": "rude in chat"}
        resolved = (await _ok(gql, report, {"input": about_third}, o))["report"]["id"]
        await _ok(
            gql,
            "mutation($input: ResolveReportInput!) { resolveReport(input: $input) { errors { code } } }",
            {"input": {"id": resolved, "action": "NONE", "note": SECRETS["admin_note"]}},
            admin,
        )
        profile_of_third = {"targetType": "PROFILE", "targetId": ids["third"], "reason": "spam profile"}
        open_report = (await _ok(gql, report, {"input": profile_of_third}, p))["report"]["id"]
        # The suspended participant asked the third for mentoring before they were suspended, which
        # cancelled the request: the third's notification of it leads to them.
        suspended = tokens["suspended"]
        assert suspended
        await _ok(
            gql, REQUEST_MENTORSHIP, {"input": {"mentorId": ids["third"], "message": "Mentor me?"}}, suspended
        )
        await _ok(
            gql,
            "mutation($id: ID!, $r: String!) { hideProfile(id: $id, reason: $r) { errors { code } } }",
            {"id": ids["suspended"], "r": SECRETS["admin_hidden"]},
            admin,
        )
        await _ok(
            gql,
            "mutation($id: ID!, $r: String!) { suspendUser(id: $id, reason: $r) { errors { code } } }",
            {"id": ids["suspended"], "r": SECRETS["admin_suspension"]},
            admin,
        )
        proposal = (
            await _ok(
                gql,
                "mutation { proposeCohortMatches { proposal { id pairs { id } } errors { code } } }",
                {},
                admin,
            )
        )["proposal"]
    finally:
        await served.stop()

    by_user = {user_id: actor for actor, user_id in ids.items()}
    notifications: dict[str, set[str]] = {}
    requests: dict[str, dict[str, set[str]]] = {"incoming": {}, "outgoing": {}}
    mentorships: dict[str, set[str]] = {}
    async with db() as session:
        for note in await session.scalars(select(Notification)):
            notifications.setdefault(by_user[str(note.user_id)], set()).add(str(note.id))
        for request in await session.scalars(select(MentorshipRequest)):
            requests["incoming"].setdefault(by_user[str(request.recipient_id)], set()).add(str(request.id))
            requests["outgoing"].setdefault(by_user[str(request.sender_id)], set()).add(str(request.id))
        for row in await session.scalars(select(Mentorship)):
            for user_id in (row.mentor_id, row.mentee_id):
                mentorships.setdefault(by_user[str(user_id)], set()).add(str(row.id))
    await engine.dispose()
    return Scenario(
        ids=ids,
        tokens=tokens,
        mentorship=mentorship,
        accepted_request=asked["request"]["id"],
        pending_request=invited["request"]["id"],
        feedback=feedback,
        open_report=open_report,
        resolved_report=resolved,
        proposal=proposal["id"],
        proposal_pairs=[pair["id"] for pair in proposal["pairs"]],
        notifications=notifications,
        requests=requests,
        mentorships=mentorships,
        secrets=SECRETS,
    )


@pytest.fixture(scope="module")
async def world(postgres: PostgresServer, embedder: Embedder) -> World:
    template = f"authz_template_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(postgres.libpq_url("postgres"))
    try:
        await admin.execute(f'CREATE DATABASE "{template}" TEMPLATE "{TEMPLATE_DATABASE}"')
    finally:
        await admin.close()
    scenario = await build_scenario(postgres, template, embedder)
    return World(postgres, template, scenario, embedder)


class Copies:
    """The app on a fresh copy of the scenario per row that lets someone write (kept while that row's
    cells run); the rows where every actor is refused share one copy, since none of them writes."""

    SHARED = "rows that nobody may write"

    def __init__(self, world: World) -> None:
        self.world = world
        self.row: str | None = None
        self.served: Served | None = None
        self.database = ""
        self.connection: asyncpg.Connection | None = None
        self.tables: list[str] = []
        self.last: dict[str, str] | None = None  # the copy's digest after the last denied cell
        # The next copy, made while the current row runs (copying is mostly waiting on the disk).
        self.spare: asyncio.Task[str] | None = None

    async def of(self, row: Row) -> Served:
        key = row.name if any(row.may_write(actor) for actor in ACTORS) else self.SHARED
        if self.row != key:
            await self.close()
            self.database = await (self.spare or asyncio.create_task(self.world.clone()))
            self.spare = asyncio.create_task(self.world.clone())
            self.served = await Served(self.world.postgres.url(self.database), self.world.embedder).start()
            self.row, self.last = key, None
        assert self.served is not None
        return self.served

    async def close(self, *, last: bool = False) -> None:
        if last and self.spare is not None:
            await self.spare
        if self.connection is not None:
            await self.connection.close()
            self.connection = None
        if self.served is not None:
            await self.served.stop()
            self.served, self.row = None, None

    async def fingerprint(self) -> dict[str, str]:
        """A digest of every table's rows, but the counters no user sees."""
        if self.connection is None:
            self.connection = await asyncpg.connect(self.world.postgres.libpq_url(self.database))
            rows = await self.connection.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            self.tables = sorted(r["tablename"] for r in rows if r["tablename"] not in VOLATILE_TABLES)
        digests = await self.connection.fetch(
            " UNION ALL ".join(
                f"SELECT '{t}' AS t, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS d"
                f' FROM "{t}" x'
                for t in self.tables
            )
        )
        return {r["t"]: r["d"] for r in digests}


@pytest.fixture(scope="module")
async def copies(world: World) -> AsyncIterator[Copies]:
    pool = Copies(world)
    yield pool
    await pool.close(last=True)


@pytest.fixture(scope="module")
async def queries_app(world: World) -> AsyncIterator[Served]:
    """The app on one copy of the scenario for every read-only row (reads change nothing)."""
    served = await Served(world.postgres.url(await world.clone()), world.embedder).start()
    yield served
    await served.stop()


def dig(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if data is None:
            return None
        data = data[key]
    return data


def outcome(body: dict[str, Any], row: Row, scenario: Scenario, actor: str) -> str:
    """What this actor met, in the table's words."""
    if body.get("errors"):
        return str(body["errors"][0].get("extensions", {}).get("code", body["errors"][0]["message"]))
    root = row.root.split(".")[1]
    value = dig(body["data"], row.path or (root,))
    if not row.path and isinstance(value, dict) and value.get("errors"):
        return str(value["errors"][0]["code"])
    if row.observe is not None:
        return row.observe(value, scenario, actor)
    if value is None:
        return "NULL"
    if value == []:
        return "EMPTY"
    return "OK"


def cell_id(row: Row, actor: str) -> str:
    return f"{row.name}-{actor}"


def cells_of(rows: list[Row]) -> list[Any]:
    return [
        pytest.param(row, actor, id=cell_id(row, actor)) for row in rows for actor in row.actors_in_order()
    ]


async def run(gql: GraphQL, row: Row, scenario: Scenario, actor: str) -> str:
    body = await gql(row.document, row.variables(scenario, actor), token=scenario.tokens.get(actor))
    assert body["_status"] < 500, body
    return outcome(body, row, scenario, actor)


@pytest.mark.parametrize(("row", "actor"), cells_of([*QUERY_ROWS, *FIELD_ROWS]))
async def test_read(queries_app: Served, world: World, row: Row, actor: str) -> None:
    assert await run(queries_app.gql, row, world.scenario, actor) == row.expect[actor]


@pytest.mark.parametrize(("row", "actor"), cells_of(MUTATIONS))
async def test_write(copies: Copies, world: World, row: Row, actor: str) -> None:
    served = await copies.of(row)
    expected = row.expect[actor]
    if row.may_write(actor):
        assert await run(served.gql, row, world.scenario, actor) == expected
        return
    # The row's denied cells run one after another on its copy: each one's "after" is the next "before".
    before, copies.last = copies.last or await copies.fingerprint(), None
    assert await run(served.gql, row, world.scenario, actor) == expected
    after = copies.last = await copies.fingerprint()
    changed = sorted(table for table in before if before[table] != after.get(table))
    assert changed == [], f"a denied {row.name} as {actor} wrote to {changed}"


@pytest.mark.parametrize("actor", SUBSCRIPTION.actors_in_order())
async def test_subscription(copies: Copies, world: World, actor: str) -> None:
    """Each actor subscribes; a notification for the participant reaches the participant only."""
    served = await copies.of(SUBSCRIPTION)
    scenario = world.scenario
    token = scenario.tokens.get(actor)
    async with aconnect_ws("/graphql", served.http, subprotocols=[GRAPHQL_TRANSPORT_WS_PROTOCOL]) as ws:
        await ws.send_json({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}})
        assert (await ws.receive_json(timeout=5))["type"] == "connection_ack"
        query = {"query": SUBSCRIPTION.document}
        await ws.send_json({"type": "subscribe", "id": "1", "payload": query})
        hub = served.app.state.resources.hub
        # Someone signed in is listening once the hub has them (the protocol has no ack for that).
        user_id = None if actor in SIGNED_OUT else uuid.UUID(scenario.ids[actor])
        for _ in range(500):
            if user_id is None or hub.subscriber_count(user_id) == 1:
                break
            await asyncio.sleep(0.01)
        else:
            raise AssertionError(f"{actor} was never subscribed")
        # One notification for the participant, then (for anyone else signed in) one for the listener:
        # delivered in commit order, the listener's own arriving first proves the other never came.
        engine = create_engine(world.postgres.url(copies.database), pool_size=1)
        sent: dict[uuid.UUID, str] = {}
        try:
            recipients = [scenario.ids["participant"]]
            if user_id is not None and actor != "participant":
                recipients.append(str(user_id))
            for recipient in recipients:
                async with create_sessionmaker(engine).begin() as session:
                    made = await notify(
                        session,
                        user_id=uuid.UUID(recipient),
                        kind=NotificationKind.REQUEST_RECEIVED,
                        message=f"for {recipient}, while {actor} listens",
                    )
                sent[made] = "RECEIVED" if recipient == scenario.ids["participant"] else "NOTHING"
        finally:
            await engine.dispose()
        seen = "NOTHING (no message at all)"
        with contextlib.suppress(TimeoutError, asyncio.TimeoutError):
            message = await ws.receive_json(timeout=5)
            if message["type"] == "error":
                seen = message["payload"][0]["extensions"]["code"]
            elif message["type"] == "next":
                received = message["payload"]["data"]["notificationReceived"]
                seen = sent.get(uuid.UUID(received["id"]), "ANOTHER")
    assert seen == SUBSCRIPTION.expect[actor]


def test_every_root_field_and_sensitive_field_has_a_row() -> None:
    """The table covers the schema as it is: a new operation, or a new field of a sensitive type,
    without a row (or a public mark) fails here, by name."""
    assert table_gaps(build_sdl_schema(schema_sdl()), ROWS) == []
    assert len({row.name for row in ROWS}) == len(ROWS), "row names must be unique"
    assert all(set(row.expect) == set(ACTORS) for row in ROWS)


def test_the_completeness_check_reports_a_new_field_without_a_row() -> None:
    """Proof that the check above can fail: a schema with one more root field, one more mutation and
    one more field on a sensitive type is reported for each."""
    extended = build_sdl_schema(
        schema_sdl()
        + "extend type Query { everyonesEmails: [String!]! }\n"
        + "extend type Mutation { deleteAnyone(id: ID!): Boolean! }\n"
        + "extend type User { homeAddress: String }\n"
    )
    assert table_gaps(extended, ROWS) == [
        "Query.everyonesEmails",
        "Mutation.deleteAnyone",
        "User.homeAddress",
    ]
