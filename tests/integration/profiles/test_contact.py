"""Two people who agreed can reach each other: while their mentorship is ACTIVE each sees the other's email
and contact note, through every path of the API that shows a person; before it, after it, and to anyone
else, both stay hidden (admins see emails, never contact notes)."""

from __future__ import annotations

import uuid
from typing import Any

from tests.conftest import GraphQL
from tests.integration.mentorships.conftest import ACCEPT, END, REQUEST_MENTORSHIP, Db, Person, db, person
from tests.integration.profiles.test_privacy import make_admin

__all__ = ["db", "person"]

PERSON = "id displayName email profile { contactNote }"
BOTH = f"mentor {{ {PERSON} }} mentee {{ {PERSON} }}"
PATHS = {
    "profile": f"query($mia: ID!, $max: ID!) {{ a: profile(id: $mia) {{ user {{ {PERSON} }} }}"
    f" b: profile(id: $max) {{ user {{ {PERSON} }} }} }}",
    "outgoing": f"{{ outgoingMentorshipRequests {{ edges {{ node {{ {BOTH} }} }} }} }}",
    "incoming": f"{{ incomingMentorshipRequests {{ edges {{ node {{ {BOTH} }} }} }} }}",
    "mentorships": f"{{ myMentorships {{ edges {{ node {{ {BOTH} }} }} }} }}",
    "mentorMatches": f"{{ mentorMatches {{ edges {{ node {{ mentor {{ {PERSON} }} }} }} }} }}",
    "menteeMatches": f"{{ menteeMatches {{ edges {{ node {{ mentee {{ {PERSON} }} }} }} }} }}",
}
ONE_MENTORSHIP = (
    f"query($id: ID!) {{ mentorship(id: $id) {{ mentor {{ {PERSON} }} mentee {{ {PERSON} }} }} }}"
)
MY_NOTE = "{ me { email profile { contactNote } } }"
UPDATE = """mutation($input: ProfileInput!) {
  updateMyProfile(input: $input) { profile { contactNote } errors { code field message } }
}"""
MIA_NOTE = "Signal +44 7700 900123, evenings UK time"
MAX_NOTE = "Slack @max.m, mornings"


def people_in(data: Any) -> dict[str, tuple[str | None, str | None]]:
    """Every person anywhere in a response, by display name: (email, contact note) as shown."""
    found: dict[str, tuple[str | None, str | None]] = {}
    if isinstance(data, dict):
        if "displayName" in data:
            profile = data.get("profile") or {}
            found[data["displayName"]] = (data["email"], profile.get("contactNote"))
        for value in data.values():
            found.update(people_in(value))
    elif isinstance(data, list):
        for value in data:
            found.update(people_in(value))
    return found


