"""Requests and invitations through GraphQL: who may send what to whom, who may answer, what each side
is told, and that repeating an answer changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mentormatch.mentorships.models import Mentorship, MentorshipRequest
from tests.conftest import GraphQL
from tests.integration.mentorships.conftest import (
    ACCEPT,
    DECLINE,
    INVITE_MENTEE,
    REQUEST_MENTORSHIP,
    WITHDRAW,
    Db,
    Person,
    active_mentees,
    count_rows,
    notifications_of,
    set_profile,
    set_user,
)

INCOMING = """
query($status: [RequestStatus!], $first: Int, $after: String) {
  incomingMentorshipRequests(status: $status, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id status sender { displayName } } }
  }
}"""
OUTGOING = """
query($status: [RequestStatus!]) {
  outgoingMentorshipRequests(status: $status) { totalCount edges { node { id status } } }
}"""
ONE_REQUEST = "query($id: ID!) { mentorshipRequest(id: $id) { id status mentee { displayName } } }"


async def ask(gql: GraphQL, token: str, mentor_id: Any, **extra: Any) -> dict[str, Any]:
    """requestMentorship's payload."""
    variables = {"mentorId": str(mentor_id), "message": "Would you mentor me?", **extra}
    return (await gql.data(REQUEST_MENTORSHIP, {"input": variables}, token=token))["requestMentorship"]


async def answer(gql: GraphQL, query: str, token: str, request_id: str, **extra: Any) -> dict[str, Any]:
    """The payload of accept, decline or withdraw."""
    data = await gql.data(query, {"id": request_id, **extra}, token=token)
    return next(iter(data.values()))


def codes(payload: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(e["code"], e["field"]) for e in payload["errors"]]


async def test_a_request_reaches_the_mentor_who_accepts_it(gql: GraphQL, person: Person, db: Db) -> None:
    mentor_id, mentor = await person("Mentor Mia", canMentor=True, capacity=2)
    mentee_id, mentee = await person("Mentee Max", seeksMentoring=True)

    sent = await ask(gql, mentee, mentor_id, objectives=["  learn   SQL ", "present to a board"])
    assert sent["errors"] == []
    request = sent["request"]
    assert request["status"] == "PENDING"
    assert request["initiator"] == "MENTEE"
    assert request["sender"]["id"] == str(mentee_id)
    assert request["recipient"]["id"] == str(mentor_id)
    assert request["mentor"]["displayName"] == "Mentor Mia"
    assert request["objectives"] == ["learn SQL", "present to a board"]
    assert request["mentorship"] is None
    expires = datetime.fromisoformat(request["expiresAt"])
    assert abs(expires - (datetime.now(UTC) + timedelta(days=14))) < timedelta(minutes=1)

    incoming = (await gql.data(INCOMING, token=mentor))["incomingMentorshipRequests"]
    assert incoming["totalCount"] == 1
    assert incoming["edges"][0]["node"]["sender"]["displayName"] == "Mentee Max"
    assert (await gql.data(INCOMING, token=mentee))["incomingMentorshipRequests"]["totalCount"] == 0
    outgoing = (await gql.data(OUTGOING, token=mentee))["outgoingMentorshipRequests"]
    assert [e["node"]["id"] for e in outgoing["edges"]] == [request["id"]]
    received = await notifications_of(db, mentor_id)
    assert [(n.kind.value, n.actor_id, str(n.request_id)) for n in received] == [
        ("REQUEST_RECEIVED", mentee_id, request["id"])
    ]
    assert "Mentee Max" in received[0].message

    accepted = await answer(gql, ACCEPT, mentor, request["id"])
    assert accepted["errors"] == []
    assert accepted["request"]["status"] == "ACCEPTED"
    assert accepted["request"]["decidedAt"] is not None
    mentorship = accepted["request"]["mentorship"]
    assert mentorship["status"] == "ACTIVE"
    assert (mentorship["mentor"]["id"], mentorship["mentee"]["id"]) == (str(mentor_id), str(mentee_id))
    assert mentorship["request"]["id"] == request["id"]
    assert await active_mentees(db, mentor_id) == 1
    told = await notifications_of(db, mentee_id)
    assert [(n.kind.value, str(n.mentorship_id)) for n in told] == [("REQUEST_ACCEPTED", mentorship["id"])]


