"""Profiles: an optional contact note, shown only to the other participant of an active mentorship.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("profiles", sa.Column("contact_note", sa.String(length=500), nullable=True))


def downgrade() -> None:
    op.drop_column("profiles", "contact_note")