async def test_contact_details_are_shared_only_while_the_mentorship_is_active(
    gql: GraphQL, person: Person, db: Db
) -> None:
    # Each could also be matched the other way round (Max mentors negotiation, Mia wants to learn it),
    # so both appear in the other's matches whatever their mentorship.
    mia_id, mia = await person(
        "Mentor Mia",
        canMentor=True,
        seeksMentoring=True,
        expertise=["running Kubernetes in production"],
        objectives=["negotiate a better salary"],
        contactNote=MIA_NOTE,
    )
    max_id, max_ = await person(
        "Mentee Max",
        canMentor=True,
        seeksMentoring=True,
        expertise=["negotiating job offers"],
        objectives=["learn to run Kubernetes"],
        contactNote=MAX_NOTE,
    )
    _, third = await person(
        "Third Tia",
        canMentor=True,
        seeksMentoring=True,
        expertise=["coaching salary negotiations"],
        objectives=["operate Kubernetes clusters"],
        contactNote="not for you",
    )
    _, admin = await make_admin(db, person, "Admin Ada")
    ids = {"mia": str(mia_id), "max": str(max_id)}
    mia_sees = {"Mentee Max": ("mentee.max@example.com", MAX_NOTE)}
    max_sees = {"Mentor Mia": ("mentor.mia@example.com", MIA_NOTE)}
    hidden = (None, None)

    async def seen(token: str, mentorship_id: str | None = None) -> dict[str, dict[str, Any]]:
        """What this viewer sees of Mia and Max through each path (omitting themself)."""
        me = (await gql.data("{ me { displayName } }", token=token))["me"]["displayName"]
        views = {}
        for path, query in PATHS.items():
            body = await gql(query, ids if path == "profile" else None, token=token)
            views[path] = {
                name: shown
                for name, shown in people_in(body.get("data")).items()
                if name in ("Mentor Mia", "Mentee Max") and name != me
            }
        if mentorship_id is not None:
            body = await gql(ONE_MENTORSHIP, {"id": mentorship_id}, token=token)
            views["mentorship"] = {n: s for n, s in people_in(body.get("data")).items() if n != me}
        return views

    def everywhere(views: dict[str, dict[str, Any]], expected: dict[str, Any]) -> None:
        for path, shown in views.items():
            for name, details in shown.items():
                assert details == expected.get(name, hidden), (path, name, details)

    # Before: a pending request reveals nothing.
    asked = await gql.data(
        REQUEST_MENTORSHIP, {"input": {"mentorId": ids["mia"], "message": "Hello"}}, token=max_
    )
    request_id = asked["requestMentorship"]["request"]["id"]
    for token in (mia, max_, third):
        everywhere(await seen(token), {})
    assert (await seen(max_))["outgoing"], "Max sees the request's participants, without details"

    # During: each sees the other's email and note, wherever the other is shown.
    accepted = await gql.data(ACCEPT, {"id": request_id}, token=mia)
    mentorship_id = accepted["acceptMentorshipRequest"]["request"]["mentorship"]["id"]
    during_mia, during_max = await seen(mia, mentorship_id), await seen(max_, mentorship_id)
    everywhere(during_mia, mia_sees)
    everywhere(during_max, max_sees)
    for views, other in ((during_mia, "Mentee Max"), (during_max, "Mentor Mia")):
        reached = {path for path, shown in views.items() if other in shown}
        assert reached >= {"profile", "mentorships", "mentorship"}, reached
    assert "Mentee Max" in during_mia["incoming"] and "Mentor Mia" in during_max["outgoing"]
    # Each is offered to the other the other way round (Max mentoring Mia), details shown there too.
    assert "Mentee Max" in during_mia["mentorMatches"] and "Mentor Mia" in during_max["menteeMatches"]
    # A third participant never does, even of people shown in their own matches.
    during_tia = await seen(third, mentorship_id)
    everywhere(during_tia, {})
    assert set(during_tia["mentorMatches"]) == {"Mentor Mia", "Mentee Max"}
    # (Max, mentored by Mia, has the programme's most mentors at once: he is not offered as a mentee.)
    assert set(during_tia["menteeMatches"]) == {"Mentor Mia"}
    assert during_tia["mentorship"] == {}, "and cannot open their mentorship"
    # Admins run the accounts, so they see emails; a contact note was written for the counterpart.
    admin_views = await seen(admin, mentorship_id)
    assert admin_views["profile"] == {
        "Mentor Mia": ("mentor.mia@example.com", None),
        "Mentee Max": ("mentee.max@example.com", None),
    }
    assert admin_views["mentorship"]["Mentee Max"] == ("mentee.max@example.com", None)

    # After: hidden again, on every path.
    ended = await gql.data(END, {"input": {"id": mentorship_id, "outcome": "COMPLETED"}}, token=max_)
    assert ended["endMentorship"]["errors"] == []
    for token in (mia, max_, third):
        views = await seen(token, mentorship_id)
        everywhere(views, {})
    assert "Mentee Max" in (await seen(mia, mentorship_id))["mentorship"], "still shown, without details"

    # The owner always sees their own.
    assert (await gql.data(MY_NOTE, token=max_))["me"] == {
        "email": "mentee.max@example.com",
        "profile": {"contactNote": MAX_NOTE},
    }


async def test_contact_note_is_validated_like_other_texts(gql: GraphQL, person: Person) -> None:
    _, token = await person("Note Nell", headline="Analyst")

    async def update(note: Any) -> dict[str, Any]:
        return (await gql.data(UPDATE, {"input": {"contactNote": note}}, token=token))["updateMyProfile"]

    saved = await update("  Teams: nell.n\nbest: Tue/Thu afternoons  ")
    assert saved == {"profile": {"contactNote": "Teams: nell.n\nbest: Tue/Thu afternoons"}, "errors": []}
    too_long = await update("x" * 501)
    assert too_long["profile"] is None
    assert too_long["errors"][0]["field"] == "contactNote"
    assert too_long["errors"][0]["code"] == "INVALID_INPUT"
    control = await update("bell\x07")
    assert control["errors"][0]["field"] == "contactNote"
    assert (await gql.data(MY_NOTE, token=token))["me"]["profile"]["contactNote"].startswith("Teams:")
    assert (await update(None))["profile"] == {"contactNote": None}, "null clears it"
    assert uuid.UUID((await gql.data("{ me { id } }", token=token))["me"]["id"])
