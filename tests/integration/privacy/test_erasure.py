"""Deleting one's account and an admin's erasure leave no trace of the person in any table, keep what
others' records need (pseudonymised), and tell the other sides."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import func, select, text

from mentormatch.accounts.models import Session, User
from mentormatch.audit.models import AuditEntry
from mentormatch.feedback.models import Feedback
from mentormatch.mentorships.models import MentorshipRequest, RequestStatus
from mentormatch.privacy.service import FORMER_PARTICIPANT
from mentormatch.profiles.models import Profile, ProfileItem
from tests.conftest import GraphQL
from tests.integration.mentorships.conftest import notifications_of
from tests.integration.privacy.conftest import (
    EMAIL,
    ERRORS,
    MARKER,
    NAME,
    PASSWORD,
    Db,
    Person,
    Story,
    admin,
    columns_containing,
    db,
    person,
    written_everywhere,
)

__all__ = ["db", "person"]

DELETE = f"""
mutation($input: DeleteMyAccountInput!) {{ deleteMyAccount(input: $input) {{ {ERRORS} }} }}"""
ERASE = f"""
mutation($id: ID!, $reason: String!) {{
  eraseUser(id: $id, reason: $reason) {{
    user {{ id displayName email }} activeMentorships {{ id }} {ERRORS}
  }}
}}"""
LOGIN = f"""
mutation($input: LoginInput!) {{ login(input: $input) {{ token {ERRORS} }} }}"""
MENTORSHIP = """
query($id: ID!) {
  mentorship(id: $id) {
    status outcome endReason objectives mentor { id displayName email } mentee { id displayName email }
    feedback { rating comment objectiveProgress { objective progress } }
  }
}"""
REASON = "Asked for it in person on 1 December"


async def _delete(gql: GraphQL, story: Story, db: Db, person: Person) -> uuid.UUID:
    payload = (await gql.data(DELETE, {"input": {"password": PASSWORD}}, token=story.token))[
        "deleteMyAccount"
    ]
    assert payload == {"errors": []}
    return story.user_id


async def _erase(gql: GraphQL, story: Story, db: Db, person: Person) -> uuid.UUID:
    admin_token = await admin(db, person)
    payload = (await gql.data(ERASE, {"id": str(story.user_id), "reason": REASON}, token=admin_token))[
        "eraseUser"
    ]
    assert payload["errors"] == []
    assert payload["user"]["displayName"] == FORMER_PARTICIPANT
    assert payload["activeMentorships"] == []
    async with db() as session:
        admin_id = await session.scalar(select(User.id).where(User.display_name == "Admin Ada"))
    assert admin_id is not None
    return admin_id


@pytest.mark.parametrize("how", [_delete, _erase], ids=["deleteMyAccount", "eraseUser"])
async def test_no_marker_no_name_no_email_and_no_vector_remains_anywhere(
    gql: GraphQL, db: Db, person: Person, how: Any
) -> None:
    story = await written_everywhere(gql, db, person)
    before = await columns_containing(db, MARKER)
    # The story really wrote the marker everywhere a participant writes (and partners quoted the name).
    expected = {
        ("users", "display_name"),
        ("users", "email"),
        ("profiles", "headline"),
        ("profiles", "bio"),
        ("profiles", "department"),
        ("profiles", "location"),
        ("profiles", "languages"),
        ("profiles", "contact_note"),
        ("profile_items", "text"),
        ("profile_skills", "key"),
        ("profile_skills", "name"),
        ("mentorship_requests", "message"),
        ("mentorship_requests", "objectives"),
        ("mentorship_requests", "reason"),
        ("mentorships", "end_reason"),
        ("feedback", "comment"),
        ("feedback_progress", "objective"),
        ("mentorship_sessions", "note"),
        ("notifications", "message"),
        ("reports", "reason"),
    }
    assert expected <= {(table, column) for table, column, _ in before}
    async with db() as session:
        assert await session.scalar(
            select(func.count()).select_from(ProfileItem).where(ProfileItem.user_id == story.user_id)
        )

    actor = await how(gql, story, db, person)

    assert await columns_containing(db, MARKER) == []
    async with db() as session:
        items = select(func.count()).select_from(ProfileItem).where(ProfileItem.user_id == story.user_id)
        assert await session.scalar(items) == 0
        profile = await session.get_one(Profile, story.user_id)
        assert profile.embedding is None and not profile.can_mentor and not profile.seeks_mentoring
        user = await session.get_one(User, story.user_id)
        assert user.display_name == FORMER_PARTICIPANT and user.password_hash is None
        assert user.email == f"erased+{story.user_id.hex}@invalid" and user.erased_at is not None
        sessions = select(func.count()).select_from(Session).where(Session.user_id == story.user_id)
        assert await session.scalar(sessions) == 0
        # Their ratings stay as aggregates: the check-in rows keep the rating, without the comment.
        own = (await session.scalars(select(Feedback).where(Feedback.author_id == story.user_id))).all()
        assert [(f.rating, f.comment) for f in own] == [(4, None)]
        assert profile.rating_count == 1 and profile.rating_sum == 5
        entry = (await session.scalars(select(AuditEntry).where(AuditEntry.target_id == story.user_id))).one()
    # The audit trail says who, by id only.
    deleted = actor == story.user_id
    assert entry.action == ("ACCOUNT_DELETED" if deleted else "USER_ERASED")
    assert entry.actor_id == actor and entry.reason == (None if deleted else REASON)

    # Signed out everywhere; the old email no longer signs in, and is free to sign up with again.
    assert (await gql.data("{ me { id } }", token=story.token))["me"] is None
    login = await gql.data(LOGIN, {"input": {"email": EMAIL, "password": PASSWORD}})
    assert [e["code"] for e in login["login"]["errors"]] == ["INVALID_CREDENTIALS"]

    # The active mentorship ended early; its mentor was told, and keeps the history, pseudonymised.
    seen = (await gql.data(MENTORSHIP, {"id": story.active_mentorship}, token=story.mentor))["mentorship"]
    assert (seen["status"], seen["outcome"]) == ("ENDED", "ENDED_EARLY")
    assert seen["mentee"] == {"id": str(story.user_id), "displayName": FORMER_PARTICIPANT, "email": None}
    assert seen["objectives"] == []
    assert [f["comment"] for f in seen["feedback"]] == [f"Great progress, {FORMER_PARTICIPANT}!"]
    told = [n for n in await notifications_of(db, story.mentor_id) if n.kind.value == "MENTORSHIP_ENDED"]
    assert len(told) == 1 and FORMER_PARTICIPANT in told[0].message
    # The past mentorship is the mentee's history: still there, their rating counted.
    past = (await gql.data(MENTORSHIP, {"id": story.past_mentorship}, token=story.mentee))["mentorship"]
    assert past["mentor"]["displayName"] == FORMER_PARTICIPANT and past["endReason"] is None
    assert [f["rating"] for f in past["feedback"]] == [5]

    # Both pending requests were cancelled, and their other sides told.
    async with db() as session:
        for request_id in (story.asked_request, story.asker_request):
            request = await session.get_one(MentorshipRequest, uuid.UUID(request_id))
            assert request.status is RequestStatus.CANCELLED
    for other in (story.asked_id, story.asker_id):
        cancelled = [n for n in await notifications_of(db, other) if n.kind.value == "REQUEST_CANCELLED"]
        assert len(cancelled) == 1 and FORMER_PARTICIPANT in cancelled[0].message
    async with db() as session:
        assert (
            await session.scalar(
                text("SELECT count(*) FROM notifications WHERE user_id = :id"), {"id": story.user_id}
            )
            == 0
        )


async def test_deleting_needs_the_password_and_a_sign_in(gql: GraphQL, db: Db, person: Person) -> None:
    _, token = await person(NAME, headline=f"{MARKER} headline")
    wrong = (await gql.data(DELETE, {"input": {"password": "not-my-password"}}, token=token))[
        "deleteMyAccount"
    ]
    assert [(e["code"], e["field"]) for e in wrong["errors"]] == [("INVALID_CREDENTIALS", "password")]
    # An account with a password cannot skip it (a fresh sign-in is the rule only for accounts without).
    none = (await gql.data(DELETE, {"input": {}}, token=token))["deleteMyAccount"]
    assert [(e["code"], e["field"]) for e in none["errors"]] == [("INVALID_CREDENTIALS", "password")]
    anonymous = (await gql.data(DELETE, {"input": {"password": PASSWORD}}))["deleteMyAccount"]
    assert [e["code"] for e in anonymous["errors"]] == ["UNAUTHENTICATED"]
    me = (await gql.data("{ me { displayName profile { headline } } }", token=token))["me"]
    assert me == {"displayName": NAME, "profile": {"headline": f"{MARKER} headline"}}


async def test_a_browser_is_signed_out_by_deleting(client: Any, db: Db, person: Person) -> None:
    await person(NAME)
    browser = GraphQL(client, browser=True)
    signed_in = await browser.data(LOGIN, {"input": {"email": EMAIL, "password": PASSWORD}})
    assert signed_in["login"]["errors"] == []
    csrf = {"X-CSRF-Token": client.cookies.get("mm_csrf")}
    deleted = await browser.data(DELETE, {"input": {"password": PASSWORD}}, headers=csrf)
    assert deleted["deleteMyAccount"]["errors"] == []
    assert "mm_session" not in client.cookies
    assert (await browser.data("{ me { id } }"))["me"] is None


async def test_only_admins_erase_and_participants_change_nothing(
    gql: GraphQL, db: Db, person: Person
) -> None:
    target_id, target = await person(NAME, headline=f"{MARKER} headline")
    _, someone = await person("Someone Sam")
    refused = (await gql.data(ERASE, {"id": str(target_id), "reason": REASON}, token=someone))["eraseUser"]
    assert [e["code"] for e in refused["errors"]] == ["FORBIDDEN"] and refused["user"] is None
    assert (await gql.data("{ me { displayName } }", token=target))["me"] == {"displayName": NAME}
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(AuditEntry)) == 0


async def test_erasing_checks_its_input_and_is_audited_once(gql: GraphQL, db: Db, person: Person) -> None:
    target_id, _ = await person(NAME)
    admin_token = await admin(db, person)
    admin_id = (await gql.data("{ me { id } }", token=admin_token))["me"]["id"]

    def codes(payload: dict[str, Any]) -> list[tuple[str, str | None]]:
        return [(e["code"], e["field"]) for e in payload["eraseUser"]["errors"]]

    assert codes(await gql.data(ERASE, {"id": str(target_id), "reason": "  "}, token=admin_token)) == [
        ("INVALID_INPUT", "reason")
    ]
    # Found by fuzzing: a NUL byte reached the audit log's INSERT (INTERNAL, nothing erased).
    assert codes(await gql.data(ERASE, {"id": str(target_id), "reason": "a\x00b"}, token=admin_token)) == [
        ("INVALID_INPUT", "reason")
    ]
    assert codes(await gql.data(ERASE, {"id": str(uuid.uuid4()), "reason": REASON}, token=admin_token)) == [
        ("NOT_FOUND", "id")
    ]
    assert codes(await gql.data(ERASE, {"id": "not-an-id", "reason": REASON}, token=admin_token)) == [
        ("NOT_FOUND", "id")
    ]
    assert codes(await gql.data(ERASE, {"id": admin_id, "reason": REASON}, token=admin_token)) == [
        ("FORBIDDEN", None)
    ]
    for _ in range(2):
        again = await gql.data(ERASE, {"id": str(target_id), "reason": REASON}, token=admin_token)
        assert again["eraseUser"]["errors"] == []
        assert again["eraseUser"]["user"]["displayName"] == FORMER_PARTICIPANT
    async with db() as session:
        entries = (await session.scalars(select(AuditEntry.action))).all()
    assert entries == ["USER_ERASED"]
