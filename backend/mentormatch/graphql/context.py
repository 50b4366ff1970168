"""What every resolver can reach: the process's resources, the request (or WebSocket), who is asking,
and the request's DataLoaders."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

import strawberry
from graphql import ExecutionResult, GraphQLError
from litestar import Request
from litestar.connection import ASGIConnection
from litestar.datastructures import State
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry.extensions import SchemaExtension
from strawberry.litestar.controller import BaseContext
from strawberry.types.graphql import OperationType

from mentormatch.accounts import rate_limits
from mentormatch.accounts.service import Viewer, authenticate, remember_write_position
from mentormatch.accounts.tokens import csrf_token_matches
from mentormatch.db.availability import is_database_unavailable, unavailable_error
from mentormatch.errors import ErrorCode, RateLimited, ServiceError, forbidden, unauthenticated
from mentormatch.graphql.loaders import Loaders
from mentormatch.runtime import Resources

log = logging.getLogger(__name__)

SESSION_COOKIE = "mm_session"
CSRF_COOKIE = "mm_csrf"
CSRF_HEADER = "x-csrf-token"


class Context(BaseContext, kw_only=True):
    resources: Resources
    viewer: Viewer | None = None
    csrf_ok: bool = True
    # WebSockets only: the `connection_init` payload (Strawberry sets it) and the token that signed the
    # connection in, which subscriptions re-check while they run.
    connection_params: dict[str, object] | None = None
    session_token: str | None = None
    # Where this operation reads: a query's may be the replica (db.routing chooses per request); a
    # mutation's and a subscription's are the primary's (`ReadRouting` sees to it).
    reads: async_sessionmaker[AsyncSession] | None = None
    # Whether this operation wrote (a mutation, or a query's lazy duty): ReadRouting then records it.
    _wrote: bool = False
    _loaders: Loaders | None = None

    def wrote(self) -> None:
        """This operation wrote on the primary: the rest of it reads there, and so does the viewer until
        the replica has replayed the write (db.routing)."""
        self._wrote = True
        self.reads = self.resources.db

    @property
    def db(self) -> async_sessionmaker[AsyncSession]:
        """Where this operation's reads go (see `reads`); writes use `resources.db`."""
        return self.reads if self.reads is not None else self.resources.db

    def require_viewer(self) -> Viewer:
        """The signed-in viewer, or UNAUTHENTICATED."""
        if self.viewer is None:
            raise unauthenticated()
        return self.viewer

    def require_admin(self) -> Viewer:
        """The signed-in admin, or UNAUTHENTICATED / FORBIDDEN."""
        viewer = self.require_viewer()
        if not viewer.is_admin:
            raise forbidden("Only admins may do that.")
        return viewer

    @property
    def loaders(self) -> Loaders:
        """This request's DataLoaders, made for the current viewer.

        A sign-in during the request (register, login) gets new ones, so nothing read for the
        anonymous caller is served to the signed-in one. Over a WebSocket the loaders batch but do not
        cache (see `Loaders`).
        """
        if self._loaders is None or self._loaders.viewer is not self.viewer:
            self._loaders = Loaders(self.db, self.viewer, cache=self.websocket is None)
        return self._loaders

    @property
    def client_address(self) -> str:
        """The client's address for rate limits: X-Forwarded-For only from a trusted proxy."""
        return rate_limits.connection_address(
            self.request or self.websocket, self.resources.limits.trusted_proxies
        )

    async def count(self, action: rate_limits.Action) -> Viewer:
        """The signed-in viewer, once this `action` of theirs is counted: UNAUTHENTICATED, or
        RATE_LIMITED when they have done it too often lately."""
        viewer = self.require_viewer()
        try:
            await rate_limits.count_action(self.resources.db, self.resources.limits, action, viewer.user.id)
        except RateLimited as error:
            if self.response is not None:
                self.response.headers["Retry-After"] = str(error.retry_after)
            raise
        return viewer


Info = strawberry.Info[Context, None]


def _bearer_token(authorization: str) -> str | None:
    return authorization[7:].strip() if authorization.lower().startswith("bearer ") else None


async def get_context(request: ASGIConnection[Any, Any, Any, Any], state: State) -> Context:
    """Litestar dependency: the context of one GraphQL request, or of one WebSocket connection.

    A bearer token (API clients) wins over the session cookie (browsers). A cookie-authenticated
    request must also prove it comes from our own pages with the `X-CSRF-Token` header.
    A WebSocket is signed in later, at `connection_init` (`authenticate_connection`).
    """
    resources: Resources = state.resources
    if not isinstance(request, Request):
        return Context(resources=resources)
    try:
        return await _http_context(request, resources)
    except Exception as exc:
        if is_database_unavailable(exc):
            raise unavailable_error() from exc
        raise


