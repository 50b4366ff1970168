"""Rate limits and sign-in failures refer to people by a keyed hash of their email, never a copy; failed
sign-ins over the limit and password changes are audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from mentormatch.accounts.service import account_key
from mentormatch.db.engine import create_engine, create_sessionmaker
from tests.conftest import SECRET_KEY, GraphQL
from tests.integration.accounts.test_auth import PASSWORD, login, register

EMAIL = "ada.lovelace@example.com"


async def _rows(database_url: str, sql: str, **params: Any) -> list[Any]:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session:
            return list((await session.execute(text(sql), params)).all())
    finally:
        await engine.dispose()


async def test_failed_sign_ins_are_kept_and_audited_by_a_keyed_hash_of_the_email(
    gql: GraphQL, database_url: str
) -> None:
    created = await register(gql, EMAIL)
    for _ in range(3):
        assert [e["code"] for e in (await login(gql, EMAIL, "wrong-password-1234"))["errors"]] == [
            "INVALID_CREDENTIALS"
        ]
    failures = await _rows(database_url, "SELECT account_hash, failures FROM sign_in_failures")
    assert failures == [(account_key(SECRET_KEY, EMAIL), 3)]
    for table in ("sign_in_failures", "rate_limit_counters", "audit_log"):
        columns = await _rows(
            database_url,
            "SELECT column_name FROM information_schema.columns WHERE table_name = :t",
            t=table,
        )
        for (column,) in columns:
            hits = await _rows(
                database_url, f'SELECT 1 FROM {table} WHERE CAST("{column}" AS text) ILIKE :p', p="%lovelace%"
            )
            assert hits == [], (table, column)
    # The third failure starts the back-off: audited once, by the hash (and the account's id).
    entries = await _rows(
        database_url, "SELECT actor_id, target_type, target_id::text, target_hash, details FROM audit_log"
    )
    assert entries == [
        (None, "EMAIL", created["user"]["id"], account_key(SECRET_KEY, EMAIL), {"failures": 3})
    ]


async def test_a_password_change_is_audited(gql: GraphQL, database_url: str) -> None:
    created = await register(gql, EMAIL)
    changed = await gql.data(
        "mutation($input: ChangePasswordInput!) { changePassword(input: $input) { errors { code } } }",
        {"input": {"currentPassword": PASSWORD, "newPassword": "another-quite-unusual-phrase-77"}},
        token=created["token"],
    )
    assert changed["changePassword"]["errors"] == []
    entries = await _rows(database_url, "SELECT action, actor_id::text, target_id::text FROM audit_log")
    assert entries == [("PASSWORD_CHANGED", created["user"]["id"], created["user"]["id"])]
