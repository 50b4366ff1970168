"""Responsiveness: from a mentor's request history (requests from mentees answered, or left to expire),
the response rate and the median time to answer; in matching, the RESPONSIVENESS component that lifts
responsive mentors above unresponsive ones and leaves out mentors without history."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import select

from mentormatch.mentorships import service
from mentormatch.mentorships.models import MentorshipRequest
from mentormatch.mentorships.service import Role
from tests.conftest import GraphQL
from tests.integration.feedback.conftest import (
    MENTOR_MATCHES,
    RECORD,
    UPDATE_SETTINGS,
    Db,
    Person,
    admin,
    let_expire,
    sql,
)

EXPERTISE = ["coaching public speaking"]


async def ask(db: Db, mentee_id: uuid.UUID, mentor_id: uuid.UUID) -> MentorshipRequest:
    return await service.create_request(
        db,
        initiator=Role.MENTEE,
        sender_id=mentee_id,
        recipient_id=mentor_id,
        message="Would you mentor me?",
        objectives=None,
    )


async def dated(db: Db, request: MentorshipRequest, days_ago: float, hours_to_answer: float | None) -> None:
    """The request was sent `days_ago` (with the usual 14 days to answer) and answered that many hours
    later; None: it was never answered and expired."""
    decided = (
        "created_at + make_interval(secs => :h)"
        if hours_to_answer is not None
        else "created_at + interval '14 days'"
    )
    await sql(
        db,
        "UPDATE mentorship_requests SET created_at = now() - make_interval(secs => :d),"
        " expires_at = now() - make_interval(secs => :d) + interval '14 days' WHERE id = :id",
        d=days_ago * 86400,
        id=request.id,
    )
    await sql(
        db,
        f"UPDATE mentorship_requests SET decided_at = {decided} WHERE id = :id AND status <> 'PENDING'",
        h=(hours_to_answer or 0) * 3600,
        id=request.id,
    )


async def expired(
    db: Db, gql: GraphQL, mentee_id: uuid.UUID, mentor_id: uuid.UUID, mentor: str
) -> MentorshipRequest:
    request = await ask(db, mentee_id, mentor_id)
    await let_expire(db, gql, request.id, mentor)
    return request


async def test_response_rate_and_median_from_a_constructed_history(
    gql: GraphQL, person: Person, db: Db
) -> None:
    mentor_id, mentor = await person("Mentor Mia", canMentor=True, capacity=3, expertise=EXPERTISE)
    other_id, _ = await person("Other Otto", canMentor=True, capacity=3, expertise=EXPERTISE)
    ann_id, ann = await person("Mentee Ann", seeksMentoring=True)
    fay_id, _ = await person("Mentee Fay", seeksMentoring=True)
    gil_id, _ = await person("Mentee Gil", seeksMentoring=True)

    # Counted: declined after 10 hours, declined after 72 hours, expired, accepted after 2 hours.
    slow = await ask(db, ann_id, mentor_id)
    await service.decline_request(db, viewer_id=mentor_id, request_id=slow.id, reason=None)
    await dated(db, slow, 25, 72)
    medium = await ask(db, ann_id, mentor_id)
    await service.decline_request(db, viewer_id=mentor_id, request_id=medium.id, reason=None)
    await dated(db, medium, 20, 10)
    lapsed = await expired(db, gql, ann_id, mentor_id, mentor)
    await dated(db, lapsed, 40, None)
    # Not counted: withdrawn by the mentee, cancelled by a limit reached elsewhere, the mentor's own
    # invitation (declined), and a request still pending.
    withdrawn = await ask(db, ann_id, mentor_id)
    await service.withdraw_request(db, viewer_id=ann_id, request_id=withdrawn.id)
    await dated(db, withdrawn, 18, 1)
    quick = await ask(db, ann_id, mentor_id)
    await service.accept_request(db, viewer_id=mentor_id, request_id=quick.id)
    await dated(db, quick, 15, 2)
    cancelled = await ask(db, fay_id, mentor_id)
    elsewhere = await ask(db, fay_id, other_id)
    await service.accept_request(db, viewer_id=other_id, request_id=elsewhere.id)
    await dated(db, cancelled, 12, 1)
    invitation = await service.create_request(
        db,
        initiator=Role.MENTOR,
        sender_id=mentor_id,
        recipient_id=gil_id,
        message="Let me help.",
        objectives=None,
    )
    await service.decline_request(db, viewer_id=gil_id, request_id=invitation.id, reason=None)
    await dated(db, invitation, 11, 300)
    await ask(db, gil_id, mentor_id)
    async with db() as session:
        statuses = sorted(s.value for s in await session.scalars(select(MentorshipRequest.status)))
    assert statuses == [
        "ACCEPTED",
        "ACCEPTED",
        "CANCELLED",
        "DECLINED",
        "DECLINED",
        "DECLINED",
        "EXPIRED",
        "PENDING",
        "WITHDRAWN",
    ]

    responsiveness = (await gql.data(RECORD, {"id": str(mentor_id)}, token=ann))["profile"]["mentorRecord"][
        "responsiveness"
    ]
    # By hand: 4 counted (2 declined, 1 accepted, 1 expired), 3 answered in time; answers took 2, 10
    # and 72 hours: the median is 10.
    assert responsiveness["requestsCounted"] == 4
    assert responsiveness["answeredInTime"] == 3
    assert responsiveness["responseRate"] == pytest.approx(0.75)
    assert responsiveness["medianHoursToAnswer"] == pytest.approx(10.0)
    assert responsiveness["summary"]
    # The mentor sees the same figures about themself.
    assert (await gql.data(RECORD, {"id": str(mentor_id)}, token=mentor))["profile"]["mentorRecord"][
        "responsiveness"
    ] == responsiveness


async def test_responsive_mentors_rank_above_unresponsive_ones_and_new_ones_are_not_punished(
    gql: GraphQL, person: Person, db: Db
) -> None:
    rita_id, _ = await person("Responsive Rita", canMentor=True, capacity=2, expertise=EXPERTISE)
    sid_id, sid_token = await person("Silent Sid", canMentor=True, capacity=2, expertise=EXPERTISE)
    nora_id, _ = await person("New Nora", canMentor=True, capacity=2, expertise=EXPERTISE)
    asker_id, _ = await person("Mentee Ann", seeksMentoring=True)
    _, viewer = await person("Viewer Vi", seeksMentoring=True, objectives=["speak confidently in public"])
    for days_ago in (30, 20):
        declined = await ask(db, asker_id, rita_id)
        await service.decline_request(db, viewer_id=rita_id, request_id=declined.id, reason=None)
        await dated(db, declined, days_ago, 1)
        lapsed = await expired(db, gql, asker_id, sid_id, sid_token)
        await dated(db, lapsed, days_ago, None)

    nora_record = (await gql.data(RECORD, {"id": str(nora_id)}, token=viewer))["profile"]["mentorRecord"]
    assert nora_record["responsiveness"]["requestsCounted"] == 0
    assert nora_record["responsiveness"]["responseRate"] is None
    assert nora_record["responsiveness"]["medianHoursToAnswer"] is None

    async def ranked() -> dict[str, dict[str, Any]]:
        edges = (await gql.data(MENTOR_MATCHES, {"first": 10}, token=viewer))["mentorMatches"]["edges"]
        return {
            e["node"]["mentor"]["displayName"]: {
                "score": e["node"]["score"],
                "components": {c["kind"]: c for c in e["node"]["explanation"]["components"]},
            }
            for e in edges
        }

    before = await ranked()
    order = list(before)
    assert order.index("Responsive Rita") < order.index("Silent Sid"), order
    rita, nora_match, sid = before["Responsive Rita"], before["New Nora"], before["Silent Sid"]
    assert rita["components"]["RESPONSIVENESS"]["value"] > sid["components"]["RESPONSIVENESS"]["value"]
    assert rita["score"] > sid["score"]
    # No history: the component is left out and the other weights renormalised.
    nora_component = nora_match["components"].get("RESPONSIVENESS")
    assert nora_component is None or nora_component["value"] is None
    applying = [c for c in nora_match["components"].values() if c["value"] is not None]
    by_hand = sum(c["weight"] * c["value"] for c in applying) / sum(c["weight"] for c in applying)
    assert nora_match["score"] == pytest.approx(by_hand, abs=1e-4)  # components are shown to 4 decimals
    assert rita["components"]["RESPONSIVENESS"]["weight"] == pytest.approx(0.05)

    # Without the component (an admin weights it 0), Nora's score is the same: she was not punished.
    admin_token = await admin(db, person)
    changed = await gql.data(
        UPDATE_SETTINGS, {"input": {"weights": {"responsiveness": 0}}}, token=admin_token
    )
    assert changed["updateMatchingSettings"]["errors"] == []
    after = await ranked()
    assert after["New Nora"]["score"] == pytest.approx(nora_match["score"])
    assert after["Responsive Rita"]["score"] == pytest.approx(after["Silent Sid"]["score"])
    assert after["Responsive Rita"]["score"] < rita["score"]


async def test_only_the_20_latest_requests_count(gql: GraphQL, person: Person, db: Db) -> None:
    mentor_id, mentor = await person("Mentor Mia", canMentor=True, capacity=3, expertise=EXPERTISE)
    asker_id, _ = await person("Mentee Ann", seeksMentoring=True)
    # The oldest request expired 60 days ago; the 20 after it were each declined within an hour.
    lapsed = await expired(db, gql, asker_id, mentor_id, mentor)
    await dated(db, lapsed, 60, None)
    for n in range(20):
        declined = await ask(db, asker_id, mentor_id)
        await service.decline_request(db, viewer_id=mentor_id, request_id=declined.id, reason=None)
        await dated(db, declined, 40 - n, 0.5)
    seen = (await gql.data(RECORD, {"id": str(mentor_id)}, token=mentor))["profile"]["mentorRecord"]
    assert seen["responsiveness"]["requestsCounted"] == 20
    assert seen["responsiveness"]["responseRate"] == 1.0
    assert seen["responsiveness"]["medianHoursToAnswer"] == 0.5
