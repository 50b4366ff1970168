"""The `notifications` query first expires the viewer's overdue requests, a write that takes row locks.
When PostgreSQL aborts that write to break a deadlock (or a serialisation conflict), it is run again and
the client gets its notifications, not an INTERNAL error."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.conftest import GraphQL
from tests.integration.notifications.conftest import SignUp

NOTIFICATIONS = "{ notifications { edges { node { kind message request { status } } } } }"

# Raises `sqlstate` the first time any request row is updated, as PostgreSQL does to the transaction it
# picks as a deadlock's victim; a sequence counts the attempts, since it is not rolled back with them.
FAIL_ONCE = [
    "CREATE SEQUENCE expiry_attempts",
    """
    CREATE FUNCTION fail_first_expiry() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF nextval('expiry_attempts') = 1 THEN
            RAISE EXCEPTION 'injected conflict' USING ERRCODE = '{sqlstate}';
        END IF;
        RETURN NEW;
    END $$
    """,
    "CREATE TRIGGER fail_first_expiry BEFORE UPDATE ON mentorship_requests"
    " FOR EACH ROW EXECUTE FUNCTION fail_first_expiry()",
]


@pytest.mark.parametrize("sqlstate", ["40P01", "40001"])
async def test_a_conflict_during_the_lazy_expiry_is_retried(
    gql: GraphQL, db: async_sessionmaker[AsyncSession], sign_up: SignUp, sqlstate: str
) -> None:
    mentor, mentee = await sign_up("Mia"), await sign_up("Max")
    async with db.begin() as session:
        await session.execute(
            text(
                "INSERT INTO mentorship_requests (id, mentor_id, mentee_id, sender_id, recipient_id, message,"
                " expires_at) VALUES (gen_random_uuid(), :mentor, :mentee, :mentee, :mentor, 'Mentor me?',"
                " now() - interval '1 minute')"
            ),
            {"mentor": mentor.user.id, "mentee": mentee.user.id},
        )
        for statement in FAIL_ONCE:
            await session.execute(text(statement.replace("{sqlstate}", sqlstate)))

    body = await gql(NOTIFICATIONS, token=mentor.token)

    assert not body.get("errors"), body.get("errors")
    nodes = [edge["node"] for edge in body["data"]["notifications"]["edges"]]
    assert [(node["kind"], node["request"]["status"]) for node in nodes] == [("REQUEST_EXPIRED", "EXPIRED")]
    async with db() as session:
        assert await session.scalar(text("SELECT last_value FROM expiry_attempts")) == 2
