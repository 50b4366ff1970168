"""The database keeps `profiles.active_mentees`; indexes for foreign keys; the expertise index as built.

1. A trigger on `mentorships` recounts the mentor's `active_mentees` on every insert, delete, status
   change and change of mentor, under a lock on the mentor's profile row, and refuses a mentorship that
   becomes ACTIVE beyond the mentor's `capacity` (check violation `mentor_capacity`). The counter of
   every existing profile is recomputed, so a counter that had drifted is right again.
2. Indexes on the foreign keys that had none (the `ON DELETE SET NULL` ones of notifications and
   `mentorships.ended_by`, and the mentor and mentee of requests): deleting a user no longer scans these
   tables. The mentee's full index replaces the partial one on PENDING requests, which it covers.
3. The expertise HNSW index is rebuilt with `EXPERTISE_HNSW` (m 16 / ef_construction 64) only where
   its build parameters differ: on databases that ran the withdrawn first version of 0006 (m 24 /
   ef_construction 128). Dropping it locks profile_items until the new one is built (about 1.5 minutes
   per 300,000 items on 2 cores): upgrade such a database in a maintenance window.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# `db/vector.py` EXPERTISE_HNSW as of this revision (a migration keeps the values it was written with).
EXPERTISE_INDEX = "ix_profile_items_expertise_embedding"
EXPERTISE_HNSW = {"m": 16, "ef_construction": 64}
# pgvector's HNSW defaults, which an index built without options has.
HNSW_DEFAULTS = {"m": 16, "ef_construction": 64}

COUNT_ACTIVE_MENTEES = """
CREATE FUNCTION mentorships_count_active_mentees() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    mentors uuid[];
    mentor uuid;
    places smallint;
    counted integer;
    activated boolean := false;
BEGIN
    IF TG_OP = 'INSERT' THEN
        mentors := ARRAY[NEW.mentor_id];
        activated := NEW.status = 'ACTIVE';
    ELSIF TG_OP = 'DELETE' THEN
        mentors := ARRAY[OLD.mentor_id];
    ELSE
        mentors := ARRAY[OLD.mentor_id, NEW.mentor_id];
        activated := NEW.status = 'ACTIVE'
            AND (OLD.status <> 'ACTIVE' OR OLD.mentor_id <> NEW.mentor_id);
    END IF;
    FOR mentor IN SELECT DISTINCT m FROM unnest(mentors) AS m ORDER BY m LOOP
        -- Lock first, count in a later statement: under READ COMMITTED that statement's snapshot
        -- includes whatever the previous holder of the lock committed, so the count is exact.
        SELECT capacity INTO places FROM profiles WHERE user_id = mentor FOR NO KEY UPDATE;
        CONTINUE WHEN NOT FOUND;
        SELECT count(*) INTO counted FROM mentorships WHERE mentor_id = mentor AND status = 'ACTIVE';
        IF activated AND mentor = NEW.mentor_id AND counted > places THEN
            RAISE EXCEPTION 'mentor % has no free place: % active mentorships, capacity %',
                mentor, counted, places
                USING ERRCODE = 'check_violation', CONSTRAINT = 'mentor_capacity', TABLE = 'mentorships';
        END IF;
        UPDATE profiles SET active_mentees = counted WHERE user_id = mentor AND active_mentees <> counted;
    END LOOP;
    RETURN NULL;
END
$$
"""

RECOUNT = """
UPDATE profiles AS p SET active_mentees = counted.n
FROM (
    SELECT profiles.user_id, count(m.id) AS n
    FROM profiles LEFT JOIN mentorships AS m ON m.mentor_id = profiles.user_id AND m.status = 'ACTIVE'
    GROUP BY profiles.user_id
) AS counted
WHERE counted.user_id = p.user_id AND p.active_mentees <> counted.n
"""

FOREIGN_KEY_INDEXES = [
    ("ix_mentorship_requests_mentor", "mentorship_requests", "mentor_id"),
    ("ix_mentorship_requests_mentee", "mentorship_requests", "mentee_id"),
    ("ix_mentorships_ended_by", "mentorships", "ended_by"),
    ("ix_notifications_actor", "notifications", "actor_id"),
    ("ix_notifications_request", "notifications", "request_id"),
    ("ix_notifications_mentorship", "notifications", "mentorship_id"),
]


def _expertise_index_options() -> dict[str, int] | None:
    """The build parameters of the expertise index as PostgreSQL has them; None if it is missing."""
    found = (
        op.get_bind()
        .execute(
            sa.text("SELECT reloptions FROM pg_class WHERE oid = to_regclass(:name)"),
            {"name": EXPERTISE_INDEX},
        )
        .one_or_none()
    )
    if found is None:
        return None
    options = dict(option.split("=", 1) for option in found.reloptions or [])
    return {key: int(options.get(key, default)) for key, default in HNSW_DEFAULTS.items()}


def upgrade() -> None:
    op.execute(COUNT_ACTIVE_MENTEES)
    # Created before the recount: from here on every change to mentorships keeps the counter, and the
    # trigger's lock on mentorships holds off writers until this transaction commits.
    op.execute(
        "CREATE TRIGGER count_active_mentees"
        " AFTER INSERT OR DELETE OR UPDATE OF status, mentor_id ON mentorships"
        " FOR EACH ROW EXECUTE FUNCTION mentorships_count_active_mentees()"
    )
    op.execute(RECOUNT)

    op.drop_index(
        "ix_mentorship_requests_pending_mentee",
        table_name="mentorship_requests",
        postgresql_where=sa.text("status = 'PENDING'"),
    )
    for name, table, column in FOREIGN_KEY_INDEXES:
        op.create_index(name, table, [column], unique=False)

    if _expertise_index_options() != EXPERTISE_HNSW:
        op.execute(f"DROP INDEX IF EXISTS {EXPERTISE_INDEX}")
        op.execute(
            f"CREATE INDEX {EXPERTISE_INDEX} ON profile_items USING hnsw (embedding vector_cosine_ops)"
            f" WITH (m = {EXPERTISE_HNSW['m']}, ef_construction = {EXPERTISE_HNSW['ef_construction']})"
            " WHERE kind = 'EXPERTISE'"
        )


def downgrade() -> None:
    # The expertise index stays as EXPERTISE_HNSW, which is what 0005 built too.
    for name, table, _column in reversed(FOREIGN_KEY_INDEXES):
        op.drop_index(name, table_name=table)
    op.create_index(
        "ix_mentorship_requests_pending_mentee",
        "mentorship_requests",
        ["mentee_id"],
        unique=False,
        postgresql_where=sa.text("status = 'PENDING'"),
    )
    op.execute("DROP TRIGGER count_active_mentees ON mentorships")
    op.execute("DROP FUNCTION mentorships_count_active_mentees()")
