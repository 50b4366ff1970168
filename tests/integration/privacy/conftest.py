"""A participant who wrote a unique marker into every text field they can write, and their partners.

People sign in through the real services and write through GraphQL, as the app does; the story is the
one `written_everywhere` tells. The marker is searched for afterwards in every column of every table.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text

from tests.conftest import GraphQL
from tests.integration.feedback.conftest import LOG_SESSION, SUBMIT, admin
from tests.integration.matching.conftest import PASSWORD
from tests.integration.mentorships.conftest import (
    ACCEPT,
    DECLINE,
    END,
    INVITE_MENTEE,
    REQUEST_MENTORSHIP,
    Db,
    Person,
    db,
    person,
    set_limits,
)

__all__ = ["PASSWORD", "Db", "Person", "admin", "db", "person"]

MARKER = "qzm7x"
NAME = f"{MARKER.title()} Person"
EMAIL = f"{MARKER}.person@example.com"
ERRORS = "errors { code message field }"
REPORT = f"""
mutation($input: ReportInput!) {{ reportContent(input: $input) {{ {ERRORS} }} }}"""


@dataclass(frozen=True)
class Story:
    """The marked participant and the people whose records refer to them."""

    user_id: uuid.UUID
    token: str
    # Mentor of the marked participant's ACTIVE mentorship (ended by the erasure).
    mentor_id: uuid.UUID
    mentor: str
    active_mentorship: str
    # Mentee of a mentorship the marked participant mentored and ended, who rated them afterwards.
    mentee_id: uuid.UUID
    mentee: str
    past_mentorship: str
    # The recipients / senders of the PENDING requests (cancelled by the erasure).
    asked_id: uuid.UUID
    asked: str
    asked_request: str
    asker_id: uuid.UUID
    asker: str
    asker_request: str


async def ok(gql: GraphQL, query: str, variables: dict[str, Any], token: str, field: str) -> dict[str, Any]:
    """A mutation's payload, which must have succeeded."""
    payload: dict[str, Any] = (await gql.data(query, variables, token=token))[field]
    assert payload["errors"] == [], payload["errors"]
    return payload


