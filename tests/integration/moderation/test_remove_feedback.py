"""removeFeedback: the check-in is kept and marked, and stops counting in ratings and figures."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from mentormatch.feedback.models import Feedback
from tests.conftest import GraphQL
from tests.integration.feedback.conftest import RECORD, check_in, mentorship, start_mentorship
from tests.integration.moderation.conftest import (
    REMOVE_FEEDBACK,
    Db,
    Person,
    audit_entries,
    codes,
    db,
    make_admin,
    payload,
    person,
)

__all__ = ["db", "person"]

SUMMARY = "query { feedbackSummary { checkIns averageRating } }"
REASON = "Abusive comment"


async def test_a_removed_check_in_stays_marked_and_stops_counting(
    gql: GraphQL, db: Db, person: Person
) -> None:
    admin_id, admin = await make_admin(db, person)
    mia_id, mia = await person("Mia Mentor", canMentor=True, capacity=5, expertise=["negotiation"])
    given: list[tuple[str, str, str]] = []
    for n, rating in enumerate((5, 5, 1)):
        mentee_id, mentee = await person(f"Mentee {n}", seeksMentoring=True)
        mentorship_id = await start_mentorship(db, mia_id, mentee_id)
        feedback = await check_in(gql, mentee, mentorship_id, rating=rating, comment=f"comment {n}")
        given.append((mentorship_id, mentee, feedback["id"]))
    record = (await gql.data(RECORD, {"id": str(mia_id)}, token=mia))["profile"]["mentorRecord"]
    assert record["enoughRatings"] is True and record["ratingCount"] == 3
    summary = (await gql.data(SUMMARY, token=admin))["feedbackSummary"]
    assert summary["checkIns"] == 3 and summary["averageRating"] == (5 + 5 + 1) / 3

    mentorship_id, author, feedback_id = given[2]
    result = await payload(gql, REMOVE_FEEDBACK, {"id": feedback_id, "reason": REASON}, admin)

    assert result["errors"] == []
    assert result["feedback"]["removedAt"] is not None and result["feedback"]["removedReason"] == REASON
    # Counted nowhere: the mentor's record is below the threshold again, the figures leave it out.
    record = (await gql.data(RECORD, {"id": str(mia_id)}, token=mia))["profile"]["mentorRecord"]
    assert record["enoughRatings"] is False and record["ratingCount"] is None
    summary = (await gql.data(SUMMARY, token=admin))["feedbackSummary"]
    assert summary["checkIns"] == 2 and summary["averageRating"] == 5
    # Kept: the author sees it marked removed (not why), admins see both.
    own = (await mentorship(gql, author, mentorship_id))["feedback"]
    assert [f["id"] for f in own] == [feedback_id] and own[0]["comment"] == "comment 2"
    seen = await gql.data(
        "query($id: ID!) { mentorship(id: $id) { feedback { id removedAt removedReason } } }",
        {"id": mentorship_id},
        token=author,
    )
    assert seen["mentorship"]["feedback"][0]["removedAt"] is not None
    assert seen["mentorship"]["feedback"][0]["removedReason"] is None
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(Feedback)) == 3
    (entry,) = await audit_entries(db, "FEEDBACK_REMOVED")
    assert (entry.actor_id, entry.target_id, entry.target_type, entry.reason) == (
        admin_id,
        uuid.UUID(feedback_id),
        "FEEDBACK",
        REASON,
    )
    again = await payload(gql, REMOVE_FEEDBACK, {"id": feedback_id, "reason": "again"}, admin)
    assert again["errors"] == [] and again["feedback"]["removedReason"] == REASON
    assert len(await audit_entries(db, "FEEDBACK_REMOVED")) == 1


async def test_only_admins_remove_check_ins(gql: GraphQL, db: Db, person: Person) -> None:
    _, admin = await make_admin(db, person)
    mia_id, mia = await person("Mia Mentor", canMentor=True, expertise=["negotiation"])
    max_id, max_ = await person("Max Mentee", seeksMentoring=True)
    mentorship_id = await start_mentorship(db, mia_id, max_id)
    feedback = await check_in(gql, max_, mentorship_id, rating=2)
    for token in (mia, max_):
        refused = await payload(gql, REMOVE_FEEDBACK, {"id": feedback["id"], "reason": REASON}, token)
        assert codes(refused) == ["FORBIDDEN"] and refused["feedback"] is None
    unknown = await payload(gql, REMOVE_FEEDBACK, {"id": str(uuid.uuid4()), "reason": REASON}, admin)
    assert codes(unknown) == ["NOT_FOUND"]
    async with db() as session:
        assert await session.scalar(select(Feedback.removed_at)) is None
    assert await audit_entries(db) == []
