"""The programme's figures (`feedbackSummary`, admins only) on a constructed data set: three mentorships,
their check-ins, sessions and requests placed at fixed moments by SQL, and every figure, the weekly
rows included, compared with values worked out by hand below.

The period is 2026-09-07 (a Monday) to 2026-10-04 (a Sunday): four ISO weeks, 28 days, with the
programme's check-in interval of 14 days.

Mentorships (mentors Alma and Bruno, mentees Xavi, Yara and Zeno):
- M1 Alma-Xavi, started 2026-08-31, active throughout: 28 active days, 2 check-ins expected of each.
- M2 Bruno-Yara, 2026-09-14 00:00 to 2026-09-24 12:00: 10.5 active days, 0 + 1 for ending inside: 1 each.
- M3 Alma-Zeno, started 2026-10-01: 4 active days, 0 each.
So 6 check-ins are expected.

Check-ins (rating, good fit, progress):
| week       | who             | when             | rating | fit | progress |
| (before)   | Alma on M1      | 09-06 23:59:59   | 1      | yes |          |
| 09-07      | Xavi on M1      | 09-07 00:00:00   | 4      | yes | 20, 40   |
| 09-14      | Alma on M1      | 09-15 10:00      | 3      | yes |          |
| 09-14      | Yara on M2      | 09-20 10:00      | 2      | no  | 10       |
| 09-21      | Xavi on M1      | 09-25 10:00      | 5      | yes | 60       |
| 09-21      | Bruno on M2     | 09-25 12:00      | 4      | yes | (final)  |
| 09-21      | Yara on M2      | 09-26 10:00      | 1      | no  | (final)  |
| 09-28      | Xavi on M1      | 09-30 10:00      | 3      | yes | 80       |
| 09-28      | Zeno on M3      | 10-02 10:00      | 5      | yes |          |
| (after)    | Alma on M3      | 10-05 00:00:00   | 1      | no  |          |
In the period: 8 check-ins, ratings 4+3+2+5+4+1+3+5 = 27 (average 3.375), good fit 6 of 8 (0.75), progress
entries 20, 40, 10, 60, 80 (average 42). Completion: Xavi min(3, 2) = 2, Alma on M1 min(1, 2) = 1, Yara
min(2, 1) = 1, Bruno min(1, 1) = 1, Zeno min(1, 0) = 0: 5 of 6.

Sessions (held on, minutes): M1 09-06 120 (before), 09-08 60, 09-22 45; M2 09-16 30; M3 10-04 90, 10-05 50
(after). In the period: 4 sessions, 225 minutes.

Requests sent by mentees: M1's (08-30, before), M2's (09-13, accepted), M3's (09-30, accepted), Xavi to
Bruno (09-10, expired), Yara to Alma (09-12, withdrawn: left out), Zeno to Bruno (09-20, declined), Yara to
Alma again (10-01, still pending: left out); Bruno's invitation to Xavi (09-18, declined) is not a request
to a mentor. So 4 decided, 3 answered in time: 0.75.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from mentormatch.mentorships import service
from mentormatch.mentorships.models import MentorshipOutcome
from mentormatch.mentorships.service import Role
from tests.conftest import GraphQL
from tests.integration.feedback.conftest import (
    Db,
    Person,
    admin,
    check_in,
    end_mentorship,
    let_expire,
    log_session,
    mentorship,
    set_limits,
    sql,
    start_mentorship,
    today,
)

SUMMARY = """
query($from: Date, $to: Date) {
  feedbackSummary(from: $from, to: $to) {
    from to checkIns averageRating goodFitRate averageProgress checkInsExpected checkInCompletionRate
    sessionsLogged sessionMinutes requestsDecided requestsAnsweredInTimeRate
    weeks { weekStart checkIns averageRating goodFitRate averageProgress sessionsLogged sessionMinutes }
  }
}"""


def at(value: str) -> datetime:
    return datetime.fromisoformat(f"2026-{value}+00:00")


async def place_check_in(db: Db, feedback: dict[str, Any], moment: str) -> None:
    await sql(db, "UPDATE feedback SET created_at = :at WHERE id = :id", at=at(moment), id=feedback["id"])


async def place_session(db: Db, session: dict[str, Any], day: str) -> None:
    await sql(
        db,
        "UPDATE mentorship_sessions SET held_on = :day WHERE id = :id",
        day=date.fromisoformat(f"2026-{day}"),
        id=session["id"],
    )


async def place_request(db: Db, request_id: Any, created: str, decided: str | None) -> None:
    """Sent at `created`, answered (or expired) at `decided`; a pending one waits well into the future."""
    await sql(
        db,
        "UPDATE mentorship_requests SET created_at = CAST(:created AS timestamptz),"
        " decided_at = CAST(:decided AS timestamptz),"
        " expires_at = CASE WHEN status = 'PENDING' THEN now() + interval '30 days'"
        "   WHEN status = 'EXPIRED' THEN CAST(:decided AS timestamptz)"
        "   ELSE CAST(:created AS timestamptz) + interval '14 days' END"
        " WHERE id = :id",
        created=at(created),
        decided=at(decided) if decided else None,
        id=request_id,
    )


async def place_mentorship(db: Db, mentorship_id: str, started: str, ended: str | None = None) -> None:
    await sql(
        db,
        "UPDATE mentorships SET started_at = :started, ended_at = coalesce(:ended, ended_at) WHERE id = :id",
        started=at(started),
        ended=at(ended) if ended else None,
        id=mentorship_id,
    )


async def ask(db: Db, mentee_id: Any, mentor_id: Any) -> Any:
    return await service.create_request(
        db, initiator=Role.MENTEE, sender_id=mentee_id, recipient_id=mentor_id, message="Hi!", objectives=None
    )


async def test_the_summary_figures_equal_the_hand_computed_ones(gql: GraphQL, person: Person, db: Db) -> None:
    await set_limits(db, max_mentors_per_mentee=3)
    alma_id, alma = await person("Alma Quill", canMentor=True, capacity=3)
    bruno_id, bruno = await person("Bruno Vale", canMentor=True, capacity=3)
    xavi_id, xavi = await person("Xavi Lund", seeksMentoring=True)
    yara_id, yara = await person("Yara Moss", seeksMentoring=True)
    zeno_id, zeno = await person("Zeno Park", seeksMentoring=True)
    admin_token = await admin(db, person)

    async def started(mentor_id: Any, mentee_id: Any, objectives: list[str] | None) -> tuple[str, Any]:
        request = await service.create_request(
            db,
            initiator=Role.MENTEE,
            sender_id=mentee_id,
            recipient_id=mentor_id,
            message="Would you mentor me?",
            objectives=objectives,
        )
        accepted = await service.accept_request(db, viewer_id=mentor_id, request_id=request.id)
        assert accepted.mentorship is not None
        return str(accepted.mentorship.id), request.id

    m1, request1 = await started(alma_id, xavi_id, ["learn SQL", "present to a board"])
    m2, request2 = await started(bruno_id, yara_id, ["negotiate a budget"])
    m3, request3 = await started(alma_id, zeno_id, None)

    # Check-ins, each moved to its moment as soon as it is given (so the next one is allowed).
    async def given(
        token: str, mentorship_id: str, moment: str, rating: int, fit: bool, **extra: Any
    ) -> None:
        await place_check_in(db, await check_in(gql, token, mentorship_id, rating, fit, **extra), moment)

    def progress(*entries: tuple[str, int]) -> list[dict[str, Any]]:
        return [{"objective": objective, "progress": value} for objective, value in entries]

    await given(alma, m1, "09-06T23:59:59", 1, True)
    await given(
        xavi,
        m1,
        "09-07T00:00:00",
        4,
        True,
        objectiveProgress=progress(("learn SQL", 20), ("present to a board", 40)),
    )
    await given(alma, m1, "09-15T10:00:00", 3, True)
    await given(yara, m2, "09-20T10:00:00", 2, False, objectiveProgress=progress(("negotiate a budget", 10)))
    await given(xavi, m1, "09-25T10:00:00", 5, True, objectiveProgress=progress(("learn SQL", 60)))
    await given(xavi, m1, "09-30T10:00:00", 3, True, objectiveProgress=progress(("present to a board", 80)))
    await given(zeno, m3, "10-02T10:00:00", 5, True)
    await given(alma, m3, "10-05T00:00:00", 1, False)

    # Sessions, each moved to its day.
    for token, mentorship_id, day, minutes in [
        (xavi, m1, "09-06", 120),
        (xavi, m1, "09-08", 60),
        (alma, m1, "09-22", 45),
        (yara, m2, "09-16", 30),
        (zeno, m3, "10-04", 90),
        (alma, m3, "10-05", 50),
    ]:
        logged = await log_session(gql, token, mentorship_id, today(), minutes)
        assert logged["errors"] == []
        await place_session(db, logged["session"], day)

    # M2 ends; both give their final check-in.
    await end_mentorship(db, m2, by=yara_id, outcome=MentorshipOutcome.COMPLETED)
    await given(bruno, m2, "09-25T12:00:00", 4, True)
    await given(yara, m2, "09-26T10:00:00", 1, False)

    # The other requests.
    lapsed = await ask(db, xavi_id, bruno_id)
    await let_expire(db, gql, lapsed.id, bruno)
    withdrawn = await ask(db, yara_id, alma_id)
    await service.withdraw_request(db, viewer_id=yara_id, request_id=withdrawn.id)
    declined = await ask(db, zeno_id, bruno_id)
    await service.decline_request(db, viewer_id=bruno_id, request_id=declined.id, reason=None)
    invitation = await service.create_request(
        db,
        initiator=Role.MENTOR,
        sender_id=bruno_id,
        recipient_id=xavi_id,
        message="Join me?",
        objectives=None,
    )
    await service.decline_request(db, viewer_id=xavi_id, request_id=invitation.id, reason=None)
    pending = await ask(db, yara_id, alma_id)

    # The clock of everything at once.
    await place_mentorship(db, m1, "08-31T00:00:00")
    await place_mentorship(db, m2, "09-14T00:00:00", "09-24T12:00:00")
    await place_mentorship(db, m3, "10-01T00:00:00")
    for request_id, created, decided in [
        (request1, "08-30T10:00:00", "08-31T00:00:00"),
        (request2, "09-13T10:00:00", "09-14T00:00:00"),
        (request3, "09-30T10:00:00", "10-01T00:00:00"),
        (lapsed.id, "09-10T10:00:00", "09-24T10:00:00"),
        (withdrawn.id, "09-12T10:00:00", "09-12T12:00:00"),
        (declined.id, "09-20T10:00:00", "09-21T10:00:00"),
        (invitation.id, "09-18T10:00:00", "09-19T10:00:00"),
        (pending.id, "10-01T10:00:00", None),
    ]:
        await place_request(db, request_id, created, decided)

    summary = (await gql.data(SUMMARY, {"from": "2026-09-07", "to": "2026-10-04"}, token=admin_token))[
        "feedbackSummary"
    ]
    weeks = summary.pop("weeks")
    assert summary == {
        "from": "2026-09-07",
        "to": "2026-10-04",
        "checkIns": 8,
        "averageRating": pytest.approx(27 / 8),
        "goodFitRate": pytest.approx(6 / 8),
        "averageProgress": pytest.approx(42.0),
        "checkInsExpected": 6,
        "checkInCompletionRate": pytest.approx(5 / 6),
        "sessionsLogged": 4,
        "sessionMinutes": 225,
        "requestsDecided": 4,
        "requestsAnsweredInTimeRate": pytest.approx(0.75),
    }
    assert weeks == [
        {
            "weekStart": "2026-09-07",
            "checkIns": 1,
            "averageRating": pytest.approx(4.0),
            "goodFitRate": pytest.approx(1.0),
            "averageProgress": pytest.approx(30.0),
            "sessionsLogged": 1,
            "sessionMinutes": 60,
        },
        {
            "weekStart": "2026-09-14",
            "checkIns": 2,
            "averageRating": pytest.approx(2.5),
            "goodFitRate": pytest.approx(0.5),
            "averageProgress": pytest.approx(10.0),
            "sessionsLogged": 1,
            "sessionMinutes": 30,
        },
        {
            "weekStart": "2026-09-21",
            "checkIns": 3,
            "averageRating": pytest.approx(10 / 3),
            "goodFitRate": pytest.approx(2 / 3),
            "averageProgress": pytest.approx(60.0),
            "sessionsLogged": 1,
            "sessionMinutes": 45,
        },
        {
            "weekStart": "2026-09-28",
            "checkIns": 2,
            "averageRating": pytest.approx(4.0),
            "goodFitRate": pytest.approx(1.0),
            "averageProgress": pytest.approx(80.0),
            "sessionsLogged": 1,
            "sessionMinutes": 90,
        },
    ]

    # A period with nothing in it: zeros, no averages, no rate (nothing was expected).
    empty = (await gql.data(SUMMARY, {"from": "2026-06-01", "to": "2026-06-14"}, token=admin_token))[
        "feedbackSummary"
    ]
    assert empty["checkIns"] == empty["checkInsExpected"] == empty["sessionsLogged"] == 0
    assert (
        empty["averageRating"]
        is empty["checkInCompletionRate"]
        is empty["requestsAnsweredInTimeRate"]
        is None
    )
    assert [(w["weekStart"], w["checkIns"], w["averageRating"]) for w in empty["weeks"]] == [
        ("2026-06-01", 0, None),
        ("2026-06-08", 0, None),
    ]

    # A period from a Wednesday to a Wednesday: both weeks it overlaps, counting only its own days.
    partial = (await gql.data(SUMMARY, {"from": "2026-09-09", "to": "2026-09-16"}, token=admin_token))[
        "feedbackSummary"
    ]
    assert partial["checkIns"] == 1  # Alma's on 09-15; Xavi's of 09-07 is before it
    assert [(w["weekStart"], w["checkIns"], w["sessionsLogged"]) for w in partial["weeks"]] == [
        ("2026-09-07", 0, 0),
        ("2026-09-14", 1, 1),
    ]

    # Participants do not get the programme's figures.
    for token in (alma, xavi):
        body = await gql(SUMMARY, {}, token=token)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await gql(SUMMARY, {}))["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_the_default_period_is_the_last_12_weeks_and_a_reversed_one_is_refused(
    gql: GraphQL, person: Person, db: Db
) -> None:
    admin_token = await admin(db, person)
    default = (await gql.data(SUMMARY, {}, token=admin_token))["feedbackSummary"]
    assert (default["from"], default["to"]) == (
        (today() - timedelta(days=83)).isoformat(),
        today().isoformat(),
    )
    assert len(default["weeks"]) in (12, 13)
    reversed_ = await gql(SUMMARY, {"from": "2026-09-08", "to": "2026-09-07"}, token=admin_token)
    assert reversed_["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


async def test_a_period_at_the_ends_of_the_calendar_is_refused_not_a_crash(
    gql: GraphQL, person: Person, db: Db
) -> None:
    """Found by fuzzing: a `to` of 0001-01-01 overflowed Python's dates, a `from` of 0001-01-01 or a `to`
    of 9999-12-31 PostgreSQL's timestamps; each was an INTERNAL error."""
    admin_token = await admin(db, person)
    for period, field in (
        ({"to": "0001-01-01"}, "to"),
        ({"from": "0001-01-01", "to": "0001-01-05"}, "from"),
        ({"from": "9999-12-30", "to": "9999-12-31"}, "to"),
        ({"from": "1969-12-31"}, "from"),
    ):
        body = await gql(SUMMARY, period, token=admin_token)
        assert body["data"] is None
        assert [(e["extensions"]["code"], e["extensions"].get("field")) for e in body["errors"]] == [
            ("INVALID_INPUT", field)
        ], period
    edges = await gql.data(SUMMARY, {"from": "1970-01-01", "to": "1970-01-07"}, token=admin_token)
    assert edges["feedbackSummary"]["checkIns"] == 0