async def written_everywhere(gql: GraphQL, db: Db, person: Person) -> Story:
    """The marked participant, as mentee and mentor: a profile with the marker in every text; a request
    (message, objectives) accepted by a mentor, with check-ins (comment, progress) and sessions (note) by
    both; a mentorship they mentored and ended with a reason, rated by its mentee; an invitation they
    declined with a reason; a pending request each way; a report; a failed
    sign-in. Their partners quote their name in what they write."""
    await set_limits(db, max_mentors_per_mentee=5)
    user_id, token = await person(
        NAME,
        canMentor=True,
        seeksMentoring=True,
        capacity=5,
        headline=f"{MARKER} headline",
        bio=f"My bio, {MARKER}.",
        expertise=[f"{MARKER} data pipelines"],
        objectives=[f"{MARKER} public speaking"],
        skills=[{"name": f"{MARKER} sql", "level": 3}],
        department=f"{MARKER} department",
        location=f"{MARKER} city",
        languages=[f"{MARKER}ish"],
        contactNote=f"Call me on {MARKER} chat",
    )
    mentor_id, mentor = await person("Mentor Mia", canMentor=True, capacity=5)
    mentee_id, mentee = await person("Mentee Max", seeksMentoring=True)
    _, inviter = await person("Inviter Ivy", canMentor=True, capacity=5)
    asked_id, asked = await person("Asked Ann", canMentor=True, capacity=5)
    asker_id, asker = await person("Asker Abe", seeksMentoring=True)
    objective = f"{MARKER} objective"

    # As mentee: a request with their message and objective, accepted; check-ins and sessions by both.
    sent = await ok(
        gql,
        REQUEST_MENTORSHIP,
        {"input": {"mentorId": str(mentor_id), "message": f"{MARKER} please", "objectives": [objective]}},
        token,
        "requestMentorship",
    )
    accepted = await ok(gql, ACCEPT, {"id": sent["request"]["id"]}, mentor, "acceptMentorshipRequest")
    active = accepted["request"]["mentorship"]["id"]
    progress = [{"objective": objective, "progress": 40}]
    for author, comment in ((token, f"{MARKER} comment"), (mentor, f"Great progress, {NAME}!")):
        check_in = {"mentorshipId": active, "rating": 4, "goodFit": True, "comment": comment}
        await ok(
            gql, SUBMIT, {"input": {**check_in, "objectiveProgress": progress}}, author, "submitFeedback"
        )
    today = datetime.now(UTC).date().isoformat()
    for author, note in ((token, f"{MARKER} note"), (mentor, f"Coffee with {NAME}")):
        session_input = {"mentorshipId": active, "heldOn": today, "minutes": 30, "note": note}
        await ok(gql, LOG_SESSION, {"input": session_input}, author, "logSession")

    # As mentor: a mentee's request accepted, ended with their reason, then rated by the mentee.
    asked_them = await ok(
        gql,
        REQUEST_MENTORSHIP,
        {"input": {"mentorId": str(user_id), "message": f"Hi {NAME}, would you mentor me?"}},
        mentee,
        "requestMentorship",
    )
    past = (await ok(gql, ACCEPT, {"id": asked_them["request"]["id"]}, token, "acceptMentorshipRequest"))[
        "request"
    ]["mentorship"]["id"]
    end = {"id": past, "outcome": "COMPLETED", "reason": f"{MARKER} moving on"}
    await ok(gql, END, {"input": end}, token, "endMentorship")
    final = {"mentorshipId": past, "rating": 5, "goodFit": True}
    await ok(gql, SUBMIT, {"input": final}, mentee, "submitFeedback")

    # An invitation they declined with a reason.
    invitation = await ok(
        gql,
        INVITE_MENTEE,
        {"input": {"menteeId": str(user_id), "message": f"Hello {NAME}", "objectives": [objective]}},
        inviter,
        "inviteMentee",
    )
    await ok(
        gql,
        DECLINE,
        {"id": invitation["request"]["id"], "reason": f"{MARKER} no thanks"},
        token,
        "declineMentorshipRequest",
    )

    # A pending request each way.
    pending_out = await ok(
        gql,
        REQUEST_MENTORSHIP,
        {"input": {"mentorId": str(asked_id), "message": f"{MARKER} another request"}},
        token,
        "requestMentorship",
    )
    pending_in = await ok(
        gql,
        REQUEST_MENTORSHIP,
        {"input": {"mentorId": str(user_id), "message": f"Dear {NAME}"}},
        asker,
        "requestMentorship",
    )

    # A report of someone else's profile.
    report = {"targetType": "PROFILE", "targetId": str(asked_id), "reason": f"{MARKER} report reason"}
    await ok(gql, REPORT, {"input": report}, token, "reportContent")

    # A failed sign-in: kept about the email (by its hash).
    failed = await gql.data(
        "mutation($input: LoginInput!) { login(input: $input) { errors { code } } }",
        {"input": {"email": EMAIL, "password": "not-the-password-at-all"}},
    )
    assert failed["login"]["errors"] == [{"code": "INVALID_CREDENTIALS"}]

    return Story(
        user_id=user_id,
        token=token,
        mentor_id=mentor_id,
        mentor=mentor,
        active_mentorship=active,
        mentee_id=mentee_id,
        mentee=mentee,
        past_mentorship=past,
        asked_id=asked_id,
        asked=asked,
        asked_request=pending_out["request"]["id"],
        asker_id=asker_id,
        asker=asker,
        asker_request=pending_in["request"]["id"],
    )


async def columns_containing(db: Db, needle: str) -> list[tuple[str, str, int]]:
    """Every (table, column, rows) of the database whose value, as text, contains `needle` in any case:
    all columns of all tables, from information_schema (text, varchar, text[], JSON and the rest)."""
    found: list[tuple[str, str, int]] = []
    async with db() as session:
        columns = (
            await session.execute(
                text(
                    "SELECT c.table_name, c.column_name FROM information_schema.columns c"
                    " JOIN information_schema.tables t USING (table_schema, table_name)"
                    " WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'"
                    " ORDER BY c.table_name, c.ordinal_position"
                )
            )
        ).all()
        assert len(columns) > 50
        for table, column in columns:
            hits = await session.scalar(
                text(f'SELECT count(*) FROM "{table}" WHERE CAST("{column}" AS text) ILIKE :pattern'),
                {"pattern": f"%{needle}%"},
            )
            if hits:
                found.append((table, column, hits))
    return found
