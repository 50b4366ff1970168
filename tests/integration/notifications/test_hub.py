"""The NotificationHub against the real PostgreSQL: LISTEN/NOTIFY routing, transactions, reconnection."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.notifications import live
from mentormatch.notifications.live import NotificationHub, listener_dsn
from mentormatch.notifications.models import NotificationKind
from mentormatch.notifications.service import notify
from tests.integration.notifications.conftest import TIMEOUT, SignUp, eventually, send


@pytest.fixture
async def hub(database_url: str) -> AsyncIterator[NotificationHub]:
    hub = NotificationHub(listener_dsn(database_url))
    yield hub
    await hub.close()


async def listener_pids(database_url: str) -> list[int]:
    """The backends of this database that are notification listeners, as pg_stat_activity shows them."""
    connection = await asyncpg.connect(listener_dsn(database_url))
    try:
        rows = await connection.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1",
            live.APPLICATION_NAME,
        )
    finally:
        await connection.close()
    return sorted(row["pid"] for row in rows)


async def listeners_are(database_url: str, pids: list[int | None]) -> bool:
    return await listener_pids(database_url) == sorted(pid for pid in pids if pid is not None)


async def test_each_user_gets_only_their_own_notifications(
    hub: NotificationHub, db: async_sessionmaker[AsyncSession], sign_up: SignUp
) -> None:
    ada, bob = (await sign_up("Ada")).user.id, (await sign_up("Bob")).user.id
    async with hub.subscribe(ada) as ada_inbox, hub.subscribe(bob) as bob_inbox:
        for_bob = await send(db, bob, "for Bob")
        for_ada = await send(db, ada, "for Ada")
        # Announcements arrive in commit order, so Bob's would come first if it were routed to Ada.
        assert await asyncio.wait_for(ada_inbox.get(), TIMEOUT) == for_ada
        assert await asyncio.wait_for(bob_inbox.get(), TIMEOUT) == for_bob
    assert hub.subscriber_count(ada) == 0


async def test_a_rolled_back_notification_is_never_announced(
    hub: NotificationHub, db: async_sessionmaker[AsyncSession], sign_up: SignUp
) -> None:
    ada = (await sign_up("Ada")).user.id
    async with hub.subscribe(ada) as inbox:
        async with db() as session:
            await notify(session, user_id=ada, kind=NotificationKind.REQUEST_RECEIVED, message="undone")
            await session.rollback()
        committed = await send(db, ada, "kept")
        assert await asyncio.wait_for(inbox.get(), TIMEOUT) == committed


async def test_every_process_hears_every_notification(
    database_url: str, db: async_sessionmaker[AsyncSession], sign_up: SignUp
) -> None:
    # Two hubs are two API processes: each has its own listening connection, and the notification is
    # committed on a third; only PostgreSQL can carry it to both.
    first, second = NotificationHub(listener_dsn(database_url)), NotificationHub(listener_dsn(database_url))
    ada = (await sign_up("Ada")).user.id
    try:
        async with first.subscribe(ada) as first_inbox, second.subscribe(ada) as second_inbox:
            assert first.listener_pid != second.listener_pid
            assert await listener_pids(database_url) == sorted([first.listener_pid, second.listener_pid])  # type: ignore[type-var]
            notification_id = await send(db, ada, "to everyone listening")
            assert await asyncio.wait_for(first_inbox.get(), TIMEOUT) == notification_id
            assert await asyncio.wait_for(second_inbox.get(), TIMEOUT) == notification_id
    finally:
        await first.close()
        await second.close()


async def test_the_hub_reconnects_and_keeps_delivering_after_its_connection_is_killed(
    hub: NotificationHub, database_url: str, db: async_sessionmaker[AsyncSession], sign_up: SignUp
) -> None:
    ada = (await sign_up("Ada")).user.id
    async with hub.subscribe(ada) as inbox:
        killed = hub.listener_pid
        admin = await asyncpg.connect(listener_dsn(database_url))
        try:
            assert await admin.fetchval("SELECT pg_terminate_backend($1)", killed)
        finally:
            await admin.close()
        await eventually(lambda: hub.listener_pid not in (None, killed))
        # The same subscription, still registered, hears what is committed after the reconnection.
        notification_id = await send(db, ada, "after the outage")
        assert await asyncio.wait_for(inbox.get(), TIMEOUT) == notification_id
    # The killed backend leaves pg_stat_activity a moment after it is gone.
    await eventually(lambda: listeners_are(database_url, [hub.listener_pid]))


async def test_a_subscriber_that_falls_behind_loses_the_oldest_not_the_newest(
    hub: NotificationHub, db: async_sessionmaker[AsyncSession], sign_up: SignUp
) -> None:
    ada = (await sign_up("Ada")).user.id
    extra = 5
    async with hub.subscribe(ada) as inbox:
        async with db.begin() as session:
            ids = [
                await notify(session, user_id=ada, kind=NotificationKind.REQUEST_RECEIVED, message=f"#{n}")
                for n in range(live.INBOX_SIZE + extra)
            ]
        # Nobody reads until all are in: the listener never waits for this subscriber.
        await eventually(lambda: inbox.dropped == extra)
        received = [await asyncio.wait_for(inbox.get(), TIMEOUT) for _ in range(live.INBOX_SIZE)]
    assert received == ids[extra:]


async def test_the_hub_connects_on_first_use_and_close_ends_everything(
    hub: NotificationHub, database_url: str, sign_up: SignUp
) -> None:
    ada = (await sign_up("Ada")).user.id
    assert hub.listener_pid is None
    assert await listener_pids(database_url) == []
    async with hub.subscribe(ada) as inbox:
        assert await listener_pids(database_url) == [hub.listener_pid]
        waiting = asyncio.create_task(inbox.get())
        await hub.close()
        # A subscriber waiting for its next notification is woken with the end, not left hanging.
        assert await asyncio.wait_for(waiting, TIMEOUT) is None
    assert hub.listener_pid is None
    await eventually(lambda: listeners_are(database_url, []))
    async with hub.subscribe(ada) as late:
        assert await asyncio.wait_for(late.get(), TIMEOUT) is None
