"""Who may read whom: another person is shown only to signed-in callers, and a user's email and admin role
only to that user and to admins, whichever path of the API reaches them."""

from __future__ import annotations

import uuid
from typing import Any

from mentormatch.accounts.service import create_admin
from tests.conftest import GraphQL
from tests.integration.mentorships.conftest import REQUEST_MENTORSHIP, Db, Person, db, person

__all__ = ["db", "person"]

PROFILE = """
query($id: ID!) {
  profile(id: $id) {
    headline department location timezone personality { mbti }
    user { id displayName email isAdmin }
  }
}"""
REQUEST_PARTICIPANTS = "mentor { id email isAdmin } mentee { id email isAdmin }"
OUTGOING = f"{{ outgoingMentorshipRequests {{ edges {{ node {{ {REQUEST_PARTICIPANTS} }} }} }} }}"
INCOMING = f"{{ incomingMentorshipRequests {{ edges {{ node {{ {REQUEST_PARTICIPANTS} }} }} }} }}"
ONE_REQUEST = f"query($id: ID!) {{ mentorshipRequest(id: $id) {{ {REQUEST_PARTICIPANTS} }} }}"
MATCHES = """
query($query: String) {
  mentorMatches(query: $query) { edges { node { mentor { id email isAdmin profile { headline } } } } }
}"""
HIDDEN = {"email": None, "isAdmin": None}


async def make_admin(db: Db, person: Person, name: str, **profile: Any) -> tuple[uuid.UUID, str]:
    """A participant promoted to admin the way operators do it (`mentormatch create-admin`)."""
    user_id, token = await person(name, **profile)
    await create_admin(
        db, email=f"{name.lower().replace(' ', '.')}@example.com", password=None, display_name=None
    )
    return user_id, token


def account(user: dict[str, Any]) -> dict[str, Any]:
    return {"email": user["email"], "isAdmin": user["isAdmin"]}


async def test_a_profile_is_not_shown_to_anonymous_callers(gql: GraphQL, person: Person) -> None:
    owner_id, _ = await person(
        "Owner Olga",
        headline="Data engineer",
        department="Platform",
        location="Lisbon",
        timezone="Europe/Lisbon",
        personality={"mbti": "INTJ"},
    )
    _, viewer = await person("Viewer Vic")

    anonymous = await gql(PROFILE, {"id": str(owner_id)})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert anonymous["data"]["profile"] is None
    # Not even a malformed id answers differently: signing in comes first.
    malformed = await gql(PROFILE, {"id": "not-a-uuid"})
    assert malformed["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

    seen = (await gql.data(PROFILE, {"id": str(owner_id)}, token=viewer))["profile"]
    assert (seen["headline"], seen["department"], seen["location"], seen["timezone"]) == (
        "Data engineer",
        "Platform",
        "Lisbon",
        "Europe/Lisbon",
    )
    assert seen["personality"] == {"mbti": "INTJ"}


async def test_email_and_admin_role_through_a_profile(gql: GraphQL, person: Person, db: Db) -> None:
    owner_id, owner = await person("Owner Olga", headline="Data engineer")
    _, viewer = await person("Viewer Vic")
    admin_id, admin = await make_admin(db, person, "Admin Ada", headline="Runs the programme")

    def user_of(body: dict[str, Any]) -> dict[str, Any]:
        return body["profile"]["user"]  # type: ignore[no-any-return]

    olga = {"id": str(owner_id)}
    ada = {"id": str(admin_id)}
    assert account(user_of(await gql.data(PROFILE, olga, token=viewer))) == HIDDEN
    # That Ada is an admin is hers and the other admins' to know, not every participant's.
    assert account(user_of(await gql.data(PROFILE, ada, token=viewer))) == HIDDEN
    assert account(user_of(await gql.data(PROFILE, olga, token=owner))) == {
        "email": "owner.olga@example.com",
        "isAdmin": False,
    }
    assert account(user_of(await gql.data(PROFILE, olga, token=admin))) == {
        "email": "owner.olga@example.com",
        "isAdmin": False,
    }
    assert account(user_of(await gql.data(PROFILE, ada, token=admin))) == {
        "email": "admin.ada@example.com",
        "isAdmin": True,
    }


async def test_email_and_admin_role_of_a_requests_participants(gql: GraphQL, person: Person, db: Db) -> None:
    # The mentor is also an admin: their mentee must not learn that from the request either.
    mentor_id, mentor = await make_admin(db, person, "Mentor Mia", canMentor=True)
    mentee_id, mentee = await person("Mentee Max", seeksMentoring=True)
    _, other_admin = await make_admin(db, person, "Admin Ada")
    asked = await gql.data(
        REQUEST_MENTORSHIP, {"input": {"mentorId": str(mentor_id), "message": "Hi"}}, token=mentee
    )
    request_id = asked["requestMentorship"]["request"]["id"]
    mia = {"email": "mentor.mia@example.com", "isAdmin": True}
    max_ = {"email": "mentee.max@example.com", "isAdmin": False}

    (sent,) = (await gql.data(OUTGOING, token=mentee))["outgoingMentorshipRequests"]["edges"]
    assert (account(sent["node"]["mentor"]), account(sent["node"]["mentee"])) == (HIDDEN, max_)
    (received,) = (await gql.data(INCOMING, token=mentor))["incomingMentorshipRequests"]["edges"]
    # Mia is an admin, so she sees Max's details: the rule is "themself or an admin".
    assert (account(received["node"]["mentor"]), account(received["node"]["mentee"])) == (mia, max_)
    one = (await gql.data(ONE_REQUEST, {"id": request_id}, token=mentee))["mentorshipRequest"]
    assert (account(one["mentor"]), account(one["mentee"])) == (HIDDEN, max_)
    seen = (await gql.data(ONE_REQUEST, {"id": request_id}, token=other_admin))["mentorshipRequest"]
    assert (account(seen["mentor"]), account(seen["mentee"])) == (mia, max_)
    assert {seen["mentor"]["id"], seen["mentee"]["id"]} == {str(mentor_id), str(mentee_id)}


async def test_email_and_admin_role_of_a_matched_mentor(gql: GraphQL, person: Person, db: Db) -> None:
    mentor_id, _ = await make_admin(
        db,
        person,
        "Mentor Mia",
        canMentor=True,
        headline="Staff engineer",
        expertise=["Kubernetes operations"],
    )
    _, mentee = await person("Mentee Max", seeksMentoring=True, objectives=["learn to run Kubernetes"])
    _, admin = await make_admin(db, person, "Admin Ada")

    (match,) = (await gql.data(MATCHES, token=mentee))["mentorMatches"]["edges"]
    assert match["node"]["mentor"]["id"] == str(mentor_id)
    assert account(match["node"]["mentor"]) == HIDDEN
    assert match["node"]["mentor"]["profile"] == {"headline": "Staff engineer"}

    searched = await gql.data(MATCHES, {"query": "Kubernetes"}, token=admin)
    (found,) = searched["mentorMatches"]["edges"]
    assert account(found["node"]["mentor"]) == {"email": "mentor.mia@example.com", "isAdmin": True}
