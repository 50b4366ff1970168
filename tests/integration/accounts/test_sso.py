"""Single sign-on through a real OpenID Connect provider (oidc-provider-mock, served on a local port).

Each test walks the browser's part over HTTP by hand: our /auth/oidc/start, the provider's sign-in
form (where the test chooses the person's claims), the provider's redirect back to our callback, and
the session the callback leaves in the cookie jar.
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from joserfc import jwt as jose_jwt
from joserfc.jwk import RSAKey
from litestar.testing import AsyncTestClient
from oidc_provider_mock import run_server_in_thread
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.accounts.models import OidcIdentity, Session, User
from mentormatch.accounts.oidc import OidcClient, SsoError, SsoRefused
from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.embeddings import Embedder
from mentormatch.graphql.context import CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE
from tests.conftest import GraphQL, app_client, make_settings

PASSWORD = "a-long-unusual-passphrase-42"
CLIENT_ID = "mentormatch-test"
ME = "{ me { id email displayName isAdmin } }"
OPTIONS = "{ signInOptions { password sso { label startUrl } } }"
REGISTER = """
mutation($input: RegisterInput!) {
  register(input: $input) { user { id } errors { code message } }
}"""
LOGIN = """
mutation($input: LoginInput!) {
  login(input: $input) { user { id } errors { code message } }
}"""

Db = async_sessionmaker[AsyncSession]


@contextmanager
def running_provider(**options: Any) -> Iterator[str]:
    """The issuer URL of a real OpenID provider running in a thread."""
    # The provider refuses plain-HTTP redirect URIs unless told this is a test.
    previous = os.environ.get("AUTHLIB_INSECURE_TRANSPORT")
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
    try:
        with run_server_in_thread(**options) as server:
            yield f"http://localhost:{server.server_port}"
    finally:
        if previous is None:
            os.environ.pop("AUTHLIB_INSECURE_TRANSPORT", None)
        else:
            os.environ["AUTHLIB_INSECURE_TRANSPORT"] = previous


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with running_provider() as issuer:
        yield issuer


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Db]:
    engine = create_engine(database_url, pool_size=2)
    yield create_sessionmaker(engine)
    await engine.dispose()


def sso_settings(provider: str, **overrides: Any) -> dict[str, Any]:
    return {
        "MENTORMATCH_OIDC_ISSUER": provider,
        "MENTORMATCH_OIDC_CLIENT_ID": CLIENT_ID,
        "MENTORMATCH_OIDC_CLIENT_SECRET": "client-secret-for-tests",
        "MENTORMATCH_OIDC_ALLOWED_DOMAINS": "example.com, Partner.example.org",
        "MENTORMATCH_OIDC_DISPLAY_NAME": "Acme",
        **overrides,
    }


@pytest.fixture
async def client(database_url: str, embedder: Embedder, provider: str) -> AsyncIterator[AsyncTestClient[Any]]:
    async with app_client(database_url, embedder, **sso_settings(provider)) as test_client:
        yield test_client


def person(
    email: str | None = "grace@example.com", *, verified: Any = True, name: str = "Grace Hopper"
) -> dict[str, Any]:
    claims: dict[str, Any] = {"name": name, "email_verified": verified}
    if email is not None:
        claims["email"] = email
    return claims


async def at_provider(authorize_url: str, sub: str, claims: dict[str, Any]) -> str:
    """Sign `sub` in at the provider with `claims`; the URL it sends the browser back to."""
    issuer = f"{urlsplit(authorize_url).scheme}://{urlsplit(authorize_url).netloc}"
    async with httpx.AsyncClient() as http:
        (await http.put(f"{issuer}/users/{sub}", json=claims)).raise_for_status()
        answer = await http.post(authorize_url, data={"sub": sub})
    assert answer.status_code == 302, answer.text
    return answer.headers["location"]


def local(url: str) -> str:
    """The path and query of a URL on our app (the test client has its own base URL)."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


async def start(client: AsyncTestClient[Any], next_path: str | None = None) -> str:
    params = {"next": next_path} if next_path else {}
    response = await client.get("/auth/oidc/start", params=params, follow_redirects=False)
    assert response.status_code == 302, response.text
    return response.headers["location"]


