"""The feedback loop: check-ins, their objective progress, logged sessions, reminders sent, re-match
offers, the check-in interval, and mentors' ratings kept by the database.

A mentor's `profiles.rating_count` / `rating_sum` / `rating_mentees` are recounted by
`recount_mentor_ratings` from their mentorships' latest check-in by the mentee, on every change to
`feedback` and on the deletion of a mentorship, under a lock on the mentor's profile row (so concurrent
check-ins cannot make them drift). The same function moves `rating_totals` by the change of the mentor's
public part: a record is public from 3 rated mentorships by 3 distinct mentees (feedback.records says
the same). The counters of existing profiles are recomputed, which clears any set by hand before.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# feedback.records.PUBLIC_MIN_RATINGS and PUBLIC_MIN_MENTEES as of this revision.
MIN_RATINGS = 3
MIN_MENTEES = 3

RECOUNT_MENTOR_RATINGS = f"""
CREATE FUNCTION recount_mentor_ratings(mentor uuid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    old_count integer; old_sum integer; old_mentees integer;
    new_count integer; new_sum integer; new_mentees integer;
    was_public boolean; is_public boolean;
BEGIN
    -- Lock first, count in a later statement: under READ COMMITTED that statement's snapshot
    -- includes whatever the previous holder of the lock committed, so the count is exact.
    SELECT rating_count, rating_sum, rating_mentees INTO old_count, old_sum, old_mentees
    FROM profiles WHERE user_id = mentor FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    SELECT count(*), COALESCE(sum(latest.rating), 0), count(DISTINCT latest.mentee_id)
    INTO new_count, new_sum, new_mentees
    FROM (
        SELECT DISTINCT ON (f.mentorship_id) m.mentee_id, f.rating
        FROM mentorships m JOIN feedback f ON f.mentorship_id = m.id AND f.author_id = m.mentee_id
        WHERE m.mentor_id = mentor
        ORDER BY f.mentorship_id, f.created_at DESC, f.id DESC
    ) AS latest;
    IF (new_count, new_sum, new_mentees) IS NOT DISTINCT FROM (old_count, old_sum, old_mentees) THEN
        RETURN;
    END IF;
    UPDATE profiles SET rating_count = new_count, rating_sum = new_sum, rating_mentees = new_mentees
    WHERE user_id = mentor;
    was_public := old_count >= {MIN_RATINGS} AND old_mentees >= {MIN_MENTEES};
    is_public := new_count >= {MIN_RATINGS} AND new_mentees >= {MIN_MENTEES};
    IF was_public OR is_public THEN
        UPDATE rating_totals SET
            rating_count = rating_count + (CASE WHEN is_public THEN new_count ELSE 0 END)
                                        - (CASE WHEN was_public THEN old_count ELSE 0 END),
            rating_sum = rating_sum + (CASE WHEN is_public THEN new_sum ELSE 0 END)
                                    - (CASE WHEN was_public THEN old_sum ELSE 0 END)
        WHERE id = 1;
    END IF;
END
$$
"""

FEEDBACK_TRIGGER = """
CREATE FUNCTION feedback_recount_mentor_ratings() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    mentor uuid;
BEGIN
    -- A check-in deleted with its mentorship finds none: the mentorship's own trigger recounts.
    SELECT mentor_id INTO mentor FROM mentorships
    WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.mentorship_id ELSE NEW.mentorship_id END;
    IF FOUND THEN
        PERFORM recount_mentor_ratings(mentor);
    END IF;
    RETURN NULL;
END
$$
"""

MENTORSHIP_TRIGGER = """
CREATE FUNCTION mentorships_recount_mentor_ratings() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM recount_mentor_ratings(OLD.mentor_id);
    RETURN NULL;
END
$$
"""

RECOUNT_ALL = """
WITH latest AS (
    SELECT DISTINCT ON (f.mentorship_id) m.mentor_id, m.mentee_id, f.rating
    FROM mentorships m JOIN feedback f ON f.mentorship_id = m.id AND f.author_id = m.mentee_id
    ORDER BY f.mentorship_id, f.created_at DESC, f.id DESC
), counted AS (
    SELECT p.user_id, count(l.rating) AS n, COALESCE(sum(l.rating), 0) AS total,
           count(DISTINCT l.mentee_id) AS mentees
    FROM profiles p LEFT JOIN latest l ON l.mentor_id = p.user_id
    GROUP BY p.user_id
)
UPDATE profiles AS p SET rating_count = c.n, rating_sum = c.total, rating_mentees = c.mentees
FROM counted c WHERE c.user_id = p.user_id
"""

RECOUNT_TOTALS = f"""
UPDATE rating_totals SET
    rating_count = (SELECT COALESCE(sum(rating_count), 0) FROM profiles
                    WHERE rating_count >= {MIN_RATINGS} AND rating_mentees >= {MIN_MENTEES}),
    rating_sum = (SELECT COALESCE(sum(rating_sum), 0) FROM profiles
                  WHERE rating_count >= {MIN_RATINGS} AND rating_mentees >= {MIN_MENTEES})
WHERE id = 1
"""


def upgrade() -> None:
    role = postgresql.ENUM("MENTOR", "MENTEE", name="mentorship_role", create_type=False)
    role.create(op.get_bind(), checkfirst=False)
    op.add_column(
        "matching_settings",
        sa.Column("check_in_interval_days", sa.SmallInteger(), server_default="14", nullable=False),
    )
    op.create_check_constraint(
        "check_in_interval_days_positive", "matching_settings", "check_in_interval_days >= 1"
    )
    op.add_column("mentorships", sa.Column("rematch_offered_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("profiles", sa.Column("rating_mentees", sa.Integer(), server_default="0", nullable=False))

    op.create_table(
        "feedback",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("mentorship_id", sa.UUID(), nullable=False),
        sa.Column("author_id", sa.UUID(), nullable=False),
        sa.Column("author_role", role, nullable=False),
        sa.Column("rating", sa.SmallInteger(), nullable=False),
        sa.Column("good_fit", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("final", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
        sa.CheckConstraint("char_length(comment) <= 2000", name="comment_length"),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["mentorship_id"], ["mentorships.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "uq_feedback_final_per_author",
        "feedback",
        ["mentorship_id", "author_id"],
        unique=True,
        postgresql_where=sa.text("final"),
    )
    op.create_index("ix_feedback_mentorship_author", "feedback", ["mentorship_id", "author_id", "created_at"])
    op.create_index("ix_feedback_author", "feedback", ["author_id"])
    op.create_index("ix_feedback_created_at", "feedback", ["created_at"])
    op.create_table(
        "feedback_progress",
        sa.Column("feedback_id", sa.UUID(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("objective", sa.String(length=300), nullable=False),
        sa.Column("progress", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        sa.ForeignKeyConstraint(["feedback_id"], ["feedback.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("feedback_id", "position"),
    )
    op.create_table(
        "mentorship_sessions",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("mentorship_id", sa.UUID(), nullable=False),
        sa.Column("logged_by", sa.UUID(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("minutes", sa.SmallInteger(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("minutes BETWEEN 5 AND 600", name="minutes_range"),
        sa.CheckConstraint("char_length(note) <= 1000", name="note_length"),
        sa.ForeignKeyConstraint(["logged_by"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["mentorship_id"], ["mentorships.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_mentorship_sessions_mentorship", "mentorship_sessions", ["mentorship_id", "held_on"])
    op.create_index("ix_mentorship_sessions_logged_by", "mentorship_sessions", ["logged_by"])
    op.create_index("ix_mentorship_sessions_held_on", "mentorship_sessions", ["held_on"])
    op.create_table(
        "check_in_reminders",
        sa.Column("mentorship_id", sa.UUID(), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("since_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["mentorship_id"], ["mentorships.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("mentorship_id", "user_id", "since_at"),
    )
    op.create_index("ix_check_in_reminders_user", "check_in_reminders", ["user_id"])
    op.create_table(
        "rating_totals",
        sa.Column("id", sa.SmallInteger(), nullable=False),
        sa.Column("rating_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("rating_sum", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint("id = 1", name="single_row"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute("INSERT INTO rating_totals (id) VALUES (1)")
    op.execute("ALTER TYPE notification_kind ADD VALUE IF NOT EXISTS 'REMATCH_OFFERED'")

    op.execute(RECOUNT_MENTOR_RATINGS)
    op.execute(FEEDBACK_TRIGGER)
    op.execute(MENTORSHIP_TRIGGER)
    op.execute(
        "CREATE TRIGGER recount_mentor_ratings AFTER INSERT OR DELETE OR UPDATE ON feedback"
        " FOR EACH ROW EXECUTE FUNCTION feedback_recount_mentor_ratings()"
    )
    op.execute(
        "CREATE TRIGGER recount_mentor_ratings AFTER DELETE ON mentorships"
        " FOR EACH ROW EXECUTE FUNCTION mentorships_recount_mentor_ratings()"
    )
    op.execute(RECOUNT_ALL)
    op.execute(RECOUNT_TOTALS)


def downgrade() -> None:
    op.execute("DROP TRIGGER recount_mentor_ratings ON mentorships")
    op.execute("DROP TRIGGER recount_mentor_ratings ON feedback")
    op.execute("DROP FUNCTION mentorships_recount_mentor_ratings()")
    op.execute("DROP FUNCTION feedback_recount_mentor_ratings()")
    op.execute("DROP FUNCTION recount_mentor_ratings(uuid)")
    # PostgreSQL cannot drop an enum value: REMATCH_OFFERED stays in notification_kind, unused.
    op.execute("DELETE FROM notifications WHERE kind = 'REMATCH_OFFERED'")
    op.drop_table("rating_totals")
    op.drop_index("ix_check_in_reminders_user", table_name="check_in_reminders")
    op.drop_table("check_in_reminders")
    op.drop_table("mentorship_sessions")
    op.drop_table("feedback_progress")
    op.drop_table("feedback")
    postgresql.ENUM(name="mentorship_role").drop(op.get_bind(), checkfirst=False)
    op.drop_column("profiles", "rating_mentees")
    op.drop_column("mentorships", "rematch_offered_at")
    op.drop_constraint("check_in_interval_days_positive", "matching_settings", type_="check")
    op.drop_column("matching_settings", "check_in_interval_days")
