"""How the API reports failures.

Expected failures of a mutation are data: `errors: [UserError!]!` in its payload. Expected failures of
a query (not signed in, not allowed) are raised as ServiceError and reach the client as GraphQL errors
with the same codes in `extensions.code`.
Anything else is a bug: it is logged with the request id and the client sees "Unexpected error." and
that id, never a stack trace.
"""

from __future__ import annotations

import logging

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from mentormatch.db.availability import is_database_unavailable
from mentormatch.errors import ErrorCode, InvalidInput, ServiceError
from mentormatch.logging import REQUEST_ID
from mentormatch.observability.metrics import count_payload_errors

log = logging.getLogger(__name__)


@strawberry.type(description="An expected failure: bad input, a missing object, a forbidden action.")
class UserError:
    code: str = strawberry.field(description="Stable, UPPER_SNAKE_CASE; see the README for the list.")
    message: str = strawberry.field(description="Human-readable; may change, do not match on it.")
    field: str | None = strawberry.field(default=None, description="The input field at fault, if any.")


def user_errors(error: ServiceError) -> list[UserError]:
    """A service failure as the `errors` list of a payload (one entry per bad field)."""
    if isinstance(error, InvalidInput):
        errors = [UserError(code=error.code.value, message=m, field=f) for f, m in error.problems]
    else:
        errors = [UserError(code=error.code.value, message=error.message, field=error.field)]
    count_payload_errors(e.code for e in errors)
    return errors


def _is_unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        return False
    return not isinstance(original, ServiceError)


class MaskUnexpectedErrors(MaskErrors):
    """Log unexpected exceptions with the request id and replace them by an opaque message."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=_is_unexpected, error_message="Unexpected error.")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        if error.original_error is not None and is_database_unavailable(error.original_error):
            # An outage, not a bug: one line in the log, and a code the client may retry on.
            log.warning("database unavailable at %s: %s", error.path, _first_line(error.original_error))
            masked.message = "The database is unavailable. Try again in a moment."
            masked.extensions = {"code": ErrorCode.SERVICE_UNAVAILABLE.value, "requestId": REQUEST_ID.get()}
            return masked
        log.error("unexpected error at %s", error.path, exc_info=error.original_error)
        masked.extensions = {"code": ErrorCode.INTERNAL.value, "requestId": REQUEST_ID.get()}
        return masked


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
