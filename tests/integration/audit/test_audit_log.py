"""The audit log is append-only, whoever asks: the database refuses to change or remove its rows."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from mentormatch.audit import service as audit
from mentormatch.audit.models import AuditEntry
from tests.conftest import GraphQL
from tests.integration.mentorships.conftest import Db, Person, db, person, set_user

__all__ = ["db", "person"]

AUDIT_LOG = """
query($filter: AuditLogFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    edges { node { id at action actorId actor { id } targetType targetId reason details requestId } }
    pageInfo { hasNextPage endCursor }
  }
}"""


async def _entry(db: Db, actor: uuid.UUID | None, action: audit.Action, target: uuid.UUID | None) -> None:
    async with db.begin() as session:
        await audit.record(
            session,
            actor_id=actor,
            action=action,
            target_type=audit.TargetType.USER,
            target_id=target,
            reason="a reason",
            details={"before": 1, "after": 2},
        )


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET reason = 'rewritten'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "TRUNCATE audit_log CASCADE",
    ],
)
async def test_rows_cannot_be_altered_or_removed_even_by_direct_sql(db: Db, statement: str) -> None:
    await _entry(db, uuid.uuid4(), audit.Action.USER_SUSPENDED, uuid.uuid4())
    with pytest.raises(DBAPIError, match="append-only"):
        async with db.begin() as session:
            await session.execute(text(statement))
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(AuditEntry)) == 1
        assert await session.scalar(select(AuditEntry.reason)) == "a reason"


async def test_admins_read_the_log_newest_first_with_filters_and_participants_are_refused(
    gql: GraphQL, person: Person, db: Db
) -> None:
    admin_id, admin = await person("Admin Ada")
    await set_user(db, admin_id, is_admin=True)
    someone_id, someone = await person("Someone Sam")
    other = uuid.uuid4()
    await _entry(db, admin_id, audit.Action.USER_SUSPENDED, someone_id)
    await _entry(db, admin_id, audit.Action.USER_REINSTATED, someone_id)
    await _entry(db, None, audit.Action.SIGN_IN_THROTTLED, other)

    everything = (await gql.data(AUDIT_LOG, token=admin))["auditLog"]["edges"]
    assert [e["node"]["action"] for e in everything] == [
        "SIGN_IN_THROTTLED",
        "USER_REINSTATED",
        "USER_SUSPENDED",
    ]
    newest = everything[1]["node"]
    assert newest["actor"] == {"id": str(admin_id)} and newest["targetId"] == str(someone_id)
    assert newest["details"] == {"before": 1, "after": 2} and newest["targetType"] == "USER"

    by_action = await gql.data(AUDIT_LOG, {"filter": {"action": "USER_SUSPENDED"}}, token=admin)
    assert [e["node"]["action"] for e in by_action["auditLog"]["edges"]] == ["USER_SUSPENDED"]
    by_actor = await gql.data(AUDIT_LOG, {"filter": {"actor": str(admin_id)}}, token=admin)
    assert len(by_actor["auditLog"]["edges"]) == 2
    by_target = await gql.data(AUDIT_LOG, {"filter": {"target": str(other)}}, token=admin)
    assert [e["node"]["actorId"] for e in by_target["auditLog"]["edges"]] == [None]
    first = await gql.data(AUDIT_LOG, {"first": 2}, token=admin)
    assert first["auditLog"]["pageInfo"]["hasNextPage"] is True
    rest = await gql.data(
        AUDIT_LOG, {"first": 2, "after": first["auditLog"]["pageInfo"]["endCursor"]}, token=admin
    )
    assert [e["node"]["action"] for e in rest["auditLog"]["edges"]] == ["USER_SUSPENDED"]

    refused = await gql(AUDIT_LOG, token=someone)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_period_beyond_the_calendar_in_utc_bounds_nothing(
    gql: GraphQL, person: Person, db: Db
) -> None:
    """Found by fuzzing: `from: "0001-01-01T00:00:00+14:00"` (before the year 1 in UTC) and `to:
    "9999-12-31T23:59:59-14:00"` (after 9999) were INTERNAL errors. Every entry is inside such a period,
    and none after the one or before the other."""
    admin_id, admin = await person("Admin Ada")
    await set_user(db, admin_id, is_admin=True)
    await _entry(db, admin_id, audit.Action.USER_SUSPENDED, None)
    for period in (
        {"from": "0001-01-01T00:00:00+14:00"},
        {"to": "9999-12-31T23:59:59-14:00"},
        {"from": "0001-01-01T00:00:00+14:00", "to": "9999-12-31T23:59:59-14:00"},
    ):
        edges = (await gql.data(AUDIT_LOG, {"filter": period}, token=admin))["auditLog"]["edges"]
        assert [e["node"]["action"] for e in edges] == ["USER_SUSPENDED"], period
    for period in ({"from": "9999-12-31T23:59:59-14:00"}, {"to": "0001-01-01T00:00:00+14:00"}):
        edges = (await gql.data(AUDIT_LOG, {"filter": period}, token=admin))["auditLog"]["edges"]
        assert edges == [], period
