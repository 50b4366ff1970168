"""The programme's analytics (`programAnalytics`, admins only) on a data set written straight into
PostgreSQL at fixed moments, every figure compared with values worked out by hand below.

The period is 2026-09-07 (a Monday) to 2026-09-20 (a Sunday): weeks W1 (09-07) and W2 (09-14).

Participants (stage; can mentor / seeks mentoring; profile made):
| Alma  | SENIOR       | mentor         | 08-01 |
| Bruno | MID_CAREER   | mentor, mentee | 08-01 |
| Cleo  | SENIOR       | mentor         | 08-01 |
| Xavi  | EARLY_CAREER | mentee         | 08-01 |
| Yara  | EARLY_CAREER | mentee         | 09-10 |
| Zeno  | (none)       | mentee         | 09-16 |
| Ugo   | EARLY_CAREER | mentee, suspended  | 08-01 |
| Vera  | EARLY_CAREER | mentee, hidden     | 08-01 |
| Erin  | EARLY_CAREER | mentee, erased     | 08-01 |
So 8 participants (Erin is not one), 3 mentors, 6 mentees; EARLY 4/0/4, MID 1/1/1, SENIOR 2/2/0, none 1/0/1.
The admin has no mentoring in their profile; the participants refused the figures come afterwards.

Requests (made, how it went, decided):
| R1  | Xavi -> Alma  | 08-30 10:00 | ACCEPTED 08-31 10:00 (before the period) -> M1 |
| R2  | Yara -> Alma  | 09-08 10:00 | ACCEPTED 09-08 16:00 (6 h) -> M2 |
| R3  | Zeno -> Cleo  | 09-16 09:00 | DECLINED 09-17 09:00 (24 h) |
| R4  | Bruno -> Cleo | 09-09 12:00 | EXPIRED 09-16 12:00 |
| R5  | Cleo invites Zeno | 09-18 08:00 | PENDING, expired 09-19 08:00: counts EXPIRED |
| R6  | Zeno -> Alma  | 09-19 10:00 | PENDING, expires in 30 days |
| R7  | Yara -> Bruno | 09-10 10:00 | WITHDRAWN 09-10 11:00 |
| R8  | Xavi -> Cleo  | 09-15 10:00 | ACCEPTED 09-15 12:00 (2 h) -> M3 |
| R9  | Vera -> Cleo  | 08-20 10:00 | ACCEPTED 08-21 10:00 (before) -> M5 |
| R10 | Zeno -> Bruno | 09-21 10:00 | PENDING (after the period) |
In the period: PENDING 1, ACCEPTED 2, DECLINED 1, WITHDRAWN 1, EXPIRED 2, CANCELLED 0 (7 made);
acceptance 2 / (2 + 1 + 2) = 0.4; median hours to respond of 6, 24, 2: 6.
W1: R2, R4, R7 made; accepted 1 of decided 2 (R2, R4): 0.5; median 6.
W2: R8, R3, R5, R6 made; accepted 1 of decided 3 (R8, R3, R5): 1/3; median of 2 and 24: 13.

Mentorships: M1 Alma-Xavi 08-31 10:00 to 09-12 10:00 COMPLETED; M2 Alma-Yara from 09-08 16:00, active;
M3 Cleo-Xavi 09-15 12:00 to 09-18 12:00 NOT_A_FIT; M5 Cleo-Vera 08-21 10:00 to 09-25 10:00 ENDED_EARLY.
Started in the period: M2, M3 (2); active at its end (09-21 00:00): M2, M5 (2); ended in it: COMPLETED 1
(M1), ENDED_EARLY 0, NOT_A_FIT 1 (M3).
W1: started M2; ended M1 (completed); active at 09-14 00:00: M2, M5. W2: started M3; ended M3 (not
completed); active at 09-21 00:00: M2, M5.

Unmatched now (mentees not suspended, hidden or erased: Bruno, Xavi, Yara, Zeno; Yara is in M2): Bruno
since 08-01, Xavi since M3 ended 09-18 12:00, Zeno since 09-16: 3, median now - 09-16, longest now - 08-01.
At W1's end (09-14 00:00): Bruno, Xavi, Yara had profiles, Yara matched: 2. At W2's end: +Zeno: 3.

Check-ins (removed ones and those outside the period count nowhere):
| Xavi on M1 | 09-10 10:00 | 4 | fit    | 50, 70 |
| Alma on M2 | 09-15 10:00 | 2 | no fit |        |
| Alma on M2 | 09-16 10:00 | 5 | fit    | removed by a moderator |
| Xavi on M3 | 09-17 10:00 | 1 | no fit | 10     |
| Yara on M2 | 09-20 23:00 | 5 | fit    | 90     |
| Yara on M2 | 09-21 00:00 | 1 | no fit | (after) |
In the period: 4, average rating 12 / 4 = 3, good fit 2 of 4, progress (50+70+10+90) / 4 = 55.
W1: 1, 4, 1.0, 60. W2: 3, 8/3, 1/3, 50.
Sessions: M1 09-06 20 (before), M1 09-09 60, M2 09-14 30, M2 09-20 45, M2 09-21 50 (after): 3 in the
period, 135 minutes; W1 1, W2 2.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest

from tests.conftest import GraphQL
from tests.integration.feedback.conftest import Db, Person, admin, person, sql
from tests.integration.mentorships.conftest import db, participant

__all__ = ["db", "person"]

ANALYTICS = """
query($from: Date, $to: Date) {
  programAnalytics(from: $from, to: $to) {
    from to participants mentors mentees
    byCareerStage { careerStage participants mentors mentees }
    requestsMade requestsByStatus { status count } acceptanceRate medianHoursToRespond
    mentorshipsStarted activeMentorships completedMentorships outcomes { status count }
    checkIns averageRating goodFitRate averageProgress sessionsLogged sessionMinutes
    unmatchedMentees medianDaysUnmatched longestDaysUnmatched
    weeks {
      weekStart requestsMade requestsAccepted acceptanceRate medianHoursToRespond
      mentorshipsStarted mentorshipsCompleted mentorshipsEnded activeMentorships unmatchedMentees
      checkIns averageRating goodFitRate averageProgress sessionsLogged
    }
  }
}"""
SUMMARY = """
query($from: Date, $to: Date) {
  feedbackSummary(from: $from, to: $to) { checkIns averageRating goodFitRate averageProgress sessionsLogged }
}"""
PERIOD = {"from": "2026-09-07", "to": "2026-09-20"}


def at(value: str) -> datetime:
    return datetime.fromisoformat(f"2026-{value}+00:00")


async def someone(db: Db, name: str, made: str, stage: str | None, **profile: Any) -> uuid.UUID:
    user_id = await participant(db, name, **profile)
    await sql(
        db,
        "UPDATE profiles SET created_at = :made, career_stage = CAST(:stage AS career_stage)"
        " WHERE user_id = :id",
        made=at(made),
        stage=stage,
        id=user_id,
    )
    return user_id


async def request(
    db: Db,
    sender: uuid.UUID,
    recipient: uuid.UUID,
    status: str,
    made: str,
    decided: str | None = None,
    *,
    mentor_sends: bool = False,
    expires: str | None = None,
) -> uuid.UUID:
    request_id = uuid.uuid4()
    mentor, mentee = (sender, recipient) if mentor_sends else (recipient, sender)
    await sql(
        db,
        "INSERT INTO mentorship_requests (id, mentor_id, mentee_id, sender_id, recipient_id, message,"
        " status, created_at, decided_at, expires_at)"
        " VALUES (:id, :mentor, :mentee, :sender, :recipient, 'Hi!', CAST(:status AS request_status),"
        " :made, :decided, COALESCE(:expires, now() + interval '30 days'))",
        id=request_id,
        mentor=mentor,
        mentee=mentee,
        sender=sender,
        recipient=recipient,
        status=status,
        made=at(made),
        decided=at(decided) if decided else None,
        expires=at(expires) if expires else None,
    )
    return request_id


async def mentorship(
    db: Db, request_id: uuid.UUID, started: str, ended: str | None = None, outcome: str | None = None
) -> uuid.UUID:
    mentorship_id = uuid.uuid4()
    await sql(
        db,
        "INSERT INTO mentorships (id, request_id, mentor_id, mentee_id, status, started_at, ended_at,"
        " outcome) SELECT :id, r.id, r.mentor_id, r.mentee_id,"
        " CAST(CASE WHEN CAST(:ended AS timestamptz) IS NULL THEN 'ACTIVE' ELSE 'ENDED' END"
        "      AS mentorship_status),"
        " :started, :ended, CAST(:outcome AS mentorship_outcome)"
        " FROM mentorship_requests r WHERE r.id = :request",
        id=mentorship_id,
        request=request_id,
        started=at(started),
        ended=at(ended) if ended else None,
        outcome=outcome,
    )
    return mentorship_id


async def check_in(
    db: Db,
    mentorship_id: uuid.UUID,
    author: uuid.UUID,
    role: str,
    moment: str,
    rating: int,
    good_fit: bool,
    progress: tuple[int, ...] = (),
    *,
    removed: bool = False,
) -> None:
    feedback_id = uuid.uuid4()
    await sql(
        db,
        "INSERT INTO feedback (id, mentorship_id, author_id, author_role, rating, good_fit, created_at,"
        " removed_at) VALUES (:id, :mentorship, :author, CAST(:role AS mentorship_role), :rating, :fit,"
        " :moment, CASE WHEN :removed THEN now() END)",
        id=feedback_id,
        mentorship=mentorship_id,
        author=author,
        role=role,
        rating=rating,
        fit=good_fit,
        moment=at(moment),
        removed=removed,
    )
    for position, value in enumerate(progress):
        await sql(
            db,
            "INSERT INTO feedback_progress (feedback_id, position, objective, progress)"
            " VALUES (:id, :position, :objective, :progress)",
            id=feedback_id,
            position=position,
            objective=f"objective {position}",
            progress=value,
        )


async def session_held(db: Db, mentorship_id: uuid.UUID, by: uuid.UUID, day: str, minutes: int) -> None:
    await sql(
        db,
        "INSERT INTO mentorship_sessions (id, mentorship_id, logged_by, held_on, minutes)"
        " VALUES (:id, :mentorship, :by, :day, :minutes)",
        id=uuid.uuid4(),
        mentorship=mentorship_id,
        by=by,
        day=date.fromisoformat(f"2026-{day}"),
        minutes=minutes,
    )


def days_since(moment: str) -> float:
    return (datetime.now(UTC) - at(moment)).total_seconds() / 86400


async def test_the_analytics_equal_the_hand_computed_figures(gql: GraphQL, person: Person, db: Db) -> None:
    admin_token = await admin(db, person)
    alma = await someone(db, "Alma", "08-01", "SENIOR", can_mentor=True, capacity=5)
    bruno = await someone(db, "Bruno", "08-01", "MID_CAREER", can_mentor=True, seeks_mentoring=True)
    cleo = await someone(db, "Cleo", "08-01", "SENIOR", can_mentor=True, capacity=5)
    xavi = await someone(db, "Xavi", "08-01", "EARLY_CAREER", seeks_mentoring=True)
    yara = await someone(db, "Yara", "09-10", "EARLY_CAREER", seeks_mentoring=True)
    zeno = await someone(db, "Zeno", "09-16", None, seeks_mentoring=True)
    ugo = await someone(db, "Ugo", "08-01", "EARLY_CAREER", seeks_mentoring=True)
    vera = await someone(db, "Vera", "08-01", "EARLY_CAREER", seeks_mentoring=True)
    erin = await someone(db, "Erin", "08-01", "EARLY_CAREER", seeks_mentoring=True)
    await sql(db, "UPDATE users SET suspended_at = now() WHERE id = :id", id=ugo)
    await sql(db, "UPDATE profiles SET hidden_at = now() WHERE user_id = :id", id=vera)
    await sql(db, "UPDATE users SET erased_at = now() WHERE id = :id", id=erin)

    r1 = await request(db, xavi, alma, "ACCEPTED", "08-30 10:00", "08-31 10:00")
    r2 = await request(db, yara, alma, "ACCEPTED", "09-08 10:00", "09-08 16:00")
    await request(db, zeno, cleo, "DECLINED", "09-16 09:00", "09-17 09:00")
    await request(db, bruno, cleo, "EXPIRED", "09-09 12:00", "09-16 12:00", expires="09-16 12:00")
    await request(db, cleo, zeno, "PENDING", "09-18 08:00", mentor_sends=True, expires="09-19 08:00")
    await request(db, zeno, alma, "PENDING", "09-19 10:00")
    await request(db, yara, bruno, "WITHDRAWN", "09-10 10:00", "09-10 11:00")
    r8 = await request(db, xavi, cleo, "ACCEPTED", "09-15 10:00", "09-15 12:00")
    r9 = await request(db, vera, cleo, "ACCEPTED", "08-20 10:00", "08-21 10:00")
    await request(db, zeno, bruno, "PENDING", "09-21 10:00")

    m1 = await mentorship(db, r1, "08-31 10:00", "09-12 10:00", "COMPLETED")
    m2 = await mentorship(db, r2, "09-08 16:00")
    m3 = await mentorship(db, r8, "09-15 12:00", "09-18 12:00", "NOT_A_FIT")
    await mentorship(db, r9, "08-21 10:00", "09-25 10:00", "ENDED_EARLY")

    await check_in(db, m1, xavi, "MENTEE", "09-10 10:00", 4, True, (50, 70))
    await check_in(db, m2, alma, "MENTOR", "09-15 10:00", 2, False)
    await check_in(db, m2, alma, "MENTOR", "09-16 10:00", 5, True, removed=True)
    await check_in(db, m3, xavi, "MENTEE", "09-17 10:00", 1, False, (10,))
    await check_in(db, m2, yara, "MENTEE", "09-20 23:00", 5, True, (90,))
    await check_in(db, m2, yara, "MENTEE", "09-21 00:00", 1, False)
    await session_held(db, m1, xavi, "09-06", 20)
    await session_held(db, m1, alma, "09-09", 60)
    await session_held(db, m2, yara, "09-14", 30)
    await session_held(db, m2, alma, "09-20", 45)
    await session_held(db, m2, yara, "09-21", 50)

    figures = (await gql.data(ANALYTICS, PERIOD, token=admin_token))["programAnalytics"]
    weeks = figures.pop("weeks")
    medians = [figures.pop(key) for key in ("medianDaysUnmatched", "longestDaysUnmatched")]
    assert medians == [
        pytest.approx(days_since("09-16 00:00"), abs=0.01),
        pytest.approx(days_since("08-01 00:00"), abs=0.01),
    ]
    assert figures == {
        "from": "2026-09-07",
        "to": "2026-09-20",
        "participants": 8,
        "mentors": 3,
        "mentees": 6,
        "byCareerStage": [
            {"careerStage": "EARLY_CAREER", "participants": 4, "mentors": 0, "mentees": 4},
            {"careerStage": "MID_CAREER", "participants": 1, "mentors": 1, "mentees": 1},
            {"careerStage": "SENIOR", "participants": 2, "mentors": 2, "mentees": 0},
            {"careerStage": None, "participants": 1, "mentors": 0, "mentees": 1},
        ],
        "requestsMade": 7,
        "requestsByStatus": [
            {"status": "PENDING", "count": 1},
            {"status": "ACCEPTED", "count": 2},
            {"status": "DECLINED", "count": 1},
            {"status": "WITHDRAWN", "count": 1},
            {"status": "EXPIRED", "count": 2},
            {"status": "CANCELLED", "count": 0},
        ],
        "acceptanceRate": pytest.approx(0.4),
        "medianHoursToRespond": pytest.approx(6.0),
        "mentorshipsStarted": 2,
        "activeMentorships": 2,
        "completedMentorships": 1,
        "outcomes": [
            {"status": "COMPLETED", "count": 1},
            {"status": "ENDED_EARLY", "count": 0},
            {"status": "NOT_A_FIT", "count": 1},
        ],
        "checkIns": 4,
        "averageRating": pytest.approx(3.0),
        "goodFitRate": pytest.approx(0.5),
        "averageProgress": pytest.approx(55.0),
        "sessionsLogged": 3,
        "sessionMinutes": 135,
        "unmatchedMentees": 3,
    }
    assert weeks == [
        {
            "weekStart": "2026-09-07",
            "requestsMade": 3,
            "requestsAccepted": 1,
            "acceptanceRate": pytest.approx(0.5),
            "medianHoursToRespond": pytest.approx(6.0),
            "mentorshipsStarted": 1,
            "mentorshipsCompleted": 1,
            "mentorshipsEnded": 1,
            "activeMentorships": 2,
            "unmatchedMentees": 2,
            "checkIns": 1,
            "averageRating": pytest.approx(4.0),
            "goodFitRate": pytest.approx(1.0),
            "averageProgress": pytest.approx(60.0),
            "sessionsLogged": 1,
        },
        {
            "weekStart": "2026-09-14",
            "requestsMade": 4,
            "requestsAccepted": 1,
            "acceptanceRate": pytest.approx(1 / 3),
            "medianHoursToRespond": pytest.approx(13.0),
            "mentorshipsStarted": 1,
            "mentorshipsCompleted": 0,
            "mentorshipsEnded": 1,
            "activeMentorships": 2,
            "unmatchedMentees": 3,
            "checkIns": 3,
            "averageRating": pytest.approx(8 / 3),
            "goodFitRate": pytest.approx(1 / 3),
            "averageProgress": pytest.approx(50.0),
            "sessionsLogged": 2,
        },
    ]

    # The check-in and session figures are feedbackSummary's own, not a second definition.
    summary = (await gql.data(SUMMARY, PERIOD, token=admin_token))["feedbackSummary"]
    assert {key: figures[key] for key in summary} == summary

    # Participants (mentor or mentee) get no analytics; nobody signed out does either.
    _, mentor = await person("Pat Mentor", canMentor=True)
    _, mentee = await person("Sam Mentee", seeksMentoring=True)
    for token in (mentor, mentee):
        body = await gql(ANALYTICS, PERIOD, token=token)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert body["data"] is None
    assert (await gql(ANALYTICS, PERIOD))["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_reversed_period_is_refused(gql: GraphQL, person: Person, db: Db) -> None:
    admin_token = await admin(db, person)
    body = await gql(ANALYTICS, {"from": "2026-09-08", "to": "2026-09-07"}, token=admin_token)
    assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


async def test_a_period_at_the_ends_of_the_calendar_is_refused(gql: GraphQL, person: Person, db: Db) -> None:
    """Found by fuzzing: `to: "0001-01-01"` was an INTERNAL error (the default `from` before year 1)."""
    admin_token = await admin(db, person)
    for period in ({"to": "0001-01-01"}, {"from": "9999-12-31", "to": "9999-12-31"}):
        body = await gql(ANALYTICS, period, token=admin_token)
        assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT", body


async def test_a_mentee_with_two_mentors_at_once_counts_once_among_the_matched(
    gql: GraphQL, person: Person, db: Db
) -> None:
    """Weeks 2026-09-07 and 09-14 and 09-21. Mia mentors Max from 09-01 to 09-16, Noor mentors him from
    09-10 to 09-23: one stretch with a mentor, 09-01 to 09-23. Lou (profile from 09-15) never had one.
    At W1's end (09-14): mentees Max, matched Max: 0 unmatched, 2 active mentorships. At W2's end
    (09-21): Max, Lou; Max matched by Noor: 1 unmatched, 1 active. At W3's end: Max, Lou, none: 2, 0."""
    admin_token = await admin(db, person)
    mia = await someone(db, "Mia", "08-01", "SENIOR", can_mentor=True, capacity=5)
    noor = await someone(db, "Noor", "08-01", "SENIOR", can_mentor=True, capacity=5)
    max_ = await someone(db, "Max", "08-01", "EARLY_CAREER", seeks_mentoring=True)
    await someone(db, "Lou", "09-15", "EARLY_CAREER", seeks_mentoring=True)
    first = await request(db, max_, mia, "ACCEPTED", "09-01 08:00", "09-01 09:00")
    second = await request(db, max_, noor, "ACCEPTED", "09-10 08:00", "09-10 09:00")
    await mentorship(db, first, "09-01 09:00", "09-16 09:00", "COMPLETED")
    await mentorship(db, second, "09-10 09:00", "09-23 09:00", "COMPLETED")

    figures = (await gql.data(ANALYTICS, {"from": "2026-09-07", "to": "2026-09-27"}, token=admin_token))[
        "programAnalytics"
    ]
    assert [(w["weekStart"], w["unmatchedMentees"], w["activeMentorships"]) for w in figures["weeks"]] == [
        ("2026-09-07", 0, 2),
        ("2026-09-14", 1, 1),
        ("2026-09-21", 2, 0),
    ]
    assert (figures["unmatchedMentees"], figures["activeMentorships"], figures["completedMentorships"]) == (
        2,
        0,
        2,
    )