async def sign_in(
    client: AsyncTestClient[Any], sub: str, claims: dict[str, Any], next_path: str | None = None
) -> httpx.Response:
    """The whole flow; the callback's response (a redirect: into the app, or back to /signin)."""
    callback = await at_provider(await start(client, next_path), sub, claims)
    return await client.get(local(callback), follow_redirects=False)


def refusal(response: httpx.Response) -> str | None:
    """The `error` of a redirect back to the sign-in page, or None if it went elsewhere."""
    assert response.status_code == 302, response.text
    location = urlsplit(response.headers["location"])
    if location.path != "/signin":
        return None
    return parse_qs(location.query)["error"][0]


async def me(client: AsyncTestClient[Any]) -> dict[str, Any] | None:
    """Who the browser's cookies sign in as, asked like the web app asks (with the CSRF header)."""
    response = await client.post(
        "/graphql", json={"query": ME}, headers={CSRF_HEADER: client.cookies.get(CSRF_COOKIE) or ""}
    )
    body = response.json()
    assert not body.get("errors"), body
    return body["data"]["me"]  # type: ignore[no-any-return]


async def counts(db: Db) -> tuple[int, int, int]:
    async with db() as session:
        return (
            await session.scalar(select(func.count()).select_from(User)) or 0,
            await session.scalar(select(func.count()).select_from(Session)) or 0,
            await session.scalar(select(func.count()).select_from(OidcIdentity)) or 0,
        )


def new_sub() -> str:
    return f"sub-{uuid.uuid4().hex[:12]}"


async def test_first_sign_in_creates_the_account_and_signs_in_with_the_password_cookies(
    client: AsyncTestClient[Any], db: Db, provider: str
) -> None:
    sub = new_sub()
    response = await sign_in(client, sub, person("Grace@Example.com"), next_path="/requests?box=outgoing")

    assert refusal(response) is None
    assert response.headers["location"] == "/requests?box=outgoing"
    cookies = response.headers.get_list("set-cookie")
    session_cookie = next(c for c in cookies if c.startswith(f"{SESSION_COOKIE}="))
    assert "HttpOnly" in session_cookie and "SameSite=lax" in session_cookie
    assert any(c.startswith(f"{CSRF_COOKIE}=") and "HttpOnly" not in c for c in cookies)
    viewer = await me(client)
    assert viewer is not None
    assert (viewer["email"], viewer["displayName"], viewer["isAdmin"]) == (
        "grace@example.com",
        "Grace Hopper",
        False,
    )
    async with db() as session:
        user = await session.scalar(select(User).where(User.email == "grace@example.com"))
        assert user is not None and user.password_hash is None
        identity = await session.get(OidcIdentity, (provider, sub))
        assert identity is not None and identity.user_id == user.id

    # The cookie session obeys the CSRF rule like a password one: a mutation without the header fails.
    bare = await client.post("/graphql", json={"query": "mutation { logout { success } }"})
    assert bare.json()["errors"][0]["extensions"]["code"] == "CSRF_FAILED"
    assert await me(client) is not None

    # Signing out ends it (the existing logout).
    logout = await client.post(
        "/graphql",
        json={"query": "mutation { logout { success } }"},
        headers={CSRF_HEADER: client.cookies.get(CSRF_COOKIE) or ""},
    )
    assert logout.json()["data"]["logout"]["success"] is True
    assert await me(client) is None


async def test_an_existing_password_account_is_linked_then_found_by_subject(
    client: AsyncTestClient[Any], db: Db, provider: str
) -> None:
    registered = await GraphQL(client).data(
        REGISTER, {"input": {"email": "ada@example.com", "password": PASSWORD, "displayName": "Ada"}}
    )
    user_id = registered["register"]["user"]["id"]
    sub = new_sub()

    linked = await sign_in(client, sub, person("ada@example.com", name="Ada L."))
    assert refusal(linked) is None
    assert (await me(client) or {})["id"] == user_id
    assert (await me(client) or {})["displayName"] == "Ada"  # linking changes nothing of the account
    users, _, identities = await counts(db)
    assert (users, identities) == (1, 1)

    # The provider now says another address (the person changed it there): the subject still finds Ada.
    client.cookies.clear()
    again = await sign_in(client, sub, person("ada.lovelace@example.com"))
    assert refusal(again) is None
    assert (await me(client) or {})["id"] == user_id
    assert (await counts(db))[0] == 1
    # And the password still works too.
    client.cookies.clear()
    login = await GraphQL(client).data(LOGIN, {"input": {"email": "ada@example.com", "password": PASSWORD}})
    assert login["login"]["errors"] == []


