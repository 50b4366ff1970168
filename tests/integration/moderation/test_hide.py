"""hideProfile / unhideProfile: a hidden profile leaves matching and other participants' view."""

from __future__ import annotations

import uuid

from tests.conftest import GraphQL
from tests.integration.moderation.conftest import (
    HIDE,
    MENTEE_MATCHES,
    MENTOR_MATCHES,
    PROFILE,
    UNHIDE,
    Db,
    Person,
    audit_entries,
    codes,
    db,
    make_admin,
    payload,
    person,
)

__all__ = ["db", "person"]

REASON = "Profile text advertises a paid service"


def listed(result: dict[str, dict[str, list[dict[str, dict[str, dict[str, str]]]]]], kind: str) -> set[str]:
    return {edge["node"][kind]["id"] for edge in result[f"{kind}Matches"]["edges"]}


async def test_a_hidden_profile_is_gone_from_matching_and_from_others_until_unhidden(
    gql: GraphQL, db: Db, person: Person
) -> None:
    admin_id, admin = await make_admin(db, person)
    hal_id, hal = await person(
        "Hal Hidden",
        canMentor=True,
        seeksMentoring=True,
        expertise=["building data pipelines in Python"],
        objectives=["public speaking to large audiences"],
    )
    _, tom = await person("Tom Mentee", seeksMentoring=True, objectives=["write ETL jobs in Python"])
    _, ola = await person("Ola Coach", canMentor=True, expertise=["presenting on stage to a big crowd"])
    assert str(hal_id) in listed(await gql.data(MENTOR_MATCHES, token=tom), "mentor")
    assert str(hal_id) in listed(await gql.data(MENTEE_MATCHES, token=ola), "mentee")
    assert (await gql.data(PROFILE, {"id": str(hal_id)}, token=tom))["profile"] is not None

    result = await payload(gql, HIDE, {"id": str(hal_id), "reason": REASON}, admin)

    assert result["errors"] == []
    assert result["user"]["profile"]["isHidden"] is True
    assert result["user"]["profile"]["hiddenReason"] == REASON
    assert str(hal_id) not in listed(await gql.data(MENTOR_MATCHES, token=tom), "mentor")
    assert str(hal_id) not in listed(await gql.data(MENTEE_MATCHES, token=ola), "mentee")
    assert (await gql.data(PROFILE, {"id": str(hal_id)}, token=tom))["profile"] is None
    # Its owner and admins still see it (the owner without the moderator's reason).
    own = await gql.data(PROFILE.replace("isHidden", "isHidden hiddenReason"), {"id": str(hal_id)}, token=hal)
    assert own["profile"] == {"user": {"id": str(hal_id)}, "isHidden": True, "hiddenReason": None}
    assert (await gql.data(PROFILE, {"id": str(hal_id)}, token=admin))["profile"]["isHidden"] is True
    (entry,) = await audit_entries(db, "PROFILE_HIDDEN")
    assert (entry.actor_id, entry.target_id, entry.target_type, entry.reason) == (
        admin_id,
        hal_id,
        "PROFILE",
        REASON,
    )
    again = await payload(gql, HIDE, {"id": str(hal_id), "reason": "twice"}, admin)
    assert again["errors"] == [] and again["user"]["profile"]["hiddenReason"] == REASON
    assert len(await audit_entries(db, "PROFILE_HIDDEN")) == 1

    shown = await payload(gql, UNHIDE, {"id": str(hal_id)}, admin)

    assert shown["errors"] == [] and shown["user"]["profile"]["isHidden"] is False
    assert str(hal_id) in listed(await gql.data(MENTOR_MATCHES, token=tom), "mentor")
    assert (await gql.data(PROFILE, {"id": str(hal_id)}, token=tom))["profile"] is not None
    assert len(await audit_entries(db, "PROFILE_UNHIDDEN")) == 1


async def test_hiding_needs_an_admin_and_a_profile(gql: GraphQL, db: Db, person: Person) -> None:
    _, admin = await make_admin(db, person)
    hal_id, _ = await person("Hal Hidden", canMentor=True, expertise=["data pipelines"])
    _, eve = await person("Eve Participant")
    for document, variables in ((HIDE, {"id": str(hal_id), "reason": REASON}), (UNHIDE, {"id": str(hal_id)})):
        refused = await payload(gql, document, variables, eve)
        assert codes(refused) == ["FORBIDDEN"]
    assert (await gql.data(PROFILE, {"id": str(hal_id)}, token=eve))["profile"]["isHidden"] is False
    no_profile_id, _ = await person("Nobody Yet")
    assert codes(await payload(gql, HIDE, {"id": str(no_profile_id), "reason": REASON}, admin)) == [
        "NOT_FOUND"
    ]
    assert codes(await payload(gql, HIDE, {"id": str(uuid.uuid4()), "reason": REASON}, admin)) == [
        "NOT_FOUND"
    ]
    assert await audit_entries(db) == []
