"""Pending requests expire after the programme's time-to-live without any job: whoever next reads or
writes the participants' requests sees them EXPIRED, and both sides are told exactly once."""

from __future__ import annotations

from mentormatch.mentorships.models import RequestStatus
from tests.conftest import GraphQL
from tests.integration.mentorships.conftest import (
    ACCEPT,
    NOTIFICATIONS,
    WITHDRAW,
    Db,
    Person,
    expire_now,
    notifications_of,
    request_statuses,
)
from tests.integration.mentorships.test_requests import answer, ask, codes

INCOMING = "{ incomingMentorshipRequests { totalCount edges { node { id status decidedAt expiresAt } } } }"


async def test_an_overdue_request_is_expired_by_the_next_read(gql: GraphQL, person: Person, db: Db) -> None:
    mentor_id, mentor = await person("Mentor Mia", canMentor=True)
    mentee_id, mentee = await person("Mentee Max")
    request_id = (await ask(gql, mentee, mentor_id))["request"]["id"]
    await expire_now(db, request_id)
    # Nothing has run yet: the row still says PENDING...
    assert set((await request_statuses(db)).values()) == {RequestStatus.PENDING}

    # ...but nobody ever sees it so: the first read flips it and tells both sides.
    node = (await gql.data(INCOMING, token=mentor))["incomingMentorshipRequests"]["edges"][0]["node"]
    assert node["status"] == "EXPIRED"
    assert node["decidedAt"] == node["expiresAt"]
    for user_id, words in ((mentee_id, "Your request to Mentor Mia expired"), (mentor_id, "from Mentee Max")):
        expired = [n for n in await notifications_of(db, user_id) if n.kind.value == "REQUEST_EXPIRED"]
        assert len(expired) == 1
        assert words in expired[0].message
        assert expired[0].actor_id is None

    # Reading again expires nothing twice.
    await gql.data(INCOMING, token=mentor)
    await gql.data(NOTIFICATIONS, token=mentee)
    assert len([n for n in await notifications_of(db, mentee_id) if n.kind.value == "REQUEST_EXPIRED"]) == 1


async def test_an_overdue_request_cannot_be_accepted_or_withdrawn(
    gql: GraphQL, person: Person, db: Db
) -> None:
    mentor_id, mentor = await person("Mentor Mia", canMentor=True)
    mentee_id, mentee = await person("Mentee Max")
    request_id = (await ask(gql, mentee, mentor_id))["request"]["id"]
    await expire_now(db, request_id)

    accepted = await answer(gql, ACCEPT, mentor, request_id)
    assert codes(accepted) == [("CONFLICT", None)]
    assert "expired" in accepted["errors"][0]["message"]
    # The refused accept still recorded the expiry, with its notifications.
    assert [n.kind.value for n in await notifications_of(db, mentee_id)] == ["REQUEST_EXPIRED"]
    assert codes(await answer(gql, WITHDRAW, mentee, request_id)) == [("CONFLICT", None)]


async def test_the_notifications_list_expires_overdue_requests_first(
    gql: GraphQL, person: Person, db: Db
) -> None:
    mentor_id, mentor = await person("Mentor Mia", canMentor=True)
    _, mentee = await person("Mentee Max")
    await expire_now(db, (await ask(gql, mentee, mentor_id))["request"]["id"])
    edges = (await gql.data(NOTIFICATIONS, token=mentor))["notifications"]["edges"]
    assert [e["node"]["kind"] for e in edges] == ["REQUEST_EXPIRED", "REQUEST_RECEIVED"]
    assert edges[0]["node"]["actor"] is None
    assert edges[0]["node"]["request"]["status"] == "EXPIRED"


async def test_expired_requests_free_the_pair_and_the_senders_quota(
    gql: GraphQL, person: Person, db: Db
) -> None:
    _, mentee = await person("Mentee Max")
    mentors = [(await person(f"Mentor {n}", canMentor=True))[0] for n in range(6)]
    for mentor_id in mentors[:5]:
        await expire_now(db, (await ask(gql, mentee, mentor_id))["request"]["id"])
    # The five overdue requests neither count against the quota nor block a new one to the same mentor.
    assert (await ask(gql, mentee, mentors[5]))["errors"] == []
    assert (await ask(gql, mentee, mentors[0]))["errors"] == []