async def test_a_mentor_invites_a_mentee_who_accepts(gql: GraphQL, person: Person, db: Db) -> None:
    mentor_id, mentor = await person("Mentor Mia", canMentor=True, capacity=1)
    mentee_id, mentee = await person("Mentee Max", seeksMentoring=True)
    invited = (
        await gql.data(
            INVITE_MENTEE, {"input": {"menteeId": str(mentee_id), "message": "Let me help."}}, token=mentor
        )
    )["inviteMentee"]
    assert invited["errors"] == []
    assert invited["request"]["initiator"] == "MENTOR"
    assert invited["request"]["recipient"]["id"] == str(mentee_id)
    assert [n.kind.value for n in await notifications_of(db, mentee_id)] == ["REQUEST_RECEIVED"]

    # Only the recipient answers: the mentor who sent it cannot accept it themself.
    assert codes(await answer(gql, ACCEPT, mentor, invited["request"]["id"])) == [("FORBIDDEN", None)]
    accepted = await answer(gql, ACCEPT, mentee, invited["request"]["id"])
    assert accepted["errors"] == []
    assert accepted["request"]["mentorship"]["status"] == "ACTIVE"
    assert await active_mentees(db, mentor_id) == 1
    assert [n.kind.value for n in await notifications_of(db, mentor_id)] == ["REQUEST_ACCEPTED"]


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("self", ("INVALID_INPUT", "mentorId")),
        ("suspended", ("NOT_FOUND", "mentorId")),
        ("hidden", ("NOT_FOUND", "mentorId")),
        ("unknown", ("NOT_FOUND", "mentorId")),
        ("malformed id", ("NOT_FOUND", "mentorId")),
        ("not accepting", ("NOT_ACCEPTING", "mentorId")),
        ("not a mentor", ("NOT_ACCEPTING", "mentorId")),
        ("no profile", ("NOT_ACCEPTING", "mentorId")),
        ("at capacity", ("CAPACITY_REACHED", None)),
        ("sender hidden", ("FORBIDDEN", None)),
    ],
)
async def test_requests_the_rules_refuse(
    gql: GraphQL, person: Person, db: Db, case: str, expected: tuple[str, str | None]
) -> None:
    mentor_id, _ = await person("Mentor Mia", canMentor=True, capacity=1)
    mentee_id, mentee = await person("Mentee Max", seeksMentoring=True, canMentor=True)
    target: Any = mentor_id
    if case == "self":
        target = mentee_id
    elif case == "suspended":
        await set_user(db, mentor_id, suspended_at=datetime.now(UTC))
    elif case == "hidden":
        await set_profile(db, mentor_id, hidden_at=datetime.now(UTC))
    elif case == "unknown":
        target = "00000000-0000-4000-8000-000000000000"
    elif case == "malformed id":
        target = "not-an-id"
    elif case == "not accepting":
        await set_profile(db, mentor_id, accepting_requests=False)
    elif case == "not a mentor":
        await set_profile(db, mentor_id, can_mentor=False)
    elif case == "no profile":
        target, _ = await person("Plain Pat")
    elif case == "at capacity":
        await set_profile(db, mentor_id, active_mentees=1)
    elif case == "sender hidden":
        await set_profile(db, mentee_id, hidden_at=datetime.now(UTC))

    refused = await ask(gql, mentee, target)
    assert refused["request"] is None
    assert codes(refused) == [expected]
    assert await count_rows(db, MentorshipRequest) == 0
    assert await notifications_of(db, mentor_id) == []


