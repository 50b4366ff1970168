"""Logged sessions: either participant logs a meeting, both see the list (newest first) and the totals;
the limits of each field name it and write nothing; after the final window no more can be logged."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import GraphQL
from tests.integration.feedback.conftest import (
    SESSIONS_TABLE,
    Db,
    Person,
    codes,
    count,
    end_mentorship,
    log_session,
    mentorship,
    move_end_back,
    move_start_back,
    pair,
    today,
    when,
)


async def test_both_sides_log_sessions_and_see_the_list_and_totals(
    gql: GraphQL, person: Person, db: Db
) -> None:
    p = await pair(db, person)
    await move_start_back(db, p.id, 10)
    started_on = when((await mentorship(gql, p.mentee, p.id))["startedAt"]).date()

    logged = []
    for token, held_on, minutes, note in [
        (p.mentee, started_on, 60, "Kick-off: what I want to learn"),
        (p.mentor, today(), 45, None),
        (p.mentee, today() - timedelta(days=3), 30, "  Practised the board pitch  "),
    ]:
        payload = await log_session(gql, token, p.id, held_on, minutes, note)
        assert payload["errors"] == []
        logged.append(payload["session"])
    kickoff, latest, pitch = logged
    assert kickoff["heldOn"] == started_on.isoformat()
    assert (kickoff["minutes"], kickoff["note"]) == (60, "Kick-off: what I want to learn")
    assert kickoff["loggedBy"]["id"] == str(p.mentee_id)
    assert latest["loggedBy"]["id"] == str(p.mentor_id)
    assert latest["note"] is None
    assert pitch["note"] == "Practised the board pitch"

    for token in (p.mentee, p.mentor):
        seen = await mentorship(gql, token, p.id)
        assert [s["id"] for s in seen["sessions"]] == [latest["id"], pitch["id"], kickoff["id"]]
        assert (seen["sessionCount"], seen["sessionMinutes"]) == (3, 135)

    # After the end, sessions may still be logged within the final window, then no more.
    await end_mentorship(db, p.id, by=p.mentee_id)
    assert (await log_session(gql, p.mentor, p.id, today(), 20))["errors"] == []
    await move_end_back(db, p.id, 5)
    after_the_end = await log_session(gql, p.mentor, p.id, today() - timedelta(days=2), 20)
    assert codes(after_the_end) == [("INVALID_INPUT", "heldOn")], "a meeting after the end"
    await move_end_back(db, p.id, 10)
    late = await log_session(gql, p.mentor, p.id, today() - timedelta(days=15), 20)
    assert late["session"] is None
    assert codes(late) == [("CONFLICT", None)]
    assert await count(db, SESSIONS_TABLE) == 4


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"minutes": 4}, "minutes"),
        ({"minutes": 601}, "minutes"),
        ({"days_ago": -2}, "heldOn"),
        ({"days_ago": 12}, "heldOn"),
        ({"note": "n" * 1001}, "note"),
    ],
)
async def test_session_limits_name_the_field_and_nothing_is_written(
    gql: GraphQL, person: Person, db: Db, change: dict[str, Any], field: str
) -> None:
    p = await pair(db, person)
    await move_start_back(db, p.id, 10)
    values: dict[str, Any] = {"minutes": 30, "days_ago": 1, "note": None, **change}
    held_on = today() - timedelta(days=values["days_ago"])
    refused = await log_session(gql, p.mentor, p.id, held_on, values["minutes"], values["note"])
    assert refused["session"] is None
    assert codes(refused) == [("INVALID_INPUT", field)]
    assert await count(db, SESSIONS_TABLE) == 0


async def test_the_session_limits_themselves_are_accepted(gql: GraphQL, person: Person, db: Db) -> None:
    p = await pair(db, person)
    for minutes, note in ((5, None), (600, "n" * 1000)):
        assert (await log_session(gql, p.mentee, p.id, today(), minutes, note))["errors"] == []
    assert (await mentorship(gql, p.mentor, p.id))["sessionMinutes"] == 605
