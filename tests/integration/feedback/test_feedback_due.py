"""FEEDBACK_DUE without a job: reading one's notifications (as the bell does on every page) announces each
check-in that fell due on an ACTIVE mentorship, once per due date and only to that participant."""

from __future__ import annotations

import uuid
from typing import Any

from mentormatch.notifications.models import NotificationKind
from tests.conftest import GraphQL
from tests.integration.feedback.conftest import (
    NOTIFICATIONS,
    Db,
    Person,
    admin,
    check_in,
    end_mentorship,
    move_check_ins_back,
    move_end_back,
    move_start_back,
    notifications_of,
    pair,
    set_interval,
)

BELL = "{ notifications(first: 1) { unreadCount } }"


async def test_a_due_check_in_is_announced_once_per_due_date(gql: GraphQL, person: Person, db: Db) -> None:
    p = await pair(db, person)

    async def due(user_id: uuid.UUID) -> list[Any]:
        return [
            n
            for n in await notifications_of(db, user_id)
            if n.kind is NotificationKind.FEEDBACK_DUE and str(n.mentorship_id) == p.id
        ]

    async def read(token: str, times: int = 2) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for _ in range(times):
            seen = (await gql.data(NOTIFICATIONS, {"first": 50}, token=token))["notifications"]
        return seen

    await read(p.mentee)
    assert await due(p.mentee_id) == [], "nothing is due on the first day"

    # Fifteen days after the start, a check-in is due: reading twice announces it once, to the mentee.
    await move_start_back(db, p.id, 15)
    unread_before = (await gql.data(BELL, token=p.mentee))["notifications"]["unreadCount"]
    assert len(await due(p.mentee_id)) == 1, "the bell's unread count alone announces it"
    seen = await read(p.mentee)
    assert len(await due(p.mentee_id)) == 1
    assert seen["unreadCount"] == unread_before
    (notice,) = [e["node"] for e in seen["edges"] if e["node"]["kind"] == "FEEDBACK_DUE"]
    assert notice["mentorship"]["id"] == p.id
    assert notice["read"] is False
    assert "Mentor Mia" in notice["message"]
    # The mentor's is theirs, announced when they read their own.
    await read(p.mentor)
    assert len(await due(p.mentor_id)) == 1

    # After the mentee's check-in nothing new, until another interval has passed: then one more.
    await check_in(gql, p.mentee, p.id)
    await read(p.mentee)
    assert len(await due(p.mentee_id)) == 1
    await move_check_ins_back(db, p.id, 15, author_id=p.mentee_id)
    await read(p.mentee)
    assert len(await due(p.mentee_id)) == 2
    await read(p.mentor)
    assert len(await due(p.mentor_id)) == 1, "the mentor's due date did not change"

    # An ended mentorship asks once, when it ends, and never again.
    await end_mentorship(db, p.id, by=p.mentor_id)
    assert len(await due(p.mentee_id)) == 3
    await move_end_back(db, p.id, 20)
    await read(p.mentee)
    await read(p.mentor)
    assert len(await due(p.mentee_id)) == 3
    assert len(await due(p.mentor_id)) == 2


async def test_shortening_the_interval_does_not_announce_the_same_check_in_again(
    gql: GraphQL, person: Person, db: Db
) -> None:
    p = await pair(db, person)
    await move_start_back(db, p.id, 15)
    await gql.data(BELL, token=p.mentee)

    async def reminders() -> int:
        return sum(n.kind is NotificationKind.FEEDBACK_DUE for n in await notifications_of(db, p.mentee_id))

    assert await reminders() == 1
    # An admin shortens the interval: the check-in the mentee was reminded of is still the one awaited.
    await set_interval(gql, await admin(db, person), 10)
    await gql.data(BELL, token=p.mentee)
    assert await reminders() == 1