async def test_check_ins_are_expected_only_once_they_fell_due(gql: GraphQL, person: Person, db: Db) -> None:
    """The figures count a check-in as expected only once it is due: not for the rest of today, nor for
    days of the period still to come."""
    alma_id, _ = await person("Alma Quill", canMentor=True, capacity=3)
    xavi_id, xavi = await person("Xavi Lund", seeksMentoring=True)
    admin_token = await admin(db, person)
    mentorship_id = await start_mentorship(db, alma_id, xavi_id)

    # Started 14 days before 23:59 today (UTC): the first check-in falls due at 23:59, not yet.
    await sql(
        db,
        "UPDATE mentorships SET started_at = (date_trunc('day', now() AT TIME ZONE 'UTC')"
        " + interval '1 day' - interval '14 days' - interval '1 minute') AT TIME ZONE 'UTC' WHERE id = :id",
        id=mentorship_id,
    )
    assert (await mentorship(gql, xavi, mentorship_id))["feedbackDue"] is False
    summary = (await gql.data(SUMMARY, {}, token=admin_token))["feedbackSummary"]
    assert summary["checkInsExpected"] == 0, "the default period (to today) expects a check-in not yet due"

    # Started 10 days ago, in a period that goes on for a month: still nothing has fallen due.
    await sql(
        db, "UPDATE mentorships SET started_at = now() - interval '10 days' WHERE id = :id", id=mentorship_id
    )
    period = {
        "from": (today() - timedelta(days=20)).isoformat(),
        "to": (today() + timedelta(days=30)).isoformat(),
    }
    summary = (await gql.data(SUMMARY, period, token=admin_token))["feedbackSummary"]
    assert summary["checkInsExpected"] == 0, "days still to come were counted as active"
    assert summary["checkInCompletionRate"] is None
