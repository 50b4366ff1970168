"""Withdrawn: the expertise HNSW rebuild with m 24 / ef_construction 128 (now a no-op).

This revision was released rebuilding `ix_profile_items_expertise_embedding` with m 24 /
ef_construction 128 and was then withdrawn: on the benchmark's clustered data those parameters did not
reliably raise recall and they slowed imports (see `db/vector.py`). The file was deleted at the time,
which left every database stamped 0006 unable to upgrade; it is restored as a no-op so that such a
database and one at 0005 follow the same chain. Revision 0007 puts the index back to
`EXPERTISE_HNSW` where (and only where) it differs, so a database at 0005 never rebuilds it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from collections.abc import Sequence

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
