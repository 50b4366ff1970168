"""Capacity and the programme's limits: reaching one cancels the pending requests it makes impossible
(and says so to the people involved); ending a mentorship frees the place again."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from mentormatch.mentorships.models import Mentorship
from tests.conftest import GraphQL
from tests.integration.mentorships.conftest import (
    ACCEPT,
    END,
    INVITE_MENTEE,
    Db,
    Person,
    active_mentees,
    count_rows,
    notifications_of,
    set_limits,
)
from tests.integration.mentorships.test_requests import answer, ask, codes

MY_MENTORSHIPS = """
query($status: [MentorshipStatus!], $role: MentorshipRole, $first: Int, $after: String) {
  myMentorships(status: $status, role: $role, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id status mentor { displayName } mentee { displayName } request { id status } } }
  }
}"""
ONE_MENTORSHIP = "query($id: ID!) { mentorship(id: $id) { id status outcome } }"


async def invite(gql: GraphQL, token: str, mentee_id: Any) -> dict[str, Any]:
    variables = {"input": {"menteeId": str(mentee_id), "message": "Let me help."}}
    return (await gql.data(INVITE_MENTEE, variables, token=token))["inviteMentee"]


async def test_a_mentor_at_capacity_cancels_their_other_pending_requests(
    gql: GraphQL, person: Person, db: Db
) -> None:
    mentor_id, mentor = await person("Mentor Mia", canMentor=True, capacity=1)
    first_id, first = await person("First Fay")
    second_id, second = await person("Second Sid")
    invitee_id, _ = await person("Invitee Ivy", seeksMentoring=True)
    chosen = (await ask(gql, first, mentor_id))["request"]["id"]
    passed_over = (await ask(gql, second, mentor_id))["request"]["id"]
    invitation = (await invite(gql, mentor, invitee_id))["request"]["id"]

    assert (await answer(gql, ACCEPT, mentor, chosen))["errors"] == []
    assert await active_mentees(db, mentor_id) == 1

    # The other mentee's request and the mentor's own invitation can no longer be accepted.
    for token, request_id in ((mentor, passed_over), (mentor, invitation)):
        seen = await gql.data(
            "query($id: ID!) { mentorshipRequest(id: $id) { status reason decidedAt } }",
            {"id": request_id},
            token=token,
        )
        assert seen["mentorshipRequest"]["status"] == "CANCELLED"
        assert seen["mentorshipRequest"]["reason"] == "Mentor Mia has reached their capacity of mentees."
        assert seen["mentorshipRequest"]["decidedAt"] is not None
    cancelled = [n for n in await notifications_of(db, second_id) if n.kind.value == "REQUEST_CANCELLED"]
    assert [(str(n.request_id), n.actor_id) for n in cancelled] == [(passed_over, mentor_id)]
    assert "reached their capacity" in cancelled[0].message
    invitee_told = [n.kind.value for n in await notifications_of(db, invitee_id)]
    assert invitee_told == ["REQUEST_RECEIVED", "REQUEST_CANCELLED"]
    # The mentor caused it and is not told about their own action; the accepted mentee is not involved.
    assert "REQUEST_CANCELLED" not in [n.kind.value for n in await notifications_of(db, mentor_id)]
    assert [n.kind.value for n in await notifications_of(db, first_id)] == ["REQUEST_ACCEPTED"]

    late = await answer(gql, ACCEPT, mentor, passed_over)
    assert codes(late) == [("CONFLICT", None)]
    assert "reached their capacity" in late["errors"][0]["message"]
    # New requests are refused while the mentor is full.
    _, third = await person("Third Tom")
    assert codes(await ask(gql, third, mentor_id)) == [("CAPACITY_REACHED", None)]


async def test_a_mentee_reaching_max_mentors_cancels_their_other_requests(
    gql: GraphQL, person: Person, db: Db
) -> None:
    mentee_id, mentee = await person("Mentee Max", seeksMentoring=True)
    mentors = [await person(f"Mentor {n}", canMentor=True, capacity=3) for n in range(3)]
    request_ids = [(await ask(gql, mentee, mentor_id))["request"]["id"] for mentor_id, _ in mentors]

    assert (await answer(gql, ACCEPT, mentors[0][1], request_ids[0]))["errors"] == []
    for (mentor_id, token), request_id in zip(mentors[1:], request_ids[1:], strict=True):
        refused = await answer(gql, ACCEPT, token, request_id)
        assert codes(refused) == [("CONFLICT", None)]
        assert "the programme's limit of 1 mentor(s)" in refused["errors"][0]["message"]
        assert [n.kind.value for n in await notifications_of(db, mentor_id)] == [
            "REQUEST_RECEIVED",
            "REQUEST_CANCELLED",
        ]
    mentee_told = [n.kind.value for n in await notifications_of(db, mentee_id)]
    assert mentee_told == ["REQUEST_ACCEPTED", "REQUEST_CANCELLED", "REQUEST_CANCELLED"]
    assert await count_rows(db, Mentorship) == 1

    # No new request either, and no invitation to them, while the limit is reached.
    other_id, other = await person("Mentor Other", canMentor=True)
    assert codes(await ask(gql, mentee, other_id)) == [("LIMIT_REACHED", None)]
    assert codes(await invite(gql, other, mentee_id)) == [("LIMIT_REACHED", None)]


async def test_max_mentors_per_mentee_is_the_programmes_setting(gql: GraphQL, person: Person, db: Db) -> None:
    await set_limits(db, max_mentors_per_mentee=2)
    _, mentee = await person("Mentee Max", seeksMentoring=True)
    mentors = [await person(f"Mentor {n}", canMentor=True) for n in range(3)]
    request_ids = [(await ask(gql, mentee, mentor_id))["request"]["id"] for mentor_id, _ in mentors]
    assert (await answer(gql, ACCEPT, mentors[0][1], request_ids[0]))["errors"] == []
    assert (await answer(gql, ACCEPT, mentors[1][1], request_ids[1]))["errors"] == []
    assert codes(await answer(gql, ACCEPT, mentors[2][1], request_ids[2])) == [("CONFLICT", None)]
    assert await count_rows(db, Mentorship) == 2


async def test_max_pending_requests_is_the_programmes_setting(gql: GraphQL, person: Person, db: Db) -> None:
    await set_limits(db, max_pending_requests=2, request_ttl_days=3)
    _, mentee = await person("Mentee Max")
    mentors = [(await person(f"Mentor {n}", canMentor=True))[0] for n in range(3)]
    sent = [await ask(gql, mentee, mentor_id) for mentor_id in mentors]
    assert [codes(p) for p in sent] == [[], [], [("LIMIT_REACHED", None)]]
    created, expires = sent[0]["request"]["createdAt"], sent[0]["request"]["expiresAt"]
    assert datetime.fromisoformat(expires) - datetime.fromisoformat(created) == timedelta(days=3)


async def test_ending_a_mentorship_frees_the_place_and_asks_for_feedback(
    gql: GraphQL, person: Person, db: Db
) -> None:
    mentor_id, mentor = await person("Mentor Mia", canMentor=True, capacity=1)
    mentee_id, mentee = await person("Mentee Max")
    _, stranger = await person("Stranger Sam")
    request = (await answer(gql, ACCEPT, mentor, (await ask(gql, mentee, mentor_id))["request"]["id"]))[
        "request"
    ]
    mentorship_id = request["mentorship"]["id"]

    end_input = {"id": mentorship_id, "outcome": "COMPLETED", "reason": "We met every goal."}
    assert codes((await gql.data(END, {"input": end_input}, token=stranger))["endMentorship"]) == [
        ("NOT_FOUND", None)
    ]
    too_long = {**end_input, "reason": "x" * 501}
    assert codes((await gql.data(END, {"input": too_long}, token=mentee))["endMentorship"]) == [
        ("INVALID_INPUT", "reason")
    ]
    ended = (await gql.data(END, {"input": end_input}, token=mentee))["endMentorship"]
    assert ended["errors"] == []
    mentorship = ended["mentorship"]
    assert (mentorship["status"], mentorship["outcome"], mentorship["endReason"]) == (
        "ENDED",
        "COMPLETED",
        "We met every goal.",
    )
    assert mentorship["endedBy"]["id"] == str(mentee_id)
    assert mentorship["endedAt"] is not None
    assert await active_mentees(db, mentor_id) == 0

    # Ending again changes nothing: no second decrement, no more notifications.
    again = (await gql.data(END, {"input": {**end_input, "outcome": "NOT_A_FIT"}}, token=mentor))[
        "endMentorship"
    ]
    assert again["errors"] == []
    assert again["mentorship"]["outcome"] == "COMPLETED"
    assert await active_mentees(db, mentor_id) == 0
    mentor_told = [(n.kind.value, n.actor_id) for n in await notifications_of(db, mentor_id)]
    assert mentor_told == [
        ("REQUEST_RECEIVED", mentee_id),
        ("MENTORSHIP_ENDED", mentee_id),
        ("FEEDBACK_DUE", mentee_id),
    ]
    mentee_told = [n.kind.value for n in await notifications_of(db, mentee_id)]
    assert mentee_told == ["REQUEST_ACCEPTED", "FEEDBACK_DUE"]

    # The freed place can be taken again, by the same mentee too.
    renewed = await ask(gql, mentee, mentor_id)
    assert renewed["errors"] == []
    assert (await answer(gql, ACCEPT, mentor, renewed["request"]["id"]))["errors"] == []
    assert await active_mentees(db, mentor_id) == 1

    seen = await gql(ONE_MENTORSHIP, {"id": mentorship_id}, token=stranger)
    assert seen["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert (await gql.data(ONE_MENTORSHIP, {"id": mentorship_id}, token=mentor))["mentorship"]["status"] == (
        "ENDED"
    )


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, ["Mentor X", "Mentee B", "Mentee A"]),
        ({"role": "MENTOR"}, ["Mentee B", "Mentee A"]),
        ({"role": "MENTEE"}, ["Mentor X"]),
        ({"status": ["ENDED"]}, ["Mentee A"]),
        ({"status": ["ACTIVE"], "role": "MENTOR"}, ["Mentee B"]),
    ],
)
async def test_my_mentorships_filter_by_role_and_status(
    gql: GraphQL, person: Person, variables: dict[str, Any], expected: list[str]
) -> None:
    me_id, me = await person("Me", canMentor=True, seeksMentoring=True, capacity=3)
    mentor_id, mentor = await person("Mentor X", canMentor=True)
    names: dict[str, str] = {}
    for name in ("Mentee A", "Mentee B"):
        _, token = await person(name)
        request_id = (await ask(gql, token, me_id))["request"]["id"]
        names[name] = (await answer(gql, ACCEPT, me, request_id))["request"]["mentorship"]["id"]
    mine = (await ask(gql, me, mentor_id))["request"]["id"]
    await answer(gql, ACCEPT, mentor, mine)
    end_input = {"id": names["Mentee A"], "outcome": "ENDED_EARLY"}
    await gql.data(END, {"input": end_input}, token=me)

    result = (await gql.data(MY_MENTORSHIPS, variables, token=me))["myMentorships"]
    partners = [
        next(p["displayName"] for p in (e["node"]["mentor"], e["node"]["mentee"]) if p["displayName"] != "Me")
        for e in result["edges"]
    ]
    assert partners == expected  # newest first
    assert result["totalCount"] == len(expected)


async def test_my_mentorships_page_without_repeats(gql: GraphQL, person: Person) -> None:
    me_id, me = await person("Me Mentor", canMentor=True, capacity=5)
    for n in range(3):
        _, token = await person(f"Mentee {n}")
        await answer(gql, ACCEPT, me, (await ask(gql, token, me_id))["request"]["id"])
    first = (await gql.data(MY_MENTORSHIPS, {"first": 2}, token=me))["myMentorships"]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = (await gql.data(MY_MENTORSHIPS, {"first": 2, "after": first["pageInfo"]["endCursor"]}, token=me))[
        "myMentorships"
    ]
    assert rest["pageInfo"]["hasNextPage"] is False
    names = [e["node"]["mentee"]["displayName"] for e in first["edges"] + rest["edges"]]
    assert sorted(names) == ["Mentee 0", "Mentee 1", "Mentee 2"]
    assert first["totalCount"] == 3
