"""A cap on the subscriptions one WebSocket connection holds, answered with a coded error."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import SubscribeMessage

from mentormatch.errors import ErrorCode


class SubscriptionLimitedHandler(BaseGraphQLTransportWSHandler[Any, Any]):
    """graphql-transport-ws, where a `subscribe` beyond `max_subscriptions_per_connection` gets an
    `error` message with TOO_MANY_SUBSCRIPTIONS (Strawberry's own refusal carries no code); the
    connection and its other subscriptions go on."""

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        cap = self.max_subscriptions_per_connection
        if (
            self.connection_acknowledged
            and cap is not None
            and message["id"] not in self.operations
            and len(self.operations) >= cap
        ):
            error = GraphQLError(
                f"This connection already holds {cap} subscriptions: complete one first.",
                extensions={"code": ErrorCode.TOO_MANY_SUBSCRIPTIONS.value},
            )
            await self.send_message({"id": message["id"], "type": "error", "payload": [error.formatted]})
            return
        await super().handle_subscribe(message)
