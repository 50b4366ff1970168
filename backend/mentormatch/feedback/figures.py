"""The programme's feedback figures for a period (admins), each computed by PostgreSQL.

The period is whole UTC days, `start` to `end` inclusive. Definitions:
- check-ins, average rating, good-fit rate (share saying it fits): check-ins given in the period, by
  either side; average progress: the mean of every objective progress those check-ins gave.
- expected check-ins: per participant of each mentorship, the whole intervals it was ACTIVE inside the
  period up to now (a check-in not yet due is not expected), plus one (the final) if it ended inside
  the period; completion: the check-ins each participant gave in the period on it, at most as many as
  expected of them, over all expected.
- sessions and minutes: sessions held in the period.
- requests decided: requests from mentees to mentors made in the period that were answered or expired
  (live, withdrawn and cancelled ones say nothing about mentors); answered in time: the share answered.
- weeks: the check-in and session figures per ISO week (from Monday) overlapping the period.
A check-in removed by a moderator counts in none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.db.engine import read_only
from mentormatch.errors import InvalidInput
from mentormatch.feedback.service import check_in_interval_days

Db = async_sessionmaker[AsyncSession]

DEFAULT_WEEKS = 12
MAX_DAYS = 3 * 366
# The days a period may cover: a programme's figures start after 1970, and `to`'s next midnight must
# still be a date (Python's and the driver's dates end with the year 9999).
EARLIEST_DAY = date(1970, 1, 1)
LATEST_DAY = date(9999, 12, 30)


@dataclass(frozen=True)
class Week:
    week_start: date
    check_ins: int
    average_rating: float | None
    good_fit_rate: float | None
    average_progress: float | None
    sessions_logged: int
    session_minutes: int


@dataclass(frozen=True)
class Summary:
    start: date
    end: date
    check_ins: int
    average_rating: float | None
    good_fit_rate: float | None
    average_progress: float | None
    check_ins_expected: int
    check_in_completion_rate: float | None
    sessions_logged: int
    session_minutes: int
    requests_decided: int
    requests_answered_in_time_rate: float | None
    weeks: list[Week]


def period(start: date | None, end: date | None, *, today: date) -> tuple[date, date]:
    """The period asked for; by default the DEFAULT_WEEKS weeks up to today. INVALID_INPUT if reversed
    or longer than MAX_DAYS, or outside EARLIEST_DAY..LATEST_DAY."""
    outside = f"Must be a day from {EARLIEST_DAY.isoformat()} to {LATEST_DAY.isoformat()}."
    problems = [(name, outside) for name, day in (("from", start), ("to", end))
                if day is not None and not EARLIEST_DAY <= day <= LATEST_DAY]  # fmt: skip
    if problems:
        raise InvalidInput(problems)
    end = end or today
    start = start or end - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1)
    if start > end:
        raise InvalidInput([("from", "Must not be after `to`.")])
    if (end - start).days + 1 > MAX_DAYS:
        raise InvalidInput([("from", f"The period may be at most {MAX_DAYS} days.")])
    return start, end


_CHECK_INS = """
    SELECT count(*) AS check_ins, avg(f.rating)::float8 AS average_rating,
           avg(f.good_fit::int)::float8 AS good_fit_rate,
           (SELECT avg(p.progress)::float8 FROM feedback_progress p JOIN feedback g ON g.id = p.feedback_id
            WHERE g.created_at >= :lower AND g.created_at < :upper AND g.removed_at IS NULL)
           AS average_progress
    FROM feedback f
    WHERE f.created_at >= :lower AND f.created_at < :upper AND f.removed_at IS NULL
"""

_COMPLETION = """
    WITH overlap AS (
        SELECT m.id, m.mentor_id, m.mentee_id,
               GREATEST(0, extract(epoch FROM LEAST(COALESCE(m.ended_at, now()), :upper)
                                            - GREATEST(m.started_at, :lower))) / 86400 AS days,
               m.ended_at IS NOT NULL AND m.ended_at >= :lower AND m.ended_at < :upper AS ended_inside
        FROM mentorships m
        WHERE m.started_at < :upper AND (m.ended_at IS NULL OR m.ended_at >= :lower)
    ), expected AS (
        SELECT o.id, side.user_id,
               floor(o.days / :interval)::int + (CASE WHEN o.ended_inside THEN 1 ELSE 0 END) AS expected
        FROM overlap o CROSS JOIN LATERAL (VALUES (o.mentor_id), (o.mentee_id)) AS side(user_id)
    )
    SELECT COALESCE(sum(e.expected), 0)::int AS expected,
           COALESCE(sum(LEAST(e.expected, (
               SELECT count(*) FROM feedback f
               WHERE f.mentorship_id = e.id AND f.author_id = e.user_id
                 AND f.created_at >= :lower AND f.created_at < :upper AND f.removed_at IS NULL
           ))), 0)::int AS given
    FROM expected e
"""

_SESSIONS = """
    SELECT count(*) AS sessions, COALESCE(sum(minutes), 0)::int AS minutes
    FROM mentorship_sessions WHERE held_on BETWEEN :start AND :end
"""

_REQUESTS = """
    SELECT count(*) AS decided, count(*) FILTER (WHERE r.status IN ('ACCEPTED', 'DECLINED')) AS answered
    FROM mentorship_requests r
    WHERE r.sender_id = r.mentee_id AND r.created_at >= :lower AND r.created_at < :upper
      AND (r.status IN ('ACCEPTED', 'DECLINED', 'EXPIRED')
           OR (r.status = 'PENDING' AND r.expires_at <= now()))
