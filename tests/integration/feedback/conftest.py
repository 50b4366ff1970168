"""Pairs, check-ins, sessions and the clock for feedback tests.

Mentorships are started through the mentorship services (a request accepted by its recipient), check-ins
and sessions go through GraphQL as the participants, and time is moved by SQL: a mentorship's start, an
end or a check-in is pushed into the past, exactly as if the days had gone by.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import text

from mentormatch.mentorships import service
from mentormatch.mentorships.models import MentorshipOutcome, RequestStatus
from mentormatch.mentorships.service import Role
from tests.conftest import GraphQL
from tests.integration.mentorships.conftest import (
    END,
    NOTIFICATIONS,
    Db,
    Person,
    db,
    expire_now,
    notifications_of,
    person,
    set_limits,
    set_profile,
    set_user,
)

__all__ = [
    "END",
    "NOTIFICATIONS",
    "Db",
    "Person",
    "db",
    "notifications_of",
    "person",
    "set_limits",
    "set_profile",
    "set_user",
]

# The tables of the feedback domain, for counting rows and moving their clocks.
FEEDBACK_TABLE = "feedback"
SESSIONS_TABLE = "mentorship_sessions"

ERRORS = "errors { code message field }"
FEEDBACK_FIELDS = """
  id rating goodFit comment final createdAt authorRole
  objectiveProgress { objective progress }
  author { id displayName }
  mentorship { id }
"""
SESSION_FIELDS = "id heldOn minutes note createdAt loggedBy { id displayName }"
SUBMIT = f"""
mutation($input: FeedbackInput!) {{
  submitFeedback(input: $input) {{ feedback {{ {FEEDBACK_FIELDS} }} {ERRORS} }}
}}"""
LOG_SESSION = f"""
mutation($input: LogSessionInput!) {{
  logSession(input: $input) {{ session {{ {SESSION_FIELDS} }} {ERRORS} }}
}}"""
MENTORSHIP_FIELDS = f"""
  id status startedAt endedAt objectives
  feedbackDue canGiveFeedback nextFeedbackAt feedbackWindowEndsAt rematchOffered
  feedback {{ {FEEDBACK_FIELDS} }}
  sessions {{ {SESSION_FIELDS} }} sessionCount sessionMinutes
"""
MENTORSHIP = f"query($id: ID!) {{ mentorship(id: $id) {{ {MENTORSHIP_FIELDS} }} }}"
UPDATE_SETTINGS = f"""
mutation($input: MatchingSettingsInput!) {{
  updateMatchingSettings(input: $input) {{
    settings {{ checkInIntervalDays weights {{ kind weight }} }} {ERRORS}
  }}
}}"""
RECORD = """
query($id: ID!) {
  profile(id: $id) {
    mentorRecord {
      enoughRatings rating ratingCount
      responsiveness { requestsCounted answeredInTime responseRate medianHoursToAnswer summary }
    }
  }
}"""
MENTOR_MATCHES = """
query($first: Int, $filter: MentorFilter) {
  mentorMatches(first: $first, filter: $filter) {
    totalCount
    edges { node {
      score mentor { id displayName }
      explanation { components { kind value weight contribution } }
    } }
  }
}"""
MENTEE_MATCHES = """
query($first: Int) {
  menteeMatches(first: $first) {
    totalCount
    edges { node {
      score mentee { id displayName }
      explanation { components { kind value weight contribution } }
    } }
  }
}"""


@dataclass(frozen=True)
class Pair:
    """An ACTIVE mentorship and its two participants, signed in."""

    id: str
    mentor_id: uuid.UUID
    mentor: str
    mentee_id: uuid.UUID
    mentee: str


async def start_mentorship(
    db: Db, mentor_id: uuid.UUID, mentee_id: uuid.UUID, objectives: Sequence[str] = ()
) -> str:
    """A mentee's request about `objectives`, accepted by the mentor; returns the mentorship's id."""
    request = await service.create_request(
        db,
        initiator=Role.MENTEE,
        sender_id=mentee_id,
        recipient_id=mentor_id,
        message="Would you mentor me?",
        objectives=list(objectives) or None,
    )
    accepted = await service.accept_request(db, viewer_id=mentor_id, request_id=request.id)
    assert accepted.mentorship is not None
    return str(accepted.mentorship.id)


async def end_mentorship(
    db: Db, mentorship_id: str, by: uuid.UUID, outcome: MentorshipOutcome = MentorshipOutcome.COMPLETED
) -> None:
    await service.end_mentorship(
        db, viewer_id=by, mentorship_id=uuid.UUID(mentorship_id), outcome=outcome, reason=None
    )


async def pair(
    db: Db,
    person: Person,
    mentor: str = "Mentor Mia",
    mentee: str = "Mentee Max",
    objectives: Sequence[str] = ("learn SQL", "present to a board"),
) -> Pair:
    """Two new participants in an ACTIVE mentorship about `objectives`."""
    mentor_id, mentor_token = await person(mentor, canMentor=True, capacity=5)
    mentee_id, mentee_token = await person(mentee, seeksMentoring=True)
    mentorship_id = await start_mentorship(db, mentor_id, mentee_id, objectives)
    return Pair(mentorship_id, mentor_id, mentor_token, mentee_id, mentee_token)


async def admin(db: Db, person: Person, name: str = "Admin Ada") -> str:
    """A signed-in admin's token."""
    admin_id, token = await person(name)
    await set_user(db, admin_id, is_admin=True)
    return token


