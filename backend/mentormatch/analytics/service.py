"""The programme's analytics for a period (admins), each figure computed by PostgreSQL.

The period is whole UTC days, `start` to `end` inclusive, as for the feedback figures
(`mentormatch.feedback.figures`, whose period, check-in and session definitions are reused here, not
redefined: average rating, good-fit rate, objective progress, sessions logged, and their weeks).
Definitions of the rest:
- participants: users not erased whose profile can mentor or seeks mentoring, now, by career stage
  (a participant who does both counts once in the total and once on each side).
- requests: requests (either direction) made in the period, by status; a PENDING one past its
  expiry counts as EXPIRED. Acceptance rate: ACCEPTED / (ACCEPTED + DECLINED + EXPIRED). Median
  hours to respond: over those ACCEPTED or DECLINED, from made to decided.
- mentorships: started in the period; active at the period's end (started before it, not ended by
  then); ended in the period, by outcome (COMPLETED is "completed").
- unmatched mentees: participants seeking mentoring, not suspended and not hidden, with no ACTIVE
  mentorship now; waiting since their profile was made or their last mentorship ended, whichever
  is later (median and longest, in days).
- weeks: every ISO week (from Monday) overlapping the period: the request, mentorship, check-in and
  session figures of the days of the week inside the period, and the active mentorships and the
  unmatched mentees (of today's set of mentees, by when their profile was made) at the week's end
  (or the period's end, or now, whichever comes first).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.db.engine import read_only
from mentormatch.feedback import figures

Db = async_sessionmaker[AsyncSession]

REQUEST_STATUSES = ("PENDING", "ACCEPTED", "DECLINED", "WITHDRAWN", "EXPIRED", "CANCELLED")
OUTCOMES = ("COMPLETED", "ENDED_EARLY", "NOT_A_FIT")


@dataclass(frozen=True)
class StageCount:
    career_stage: str | None
    participants: int
    mentors: int
    mentees: int


@dataclass(frozen=True)
class AnalyticsWeek:
    week_start: date
    requests_made: int
    requests_accepted: int
    acceptance_rate: float | None
    median_hours_to_respond: float | None
    mentorships_started: int
    mentorships_completed: int
    mentorships_ended: int
    active_mentorships: int
    unmatched_mentees: int
    check_ins: int
    average_rating: float | None
    good_fit_rate: float | None
    average_progress: float | None
    sessions_logged: int


@dataclass(frozen=True)
class Analytics:
    start: date
    end: date
    participants: int
    mentors: int
    mentees: int
    by_career_stage: list[StageCount]
    requests_by_status: dict[str, int]
    requests_made: int
    acceptance_rate: float | None
    median_hours_to_respond: float | None
    mentorships_started: int
    active_mentorships: int
    completed_mentorships: int
    outcomes: dict[str, int]
    check_ins: figures.CheckIns
    sessions: figures.Sessions
    unmatched_mentees: int
    median_days_unmatched: float | None
    longest_days_unmatched: float | None
    weeks: list[AnalyticsWeek]


# Users who are gone (erased) or cannot be matched (suspended): few, so PostgreSQL anti-joins a small hash.
_ERASED = "EXISTS (SELECT 1 FROM users u WHERE u.id = p.user_id AND u.erased_at IS NOT NULL)"
_OUT = (
    "EXISTS (SELECT 1 FROM users u WHERE u.id = p.user_id"
    " AND (u.erased_at IS NOT NULL OR u.suspended_at IS NOT NULL))"
)

_PARTICIPANTS = f"""
    SELECT p.career_stage::text AS career_stage, count(*) AS participants,
           count(*) FILTER (WHERE p.can_mentor) AS mentors,
           count(*) FILTER (WHERE p.seeks_mentoring) AS mentees
    FROM profiles p
    WHERE (p.can_mentor OR p.seeks_mentoring) AND NOT {_ERASED}
    GROUP BY 1 ORDER BY 1 NULLS LAST
