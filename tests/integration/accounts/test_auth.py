"""Sign-up, sign-in, sessions and the CSRF and rate-limit protections, through GraphQL."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest
from litestar.testing import AsyncTestClient
from litestar.testing import transport as litestar_transport
from sqlalchemy import text, update
from zxcvbn import zxcvbn as real_zxcvbn

from mentormatch.accounts import passwords, rate_limits, service
from mentormatch.accounts.models import User
from mentormatch.accounts.tokens import issue_token
from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.embeddings import Embedder
from mentormatch.errors import ServiceError
from mentormatch.graphql.context import CSRF_COOKIE, SESSION_COOKIE
from tests.conftest import SECRET_KEY, GraphQL, app_client

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


class _FromAddress(litestar_transport.TestClientTransport[AsyncTestClient[Any]], httpx.AsyncBaseTransport):
    """The test client's transport, with another client address in the ASGI scope."""

    def __init__(self, client: AsyncTestClient[Any], address: str) -> None:
        super().__init__(client)
        self.address = address

    def parse_request(self, request: httpx.Request) -> dict[str, Any]:
        return {**super().parse_request(request), "client": (self.address, 40000)}


@asynccontextmanager
async def from_address(client: AsyncTestClient[Any], address: str) -> AsyncIterator[GraphQL]:
    """A GraphQL client of the same running app whose requests come from `address`."""
    transport = _FromAddress(client, address)
    async with httpx.AsyncClient(transport=transport, base_url=str(client.base_url)) as http:  # type: ignore[arg-type]
        yield GraphQL(http)  # type: ignore[arg-type]


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


async def test_an_email_with_a_nul_byte_is_refused_not_a_crash(gql: GraphQL) -> None:
    """Found by fuzzing: PostgreSQL text cannot hold a NUL byte, and sign-in looked such an email up."""
    await register(gql)
    for email in ("ada\x00@example.com", "ada@example.com\x00", "\x00"):
        signed_in = await login(gql, email)
        assert signed_in["token"] is None
        assert [e["code"] for e in signed_in["errors"]] == ["INVALID_CREDENTIALS"]
        registered = await register(gql, email)
        assert [(e["code"], e["field"]) for e in registered["errors"]] == [("INVALID_INPUT", "email")]
    assert (await login(gql, "ada@example.com"))["token"]


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


def session_of(token: str) -> tuple[uuid.UUID, uuid.UUID]:
    """The (user id, session id) a token names."""
    claims = jwt.decode(token, options={"verify_signature": False})
    return uuid.UUID(claims["sub"]), uuid.UUID(claims["sid"])


async def run_sql(database_url: str, statement: str, **params: Any) -> None:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with create_sessionmaker(engine).begin() as session:
            await session.execute(text(statement), params)
    finally:
        await engine.dispose()


async def test_a_session_past_its_expiry_is_refused_though_its_token_is_valid(
    gql: GraphQL, database_url: str
) -> None:
    await register(gql)
    token = (await login(gql, "ada@example.com"))["token"]
    assert (await gql.data(ME, token=token))["me"] is not None
    _, session_id = session_of(token)

    await run_sql(
        database_url,
        "UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = :id",
        id=session_id,
    )

    assert (await gql.data(ME, token=token))["me"] is None


async def test_a_token_past_its_own_expiry_is_refused_though_its_session_is_live(gql: GraphQL) -> None:
    await register(gql)
    user_id, session_id = session_of((await login(gql, "ada@example.com"))["token"])

    def token_expiring(at: datetime) -> str:
        return issue_token(SECRET_KEY, user_id=user_id, session_id=session_id, expires_at=at)

    # The same real session: valid with a future expiry, refused with a past one.
    assert (await gql.data(ME, token=token_expiring(datetime.now(UTC) + timedelta(hours=1))))["me"]
    expired = token_expiring(datetime.now(UTC) - timedelta(seconds=1))
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


