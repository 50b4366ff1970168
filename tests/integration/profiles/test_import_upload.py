"""`importPeople`: an admin uploads a CSV file; a dry run shows row by row what would change and writes
nothing, the import writes and is audited, and nobody else may do either."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from mentormatch.accounts.models import User
from mentormatch.audit.models import AuditEntry
from mentormatch.embeddings import Embedder
from mentormatch.profiles.models import Profile, ProfileItem
from tests.conftest import GraphQL, app_client
from tests.integration.mentorships.conftest import Db, Person, db, person, set_user

__all__ = ["db", "person"]

IMPORT = """
mutation($input: ImportPeopleInput!) {
  importPeople(input: $input) {
    dryRun fields columns mapping { field column }
    totals { created updated unchanged rejected }
    rows { line email action message }
    errors { code message field }
  }
}"""
AUDIT = "{ auditLog { edges { node { action actorId details } } } }"
# Ana exists already (registered by the test); Ben is new; the third row has no valid email.
CSV = (
    "Email,Display name,Expertise,Can mentor\n"
    "ana.admin@example.com,Ana Admin,budget planning,yes\n"
    "ben@example.com,Ben Okafor,growth marketing; SEO,yes\n"
    "not-an-email,Nobody,,\n"
)


async def counts(db: Db) -> dict[str, int]:
    async with db() as session:
        return {
            table.__name__: int(await session.scalar(select(func.count()).select_from(table)) or 0)
            for table in (User, Profile, ProfileItem, AuditEntry)
        }


async def admin(person: Person, db: Db) -> str:
    admin_id, token = await person("Ana Admin", canMentor=True, expertise=["budget planning"])
    await set_user(db, admin_id, is_admin=True)
    return token


async def upload(gql: GraphQL, token: str | None, csv: str, dry_run: bool, **input: Any) -> Any:
    variables = {"input": {"csv": csv, "dryRun": dry_run, **input}}
    return (await gql.data(IMPORT, variables, token=token))["importPeople"]


async def test_a_dry_run_reports_each_row_and_writes_nothing(gql: GraphQL, person: Person, db: Db) -> None:
    token = await admin(person, db)
    before = await counts(db)

    payload = await upload(gql, token, CSV, True)
    assert payload["errors"] == []
    assert payload["columns"] == ["Email", "Display name", "Expertise", "Can mentor"]
    assert payload["mapping"] == [
        {"field": "email", "column": "Email"},
        {"field": "displayName", "column": "Display name"},
        {"field": "expertise", "column": "Expertise"},
        {"field": "canMentor", "column": "Can mentor"},
    ], "columns named like a field are mapped to it"
    assert "personality.mbti" in payload["fields"]
    assert payload["totals"] == {"created": 1, "updated": 0, "unchanged": 1, "rejected": 1}
    assert [(r["line"], r["email"], r["action"]) for r in payload["rows"]] == [
        (2, "ana.admin@example.com", "UNCHANGED"),
        (3, "ben@example.com", "CREATE"),
        (4, None, "ERROR"),
    ]
    assert payload["rows"][2]["message"].startswith("email:")
    assert await counts(db) == before, "a dry run writes nothing, not even an audit entry"

    # Mapped by hand: the name from another column makes Ana's row an update.
    mapping = [
        {"field": "email", "column": "Email"},
        {"field": "displayName", "column": "Expertise"},
    ]
    payload = await upload(gql, token, CSV, True, mapping=mapping)
    assert [r["action"] for r in payload["rows"]] == ["UPDATE", "CREATE", "ERROR"]
    assert await counts(db) == before


async def test_the_import_writes_the_valid_rows_and_is_audited(gql: GraphQL, person: Person, db: Db) -> None:
    token = await admin(person, db)
    payload = await upload(gql, token, CSV, False)
    assert payload["errors"] == []
    assert payload["dryRun"] is False
    assert payload["totals"] == {"created": 1, "updated": 0, "unchanged": 1, "rejected": 1}
    assert [(r["line"], r["action"]) for r in payload["rows"]] == [(4, "ERROR")], "the refused rows"

    async with db() as session:
        ben = await session.scalar(select(User).where(User.email == "ben@example.com"))
        assert ben is not None and ben.display_name == "Ben Okafor"
        texts = set(await session.scalars(select(ProfileItem.text).where(ProfileItem.user_id == ben.id)))
    assert texts == {"growth marketing", "SEO"}

    entries = (await gql.data(AUDIT, token=token))["auditLog"]["edges"]
    assert [e["node"]["action"] for e in entries] == ["PEOPLE_IMPORTED"]
    assert entries[0]["node"]["details"] == {
        "created": 1,
        "updated": 0,
        "unchanged": 1,
        "rejected": 1,
        "stopped": False,
    }

    # The same file again: nothing to create, and the dry run now agrees.
    again = await upload(gql, token, CSV, True)
    assert again["totals"] == {"created": 0, "updated": 0, "unchanged": 2, "rejected": 1}


async def test_a_bad_mapping_is_refused_with_the_header_to_fix_it(
    gql: GraphQL, person: Person, db: Db
) -> None:
    token = await admin(person, db)
    before = await counts(db)
    mapping = [
        {"field": "email", "column": "Work Email"},
        {"field": "displayName", "column": "Display name"},
        {"field": "shoeSize", "column": "Expertise"},
    ]
    payload = await upload(gql, token, CSV, False, mapping=mapping)
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [
        ("INVALID_INPUT", "mapping.email"),
        ("INVALID_INPUT", "mapping.shoeSize"),
    ]
    assert payload["columns"] == ["Email", "Display name", "Expertise", "Can mentor"]
    assert payload["totals"] is None
    assert await counts(db) == before


async def test_participants_and_strangers_are_refused(gql: GraphQL, person: Person, db: Db) -> None:
    _, participant = await person("Pat Participant")
    before = await counts(db)
    for token, code in ((participant, "FORBIDDEN"), (None, "UNAUTHENTICATED")):
        for dry_run in (True, False):
            payload = await upload(gql, token, CSV, dry_run)
            assert [e["code"] for e in payload["errors"]] == [code]
            assert payload["rows"] == [] and payload["columns"] == []
    assert await counts(db) == before


async def test_an_upload_over_the_limits_is_refused(
    database_url: str, embedder: Embedder, person: Person, db: Db
) -> None:
    token = await admin(person, db)
    before = await counts(db)
    limits = {"MENTORMATCH_IMPORT_UPLOAD_MAX_BYTES": 400, "MENTORMATCH_IMPORT_UPLOAD_MAX_ROWS": 2}
    async with app_client(database_url, embedder, **limits) as client:
        gql = GraphQL(client)
        too_many_rows = await upload(gql, token, CSV, True)
        assert [(e["code"], e["field"]) for e in too_many_rows["errors"]] == [("TOO_LARGE", "csv")]
        assert "at most 2" in too_many_rows["errors"][0]["message"]
        assert "mentormatch import" in too_many_rows["errors"][0]["message"], "the way for big files"

        too_big = await upload(gql, token, CSV + "x" * 400, False)
        assert [(e["code"], e["field"]) for e in too_big["errors"]] == [("TOO_LARGE", "csv")]
        assert "at most 400" in too_big["errors"][0]["message"]
    assert await counts(db) == before
