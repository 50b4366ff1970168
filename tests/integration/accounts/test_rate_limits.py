"""Rate limits under their default settings and across processes: a whole office behind one address
signs up and in, a password guess is still stopped, X-Forwarded-For is believed only from trusted
proxies, and the mutations a spammer would use are limited per account."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import text

from mentormatch.accounts import passwords, rate_limits
from mentormatch.db.engine import create_engine
from mentormatch.embeddings import Embedder
from tests.conftest import GraphQL, app_client
from tests.integration.accounts.test_auth import LOGIN, PASSWORD, from_address, login, register

OFFICE = "198.51.100.20"
PEOPLE = 300


@pytest.fixture
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at its cheapest, so that hundreds of sign-ups test the limits and not the hashing."""
    monkeypatch.setattr(
        passwords, "_hasher", PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))
    )


def _codes(payload: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload["errors"]]


@pytest.mark.usefixtures("cheap_hashing")
async def test_a_kickoff_of_300_people_behind_one_address_signs_up_and_in(
    client: AsyncTestClient[Any],
) -> None:
    async with from_address(client, OFFICE) as office:

        async def join(n: int) -> list[str]:
            email = f"person{n}@example.com"
            codes = _codes(await register(office, email))
            if n % 10 == 0:  # one in ten mistypes their password once on their other device
                codes += _codes(await login(office, email, "a-mistyped-passphrase"))
            return codes + _codes(await login(office, email))

        results: list[list[str]] = []
        for start in range(0, PEOPLE, 20):
            results += await asyncio.gather(*(join(n) for n in range(start, start + 20)))
        assert [r for r in results if r not in ([], ["INVALID_CREDENTIALS"])] == []
        assert sum(r == ["INVALID_CREDENTIALS"] for r in results) == PEOPLE // 10

        # From the same address, a password guess against one of them is still stopped at once.
        guesses = [
            _codes(await login(office, "person7@example.com", f"guess-{n}-passphrase")) for n in range(20)
        ]
    assert guesses[: rate_limits.FREE_FAILURES] == [["INVALID_CREDENTIALS"]] * rate_limits.FREE_FAILURES
    assert guesses[rate_limits.FREE_FAILURES :] == [["RATE_LIMITED"]] * (20 - rate_limits.FREE_FAILURES)


@pytest.mark.usefixtures("cheap_hashing")
async def test_a_guess_spread_over_many_addresses_is_bounded_by_the_default_ceiling(
    client: AsyncTestClient[Any],
) -> None:
    ceiling = rate_limits.Limits.defaults().sign_in_failures_per_account.limit
    await register(GraphQL(client))
    checked = 0
    address = 0
    while checked <= ceiling:
        address += 1
        async with from_address(client, f"203.0.{address // 250}.{address % 250 + 1}") as guesser:
            codes = [_codes(await login(guesser, "ada@example.com", f"guess-{n}-pass")) for n in range(4)]
        if ["RATE_LIMITED"] in codes and ["INVALID_CREDENTIALS"] not in codes:
            break
        checked += codes.count(["INVALID_CREDENTIALS"])
    # Each address gets its free failures, until the account's ceiling stops every address.
    assert checked == ceiling
    assert address == ceiling // rate_limits.FREE_FAILURES + 1 + (ceiling % rate_limits.FREE_FAILURES > 0)


async def test_limits_are_counted_across_two_api_processes(database_url: str, embedder: Embedder) -> None:
    overrides = {"MENTORMATCH_RATE_LIMIT_REGISTER_PER_ADDRESS": "3/1h"}
    async with (
        app_client(database_url, embedder, **overrides) as first,
        app_client(database_url, embedder, **overrides) as second,
    ):
        apps = [GraphQL(first), GraphQL(second)]
        codes = [_codes(await register(apps[n % 2], f"user{n}@example.com")) for n in range(4)]
    assert codes == [[], [], [], ["RATE_LIMITED"]]


async def _sign_in_codes(client: AsyncTestClient[Any], peer: str, forwarded_for: str | None) -> str:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    async with from_address(client, peer) as gql:
        body = await gql(
            LOGIN, {"input": {"email": "nobody@example.com", "password": "x" * 12}}, headers=headers
        )
    return str(body["data"]["login"]["errors"][0]["code"])


async def test_forwarded_for_counts_the_client_behind_a_trusted_proxy(
    database_url: str, embedder: Embedder
) -> None:
    overrides = {
        "MENTORMATCH_RATE_LIMIT_SIGN_IN_PER_ADDRESS": "2/5m",
        "MENTORMATCH_TRUSTED_PROXIES": "10.0.0.0/8",
    }
    async with app_client(database_url, embedder, **overrides) as client:
        # Through the proxy, each client has its own allowance, whatever it claims further left.
        first = [await _sign_in_codes(client, "10.0.0.5", f"6.6.6.{n}, 203.0.113.1") for n in range(3)]
        other = await _sign_in_codes(client, "10.0.0.5", "203.0.113.2")
    assert first == ["INVALID_CREDENTIALS", "INVALID_CREDENTIALS", "RATE_LIMITED"]
    assert other == "INVALID_CREDENTIALS"


