"""No notification names or links a person who is not a participant of the request or mentorship it is
about: not through its actor, its message, or anything reachable from its request or mentorship.

One scenario produces every kind of notification, cancellations through both limits included (a mentor
filled by a mentee who accepted an invitation, a mentee who reached their most mentors through a
mentor's accept: in both, the acceptor is a stranger to the requests that are cancelled). The rule is
then checked on every row in the database and on every notification as its owner sees it in GraphQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, text

from mentormatch.accounts.models import User
from mentormatch.mentorships.models import Mentorship, MentorshipRequest
from mentormatch.mentorships.service import remind_expiring_requests
from mentormatch.notifications.models import Notification, NotificationKind
from mentormatch.settings import Settings
from tests.conftest import GraphQL, make_settings
from tests.integration.mentorships.conftest import (
    ACCEPT,
    DECLINE,
    END,
    INVITE_MENTEE,
    WITHDRAW,
    Db,
    Person,
    expire_now,
    set_limits,
)
from tests.integration.mentorships.test_requests import answer, ask

USER = "id displayName"
REQUEST = f"id mentor {{ {USER} }} mentee {{ {USER} }} sender {{ {USER} }} recipient {{ {USER} }}"
MENTORSHIP = (
    f"id mentor {{ {USER} }} mentee {{ {USER} }} endedBy {{ {USER} }}"
    f" feedback {{ rating comment author {{ {USER} }} }} sessions {{ loggedBy {{ {USER} }} }}"
)
EVERYTHING_REACHABLE = f"""
{{ notifications(first: 50) {{ edges {{ node {{
  id kind message actor {{ {USER} }}
  request {{ {REQUEST} mentorship {{ {MENTORSHIP} request {{ {REQUEST} }} }} }}
  mentorship {{ {MENTORSHIP} request {{ {REQUEST} mentorship {{ {MENTORSHIP} }} }} }}
}} }} }} }}"""


@pytest.fixture
def settings(database_url: str) -> Settings:
    """EVERYTHING_REACHABLE reads every path at once, over the default cost budget: a budget for this
    sweep alone (the limit itself is tested in tests/integration/security)."""
    return make_settings(database_url, MENTORMATCH_GRAPHQL_MAX_COST=1_000_000)


REPORT = """
mutation($input: ReportInput!) { reportContent(input: $input) { report { id } errors { code } } }"""
RESOLVE = """
mutation($input: ResolveReportInput!) { resolveReport(input: $input) { errors { code } } }"""
SUBMIT_FEEDBACK = """
mutation($input: FeedbackInput!) { submitFeedback(input: $input) { errors { code field } } }"""


async def invite(gql: GraphQL, token: str, mentee_id: uuid.UUID) -> str:
    variables = {"input": {"menteeId": str(mentee_id), "message": "Let me help."}}
    payload = (await gql.data(INVITE_MENTEE, variables, token=token))["inviteMentee"]
    assert payload["errors"] == []
    request_id: str = payload["request"]["id"]
    return request_id


async def requested(gql: GraphQL, token: str, mentor_id: uuid.UUID) -> str:
    payload = await ask(gql, token, mentor_id)
    assert payload["errors"] == []
    request_id: str = payload["request"]["id"]
    return request_id


async def ok(gql: GraphQL, query: str, token: str, request_id: str) -> dict[str, Any]:
    payload = await answer(gql, query, token, request_id)
    assert payload["errors"] == []
    return payload


async def every_kind_of_notification(gql: GraphQL, person: Person, db: Db) -> dict[uuid.UUID, str]:
    """Run the scenario; returns every participant's bearer token by user id."""
    tokens: dict[uuid.UUID, str] = {}

    async def someone(name: str, **profile: Any) -> uuid.UUID:
        user_id, token = await person(name, **profile)
        tokens[user_id] = token
        return user_id

    # Display names no one else's contains, so a name found in a message is that person's.
    alma = await someone("Alma Quill", canMentor=True, capacity=1)
    bruno = await someone("Bruno Vale", canMentor=True, capacity=3)
    cora = await someone("Cora Wynn", canMentor=True, capacity=3)
    dev = await someone("Dev Oyelaran", canMentor=True, capacity=3)
    mina = await someone("Mina Holt", seeksMentoring=True)
    nils = await someone("Nils Farrow", seeksMentoring=True)
    omar = await someone("Omar Teague", seeksMentoring=True)
    pia = await someone("Pia Ludlow", seeksMentoring=True)

    # The mentor's capacity, filled by a mentee who accepts an invitation: Nils's pending request to
    # Alma is cancelled, and both Nils and Alma are told; Mina is a stranger to that request.
    invitation = await invite(gql, tokens[alma], mina)
    passed_over = await requested(gql, tokens[nils], alma)
    started = await ok(gql, ACCEPT, tokens[mina], invitation)

    # Mina says it is not a good fit: she is offered a re-match. Alma's check-in falls due while nobody
    # looks (announced when she next reads her notifications).
    check_in = {
        "input": {"mentorshipId": started["request"]["mentorship"]["id"], "rating": 2, "goodFit": False}
    }
    assert (await gql.data(SUBMIT_FEEDBACK, check_in, token=tokens[mina]))["submitFeedback"]["errors"] == []
    async with db.begin() as session:
        await session.execute(
            text("UPDATE mentorships SET started_at = now() - interval '15 days' WHERE id = :id"),
            {"id": uuid.UUID(started["request"]["mentorship"]["id"])},
        )

    # The mentee's most mentors at once (1), reached by a mentor's accept: Omar's request to Cora is
    # cancelled, and Cora is told; Bruno is a stranger to that request.
    to_bruno = await requested(gql, tokens[omar], bruno)
    to_cora = await requested(gql, tokens[omar], cora)
    accepted = await ok(gql, ACCEPT, tokens[bruno], to_bruno)

    # Declined, withdrawn, expired.
    await ok(gql, DECLINE, tokens[dev], await requested(gql, tokens[pia], dev))
    await ok(gql, WITHDRAW, tokens[pia], await requested(gql, tokens[pia], dev))
    await expire_now(db, await requested(gql, tokens[pia], dev))
    # About to expire: its recipient is reminded, naming only its sender.
    soon = await requested(gql, tokens[pia], dev)
    async with db.begin() as session:
        await session.execute(
            text("UPDATE mentorship_requests SET expires_at = now() + interval '2 hours' WHERE id = :id"),
            {"id": uuid.UUID(str(soon))},
        )
        assert await remind_expiring_requests(session, within=timedelta(hours=24)) == 1

    # Ended, and feedback due on both sides.
    end = {"input": {"id": accepted["request"]["mentorship"]["id"], "outcome": "COMPLETED"}}
    assert (await gql.data(END, end, token=tokens[omar]))["endMentorship"]["errors"] == []

    # Pia reports Dev; an admin reviews it: Pia is told, without a word about Dev or the admin.
    admin = await someone("Ada Admin")
    async with db.begin() as session:
        await session.execute(text("UPDATE users SET is_admin = true WHERE id = :id"), {"id": admin})
    report = {"input": {"targetType": "USER", "targetId": str(dev), "reason": "Rude in a decline"}}
    reported = (await gql.data(REPORT, report, token=tokens[pia]))["reportContent"]
    assert reported["errors"] == []
    resolve = {"input": {"id": reported["report"]["id"], "action": "NONE"}}
    assert (await gql.data(RESOLVE, resolve, token=tokens[admin]))["resolveReport"]["errors"] == []

    # The first read of Dev's notifications expires Pia's overdue request; the first read of each
    # participant's announces the check-ins due (Alma's).
    for token in tokens.values():
        await gql.data(EVERYTHING_REACHABLE, token=token)

    async with db() as session:
        cancelled = {
            n.request_id
            for n in await session.scalars(
                select(Notification).where(Notification.kind == NotificationKind.REQUEST_CANCELLED)
            )
        }
    assert {str(request_id) for request_id in cancelled} == {passed_over, to_cora}
    return tokens


