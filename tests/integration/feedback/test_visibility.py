"""Who sees a check-in: its author in full, admins both sides', and nobody else anything of it, through
every path of the schema that reaches a mentorship (the mentorship itself, the lists, requests and
notifications, a check-in's own mentorship) and through the notifications' words and the mentor's record.

Both participants check in with comments no other text contains, the mentee with a poor rating and
`goodFit: false` (which also offers a re-match); then the mentorship ends and both give a final one. At
each stage every role reads everything reachable and the other side's words and ratings must be absent.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from mentormatch.mentorships import service
from mentormatch.settings import Settings
from tests.conftest import GraphQL, make_settings
from tests.integration.feedback.conftest import (
    RECORD,
    Db,
    Person,
    admin,
    check_in,
    end_mentorship,
    notifications_of,
    pair,
)

FEEDBACK = "id author { id } authorRole rating goodFit comment objectiveProgress { objective progress }"
MENTORSHIP = f"""
  id rematchOffered
  feedback {{ {FEEDBACK} mentorship {{ id rematchOffered feedback {{ {FEEDBACK} }} }} }}
"""
EVERYTHING_REACHABLE = f"""
query($id: ID!, $request: ID!) {{
  mentorship(id: $id) {{ {MENTORSHIP} request {{ mentorship {{ {MENTORSHIP} }} }} }}
  mentorshipRequest(id: $request) {{ mentorship {{ {MENTORSHIP} }} }}
  myMentorships(first: 50) {{ edges {{ node {{ {MENTORSHIP} }} }} }}
  incomingMentorshipRequests(first: 50) {{ edges {{ node {{ mentorship {{ {MENTORSHIP} }} }} }} }}
  outgoingMentorshipRequests(first: 50) {{ edges {{ node {{ mentorship {{ {MENTORSHIP} }} }} }} }}
  notifications(first: 50) {{ edges {{ node {{
    kind message mentorship {{ {MENTORSHIP} }} request {{ mentorship {{ {MENTORSHIP} }} }}
  }} }} }}
}}"""


def feedback_in(value: Any) -> Iterator[dict[str, Any]]:
    """Every Feedback object anywhere in a GraphQL result."""
    if isinstance(value, dict):
        if "authorRole" in value:
            yield value
        for item in value.values():
            yield from feedback_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from feedback_in(item)


def rematch_flags(value: Any) -> Iterator[bool]:
    if isinstance(value, dict):
        if "rematchOffered" in value:
            yield value["rematchOffered"]
        for item in value.values():
            yield from rematch_flags(item)
    elif isinstance(value, list):
        for item in value:
            yield from rematch_flags(item)


@pytest.fixture
def settings(database_url: str) -> Settings:
    """The sweep below reads every path at once, millions of objects by the cost estimate: a budget
    for it alone (the limit itself is tested in tests/integration/security)."""
    return make_settings(database_url, MENTORMATCH_GRAPHQL_MAX_COST=10_000_000)


async def everything(gql: GraphQL, token: str, mentorship_id: str, request_id: str) -> Any:
    """All this viewer can reach (a stranger's `mentorship` is NOT_FOUND; the rest of the data stays)."""
    body = await gql(EVERYTHING_REACHABLE, {"id": mentorship_id, "request": request_id}, token=token)
    return body["data"]


async def test_the_other_side_never_sees_a_rating_or_comment_admins_see_both(
    gql: GraphQL, person: Person, db: Db
) -> None:
    p = await pair(db, person)
    _, stranger = await person("Stranger Sid", canMentor=True, seeksMentoring=True)
    admin_token = await admin(db, person)
    request_id = str((await service.mentorship_by_id(db, uuid.UUID(p.id))).request_id)
    secrets = {p.mentee_id: ["MENTEE-SECRET-7f3"], p.mentor_id: ["MENTOR-SECRET-2b9"]}
    await check_in(gql, p.mentee, p.id, rating=2, good_fit=False, comment=secrets[p.mentee_id][0])
    await check_in(gql, p.mentor, p.id, rating=5, good_fit=True, comment=secrets[p.mentor_id][0])

    async def check(stage: str, ratings: dict[uuid.UUID, set[int]], *, active: bool) -> None:
        tokens = {p.mentee_id: p.mentee, p.mentor_id: p.mentor}
        for author_id, token in tokens.items():
            other_id = p.mentor_id if author_id == p.mentee_id else p.mentee_id
            seen = await everything(gql, token, p.id, request_id)
            dump = json.dumps(seen)
            where = f"{stage}, as the {'mentee' if author_id == p.mentee_id else 'mentor'}"
            found = list(feedback_in(seen))
            assert found, f"{where}: own check-ins are listed"
            assert {f["author"]["id"] for f in found} == {str(author_id)}, where
            assert {f["rating"] for f in found} == ratings[author_id], where
            for secret in secrets[other_id]:
                assert secret not in dump, f"{where}: the other side's comment reached them"
            for secret in secrets[author_id]:
                assert secret in dump, where
            # The re-match offer is the mentee's: the mentor never learns of the goodFit: false.
            flags = set(rematch_flags(seen))
            if author_id == p.mentor_id:
                assert flags == {False}, where
            elif active:
                assert flags == {True}, where

        # A third participant and an anonymous caller reach nothing of it.
        for token in (stranger, ""):
            seen = await everything(gql, token, p.id, request_id)
            assert seen is None or (
                seen["mentorship"] is None
                and seen["mentorshipRequest"] is None
                and not list(feedback_in(seen))
            )
            dump = json.dumps(seen)
            for secret in secrets[p.mentee_id] + secrets[p.mentor_id]:
                assert secret not in dump, stage

        # Admins see both sides' check-ins and the offer.
        seen = (await everything(gql, admin_token, p.id, request_id))["mentorship"]
        found = list(feedback_in(seen["feedback"]))
        assert {f["author"]["id"] for f in found} == {str(p.mentee_id), str(p.mentor_id)}, stage
        assert {f["comment"] for f in found} >= {secrets[p.mentee_id][0], secrets[p.mentor_id][0]}
        if active:
            assert seen["rematchOffered"] is True

        # No notification's words carry a rating or a comment to anyone.
        for user_id in (p.mentee_id, p.mentor_id):
            for notification in await notifications_of(db, user_id):
                for secret in secrets[p.mentee_id] + secrets[p.mentor_id]:
                    assert secret not in notification.message, f"{stage}: {notification.kind}"
        assert "REMATCH_OFFERED" not in {n.kind.value for n in await notifications_of(db, p.mentor_id)}

        # One rating is no record: not even the mentor sees it.
        for token in (p.mentor, p.mentee, stranger):
            record = (await gql.data(RECORD, {"id": str(p.mentor_id)}, token=token))["profile"][
                "mentorRecord"
            ]
            assert (record["enoughRatings"], record["rating"], record["ratingCount"]) == (False, None, None)

    await check("active", {p.mentee_id: {2}, p.mentor_id: {5}}, active=True)

    await end_mentorship(db, p.id, by=p.mentee_id)
    secrets[p.mentee_id].append("MENTEE-FINAL-SECRET-c41")
    secrets[p.mentor_id].append("MENTOR-FINAL-SECRET-9de")
    await check_in(gql, p.mentee, p.id, rating=1, good_fit=False, comment=secrets[p.mentee_id][1])
    await check_in(gql, p.mentor, p.id, rating=4, good_fit=True, comment=secrets[p.mentor_id][1])
    await check("ended", {p.mentee_id: {2, 1}, p.mentor_id: {5, 4}}, active=False)
