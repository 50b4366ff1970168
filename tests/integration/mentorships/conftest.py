"""Participants and helpers for mentorship tests.

People who sign in are registered through the real services (`person`, shared with the matching tests);
the crowds of the concurrency tests are written straight into PostgreSQL, which is much faster than
hashing twenty passwords and changes nothing the rules look at.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.accounts.models import User
from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.mentorships import service
from mentormatch.mentorships.models import Mentorship, MentorshipRequest, MentorshipStatus, RequestStatus
from mentormatch.notifications.models import Notification
from mentormatch.profiles.models import Profile
from tests.integration.matching.conftest import Person, person, set_profile, set_user

__all__ = ["Person", "person", "set_profile", "set_user"]

Db = async_sessionmaker[AsyncSession]

REQUEST_FIELDS = """
  id status initiator message objectives reason createdAt expiresAt decidedAt
  mentor { id displayName } mentee { id displayName } sender { id } recipient { id }
  mentorship { id status mentor { id } mentee { id } request { id } }
"""
REQUEST_MENTORSHIP = f"""
mutation($input: RequestMentorshipInput!) {{
  requestMentorship(input: $input) {{ request {{ {REQUEST_FIELDS} }} errors {{ code message field }} }}
}}"""
INVITE_MENTEE = f"""
mutation($input: InviteMenteeInput!) {{
  inviteMentee(input: $input) {{ request {{ {REQUEST_FIELDS} }} errors {{ code message field }} }}
}}"""
ACCEPT = f"""
mutation($id: ID!) {{
  acceptMentorshipRequest(id: $id) {{ request {{ {REQUEST_FIELDS} }} errors {{ code message field }} }}
}}"""
DECLINE = f"""
mutation($id: ID!, $reason: String) {{
  declineMentorshipRequest(id: $id, reason: $reason) {{
    request {{ {REQUEST_FIELDS} }} errors {{ code message field }}
  }}
}}"""
WITHDRAW = f"""
mutation($id: ID!) {{
  withdrawMentorshipRequest(id: $id) {{ request {{ {REQUEST_FIELDS} }} errors {{ code message field }} }}
}}"""
END = """
mutation($input: EndMentorshipInput!) {
  endMentorship(input: $input) {
    mentorship { id status outcome endReason endedAt endedBy { id } mentor { id } mentee { id } }
    errors { code message field }
  }
}"""
NOTIFICATIONS = """
query($first: Int, $after: String, $unreadOnly: Boolean) {
  notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
    unreadCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node {
      id kind message read readAt createdAt actor { id displayName }
      request { id status } mentorship { id status }
    } }
  }
}"""


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Db]:
    """Sessions on this test's database, with connections enough for twenty concurrent callers."""
    engine = create_engine(database_url, pool_size=25)
    yield create_sessionmaker(engine)
    await engine.dispose()


async def participant(db: Db, name: str, **profile: Any) -> uuid.UUID:
    """A participant written straight into the database (no password, so no sign-in): for crowds."""
    user_id = uuid.uuid4()
    async with db.begin() as session:
        session.add(
            User(id=user_id, email=f"{name.lower().replace(' ', '.')}@example.com", display_name=name)
        )
        await session.flush()
        session.add(Profile(user_id=user_id, **profile))
    return user_id


async def set_limits(db: Db, **limits: int) -> None:
    """Set the programme's request limits (the settings row is created on first use)."""
    columns = ", ".join(limits)
    values = ", ".join(f":{name}" for name in limits)
    updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in limits)
    async with db.begin() as session:
        await session.execute(
            text(
                f"INSERT INTO programme_settings (id, weights, {columns}) VALUES (1, '{{}}', {values})"
                f" ON CONFLICT (id) DO UPDATE SET {updates}"
            ),
            limits,
        )


async def expire_now(db: Db, request_id: str | uuid.UUID) -> None:
    """Move a request's expiry into the past, as if its time-to-live had run out."""
    async with db.begin() as session:
        await session.execute(
            text("UPDATE mentorship_requests SET expires_at = now() - interval '1 minute' WHERE id = :id"),
            {"id": uuid.UUID(str(request_id))},
        )


async def request_statuses(db: Db) -> dict[uuid.UUID, RequestStatus]:
    async with db() as session:
        rows = await session.execute(select(MentorshipRequest.id, MentorshipRequest.status))
        return {row.id: row.status for row in rows}


async def active_mentorships(db: Db) -> list[Mentorship]:
    async with db() as session:
        return list(
            await session.scalars(select(Mentorship).where(Mentorship.status == MentorshipStatus.ACTIVE))
        )


async def active_mentees(db: Db, mentor_id: uuid.UUID | str) -> int:
    async with db() as session:
        value = await session.scalar(
            select(Profile.active_mentees).where(Profile.user_id == uuid.UUID(str(mentor_id)))
        )
        assert value is not None
        return value


async def notifications_of(db: Db, user_id: uuid.UUID | str) -> list[Notification]:
    """A user's notifications straight from the table, oldest first."""
    async with db() as session:
        return list(
            await session.scalars(
                select(Notification)
                .where(Notification.user_id == uuid.UUID(str(user_id)))
                .order_by(Notification.created_at, Notification.id)
            )
        )


async def count_rows(db: Db, model: Any) -> int:
    async with db() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


async def ask(db: Db, mentee_id: uuid.UUID, mentor_id: uuid.UUID) -> MentorshipRequest:
    """A pending request from the mentee to the mentor, as the service made it."""
    return await service.create_request(
        db,
        initiator=service.Role.MENTEE,
        sender_id=mentee_id,
        recipient_id=mentor_id,
        message="Would you mentor me?",
        objectives=None,
    )
