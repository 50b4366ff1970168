"""Reads served by a real streaming replica (DATABASE_REPLICA_URL): matching and lists go to it, a
participant's own writes are visible to them at once, and a replica that goes away leaves reads on the
primary until it is back.

Which server answered is proved by pausing replay on the replica: what the primary wrote since then is
missing from the replica's answers and present in the primary's."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from mentormatch.embeddings import Embedder
from tests.conftest import GraphQL, app_client
from tests.integration.matching.conftest import Person
from tests.integration.replica.conftest import Replica

MATCHES = "query { mentorMatches(first: 10) { edges { node { mentor { displayName } } } } }"
INCOMING = "query { incomingMentorshipRequests { totalCount } }"
OUTGOING = "query { outgoingMentorshipRequests { totalCount } }"
REQUEST = (
    'mutation($id: ID!) { requestMentorship(input: {mentorId: $id, message: "Hello there"}) '
    "{ errors { code message } } }"
)
SETTINGS = {
    # Short, so the tests need not wait: the replica's position is asked for on nearly every request,
    # and a failed replica is tried again after a moment.
    "MENTORMATCH_REPLICA_LAG_CHECK_SECONDS": 0.0,
    "MENTORMATCH_REPLICA_RETRY_SECONDS": 0.3,
}


def mentor_names(data: dict[str, Any]) -> list[str]:
    return sorted(e["node"]["mentor"]["displayName"] for e in data["mentorMatches"]["edges"])


async def test_matching_and_lists_are_read_from_the_replica(
    database_url: str, replica: Replica, embedder: Embedder, person: Person
) -> None:
    await person("Ada Mentor", canMentor=True, expertise=["Python web services"])
    _, mentee = await person("Mia Mentee", seeksMentoring=True, objectives=["build Python APIs"])
    await replica.caught_up(database_url)
    async with app_client(database_url, embedder, DATABASE_REPLICA_URL=replica.url, **SETTINGS) as client:
        gql = GraphQL(client)
        assert mentor_names(await gql.data(MATCHES, token=mentee)) == ["Ada Mentor"]
        async with replay_paused(replica):
            # Written on the primary (not through the API, so no one's "own write"): the replica lacks it.
            await person("Bob Mentor", canMentor=True, expertise=["Python and Django"])
            assert mentor_names(await gql.data(MATCHES, token=mentee)) == ["Ada Mentor"]
        await replica.caught_up(database_url)
        assert mentor_names(await gql.data(MATCHES, token=mentee)) == ["Ada Mentor", "Bob Mentor"]
    async with app_client(database_url, embedder, **SETTINGS) as client:  # no replica: the primary
        assert mentor_names(await GraphQL(client).data(MATCHES, token=mentee)) == ["Ada Mentor", "Bob Mentor"]


async def test_own_writes_are_read_at_once_while_others_see_the_replica(
    database_url: str, replica: Replica, embedder: Embedder, person: Person
) -> None:
    mentor_id, mentor = await person("Ada Mentor", canMentor=True, expertise=["Python web services"])
    _, mentee = await person("Mia Mentee", seeksMentoring=True, objectives=["build Python APIs"])
    await replica.caught_up(database_url)
    replica_settings = {"DATABASE_REPLICA_URL": replica.url, **SETTINGS}
    async with (
        app_client(database_url, embedder, **replica_settings) as writer,
        app_client(database_url, embedder, **replica_settings) as reader,
    ):
        async with replay_paused(replica):
            sent = await GraphQL(writer).data(REQUEST, {"id": str(mentor_id)}, token=mentee)
            assert sent["requestMentorship"]["errors"] == []
            # The sender, through another API process: their own request is there at once.
            assert (await GraphQL(reader).data(OUTGOING, token=mentee))["outgoingMentorshipRequests"] == {
                "totalCount": 1
            }
            # The mentor wrote nothing: they read the replica, which has not replayed the request yet.
            assert (await GraphQL(reader).data(INCOMING, token=mentor))["incomingMentorshipRequests"] == {
                "totalCount": 0
            }
        await replica.caught_up(database_url)
        assert (await GraphQL(reader).data(INCOMING, token=mentor))["incomingMentorshipRequests"] == {
            "totalCount": 1
        }
        # Once the replica has replayed the sender's write, the sender reads it again (and still sees it).
        assert (await GraphQL(reader).data(OUTGOING, token=mentee))["outgoingMentorshipRequests"] == {
            "totalCount": 1
        }


async def test_reads_fall_back_to_the_primary_while_the_replica_is_down(
    database_url: str,
    replica: Replica,
    embedder: Embedder,
    person: Person,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await person("Ada Mentor", canMentor=True, expertise=["Python web services"])
    _, mentee = await person("Mia Mentee", seeksMentoring=True, objectives=["build Python APIs"])
    await replica.caught_up(database_url)
    async with app_client(database_url, embedder, DATABASE_REPLICA_URL=replica.url, **SETTINGS) as client:
        gql = GraphQL(client)
        assert (await ready(client))["replica"] == "up"
        with caplog.at_level(logging.WARNING, logger="mentormatch.db.routing"):
            replica.server.stop()
            try:
                # Written while the replica is gone: only the primary can answer with it.
                await person("Bob Mentor", canMentor=True, expertise=["Python and Django"])
                for _ in range(3):
                    assert mentor_names(await gql.data(MATCHES, token=mentee)) == ["Ada Mentor", "Bob Mentor"]
                status = await ready(client)
                assert status["status"] == "ready" and status["replica"] == "down"
            finally:
                replica.server.start()
            await replica.caught_up(database_url)
            await asyncio.sleep(0.35)  # the back-off
            async with replay_paused(replica):
                await person("Cy Mentor", canMentor=True, expertise=["Python packaging"])
                # The replica again: it has not replayed Cy.
                assert mentor_names(await gql.data(MATCHES, token=mentee)) == ["Ada Mentor", "Bob Mentor"]
            assert (await ready(client))["replica"] == "up"
        transitions = [r.getMessage() for r in caplog.records if r.name == "mentormatch.db.routing"]
        assert len(transitions) == 2, transitions
        assert "unavailable" in transitions[0] and "back" in transitions[1]


async def ready(client: AsyncTestClient[Any]) -> dict[str, Any]:
    response = await client.get("/readyz")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def replay_paused(replica: Replica) -> Any:
    return replica.replay_paused()
