"""Check-ins through GraphQL: a participant submits one and sees it; one per interval, with the date it is
next due; a final one after the end, within the window; the limits of each field; and nobody but the two
participants can submit, log a session or even tell that the mentorship exists."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.conftest import GraphQL
from tests.integration.feedback.conftest import (
    FEEDBACK_TABLE,
    MENTORSHIP,
    SESSIONS_TABLE,
    Db,
    Person,
    admin,
    check_in,
    codes,
    count,
    end_mentorship,
    log_session,
    mentorship,
    move_check_ins_back,
    move_end_back,
    move_start_back,
    names_day,
    near,
    pair,
    set_interval,
    submit,
    today,
    when,
)


async def test_a_participant_submits_a_check_in_and_sees_it_on_the_mentorship(
    gql: GraphQL, person: Person, db: Db
) -> None:
    p = await pair(db, person, objectives=["learn SQL", "present to a board"])
    before = await mentorship(gql, p.mentee, p.id)
    assert before["objectives"] == ["learn SQL", "present to a board"]
    assert before["feedback"] == []
    # The first check-in may be given at once, though none is due yet.
    assert (before["canGiveFeedback"], before["feedbackDue"], before["nextFeedbackAt"]) == (True, False, None)

    given = await check_in(
        gql,
        p.mentee,
        p.id,
        rating=4,
        good_fit=True,
        objectiveProgress=[{"objective": " Learn  sql ", "progress": 30}],
        comment="  Clear explanations, I wrote my first join.  ",
    )
    assert given["rating"] == 4
    assert given["goodFit"] is True
    # Progress is on the mentorship's own objective, however it was typed.
    assert given["objectiveProgress"] == [{"objective": "learn SQL", "progress": 30}]
    assert given["comment"] == "Clear explanations, I wrote my first join."
    assert given["final"] is False
    assert given["authorRole"] == "MENTEE"
    assert given["author"]["id"] == str(p.mentee_id)
    assert given["mentorship"]["id"] == p.id
    assert near(given["createdAt"], datetime.now(UTC))

    after = await mentorship(gql, p.mentee, p.id)
    assert after["feedback"] == [given]
    assert after["canGiveFeedback"] is False
    assert after["feedbackDue"] is False
    assert near(after["nextFeedbackAt"], when(given["createdAt"]) + timedelta(days=14))

    # The mentor gives one of their own, and each of them sees only theirs.
    mentors = await check_in(gql, p.mentor, p.id, rating=5, good_fit=True)
    assert mentors["authorRole"] == "MENTOR"
    assert [f["id"] for f in (await mentorship(gql, p.mentor, p.id))["feedback"]] == [mentors["id"]]
    assert [f["id"] for f in (await mentorship(gql, p.mentee, p.id))["feedback"]] == [given["id"]]
    assert await count(db, FEEDBACK_TABLE) == 2


async def test_one_check_in_per_interval_and_the_conflict_names_the_date_it_is_due(
    gql: GraphQL, person: Person, db: Db
) -> None:
    p = await pair(db, person)
    first = await check_in(gql, p.mentee, p.id, rating=3)
    due_on = (when(first["createdAt"]) + timedelta(days=14)).date()

    early = await submit(gql, p.mentee, p.id, rating=5)
    assert early["feedback"] is None
    assert codes(early) == [("CONFLICT", None)]
    assert names_day(early["errors"][0]["message"], due_on), early["errors"][0]["message"]
    assert await count(db, FEEDBACK_TABLE) == 1
    # The other participant's interval is their own.
    await check_in(gql, p.mentor, p.id, rating=4)

    # Thirteen days later it is still too early; fifteen days later it is due and accepted.
    await move_check_ins_back(db, p.id, 13, author_id=p.mentee_id)
    assert codes(await submit(gql, p.mentee, p.id)) == [("CONFLICT", None)]
    seen = await mentorship(gql, p.mentee, p.id)
    assert (seen["feedbackDue"], seen["canGiveFeedback"]) == (False, False)
    await move_check_ins_back(db, p.id, 2, author_id=p.mentee_id)
    seen = await mentorship(gql, p.mentee, p.id)
    assert (seen["feedbackDue"], seen["canGiveFeedback"], seen["nextFeedbackAt"]) == (True, True, None)
    second = await check_in(gql, p.mentee, p.id, rating=5)
    seen = await mentorship(gql, p.mentee, p.id)
    assert seen["feedbackDue"] is False, "not due right after a check-in"
    assert [f["id"] for f in seen["feedback"]] == [second["id"], first["id"]], "newest first"

    # An admin shortens the interval to 3 days: a check-in 4 days old no longer blocks the next one.
    await move_check_ins_back(db, p.id, 4, author_id=p.mentee_id)
    assert codes(await submit(gql, p.mentee, p.id)) == [("CONFLICT", None)]
    admin_token = await admin(db, person)
    await set_interval(gql, admin_token, 3)
    assert (await mentorship(gql, p.mentee, p.id))["feedbackDue"] is True
    await check_in(gql, p.mentee, p.id, rating=2)
    third = await submit(gql, p.mentee, p.id)
    assert names_day(third["errors"][0]["message"], today() + timedelta(days=3))
    assert await count(db, FEEDBACK_TABLE, "author_id = :a", a=p.mentee_id) == 3


async def test_a_check_in_falls_due_an_interval_after_the_start(gql: GraphQL, person: Person, db: Db) -> None:
    p = await pair(db, person)
    await move_start_back(db, p.id, 13)
    assert (await mentorship(gql, p.mentee, p.id))["feedbackDue"] is False
    await move_start_back(db, p.id, 2)
    assert (await mentorship(gql, p.mentee, p.id))["feedbackDue"] is True
    assert (await mentorship(gql, p.mentor, p.id))["feedbackDue"] is True


@pytest.mark.parametrize("days", [0, 91])
async def test_the_interval_must_be_between_1_and_90_days(
    gql: GraphQL, person: Person, db: Db, days: int
) -> None:
    admin_token = await admin(db, person)
    refused = await gql.data(
        "mutation($d: Int!) { updateMatchingSettings(input: {checkInIntervalDays: $d}) {"
        " settings { checkInIntervalDays } errors { code field } } }",
        {"d": days},
        token=admin_token,
    )
    assert refused["updateMatchingSettings"]["errors"] == [
        {"code": "INVALID_INPUT", "field": "checkInIntervalDays"}
    ]
    settings = await gql.data("{ matchingSettings { checkInIntervalDays } }", token=admin_token)
    assert settings["matchingSettings"]["checkInIntervalDays"] == 14


async def test_after_the_end_each_side_gives_one_final_check_in_within_the_window(
    gql: GraphQL, person: Person, db: Db
) -> None:
    p = await pair(db, person)
    # A check-in today does not take away the final one that ending asks for.
    await check_in(gql, p.mentee, p.id, rating=4)
    await end_mentorship(db, p.id, by=p.mentor_id)
    ended = await mentorship(gql, p.mentee, p.id)
    assert ended["status"] == "ENDED"
    assert near(ended["feedbackWindowEndsAt"], when(ended["endedAt"]) + timedelta(days=14))
    assert (ended["canGiveFeedback"], ended["feedbackDue"]) == (True, True)

    final = await check_in(gql, p.mentee, p.id, rating=5, good_fit=True, comment="Thank you!")
    assert final["final"] is True
    again = await submit(gql, p.mentee, p.id, rating=1)
    assert codes(again) == [("CONFLICT", None)]
    after = await mentorship(gql, p.mentee, p.id)
    assert (after["canGiveFeedback"], after["feedbackDue"]) == (False, False)
    assert (await check_in(gql, p.mentor, p.id, rating=4))["final"] is True
    assert codes(await submit(gql, p.mentor, p.id)) == [("CONFLICT", None)]
    assert await count(db, FEEDBACK_TABLE, "final") == 2
    assert await count(db, FEEDBACK_TABLE) == 3


async def test_no_final_check_in_after_the_window(gql: GraphQL, person: Person, db: Db) -> None:
    p = await pair(db, person)
    await end_mentorship(db, p.id, by=p.mentee_id)
    await move_end_back(db, p.id, 13)
    assert (await mentorship(gql, p.mentor, p.id))["canGiveFeedback"] is True
    await move_end_back(db, p.id, 2)
    assert (await mentorship(gql, p.mentor, p.id))["canGiveFeedback"] is False
    for token in (p.mentee, p.mentor):
        late = await submit(gql, token, p.id, rating=3)
        assert late["feedback"] is None
        assert codes(late) == [("CONFLICT", None)]
    assert await count(db, FEEDBACK_TABLE) == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"rating": 0}, "rating"),
        ({"rating": 6}, "rating"),
        ({"comment": "x" * 2001}, "comment"),
        (
            {"objectiveProgress": [{"objective": "learn SQL", "progress": -1}]},
            "objectiveProgress[0].progress",
        ),
        (
            {
                "objectiveProgress": [
                    {"objective": "learn SQL", "progress": 10},
                    {"objective": "present to a board", "progress": 101},
                ]
            },
            "objectiveProgress[1].progress",
        ),
        (
            {"objectiveProgress": [{"objective": "learn Rust", "progress": 50}]},
            "objectiveProgress[0].objective",
        ),
        (
            {
                "objectiveProgress": [
                    {"objective": "learn SQL", "progress": 10},
                    {"objective": "learn SQL", "progress": 20},
                ]
            },
            "objectiveProgress[1].objective",
        ),
    ],
)
async def test_limits_name_the_field_and_nothing_is_written(
    gql: GraphQL, person: Person, db: Db, change: dict[str, Any], field: str
) -> None:
    p = await pair(db, person, objectives=["learn SQL", "present to a board"])
    refused = await submit(gql, p.mentee, p.id, **{"rating": 4, **change})
    assert refused["feedback"] is None
    assert codes(refused) == [("INVALID_INPUT", field)]
    assert await count(db, FEEDBACK_TABLE) == 0
    assert (await mentorship(gql, p.mentee, p.id))["canGiveFeedback"] is True, "the refusal used nothing up"


async def test_the_limits_themselves_are_accepted(gql: GraphQL, person: Person, db: Db) -> None:
    p = await pair(db, person, objectives=["learn SQL", "present to a board"])
    progress = [
        {"objective": "learn SQL", "progress": 0},
        {"objective": "present to a board", "progress": 100},
    ]
    low = await check_in(gql, p.mentee, p.id, rating=1, good_fit=False, objectiveProgress=progress)
    assert low["objectiveProgress"] == progress
    high = await check_in(gql, p.mentor, p.id, rating=5, comment="y" * 2000)
    assert len(high["comment"]) == 2000


async def test_only_the_participants_can_submit_log_or_see_the_mentorship(
    gql: GraphQL, person: Person, db: Db
) -> None:
    p = await pair(db, person)
    _, stranger = await person("Stranger Sid", canMentor=True, seeksMentoring=True)
    admin_token = await admin(db, person)

    for token in (stranger, admin_token):
        refused = await submit(gql, token, p.id, rating=1)
        assert refused["feedback"] is None
        assert [e["code"] for e in refused["errors"]] == ["NOT_FOUND"]
        logged = await log_session(gql, token, p.id, today(), 30)
        assert logged["session"] is None
        assert [e["code"] for e in logged["errors"]] == ["NOT_FOUND"]
    body = await gql(MENTORSHIP, {"id": p.id}, token=stranger)
    assert body["data"]["mentorship"] is None
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"

    # An id that does not exist, or is not an id at all, looks the same.
    for missing in ("00000000-0000-4000-8000-000000000000", "not-an-id"):
        assert [e["code"] for e in (await submit(gql, p.mentee, missing))["errors"]] == ["NOT_FOUND"]
        assert [e["code"] for e in (await log_session(gql, p.mentee, missing, today(), 30))["errors"]] == [
            "NOT_FOUND"
        ]
        body = await gql(MENTORSHIP, {"id": missing}, token=p.mentee)
        assert body["data"]["mentorship"] is None
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"

    anonymous = await submit(gql, "", p.id)
    assert [e["code"] for e in anonymous["errors"]] == ["UNAUTHENTICATED"]
    assert await count(db, FEEDBACK_TABLE) == 0
    assert await count(db, SESSIONS_TABLE) == 0
