"""suspendUser / reinstateUser: everything a suspension does, as the people involved notice it."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from mentormatch.accounts.models import Session
from mentormatch.mentorships import service as mentorships
from mentormatch.mentorships.models import MentorshipRequest, RequestStatus, Role
from mentormatch.notifications.models import NotificationKind
from tests.conftest import GraphQL
from tests.integration.feedback.conftest import start_mentorship
from tests.integration.matching.conftest import PASSWORD
from tests.integration.mentorships.conftest import set_limits
from tests.integration.moderation.conftest import (
    ME,
    MENTEE_MATCHES,
    MENTOR_MATCHES,
    REINSTATE,
    SUSPEND,
    Db,
    Person,
    audit_entries,
    codes,
    db,
    make_admin,
    notifications_of,
    payload,
    person,
)

__all__ = ["db", "person"]

LOGIN = "mutation($input: LoginInput!) { login(input: $input) { token errors { code message } } }"
UPDATE_PROFILE = "mutation($input: ProfileInput!) { updateMyProfile(input: $input) { errors { code } } }"
REASON = "Harassed another participant in messages"


def ids(result: dict[str, object], kind: str) -> set[str]:
    connection = result[f"{kind}Matches"]
    assert isinstance(connection, dict)
    return {edge["node"][kind]["id"] for edge in connection["edges"]}


async def request_status(db: Db, request_id: uuid.UUID) -> tuple[RequestStatus, str | None]:
    async with db() as session:
        request = await session.get_one(MentorshipRequest, request_id)
        return request.status, request.reason


async def test_a_suspension_ends_sign_ins_matching_and_pending_requests_and_lists_active_mentorships(
    gql: GraphQL, db: Db, person: Person
) -> None:
    await set_limits(db, max_mentors_per_mentee=3)
    admin_id, admin = await make_admin(db, person)
    sam_id, sam = await person(
        "Sam Suspect",
        canMentor=True,
        seeksMentoring=True,
        expertise=["building data pipelines in Python"],
        objectives=["public speaking to large audiences"],
    )
    mia_id, _ = await person("Mia Mentor", canMentor=True, capacity=5, expertise=["negotiation"])
    leo_id, _ = await person("Leo Mentor", canMentor=True, expertise=["team leadership"])
    nia_id, _ = await person("Nia Mentor", canMentor=True, expertise=["accounting"])
    _, ola = await person("Ola Coach", canMentor=True, expertise=["presenting on stage to a big crowd"])
    _, tom = await person("Tom Mentee", seeksMentoring=True, objectives=["write ETL jobs in Python"])
    mentorship_id = await start_mentorship(db, mia_id, sam_id)
    to_leo = await mentorships.create_request(
        db, initiator=Role.MENTEE, sender_id=sam_id, recipient_id=leo_id, message="Hi Leo", objectives=None
    )
    from_nia = await mentorships.create_request(
        db, initiator=Role.MENTOR, sender_id=nia_id, recipient_id=sam_id, message="Hi Sam", objectives=None
    )
    # Before: Sam is in both match lists and signed in.
    assert str(sam_id) in ids(await gql.data(MENTOR_MATCHES, token=tom), "mentor")
    assert str(sam_id) in ids(await gql.data(MENTEE_MATCHES, token=ola), "mentee")
    assert (await gql.data(ME, token=sam))["me"] == {"id": str(sam_id)}

    result = await payload(gql, SUSPEND, {"id": str(sam_id), "reason": REASON}, admin)

    assert result["errors"] == []
    assert result["user"]["suspendedAt"] is not None and result["user"]["suspensionReason"] == REASON
    assert [m["id"] for m in result["activeMentorships"]] == [mentorship_id]
    assert result["activeMentorships"][0]["status"] == "ACTIVE"
    # Their token is refused at once, and signing in again is refused.
    assert (await gql.data(ME, token=sam))["me"] is None
    refused = await gql(UPDATE_PROFILE, {"input": {"headline": "still here"}}, token=sam)
    assert refused["data"]["updateMyProfile"]["errors"] == [{"code": "UNAUTHENTICATED"}]
    login = await gql.data(LOGIN, {"input": {"email": "sam.suspect@example.com", "password": PASSWORD}})
    assert login["login"]["token"] is None and [e["code"] for e in login["login"]["errors"]] == ["FORBIDDEN"]
    async with db() as session:
        live = await session.scalars(
            select(Session).where(Session.user_id == sam_id, Session.revoked_at.is_(None))
        )
        assert list(live) == []
    # Gone from both match lists.
    assert str(sam_id) not in ids(await gql.data(MENTOR_MATCHES, token=tom), "mentor")
    assert str(sam_id) not in ids(await gql.data(MENTEE_MATCHES, token=ola), "mentee")
    # Pending requests in both directions are cancelled; the other sides are told, without why.
    for request in (to_leo, from_nia):
        status, reason = await request_status(db, request.id)
        assert status is RequestStatus.CANCELLED and reason == "Sam Suspect can no longer be matched."
    for other in (leo_id, nia_id):
        (told,) = [
            n for n in await notifications_of(db, other) if n.kind is NotificationKind.REQUEST_CANCELLED
        ]
        assert "Sam Suspect can no longer be matched" in told.message
        assert REASON.lower() not in told.message.lower() and told.actor_id is None
    assert not [n for n in await notifications_of(db, sam_id) if n.kind is NotificationKind.REQUEST_CANCELLED]
    # The active mentorship is left for the admin.
    assert (await mentorships.mentorship_by_id(db, uuid.UUID(mentorship_id))).status.value == "ACTIVE"
    # Audited once, with the reason; doing it again changes nothing and records nothing.
    (entry,) = await audit_entries(db, "USER_SUSPENDED")
    assert (entry.actor_id, entry.target_id, entry.reason, entry.target_type) == (
        admin_id,
        sam_id,
        REASON,
        "USER",
    )
    again = await payload(gql, SUSPEND, {"id": str(sam_id), "reason": "again"}, admin)
    assert again["errors"] == [] and again["user"]["suspensionReason"] == REASON
    assert len(await audit_entries(db, "USER_SUSPENDED")) == 1


async def test_reinstating_lets_them_sign_in_again_but_old_sessions_stay_ended(
    gql: GraphQL, db: Db, person: Person
) -> None:
    admin_id, admin = await make_admin(db, person)
    sam_id, sam = await person("Sam Suspect", canMentor=True, expertise=["building data pipelines"])
    _, tom = await person("Tom Mentee", seeksMentoring=True, objectives=["write ETL jobs"])
    await payload(gql, SUSPEND, {"id": str(sam_id), "reason": REASON}, admin)

    result = await payload(gql, REINSTATE, {"id": str(sam_id)}, admin)

    assert result["errors"] == [] and result["user"]["suspendedAt"] is None
    assert (await gql.data(ME, token=sam))["me"] is None
    login = await gql.data(LOGIN, {"input": {"email": "sam.suspect@example.com", "password": PASSWORD}})
    assert login["login"]["errors"] == []
    assert (await gql.data(ME, token=login["login"]["token"]))["me"] == {"id": str(sam_id)}
    assert str(sam_id) in ids(await gql.data(MENTOR_MATCHES, token=tom), "mentor")
    (entry,) = await audit_entries(db, "USER_REINSTATED")
    assert (entry.actor_id, entry.target_id) == (admin_id, sam_id)
    await payload(gql, REINSTATE, {"id": str(sam_id)}, admin)
    assert len(await audit_entries(db, "USER_REINSTATED")) == 1


async def test_admins_cannot_suspend_themselves_nor_someone_unknown(
    gql: GraphQL, db: Db, person: Person
) -> None:
    admin_id, admin = await make_admin(db, person)
    own = await payload(gql, SUSPEND, {"id": str(admin_id), "reason": REASON}, admin)
    assert codes(own) == ["FORBIDDEN"] and own["user"] is None
    unknown = await payload(gql, SUSPEND, {"id": str(uuid.uuid4()), "reason": REASON}, admin)
    assert codes(unknown) == ["NOT_FOUND"]
    garbled = await payload(gql, REINSTATE, {"id": "not-an-id"}, admin)
    assert codes(garbled) == ["NOT_FOUND"]
    sam_id, _ = await person("Sam Suspect")
    blank = await payload(gql, SUSPEND, {"id": str(sam_id), "reason": "  "}, admin)
    assert [(e["code"], e["field"]) for e in blank["errors"]] == [("INVALID_INPUT", "reason")]
    assert (await gql.data(ME, token=admin))["me"] == {"id": str(admin_id)}
    assert await audit_entries(db) == []


async def test_a_participant_cannot_suspend_or_reinstate_and_nothing_changes(
    gql: GraphQL, db: Db, person: Person
) -> None:
    _, eve = await person("Eve Participant")
    sam_id, sam = await person("Sam Suspect")
    for document, variables in (
        (SUSPEND, {"id": str(sam_id), "reason": REASON}),
        (REINSTATE, {"id": str(sam_id)}),
    ):
        result = await payload(gql, document, variables, eve)
        assert codes(result) == ["FORBIDDEN"] and result["user"] is None
    assert (await gql.data(ME, token=sam))["me"] == {"id": str(sam_id)}
    anonymous = (await gql.data(SUSPEND, {"id": str(sam_id), "reason": REASON}))["suspendUser"]
    assert codes(anonymous) == ["UNAUTHENTICATED"]
    assert await audit_entries(db) == []
