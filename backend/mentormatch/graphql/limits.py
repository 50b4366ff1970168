"""Limits on what one GraphQL operation may ask for, checked before anything executes.

Depth, aliases and tokens are Strawberry's own limiters; the cost limit is ours (Strawberry ships no
released complexity estimator). Every limit answers with QUERY_TOO_COMPLEX, and outside development
the API neither answers introspection nor suggests names ("Did you mean ...?") to whoever probes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from graphql import (
    ASTValidationRule,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    get_named_type,
    is_leaf_type,
)
from graphql.type import GraphQLInterfaceType, GraphQLObjectType
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.types import ExecutionResult

from mentormatch.db.keyset import MAX_PAGE_SIZE
from mentormatch.errors import ErrorCode
from mentormatch.settings import Settings

# What an unpaged list of objects counts as (a profile's skills, a proposal's pairs): profiles hold at
# most 20 items of each kind (profiles.validation.MAX_ITEMS).
LIST_COST_FACTOR = 20
# graphql-core's did_you_mean: " Did you mean 'a', 'b', or 'c'?", of schema names (which hold no "?"),
# at the end of a message or before what the client sent ("... Found: { carerStages: [] }.").
_SUGGESTION = re.compile(r" Did you mean [^?]*\?")


def operation_cost(
    schema_root: GraphQLObjectType,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    schema_types: Mapping[str, GraphQLNamedType],
) -> int:
    """The most objects `operation` can return: each costs 1; a page of a connection counts its
    `first` (default and cap from the field) times its items, any other list LIST_COST_FACTOR times.

    A `first` given by a variable counts as the cap: the cost is of the document, whatever is sent.
    """

    def page_size(field: GraphQLField, node: FieldNode) -> int | None:
        argument = field.args.get("first")
        if argument is None:
            return None
        given = next((a.value for a in node.arguments or () if a.name.value == "first"), None)
        if isinstance(given, IntValueNode):
            size = int(given.value)
        elif given is None and isinstance(argument.default_value, int):
            size = argument.default_value
        else:
            size = MAX_PAGE_SIZE
        return max(1, min(size, MAX_PAGE_SIZE))

    def selection_cost(
        selection_set: SelectionSetNode | None,
        parent: GraphQLNamedType,
        page: int | None,
        seen: frozenset[str],
    ) -> int:
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                fields = getattr(parent, "fields", None)
                if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType) or fields is None:
                    continue
                field = fields.get(selection.name.value)
                if field is None:
                    continue  # __typename, or a mistake that validation reports
                named = get_named_type(field.type)
                if is_leaf_type(named):
                    continue
                first = page_size(field, selection)
                inner = 1 + selection_cost(selection.selection_set, named, first, seen)
                field_type = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
                if first is None and isinstance(field_type, GraphQLList):
                    inner *= page if page is not None else LIST_COST_FACTOR
                total += inner
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = schema_types.get(condition.name.value) if condition else parent
                if target is not None:
                    total += selection_cost(selection.selection_set, target, page, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                target = schema_types.get(fragment.type_condition.name.value) if fragment else None
                if fragment is not None and target is not None and name not in seen:
                    total += selection_cost(fragment.selection_set, target, page, seen | {name})
        return total

    return selection_cost(operation.selection_set, schema_root, None, frozenset())


def cost_rule(max_cost: int) -> type[ValidationRule]:
    """A validation rule refusing every operation of a document that costs more than `max_cost`."""

    class CostLimit(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            schema = context.schema
            definitions = context.document.definitions
            fragments = {d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)}
            for operation in definitions:
                if not isinstance(operation, OperationDefinitionNode):
                    continue
                root = schema.get_root_type(operation.operation)
                if root is None:
                    continue
                cost = operation_cost(root, operation, fragments, schema.type_map)
                if cost > max_cost:
                    context.report_error(
                        GraphQLError(
                            f"This operation may return {cost} objects, over the limit of {max_cost}: "
                            "ask for smaller pages (`first`) or fewer nested lists.",
                            operation,
                            extensions={"code": ErrorCode.QUERY_TOO_COMPLEX.value},
                        )
                    )

    return CostLimit


def _coded(rule: type[ASTValidationRule]) -> type[ASTValidationRule]:
    """`rule` whose errors carry QUERY_TOO_COMPLEX (Strawberry's limiters report theirs uncoded)."""

    class Coded(rule):  # type: ignore[valid-type,misc]
        def __init__(self, context: ValidationContext) -> None:
            report = context.on_error

            def coded(error: GraphQLError) -> None:
                error.extensions = {**(error.extensions or {}), "code": ErrorCode.QUERY_TOO_COMPLEX.value}
                report(error)

            # Strawberry's limiters check the whole document here, in the constructor.
            context.on_error = coded  # type: ignore[method-assign]
            try:
                super().__init__(context)
            finally:
                context.on_error = report  # type: ignore[method-assign]

    Coded.__name__ = rule.__name__
    return Coded


def _shared(rules: list[Any]) -> Callable[[], SchemaExtension]:
    """A factory of fresh extensions that all add the same rule classes.

    Strawberry's limiters build a new rule class per instance, and the validation cache is keyed
    by the rule classes: a new class per request would never hit it.
    """
    return lambda: AddValidationRules(rules)


class TokenLimit(MaxTokensLimiter):
    """Strawberry's token limit, whose refusal (a syntax error from the parser) carries QUERY_TOO_COMPLEX."""

    def on_operation(self) -> Iterator[None]:
        try:
            yield from super().on_operation()
        except GraphQLError as refusal:
            # The parser cache parses in its own hook, so the refusal comes through here, raised.
            self._code(refusal)
            raise
        for error in getattr(self.execution_context.result, "errors", None) or ():
            self._code(error)

    def _code(self, error: GraphQLError) -> None:
        if f"more than {self.max_token_count} tokens" in error.message:
            error.extensions = {**(error.extensions or {}), "code": ErrorCode.QUERY_TOO_COMPLEX.value}


class HideSuggestions(SchemaExtension):
    """Drop graphql-core's "Did you mean ...?" from every error (field, argument, enum value, type),
    so the API does not spell out its schema to someone guessing at it. The one place they are cut."""

    def _strip(self, result: object) -> None:
        errors = getattr(result, "errors", None)
        if errors:
            result.errors = [_without_suggestion(error) for error in errors]  # type: ignore[attr-defined]

    def on_operation(self) -> Iterator[None]:
        yield
        self._strip(self.execution_context.result)

    def on_stream_result(self, result: ExecutionResult) -> Iterator[None]:  # type: ignore[override]
        self._strip(result)
        yield


def _without_suggestion(error: GraphQLError) -> GraphQLError:
    message = _SUGGESTION.sub("", error.message)
    if message == error.message:
        return error
    # A copy: validation errors are cached and shared between requests.
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error,
        extensions=error.extensions,
    )


def limit_extensions(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """The schema extensions (as factories) enforcing `settings`' limits, in the order they run."""
    depth = QueryDepthLimiter(max_depth=settings.graphql_max_depth).validation_rules
    aliases = MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases).validation_rules
    rules: list[Any] = [_coded(rule) for rule in (*depth, *aliases)]
    rules.append(cost_rule(settings.graphql_max_cost))
    max_tokens = settings.graphql_max_tokens
    factories: list[Callable[[], SchemaExtension]] = [
        lambda: TokenLimit(max_token_count=max_tokens),
        _shared(rules),
    ]
    if settings.hardened:
        factories.append(DisableIntrospection)
        factories.append(HideSuggestions)
    return factories
