"""Expected failures of the product's rules, with the stable codes clients see.

Services raise these; the GraphQL layer turns them into `UserError`s (mutations) or coded GraphQL
errors (queries), and the CLI into one-line messages. The codes are documented in the README.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Every code a client may see. Never rename one: API clients match on them."""

    INVALID_INPUT = "INVALID_INPUT"
    NOT_FOUND = "NOT_FOUND"
    FORBIDDEN = "FORBIDDEN"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    CONFLICT = "CONFLICT"
    # The mentor has no free place for another mentee (their `capacity` of active mentorships).
    CAPACITY_REACHED = "CAPACITY_REACHED"
    # A programme limit: most pending requests per sender, most mentors per mentee at once.
    LIMIT_REACHED = "LIMIT_REACHED"
    # The recipient does not take such requests now: not a mentor, not accepting, not seeking one.
    NOT_ACCEPTING = "NOT_ACCEPTING"
    RATE_LIMITED = "RATE_LIMITED"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    # MENTORMATCH_PASSWORD_SIGNIN is off: sign in through the organisation's single sign-on instead.
    PASSWORD_SIGN_IN_DISABLED = "PASSWORD_SIGN_IN_DISABLED"
    # Confirm it is you first: an account without a password signs in again (deleteMyAccount).
    REAUTHENTICATION_REQUIRED = "REAUTHENTICATION_REQUIRED"
    CSRF_FAILED = "CSRF_FAILED"
    # An operation over a limit of depth, aliases, tokens or cost (README "Security controls").
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    # A WebSocket connection already holds as many subscriptions as it may.
    TOO_MANY_SUBSCRIPTIONS = "TOO_MANY_SUBSCRIPTIONS"
    # The database cannot be reached or is saturated, or the embedding model's queue is full: nothing
    # was written; the same operation may simply be retried in a moment.
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    # An upload over its limit of size or rows (README "Bulk import"); nothing of it was read.
    TOO_LARGE = "TOO_LARGE"
    INTERNAL = "INTERNAL"


class ServiceError(Exception):
    """One expected failure: a code, a human message and, for bad input, the field at fault."""

    def __init__(self, code: ErrorCode, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        # Read by graphql-core: a query that raises this shows the code in `extensions.code`.
        self.extensions = {"code": code.value, **({"field": field} if field else {})}


class InvalidInput(ServiceError):
    """Input that breaks the rules, possibly in several fields at once; nothing was written."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        field, message = problems[0]
        super().__init__(ErrorCode.INVALID_INPUT, message, field)
        self.problems = problems


class RateLimited(ServiceError):
    """Too many attempts; try again after `retry_after` seconds."""

    def __init__(self, retry_after: int, what: str = "attempts") -> None:
        super().__init__(ErrorCode.RATE_LIMITED, f"Too many {what}. Try again in {retry_after} seconds.")
        self.retry_after = retry_after


class ServiceUnavailable(ServiceError):
    """A dependency (the database, the embedding model) cannot take the work now; retry later."""

    def __init__(
        self, message: str = "The service is temporarily unavailable. Try again in a moment."
    ) -> None:
        super().__init__(ErrorCode.SERVICE_UNAVAILABLE, message)


def not_found(what: str) -> ServiceError:
    return ServiceError(ErrorCode.NOT_FOUND, f"{what} not found.")


def forbidden(message: str = "You are not allowed to do that.") -> ServiceError:
    return ServiceError(ErrorCode.FORBIDDEN, message)


def unauthenticated() -> ServiceError:
    return ServiceError(ErrorCode.UNAUTHENTICATED, "Sign in first.")
