"""Unexpected exceptions never reach a client; expected ones keep their code."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy.exc
import strawberry

from mentormatch.errors import ErrorCode, ServiceError
from mentormatch.graphql.errors import MaskUnexpectedErrors
from mentormatch.logging import REQUEST_ID


@strawberry.type
class Query:
    @strawberry.field
    def broken(self) -> str:
        raise RuntimeError("database password is hunter2")

    @strawberry.field
    def forbidden(self) -> str:
        raise ServiceError(ErrorCode.FORBIDDEN, "Only admins may do that.")


schema = strawberry.Schema(query=Query, extensions=[MaskUnexpectedErrors])


def test_unexpected_error_is_masked_and_logged_with_request_id(caplog: pytest.LogCaptureFixture) -> None:
    token = REQUEST_ID.set("req-42")
    try:
        with caplog.at_level(logging.ERROR):
            result = schema.execute_sync("{ broken }")
    finally:
        REQUEST_ID.reset(token)
    assert result.errors is not None
    error = result.errors[0].formatted
    assert error["message"] == "Unexpected error."
    assert error["extensions"] == {"code": "INTERNAL", "requestId": "req-42"}
    assert "hunter2" not in str(error)
    assert any("hunter2" in str(r.exc_info) for r in caplog.records), "the real cause is logged"


def test_expected_error_keeps_its_code() -> None:
    result = schema.execute_sync("{ forbidden }")
    assert result.errors is not None
    error = result.errors[0].formatted
    assert error["message"] == "Only admins may do that."
    assert error["extensions"] == {"code": "FORBIDDEN"}


@strawberry.type
class DatabaseQuery:
    @strawberry.field
    def pool_exhausted(self) -> str:
        raise sqlalchemy.exc.TimeoutError("QueuePool limit of size 1 overflow 0 reached")

    @strawberry.field
    def server_gone(self) -> str:
        raise sqlalchemy.exc.DBAPIError(
            "SELECT 1", None, FileNotFoundError(2, "No such file"), connection_invalidated=True
        )

    @strawberry.field
    def own_bug(self) -> str:
        raise FileNotFoundError(2, "/etc/secret.conf")


database_schema = strawberry.Schema(query=DatabaseQuery, extensions=[MaskUnexpectedErrors])


@pytest.mark.parametrize("field", ["poolExhausted", "serverGone"])
def test_an_unreachable_database_is_service_unavailable_without_a_traceback(
    field: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        result = database_schema.execute_sync(f"{{ {field} }}")
    assert result.errors is not None
    error = result.errors[0].formatted
    assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert "QueuePool" not in str(error) and "SELECT" not in str(error)
    # (strawberry.execution logs every error of a bare Schema; the app's Schema does not.)
    ours = [r for r in caplog.records if r.name.startswith("mentormatch")]
    assert ours and not [r for r in ours if r.levelno >= logging.ERROR or r.exc_info]


def test_an_os_error_of_our_own_code_stays_internal() -> None:
    result = database_schema.execute_sync("{ ownBug }")
    assert result.errors is not None
    assert result.errors[0].formatted["extensions"]["code"] == "INTERNAL"