"""

# A PENDING request past its expiry is EXPIRED, whether or not anything has flipped it yet.
_STATUS = "CASE WHEN r.status = 'PENDING' AND r.expires_at <= now() THEN 'EXPIRED' ELSE r.status::text END"
_HOURS = "extract(epoch FROM r.decided_at - r.created_at) / 3600"

_REQUESTS = f"""
    SELECT {_STATUS} AS status, count(*) AS requests
    FROM mentorship_requests r
    WHERE r.created_at >= :lower AND r.created_at < :upper
    GROUP BY 1
"""

_RESPONSE = f"""
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY {_HOURS})::float8 AS median_hours
    FROM mentorship_requests r
    WHERE r.created_at >= :lower AND r.created_at < :upper AND r.status IN ('ACCEPTED', 'DECLINED')
"""

_MENTORSHIPS = """
    SELECT count(*) FILTER (WHERE m.started_at >= :lower) AS started,
           count(*) FILTER (WHERE m.ended_at IS NULL OR m.ended_at >= :upper) AS active,
           count(*) FILTER (WHERE m.ended_at >= :lower AND m.ended_at < :upper
                            AND m.outcome = 'COMPLETED') AS completed,
           count(*) FILTER (WHERE m.ended_at >= :lower AND m.ended_at < :upper
                            AND m.outcome = 'ENDED_EARLY') AS ended_early,
           count(*) FILTER (WHERE m.ended_at >= :lower AND m.ended_at < :upper
                            AND m.outcome = 'NOT_A_FIT') AS not_a_fit
    FROM mentorships m
    WHERE m.started_at < :upper
"""

# The mentees who could be matched: seeking mentoring, not hidden, suspended or erased.
_MENTEES = (
    "SELECT p.user_id, p.created_at FROM profiles p"
    f" WHERE p.seeks_mentoring AND p.hidden_at IS NULL AND NOT {_OUT}"
)

_UNMATCHED = f"""
    SELECT count(*) AS unmatched,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY days)::float8 AS median_days,
           max(days)::float8 AS longest_days
    FROM (
        SELECT extract(epoch FROM now() - GREATEST(e.created_at, COALESCE(m.last_ended, e.created_at)))
               / 86400 AS days
        FROM ({_MENTEES}) e
        LEFT JOIN (SELECT mentee_id, bool_or(status = 'ACTIVE') AS active, max(ended_at) AS last_ended
                   FROM mentorships GROUP BY mentee_id) m ON m.mentee_id = e.user_id
        WHERE m.active IS NOT TRUE
    ) waiting
