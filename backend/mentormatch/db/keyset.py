"""Paging: the cap on `first` every connection shares, and keyset cursors over (timestamp, id),
newest first, for every list that only grows (matching pages by score with its own cursor).

A cursor names the last row of a page; the next page starts strictly after it, so rows inserted while
someone pages never shift or repeat what they see.
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from mentormatch.errors import InvalidInput

MAX_PAGE_SIZE = 50


@dataclass(frozen=True)
class Position:
    at: datetime
    id: uuid.UUID


def encode_cursor(at: datetime, row_id: uuid.UUID) -> str:
    payload = json.dumps({"t": at.isoformat(), "i": str(row_id)}, separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode()


def decode_cursor(cursor: str | None) -> Position | None:
    """The position a cursor names; INVALID_INPUT on `after` for anything we did not issue."""
    if cursor is None:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return Position(datetime.fromisoformat(data["t"]), uuid.UUID(data["i"]))
    except (ValueError, KeyError, TypeError):
        raise InvalidInput([("after", "Not a cursor from this connection.")]) from None


def page_size(first: int) -> int:
    """`first` capped at MAX_PAGE_SIZE; below 1 is refused."""
    if first < 1:
        raise InvalidInput([("first", "Must be at least 1.")])
    return min(first, MAX_PAGE_SIZE)
