"""A mentor's public record: their rating as the programme may see it, and how they answer requests.

The rules, in one place (matching scores and filters by them; the profile page shows them):
- A mentorship's rating is the mentee's latest check-in rating on it. A mentor's record is public once
  PUBLIC_MIN_RATINGS mentorships from PUBLIC_MIN_MENTEES distinct mentees are rated, so no single
  mentee's rating can be read from it. (Migration 0012's trigger keeps the counters on `profiles` and
  the sums over public records in `rating_totals`, with the same two numbers.)
- The programme's mean rating is the mean over public records only (so it shows nothing that is not
  public already); DEFAULT_PROGRAMME_MEAN until some record is public.
- A mentor's public rating is the Bayesian average of their ratings with RATING_PRIOR_WEIGHT imaginary
  ratings at the programme's mean: a few ratings move it only a little. Below the threshold it is the
  programme's mean itself: a new mentor is neither punished nor rewarded, and their first ratings do not
  leak through a match score or a `minRating` filter.
- Responsiveness is counted over the mentor's RESPONSIVENESS_WINDOW latest requests from mentees that
  were answered (accepted or declined, which can only happen before expiry) or expired (flipped or
  overdue); withdrawn, cancelled and live ones say nothing about the mentor. Without such requests it is
  None: a new mentor is not punished.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.db.engine import read_only

Db = async_sessionmaker[AsyncSession]

PUBLIC_MIN_RATINGS = 3
PUBLIC_MIN_MENTEES = 3
RATING_PRIOR_WEIGHT = 5
DEFAULT_PROGRAMME_MEAN = 3.5
RESPONSIVENESS_WINDOW = 20
# The rate counts one imaginary answered request, so one expiry does not sink a mentor to zero.
RESPONSE_PRIOR_ANSWERED = 1
# How much answering fast adds to answering at all (the rest of the score is the rate).
SPEED_SHARE = 0.2


def is_public(rating_count: int, rating_mentees: int) -> bool:
    return rating_count >= PUBLIC_MIN_RATINGS and rating_mentees >= PUBLIC_MIN_MENTEES


def programme_mean(public_count: int, public_sum: int) -> float:
    """The programme's mean rating from the sums over public records."""
    return public_sum / public_count if public_count > 0 else DEFAULT_PROGRAMME_MEAN


def public_rating(rating_count: int, rating_sum: int, rating_mentees: int, mean: float) -> float:
    """The mentor's rating (1-5) as matching counts it: see the module's rules."""
    if not is_public(rating_count, rating_mentees):
        return mean
    return (RATING_PRIOR_WEIGHT * mean + rating_sum) / (RATING_PRIOR_WEIGHT + rating_count)


def public_rating_sql(mean: str) -> str:
    """`public_rating` as SQL over the profile `p`, with the programme's mean as the expression `mean`."""
    return (
        f"(CASE WHEN p.rating_count >= {PUBLIC_MIN_RATINGS} AND p.rating_mentees >= {PUBLIC_MIN_MENTEES}"
        f" THEN ({RATING_PRIOR_WEIGHT} * {mean} + p.rating_sum) / ({RATING_PRIOR_WEIGHT} + p.rating_count)"
        f" ELSE {mean} END)"
    )


# The programme's mean rating, as a select-list item `programme_mean`.
PROGRAMME_SQL = f"""
    (SELECT CASE WHEN t.rating_count > 0 THEN t.rating_sum::float8 / t.rating_count
                 ELSE {DEFAULT_PROGRAMME_MEAN} END
     FROM rating_totals t WHERE t.id = 1) AS programme_mean
"""

