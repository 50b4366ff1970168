"""What a page costs the database: a page of 50 items runs the same statements as a page of 5, however
many related rows (people, their profiles, requests, mentorships) each item shows; and the per-request
loaders that make it so never show a long-lived connection what it read earlier."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import event, select

from mentormatch.accounts.models import User
from mentormatch.embeddings import Embedder
from mentormatch.mentorships import service as mentorships
from mentormatch.notifications.models import NotificationKind
from mentormatch.notifications.service import notify
from mentormatch.profiles.bulk import import_participants
from tests.conftest import GraphQL
from tests.integration.mentorships.conftest import Db, Person, ask, db, person, set_profile
from tests.integration.notifications.conftest import eventually
from tests.integration.notifications.test_subscription import Serve, serve

__all__ = ["db", "person", "serve"]

# The statements of the operation being measured go here; anything the server runs meanwhile in the
# background (its own tasks were started before this is set) is not counted.
_measured: ContextVar[list[str] | None] = ContextVar("measured", default=None)

MATCHES = """
query($first: Int) {
  mentorMatches(first: $first) {
    totalCount
    edges { node { score mentor { id displayName email profile { expertise skills { name } contactNote } } } }
  }
}"""
MENTEE_MATCHES = """
query($first: Int) {
  menteeMatches(first: $first) {
    totalCount
    edges { node { score mentee { id displayName email profile { objectives contactNote } } } }
  }
}"""
INCOMING = """
query($first: Int) {
  incomingMentorshipRequests(first: $first) {
    totalCount
    edges { node {
      id status
      sender { displayName email profile { headline contactNote } }
      mentee { email profile { headline contactNote } }
      mentorship { id mentee { profile { headline } } request { id } }
    } }
  }
}"""
MENTORSHIPS = """
query($first: Int) {
  myMentorships(first: $first) {
    totalCount
    edges { node {
      id mentee { displayName email profile { headline contactNote } } request { id sender { id email } }
    } }
  }
}"""
NOTIFICATIONS = """
query($first: Int) {
  notifications(first: $first) {
    unreadCount
    edges { node { id kind actor { profile { headline } } request { id sender { profile { headline } } } } }
  }
}"""


@pytest.fixture
def statements(client: AsyncTestClient[Any]) -> Iterator[None]:
    """Record in `_measured` every statement the app sends to PostgreSQL."""
    engine = client.app.state.resources.engine.sync_engine

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if (measured := _measured.get()) is not None:
            measured.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    yield
    event.remove(engine, "before_cursor_execute", record)


async def statements_for(gql: GraphQL, query: str, first: int, token: str, key: str) -> list[str]:
    """The statements one page of `first` items costs; the page must come back full."""
    measured: list[str] = []
    reset = _measured.set(measured)
    try:
        data = await gql.data(query, {"first": first}, token=token)
    finally:
        _measured.reset(reset)
    assert len(data[key]["edges"]) == first
    return measured


async def assert_constant_cost(gql: GraphQL, query: str, token: str, key: str) -> None:
    small = await statements_for(gql, query, 5, token, key)
    large = await statements_for(gql, query, 50, token, key)
    assert len(large) == len(small), f"5 items: {len(small)} statements, 50 items:\n" + "\n".join(large)


async def import_people(
    db: Db, embedder: Embedder, prefix: str, count: int, profile: Callable[[int], dict[str, Any]]
) -> list[uuid.UUID]:
    """`count` participants (no password), `profile(n)` the n-th one's, imported as operators load a
    programme; their ids in the order of n."""
    lines = [
        json.dumps({"email": f"{prefix}{n:03}@example.com", "displayName": f"{prefix} {n}", **profile(n)})
        for n in range(count)
    ]
    summary = await import_participants(db, embedder, lines)
    assert summary.created == count, summary
    async with db() as session:
        return list(
            await session.scalars(select(User.id).where(User.email.like(f"{prefix}%")).order_by(User.email))
        )


async def test_a_page_of_mentor_matches_costs_the_same_as_a_short_one(
    gql: GraphQL, person: Person, db: Db, embedder: Embedder, statements: None
) -> None:
    await import_people(
        db,
        embedder,
        "mentor",
        60,
        lambda n: {
            "canMentor": True,
            "expertise": [f"Python data pipelines, part {n}", f"SQL query tuning, lesson {n}"],
            "skills": [{"name": "Python", "level": 4}, {"name": f"Tool {n}", "level": 3}],
        },
    )
    _, mentee = await person(
        "Mentee Max",
        seeksMentoring=True,
        objectives=["build data pipelines in Python", "make SQL queries faster", "learn data engineering"],
        skills=[{"name": "Python", "level": 2}],
    )
    await assert_constant_cost(gql, MATCHES, mentee, "mentorMatches")


async def test_a_page_of_mentee_matches_costs_the_same_as_a_short_one(
    gql: GraphQL, person: Person, db: Db, embedder: Embedder, statements: None
) -> None:
    await import_people(
        db,
        embedder,
        "mentee",
        60,
        lambda n: {
            "seeksMentoring": True,
            "objectives": [f"build data pipelines in Python, part {n}", f"tune SQL queries, lesson {n}"],
            "skills": [{"name": "Python", "level": 1}],
            "contactNote": f"Chat handle mentee{n}",
        },
    )
    _, mentor = await person(
        "Mentor Mia",
        canMentor=True,
        expertise=["Python data pipelines", "SQL query tuning"],
        skills=[{"name": "Python", "level": 5}],
    )
    await assert_constant_cost(gql, MENTEE_MATCHES, mentor, "menteeMatches")


async def test_pages_of_requests_mentorships_and_notifications_cost_the_same_as_short_ones(
    gql: GraphQL, person: Person, db: Db, embedder: Embedder, statements: None
) -> None:
    mentor_id, mentor = await person("Mentor Mia", canMentor=True)
    await set_profile(db, mentor_id, capacity=100)
    mentees = await import_people(
        db, embedder, "mentee", 55, lambda n: {"seeksMentoring": True, "headline": f"Analyst number {n}"}
    )
    requests = [await ask(db, mentee_id, mentor_id) for mentee_id in mentees]
    await assert_constant_cost(gql, INCOMING, mentor, "incomingMentorshipRequests")
    await assert_constant_cost(gql, NOTIFICATIONS, mentor, "notifications")
    for request in requests:
        await mentorships.accept_request(db, viewer_id=mentor_id, request_id=request.id)
    # Accepted, each request now also shows its mentorship and that mentorship's people.
    await assert_constant_cost(gql, INCOMING, mentor, "incomingMentorshipRequests")
    await assert_constant_cost(gql, MENTORSHIPS, mentor, "myMentorships")


async def test_a_live_notification_shows_people_as_they_are_when_it_arrives(
    serve: Serve, person: Person, db: Db
) -> None:
    ada_id, ada = await person("Ada")
    bob_id, _ = await person("Bob", headline="Before")

    async def bob_notifies_ada() -> None:
        async with db.begin() as session:
            await notify(
                session, user_id=ada_id, kind=NotificationKind.REQUEST_RECEIVED, message="Hi", actor_id=bob_id
            )

    async with serve() as app, app.live() as connection:
        await connection.init({"authorization": f"Bearer {ada}"})
        await connection.subscribe("subscription { notificationReceived { actor { profile { headline } } } }")
        await eventually(lambda: app.hub.subscriber_count(ada_id) == 1)
        headlines = []
        for headline in ("Before", "After"):
            await set_profile(db, bob_id, headline=headline)
            await bob_notifies_ada()
            message = await connection.receive()
            headlines.append(
                message["payload"]["data"]["notificationReceived"]["actor"]["profile"]["headline"]
            )
    # One connection, one context: a loader that remembered Bob's profile would say "Before" twice.
    assert headlines == ["Before", "After"]