DELETE_ME = """mutation($input: DeleteMyAccountInput!) {
  deleteMyAccount(input: $input) { errors { code field message } } }"""


async def browser_data(client: AsyncTestClient[Any], query: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={CSRF_HEADER: client.cookies.get(CSRF_COOKIE) or ""},
    )
    body = response.json()
    assert not body.get("errors"), body
    return body["data"]  # type: ignore[no-any-return]


async def test_an_account_without_a_password_deletes_itself_after_a_fresh_sign_in(
    client: AsyncTestClient[Any], db: Db, provider: str
) -> None:
    sub = new_sub()
    assert refusal(await sign_in(client, sub, person("lin@example.com", name="Lin"))) is None
    has = await browser_data(client, "{ me { hasPassword } }", {})
    assert has == {"me": {"hasPassword": False}}

    # The session is older than a recent sign-in: refused, with what to do, and nothing erased.
    async with db.begin() as session:
        user = await session.scalar(select(User).where(User.email == "lin@example.com"))
        assert user is not None
        await session.execute(
            update(Session)
            .where(Session.user_id == user.id)
            .values(created_at=datetime.now(UTC) - timedelta(minutes=11))
        )
    stale = (await browser_data(client, DELETE_ME, {"input": {}}))["deleteMyAccount"]["errors"]
    assert [e["code"] for e in stale] == ["REAUTHENTICATION_REQUIRED"]
    assert "Sign in again" in stale[0]["message"]
    # A password does not stand in for the sign-in: the account has none.
    guessed = await browser_data(client, DELETE_ME, {"input": {"password": "anything at all"}})
    assert [e["code"] for e in guessed["deleteMyAccount"]["errors"]] == ["REAUTHENTICATION_REQUIRED"]
    assert (await me(client) or {}).get("email") == "lin@example.com"

    # Signing in again through the provider confirms it: the account is erased and the browser signed out.
    assert refusal(await sign_in(client, sub, person("lin@example.com", name="Lin"))) is None
    deleted = (await browser_data(client, DELETE_ME, {"input": {}}))["deleteMyAccount"]
    assert deleted["errors"] == []
    assert await me(client) is None
    async with db() as session:
        erased = await session.get(User, user.id)
        assert erased is not None and erased.erased_at is not None and erased.email != "lin@example.com"
        assert (
            await session.scalar(
                select(func.count()).select_from(OidcIdentity).where(OidcIdentity.user_id == user.id)
            )
            == 0
        )


async def refused_without_trace(client: AsyncTestClient[Any], db: Db, response: httpx.Response) -> str | None:
    code = refusal(response)
    assert await me(client) is None
    return code


async def test_refusals_create_nothing(client: AsyncTestClient[Any], db: Db) -> None:
    await GraphQL(client).data(
        REGISTER, {"input": {"email": "ada@example.com", "password": PASSWORD, "displayName": "Ada"}}
    )
    before = await counts(db)

    # An email outside the allowed domains (a look-alike suffix too).
    for email in ("mallory@elsewhere.test", "mallory@notexample.com"):
        response = await sign_in(client, new_sub(), person(email))
        assert await refused_without_trace(client, db, response) == "SSO_DOMAIN_NOT_ALLOWED"
    # An unverified email, even of an existing account: never linked, never created.
    for verified in (False, "true", None):
        response = await sign_in(client, new_sub(), person("ada@example.com", verified=verified))
        assert await refused_without_trace(client, db, response) == "SSO_EMAIL_UNVERIFIED"
    # No email at all.
    response = await sign_in(client, new_sub(), person(None))
    assert await refused_without_trace(client, db, response) == "SSO_EMAIL_UNVERIFIED"

    assert await counts(db) == before
    # An allowed domain of the list, whatever its case, does sign in.
    response = await sign_in(client, new_sub(), person("lin@partner.example.org"))
    assert refusal(response) is None