"""

# Point-in-time counts at each week's end come from events: each one is put in the first week whose end
# is after it (`width_bucket` over the sorted ends: how many ends are at or before it), and a week's
# count is the running sum of its own and earlier weeks' events. A mentorship adds one to the active at
# its start and takes it away at its end. A mentee adds one to the mentees when their profile was made,
# and one to the matched for each stretch of time in which they had an active mentorship (overlapping
# mentorships merged, so a mentee with two mentors counts once), from when it began (or their profile
# was made) until it ended.
_WEEKS = f"""
    WITH weeks AS (
        SELECT week_start::date AS week_start, ordinality - 1 AS week,
               LEAST((week_start::date + 7)::timestamp AT TIME ZONE 'UTC', :upper, now()) AS week_end
        FROM generate_series(date_trunc('week', CAST(:start AS date)), CAST(:end AS date),
                             interval '1 week') WITH ORDINALITY AS w(week_start, ordinality)
    ), ends AS (
        SELECT array_agg(week_end ORDER BY week) AS ends, max(week_end) AS last_end FROM weeks
    ), requests AS (
        SELECT date_trunc('week', r.created_at AT TIME ZONE 'UTC')::date AS week_start,
               count(*) AS made,
               count(*) FILTER (WHERE r.status = 'ACCEPTED') AS accepted,
               count(*) FILTER (WHERE {_STATUS} IN ('ACCEPTED', 'DECLINED', 'EXPIRED')) AS decided,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY {_HOURS})
                   FILTER (WHERE r.status IN ('ACCEPTED', 'DECLINED'))::float8 AS median_hours
        FROM mentorship_requests r
        WHERE r.created_at >= :lower AND r.created_at < :upper
        GROUP BY 1
    ), started AS (
        SELECT date_trunc('week', m.started_at AT TIME ZONE 'UTC')::date AS week_start, count(*) AS started
        FROM mentorships m WHERE m.started_at >= :lower AND m.started_at < :upper
        GROUP BY 1
    ), ended AS (
        SELECT date_trunc('week', m.ended_at AT TIME ZONE 'UTC')::date AS week_start, count(*) AS ended,
               count(*) FILTER (WHERE m.outcome = 'COMPLETED') AS completed
        FROM mentorships m WHERE m.ended_at >= :lower AND m.ended_at < :upper
        GROUP BY 1
    ), mentees AS ({_MENTEES}
    ), stretches AS (
        -- Gaps and islands: a new stretch begins where a mentorship starts after every earlier one ended.
        SELECT mentee_id, created_at, min(started_at) AS began,
               CASE WHEN bool_or(ended_at IS NULL) THEN NULL ELSE max(ended_at) END AS ended
        FROM (
            SELECT o.*, count(*) FILTER (WHERE o.new_stretch) OVER (PARTITION BY o.mentee_id
                                                                    ORDER BY o.started_at, o.id) AS stretch
            FROM (
                SELECT m.id, m.mentee_id, e.created_at, m.started_at, m.ended_at,
                       m.started_at > max(COALESCE(m.ended_at, 'infinity')) OVER (
                           PARTITION BY m.mentee_id ORDER BY m.started_at, m.id
                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                       ) IS NOT FALSE AS new_stretch
                FROM mentorships m JOIN mentees e ON e.user_id = m.mentee_id
                WHERE m.started_at < (SELECT last_end FROM ends)
            ) o
        ) s
        GROUP BY mentee_id, created_at, stretch
    ), events AS (
        SELECT moment, active, mentees, matched FROM (
            SELECT m.started_at AS moment, 1 AS active, 0 AS mentees, 0 AS matched FROM mentorships m
            UNION ALL
            SELECT m.ended_at, -1, 0, 0 FROM mentorships m WHERE m.ended_at IS NOT NULL
            UNION ALL
            SELECT e.created_at, 0, 1, 0 FROM mentees e
            UNION ALL
            SELECT GREATEST(s.began, s.created_at), 0, 0, 1 FROM stretches s
            WHERE s.ended IS NULL OR s.ended > GREATEST(s.began, s.created_at)
            UNION ALL
            SELECT s.ended, 0, 0, -1 FROM stretches s WHERE s.ended > GREATEST(s.began, s.created_at)
        ) e
        WHERE moment < (SELECT last_end FROM ends)
    ), counted AS (
        SELECT width_bucket(e.moment, ends.ends) AS week, sum(e.active) AS active,
               sum(e.mentees) AS mentees, sum(e.matched) AS matched
        FROM events e CROSS JOIN ends
        GROUP BY 1
    ), at_end AS (
        SELECT w.week_start,
               sum(COALESCE(c.active, 0)) OVER (ORDER BY w.week) AS active,
               sum(COALESCE(c.mentees, 0) - COALESCE(c.matched, 0)) OVER (ORDER BY w.week) AS unmatched
        FROM weeks w LEFT JOIN counted c ON c.week = w.week
    )
    SELECT w.week_start, COALESCE(r.made, 0) AS made, COALESCE(r.accepted, 0) AS accepted,
           COALESCE(r.decided, 0) AS decided, r.median_hours,
           COALESCE(s.started, 0) AS started, COALESCE(x.ended, 0) AS ended,
           COALESCE(x.completed, 0) AS completed, a.active, a.unmatched
    FROM weeks w
    LEFT JOIN requests r USING (week_start)
    LEFT JOIN started s USING (week_start)
    LEFT JOIN ended x USING (week_start)
    JOIN at_end a USING (week_start)
    ORDER BY w.week_start
