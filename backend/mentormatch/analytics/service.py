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

from dataclasses import dataclass
from datetime import date
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


_PARTICIPANTS = """
    SELECT p.career_stage::text AS career_stage, count(*) AS participants,
           count(*) FILTER (WHERE p.can_mentor) AS mentors,
           count(*) FILTER (WHERE p.seeks_mentoring) AS mentees
    FROM profiles p JOIN users u ON u.id = p.user_id
    WHERE u.erased_at IS NULL AND (p.can_mentor OR p.seeks_mentoring)
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

_MENTEES = """
    SELECT p.user_id, p.created_at, m.last_ended, COALESCE(m.active, false) AS active
    FROM profiles p
    JOIN users u ON u.id = p.user_id
    LEFT JOIN (SELECT mentee_id, bool_or(status = 'ACTIVE') AS active, max(ended_at) AS last_ended
               FROM mentorships GROUP BY mentee_id) m ON m.mentee_id = p.user_id
    WHERE p.seeks_mentoring AND u.erased_at IS NULL AND u.suspended_at IS NULL AND p.hidden_at IS NULL
"""

_UNMATCHED = f"""
    WITH mentees AS ({_MENTEES})
    SELECT count(*) AS unmatched,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY days)::float8 AS median_days,
           max(days)::float8 AS longest_days
    FROM (SELECT extract(epoch FROM now() - GREATEST(created_at, COALESCE(last_ended, created_at)))
                 / 86400 AS days
          FROM mentees WHERE NOT active) waiting
"""

_WEEKS = f"""
    WITH weeks AS (
        SELECT week_start,
               LEAST((week_start + 7)::timestamp AT TIME ZONE 'UTC', :upper, now()) AS week_end
        FROM (SELECT generate_series(date_trunc('week', CAST(:start AS date)), CAST(:end AS date),
                                     interval '1 week')::date AS week_start) w
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
    ), active AS (
        SELECT w.week_start, count(*) AS active,
               count(DISTINCT m.mentee_id) FILTER (WHERE e.user_id IS NOT NULL) AS matched_mentees
        FROM weeks w
        JOIN mentorships m ON m.started_at < w.week_end AND (m.ended_at IS NULL OR m.ended_at >= w.week_end)
        LEFT JOIN mentees e ON e.user_id = m.mentee_id AND e.created_at < w.week_end
        GROUP BY 1
    ), seeking AS (
        SELECT w.week_start, count(e.user_id) AS mentees
        FROM weeks w LEFT JOIN mentees e ON e.created_at < w.week_end
        GROUP BY 1
    )
    SELECT w.week_start, COALESCE(r.made, 0) AS made, COALESCE(r.accepted, 0) AS accepted,
           COALESCE(r.decided, 0) AS decided, r.median_hours,
           COALESCE(s.started, 0) AS started, COALESCE(x.ended, 0) AS ended,
           COALESCE(x.completed, 0) AS completed, COALESCE(a.active, 0) AS active,
           k.mentees - COALESCE(a.matched_mentees, 0) AS unmatched
    FROM weeks w
    LEFT JOIN requests r USING (week_start)
    LEFT JOIN started s USING (week_start)
    LEFT JOIN ended x USING (week_start)
    LEFT JOIN active a USING (week_start)
    JOIN seeking k USING (week_start)
    ORDER BY w.week_start
"""


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


async def _weeks(session: AsyncSession, bounds: dict[str, Any]) -> list[AnalyticsWeek]:
    feedback = {week.week_start: week for week in await figures.weekly_figures(session, bounds)}
    weeks = []
    for row in await session.execute(text(_WEEKS), bounds):
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


async def program_analytics(db: Db, *, start: date | None, end: date | None) -> Analytics:
    """The analytics of the period (admins only; the caller checks). INVALID_INPUT for a reversed or
    over-long period, as for the feedback figures."""
    async with read_only(db) as session:
        bounds = await figures.bounds(session, start, end)
        stages = [
            StageCount(row.career_stage, int(row.participants), int(row.mentors), int(row.mentees))
            for row in await session.execute(text(_PARTICIPANTS))
        ]
        by_status = dict.fromkeys(REQUEST_STATUSES, 0)
        for row in await session.execute(text(_REQUESTS), bounds):
            by_status[row.status] = int(row.requests)
        response = (await session.execute(text(_RESPONSE), bounds)).one()
        mentorships = (await session.execute(text(_MENTORSHIPS), bounds)).one()
        unmatched = (await session.execute(text(_UNMATCHED))).one()
        check_ins = await figures.check_in_figures(session, bounds)
        sessions = await figures.session_figures(session, bounds)
        weeks = await _weeks(session, bounds)
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