async def test_a_wrong_state_or_a_replayed_code_is_refused(client: AsyncTestClient[Any], db: Db) -> None:
    before = await counts(db)
    sub = new_sub()
    callback = await at_provider(await start(client), sub, person())

    # The state of another flow (or none): refused before the code is even used.
    parts = urlsplit(callback)
    query = parse_qs(parts.query)
    for state in ("not-the-state", "%C3%A9t%C3%A9", ""):
        forged = f"{parts.path}?code={query['code'][0]}&state={state}"
        assert refusal(await client.get(forged, follow_redirects=False)) == "SSO_STATE_MISMATCH"
    # A callback without the flow cookie (another browser, or an attacker's link): refused.
    stranger = AsyncTestClient(client.app)
    async with stranger:
        assert refusal(await stranger.get(local(callback), follow_redirects=False)) == "SSO_STATE_MISMATCH"
    assert await counts(db) == before

    # A new flow, used once: signed in; its code used again (with its state and cookie): refused.
    client.cookies.clear()
    first_start = await start(client)
    flow_cookie = client.cookies.get("mm_oidc_flow")
    callback = await at_provider(first_start, sub, person())
    assert refusal(await client.get(local(callback), follow_redirects=False)) is None
    after_first = await counts(db)
    client.cookies.clear()
    client.cookies.set("mm_oidc_flow", flow_cookie or "", path="/auth/oidc")
    assert refusal(await client.get(local(callback), follow_redirects=False)) == "SSO_CODE_REJECTED"
    assert await me(client) is None
    assert await counts(db) == after_first


async def test_a_suspended_account_is_refused(client: AsyncTestClient[Any], db: Db) -> None:
    sub = new_sub()
    assert refusal(await sign_in(client, sub, person())) is None
    async with db.begin() as session:
        await session.execute(update(User).values(suspended_at=datetime.now(UTC)))
    client.cookies.clear()
    before = await counts(db)

    assert (
        await refused_without_trace(client, db, await sign_in(client, sub, person()))
        == "SSO_ACCOUNT_SUSPENDED"
    )
    # Nor can it be reached by linking a new subject through its email.
    response = await sign_in(client, new_sub(), person())
    assert await refused_without_trace(client, db, response) == "SSO_ACCOUNT_SUSPENDED"
    assert await counts(db) == before


async def test_the_provider_down_and_the_provider_declining(
    database_url: str, embedder: Embedder, db: Db, provider: str
) -> None:
    async with app_client(
        database_url, embedder, **sso_settings(provider, MENTORMATCH_OIDC_ISSUER="http://127.0.0.1:9")
    ) as down:
        response = await down.get("/auth/oidc/start", follow_redirects=False)
        assert refusal(response) == "SSO_PROVIDER_UNAVAILABLE"

    async with app_client(database_url, embedder, **sso_settings(provider)) as client:
        authorize_url = await start(client)
        async with httpx.AsyncClient() as http:
            answer = await http.post(authorize_url, data={"action": "deny"})
        assert (
            refusal(await client.get(local(answer.headers["location"]), follow_redirects=False))
            == "SSO_DENIED"
        )
    assert await counts(db) == (0, 0, 0)


async def test_sign_in_options_and_password_sign_in_turned_off(
    database_url: str, embedder: Embedder, provider: str
) -> None:
    async with app_client(database_url, embedder) as plain:
        options = await GraphQL(plain).data(OPTIONS)
        assert options["signInOptions"] == {"password": True, "sso": None}
        assert refusal(await plain.get("/auth/oidc/start", follow_redirects=False)) == "SSO_NOT_CONFIGURED"

    async with app_client(
        database_url, embedder, **sso_settings(provider, MENTORMATCH_PASSWORD_SIGNIN="false")
    ) as sso_only:
        gql = GraphQL(sso_only)
        options = await gql.data(OPTIONS)
        assert options["signInOptions"] == {
            "password": False,
            "sso": {"label": "Sign in with Acme", "startUrl": "/auth/oidc/start"},
        }
        registered = await gql.data(
            REGISTER, {"input": {"email": "ada@example.com", "password": PASSWORD, "displayName": "Ada"}}
        )
        assert [e["code"] for e in registered["register"]["errors"]] == ["PASSWORD_SIGN_IN_DISABLED"]
        login = await gql.data(LOGIN, {"input": {"email": "ada@example.com", "password": PASSWORD}})
        assert [e["code"] for e in login["login"]["errors"]] == ["PASSWORD_SIGN_IN_DISABLED"]
        # Single sign-on still works.
        assert refusal(await sign_in(sso_only, new_sub(), person())) is None
        assert (await me(sso_only) or {})["email"] == "grace@example.com"


