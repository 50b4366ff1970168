"""Profiles: drop the stored UTC offset; it is read from the time zone for the current moment.

The offset was derived once, when a profile was saved, so it drifted by an hour at each daylight-saving
change. Nothing reads it any more.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
# "0007" (the mentorships migrations) once those branches are merged; "0005" until then.
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_column("profiles", "utc_offset_minutes")


def downgrade() -> None:
    op.add_column("profiles", sa.Column("utc_offset_minutes", sa.SmallInteger(), nullable=True))
    # What the earlier code would have stored if every profile had been saved now.
    op.execute(
        "UPDATE profiles SET utc_offset_minutes ="
        " extract(epoch FROM (now() AT TIME ZONE timezone) - (now() AT TIME ZONE 'UTC')) / 60"
        " WHERE timezone IS NOT NULL"
    )
