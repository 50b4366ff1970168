"""Sign-up, sign-in, sessions and the CSRF and rate-limit protections, through GraphQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import update

from mentormatch.accounts import rate_limits
from mentormatch.accounts.models import User
from mentormatch.accounts.tokens import issue_token
from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.graphql.context import CSRF_COOKIE, SESSION_COOKIE
from tests.conftest import SECRET_KEY, GraphQL

PASSWORD = "a-long-unusual-passphrase-42"

REGISTER = """
mutation($input: RegisterInput!) {
  register(input: $input) { token user { id email displayName isAdmin } errors { code message field } }
}"""
LOGIN = """
mutation($input: LoginInput!) {
  login(input: $input) { token user { id } errors { code message field } }
}"""
ME = "{ me { id email displayName isAdmin } }"
LOGOUT = "mutation { logout { success errors { code } } }"


async def register(gql: GraphQL, email: str = "ada@example.com", **overrides: Any) -> dict[str, Any]:
    variables = {"email": email, "password": PASSWORD, "displayName": "Ada Lovelace", **overrides}
    data = await gql.data(REGISTER, {"input": variables})
    return data["register"]  # type: ignore[no-any-return]


async def login(gql: GraphQL, email: str, password: str = PASSWORD) -> dict[str, Any]:
    data = await gql.data(LOGIN, {"input": {"email": email, "password": password}})
    return data["login"]  # type: ignore[no-any-return]


async def set_user(database_url: str, email: str, **values: Any) -> None:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with create_sessionmaker(engine).begin() as session:
            await session.execute(update(User).where(User.email == email).values(**values))
    finally:
        await engine.dispose()


async def test_register_me_logout_me(gql: GraphQL) -> None:
    registered = await register(gql, "  Ada@Example.COM ")
    assert registered["errors"] == []
    assert registered["user"]["email"] == "ada@example.com"
    assert registered["user"]["isAdmin"] is False
    token = registered["token"]

    me = (await gql.data(ME, token=token))["me"]
    assert me["id"] == registered["user"]["id"]
    assert me["displayName"] == "Ada Lovelace"

    assert (await gql.data(LOGOUT, token=token))["logout"]["success"] is True
    assert (await gql.data(ME, token=token))["me"] is None
    assert (await gql.data(ME))["me"] is None


async def test_login_after_register_opens_a_new_session(gql: GraphQL) -> None:
    await register(gql)
    signed_in = await login(gql, "ADA@example.com")
    assert signed_in["errors"] == []
    assert (await gql.data(ME, token=signed_in["token"]))["me"]["email"] == "ada@example.com"


async def test_duplicate_email_in_any_case_conflicts(gql: GraphQL) -> None:
    await register(gql, "ada@example.com")
    again = await register(gql, "ADA@EXAMPLE.com")
    assert again["token"] is None
    assert again["errors"] == [
        {"code": "CONFLICT", "message": "An account with this email already exists.", "field": "email"}
    ]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"password": "short1"}, "password"),
        ({"password": "password123456"}, "password"),
        ({"password": "qwertyuiopasdf"}, "password"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "two@@example.com"}, "email"),
        ({"displayName": "   "}, "displayName"),
        ({"displayName": "x" * 101}, "displayName"),
    ],
)
async def test_bad_registration_input_names_the_field(
    gql: GraphQL, overrides: dict[str, str], field: str
) -> None:
    result = await register(gql, **overrides)
    assert result["token"] is None and result["user"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("INVALID_INPUT", field)]
    assert (await login(gql, overrides.get("email", "ada@example.com")))["token"] is None


async def test_wrong_password_and_unknown_account_fail_alike(gql: GraphQL) -> None:
    await register(gql)
    wrong_password = await login(gql, "ada@example.com", "not-the-right-passphrase")
    no_account = await login(gql, "nobody@example.com", "not-the-right-passphrase")
    assert wrong_password["token"] is None
    assert wrong_password["errors"] == no_account["errors"]
    assert wrong_password["errors"][0]["code"] == "INVALID_CREDENTIALS"
    assert wrong_password["errors"][0]["field"] is None


async def test_tampered_token_is_unauthenticated(gql: GraphQL) -> None:
    token = (await register(gql))["token"]
    header, payload, signature = token.split(".")
    forged_signature = ("A" if signature[0] != "A" else "B") + signature[1:]
    for bad in (f"{header}.{payload}.{forged_signature}", token + "x", "not-a-token"):
        assert (await gql.data(ME, token=bad))["me"] is None
    body = await gql(
        'mutation { changePassword(input: {currentPassword: "x", newPassword: "y"}) { errors { code } } }',
        token=token[:-2],
    )
    assert body["data"]["changePassword"]["errors"] == [{"code": "UNAUTHENTICATED"}]


async def test_expired_token_is_unauthenticated(gql: GraphQL) -> None:
    registered = await register(gql)
    me = (await gql.data(ME, token=registered["token"]))["me"]
    # A genuinely signed token whose expiry has passed (for the same user, any session).
    import uuid

    expired = issue_token(
        SECRET_KEY,
        user_id=uuid.UUID(me["id"]),
        session_id=uuid.uuid4(),
        expires_at=datetime.now(UTC) - timedelta(seconds=1),
    )
    assert (await gql.data(ME, token=expired))["me"] is None


async def test_suspended_users_token_stops_working_and_they_cannot_sign_in(
    gql: GraphQL, database_url: str
) -> None:
    token = (await register(gql))["token"]
    await set_user(database_url, "ada@example.com", suspended_at=datetime.now(UTC))
    assert (await gql.data(ME, token=token))["me"] is None
    again = await login(gql, "ada@example.com")
    assert again["token"] is None
    assert again["errors"][0]["code"] == "FORBIDDEN"


async def test_cookie_session_requires_csrf_token_for_mutations(client: AsyncTestClient[Any]) -> None:
    gql = GraphQL(client, browser=True)
    await register(gql)
    assert client.cookies.get(SESSION_COOKIE)
    csrf = client.cookies.get(CSRF_COOKIE)
    assert csrf

    # Queries ride on the cookie alone.
    assert (await gql.data(ME))["me"]["email"] == "ada@example.com"

    # A mutation with the cookie but without the token (a cross-site form post) is refused.
    refused = await gql(LOGOUT)
    assert refused["_status"] == 403
    assert refused["errors"][0]["extensions"]["code"] == "CSRF_FAILED"
    assert refused["data"] is None
    assert (await gql.data(ME))["me"] is not None, "the refused mutation must not have run"

    wrong = await gql(LOGOUT, headers={"X-CSRF-Token": "0" * 64})
    assert wrong["errors"][0]["extensions"]["code"] == "CSRF_FAILED"

    accepted = await gql.data(LOGOUT, headers={"X-CSRF-Token": csrf})
    assert accepted["logout"]["success"] is True
    client.cookies.clear()
    assert (await gql.data(ME))["me"] is None


async def test_session_cookie_is_httponly_and_samesite(client: AsyncTestClient[Any]) -> None:
    response = await client.post(
        "/graphql",
        json={
            "query": REGISTER,
            "variables": {"input": {"email": "c@example.com", "password": PASSWORD, "displayName": "C"}},
        },
    )
    cookies = [value.lower() for key, value in response.headers.multi_items() if key == "set-cookie"]
    session_cookie = next(c for c in cookies if c.startswith(SESSION_COOKIE))
    csrf_cookie = next(c for c in cookies if c.startswith(CSRF_COOKIE))
    assert "httponly" in session_cookie and "samesite=lax" in session_cookie
    assert "httponly" not in csrf_cookie


async def test_change_password_signs_out_other_sessions(gql: GraphQL) -> None:
    first = (await register(gql))["token"]
    second = (await login(gql, "ada@example.com"))["token"]
    change = """mutation($input: ChangePasswordInput!) {
      changePassword(input: $input) { user { id } errors { code field } } }"""

    wrong = await gql.data(
        change, {"input": {"currentPassword": "nope-nope-nope", "newPassword": PASSWORD}}, token=first
    )
    assert wrong["changePassword"]["errors"] == [{"code": "INVALID_CREDENTIALS", "field": "currentPassword"}]
    weak = await gql.data(
        change, {"input": {"currentPassword": PASSWORD, "newPassword": "password1"}}, token=first
    )
    assert weak["changePassword"]["errors"] == [{"code": "INVALID_INPUT", "field": "newPassword"}]

    new_password = "another-long-unusual-phrase-7"
    done = await gql.data(
        change, {"input": {"currentPassword": PASSWORD, "newPassword": new_password}}, token=first
    )
    assert done["changePassword"]["errors"] == []
    assert (await gql.data(ME, token=first))["me"] is not None
    assert (await gql.data(ME, token=second))["me"] is None
    assert (await login(gql, "ada@example.com"))["token"] is None
    assert (await login(gql, "ada@example.com", new_password))["token"]


async def test_no_way_to_become_admin_through_the_api(gql: GraphQL) -> None:
    body = await gql(
        'mutation { register(input: {email: "x@example.com", password: "a-long-unusual-passphrase-42",'
        ' displayName: "X", isAdmin: true}) { user { isAdmin } } }'
    )
    assert body["errors"], "isAdmin is not an input field"
    assert (await register(gql, "y@example.com"))["user"]["isAdmin"] is False


async def test_repeated_failures_for_one_account_slow_it_down(gql: GraphQL) -> None:
    await register(gql)
    codes = []
    for _ in range(rate_limits.FREE_FAILURES + 1):
        codes.append((await login(gql, "ada@example.com", "wrong-password-here"))["errors"][0]["code"])
    assert codes[: rate_limits.FREE_FAILURES] == ["INVALID_CREDENTIALS"] * rate_limits.FREE_FAILURES
    assert codes[-1] == "RATE_LIMITED"
    # Even the right password waits out the back-off; an unknown email behaves the same way.
    assert (await login(gql, "ada@example.com"))["errors"][0]["code"] == "RATE_LIMITED"
    for _ in range(rate_limits.FREE_FAILURES + 1):
        last = await login(gql, "ghost@example.com", "wrong-password-here")
    assert last["errors"][0]["code"] == "RATE_LIMITED"


async def test_sign_in_rate_limit_per_address_answers_with_retry_after(client: AsyncTestClient[Any]) -> None:
    limit = rate_limits.SIGN_IN_PER_ADDRESS.limit
    for attempt in range(limit + 1):
        response = await client.post(
            "/graphql",
            json={
                "query": LOGIN,
                "variables": {"input": {"email": f"user{attempt}@example.com", "password": "whatever-1234"}},
            },
        )
    errors = response.json()["data"]["login"]["errors"]
    assert errors[0]["code"] == "RATE_LIMITED"
    assert int(response.headers["retry-after"]) > 0


async def test_registration_rate_limit_per_address(gql: GraphQL) -> None:
    limit = rate_limits.REGISTER_PER_ADDRESS.limit
    results = [await register(gql, f"user{n}@example.com") for n in range(limit + 1)]
    assert all(r["errors"] == [] for r in results[:limit])
    assert results[-1]["errors"][0]["code"] == "RATE_LIMITED"
