"""What every resolver can reach: the process's resources, the request and who is asking."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import strawberry
from graphql import ExecutionResult, GraphQLError
from litestar import Request
from litestar.datastructures import State
from strawberry.extensions import SchemaExtension
from strawberry.litestar.controller import BaseContext
from strawberry.types.graphql import OperationType

from mentormatch.accounts.service import Viewer, authenticate
from mentormatch.accounts.tokens import csrf_token_matches
from mentormatch.errors import ErrorCode, ServiceError, forbidden, unauthenticated
from mentormatch.runtime import Resources

SESSION_COOKIE = "mm_session"
CSRF_COOKIE = "mm_csrf"
CSRF_HEADER = "x-csrf-token"


class Context(BaseContext, kw_only=True):
    resources: Resources
    viewer: Viewer | None = None
    csrf_ok: bool = True

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
    def client_address(self) -> str:
        request = self.request
        return request.client.host if request is not None and request.client else "unknown"


Info = strawberry.Info[Context, None]


async def get_context(request: Request[Any, Any, Any], state: State) -> Context:
    """Litestar dependency: the context of one GraphQL request.

    A bearer token (API clients) wins over the session cookie (browsers). A cookie-authenticated
    request must also prove it comes from our own pages with the `X-CSRF-Token` header.
    """
    resources: Resources = state.resources
    key = resources.signing_key
    authorization = request.headers.get("authorization", "")
    viewer: Viewer | None = None
    csrf_ok = True
    if authorization.lower().startswith("bearer "):
        viewer = await authenticate(
            resources.db, signing_key=key, token=authorization[7:].strip(), via_cookie=False
        )
    elif token := request.cookies.get(SESSION_COOKIE):
        viewer = await authenticate(resources.db, signing_key=key, token=token, via_cookie=True)
        if viewer is not None:
            csrf_ok = csrf_token_matches(key, viewer.session_id, request.headers.get(CSRF_HEADER))
    return Context(resources=resources, request=request, viewer=viewer, csrf_ok=csrf_ok)


class CsrfProtection(SchemaExtension):
    """Refuse a mutation authenticated by cookie that lacks the session's CSRF token."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        if (
            self.execution_context.operation_type is OperationType.MUTATION
            and isinstance(context, Context)
            and not context.csrf_ok
        ):
            error = ServiceError(ErrorCode.CSRF_FAILED, "Missing or invalid X-CSRF-Token header.")
            self.execution_context.result = ExecutionResult(
                data=None, errors=[GraphQLError(error.message, extensions=error.extensions)]
            )
            if context.response is not None:
                context.response.status_code = 403
        yield
