"""Programme settings in one place: `matching_settings` becomes `programme_settings`, with the default
capacity of new mentor profiles and every value checked against the range the service allows.

Values saved outside today's ranges (possible only by direct SQL) are brought into range first.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As in programme.models.LIMITS when this revision was written (a migration never follows later edits).
RANGES = {
    "default_capacity": (1, 20),
    "max_mentors_per_mentee": (1, 10),
    "max_pending_requests": (1, 50),
    "request_ttl_days": (1, 90),
    "check_in_interval_days": (1, 90),
}
OLD_CHECKS = ("max_pending_requests", "max_mentors_per_mentee", "request_ttl_days", "check_in_interval_days")


def upgrade() -> None:
    for column in OLD_CHECKS:
        op.drop_constraint(
            op.f(f"ck_matching_settings_{column}_positive"), "matching_settings", type_="check"
        )
    op.rename_table("matching_settings", "programme_settings")
    op.execute(
        "ALTER TABLE programme_settings RENAME CONSTRAINT pk_matching_settings TO pk_programme_settings"
    )
    op.execute(
        "ALTER TABLE programme_settings RENAME CONSTRAINT ck_matching_settings_single_row"
        " TO ck_programme_settings_single_row"
    )
    op.execute(
        "ALTER TABLE programme_settings RENAME CONSTRAINT fk_matching_settings_updated_by_users"
        " TO fk_programme_settings_updated_by_users"
    )
    op.add_column(
        "programme_settings",
        sa.Column("default_capacity", sa.SmallInteger(), server_default="2", nullable=False),
    )
    for column, (low, high) in RANGES.items():
        op.execute(f"UPDATE programme_settings SET {column} = LEAST(GREATEST({column}, {low}), {high})")
        op.create_check_constraint(
            op.f(f"ck_programme_settings_{column}_in_range"),
            "programme_settings",
            f"{column} BETWEEN {low} AND {high}",
        )


def downgrade() -> None:
    for column in RANGES:
        op.drop_constraint(
            op.f(f"ck_programme_settings_{column}_in_range"), "programme_settings", type_="check"
        )
    op.drop_column("programme_settings", "default_capacity")
    op.execute(
        "ALTER TABLE programme_settings RENAME CONSTRAINT fk_programme_settings_updated_by_users"
        " TO fk_matching_settings_updated_by_users"
    )
    op.execute(
        "ALTER TABLE programme_settings RENAME CONSTRAINT ck_programme_settings_single_row"
        " TO ck_matching_settings_single_row"
    )
    op.execute(
        "ALTER TABLE programme_settings RENAME CONSTRAINT pk_programme_settings TO pk_matching_settings"
    )
    op.rename_table("programme_settings", "matching_settings")
    for column in OLD_CHECKS:
        op.create_check_constraint(
            op.f(f"ck_matching_settings_{column}_positive"), "matching_settings", f"{column} >= 1"
        )
