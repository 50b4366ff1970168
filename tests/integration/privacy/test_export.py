"""exportMyData: everything held about me, as one document, for me alone; audited."""

from __future__ import annotations

import json

from sqlalchemy import select

from mentormatch.audit.models import AuditEntry
from mentormatch.mail import service as mail
from mentormatch.mail.models import Delivery, EmailKind
from tests.conftest import GraphQL
from tests.integration.privacy.conftest import (
    EMAIL,
    MARKER,
    NAME,
    Db,
    Person,
    db,
    person,
    written_everywhere,
)

__all__ = ["db", "person"]

EXPORT = "{ exportMyData }"


async def test_the_export_holds_every_kind_of_my_data_and_nothing_it_should_not(
    gql: GraphQL, db: Db, person: Person
) -> None:
    story = await written_everywhere(gql, db, person)
    async with db.begin() as session:
        await mail.choose(
            session, user_id=story.user_id, kinds=[EmailKind.FEEDBACK_DUE], delivery=Delivery.DAILY_DIGEST
        )
    document = (await gql.data(EXPORT, token=story.token))["exportMyData"]

    account = document["account"]
    assert (account["id"], account["email"], account["displayName"]) == (str(story.user_id), EMAIL, NAME)
    profile = document["profile"]
    assert profile["headline"] == f"{MARKER} headline" and profile["bio"] == f"My bio, {MARKER}."
    assert profile["expertise"] == [f"{MARKER} data pipelines"]
    assert profile["objectives"] == [f"{MARKER} public speaking"]
    assert profile["skills"] == [{"name": f"{MARKER} sql", "level": 3}]
    assert profile["languages"] == [f"{MARKER}ish"] and profile["contactNote"] == f"Call me on {MARKER} chat"
    assert (profile["department"], profile["location"]) == (f"{MARKER} department", f"{MARKER} city")

    requests = {
        (r["direction"], r["status"], r["otherParticipant"]["displayName"]) for r in document["requests"]
    }
    assert requests == {
        ("SENT", "ACCEPTED", "Mentor Mia"),
        ("RECEIVED", "ACCEPTED", "Mentee Max"),
        ("RECEIVED", "DECLINED", "Inviter Ivy"),
        ("SENT", "PENDING", "Asked Ann"),
        ("RECEIVED", "PENDING", "Asker Abe"),
    }
    declined = next(r for r in document["requests"] if r["status"] == "DECLINED")
    assert declined["reason"] == f"{MARKER} no thanks"
    sent = next(r for r in document["requests"] if r["otherParticipant"]["displayName"] == "Mentor Mia")
    assert sent["message"] == f"{MARKER} please" and sent["objectives"] == [f"{MARKER} objective"]

    mentorships = {
        (m["yourRole"], m["status"], m["otherParticipant"]["displayName"]) for m in document["mentorships"]
    }
    assert mentorships == {("MENTEE", "ACTIVE", "Mentor Mia"), ("MENTOR", "ENDED", "Mentee Max")}
    # The other side by display name only: no email, no contact note, even of an active partner.
    for mentorship in document["mentorships"]:
        assert set(mentorship["otherParticipant"]) == {"id", "displayName"}
    assert (
        next(m for m in document["mentorships"] if m["status"] == "ENDED")["endReason"]
        == f"{MARKER} moving on"
    )

    # My check-ins only: the mentor's check-in on our mentorship is theirs.
    assert [(f["comment"], f["objectiveProgress"]) for f in document["feedback"]] == [
        (f"{MARKER} comment", [{"objective": f"{MARKER} objective", "progress": 40}])
    ]
    assert {(s["note"], s["loggedByYou"]) for s in document["sessions"]} == {
        (f"{MARKER} note", True),
        (f"Coffee with {NAME}", False),
    }
    kinds = {n["kind"] for n in document["notifications"]}
    assert {"REQUEST_ACCEPTED", "REQUEST_RECEIVED", "FEEDBACK_DUE"} <= kinds
    assert document["signIns"] and all(s["revokedAt"] is None for s in document["signIns"])
    assert [(c["kind"], c["delivery"]) for c in document["emailChoices"]] == [
        ("FEEDBACK_DUE", "DAILY_DIGEST")
    ]
    assert {"REQUEST_ACCEPTED", "REQUEST_RECEIVED"} <= {e["kind"] for e in document["emails"]}
    assert [r["reason"] for r in document["reports"]] == [f"{MARKER} report reason"]

    # Never in it: password hashes, vectors, other people's emails or contact notes.
    flat = json.dumps(document)
    assert "argon2" not in flat and "embedding" not in flat
    assert "mentor.mia@example.com" not in flat and "mentee.max@example.com" not in flat

    async with db() as session:
        entries = (
            await session.scalars(select(AuditEntry).where(AuditEntry.action == "DATA_EXPORTED"))
        ).all()
    assert [(e.actor_id, e.target_id) for e in entries] == [(story.user_id, story.user_id)]
    # The export lists itself among the security events next time.
    again = (await gql.data(EXPORT, token=story.token))["exportMyData"]
    assert {"action": "DATA_EXPORTED", "byYou": True} in [
        {k: e[k] for k in ("action", "byYou")} for e in again["securityEvents"]
    ]


async def test_the_export_needs_a_sign_in_and_is_only_ever_mine(gql: GraphQL, person: Person) -> None:
    anonymous = await gql(EXPORT)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    _, someone = await person("Someone Sam", headline="Sam's headline")
    await person(NAME, headline=f"{MARKER} headline")
    document = (await gql.data(EXPORT, token=someone))["exportMyData"]
    assert document["account"]["displayName"] == "Someone Sam"
    assert MARKER not in json.dumps(document)
