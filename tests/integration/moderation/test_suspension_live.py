"""A suspension ends the participant's open subscription at once, not at its next minute's re-check."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.notifications.subscriptions import RECHECK_SECONDS
from tests.conftest import GraphQL
from tests.integration.matching.conftest import set_user
from tests.integration.moderation.conftest import SUSPEND
from tests.integration.notifications.conftest import TIMEOUT, SignUp, db, sign_up
from tests.integration.notifications.test_subscription import Serve, serve

__all__ = ["db", "serve", "sign_up"]


async def test_a_suspension_ends_the_open_subscription_promptly(
    serve: Serve, db: async_sessionmaker[AsyncSession], sign_up: SignUp
) -> None:
    assert TIMEOUT < RECHECK_SECONDS  # the re-check every minute alone could not pass this test
    sam, admin = await sign_up("Sam"), await sign_up("Ada")
    await set_user(db, admin.user.id, is_admin=True)
    async with serve() as app, app.live() as connection:
        await connection.init({"authorization": f"Bearer {sam.token}"})
        await app.subscribed(connection, sam.user.id)

        suspended = await GraphQL(app.http).data(  # type: ignore[arg-type]
            SUSPEND, {"id": str(sam.user.id), "reason": "spam"}, token=admin.token
        )
        assert suspended["suspendUser"]["errors"] == []

        # No notification is sent to Sam: the suspension itself wakes the subscription.
        ended = await connection.receive()
        assert ended["payload"]["data"] is None
        assert [e["extensions"]["code"] for e in ended["payload"]["errors"]] == ["UNAUTHENTICATED"]
        assert await connection.receive() == {"id": "1", "type": "complete"}
        assert app.hub.subscriber_count(sam.user.id) == 0
