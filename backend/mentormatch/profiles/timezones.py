"""IANA time zones: the names a profile may give, and their offsets from UTC now.

An offset moves with daylight saving, so it is never stored: it is read from the zone for the current
moment, in one place, for both what a profile shows and what matching filters on.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from functools import cache, lru_cache
from zoneinfo import ZoneInfo, available_timezones


@cache
def known_timezones() -> frozenset[str]:
    """The zone names a profile may use (the ones `zoneinfo` can read)."""
    return frozenset(available_timezones())


def utc_offset_minutes(name: str | None) -> int | None:
    """The zone's offset from UTC at this moment, in minutes; None without a (known) zone."""
    return None if name is None else _offsets_in_minute(_current_minute()).get(name)


def timezones_with_offset(low: int | None, high: int | None) -> list[str]:
    """The zones whose offset from UTC at this moment is within [low, high] minutes (either bound open)."""
    return sorted(
        name
        for name, offset in _offsets_in_minute(_current_minute()).items()
        if (low is None or offset >= low) and (high is None or offset <= high)
    )


def _current_minute() -> int:
    return int(time.time() // 60)


@lru_cache(maxsize=1)
def _offsets_in_minute(minute: int) -> dict[str, int]:
    # Reading ~600 zones takes about a millisecond, so once a minute is enough: zones change their
    # offset on whole minutes, so the offsets at the start of a minute hold for all of it.
    at = datetime.fromtimestamp(minute * 60, UTC)
    offsets = {}
    for name in known_timezones():
        offset = at.astimezone(ZoneInfo(name)).utcoffset()
        offsets[name] = int(offset.total_seconds() // 60) if offset is not None else 0
    return offsets