@pytest.fixture
def one_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every attempt of the test falls in the window it started in: the limits count in fixed windows,
    and a slow run would otherwise cross into the next one and start counting afresh."""
    started = datetime.now(UTC)
    real = rate_limits._window
    monkeypatch.setattr(rate_limits, "_window", lambda rule, now: real(rule, started))


@pytest.mark.usefixtures("one_window")
async def test_sign_in_rate_limit_per_address_answers_with_retry_after(
    database_url: str, embedder: Embedder
) -> None:
    limit = 5
    overrides = {"MENTORMATCH_RATE_LIMIT_SIGN_IN_PER_ADDRESS": f"{limit}/5m"}
    async with app_client(database_url, embedder, **overrides) as client:
        for attempt in range(limit + 1):
            response = await client.post(
                "/graphql",
                json={
                    "query": LOGIN,
                    "variables": {
                        "input": {"email": f"user{attempt}@example.com", "password": "whatever-1234"}
                    },
                },
            )
    errors = response.json()["data"]["login"]["errors"]
    assert errors[0]["code"] == "RATE_LIMITED"
    assert int(response.headers["retry-after"]) > 0


@pytest.mark.usefixtures("one_window")
async def test_registration_rate_limit_per_address(database_url: str, embedder: Embedder) -> None:
    limit = 4
    overrides = {"MENTORMATCH_RATE_LIMIT_REGISTER_PER_ADDRESS": f"{limit}/1h"}
    async with app_client(database_url, embedder, **overrides) as client:
        gql = GraphQL(client)
        results = [await register(gql, f"user{n}@example.com") for n in range(limit + 1)]
    assert all(r["errors"] == [] for r in results[:limit])
    assert results[-1]["errors"][0]["code"] == "RATE_LIMITED"


async def test_registration_rate_limit_per_email(client: AsyncTestClient[Any]) -> None:
    limit = rate_limits.Limits.defaults().register_per_email.limit
    codes = []
    for n in range(limit + 1):
        # From a new address each time: only the email is the same.
        async with from_address(client, f"203.0.113.{n + 1}") as gql:
            codes.append([e["code"] for e in (await register(gql, "ADA@example.com "))["errors"]])
    assert codes[0] == []
    assert codes[1:limit] == [["CONFLICT"]] * (limit - 1)
    assert codes[-1] == ["RATE_LIMITED"]


async def test_a_strangers_failures_do_not_lock_the_owner_out(client: AsyncTestClient[Any]) -> None:
    await register(GraphQL(client))
    async with from_address(client, "203.0.113.7") as stranger, from_address(client, "198.51.100.2") as owner:
        codes = [
            (await login(stranger, "ada@example.com", "wrong-password-here"))["errors"][0]["code"]
            for _ in range(rate_limits.FREE_FAILURES + 1)
        ]
        assert codes[-1] == "RATE_LIMITED"

        signed_in = await login(owner, "ada@example.com")
        assert signed_in["errors"] == []
        assert signed_in["token"]

        # The owner's success does not free the guesser, who waits even with the right password.
        assert (await login(stranger, "ada@example.com"))["errors"][0]["code"] == "RATE_LIMITED"


async def test_parallel_wrong_guesses_are_held_to_the_back_off(gql: GraphQL, database_url: str) -> None:
    await register(gql)
    engine = create_engine(database_url, pool_size=10)
    db = create_sessionmaker(engine)

    async def guess(n: int) -> str:
        try:
            await service.sign_in(
                db,
                email="ada@example.com",
                password=f"wrong-password-{n}",
                client="203.0.113.7",
                signing_key=SECRET_KEY,
                ttl=timedelta(hours=1),
                limits=rate_limits.Limits.defaults(),
            )
        except ServiceError as error:
            return error.code.value
        return "SIGNED_IN"

    try:
        codes = await asyncio.gather(*(guess(n) for n in range(10)))
    finally:
        await engine.dispose()
    assert codes.count("INVALID_CREDENTIALS") == rate_limits.FREE_FAILURES, codes
    assert codes.count("RATE_LIMITED") == 10 - rate_limits.FREE_FAILURES, codes


async def test_guessing_from_many_addresses_is_bounded_per_account(
    database_url: str, embedder: Embedder
) -> None:
    limit = 5
    overrides = {"MENTORMATCH_RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT": f"{limit}/1h"}
    async with app_client(database_url, embedder, **overrides) as client:
        await register(GraphQL(client))
        codes = []
        for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
            async with from_address(client, address) as guesser:
                for _ in range(2):
                    codes.append(
                        (await login(guesser, "ada@example.com", "wrong-password-here"))["errors"][0]["code"]
                    )
        assert codes == ["INVALID_CREDENTIALS"] * limit + ["RATE_LIMITED"]
        # The documented price: once the ceiling is reached, the account waits it out everywhere.
        async with from_address(client, "198.51.100.2") as owner:
            assert (await login(owner, "ada@example.com"))["errors"][0]["code"] == "RATE_LIMITED"


async def test_the_right_password_does_not_use_up_the_account_ceiling(
    database_url: str, embedder: Embedder
) -> None:
    limit = 2
    overrides = {"MENTORMATCH_RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT": f"{limit}/1h"}
    async with app_client(database_url, embedder, **overrides) as client:
        await register(GraphQL(client))
        async with from_address(client, "198.51.100.2") as owner:
            for _ in range(limit + 2):
                assert (await login(owner, "ada@example.com"))["token"]


def test_one_address_alone_cannot_reach_the_account_ceiling() -> None:
    ceiling = rate_limits.Limits.defaults().sign_in_failures_per_account
    assert rate_limits.most_failures_from_one_address(ceiling.window_seconds) < ceiling.limit


async def test_password_strength_is_checked_off_the_event_loop(
    gql: GraphQL, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_event_loop: list[bool] = []

    def recording_zxcvbn(password: str, user_inputs: list[str] | None = None) -> dict[str, Any]:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            on_event_loop.append(False)
        else:
            on_event_loop.append(True)
        return real_zxcvbn(password, user_inputs=user_inputs)

    monkeypatch.setattr(passwords, "zxcvbn", recording_zxcvbn)
    token = (await register(gql))["token"]
    change = (
        """mutation($input: ChangePasswordInput!) { changePassword(input: $input) { errors { code } } }"""
    )
    new_password = {"currentPassword": PASSWORD, "newPassword": "another-long-unusual-phrase-7"}
    assert (await gql.data(change, {"input": new_password}, token=token))["changePassword"]["errors"] == []
    assert on_event_loop == [False, False]
