"""What GraphQL knows of an operation, for the metrics and the logs: its name, type, time and errors."""

from __future__ import annotations

import time
from collections.abc import Iterator

from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from mentormatch.logging import OPERATION
from mentormatch.observability.metrics import (
    GRAPHQL_DURATION,
    GRAPHQL_ERRORS,
    GRAPHQL_OPERATIONS,
    error_code_label,
    operation_label,
)


class OperationMetrics(SchemaExtension):
    """Counts and times each operation by name, counts its GraphQL errors by code, and names the
    operation in the logs (`logging.OPERATION`) while it executes.

    First of the schema's extensions: its `on_operation` ends last, so it sees the errors as the client
    does (after MaskUnexpectedErrors gave unexpected ones their INTERNAL code)."""

    _executed = False
    _counted = False

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        # Validated by now: the name is one the document really holds.
        self._executed = not context.pre_execution_errors
        name = operation_label(context.operation_name, valid=self._executed)
        OPERATION.set(name)
        if context.operation_type is OperationType.SUBSCRIPTION:
            # Its operation lasts as long as its stream: counted as it starts, with no latency to speak of.
            GRAPHQL_OPERATIONS.labels(name, OperationType.SUBSCRIPTION.value).inc()
            self._counted = True
        yield

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        context = self.execution_context
        if not self._counted:
            valid = self._executed and context.graphql_document is not None
            name = operation_label(context.operation_name if valid else None, valid=valid)
            kind = context.operation_type.value if valid else "unknown"
            GRAPHQL_OPERATIONS.labels(name, kind).inc()
            GRAPHQL_DURATION.labels(name, kind).observe(time.perf_counter() - started)
        result = context.result
        for error in (result.errors if result is not None else None) or ():
            GRAPHQL_ERRORS.labels(error_code_label((error.extensions or {}).get("code")), "graphql").inc()
