"""`notificationReceived`: the signed-in participant's notifications, pushed as they are committed."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncGenerator

import strawberry

from mentormatch.accounts.service import authenticate
from mentormatch.db.availability import is_database_unavailable
from mentormatch.errors import unauthenticated
from mentormatch.graphql.context import Context, Info
from mentormatch.notifications.api import NotificationType, subjects
from mentormatch.notifications.live import WAKE
from mentormatch.notifications.service import get_notification
from mentormatch.observability.metrics import live_subscription

log = logging.getLogger(__name__)

# How long a quiet subscription goes before it checks that its sign-in still holds; a delivery
# checks it too, and so does a wake-up (`wake_subscriptions`: a suspension ends the subscription at
# once). So a participant who signs out or whose session expires stops receiving within this time, at
# one small query per subscription per interval.
RECHECK_SECONDS = 60.0


@strawberry.type
class NotificationsSubscription:
    @strawberry.subscription(
        description=(
            "Your notifications as they happen, over a WebSocket (graphql-transport-ws) at /graphql. "
            "A live prompt, not the record: `notifications` lists them all, including any sent while "
            "you were not subscribed. Ends with UNAUTHENTICATED once your sign-in no longer holds."
        )
    )
    async def notification_received(self, info: Info) -> AsyncGenerator[NotificationType, None]:
        # A plain coroutine that returns the stream, so a refusal is the operation's `error` message
        # rather than a first event.
        context = info.context
        context.require_viewer()
        if not await _still_signed_in(context):
            raise unauthenticated()
        return _deliveries(context)


async def _still_signed_in(context: Context) -> bool:
    """Whether the connection's token still proves its viewer (the same rules as every request)."""
    viewer, token = context.viewer, context.session_token
    if viewer is None or token is None:
        return False
    resources = context.resources
    current = await authenticate(
        resources.db, signing_key=resources.signing_key, token=token, via_cookie=viewer.via_cookie
    )
    return current is not None


async def _deliveries(context: Context) -> AsyncGenerator[NotificationType, None]:
    viewer = context.require_viewer()
    resources = context.resources
    async with resources.hub.subscribe(viewer.user.id) as inbox, live_subscription():
        while True:
            notification_id: uuid.UUID | None = None
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(RECHECK_SECONDS):
                    notification_id = await inbox.get()
                    if notification_id is None:
                        return  # the process is shutting down; the client reconnects elsewhere
            try:
                if not await _still_signed_in(context):
                    raise unauthenticated()
                if notification_id is None or notification_id == WAKE:
                    continue
                # Loaded for this viewer: a subscriber only ever sees their own rows, as the database
                # has them now (an id whose row is gone is skipped).
                async with resources.db() as session:
                    notification = await get_notification(
                        session,
                        user_id=viewer.user.id,
                        notification_id=notification_id,
                        subjects=subjects(),
                    )
            except Exception as exc:
                # A database outage does not end the subscription: nothing is committed while it
                # lasts, the listener reconnects when it is over, and the sign-in is checked again
                # at the next delivery. (A notification missed here stays in `notifications`.)
                if not is_database_unavailable(exc):
                    raise
                log.warning("subscription of user %s kept through a database outage", viewer.user.id)
                continue
            if notification is not None:
                yield NotificationType.of(notification)
