"""Analytics speed: `programAnalytics` on 100,000 participants and a year of programme history.

    .venv/bin/python -m bench.analytics_speed [--participants 100000] [--runs 5]

Always starts a throwaway embedded PostgreSQL (its data set must meet no other) and writes the data set
with set-based SQL (generate_series): participants (30% can mentor, 75% seek mentoring, 5% both; five
career stages), 1.5 requests per participant over the last 364 days in every status, the mentorships the
accepted ones became (ended after 10-120 days unless recent), three check-ins a mentorship (with
objective progress from the mentee) and two logged sessions. Then times the service
(`mentormatch.analytics.service.program_analytics`, every figure and every week, all in SQL) for the
default period (the last 12 weeks) and for a whole year, and prints the median and slowest run beside
the goal. Never fails on time.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from bench.database import benchmark_database
from mentormatch.analytics.service import program_analytics
from mentormatch.db.engine import create_engine, create_sessionmaker

GOAL_MS = 1000.0

SEED = [
    # Participants: user n (1..:n) has a deterministic id.
    """INSERT INTO users (id, email, display_name, created_at)
       SELECT md5('u' || n)::uuid, 'p' || n || '@bench.example', 'Participant ' || n,
              now() - make_interval(days => 400)
       FROM generate_series(1, :n) n""",
    """INSERT INTO profiles (user_id, can_mentor, seeks_mentoring, career_stage, capacity, created_at)
       SELECT md5('u' || n)::uuid, n <= :n * 3 / 10, n > :n / 4,
              (ARRAY['EARLY_CAREER', 'MID_CAREER', 'SENIOR', 'DIRECTOR', 'EXECUTIVE'])
                  [1 + n % 5]::career_stage,
              100, now() - make_interval(days => n % 400)
       FROM generate_series(1, :n) n""",
    # Requests: mentee from the seekers, mentor from the mentors, spread over a year.
    """INSERT INTO mentorship_requests (id, mentor_id, mentee_id, sender_id, recipient_id, message, status,
                                       created_at, decided_at, expires_at)
       SELECT md5('r' || i)::uuid, mentor, mentee,
              CASE WHEN i % 4 = 0 THEN mentor ELSE mentee END,
              CASE WHEN i % 4 = 0 THEN mentee ELSE mentor END,
              'Hi!', status::request_status, made,
              CASE WHEN status <> 'PENDING' THEN made + make_interval(hours => 1 + i % 150) END,
              CASE WHEN status = 'PENDING' THEN now() + make_interval(days => i % 14 - 7)
                   ELSE made + interval '14 days' END
       FROM (
           SELECT i, md5('u' || (1 + (i::bigint * 104729) % (:n * 3 / 10)))::uuid AS mentor,
                  md5('u' || (:n / 4 + 1 + (i::bigint * 7919) % (:n - :n / 4)))::uuid AS mentee,
                  (ARRAY['ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'DECLINED', 'DECLINED', 'EXPIRED',
                         'WITHDRAWN', 'CANCELLED', 'PENDING'])[1 + i % 10] AS status,
                  now() - make_interval(days => i % 364, hours => i % 24) AS made
           FROM generate_series(1, :n * 3 / 2) i
       ) r
       WHERE mentor <> mentee
       ON CONFLICT DO NOTHING""",
    # The accepted requests' mentorships: ended 10-120 days on, unless that is still to come.
    """INSERT INTO mentorships (id, request_id, mentor_id, mentee_id, status, started_at, ended_at, outcome)
       SELECT gen_random_uuid(), id, mentor_id, mentee_id,
              CASE WHEN ends < now() THEN 'ENDED' ELSE 'ACTIVE' END::mentorship_status, decided_at,
              CASE WHEN ends < now() THEN ends END,
              CASE WHEN ends < now() THEN (ARRAY['COMPLETED', 'COMPLETED', 'ENDED_EARLY', 'NOT_A_FIT'])
                   [1 + abs(hashtext(id::text)) % 4]::mentorship_outcome END
       FROM (SELECT r.*, r.decided_at + make_interval(days => 10 + abs(hashtext(r.id::text)) % 110) AS ends
             FROM mentorship_requests r WHERE r.status = 'ACCEPTED') accepted
       ON CONFLICT DO NOTHING""",
    """INSERT INTO feedback (id, mentorship_id, author_id, author_role, rating, good_fit, created_at)
       SELECT md5(m.id::text || k)::uuid, m.id,
              CASE WHEN k % 2 = 1 THEN m.mentee_id ELSE m.mentor_id END,
              CASE WHEN k % 2 = 1 THEN 'MENTEE' ELSE 'MENTOR' END::mentorship_role,
              1 + abs(hashtext(m.id::text || k)) % 5, abs(hashtext(m.id::text || k)) % 5 <> 0,
              m.started_at + make_interval(days => 14 * k)
       FROM mentorships m CROSS JOIN generate_series(1, 3) k
       WHERE m.started_at + make_interval(days => 14 * k) < COALESCE(m.ended_at, now())""",
    """INSERT INTO feedback_progress (feedback_id, position, objective, progress)
       SELECT f.id, 0, 'an objective', abs(hashtext(f.id::text)) % 101
       FROM feedback f WHERE f.author_role = 'MENTEE'""",
    """INSERT INTO mentorship_sessions (id, mentorship_id, logged_by, held_on, minutes)
       SELECT gen_random_uuid(), m.id, m.mentee_id, (m.started_at + make_interval(days => 10 * k))::date,
              30 + 15 * k
       FROM mentorships m CROSS JOIN generate_series(1, 2) k
       WHERE m.started_at + make_interval(days => 10 * k) < COALESCE(m.ended_at, now())""",
]
TABLES = [
    "users",
    "profiles",
    "mentorship_requests",
    "mentorships",
    "feedback",
    "feedback_progress",
    "mentorship_sessions",
]


async def measure(url: str, participants: int, runs: int) -> None:
    engine = create_engine(url)
    db = create_sessionmaker(engine)
    started = time.perf_counter()
    async with db.begin() as session:
        for statement in SEED:
            await session.execute(text(statement), {"n": participants})
    async with engine.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text("VACUUM ANALYZE"))
        counts = {
            table: (await connection.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one()
            for table in TABLES
        }
    print(
        f"data set written in {time.perf_counter() - started:.0f} s: "
        + ", ".join(f"{table} {count:,}" for table, count in counts.items())
    )

    today = datetime.now(UTC).date()
    periods = {"last 12 weeks (default)": (None, None), "last 52 weeks": (today - timedelta(weeks=52), today)}
    print(
        f"\n{'programAnalytics, ' + str(participants) + ' participants':<48} {'runs':>5} "
        f"{'median ms':>10} {'max ms':>8} {'goal ms':>8}"
    )
    for label, (start, end) in periods.items():
        await program_analytics(db, start=start, end=end)  # warm the caches once
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            await program_analytics(db, start=start, end=end)
            times.append((time.perf_counter() - began) * 1000)
        print(
            f"{label:<48} {runs:>5} {statistics.median(times):>10.1f} {max(times):>8.1f} "
            f"{'<' + format(GOAL_MS, '.0f'):>8}"
        )
    await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with benchmark_database(fresh=True) as url:
        asyncio.run(measure(url, args.participants, args.runs))


if __name__ == "__main__":
    main()