@pytest.mark.parametrize(
    ("message", "objectives", "fields"),
    [
        ("   ", None, ["message"]),
        ("x" * 1001, None, ["message"]),
        ("hi\u0007", None, ["message"]),
        ("ok", ["fine", "y" * 301], ["objectives[1]"]),
        ("ok", ["learn SQL", "Learn  sql"], ["objectives[1]"]),
        ("ok", ["", "fine"], ["objectives[0]"]),
        ("ok", [f"objective {n}" for n in range(11)], ["objectives"]),
        ("", ["x" * 301], ["message", "objectives[0]"]),
    ],
)
async def test_invalid_request_input_names_each_field(
    gql: GraphQL, person: Person, db: Db, message: str, objectives: list[str] | None, fields: list[str]
) -> None:
    mentor_id, _ = await person("Mentor Mia", canMentor=True)
    _, mentee = await person("Mentee Max")
    refused = await ask(gql, mentee, mentor_id, message=message, objectives=objectives)
    assert [(e["code"], e["field"]) for e in refused["errors"]] == [("INVALID_INPUT", f) for f in fields]
    assert await count_rows(db, MentorshipRequest) == 0


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("viewer not a mentor", ("FORBIDDEN", None)),
        ("viewer at capacity", ("CAPACITY_REACHED", None)),
        ("invitee not seeking", ("NOT_ACCEPTING", "menteeId")),
        ("invitee hidden", ("NOT_FOUND", "menteeId")),
        ("invitee suspended", ("NOT_FOUND", "menteeId")),
        ("self", ("INVALID_INPUT", "menteeId")),
    ],
)
async def test_invitations_the_rules_refuse(
    gql: GraphQL, person: Person, db: Db, case: str, expected: tuple[str, str | None]
) -> None:
    mentor_id, mentor = await person("Mentor Mia", canMentor=True, capacity=1)
    mentee_id, _ = await person("Mentee Max", seeksMentoring=True)
    target = mentor_id if case == "self" else mentee_id
    if case == "viewer not a mentor":
        await set_profile(db, mentor_id, can_mentor=False)
    elif case == "viewer at capacity":
        await set_profile(db, mentor_id, active_mentees=1)
    elif case == "invitee not seeking":
        await set_profile(db, mentee_id, seeks_mentoring=False)
    elif case == "invitee hidden":
        await set_profile(db, mentee_id, hidden_at=datetime.now(UTC))
    elif case == "invitee suspended":
        await set_user(db, mentee_id, suspended_at=datetime.now(UTC))
    invited = (
        await gql.data(INVITE_MENTEE, {"input": {"menteeId": str(target), "message": "Hi"}}, token=mentor)
    )["inviteMentee"]
    assert codes(invited) == [expected]
    assert await count_rows(db, MentorshipRequest) == 0


async def test_one_pending_request_per_pair_whoever_sends_it(gql: GraphQL, person: Person, db: Db) -> None:
    mentor_id, mentor = await person("Mentor Mia", canMentor=True, seeksMentoring=True)
    mentee_id, mentee = await person("Mentee Max", seeksMentoring=True)
    first = await ask(gql, mentee, mentor_id)
    again = await ask(gql, mentee, mentor_id)
    assert codes(again) == [("CONFLICT", None)]
    assert "already have a pending request with Mentor Mia" in again["errors"][0]["message"]
    invited = (
        await gql.data(INVITE_MENTEE, {"input": {"menteeId": str(mentee_id), "message": "Hi"}}, token=mentor)
    )["inviteMentee"]
    assert codes(invited) == [("CONFLICT", None)]
    assert "accept or decline it" in invited["errors"][0]["message"]

    # Once answered, the pair may try again.
    declined = await answer(gql, DECLINE, mentor, first["request"]["id"])
    assert declined["request"]["status"] == "DECLINED"
    assert (await ask(gql, mentee, mentor_id))["errors"] == []
    assert await count_rows(db, MentorshipRequest) == 2


async def test_a_pair_with_an_active_mentorship_cannot_request_again(gql: GraphQL, person: Person) -> None:
    mentor_id, mentor = await person("Mentor Mia", canMentor=True, capacity=3)
    _, mentee = await person("Mentee Max", seeksMentoring=True)
    first = await ask(gql, mentee, mentor_id)
    await answer(gql, ACCEPT, mentor, first["request"]["id"])
    again = await ask(gql, mentee, mentor_id)
    assert codes(again) == [("CONFLICT", None)]
    assert "already have an active mentorship" in again["errors"][0]["message"]


async def test_at_most_max_pending_requests_per_sender(gql: GraphQL, person: Person, db: Db) -> None:
    _, mentee = await person("Mentee Max", seeksMentoring=True)
    mentors = [(await person(f"Mentor {n}", canMentor=True))[0] for n in range(6)]
    sent = [await ask(gql, mentee, mentor_id) for mentor_id in mentors[:5]]
    assert all(p["errors"] == [] for p in sent)
    sixth = await ask(gql, mentee, mentors[5])
    assert codes(sixth) == [("LIMIT_REACHED", None)]
    assert "5 pending requests" in sixth["errors"][0]["message"]

    # Withdrawing one frees a slot.
    withdrawn = await answer(gql, WITHDRAW, mentee, sent[0]["request"]["id"])
    assert withdrawn["request"]["status"] == "WITHDRAWN"
    assert (await ask(gql, mentee, mentors[5]))["errors"] == []