"""

_WEEKS = """
    WITH weeks AS (
        SELECT generate_series(date_trunc('week', CAST(:start AS date)), CAST(:end AS date),
                               interval '1 week')::date AS week_start
    ), check_ins AS (
        SELECT date_trunc('week', f.created_at AT TIME ZONE 'UTC')::date AS week_start,
               count(*) AS check_ins, avg(f.rating)::float8 AS average_rating,
               avg(f.good_fit::int)::float8 AS good_fit_rate
        FROM feedback f
        WHERE f.created_at >= :lower AND f.created_at < :upper AND f.removed_at IS NULL
        GROUP BY 1
    ), progress AS (
        SELECT date_trunc('week', f.created_at AT TIME ZONE 'UTC')::date AS week_start,
               avg(p.progress)::float8 AS average_progress
        FROM feedback f JOIN feedback_progress p ON p.feedback_id = f.id
        WHERE f.created_at >= :lower AND f.created_at < :upper AND f.removed_at IS NULL
        GROUP BY 1
    ), sessions AS (
        SELECT date_trunc('week', s.held_on)::date AS week_start, count(*) AS sessions,
               sum(s.minutes)::int AS minutes
        FROM mentorship_sessions s WHERE s.held_on BETWEEN :start AND :end
        GROUP BY 1
    )
    SELECT w.week_start, COALESCE(c.check_ins, 0) AS check_ins, c.average_rating, c.good_fit_rate,
           p.average_progress, COALESCE(s.sessions, 0) AS sessions, COALESCE(s.minutes, 0) AS minutes
    FROM weeks w
    LEFT JOIN check_ins c USING (week_start)
    LEFT JOIN progress p USING (week_start)
    LEFT JOIN sessions s USING (week_start)
    ORDER BY w.week_start
"""


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class CheckIns:
    check_ins: int
    average_rating: float | None
    good_fit_rate: float | None
    average_progress: float | None


@dataclass(frozen=True)
class Sessions:
    sessions_logged: int
    session_minutes: int


async def bounds(session: AsyncSession, start: date | None, end: date | None) -> dict[str, Any]:
    """The period asked for (see `period`) as query parameters: `start` and `end` days, and their UTC
    midnights `lower` (inclusive) and `upper` (exclusive). Shared with the programme's analytics."""
    today = await session.scalar(text("SELECT (now() AT TIME ZONE 'UTC')::date"))
    assert today is not None
    start, end = period(start, end, today=today)
    return {
        "start": start,
        "end": end,
        "lower": await session.scalar(
            text("SELECT CAST(:day AS date)::timestamp AT TIME ZONE 'UTC'"), {"day": start}
        ),
        "upper": await session.scalar(
            text("SELECT (CAST(:day AS date) + 1)::timestamp AT TIME ZONE 'UTC'"), {"day": end}
        ),
    }


async def check_in_figures(session: AsyncSession, period_bounds: dict[str, Any]) -> CheckIns:
    """Check-ins, average rating, good-fit rate and average progress of the period (`bounds`)."""
    row = (await session.execute(text(_CHECK_INS), period_bounds)).one()
    return CheckIns(int(row.check_ins), row.average_rating, row.good_fit_rate, row.average_progress)


async def session_figures(session: AsyncSession, period_bounds: dict[str, Any]) -> Sessions:
    """Sessions held in the period (`bounds`) and their minutes."""
    row = (await session.execute(text(_SESSIONS), period_bounds)).one()
    return Sessions(int(row.sessions), int(row.minutes))


async def weekly_figures(session: AsyncSession, period_bounds: dict[str, Any]) -> list[Week]:
    """The check-in and session figures of every ISO week overlapping the period (`bounds`)."""
    return [
        Week(
            row.week_start,
            int(row.check_ins),
            row.average_rating,
            row.good_fit_rate,
            row.average_progress,
            int(row.sessions),
            int(row.minutes),
        )
        for row in await session.execute(text(_WEEKS), period_bounds)
    ]


async def feedback_summary(db: Db, *, start: date | None, end: date | None) -> Summary:
    """The figures of the period (admins only; the caller checks)."""
    async with read_only(db) as session:
        period_bounds = await bounds(session, start, end)
        interval = await check_in_interval_days(session)
        check_ins = await check_in_figures(session, period_bounds)
        completion = (await session.execute(text(_COMPLETION), {**period_bounds, "interval": interval})).one()
        sessions = await session_figures(session, period_bounds)
        requests = (await session.execute(text(_REQUESTS), period_bounds)).one()
        weeks = await weekly_figures(session, period_bounds)
    return Summary(
        start=period_bounds["start"],
        end=period_bounds["end"],
        check_ins=check_ins.check_ins,
        average_rating=check_ins.average_rating,
        good_fit_rate=check_ins.good_fit_rate,
        average_progress=check_ins.average_progress,
        check_ins_expected=int(completion.expected),
        check_in_completion_rate=_share(int(completion.given), int(completion.expected)),
        sessions_logged=sessions.sessions_logged,
        session_minutes=sessions.session_minutes,
        requests_decided=int(requests.decided),
        requests_answered_in_time_rate=_share(int(requests.answered), int(requests.decided)),
        weeks=weeks,
    )
