"""In-app notifications: listing newest first with stable paging, unread only, marking read, and the
NOTIFY that announces each one only once its transaction has committed."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from mentormatch.notifications import service
from mentormatch.notifications.models import NotificationKind
from tests.conftest import GraphQL
from tests.integration.mentorships.conftest import NOTIFICATIONS, Db, Person, participant
from tests.integration.mentorships.test_requests import answer, ask, codes

MARK = """
mutation($input: MarkNotificationsReadInput!) {
  markNotificationsRead(input: $input) { marked unreadCount errors { code field message } }
}"""


async def notify_n(db: Db, user_id: uuid.UUID, n: int) -> list[uuid.UUID]:
    """n notifications for the user, one transaction each, so they are ordered in time."""
    ids = []
    for k in range(n):
        async with db.begin() as session:
            ids.append(
                await service.notify(
                    session, user_id=user_id, kind=NotificationKind.FEEDBACK_DUE, message=f"note {k}"
                )
            )
    return ids


async def test_notifications_page_newest_first_without_repeats(gql: GraphQL, person: Person, db: Db) -> None:
    me_id, me = await person("Me Myself")
    ids = await notify_n(db, me_id, 5)

    seen: list[str] = []
    after = None
    while True:
        page = (await gql.data(NOTIFICATIONS, {"first": 2, "after": after}, token=me))["notifications"]
        assert page["unreadCount"] == 5
        seen += [e["node"]["id"] for e in page["edges"]]
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [str(i) for i in reversed(ids)]

    bad = await gql(NOTIFICATIONS, {"after": "garbage"}, token=me)
    assert bad["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    anonymous = await gql(NOTIFICATIONS)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_mark_read_some_or_all_and_unread_only(gql: GraphQL, person: Person, db: Db) -> None:
    me_id, me = await person("Me Myself")
    other_id, other = await person("Other Olga")
    mine = await notify_n(db, me_id, 4)
    theirs = await notify_n(db, other_id, 1)

    # Someone else's id (and a malformed one) is silently no notification of mine.
    marked = (
        await gql.data(
            MARK, {"input": {"ids": [str(mine[0]), str(mine[1]), str(theirs[0]), "nope"]}}, token=me
        )
    )["markNotificationsRead"]
    assert marked == {"marked": 2, "unreadCount": 2, "errors": []}
    again = (await gql.data(MARK, {"input": {"ids": [str(mine[0])]}}, token=me))["markNotificationsRead"]
    assert (again["marked"], again["unreadCount"]) == (0, 2)
    assert (await gql.data(NOTIFICATIONS, token=other))["notifications"]["unreadCount"] == 1

    unread = (await gql.data(NOTIFICATIONS, {"unreadOnly": True}, token=me))["notifications"]
    assert [e["node"]["id"] for e in unread["edges"]] == [str(mine[3]), str(mine[2])]
    everything = (await gql.data(NOTIFICATIONS, token=me))["notifications"]["edges"]
    assert [(e["node"]["read"], e["node"]["readAt"] is not None) for e in everything] == [
        (False, False),
        (False, False),
        (True, True),
        (True, True),
    ]

    assert (await gql.data(MARK, {"input": {"all": True}}, token=me))["markNotificationsRead"] == {
        "marked": 2,
        "unreadCount": 0,
        "errors": [],
    }
    assert (await gql.data(NOTIFICATIONS, {"unreadOnly": True}, token=me))["notifications"]["edges"] == []
    neither = (await gql.data(MARK, {"input": {}}, token=me))["markNotificationsRead"]
    assert codes(neither) == [("INVALID_INPUT", "ids")]
    assert codes((await gql.data(MARK, {"input": {"all": True}}))["markNotificationsRead"]) == [
        ("UNAUTHENTICATED", None)
    ]


async def test_a_notification_shows_who_and_what(gql: GraphQL, person: Person) -> None:
    mentor_id, mentor = await person("Mentor Mia", canMentor=True)
    _, mentee = await person("Mentee Max")
    request_id = (await ask(gql, mentee, mentor_id))["request"]["id"]
    await answer(
        gql,
        "mutation($id: ID!) { acceptMentorshipRequest(id: $id) { errors { code } } }",
        mentor,
        request_id,
    )
    node = (await gql.data(NOTIFICATIONS, token=mentee))["notifications"]["edges"][0]["node"]
    assert node["kind"] == "REQUEST_ACCEPTED"
    # Deep nesting beyond what the list loads up front still resolves.
    deep = await gql.data(
        "{ notifications { edges { node { request { mentorship { mentor { displayName }"
        " request { mentorship { mentee { displayName } endedBy { id } } } } } } } } }",
        token=mentee,
    )
    mentorship = deep["notifications"]["edges"][0]["node"]["request"]["mentorship"]
    assert mentorship["mentor"]["displayName"] == "Mentor Mia"
    assert mentorship["request"]["mentorship"] == {"mentee": {"displayName": "Mentee Max"}, "endedBy": None}
    assert node["actor"]["displayName"] == "Mentor Mia"
    assert node["request"] == {"id": request_id, "status": "ACCEPTED"}
    assert node["mentorship"]["status"] == "ACTIVE"
    assert "Mentor Mia accepted your request" in node["message"]


async def listen(database_url: str) -> tuple[asyncpg.Connection, asyncio.Queue[dict[str, Any]]]:
    url = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(url)
    heard: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    await connection.add_listener(service.CHANNEL, lambda *args: heard.put_nowait(json.loads(args[-1])))
    return connection, heard


async def test_notify_is_announced_on_commit_and_never_on_rollback(db: Db, database_url: str) -> None:
    user_id = await participant(db, "Listener Lu")
    connection, heard = await listen(database_url)

    async def marker(message: str) -> dict[str, str]:
        """Commit a notification in a transaction of its own; its announcement, as it will be heard."""
        async with db.begin() as session:
            marker_id = await service.notify(
                session, user_id=user_id, kind=NotificationKind.FEEDBACK_DUE, message=message
            )
        return {"id": str(marker_id), "user_id": str(user_id)}

    try:
        async with db.begin() as session:
            notification_id = await service.notify(
                session, user_id=user_id, kind=NotificationKind.FEEDBACK_DUE, message="kept"
            )
            # Committed while this transaction is still open: heard first, so nothing came before it.
            committed_meanwhile = await marker("meanwhile")
            assert await asyncio.wait_for(heard.get(), 5) == committed_meanwhile, (
                "announced before the commit"
            )
        assert await asyncio.wait_for(heard.get(), 5) == {"id": str(notification_id), "user_id": str(user_id)}

        class Abort(Exception):
            pass

        try:
            async with db.begin() as session:
                await service.notify(
                    session, user_id=user_id, kind=NotificationKind.FEEDBACK_DUE, message="lost"
                )
                raise Abort
        except Abort:
            pass
        # Announcements arrive in commit order: had the rolled-back one been announced, it would be
        # heard before this one.
        after_rollback = await marker("after the rollback")
        assert await asyncio.wait_for(heard.get(), 5) == after_rollback, (
            "a rolled-back notification was announced"
        )
    finally:
        await connection.close()

    async with db() as session:
        found = await service.get_notification(session, user_id=user_id, notification_id=notification_id)
        assert found is not None and found.message == "kept"
        stranger = await service.get_notification(
            session, user_id=uuid.uuid4(), notification_id=notification_id
        )
        assert stranger is None