"""


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _weeks(feedback_weeks: list[figures.Week], rows: Sequence[Any]) -> list[AnalyticsWeek]:
    feedback = {week.week_start: week for week in feedback_weeks}
    weeks = []
    for row in rows:
        check_ins = feedback[row.week_start]
        weeks.append(
            AnalyticsWeek(
                week_start=row.week_start,
                requests_made=int(row.made),
                requests_accepted=int(row.accepted),
                acceptance_rate=_share(int(row.accepted), int(row.decided)),
                median_hours_to_respond=row.median_hours,
                mentorships_started=int(row.started),
                mentorships_completed=int(row.completed),
                mentorships_ended=int(row.ended),
                active_mentorships=int(row.active),
                unmatched_mentees=int(row.unmatched),
                check_ins=check_ins.check_ins,
                average_rating=check_ins.average_rating,
                good_fit_rate=check_ins.good_fit_rate,
                average_progress=check_ins.average_progress,
                sessions_logged=check_ins.sessions_logged,
            )
        )
    return weeks


# How many of the analytics' statements run at once, each on its own pooled connection (so on its own
# PostgreSQL backend and core); they share no snapshot anyway (each `read_only` statement has its own).
CONCURRENT_STATEMENTS = 3


async def _concurrently(db: Db, readers: Sequence[Callable[[AsyncSession], Awaitable[Any]]]) -> list[Any]:
    """Each reader's result, `CONCURRENT_STATEMENTS` at a time, in the order given (slowest first)."""
    gate = asyncio.Semaphore(CONCURRENT_STATEMENTS)

    async def run(reader: Callable[[AsyncSession], Awaitable[Any]]) -> Any:
        async with gate, read_only(db) as session:
            return await reader(session)

    return await asyncio.gather(*(run(reader) for reader in readers))


def _rows(statement: str, params: dict[str, Any] | None = None) -> Callable[[AsyncSession], Awaitable[Any]]:
    async def read(session: AsyncSession) -> Any:
        return (await session.execute(text(statement), params or {})).all()

    return read


async def program_analytics(db: Db, *, start: date | None, end: date | None) -> Analytics:
    """The analytics of the period (admins only; the caller checks). INVALID_INPUT for a reversed or
    over-long period, as for the feedback figures."""
    async with read_only(db) as session:
        bounds = await figures.bounds(session, start, end)
    (
        week_rows,
        unmatched_rows,
        feedback_weeks,
        stage_rows,
        status_rows,
        response_rows,
        *rest,
    ) = await _concurrently(
        db,
        [
            _rows(_WEEKS, bounds),
            _rows(_UNMATCHED),
            partial(figures.weekly_figures, period_bounds=bounds),
            _rows(_PARTICIPANTS),
            _rows(_REQUESTS, bounds),
            _rows(_RESPONSE, bounds),
            _rows(_MENTORSHIPS, bounds),
            partial(figures.check_in_figures, period_bounds=bounds),
            partial(figures.session_figures, period_bounds=bounds),
        ],
    )
    mentorships_rows, check_ins, sessions = rest
    stages = [
        StageCount(row.career_stage, int(row.participants), int(row.mentors), int(row.mentees))
        for row in stage_rows
    ]
    by_status = dict.fromkeys(REQUEST_STATUSES, 0)
    for row in status_rows:
        by_status[row.status] = int(row.requests)
    response, mentorships, unmatched = response_rows[0], mentorships_rows[0], unmatched_rows[0]
    weeks = _weeks(feedback_weeks, week_rows)
    decided = by_status["ACCEPTED"] + by_status["DECLINED"] + by_status["EXPIRED"]
    return Analytics(
        start=bounds["start"],
        end=bounds["end"],
        participants=sum(s.participants for s in stages),
        mentors=sum(s.mentors for s in stages),
        mentees=sum(s.mentees for s in stages),
        by_career_stage=stages,
        requests_by_status=by_status,
        requests_made=sum(by_status.values()),
        acceptance_rate=_share(by_status["ACCEPTED"], decided),
        median_hours_to_respond=response.median_hours,
        mentorships_started=int(mentorships.started),
        active_mentorships=int(mentorships.active),
        completed_mentorships=int(mentorships.completed),
        outcomes={
            "COMPLETED": int(mentorships.completed),
            "ENDED_EARLY": int(mentorships.ended_early),
            "NOT_A_FIT": int(mentorships.not_a_fit),
        },
        check_ins=check_ins,
        sessions=sessions,
        unmatched_mentees=int(unmatched.unmatched),
        median_days_unmatched=unmatched.median_days,
        longest_days_unmatched=unmatched.longest_days,
        weeks=weeks,
    )
