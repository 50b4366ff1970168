"""Re-match: the mentee's `goodFit: false` check-in offers a re-match (to the mentee and admins only, with a
notification); ending with NOT_A_FIT leaves that mentor out of the mentee's recommendations and the mentee
out of that mentor's, while the mentee's other requests and mentors stay as they were."""

from __future__ import annotations

import uuid

from mentormatch.mentorships import service
from mentormatch.mentorships.models import MentorshipOutcome, RequestStatus
from mentormatch.mentorships.service import Role
from tests.conftest import GraphQL
from tests.integration.feedback.conftest import (
    MENTEE_MATCHES,
    MENTOR_MATCHES,
    Db,
    Person,
    admin,
    check_in,
    end_mentorship,
    mentorship,
    move_check_ins_back,
    notifications_of,
    set_limits,
    start_mentorship,
)

EXPERTISE = ["building dashboards in SQL and Looker"]
OBJECTIVES = ["learn to build dashboards in SQL"]


async def test_a_poor_fit_offers_a_rematch_and_not_a_fit_leaves_that_mentor_out(
    gql: GraphQL, person: Person, db: Db
) -> None:
    await set_limits(db, max_mentors_per_mentee=3)
    mentors = {
        name: await person(name, canMentor=True, capacity=3, expertise=EXPERTISE)
        for name in ("Alma Quill", "Bruno Vale", "Cora Wynn", "Dev Oyelaran")
    }
    max_id, max_token = await person("Mentee Max", seeksMentoring=True, objectives=OBJECTIVES)
    admin_token = await admin(db, person)
    with_alma = await start_mentorship(db, mentors["Alma Quill"][0], max_id)
    with_dev = await start_mentorship(db, mentors["Dev Oyelaran"][0], max_id)
    to_cora = await service.create_request(
        db,
        initiator=Role.MENTEE,
        sender_id=max_id,
        recipient_id=mentors["Cora Wynn"][0],
        message="Would you mentor me?",
        objectives=None,
    )

    async def rematch_notices(user_id: uuid.UUID) -> int:
        return sum(n.kind.value == "REMATCH_OFFERED" for n in await notifications_of(db, user_id))

    async def offered(token: str, mentorship_id: str) -> bool:
        return bool((await mentorship(gql, token, mentorship_id))["rematchOffered"])

    # Max says Alma is not a good fit: the offer is his (and the admins'), Alma never sees it.
    alma_token = mentors["Alma Quill"][1]
    assert not await offered(max_token, with_alma)
    await check_in(gql, max_token, with_alma, rating=2, good_fit=False)
    assert await offered(max_token, with_alma)
    assert await offered(admin_token, with_alma)
    assert not await offered(alma_token, with_alma)
    assert await rematch_notices(max_id) == 1
    (notice,) = [n for n in await notifications_of(db, max_id) if n.kind.value == "REMATCH_OFFERED"]
    assert str(notice.mentorship_id) == with_alma
    assert await rematch_notices(mentors["Alma Quill"][0]) == 0
    # A mentor's goodFit: false is no offer to anyone.
    await check_in(gql, mentors["Dev Oyelaran"][1], with_dev, rating=2, good_fit=False)
    assert not await offered(max_token, with_dev)
    assert not await offered(mentors["Dev Oyelaran"][1], with_dev)

    # A later good fit takes the offer back; another poor one makes it again.
    await move_check_ins_back(db, with_alma, 15)
    await check_in(gql, max_token, with_alma, rating=4, good_fit=True)
    assert not await offered(max_token, with_alma)
    await move_check_ins_back(db, with_alma, 15)
    await check_in(gql, max_token, with_alma, rating=2, good_fit=False)
    assert await offered(max_token, with_alma)
    assert not await offered(alma_token, with_alma)

    # He takes it: the mentorship ends NOT_A_FIT. His mentorship with Dev ends well, as a control.
    await end_mentorship(db, with_alma, by=max_id, outcome=MentorshipOutcome.NOT_A_FIT)
    await end_mentorship(db, with_dev, by=max_id, outcome=MentorshipOutcome.COMPLETED)

    found = (await gql.data(MENTOR_MATCHES, {"first": 10}, token=max_token))["mentorMatches"]
    recommended = {e["node"]["mentor"]["displayName"] for e in found["edges"]}
    assert found["totalCount"] == len(recommended), "the count leaves her out too"
    assert "Alma Quill" not in recommended, "the mentor who was not a fit is left out"
    assert {"Bruno Vale", "Dev Oyelaran"} <= recommended, "the others stay, an ended mentor comes back"
    assert "Cora Wynn" not in recommended, "still a pending request"

    async def mentees_of(name: str) -> set[str]:
        data = (await gql.data(MENTEE_MATCHES, {"first": 10}, token=mentors[name][1]))["menteeMatches"]
        names = {e["node"]["mentee"]["displayName"] for e in data["edges"]}
        assert data["totalCount"] == len(names)
        return names

    assert "Mentee Max" not in await mentees_of("Alma Quill")
    assert "Mentee Max" in await mentees_of("Dev Oyelaran")
    assert "Mentee Max" in await mentees_of("Bruno Vale")

    # His pending request to Cora is untouched.
    request = await service.request_by_id(db, to_cora.id)
    assert request.status is RequestStatus.PENDING
    assert request.decided_at is None
