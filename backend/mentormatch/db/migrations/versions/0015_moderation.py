"""Moderation: reports, removed check-ins, and the search of users.

- `reports`: what participants reported; one OPEN report per reporter and target (a partial unique
  index), the queue in order (OPEN first, oldest first).
- `feedback.removed_at / removed_by / removed_reason`: a check-in removed by a moderator is kept but no
  longer counted: `recount_mentor_ratings` (migration 0012) is recreated to skip it (its trigger already
  fires on UPDATE, so removing a check-in recounts the mentor).
- `users` search: `pg_trgm` and `unaccent`, an immutable wrapper `f_unaccent` (unaccent itself is only
  STABLE, as its dictionary could change, so it cannot be indexed directly) and a GIN trigram index on the
  folded name and email, so partial words match in any case and with or without accents.
- the notification kind REPORT_RESOLVED.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# feedback.records.PUBLIC_MIN_RATINGS and PUBLIC_MIN_MENTEES as of this revision.
MIN_RATINGS = 3
MIN_MENTEES = 3


def recount_mentor_ratings(removed_filter: str) -> str:
    """Migration 0012's function, with `removed_filter` added to the check-ins it counts."""
    return f"""
CREATE OR REPLACE FUNCTION recount_mentor_ratings(mentor uuid) RETURNS void
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
        WHERE m.mentor_id = mentor{removed_filter}
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


SEARCH_INDEX = (
    "CREATE INDEX ix_users_search ON users USING gin"
    " ((f_unaccent(lower((display_name::text || ' ') || email::text))) gin_trgm_ops)"
)


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    # Pinned to unaccent's own schema and dictionary, so the result cannot depend on a search_path:
    # what makes declaring it IMMUTABLE (and indexing it) safe.
    schema = op.get_bind().scalar(
        sa.text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
            " WHERE e.extname = 'unaccent'"
        )
    )
    op.execute(
        f"""
        CREATE FUNCTION f_unaccent(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT "{schema}".unaccent('"{schema}".unaccent'::regdictionary, $1) $$
        """
    )
    op.execute(SEARCH_INDEX)
    op.create_index("ix_users_created_at", "users", ["created_at", "id"])

    op.add_column("feedback", sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("feedback", sa.Column("removed_by", sa.UUID(), nullable=True))
    op.add_column("feedback", sa.Column("removed_reason", sa.Text(), nullable=True))
    op.create_foreign_key(
        "feedback_removed_by_fkey", "feedback", "users", ["removed_by"], ["id"], ondelete="SET NULL"
    )
    op.create_index("ix_feedback_removed_by", "feedback", ["removed_by"])
    op.execute(recount_mentor_ratings("\n          AND f.removed_at IS NULL"))

    target_type = postgresql.ENUM("USER", "PROFILE", "FEEDBACK", name="report_target_type", create_type=False)
    status = postgresql.ENUM("OPEN", "RESOLVED", name="report_status", create_type=False)
    action = postgresql.ENUM(
        "NONE", "HIDE_PROFILE", "SUSPEND_USER", "REMOVE_FEEDBACK", name="report_action", create_type=False
    )
    for enum in (target_type, status, action):
        enum.create(op.get_bind(), checkfirst=False)
    op.create_table(
        "reports",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("reporter_id", sa.UUID(), nullable=False),
        sa.Column("target_type", target_type, nullable=False),
        sa.Column("target_id", sa.UUID(), nullable=False),
        sa.Column("target_user_id", sa.UUID(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", status, server_default="OPEN", nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.UUID(), nullable=True),
        sa.Column("action", action, nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("char_length(reason) BETWEEN 1 AND 1000", name="reason_length"),
        sa.CheckConstraint(
            "(status = 'OPEN') = (resolved_at IS NULL AND action IS NULL)", name="resolved_with_action"
        ),
        sa.ForeignKeyConstraint(["reporter_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["target_user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["resolved_by"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "uq_reports_open_per_reporter",
        "reports",
        ["reporter_id", "target_type", "target_id"],
        unique=True,
        postgresql_where=sa.text("status = 'OPEN'"),
    )
    op.create_index("ix_reports_queue", "reports", ["status", "created_at", "id"])
    op.create_index("ix_reports_reporter", "reports", ["reporter_id", "created_at"])
    op.create_index("ix_reports_target_user", "reports", ["target_user_id"])
    op.create_index("ix_reports_resolved_by", "reports", ["resolved_by"])

    op.execute("ALTER TYPE notification_kind ADD VALUE IF NOT EXISTS 'REPORT_RESOLVED'")


def downgrade() -> None:
    # PostgreSQL cannot drop an enum value: REPORT_RESOLVED stays in notification_kind, unused.
    op.execute("DELETE FROM notifications WHERE kind = 'REPORT_RESOLVED'")
    op.drop_table("reports")
    for name in ("report_action", "report_status", "report_target_type"):
        postgresql.ENUM(name=name).drop(op.get_bind(), checkfirst=False)
    op.execute(recount_mentor_ratings(""))
    op.drop_index("ix_feedback_removed_by", table_name="feedback")
    op.drop_constraint("feedback_removed_by_fkey", "feedback", type_="foreignkey")
    op.drop_column("feedback", "removed_reason")
    op.drop_column("feedback", "removed_by")
    op.drop_column("feedback", "removed_at")
    op.drop_index("ix_users_created_at", table_name="users")
    op.execute("DROP INDEX ix_users_search")
    op.execute("DROP FUNCTION f_unaccent(text)")
    # The extensions stay: other objects may have come to use them.
