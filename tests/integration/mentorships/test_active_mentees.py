"""`profiles.active_mentees` is kept by PostgreSQL: it always equals the mentor's ACTIVE mentorships, a
counter set wrong by hand neither blocks ending nor accepting and is corrected by the next change, and
no writer, not even one that skips the service, can take a place beyond the mentor's capacity."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from mentormatch.mentorships import service
from mentormatch.mentorships.models import MENTOR_CAPACITY, MentorshipOutcome, MentorshipRequest
from tests.integration.mentorships.conftest import Db, active_mentees, participant, set_limits, set_profile
from tests.integration.mentorships.test_concurrency import ask


async def accepted(db: Db, mentee: uuid.UUID, mentor: uuid.UUID) -> MentorshipRequest:
    request = await service.accept_request(
        db, viewer_id=mentor, request_id=(await ask(db, mentee, mentor)).id
    )
    assert request.mentorship is not None
    return request


async def test_ending_works_and_corrects_a_counter_that_drifted_low(db: Db) -> None:
    mentor = await participant(db, "Mentor Mia", can_mentor=True, capacity=2)
    mentee = await participant(db, "Mentee Max", seeks_mentoring=True)
    request = await accepted(db, mentee, mentor)
    assert request.mentorship is not None
    await set_profile(db, mentor, active_mentees=0)

    ended = await service.end_mentorship(
        db,
        viewer_id=mentee,
        mentorship_id=request.mentorship.id,
        outcome=MentorshipOutcome.COMPLETED,
        reason=None,
    )

    assert ended.status.value == "ENDED"
    assert await active_mentees(db, mentor) == 0


async def test_accepting_counts_the_mentorships_not_a_counter_that_drifted_high(db: Db) -> None:
    mentor = await participant(db, "Mentor Mia", can_mentor=True, capacity=2)
    first, second = [await participant(db, f"Mentee {n}", seeks_mentoring=True) for n in range(2)]
    await accepted(db, first, mentor)
    pending = await ask(db, second, mentor)
    await set_profile(db, mentor, active_mentees=2)

    request = await service.accept_request(db, viewer_id=mentor, request_id=pending.id)

    assert request.mentorship is not None
    assert await active_mentees(db, mentor) == 2


async def test_writes_that_skip_the_service_keep_the_counter_and_the_capacity(db: Db) -> None:
    await set_limits(db, max_mentors_per_mentee=3)
    mentor = await participant(db, "Mentor Mia", can_mentor=True, capacity=1)
    other = await participant(db, "Mentor Ola", can_mentor=True, capacity=1)
    mentee = await participant(db, "Mentee Max", seeks_mentoring=True)
    request = await accepted(db, mentee, mentor)
    assert request.mentorship is not None
    mentorship = {"id": request.mentorship.id}

    # A second ACTIVE mentorship would pass the capacity of 1: refused by the database itself.
    stray = await ask(db, await participant(db, "Mentee Ned", seeks_mentoring=True), other)
    with pytest.raises(IntegrityError) as raised:
        async with db.begin() as session:
            await session.execute(
                text(
                    "INSERT INTO mentorships (id, request_id, mentor_id, mentee_id)"
                    " VALUES (gen_random_uuid(), :request, :mentor, :mentee)"
                ),
                {"request": stray.id, "mentor": mentor, "mentee": stray.mentee_id},
            )
    assert raised.value.orig.__cause__.constraint_name == MENTOR_CAPACITY  # type: ignore[union-attr]

    # Moving the mentorship to another mentor moves the place with it; deleting it frees it.
    async with db.begin() as session:
        await session.execute(
            text("UPDATE mentorships SET mentor_id = :other WHERE id = :id"), {**mentorship, "other": other}
        )
    assert (await active_mentees(db, mentor), await active_mentees(db, other)) == (0, 1)
    async with db.begin() as session:
        await session.execute(text("DELETE FROM mentorships WHERE id = :id"), mentorship)
    assert await active_mentees(db, other) == 0
