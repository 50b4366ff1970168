"""Live delivery: one LISTEN connection per API process, fanned out to that process's subscribers.

`notify()` announces every committed notification with NOTIFY on CHANNEL, and PostgreSQL hands each
announcement to every connection listening there, whichever process it belongs to. So each process
keeps exactly one listening connection (not one per subscriber, and not a pool connection: a pooled
connection is handed to other work and would drop its LISTEN) and routes the ids it hears to the
subscriptions of the user they are for.

Live delivery is a prompt, not the record: the notifications table is. Ids committed while the
listening connection is down, or that overflow a subscriber who does not keep up, are not pushed;
they are still listed by the `notifications` query.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
import logging
import random
import uuid
from collections.abc import AsyncIterator
from typing import Any, Final

import asyncpg
from sqlalchemy.engine import make_url

from mentormatch.notifications.service import CHANNEL

log = logging.getLogger(__name__)

# Shown in pg_stat_activity, so operators can tell the listener from the pool's connections.
APPLICATION_NAME = "mentormatch-notifications"
# Ids one subscriber may have waiting; beyond that the oldest are dropped rather than the listener
# being held up (a subscriber that far behind has a dead or stuck client).
INBOX_SIZE = 100
# A connection whose peer vanished without closing it (a cut network) never reports its end; a query
# at this interval finds out.
HEALTH_CHECK_SECONDS = 30.0
HEALTH_CHECK_TIMEOUT = 10.0
# Back-off between failed connection attempts, doubled up to the maximum, with jitter so that many
# processes do not all reconnect at the same instant after a database restart.
FIRST_RETRY_SECONDS = 0.5
MAX_RETRY_SECONDS = 30.0

_CLOSED: Final = None
# Put into a user's inboxes by a `wake` announcement (`service.wake_subscriptions`): not a notification,
# a prompt to re-check the sign-in now (the nil UUID names no row).
WAKE: Final = uuid.UUID(int=0)


def listener_dsn(database_url: str) -> str:
    """The libpq DSN of the SQLAlchemy URL `database_url`, for a plain asyncpg connection."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


class Inbox:
    """The notification ids waiting for one subscription; never blocks whoever puts into it."""

    def __init__(self, size: int = INBOX_SIZE) -> None:
        self._queue: asyncio.Queue[uuid.UUID | None] = asyncio.Queue(size)
        self.dropped = 0

    def put(self, notification_id: uuid.UUID | None) -> None:
        if self._queue.full():
            self._queue.get_nowait()
            self.dropped += 1
        self._queue.put_nowait(notification_id)

    async def get(self) -> uuid.UUID | None:
        """The next notification id, or None once the hub has shut down."""
        notification_id = await self._queue.get()
        if notification_id is _CLOSED:
            self._queue.put_nowait(_CLOSED)  # every later call sees the end too
        return notification_id

    def close(self) -> None:
        self.put(_CLOSED)


