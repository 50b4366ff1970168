"""Read your writes with a replica: `sessions.write_lsn`, the primary's WAL position after the session's
last write (db.routing).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("sessions", sa.Column("write_lsn", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    op.drop_column("sessions", "write_lsn")