async def test_id_tokens_are_validated(client: AsyncTestClient[Any], provider: str) -> None:
    """A genuine ID token from the provider passes only for our client id, our flow's nonce, unaltered."""
    authorize_url = await start(client)
    nonce = parse_qs(urlsplit(authorize_url).query)["nonce"][0]
    callback = await at_provider(authorize_url, new_sub(), person())
    # Exchange the code ourselves, as the client would, to hold the provider's own ID token.
    async with httpx.AsyncClient() as http:
        answer = await http.post(
            f"{provider}/oauth2/token",
            data={
                "grant_type": "authorization_code",
                "code": parse_qs(urlsplit(callback).query)["code"][0],
                "redirect_uri": "http://testserver.local/auth/oidc/callback",
            },
            auth=(CLIENT_ID, "client-secret-for-tests"),
        )
    token = answer.json()
    id_token = token["id_token"]
    ours = OidcClient(make_settings("postgresql://unused/db", **sso_settings(provider)))
    claims = await ours.validated_claims(id_token, nonce=nonce, access_token=token)
    assert claims["email"] == "grace@example.com"

    async def refused(client_: OidcClient, value: str, nonce_: str) -> SsoError:
        with pytest.raises(SsoRefused) as caught:
            await client_.validated_claims(value, nonce=nonce_, access_token=token)
        return caught.value.code

    # Another flow's nonce (a token replayed into another sign-in).
    assert await refused(ours, id_token, "another-flow") == SsoError.INVALID_ID_TOKEN
    # Issued to another client (audience).
    other_client = OidcClient(
        make_settings(
            "postgresql://unused/db", **sso_settings(provider, MENTORMATCH_OIDC_CLIENT_ID="someone-else")
        )
    )
    assert await refused(other_client, id_token, nonce) == SsoError.INVALID_ID_TOKEN
    # Altered claims (the signature no longer matches), and a token signed with a key of our own.
    header, _, signature = id_token.split(".")
    forged_payload = (
        base64.urlsafe_b64encode(json.dumps({**claims, "email": "admin@example.com"}).encode())
        .rstrip(b"=")
        .decode()
    )
    assert await refused(ours, f"{header}.{forged_payload}.{signature}", nonce) == SsoError.INVALID_ID_TOKEN
    own_key = RSAKey.generate_key(2048, parameters={"kid": "not-the-providers"})
    self_signed = jose_jwt.encode({"alg": "RS256", "kid": "not-the-providers"}, claims, own_key)
    assert await refused(ours, self_signed, nonce) == SsoError.INVALID_ID_TOKEN


async def test_an_expired_id_token_is_refused(database_url: str, embedder: Embedder, db: Db) -> None:
    # A provider whose tokens expire two minutes before they are issued: past the minute of leeway.
    with running_provider(access_token_max_age=timedelta(seconds=-120)) as stale:
        async with app_client(database_url, embedder, **sso_settings(stale)) as client:
            response = await sign_in(client, new_sub(), person())
            assert refusal(response) == "SSO_INVALID_ID_TOKEN"
            assert await me(client) is None
    assert await counts(db) == (0, 0, 0)


async def test_callbacks_count_as_sign_ins_from_their_address(
    database_url: str, embedder: Embedder, db: Db, provider: str
) -> None:
    limited = sso_settings(provider, MENTORMATCH_RATE_LIMIT_SIGN_IN_PER_ADDRESS="2/1h")
    async with app_client(database_url, embedder, **limited) as client:
        assert refusal(await sign_in(client, new_sub(), person())) is None
        client.cookies.clear()
        assert refusal(await client.get("/auth/oidc/callback?code=x&state=y", follow_redirects=False)) == (
            "SSO_STATE_MISMATCH"
        )
        before = await counts(db)
        # The third from this address in the hour: refused before the provider is asked.
        assert refusal(await sign_in(client, new_sub(), person("lin@example.com"))) == "SSO_RATE_LIMITED"
        assert await me(client) is None
        assert await counts(db) == before
