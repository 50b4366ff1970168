"""The feedback rules under real concurrency (many callers at once, each on its own connection, as
several API processes would be): one check-in per interval, one final check-in, one reminder per due
date, and mentors' rating counters that never drift."""

from __future__ import annotations

import uuid
from collections import Counter
from typing import Any

from mentormatch.feedback import records
from mentormatch.feedback import service as feedback
from mentormatch.feedback.models import Feedback
from mentormatch.notifications.models import NotificationKind
from tests.integration.feedback.conftest import (
    FEEDBACK_TABLE,
    Db,
    count,
    end_mentorship,
    move_start_back,
    notifications_of,
    start_mentorship,
)
from tests.integration.mentorships.conftest import participant
from tests.integration.mentorships.test_concurrency import error_codes, outcomes


def submit(db: Db, viewer_id: uuid.UUID, mentorship_id: str, rating: int = 4) -> Any:
    return feedback.submit_feedback(
        db,
        viewer_id=viewer_id,
        mentorship_id=uuid.UUID(mentorship_id),
        rating=rating,
        good_fit=True,
        progress=None,
        comment=None,
    )


async def people(db: Db) -> tuple[uuid.UUID, uuid.UUID]:
    mentor = await participant(db, "Mentor Mia", can_mentor=True, capacity=10)
    mentee = await participant(db, "Mentee Max", seeks_mentoring=True)
    return mentor, mentee


async def test_twenty_simultaneous_check_ins_make_one_per_participant(db: Db) -> None:
    mentor, mentee = await people(db)
    mentorship_id = await start_mentorship(db, mentor, mentee)
    results = await outcomes([submit(db, who, mentorship_id) for who in [mentor, mentee] * 10])
    made = [r for r in results if isinstance(r, Feedback)]
    assert Counter(f.author_id for f in made) == {mentor: 1, mentee: 1}
    assert error_codes(results) == {"CONFLICT": 18}
    assert await count(db, FEEDBACK_TABLE) == 2


async def test_simultaneous_final_check_ins_make_one(db: Db) -> None:
    mentor, mentee = await people(db)
    mentorship_id = await start_mentorship(db, mentor, mentee)
    await end_mentorship(db, mentorship_id, by=mentor)
    results = await outcomes([submit(db, mentee, mentorship_id) for _ in range(10)])
    assert sum(isinstance(r, Feedback) for r in results) == 1
    assert error_codes(results) == {"CONFLICT": 9}
    assert await count(db, FEEDBACK_TABLE, "final") == 1


async def test_simultaneous_reads_announce_a_due_check_in_once(db: Db) -> None:
    mentor, mentee = await people(db)
    mentorship_id = await start_mentorship(db, mentor, mentee)
    await move_start_back(db, mentorship_id, 15)
    await outcomes([feedback.run_lazy_duties(db, user_id=mentee) for _ in range(10)])
    due = [n for n in await notifications_of(db, mentee) if n.kind is NotificationKind.FEEDBACK_DUE]
    assert len(due) == 1


async def test_simultaneous_ratings_of_one_mentor_are_all_counted(db: Db) -> None:
    mentor = await participant(db, "Mentor Mia", can_mentor=True, capacity=10)
    mentees = [await participant(db, f"Mentee {n}", seeks_mentoring=True) for n in range(8)]
    mentorships = [await start_mentorship(db, mentor, mentee) for mentee in mentees]
    ratings = [1, 2, 3, 4, 5, 5, 4, 3]
    results = await outcomes(
        [submit(db, m, s, r) for m, s, r in zip(mentees, mentorships, ratings, strict=True)]
    )
    assert all(isinstance(r, Feedback) for r in results), results
    (record,) = (await records.mentor_records(db, user_ids=[mentor])).values()
    # The only public record: the programme mean is its own mean, 27 / 8, and so is its rating.
    assert (record.enough_ratings, record.rating_count) == (True, 8)
    assert record.rating is not None and abs(record.rating - 27 / 8) < 1e-9
