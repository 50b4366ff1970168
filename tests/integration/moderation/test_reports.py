"""reportContent, reports and resolveReport: what participants may report, the queue, and resolving a
report with its action in the same transaction, the reporter told only that it was reviewed."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from sqlalchemy import func, select

from mentormatch.accounts.models import User
from mentormatch.accounts.service import Viewer
from mentormatch.moderation import service as moderation
from mentormatch.moderation.models import Report, ReportTargetType
from mentormatch.notifications.models import NotificationKind
from tests.conftest import GraphQL
from tests.integration.feedback.conftest import check_in, start_mentorship
from tests.integration.moderation.conftest import (
    HIDE,
    ME,
    REPORT,
    REPORTS,
    RESOLVE,
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

REASON = "Asked me for money in exchange for mentoring"


async def report(gql: GraphQL, token: str, target_type: str, target_id: object, reason: str = REASON) -> Any:
    variables = {"input": {"targetType": target_type, "targetId": str(target_id), "reason": reason}}
    return await payload(gql, REPORT, variables, token)


async def resolve(gql: GraphQL, token: str, report_id: str, action: str, note: str | None = None) -> Any:
    return await payload(gql, RESOLVE, {"input": {"id": report_id, "action": action, "note": note}}, token)


async def reports_count(db: Db) -> int:
    async with db() as session:
        return await session.scalar(select(func.count()).select_from(Report)) or 0


async def test_a_participant_reports_a_profile_once_and_sees_nothing_of_what_admins_see(
    gql: GraphQL, db: Db, person: Person
) -> None:
    _, admin = await make_admin(db, person)
    rita_id, rita = await person("Rita Reporter", seeksMentoring=True)
    hal_id, _ = await person("Hal Harasser", canMentor=True, expertise=["sales"])

    first = await report(gql, rita, "PROFILE", hal_id)
    again = await report(gql, rita, "PROFILE", hal_id, reason="Said it again")

    assert first["errors"] == [] and again["errors"] == []
    seen = first["report"]
    assert again["report"]["id"] == seen["id"] and again["report"]["reason"] == REASON
    assert (seen["status"], seen["targetType"], seen["targetId"]) == ("OPEN", "PROFILE", str(hal_id))
    assert seen["reporter"] == {"id": str(rita_id)}
    assert (seen["targetUser"], seen["action"], seen["note"], seen["resolvedBy"]) == (None, None, None, None)
    assert await reports_count(db) == 1
    queue = (await gql.data(REPORTS, token=admin))["reports"]
    assert queue["totalCount"] == 1
    assert queue["edges"][0]["node"]["targetUser"] == {"id": str(hal_id)}
    # A report of the user (not the profile) is another target.
    assert (await report(gql, rita, "USER", hal_id))["report"]["id"] != seen["id"]


async def test_simultaneous_duplicate_reports_are_one(db: Db, person: Person) -> None:
    rita_id, _ = await person("Rita Reporter")
    hal_id, _ = await person("Hal Harasser", canMentor=True, expertise=["sales"])
    async with db() as session:
        viewer = Viewer(user=await session.get_one(User, rita_id), session_id=uuid.uuid4(), via_cookie=False)

    made = await asyncio.gather(
        *(
            moderation.report_content(
                db,
                viewer=viewer,
                target_type=ReportTargetType.PROFILE,
                target_id=hal_id,
                reason=f"reason {n}",
            )
            for n in range(12)
        )
    )

    assert len({r.id for r in made}) == 1
    assert await reports_count(db) == 1


async def test_only_what_the_reporter_can_see_is_reportable(gql: GraphQL, db: Db, person: Person) -> None:
    _, admin = await make_admin(db, person)
    rita_id, rita = await person("Rita Reporter", seeksMentoring=True)
    mia_id, mia = await person("Mia Mentor", canMentor=True, capacity=5, expertise=["negotiation"])
    hid_id, _ = await person("Hid Den", canMentor=True, expertise=["sales"])
    sus_id, _ = await person("Sus Pended", canMentor=True, expertise=["sales"])
    oli_id, oli = await person("Oli Other", seeksMentoring=True)
    await payload(gql, HIDE, {"id": str(hid_id), "reason": "spam"}, admin)
    await payload(gql, SUSPEND, {"id": str(sus_id), "reason": "spam"}, admin)
    ours = await start_mentorship(db, mia_id, rita_id)
    mine = await check_in(gql, rita, ours, rating=4)
    partners = await check_in(gql, mia, ours, rating=1, comment="My mentee is hopeless")
    others = await check_in(gql, oli, await start_mentorship(db, mia_id, oli_id), rating=3)

    assert [(e["code"], e["field"]) for e in (await report(gql, rita, "USER", rita_id))["errors"]] == [
        ("INVALID_INPUT", "targetId")
    ]
    assert codes(await report(gql, rita, "PROFILE", rita_id)) == ["INVALID_INPUT"]
    assert codes(await report(gql, rita, "FEEDBACK", mine["id"])) == ["INVALID_INPUT"]
    for target_type, target_id in (
        ("PROFILE", hid_id),
        ("USER", hid_id),
        ("PROFILE", sus_id),
        ("USER", sus_id),
        ("FEEDBACK", others["id"]),
        ("USER", uuid.uuid4()),
        ("FEEDBACK", "not-an-id"),
    ):
        refused = await report(gql, rita, target_type, target_id)
        assert codes(refused) == ["NOT_FOUND"], (target_type, target_id)
    assert [
        (e["code"], e["field"]) for e in (await report(gql, rita, "USER", mia_id, reason=" "))["errors"]
    ] == [("INVALID_INPUT", "reason")]
    assert codes(await report(gql, rita, "USER", mia_id, reason="x" * 1001)) == ["INVALID_INPUT"]
    assert await reports_count(db) == 0

    # The partner's check-in on our mentorship is reportable (though Rita cannot read it).
    made = await report(gql, rita, "FEEDBACK", partners["id"])
    assert made["errors"] == [] and made["report"]["targetFeedback"] is None
    (queued,) = (await gql.data(REPORTS, token=admin))["reports"]["edges"]
    assert queued["node"]["targetUser"] == {"id": str(mia_id)}
    assert queued["node"]["targetFeedback"]["comment"] == "My mentee is hopeless"
    anonymous = await gql.data(
        REPORT, {"input": {"targetType": "USER", "targetId": str(mia_id), "reason": "x"}}
    )
    assert codes(anonymous["reportContent"]) == ["UNAUTHENTICATED"]


async def test_the_queue_is_open_first_then_oldest_first(gql: GraphQL, db: Db, person: Person) -> None:
    _, admin = await make_admin(db, person)
    _, rita = await person("Rita Reporter")
    targets = [(await person(f"Target {n}"))[0] for n in range(4)]
    made = [(await report(gql, rita, "USER", target))["report"]["id"] for target in targets]
    await resolve(gql, admin, made[1], "NONE")

    queue = (await gql.data(REPORTS, token=admin))["reports"]
    assert [e["node"]["id"] for e in queue["edges"]] == [made[0], made[2], made[3], made[1]]
    assert [e["node"]["status"] for e in queue["edges"]] == ["OPEN", "OPEN", "OPEN", "RESOLVED"]
    assert queue["totalCount"] == 4
    paged: list[str] = []
    after = None
    while True:
        page = (await gql.data(REPORTS, {"first": 1, "after": after}, token=admin))["reports"]
        paged += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert paged == [made[0], made[2], made[3], made[1]]
    open_only = (await gql.data(REPORTS, {"status": "OPEN"}, token=admin))["reports"]
    assert [e["node"]["id"] for e in open_only["edges"]] == [made[0], made[2], made[3]]
    assert open_only["totalCount"] == 3


async def test_resolving_by_suspending_acts_audits_and_tells_the_reporter_only_that_it_was_reviewed(
    gql: GraphQL, db: Db, person: Person
) -> None:
    admin_id, admin = await make_admin(db, person)
    rita_id, rita = await person("Rita Reporter")
    hal_id, hal = await person("Hal Harasser", canMentor=True, expertise=["sales"])
    made = (await report(gql, rita, "PROFILE", hal_id))["report"]

    result = await resolve(gql, admin, made["id"], "SUSPEND_USER", note="Confirmed by two other people")

    assert result["errors"] == []
    resolved = result["report"]
    assert (resolved["status"], resolved["action"], resolved["note"]) == (
        "RESOLVED",
        "SUSPEND_USER",
        "Confirmed by two other people",
    )
    assert resolved["resolvedBy"] == {"id": str(admin_id)} and resolved["resolvedAt"] is not None
    assert (await gql.data(ME, token=hal))["me"] is None
    (suspended,) = await audit_entries(db, "USER_SUSPENDED")
    assert suspended.target_id == hal_id and suspended.details == {"report": made["id"]}
    # The log keeps the admin's words, not the reporter's (their words stay theirs, and erasable).
    assert suspended.reason == "Confirmed by two other people"
    assert all(REASON not in (e.reason or "") + str(e.details) for e in await audit_entries(db))
    (entry,) = await audit_entries(db, "REPORT_RESOLVED")
    assert (entry.actor_id, entry.target_id, entry.target_type) == (admin_id, uuid.UUID(made["id"]), "REPORT")
    assert entry.details is not None and entry.details["action"] == "SUSPEND_USER"
    (told,) = [n for n in await notifications_of(db, rita_id) if n.kind is NotificationKind.REPORT_RESOLVED]
    assert told.message == "Thank you: we reviewed your report and took action."
    assert told.actor_id is None and "Hal" not in told.message
    # Resolving again: the same action changes nothing; another is a conflict.
    same = await resolve(gql, admin, made["id"], "SUSPEND_USER")
    assert same["errors"] == [] and same["report"]["note"] == "Confirmed by two other people"
    assert codes(await resolve(gql, admin, made["id"], "NONE")) == ["CONFLICT"]
    assert len(await audit_entries(db, "REPORT_RESOLVED")) == 1


async def test_resolving_with_no_action_or_by_removing_the_check_in(
    gql: GraphQL, db: Db, person: Person
) -> None:
    _, admin = await make_admin(db, person)
    rita_id, rita = await person("Rita Reporter", seeksMentoring=True)
    mia_id, mia = await person("Mia Mentor", canMentor=True, expertise=["negotiation"])
    ours = await start_mentorship(db, mia_id, rita_id)
    partners = await check_in(gql, mia, ours, rating=1, comment="rude words")
    about_profile = (await report(gql, rita, "PROFILE", mia_id))["report"]["id"]
    about_feedback = (await report(gql, rita, "FEEDBACK", partners["id"]))["report"]["id"]

    wrong = await resolve(gql, admin, about_profile, "REMOVE_FEEDBACK")
    assert [(e["code"], e["field"]) for e in wrong["errors"]] == [("INVALID_INPUT", "action")]
    none = await resolve(gql, admin, about_profile, "NONE", note="Nothing wrong with it")
    assert none["errors"] == [] and none["report"]["action"] == "NONE"
    removed = await resolve(gql, admin, about_feedback, "REMOVE_FEEDBACK")
    assert removed["errors"] == [] and removed["report"]["targetFeedback"]["removedAt"] is not None

    told = [
        n.message for n in await notifications_of(db, rita_id) if n.kind is NotificationKind.REPORT_RESOLVED
    ]
    assert told == [
        "Thank you: we reviewed your report; no action was needed.",
        "Thank you: we reviewed your report and took action.",
    ]
    assert [e.action for e in await audit_entries(db) if e.action != "REPORT_RESOLVED"] == [
        "FEEDBACK_REMOVED"
    ]


async def test_a_failing_action_leaves_the_report_open_and_participants_cannot_resolve(
    gql: GraphQL, db: Db, person: Person
) -> None:
    admin_id, admin = await make_admin(db, person)
    _, rita = await person("Rita Reporter")
    about_admin = (await report(gql, rita, "USER", admin_id))["report"]["id"]

    assert codes(await resolve(gql, admin, about_admin, "SUSPEND_USER")) == ["FORBIDDEN"]
    assert codes(await resolve(gql, rita, about_admin, "NONE")) == ["FORBIDDEN"]
    assert codes(await resolve(gql, admin, str(uuid.uuid4()), "NONE")) == ["NOT_FOUND"]
    refused = await gql(REPORTS, token=rita)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    (still,) = (await gql.data(REPORTS, token=admin))["reports"]["edges"]
    assert still["node"]["status"] == "OPEN"
    assert await audit_entries(db) == []
