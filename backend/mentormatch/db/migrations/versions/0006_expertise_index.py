"""Rebuild the expertise HNSW index with m 24 / ef_construction 128 for matching's recall.

Measured at 100,000 mentors, the index built with m 16 / ef_construction 64 found only 75% of the true
50 nearest items at ef_search 100; see `db/vector.py`. Dropping the old index locks profile_items until
the new one is built (about 1.5 minutes per 300,000 items on 2 cores), so run it in a maintenance window
on a large database.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _rebuild(m: int, ef_construction: int) -> None:
    op.execute("DROP INDEX ix_profile_items_expertise_embedding")
    op.execute(
        "CREATE INDEX ix_profile_items_expertise_embedding ON profile_items USING hnsw"
        f" (embedding vector_cosine_ops) WITH (m = {m}, ef_construction = {ef_construction})"
        " WHERE kind = 'EXPERTISE'"
    )


def upgrade() -> None:
    _rebuild(24, 128)


def downgrade() -> None:
    _rebuild(16, 64)
