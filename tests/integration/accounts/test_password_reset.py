"""Password reset links: issued by admins, shown once, used once, expiring; the reset ends every other
session and is audited both ways."""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import parse_qs, urlparse

from sqlalchemy import text

from mentormatch.db.engine import create_engine, create_sessionmaker
from tests.conftest import GraphQL
from tests.integration.accounts.test_auth import ME, PASSWORD, login, register, set_user

ERRORS = "errors { code message field }"
ISSUE = f"""
mutation($userId: ID!) {{ issuePasswordReset(userId: $userId) {{ resetLink expiresAt {ERRORS} }} }}"""
RESET = f"""
mutation($input: ResetPasswordInput!) {{
  resetPassword(input: $input) {{ token user {{ id email }} {ERRORS} }}
}}"""
NEW_PASSWORD = "another-quite-unusual-phrase-77"


async def _people(gql: GraphQL, database_url: str) -> tuple[str, str, str]:
    """(admin token, participant id, participant token)."""
    admin = await register(gql, "admin@example.com", displayName="Admin Ada")
    await set_user(database_url, "admin@example.com", is_admin=True)
    someone = await register(gql, "sam@example.com", displayName="Someone Sam")
    return admin["token"], someone["user"]["id"], someone["token"]


async def _issue(gql: GraphQL, admin: str, user_id: str) -> dict[str, Any]:
    payload: dict[str, Any] = (await gql.data(ISSUE, {"userId": user_id}, token=admin))["issuePasswordReset"]
    return payload


def _token(link: str) -> str:
    parsed = urlparse(link)
    assert parsed.path == "/reset-password"
    return parse_qs(parsed.query)["token"][0]


async def _reset(gql: GraphQL, token: str, password: str = NEW_PASSWORD) -> dict[str, Any]:
    payload: dict[str, Any] = (await gql.data(RESET, {"input": {"token": token, "newPassword": password}}))[
        "resetPassword"
    ]
    return payload


def _codes(payload: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(e["code"], e["field"]) for e in payload["errors"]]


async def _count(database_url: str, gql: GraphQL, sql: str, **params: Any) -> int:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session:
            return int(await session.scalar(text(sql), params) or 0)
    finally:
        await engine.dispose()


async def test_a_reset_link_sets_the_password_once_and_ends_other_sessions(
    gql: GraphQL, database_url: str
) -> None:
    admin, user_id, old_session = await _people(gql, database_url)
    issued = await _issue(gql, admin, user_id)
    assert issued["errors"] == [] and issued["expiresAt"]
    token = _token(issued["resetLink"])
    # Stored only as a hash: the database holds no copy of the token.
    stored = await _count(
        database_url,
        gql,
        "SELECT count(*) FROM password_reset_tokens WHERE token_hash = :digest",
        digest=hashlib.sha256(token.encode()).digest(),
    )
    assert stored == 1
    assert (
        await _count(
            database_url,
            gql,
            "SELECT count(*) FROM password_reset_tokens WHERE token_hash::text LIKE :t",
            t=f"%{token}%",
        )
        == 0
    )

    reset = await _reset(gql, token)
    assert reset["errors"] == [] and reset["user"]["id"] == user_id
    assert (await gql.data(ME, token=reset["token"]))["me"]["id"] == user_id
    assert (await gql.data(ME, token=old_session))["me"] is None
    assert _codes(await login(gql, "sam@example.com", PASSWORD)) == [("INVALID_CREDENTIALS", None)]
    assert (await login(gql, "sam@example.com", NEW_PASSWORD))["errors"] == []

    # Used once.
    assert _codes(await _reset(gql, token, "yet-another-unusual-phrase-99")) == [("INVALID_INPUT", "token")]
    actions = await _count(
        database_url,
        gql,
        "SELECT count(*) FROM audit_log WHERE target_id = :id AND action IN"
        " ('PASSWORD_RESET_ISSUED', 'PASSWORD_RESET_USED')",
        id=user_id,
    )
    assert actions == 2


async def test_an_expired_replaced_or_unknown_link_is_refused_and_a_weak_password_keeps_it(
    gql: GraphQL, database_url: str
) -> None:
    admin, user_id, _ = await _people(gql, database_url)
    first = _token((await _issue(gql, admin, user_id))["resetLink"])
    second = _token((await _issue(gql, admin, user_id))["resetLink"])
    assert _codes(await _reset(gql, first)) == [("INVALID_INPUT", "token")]
    assert _codes(await _reset(gql, "made-up")) == [("INVALID_INPUT", "token")]
    assert _codes(await _reset(gql, second, "password")) == [("INVALID_INPUT", "newPassword")]
    assert (await _reset(gql, second))["errors"] == []

    third = _token((await _issue(gql, admin, user_id))["resetLink"])

    engine = create_engine(database_url, pool_size=1)
    try:
        async with create_sessionmaker(engine).begin() as session:
            await session.execute(
                text("UPDATE password_reset_tokens SET expires_at = now() - interval '1 second'")
            )
    finally:
        await engine.dispose()
    assert _codes(await _reset(gql, third, "one-more-unusual-phrase-55")) == [("INVALID_INPUT", "token")]


async def test_only_admins_issue_links_for_accounts_that_exist(gql: GraphQL, database_url: str) -> None:
    admin, user_id, participant = await _people(gql, database_url)
    refused = await _issue(gql, participant, user_id)
    assert _codes(refused) == [("FORBIDDEN", None)] and refused["resetLink"] is None
    assert await _count(database_url, gql, "SELECT count(*) FROM password_reset_tokens") == 0
    missing = await _issue(gql, admin, "00000000-0000-0000-0000-000000000000")
    assert _codes(missing) == [("NOT_FOUND", "userId")]
    assert _codes(await _issue(gql, admin, "nonsense")) == [("NOT_FOUND", "userId")]