async def test_only_the_right_side_answers(gql: GraphQL, person: Person, db: Db) -> None:
    mentor_id, mentor = await person("Mentor Mia", canMentor=True)
    _, mentee = await person("Mentee Max")
    _, stranger = await person("Stranger Sam", canMentor=True)
    request_id = (await ask(gql, mentee, mentor_id))["request"]["id"]

    assert codes(await answer(gql, ACCEPT, mentee, request_id)) == [("FORBIDDEN", None)]
    assert codes(await answer(gql, DECLINE, mentee, request_id)) == [("FORBIDDEN", None)]
    assert codes(await answer(gql, WITHDRAW, mentor, request_id)) == [("FORBIDDEN", None)]
    # Someone else cannot even tell that the request exists.
    for mutation in (ACCEPT, DECLINE, WITHDRAW):
        assert codes(await answer(gql, mutation, stranger, request_id)) == [("NOT_FOUND", None)]
    body = await gql(ONE_REQUEST, {"id": request_id}, token=stranger)
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert body["data"]["mentorshipRequest"] is None
    assert (await gql.data(ONE_REQUEST, {"id": request_id}, token=mentor))["mentorshipRequest"]["status"] == (
        "PENDING"
    )
    unauthenticated = await gql(ONE_REQUEST, {"id": request_id})
    assert unauthenticated["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert codes(await answer(gql, ACCEPT, "", request_id)) == [("UNAUTHENTICATED", None)]
    assert (await count_rows(db, Mentorship)) == 0


async def test_admins_see_any_request(gql: GraphQL, person: Person, db: Db) -> None:
    mentor_id, _ = await person("Mentor Mia", canMentor=True)
    _, mentee = await person("Mentee Max")
    admin_id, admin = await person("Admin Ada")
    await set_user(db, admin_id, is_admin=True)
    request_id = (await ask(gql, mentee, mentor_id))["request"]["id"]
    seen = (await gql.data(ONE_REQUEST, {"id": request_id}, token=admin))["mentorshipRequest"]
    assert seen["mentee"]["displayName"] == "Mentee Max"


async def test_accepting_twice_is_a_no_op(gql: GraphQL, person: Person, db: Db) -> None:
    mentor_id, mentor = await person("Mentor Mia", canMentor=True, capacity=3)
    mentee_id, mentee = await person("Mentee Max")
    request_id = (await ask(gql, mentee, mentor_id))["request"]["id"]
    first = await answer(gql, ACCEPT, mentor, request_id)
    second = await answer(gql, ACCEPT, mentor, request_id)
    assert second["errors"] == []
    assert second["request"]["mentorship"]["id"] == first["request"]["mentorship"]["id"]
    assert second["request"]["decidedAt"] == first["request"]["decidedAt"]
    assert await count_rows(db, Mentorship) == 1
    assert await active_mentees(db, mentor_id) == 1
    assert [n.kind.value for n in await notifications_of(db, mentee_id)] == ["REQUEST_ACCEPTED"]
    # A different answer to a decided request is a conflict, not a change.
    declined = await answer(gql, DECLINE, mentor, request_id)
    assert codes(declined) == [("CONFLICT", None)]
    assert "already accepted" in declined["errors"][0]["message"]
    assert codes(await answer(gql, WITHDRAW, mentee, request_id)) == [("CONFLICT", None)]


@pytest.mark.parametrize("moderated", ["sender suspended", "sender hidden", "recipient hidden"])
async def test_no_mentorship_starts_with_a_moderated_participant(
    gql: GraphQL, person: Person, db: Db, moderated: str
) -> None:
    mentor_id, mentor = await person("Mentor Mia", canMentor=True, capacity=3)
    mentee_id, mentee = await person("Mentee Max", seeksMentoring=True)
    request_id = (await ask(gql, mentee, mentor_id))["request"]["id"]
    # Moderation after the request was sent: accepting it must not start a mentorship.
    if moderated == "sender suspended":
        await set_user(db, mentee_id, suspended_at=datetime.now(UTC))
    elif moderated == "sender hidden":
        await set_profile(db, mentee_id, hidden_at=datetime.now(UTC))
    else:
        await set_profile(db, mentor_id, hidden_at=datetime.now(UTC))
    expected = [("FORBIDDEN", None)] if moderated == "recipient hidden" else [("CONFLICT", None)]
    assert codes(await answer(gql, ACCEPT, mentor, request_id)) == expected
    assert await count_rows(db, Mentorship) == 0
    assert await active_mentees(db, mentor_id) == 0


async def test_decline_with_a_reason_tells_the_sender(gql: GraphQL, person: Person, db: Db) -> None:
    mentor_id, mentor = await person("Mentor Mia", canMentor=True)
    mentee_id, mentee = await person("Mentee Max")
    request_id = (await ask(gql, mentee, mentor_id))["request"]["id"]

    too_long = await answer(gql, DECLINE, mentor, request_id, reason="x" * 501)
    assert codes(too_long) == [("INVALID_INPUT", "reason")]
    declined = await answer(gql, DECLINE, mentor, request_id, reason="  Fully booked this quarter. ")
    assert declined["errors"] == []
    assert declined["request"]["status"] == "DECLINED"
    assert declined["request"]["reason"] == "Fully booked this quarter."
    again = await answer(gql, DECLINE, mentor, request_id, reason="Another reason")
    assert again["errors"] == []
    assert again["request"]["reason"] == "Fully booked this quarter."
    told = await notifications_of(db, mentee_id)
    assert [(n.kind.value, n.actor_id) for n in told] == [("REQUEST_DECLINED", mentor_id)]
    assert "Fully booked this quarter." in told[0].message
    assert codes(await answer(gql, ACCEPT, mentor, request_id)) == [("CONFLICT", None)]


async def test_withdraw_tells_the_recipient_and_twice_is_a_no_op(
    gql: GraphQL, person: Person, db: Db
) -> None:
    mentor_id, mentor = await person("Mentor Mia", canMentor=True)
    _, mentee = await person("Mentee Max")
    request_id = (await ask(gql, mentee, mentor_id))["request"]["id"]
    assert (await answer(gql, WITHDRAW, mentee, request_id))["request"]["status"] == "WITHDRAWN"
    again = await answer(gql, WITHDRAW, mentee, request_id)
    assert again["errors"] == []
    assert again["request"]["status"] == "WITHDRAWN"
    kinds = [n.kind.value for n in await notifications_of(db, mentor_id)]
    assert kinds == ["REQUEST_RECEIVED", "REQUEST_WITHDRAWN"]
    accepted = await answer(gql, ACCEPT, mentor, request_id)
    assert codes(accepted) == [("CONFLICT", None)]
    assert "withdrawn" in accepted["errors"][0]["message"]


async def test_request_lists_filter_by_status_and_page(gql: GraphQL, person: Person) -> None:
    mentor_id, mentor = await person("Mentor Mia", canMentor=True, capacity=5)
    mentees = [await person(f"Mentee {n}") for n in range(3)]
    ids = [(await ask(gql, token, mentor_id))["request"]["id"] for _, token in mentees]
    await answer(gql, DECLINE, mentor, ids[0])

    pending = (await gql.data(INCOMING, {"status": ["PENDING"]}, token=mentor))["incomingMentorshipRequests"]
    assert pending["totalCount"] == 2
    assert [e["node"]["id"] for e in pending["edges"]] == [ids[2], ids[1]]

    first = (await gql.data(INCOMING, {"first": 2}, token=mentor))["incomingMentorshipRequests"]
    assert first["totalCount"] == 3
    assert first["pageInfo"]["hasNextPage"] is True
    rest = (await gql.data(INCOMING, {"first": 2, "after": first["pageInfo"]["endCursor"]}, token=mentor))[
        "incomingMentorshipRequests"
    ]
    assert rest["pageInfo"]["hasNextPage"] is False
    seen = [e["node"]["id"] for e in first["edges"] + rest["edges"]]
    assert seen == list(reversed(ids))

    bad = await gql(INCOMING, {"after": "nonsense"}, token=mentor)
    assert bad["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    zero = await gql(INCOMING, {"first": 0}, token=mentor)
    assert zero["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
