"""The rules under real concurrency: many callers at once, each on its own connection to PostgreSQL,
exactly as several API processes would be. Nothing may slip past a limit and nothing may escape as an
unexpected exception."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from mentormatch.errors import ServiceError
from mentormatch.mentorships import service
from mentormatch.mentorships.models import MentorshipRequest, RequestStatus
from tests.integration.mentorships.conftest import (
    Db,
    active_mentees,
    active_mentorships,
    ask,
    count_rows,
    notifications_of,
    participant,
    request_statuses,
    set_limits,
)


async def outcomes(calls: list[Awaitable[Any]]) -> list[Any]:
    """Run the calls at once; each result is the returned value or the ServiceError raised. Anything
    else raised fails the test."""

    async def one(call: Awaitable[Any]) -> Any:
        try:
            return await call
        except ServiceError as error:
            return error

    return await asyncio.gather(*(one(call) for call in calls))


def error_codes(results: list[Any]) -> Counter[str]:
    return Counter(r.code.value for r in results if isinstance(r, ServiceError))


async def test_twenty_simultaneous_accepts_fill_a_capacity_of_two(db: Db) -> None:
    mentor = await participant(db, "Mentor Mia", can_mentor=True, capacity=2)
    mentees = [await participant(db, f"Mentee {n}", seeks_mentoring=True) for n in range(20)]
    requests = [await ask(db, mentee, mentor) for mentee in mentees]

    results = await outcomes(
        [service.accept_request(db, viewer_id=mentor, request_id=r.id) for r in requests]
    )

    accepted = [r for r in results if isinstance(r, MentorshipRequest)]
    assert len(accepted) == 2
    assert all(r.status is RequestStatus.ACCEPTED and r.mentorship is not None for r in accepted)
    # The rest were refused cleanly: their requests were cancelled when the capacity filled up, or
    # (had they got there first) the capacity check itself refused them.
    assert set(error_codes(results)) <= {"CONFLICT", "CAPACITY_REACHED"}
    assert sum(error_codes(results).values()) == 18
    assert len(await active_mentorships(db)) == 2
    assert await active_mentees(db, mentor) == 2
    statuses = Counter((await request_statuses(db)).values())
    assert statuses == {RequestStatus.ACCEPTED: 2, RequestStatus.CANCELLED: 18}
    # Every passed-over mentee heard why, exactly once.
    for mentee, result in zip(mentees, results, strict=True):
        kinds = [n.kind.value for n in await notifications_of(db, mentee)]
        assert kinds == (
            ["REQUEST_ACCEPTED"] if isinstance(result, MentorshipRequest) else ["REQUEST_CANCELLED"]
        )


async def test_twenty_simultaneous_identical_requests_create_one(db: Db) -> None:
    mentor = await participant(db, "Mentor Mia", can_mentor=True)
    mentee = await participant(db, "Mentee Max", seeks_mentoring=True)

    results = await outcomes([ask(db, mentee, mentor) for _ in range(20)])

    assert len([r for r in results if isinstance(r, MentorshipRequest)]) == 1
    assert error_codes(results) == {"CONFLICT": 19}
    assert await count_rows(db, MentorshipRequest) == 1
    assert [n.kind.value for n in await notifications_of(db, mentor)] == ["REQUEST_RECEIVED"]


async def test_simultaneous_requests_to_ten_mentors_stop_at_max_pending(db: Db) -> None:
    mentee = await participant(db, "Mentee Max", seeks_mentoring=True)
    mentors = [await participant(db, f"Mentor {n}", can_mentor=True) for n in range(10)]

    results = await outcomes([ask(db, mentee, mentor) for mentor in mentors])

    assert len([r for r in results if isinstance(r, MentorshipRequest)]) == 5
    assert error_codes(results) == {"LIMIT_REACHED": 5}
    assert await count_rows(db, MentorshipRequest) == 5


async def test_a_mentee_accepting_ten_invitations_at_once_gets_one_mentor(db: Db) -> None:
    mentee = await participant(db, "Mentee Max", seeks_mentoring=True)
    mentors = [await participant(db, f"Mentor {n}", can_mentor=True) for n in range(10)]
    await set_limits(db, max_pending_requests=10)
    invitations = [
        await service.create_request(
            db,
            initiator=service.Role.MENTOR,
            sender_id=mentor,
            recipient_id=mentee,
            message="Hi",
            objectives=None,
        )
        for mentor in mentors
    ]

    results = await outcomes(
        [service.accept_request(db, viewer_id=mentee, request_id=r.id) for r in invitations]
    )

    assert len([r for r in results if isinstance(r, MentorshipRequest)]) == 1
    assert set(error_codes(results)) <= {"CONFLICT", "LIMIT_REACHED"}
    assert len(await active_mentorships(db)) == 1
    assert sorted([await active_mentees(db, mentor) for mentor in mentors]) == [0] * 9 + [1]


async def test_accept_racing_withdraw_has_one_winner(db: Db) -> None:
    mentor = await participant(db, "Mentor Mia", can_mentor=True)
    mentees = [await participant(db, f"Mentee {n}", seeks_mentoring=True) for n in range(5)]
    requests = [await ask(db, mentee, mentor) for mentee in mentees]

    results = await outcomes(
        [
            call
            for r in requests
            for call in (
                service.accept_request(db, viewer_id=mentor, request_id=r.id),
                service.withdraw_request(db, viewer_id=r.sender_id, request_id=r.id),
            )
        ]
    )

    statuses = await request_statuses(db)
    for n, r in enumerate(requests):
        accept, withdraw = results[2 * n], results[2 * n + 1]
        # Exactly one of the two took effect, and the row says which.
        if statuses[r.id] is RequestStatus.ACCEPTED:
            assert isinstance(accept, MentorshipRequest)
            assert isinstance(withdraw, ServiceError) and withdraw.code.value == "CONFLICT"
        else:
            assert isinstance(accept, ServiceError) and accept.code.value == "CONFLICT"
            assert statuses[r.id] in (RequestStatus.WITHDRAWN, RequestStatus.CANCELLED)
    assert await active_mentees(db, mentor) == len(await active_mentorships(db)) <= 2


async def test_ending_twice_at_once_frees_one_place(db: Db) -> None:
    mentor = await participant(db, "Mentor Mia", can_mentor=True, capacity=1)
    mentee = await participant(db, "Mentee Max", seeks_mentoring=True)
    request = await service.accept_request(
        db, viewer_id=mentor, request_id=(await ask(db, mentee, mentor)).id
    )
    assert request.mentorship is not None

    results = await outcomes(
        [
            service.end_mentorship(
                db,
                viewer_id=viewer,
                mentorship_id=request.mentorship.id,
                outcome=service.MentorshipOutcome.COMPLETED,
                reason=None,
            )
            for viewer in (mentor, mentee) * 5
        ]
    )

    assert not [r for r in results if isinstance(r, ServiceError)]
    assert await active_mentees(db, mentor) == 0
    assert len([n for n in await notifications_of(db, mentor) if n.kind.value == "FEEDBACK_DUE"]) == 1


@pytest.mark.parametrize(
    ("table", "constraint"),
    [
        ("mentorship_requests", "uq_mentorship_requests_pending_pair"),
        ("mentorships", "uq_mentorships_active_pair"),
    ],
)
async def test_the_database_itself_refuses_a_second_open_row_per_pair(
    db: Db, table: str, constraint: str
) -> None:
    """Even a writer that skips the service cannot create a second PENDING request or ACTIVE mentorship
    for a pair."""
    mentor = await participant(db, "Mentor Mia", can_mentor=True, capacity=5)
    mentee = await participant(db, "Mentee Max", seeks_mentoring=True)
    request = await ask(db, mentee, mentor)
    if table == "mentorships":
        await set_limits(db, max_mentors_per_mentee=2)
        await service.accept_request(db, viewer_id=mentor, request_id=request.id)
        request = await ask(db, mentee, await participant(db, "Other", can_mentor=True))
        statement = (
            "INSERT INTO mentorships (id, request_id, mentor_id, mentee_id)"
            " VALUES (gen_random_uuid(), :request, :mentor, :mentee)"
        )
    else:
        statement = (
            "INSERT INTO mentorship_requests (id, mentor_id, mentee_id, sender_id, recipient_id, message,"
            " expires_at) VALUES (gen_random_uuid(), :mentor, :mentee, :mentee, :mentor, 'again', now())"
        )
    with pytest.raises(IntegrityError) as raised:
        async with db.begin() as session:
            await session.execute(
                text(statement), {"request": request.id, "mentor": mentor, "mentee": mentee}
            )
    assert constraint in str(raised.value)


async def counters_and_truth(db: Db) -> list[tuple[int, int, int]]:
    """Per mentor: (active_mentees, ACTIVE mentorships counted, capacity)."""
    async with db() as session:
        rows = await session.execute(
            text(
                "SELECT p.active_mentees, count(m.id) AS active, p.capacity FROM profiles p"
                " LEFT JOIN mentorships m ON m.mentor_id = p.user_id AND m.status = 'ACTIVE'"
                " WHERE p.can_mentor GROUP BY p.user_id"
            )
        )
        return [(row.active_mentees, row.active, row.capacity) for row in rows]


async def test_a_storm_of_accepts_and_ends_keeps_every_counter_exact(db: Db) -> None:
    await set_limits(db, max_pending_requests=4, max_mentors_per_mentee=2)
    mentors = [await participant(db, f"Mentor {n}", can_mentor=True, capacity=2) for n in range(4)]
    mentees = [await participant(db, f"Mentee {n}", seeks_mentoring=True) for n in range(8)]
    first_round = [await ask(db, mentee, mentor) for mentee in mentees for mentor in mentors[:2]]
    second_round = [await ask(db, mentee, mentor) for mentee in mentees for mentor in mentors[2:]]
    # Some mentorships to end while the storm runs.
    started = [
        await service.accept_request(db, viewer_id=r.recipient_id, request_id=r.id) for r in first_round[::5]
    ]

    results = await outcomes(
        [service.accept_request(db, viewer_id=r.recipient_id, request_id=r.id) for r in second_round]
        + [
            service.end_mentorship(
                db,
                viewer_id=viewer,
                mentorship_id=r.mentorship.id,
                outcome=service.MentorshipOutcome.COMPLETED,
                reason=None,
            )
            for r in started
            if r.mentorship is not None
            for viewer in (r.mentor_id, r.mentee_id)
        ]
        + [service.accept_request(db, viewer_id=r.recipient_id, request_id=r.id) for r in first_round]
    )

    assert set(error_codes(results)) <= {"CONFLICT", "CAPACITY_REACHED", "LIMIT_REACHED"}
    assert len(await active_mentorships(db)) > 0
    for counter, active, capacity in await counters_and_truth(db):
        assert counter == active <= capacity
