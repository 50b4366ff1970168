"""Unexpected exceptions never reach a client; expected ones keep their code."""

from __future__ import annotations

import logging

import pytest
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