async def submit(
    gql: GraphQL, token: str, mentorship_id: str, rating: int = 4, good_fit: bool = True, **extra: Any
) -> dict[str, Any]:
    """submitFeedback's payload; `extra` are further FeedbackInput fields (objectiveProgress, comment)."""
    variables = {"mentorshipId": mentorship_id, "rating": rating, "goodFit": good_fit, **extra}
    payload: dict[str, Any] = (await gql.data(SUBMIT, {"input": variables}, token=token))["submitFeedback"]
    return payload


async def check_in(
    gql: GraphQL, token: str, mentorship_id: str, rating: int = 4, good_fit: bool = True, **extra: Any
) -> dict[str, Any]:
    """A check-in that must be accepted; returns the Feedback."""
    payload = await submit(gql, token, mentorship_id, rating, good_fit, **extra)
    assert payload["errors"] == [], payload["errors"]
    feedback: dict[str, Any] = payload["feedback"]
    return feedback


async def log_session(
    gql: GraphQL, token: str, mentorship_id: str, held_on: date, minutes: int, note: str | None = None
) -> dict[str, Any]:
    """logSession's payload."""
    variables = {"mentorshipId": mentorship_id, "heldOn": held_on.isoformat(), "minutes": minutes}
    if note is not None:
        variables["note"] = note
    payload: dict[str, Any] = (await gql.data(LOG_SESSION, {"input": variables}, token=token))["logSession"]
    return payload


async def mentorship(gql: GraphQL, token: str, mentorship_id: str) -> dict[str, Any]:
    """The mentorship as this viewer sees it."""
    seen: dict[str, Any] = (await gql.data(MENTORSHIP, {"id": mentorship_id}, token=token))["mentorship"]
    return seen


async def set_interval(gql: GraphQL, admin_token: str, days: int) -> None:
    """The programme's checkInIntervalDays, changed by an admin."""
    changed = await gql.data(UPDATE_SETTINGS, {"input": {"checkInIntervalDays": days}}, token=admin_token)
    assert changed["updateMatchingSettings"]["errors"] == []
    assert changed["updateMatchingSettings"]["settings"]["checkInIntervalDays"] == days


def codes(payload: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(e["code"], e["field"]) for e in payload["errors"]]


def when(value: str) -> datetime:
    return datetime.fromisoformat(value)


def near(value: str | None, expected: datetime, slack: timedelta = timedelta(minutes=2)) -> bool:
    """A DateTime from the API is within `slack` of `expected`."""
    return value is not None and abs(when(value) - expected) <= slack


def names_day(message: str, day: date) -> bool:
    """The message names this calendar day, in any of the usual ways of writing it."""
    ways = {
        day.isoformat(),
        f"{day.day} {day:%B}",
        f"{day:%B} {day.day}",
        f"{day.day} {day:%b}",
        f"{day:%b} {day.day}",
    }
    return any(way in message for way in ways)


def today() -> date:
    return datetime.now(UTC).date()


# ------------------------------------------------------------------------------------------------- clock


async def sql(db: Db, statement: str, **params: Any) -> None:
    async with db.begin() as session:
        await session.execute(text(statement), params)


def _uuid(value: str | uuid.UUID) -> uuid.UUID:
    return uuid.UUID(str(value))


async def move_start_back(db: Db, mentorship_id: str, days: float) -> None:
    """The mentorship (and the request it came from) began `days` earlier than it did."""
    await sql(
        db,
        "UPDATE mentorships SET started_at = started_at - make_interval(secs => :s) WHERE id = :id",
        s=days * 86400,
        id=_uuid(mentorship_id),
    )


async def move_end_back(db: Db, mentorship_id: str, days: float) -> None:
    """The mentorship began and ended `days` earlier than it did."""
    await sql(
        db,
        "UPDATE mentorships SET started_at = started_at - make_interval(secs => :s),"
        " ended_at = ended_at - make_interval(secs => :s) WHERE id = :id",
        s=days * 86400,
        id=_uuid(mentorship_id),
    )


async def move_check_ins_back(
    db: Db, mentorship_id: str, days: float, author_id: uuid.UUID | None = None
) -> None:
    """Every check-in on the mentorship (or only the author's) was given `days` earlier."""
    condition = " AND author_id = :author" if author_id is not None else ""
    await sql(
        db,
        f"UPDATE {FEEDBACK_TABLE} SET created_at = created_at - make_interval(secs => :s)"
        f" WHERE mentorship_id = :id{condition}",
        s=days * 86400,
        id=_uuid(mentorship_id),
        **({"author": author_id} if author_id is not None else {}),
    )


async def let_expire(db: Db, gql: GraphQL, request_id: uuid.UUID, token: str) -> None:
    """The request's time to answer runs out, and a participant's next read expires it."""
    await expire_now(db, request_id)
    await gql.data("{ incomingMentorshipRequests { totalCount } }", token=token)
    request = await service.request_by_id(db, request_id)
    assert request.status is RequestStatus.EXPIRED


async def count(db: Db, table: str, where: str = "true", **params: Any) -> int:
    """Rows of a table, straight from PostgreSQL."""
    async with db() as session:
        return int(
            (await session.execute(text(f"SELECT count(*) FROM {table} WHERE {where}"), params)).scalar_one()
        )


def ids(values: Iterable[Any]) -> list[str]:
    return [str(value) for value in values]
