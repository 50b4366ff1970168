"""The programme's settings: read them (`current`), change them (`update`, admins).

One row holds them (`programme_settings`); before an admin saves anything there is no row and every
value is its default. Nothing is cached: each read is one small query, so a change applies from the
next request in every API process. Domains whose own queries join the row (matching) take the select
list from `columns_sql` and read it back with `of_row`, so the column names and defaults stay here.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from sqlalchemy import func, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.audit import service as audit
from mentormatch.errors import InvalidInput
from mentormatch.programme.models import DEFAULT_WEIGHTS, LIMITS, Direction, ProgrammeSettingsRow

Db = async_sessionmaker[AsyncSession]


def _default(name: str) -> Any:
    return field(default=LIMITS[name].default)


@dataclass(frozen=True)
class ProgrammeSettings:
    """Every programme setting, defaults filled in."""

    # Every score component's weight (components never saved take DEFAULT_WEIGHTS').
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    direction: Direction = Direction.ANY
    require_direction: bool = False
    default_capacity: int = _default("default_capacity")
    max_mentors_per_mentee: int = _default("max_mentors_per_mentee")
    max_pending_requests: int = _default("max_pending_requests")
    request_ttl_days: int = _default("request_ttl_days")
    check_in_interval_days: int = _default("check_in_interval_days")


DEFAULTS = ProgrammeSettings()
# What `update` accepts: every setting, by its attribute name.
SETTING_NAMES = tuple(f.name for f in fields(ProgrammeSettings))


def api_name(name: str) -> str:
    """The setting's name in the API and in error fields: `request_ttl_days` -> `requestTtlDays`."""
    head, *rest = name.split("_")
    return head + "".join(word.title() for word in rest)


# ---------------------------------------------------------------------------------------------- reading

# Labels of the select list, prefixed so they never collide with the columns of a joining query.
_PREFIX = "programme_"


def join_sql(alias: str = "ps") -> str:
    """The join that `columns_sql` reads from: a query keeps its one row even without a settings row."""
    return f"LEFT JOIN programme_settings {alias} ON {alias}.id = 1"


def columns_sql(alias: str = "ps") -> str:
    """Select-list items of every setting (defaults where there is no row), for a query that has
    `join_sql(alias)`; `of_row` reads them back."""
    columns = [
        f"{alias}.weights AS {_PREFIX}weights",
        f"{alias}.direction::text AS {_PREFIX}direction",
        f"COALESCE({alias}.require_direction, false) AS {_PREFIX}require_direction",
        *(f"COALESCE({alias}.{name}, {limit.default}) AS {_PREFIX}{name}" for name, limit in LIMITS.items()),
    ]
    return ", ".join(columns)


def of_row(row: Any) -> ProgrammeSettings:
    """The settings from a row selected with `columns_sql`."""
    mapping = row._mapping
    weights = mapping[f"{_PREFIX}weights"] or {}
    direction = mapping[f"{_PREFIX}direction"]
    return ProgrammeSettings(
        weights={**DEFAULT_WEIGHTS, **{name: float(value) for name, value in weights.items()}},
        direction=Direction(direction) if direction else Direction.ANY,
        require_direction=bool(mapping[f"{_PREFIX}require_direction"]),
        **{name: int(mapping[f"{_PREFIX}{name}"]) for name in LIMITS},
    )


async def current(session: AsyncSession) -> ProgrammeSettings:
    """The programme's settings as last committed (the defaults before an admin saved any)."""
    row = (await session.execute(text(f"SELECT {columns_sql()} FROM (SELECT 1) AS one {join_sql()}"))).one()
    return of_row(row)


# ---------------------------------------------------------------------------------------------- changing


def _problems(changes: Mapping[str, Any]) -> list[tuple[str, str]]:
    """What is wrong with the changes on their own (the weights' sum is checked against the row)."""
    problems: list[tuple[str, str]] = []
    for name, value in changes.items():
        if name in LIMITS:
            limit = LIMITS[name]
            if isinstance(value, bool) or not isinstance(value, int) or not limit.low <= value <= limit.high:
                problems.append((api_name(name), f"Must be a whole number from {limit.low} to {limit.high}."))
    for name, value in (changes.get("weights") or {}).items():
        if name not in DEFAULT_WEIGHTS:
            problems.append((f"weights.{name}", "Is not a score component."))
        elif not isinstance(value, int | float) or not math.isfinite(value) or not 0 <= value <= 1:
            problems.append((f"weights.{name}", "Must be between 0 and 1."))
    return problems


def _changed(before: ProgrammeSettings, after: ProgrammeSettings) -> tuple[dict[str, Any], dict[str, Any]]:
    """The values that differ, before and after, by their API names (weights: the changed components)."""
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for name in SETTING_NAMES:
        was, now = getattr(before, name), getattr(after, name)
        if name == "weights":
            components = [c for c in now if was.get(c) != now[c]]
            if components:
                old["weights"] = {c: was.get(c) for c in components}
                new["weights"] = {c: now[c] for c in components}
        elif was != now:
            old[api_name(name)] = was.value if isinstance(was, Direction) else was
            new[api_name(name)] = now.value if isinstance(now, Direction) else now
    return old, new


async def update(db: Db, admin_id: uuid.UUID, changes: Mapping[str, Any]) -> ProgrammeSettings:
    """Change some settings (admins only; the caller checks): validated, written and audited in one
    transaction. `changes` maps SETTING_NAMES to new values; `weights` may name only some components.

    Raises InvalidInput (nothing written) with the API's field names: `weights.semantic`,
    `requestTtlDays`, `defaultCapacity`, ... A save that changes nothing writes no audit entry.
    """
    unknown = set(changes) - set(SETTING_NAMES)
    if unknown:
        raise ValueError(f"not programme settings: {sorted(unknown)}")
    problems = _problems(changes)
    if problems:
        raise InvalidInput(problems)
    async with db.begin() as session:
        # The row is created on first use; two admins saving at once then queue on its lock, and the
        # second one's "before" is the first one's "after".
        await session.execute(
            insert(ProgrammeSettingsRow)
            .values(id=1, weights=dict(DEFAULT_WEIGHTS))
            .on_conflict_do_nothing(index_elements=[ProgrammeSettingsRow.id])
        )
        row = await session.get_one(ProgrammeSettingsRow, 1, with_for_update=True, populate_existing=True)
        before = await current(session)
        after = replace(
            before,
            **{name: value for name, value in changes.items() if name != "weights"},
            weights={**before.weights, **{n: float(v) for n, v in (changes.get("weights") or {}).items()}},
        )
        if sum(after.weights.values()) <= 0:
            raise InvalidInput([("weights", "At least one weight must be above 0.")])
        old, new = _changed(before, after)
        if not new:
            return before
        row.weights = dict(after.weights)
        row.direction = after.direction
        row.require_direction = after.require_direction
        for name in LIMITS:
            setattr(row, name, getattr(after, name))
        row.updated_by = admin_id
        row.updated_at = func.now()
        await audit.record(
            session,
            actor_id=admin_id,
            action=audit.Action.SETTINGS_CHANGED,
            target_type=audit.TargetType.SETTINGS,
            details={"before": old, "after": new},
        )
        await session.flush()
        return await current(session)
