"""The programme's settings: one object admins read and change, validated field by field, audited with
the values before and after, applied from the next request in every API process."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from litestar.testing import AsyncTestClient
from sqlalchemy import func, select

from mentormatch.accounts.models import User
from mentormatch.app import create_app
from mentormatch.audit.models import AuditEntry
from mentormatch.embeddings import Embedder
from mentormatch.profiles.bulk import import_participants
from mentormatch.profiles.models import Profile
from mentormatch.programme import service as programme
from mentormatch.settings import Settings
from tests.conftest import GraphQL
from tests.integration.mentorships.conftest import Db, Person, db, person, set_user
from tests.integration.mentorships.test_requests import ask, codes

__all__ = ["db", "person"]

FIELDS = """weights { kind weight } direction requireDirection defaultCapacity maxPendingRequests
            maxMentorsPerMentee requestTtlDays checkInIntervalDays"""
READ = f"{{ matchingSettings {{ {FIELDS} }} }}"
UPDATE = f"""mutation($input: MatchingSettingsInput!) {{ updateMatchingSettings(input: $input) {{
    settings {{ {FIELDS} }} errors {{ code message field }} }} }}"""
AUDIT = """{ auditLog { edges { node { action actorId targetType targetId details requestId } } } }"""

DEFAULTS = {
    "weights": [
        {"kind": "SEMANTIC", "weight": 0.55},
        {"kind": "SKILLS", "weight": 0.1},
        {"kind": "PERSONALITY", "weight": 0.05},
        {"kind": "FEEDBACK", "weight": 0.1},
        {"kind": "AVAILABILITY", "weight": 0.05},
        {"kind": "CAREER_DIRECTION", "weight": 0.1},
        {"kind": "RESPONSIVENESS", "weight": 0.05},
    ],
    "direction": "ANY",
    "requireDirection": False,
    "defaultCapacity": 2,
    "maxPendingRequests": 5,
    "maxMentorsPerMentee": 1,
    "requestTtlDays": 14,
    "checkInIntervalDays": 14,
}

# Each input field with a value just outside its range on either side: (input, the error's field).
OUT_OF_RANGE: list[tuple[dict[str, Any], str]] = [
    *(
        ({"weights": {name: value}}, f"weights.{name}")
        for name in (
            "semantic",
            "skills",
            "personality",
            "feedback",
            "availability",
            "careerDirection",
            "responsiveness",
        )
        for value in (-0.01, 1.01)
    ),
    *(
        ({name: value}, name)
        for name, low, high in (
            ("defaultCapacity", 1, 20),
            ("maxPendingRequests", 1, 50),
            ("maxMentorsPerMentee", 1, 10),
            ("requestTtlDays", 1, 90),
            ("checkInIntervalDays", 1, 90),
        )
        for value in (low - 1, high + 1)
    ),
]


async def _admin(person: Person, db: Db) -> tuple[Any, str]:
    admin_id, admin = await person("Ada Admin")
    await set_user(db, admin_id, is_admin=True)
    return admin_id, admin


async def _audit_entries(db: Db) -> int:
    async with db() as session:
        return int(await session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


async def test_admins_read_the_defaults_and_every_field_is_validated_by_name(
    gql: GraphQL, person: Person, db: Db
) -> None:
    _, admin = await _admin(person, db)
    assert (await gql.data(READ, token=admin))["matchingSettings"] == DEFAULTS

    for given, field in OUT_OF_RANGE:
        payload = (await gql.data(UPDATE, {"input": given}, token=admin))["updateMatchingSettings"]
        assert payload["settings"] is None, given
        assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID_INPUT", field)], given
        assert payload["errors"][0]["message"], "a message to show next to the field"

    # Every bad field at once is named at once; the good ones are not saved either.
    everything = {
        "weights": {"semantic": 2, "skills": 0.2},
        "defaultCapacity": 0,
        "maxPendingRequests": 51,
        "requestTtlDays": 0,
        "direction": "REVERSE",
    }
    payload = (await gql.data(UPDATE, {"input": everything}, token=admin))["updateMatchingSettings"]
    assert {e["field"] for e in payload["errors"]} == {
        "weights.semantic",
        "defaultCapacity",
        "maxPendingRequests",
        "requestTtlDays",
    }
    # Weights may not all be 0: the score would be undefined.
    zero = {name: 0.0 for name in ("semantic", "skills", "personality", "feedback", "availability")}
    zero |= {"careerDirection": 0.0, "responsiveness": 0.0}
    payload = (await gql.data(UPDATE, {"input": {"weights": zero}}, token=admin))["updateMatchingSettings"]
    assert codes(payload) == [("INVALID_INPUT", "weights")]

    assert (await gql.data(READ, token=admin))["matchingSettings"] == DEFAULTS, "nothing was saved"
    assert await _audit_entries(db) == 0, "a refused change is not an audited one"


async def test_a_change_is_audited_with_the_values_before_and_after(
    gql: GraphQL, person: Person, db: Db
) -> None:
    admin_id, admin = await _admin(person, db)
    change = {
        "weights": {"semantic": 0.3, "skills": 0.1},  # skills as it was: not a change
        "direction": "REVERSE",
        "defaultCapacity": 4,
        "maxPendingRequests": 2,
        "requestTtlDays": 14,  # as it was
    }
    payload = (await gql.data(UPDATE, {"input": change}, token=admin))["updateMatchingSettings"]
    assert payload["errors"] == []
    settings = payload["settings"]
    assert settings["weights"][0] == {"kind": "SEMANTIC", "weight": 0.3}
    assert (settings["direction"], settings["defaultCapacity"], settings["maxPendingRequests"]) == (
        "REVERSE",
        4,
        2,
    )
    assert (await gql.data(READ, token=admin))["matchingSettings"] == settings

    entries = (await gql.data(AUDIT, token=admin))["auditLog"]["edges"]
    assert len(entries) == 1
    entry = entries[0]["node"]
    assert (entry["action"], entry["actorId"], entry["targetType"]) == (
        "SETTINGS_CHANGED",
        str(admin_id),
        "SETTINGS",
    )
    assert entry["details"] == {
        "before": {
            "weights": {"semantic": 0.55},
            "direction": "ANY",
            "defaultCapacity": 2,
            "maxPendingRequests": 5,
        },
        "after": {
            "weights": {"semantic": 0.3},
            "direction": "REVERSE",
            "defaultCapacity": 4,
            "maxPendingRequests": 2,
        },
    }
    assert entry["requestId"], "the entry names the request that made the change"

    # The next change starts from the last one; a save that changes nothing is not an entry.
    again = {"input": {"maxPendingRequests": 3}}
    assert (await gql.data(UPDATE, again, token=admin))["updateMatchingSettings"]["errors"] == []
    same = {"input": {"maxPendingRequests": 3, "direction": "REVERSE"}}
    assert (await gql.data(UPDATE, same, token=admin))["updateMatchingSettings"]["errors"] == []
    entries = (await gql.data(AUDIT, token=admin))["auditLog"]["edges"]
    assert [e["node"]["details"] for e in entries] == [
        {"before": {"maxPendingRequests": 2}, "after": {"maxPendingRequests": 3}},
        entry["details"],
    ]


async def test_participants_are_refused_and_nothing_changes(gql: GraphQL, person: Person, db: Db) -> None:
    _, admin = await _admin(person, db)
    _, participant = await person("Pat Participant")

    read = await gql(READ, token=participant)
    assert read["data"] is None and read["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    anonymous = await gql(READ)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

    change = {"input": {"maxPendingRequests": 1, "defaultCapacity": 9, "weights": {"semantic": 1}}}
    payload = (await gql.data(UPDATE, change, token=participant))["updateMatchingSettings"]
    assert payload["settings"] is None and codes(payload) == [("FORBIDDEN", None)]

    assert (await gql.data(READ, token=admin))["matchingSettings"] == DEFAULTS
    assert await _audit_entries(db) == 0


async def test_a_change_applies_from_the_next_request_of_another_api_process(
    settings: Settings, embedder: Embedder, person: Person, db: Db
) -> None:
    """Two app instances on one database, as `serve --workers 2` runs them: one saves, the other's very
    next request reads and enforces the new values."""
    _, admin = await _admin(person, db)
    _, mentee = await person("Mentee Max", seeksMentoring=True)
    first_id, _ = await person("Mentor One", canMentor=True)
    second_id, _ = await person("Mentor Two", canMentor=True)
    async with (
        AsyncTestClient(create_app(settings, embedder=embedder)) as one,
        AsyncTestClient(create_app(settings, embedder=embedder)) as two,
    ):
        saving, serving = GraphQL(one), GraphQL(two)
        # The second process has read the settings (and served requests) before the change.
        assert (await serving.data(READ, token=admin))["matchingSettings"]["maxPendingRequests"] == 5

        change = {"input": {"maxPendingRequests": 1, "checkInIntervalDays": 30}}
        assert (await saving.data(UPDATE, change, token=admin))["updateMatchingSettings"]["errors"] == []

        seen = (await serving.data(READ, token=admin))["matchingSettings"]
        assert (seen["maxPendingRequests"], seen["checkInIntervalDays"]) == (1, 30)
        assert (await ask(serving, mentee, first_id))["errors"] == []
        refused = await ask(serving, mentee, second_id)
        assert codes(refused) == [("LIMIT_REACHED", None)], "the new limit is enforced there too"


async def test_a_new_mentor_profile_gets_the_default_capacity(
    gql: GraphQL, person: Person, db: Db, embedder: Embedder
) -> None:
    _, admin = await _admin(person, db)
    earlier_id, _ = await person("Earlier Eve", canMentor=True)
    change = {"input": {"defaultCapacity": 5}}
    assert (await gql.data(UPDATE, change, token=admin))["updateMatchingSettings"]["errors"] == []

    _, newcomer = await person("Newcomer Nia")
    created = await gql.data(
        """mutation { updateMyProfile(input: {canMentor: true, expertise: ["SQL"]}) {
            profile { canMentor capacity } errors { code } } }""",
        token=newcomer,
    )
    assert created["updateMyProfile"]["profile"] == {"canMentor": True, "capacity": 5}
    chosen_id, _ = await person("Chooser Cy", canMentor=True, capacity=1)
    line = json.dumps({"email": "imported.ian@example.com", "displayName": "Imported Ian", "canMentor": True})
    await import_participants(db, embedder, [line])

    async with db() as session:
        capacities = dict((await session.execute(select(Profile.user_id, Profile.capacity))).tuples().all())
        imported = await session.scalar(
            select(Profile.capacity).join(User).where(User.email == "imported.ian@example.com")
        )
        assert (await programme.current(session)).default_capacity == 5
    assert capacities[earlier_id] == 2, "existing profiles keep theirs"
    assert capacities[chosen_id] == 1, "a capacity given with the profile wins"
    assert imported == 5, "imported profiles get the default too"


async def test_two_admins_saving_at_once_both_land_and_the_log_chains(person: Person, db: Db) -> None:
    """The second save waits for the first (the row's lock) and starts from its values: neither is lost,
    and the second entry's "before" is the first entry's "after"."""
    first_id, _ = await _admin(person, db)
    second_id, _ = await person("Bo Admin")
    await set_user(db, second_id, is_admin=True)
    await asyncio.gather(
        programme.update(db, first_id, {"max_pending_requests": 7, "weights": {"semantic": 0.5}}),
        programme.update(db, second_id, {"max_pending_requests": 9, "default_capacity": 3}),
    )
    async with db() as session:
        settings = await programme.current(session)
        entries = list(await session.scalars(select(AuditEntry).order_by(AuditEntry.at)))
    assert (settings.default_capacity, settings.weights["semantic"]) == (3, 0.5), "both saves landed"
    assert settings.max_pending_requests in (7, 9)
    assert len(entries) == 2
    first, second = (entry.details or {} for entry in entries)
    assert second["before"]["maxPendingRequests"] == first["after"]["maxPendingRequests"]
    assert {entry.actor_id for entry in entries} == {first_id, second_id}
