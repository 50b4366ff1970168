"""Turning Strawberry input objects into the plain camelCase mappings the services validate."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.schema.name_converter import NameConverter
from strawberry.types.base import has_object_definition

_NAMES = NameConverter()


def input_to_dict(value: Any) -> Any:
    """An input object as a dict of the fields the client gave (omitted fields are left out)."""
    if has_object_definition(value):
        result: dict[str, Any] = {}
        for field in value.__strawberry_definition__.fields:
            item = getattr(value, field.python_name)
            if item is strawberry.UNSET:
                continue
            result[_NAMES.get_graphql_name(field)] = input_to_dict(item)
        return result
    if isinstance(value, list):
        return [input_to_dict(item) for item in value]
    return value