def participants_of(
    request: MentorshipRequest | None, mentorship: Mentorship | None, row: Notification
) -> set[uuid.UUID]:
    """The two people a notification's subject is about; its request and mentorship, if both, agree. A
    report's outcome is about the reporter's own report only: it may name no one but them."""
    if row.kind is NotificationKind.REPORT_RESOLVED:
        assert request is None and mentorship is None
        return {row.user_id}
    pairs = [
        {subject.mentor_id, subject.mentee_id} for subject in (request, mentorship) if subject is not None
    ]
    assert pairs, "a notification about nothing"
    assert all(pair == pairs[0] for pair in pairs), "request and mentorship of different people"
    return pairs[0]


def named_in(message: str, names: dict[uuid.UUID, str]) -> set[uuid.UUID]:
    return {user_id for user_id, name in names.items() if name in message}


def users_in(value: Any) -> Iterator[str]:
    """The ids of every user object anywhere in a GraphQL result."""
    if isinstance(value, dict):
        if "displayName" in value:
            yield value["id"]
        for item in value.values():
            yield from users_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from users_in(item)


def feedback_in(value: Any) -> Iterator[dict[str, Any]]:
    """Every check-in anywhere in a GraphQL result."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "feedback":
                yield from item
            else:
                yield from feedback_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from feedback_in(item)


async def test_no_notification_reveals_a_third_party(gql: GraphQL, person: Person, db: Db) -> None:
    await set_limits(db, max_pending_requests=5, max_mentors_per_mentee=1)
    tokens = await every_kind_of_notification(gql, person, db)

    async with db() as session:
        names = {
            row.id: row.display_name for row in await session.execute(select(User.id, User.display_name))
        }
        requests = {r.id: r for r in await session.scalars(select(MentorshipRequest))}
        mentorships = {m.id: m for m in await session.scalars(select(Mentorship))}
        rows = list(await session.scalars(select(Notification)))
    assert {row.kind for row in rows} == set(NotificationKind), "the scenario misses a kind"

    # The rows, as stored.
    allowed: dict[uuid.UUID, set[uuid.UUID]] = {}
    for row in rows:
        request = requests[row.request_id] if row.request_id else None
        mentorship = mentorships[row.mentorship_id] if row.mentorship_id else None
        people = participants_of(request, mentorship, row)
        where = f"{row.kind.value} to {names[row.user_id]}: {row.message!r}"
        assert row.user_id in people, where
        assert row.actor_id is None or row.actor_id in people, f"{where} names actor {names[row.actor_id]}"
        assert named_in(row.message, names) <= people, where
        allowed[row.id] = people

    # The same notifications as their owners see them, with everything reachable from them.
    owners = {row.id: row.user_id for row in rows}
    seen = 0
    for token in tokens.values():
        edges = (await gql.data(EVERYTHING_REACHABLE, token=token))["notifications"]["edges"]
        for edge in edges:
            node = edge["node"]
            people = {str(user_id) for user_id in allowed[uuid.UUID(node["id"])]}
            assert set(users_in(node)) <= people, f"{node['kind']}: {node['message']!r} reaches a stranger"
            owner = str(owners[uuid.UUID(node["id"])])
            authors = {f["author"]["id"] for f in feedback_in(node)}
            assert authors <= {owner}, f"{node['kind']}: reaches the other side's check-in"
            seen += 1
    assert seen == len(rows)