# The responsiveness of the mentor `p`: a LATERAL join giving `counted`, `answered`, `median_seconds`.
RESPONSIVENESS_SQL = f"""
    LEFT JOIN LATERAL (
        SELECT count(*) AS counted,
               count(*) FILTER (WHERE recent.answered) AS answered,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY recent.seconds)
                   FILTER (WHERE recent.answered) AS median_seconds
        FROM (
            SELECT r.status IN ('ACCEPTED', 'DECLINED') AS answered,
                   extract(epoch FROM r.decided_at - r.created_at) AS seconds
            FROM mentorship_requests r
            WHERE r.recipient_id = p.user_id AND r.mentor_id = p.user_id
              AND (r.status IN ('ACCEPTED', 'DECLINED', 'EXPIRED')
                   OR (r.status = 'PENDING' AND r.expires_at <= now()))
            ORDER BY r.created_at DESC
            LIMIT {RESPONSIVENESS_WINDOW}
        ) AS recent
    ) AS responsiveness ON true
"""


@dataclass(frozen=True)
class Responsiveness:
    """How a mentor answered their latest requests from mentees."""

    counted: int = 0
    answered: int = 0
    median_seconds: float | None = None

    @property
    def rate(self) -> float | None:
        return self.answered / self.counted if self.counted else None

    def score(self, request_ttl_days: int) -> float | None:
        """0-1 for matching: mostly the share answered in time, a little how fast; None without history."""
        if not self.counted:
            return None
        rate = (self.answered + RESPONSE_PRIOR_ANSWERED) / (self.counted + RESPONSE_PRIOR_ANSWERED)
        speed = 0.0
        if self.median_seconds is not None:
            speed = 1 - min(1.0, self.median_seconds / (request_ttl_days * 86400))
        return rate * (1 - SPEED_SHARE + SPEED_SHARE * speed)

    @property
    def median_hours(self) -> float | None:
        return None if self.median_seconds is None else self.median_seconds / 3600

    @property
    def summary(self) -> str:
        if not self.counted:
            return "No requests to answer yet"
        if not self.answered:
            return f"Has not answered any of their last {self.counted} requests in time"
        when = _within(self.median_seconds or 0.0)
        if self.answered * 2 < self.counted:
            return f"Often lets requests expire; answers within {when} when they do"
        return f"Usually answers within {when}"


def _within(seconds: float) -> str:
    hours = seconds / 3600
    if hours <= 1:
        return "an hour"
    if hours < 24:
        n = math.ceil(hours)
        return f"{n} hours"
    days = math.ceil(hours / 24)
    return "a day" if days == 1 else f"{days} days"


@dataclass(frozen=True)
class MentorRecord:
    enough_ratings: bool
    # The public rating and the rated mentorships; None unless the record is public.
    rating: float | None
    rating_count: int | None
    responsiveness: Responsiveness


async def mentor_records(db: Db, *, user_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, MentorRecord]:
    """The public records of these users who mentor (others are left out)."""
    ids = list(set(user_ids))
    if not ids:
        return {}
    async with read_only(db) as session:
        rows = await session.execute(
            text(
                f"""
                WITH programme AS MATERIALIZED (SELECT {PROGRAMME_SQL})
                SELECT p.user_id, p.rating_count, p.rating_sum, p.rating_mentees,
                       programme.programme_mean, responsiveness.counted, responsiveness.answered,
                       responsiveness.median_seconds
                FROM profiles p
                CROSS JOIN programme
                {RESPONSIVENESS_SQL}
                WHERE p.user_id = ANY(CAST(:ids AS uuid[])) AND p.can_mentor
                """
            ),
            {"ids": ids},
        )
        records: dict[uuid.UUID, MentorRecord] = {}
        for row in rows:
            public = is_public(row.rating_count, row.rating_mentees)
            records[row.user_id] = MentorRecord(
                enough_ratings=public,
                rating=public_rating(row.rating_count, row.rating_sum, row.rating_mentees, row.programme_mean)
                if public
                else None,
                rating_count=row.rating_count if public else None,
                responsiveness=Responsiveness(
                    int(row.counted), int(row.answered), _float(row.median_seconds)
                ),
            )
    return records


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]