async def test_forwarded_for_is_ignored_from_an_untrusted_peer(database_url: str, embedder: Embedder) -> None:
    overrides = {"MENTORMATCH_RATE_LIMIT_SIGN_IN_PER_ADDRESS": "2/5m"}
    async with app_client(database_url, embedder, **overrides) as client:
        # A client cannot escape its limit by claiming a new address in each request.
        codes = [await _sign_in_codes(client, "203.0.113.50", f"198.51.100.{n}") for n in range(3)]
    assert codes == ["INVALID_CREDENTIALS", "INVALID_CREDENTIALS", "RATE_LIMITED"]


MUTATIONS = {
    "requestMentorship": (
        'mutation($id: ID!) { requestMentorship(input: {mentorId: $id, message: "Hello there"}) '
        "{ errors { code message } } }",
        "mentorship requests",
    ),
    "inviteMentee": (
        'mutation($id: ID!) { inviteMentee(input: {menteeId: $id, message: "Hello there"}) '
        "{ errors { code message } } }",
        "invitations",
    ),
    "reportContent": (
        'mutation($id: ID!) { reportContent(input: {targetType: USER, targetId: $id, reason: "Spam"}) '
        "{ errors { code message } } }",
        "reports",
    ),
    "submitFeedback": (
        "mutation($id: ID!) { submitFeedback(input: {mentorshipId: $id, rating: 4, goodFit: true}) "
        "{ errors { code message } } }",
        "check-ins",
    ),
    "logSession": (
        'mutation($id: ID!) { logSession(input: {mentorshipId: $id, heldOn: "2026-11-30", minutes: 30}) '
        "{ errors { code message } } }",
        "logged meetings",
    ),
}
PER_ACCOUNT = {
    f"MENTORMATCH_RATE_LIMIT_{name}_PER_ACCOUNT": "2/1d"
    for name in ("REQUESTS", "INVITES", "REPORTS", "CHECK_INS", "SESSION_LOGS")
}


@pytest.mark.parametrize("mutation", list(MUTATIONS))
async def test_mutations_a_spammer_would_repeat_are_limited_per_account(
    database_url: str, embedder: Embedder, mutation: str
) -> None:
    query, what = MUTATIONS[mutation]
    async with app_client(database_url, embedder, **PER_ACCOUNT) as client:
        gql = GraphQL(client)
        spammer = (await register(gql, "spam@example.com"))["token"]
        neighbour = (await register(gql, "neighbour@example.com"))["token"]
        variables = {"id": str(uuid.uuid4())}
        codes = [_codes((await gql.data(query, variables, token=spammer))[mutation]) for _ in range(2)]
        response = await client.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {spammer}"},
        )
        refused = response.json()["data"][mutation]["errors"]
        # Another account, from the same address, is not held back by the spammer.
        other = _codes((await gql.data(query, variables, token=neighbour))[mutation])
    assert "RATE_LIMITED" not in codes[0] + codes[1]
    assert [e["code"] for e in refused] == ["RATE_LIMITED"]
    assert refused[0]["message"].startswith(f"Too many {what}. Try again in ")
    assert int(response.headers["retry-after"]) > 3600
    assert "RATE_LIMITED" not in other


async def test_mutations_are_not_counted_for_anonymous_callers(database_url: str, embedder: Embedder) -> None:
    query, _ = MUTATIONS["requestMentorship"]
    async with app_client(database_url, embedder, **PER_ACCOUNT) as client:
        gql = GraphQL(client)
        codes = [
            _codes((await gql.data(query, {"id": str(uuid.uuid4())}))["requestMentorship"]) for _ in range(3)
        ]
    assert codes == [["UNAUTHENTICATED"]] * 3


async def test_erasing_an_account_forgets_its_counters(database_url: str, embedder: Embedder) -> None:
    query, _ = MUTATIONS["reportContent"]
    erase = "mutation($input: DeleteMyAccountInput!) { deleteMyAccount(input: $input) { errors { code } } }"
    async with app_client(database_url, embedder) as client:
        gql = GraphQL(client)
        created = await register(gql, "leaving@example.com")
        await login(gql, "leaving@example.com", "a-wrong-passphrase")
        await gql.data(query, {"id": str(uuid.uuid4())}, token=created["token"])
        keys = await _counter_keys(database_url)
        user_id = created["user"]["id"]
        assert any(user_id in key for key in keys) and len(keys) == 5, keys
        data = await gql.data(erase, {"input": {"password": PASSWORD}}, token=created["token"])
        assert data["deleteMyAccount"]["errors"] == []
    # What is left is about the address only (sign-ups and sign-ins from it), not about the person.
    assert sorted(key.rsplit(":", 1)[0] for key in await _counter_keys(database_url)) == [
        "register:address",
        "sign-in:address",
    ]


async def _counter_keys(database_url: str) -> list[str]:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            return list((await connection.scalars(text("SELECT key FROM rate_limit_counters"))).all())
    finally:
        await engine.dispose()