async def _http_context(request: Request[Any, Any, Any], resources: Resources) -> Context:
    key = resources.signing_key
    viewer: Viewer | None = None
    csrf_ok = True
    if (bearer := _bearer_token(request.headers.get("authorization", ""))) is not None:
        viewer = await authenticate(resources.db, signing_key=key, token=bearer, via_cookie=False)
    elif token := request.cookies.get(SESSION_COOKIE):
        viewer = await authenticate(resources.db, signing_key=key, token=token, via_cookie=True)
        if viewer is not None:
            csrf_ok = csrf_token_matches(key, viewer.session_id, request.headers.get(CSRF_HEADER))
    reads = await resources.router.reads_for(viewer.write_lsn if viewer else None)
    return Context(resources=resources, request=request, viewer=viewer, csrf_ok=csrf_ok, reads=reads)


async def authenticate_connection(context: Context) -> None:
    """Sign a WebSocket connection in at `connection_init`, or leave it anonymous.

    The bearer token comes from the `connection_init` payload (`{"authorization": "Bearer <token>"}`:
    browsers cannot set headers on a WebSocket), or the handshake's Authorization header, or else
    the session cookie. A cookie reaches this point only from our own pages: Strawberry refuses a
    handshake whose Origin is another site before any of our code runs, because a browser sends
    cookies with a cross-site WebSocket and no CSRF header can be added to one.
    """
    websocket = context.websocket
    if websocket is None:
        return
    params = context.connection_params or {}
    supplied = next((value for key, value in params.items() if key.lower() == "authorization"), None)
    authorization = supplied if isinstance(supplied, str) else websocket.headers.get("authorization", "")
    via_cookie = False
    token = _bearer_token(authorization)
    if token is None:
        token, via_cookie = websocket.cookies.get(SESSION_COOKIE), True
    if not token:
        return
    resources = context.resources
    try:
        viewer = await authenticate(
            resources.db, signing_key=resources.signing_key, token=token, via_cookie=via_cookie
        )
    except Exception as exc:
        if is_database_unavailable(exc):
            raise unavailable_error() from exc
        raise
    if viewer is not None:
        context.viewer, context.session_token = viewer, token


class CsrfProtection(SchemaExtension):
    """Refuse what a transport cannot vouch for.

    A mutation authenticated by cookie must carry the session's CSRF token. A WebSocket carries
    subscriptions only: its sign-in is checked at `connection_init` and by the subscriptions
    themselves, and no CSRF header can come with it, so queries and mutations go over HTTP, where
    every request is authenticated afresh. Subscriptions, in turn, need a WebSocket.
    """

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        if isinstance(context, Context) and (
            error := _refusal(context, self.execution_context.operation_type)
        ):
            self.execution_context.result = ExecutionResult(
                data=None, errors=[GraphQLError(error.message, extensions=error.extensions)]
            )
            if error.code is ErrorCode.CSRF_FAILED and context.response is not None:
                context.response.status_code = 403
        yield


class ReadRouting(SchemaExtension):
    """Only a query reads from the replica; after a mutation, its viewer's reads wait for the replica to
    replay it (db.routing: read your writes); a replica outage sends reads to the primary."""

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context.context
        if not isinstance(context, Context):
            yield
            return
        router = context.resources.router
        operation = self.execution_context.operation_type
        if operation is not OperationType.QUERY:
            context.reads = context.resources.db
        yield
        if not router.enabled:
            return
        if (operation is OperationType.MUTATION or context._wrote) and context.viewer is not None:
            # The viewer after the mutation: a sign-in's new session, a sign-out's revoked one.
            try:
                await remember_write_position(context.resources.db, context.viewer.session_id)
            except Exception as exc:
                if not is_database_unavailable(exc):
                    raise
                # The primary went away after the mutation: its answer (or its own error) stands.
                log.warning("could not record the write position of a session: %s", exc)
        elif context.reads is not None and router.is_replica(context.reads):
            result = self.execution_context.result
            errors = (result.errors if result is not None else None) or []
            for error in errors:
                if error.original_error is not None:
                    router.replica_failed(error.original_error)


def _refusal(context: Context, operation: OperationType) -> ServiceError | None:
    """Why this operation may not run over this transport; None when it may."""
    if context.websocket is not None:
        if operation is OperationType.SUBSCRIPTION:
            return None
        return forbidden("Over a WebSocket only subscriptions are served; POST the rest to /graphql.")
    if operation is OperationType.MUTATION and not context.csrf_ok:
        return ServiceError(ErrorCode.CSRF_FAILED, "Missing or invalid X-CSRF-Token header.")
    if operation is OperationType.SUBSCRIPTION:
        return forbidden("Subscriptions are served over a WebSocket (graphql-transport-ws) only.")
    return None