class NotificationHub:
    """This process's listener on CHANNEL and the subscriptions it feeds, keyed by user id.

    The connection is opened on the first subscription, so a process nobody subscribes to (and every
    test that does not) holds no extra connection, and it is kept until `close()`. A lost connection
    is reopened in the background; subscriptions stay registered across it.
    """

    def __init__(self, dsn: str, *, channel: str = CHANNEL, connect_timeout: float = 10.0) -> None:
        self._dsn = dsn
        self._connect_timeout = connect_timeout
        self._channel = channel
        self._subscribers: dict[uuid.UUID, set[Inbox]] = {}
        self._listening = asyncio.Event()
        self._connection: asyncpg.Connection | None = None
        self._task: asyncio.Task[None] | None = None
        self._closed = False

    @property
    def listener_pid(self) -> int | None:
        """The backend pid of the listening connection; None while (re)connecting or closed."""
        connection = self._connection
        return connection.get_server_pid() if connection is not None else None

    def subscriber_count(self, user_id: uuid.UUID) -> int:
        """How many live subscriptions of `user_id` this process feeds."""
        return len(self._subscribers.get(user_id, ()))

    @contextlib.asynccontextmanager
    async def subscribe(self, user_id: uuid.UUID) -> AsyncIterator[Inbox]:
        """An inbox of the ids of `user_id`'s notifications committed from now on, until exit.

        Returns once this process is listening, so anything committed afterwards is delivered.
        """
        inbox = Inbox()
        if self._closed:
            inbox.close()
            yield inbox
            return
        self._start()
        await self._listening.wait()
        if self._closed:
            inbox.close()
        self._subscribers.setdefault(user_id, set()).add(inbox)
        try:
            yield inbox
        finally:
            inboxes = self._subscribers.get(user_id)
            if inboxes is not None:
                inboxes.discard(inbox)
                if not inboxes:
                    del self._subscribers[user_id]

    async def close(self) -> None:
        """Stop listening, close the connection and end every subscription; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for inboxes in self._subscribers.values():
            for inbox in inboxes:
                inbox.close()
        self._subscribers.clear()
        # Wakes subscriptions still waiting for the first connection; they see `_closed` and end.
        self._listening.set()

    def _start(self) -> None:
        if self._task is None:
            # A fresh context: the listener outlives the request that started it, and its log lines
            # must not carry that request's id.
            self._task = asyncio.create_task(
                self._listen_forever(), name="notification-listener", context=contextvars.Context()
            )
            self._task.add_done_callback(_report_unexpected_end)

    async def _listen_forever(self) -> None:
        delay = FIRST_RETRY_SECONDS
        connected_before = False
        while True:
            try:
                connection = await self._connect()
            except Exception as exc:
                wait = delay * random.uniform(0.5, 1.0)
                log.warning("notification listener cannot connect (%s); retrying in %.1f s", exc, wait)
                await asyncio.sleep(wait)
                delay = min(delay * 2, MAX_RETRY_SECONDS)
                continue
            delay = FIRST_RETRY_SECONDS
            if connected_before:
                log.info("notification listener reconnected (backend %s)", connection.get_server_pid())
            connected_before = True
            try:
                await self._watch(connection)
            finally:
                self._listening.clear()
                self._connection = None
                await self._discard(connection)
            log.warning("notification listener lost its connection; reconnecting")

    async def _connect(self) -> asyncpg.Connection:
        connection = await asyncpg.connect(
            self._dsn,
            timeout=self._connect_timeout,
            server_settings={"application_name": APPLICATION_NAME},
        )
        try:
            await connection.add_listener(self._channel, self._deliver)
        except BaseException:
            await self._discard(connection)
            raise
        self._connection = connection
        self._listening.set()
        return connection

    async def _watch(self, connection: asyncpg.Connection) -> None:
        """Return when `connection` is gone: closed by the server, or no longer answering."""
        lost = asyncio.Event()
        connection.add_termination_listener(lambda _connection: lost.set())
        while not connection.is_closed():
            try:
                await asyncio.wait_for(lost.wait(), HEALTH_CHECK_SECONDS)
                return
            except TimeoutError:
                pass
            try:
                await connection.execute("SELECT 1", timeout=HEALTH_CHECK_TIMEOUT)
            except Exception as exc:
                log.warning("notification listener's connection does not answer: %s", exc)
                return

    async def _discard(self, connection: asyncpg.Connection) -> None:
        """Close politely (UNLISTEN, Terminate) when the connection still works, else drop it."""
        if connection.is_closed():
            return
        try:
            async with asyncio.timeout(HEALTH_CHECK_TIMEOUT):
                await connection.remove_listener(self._channel, self._deliver)
                await connection.close()
        except asyncio.CancelledError:
            connection.terminate()
            raise
        except Exception as exc:
            log.debug("notification listener's connection did not close cleanly: %s", exc)
            connection.terminate()

    def _deliver(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        """Route one announcement to its user's inboxes (runs on the event loop; must not block)."""
        try:
            message = json.loads(payload)
            user_id = uuid.UUID(message["user_id"])
            notification_id = WAKE if message.get("wake") is True else uuid.UUID(message["id"])
        except (ValueError, KeyError, TypeError, AttributeError):
            log.warning("ignoring a malformed notification announcement: %r", payload[:200])
            return
        for inbox in self._subscribers.get(user_id, ()):
            before = inbox.dropped
            inbox.put(notification_id)
            if inbox.dropped > before:
                log.warning("a subscriber of user %s is not keeping up; dropped a notification", user_id)


def _report_unexpected_end(task: asyncio.Task[None]) -> None:
    """The listener only ends by `close()`; anything else is a bug that must not pass silently."""
    if not task.cancelled() and (exc := task.exception()) is not None:
        log.error("notification listener stopped; live notifications are off", exc_info=exc)
