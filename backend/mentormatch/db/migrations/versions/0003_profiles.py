"""Profiles: profile, embedded expertise/objective items (HNSW, cosine) and skills.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from pgvector.sqlalchemy import Vector
from sqlalchemy.dialects import postgresql

from mentormatch.db.vector import EMBEDDING_DIMENSIONS

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "profiles",
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("can_mentor", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("seeks_mentoring", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("headline", sa.String(length=200), nullable=True),
        sa.Column("bio", sa.Text(), nullable=True),
        sa.Column(
            "career_stage",
            sa.Enum("EARLY_CAREER", "MID_CAREER", "SENIOR", "DIRECTOR", "EXECUTIVE", name="career_stage"),
            nullable=True,
        ),
        sa.Column("years_of_experience", sa.SmallInteger(), nullable=True),
        sa.Column("department", sa.String(length=100), nullable=True),
        sa.Column("location", sa.String(length=100), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("utc_offset_minutes", sa.SmallInteger(), nullable=True),
        sa.Column("languages", sa.ARRAY(sa.String(length=50)), server_default="{}", nullable=False),
        sa.Column("big_five", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("mbti", sa.String(length=4), nullable=True),
        sa.Column("capacity", sa.SmallInteger(), server_default="2", nullable=False),
        sa.Column("accepting_requests", sa.Boolean(), server_default="true", nullable=False),
        sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hidden_reason", sa.Text(), nullable=True),
        sa.Column("embedding", Vector(EMBEDDING_DIMENSIONS), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("capacity >= 0", name=op.f("ck_profiles_capacity_not_negative")),
        sa.CheckConstraint(
            "years_of_experience BETWEEN 0 AND 70", name=op.f("ck_profiles_years_of_experience_range")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_profiles_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_profiles")),
    )
    op.create_index(
        "ix_profiles_embedding",
        "profiles",
        ["embedding"],
        unique=False,
        postgresql_using="hnsw",
        postgresql_with={"m": 16, "ef_construction": 64},
        postgresql_ops={"embedding": "vector_cosine_ops"},
    )
    op.create_table(
        "profile_items",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column(
            "kind", sa.Enum("EXPERTISE", "OBJECTIVE", "SUMMARY", name="profile_item_kind"), nullable=False
        ),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("content_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("embedding", Vector(EMBEDDING_DIMENSIONS), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["profiles.user_id"],
            name=op.f("fk_profile_items_user_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile_items")),
        sa.UniqueConstraint(
            "user_id",
            "kind",
            "position",
            name=op.f("uq_profile_items_user_id_kind_position"),
            deferrable=True,
            initially="DEFERRED",
        ),
    )
    op.create_index("ix_profile_items_content_hash", "profile_items", ["content_hash"], unique=False)
    op.create_index(
        "ix_profile_items_expertise_embedding",
        "profile_items",
        ["embedding"],
        unique=False,
        postgresql_using="hnsw",
        postgresql_with={"m": 16, "ef_construction": 64},
        postgresql_ops={"embedding": "vector_cosine_ops"},
        postgresql_where="kind = 'EXPERTISE'",
    )
    op.create_index(
        "ix_profile_items_objective_embedding",
        "profile_items",
        ["embedding"],
        unique=False,
        postgresql_using="hnsw",
        postgresql_with={"m": 16, "ef_construction": 64},
        postgresql_ops={"embedding": "vector_cosine_ops"},
        postgresql_where="kind = 'OBJECTIVE'",
    )
    op.create_table(
        "profile_skills",
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint("level BETWEEN 1 AND 5", name=op.f("ck_profile_skills_level_range")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["profiles.user_id"],
            name=op.f("fk_profile_skills_user_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "key", name=op.f("pk_profile_skills")),
    )


def downgrade() -> None:
    op.drop_table("profile_skills")
    op.drop_index(
        "ix_profile_items_objective_embedding",
        table_name="profile_items",
        postgresql_using="hnsw",
        postgresql_with={"m": 16, "ef_construction": 64},
        postgresql_ops={"embedding": "vector_cosine_ops"},
        postgresql_where="kind = 'OBJECTIVE'",
    )
    op.drop_index(
        "ix_profile_items_expertise_embedding",
        table_name="profile_items",
        postgresql_using="hnsw",
        postgresql_with={"m": 16, "ef_construction": 64},
        postgresql_ops={"embedding": "vector_cosine_ops"},
        postgresql_where="kind = 'EXPERTISE'",
    )
    op.drop_index("ix_profile_items_content_hash", table_name="profile_items")
    op.drop_table("profile_items")
    op.drop_index("ix_profiles_embedding", table_name="profiles")
    op.drop_table("profiles")
    sa.Enum(name="profile_item_kind").drop(op.get_bind())
    sa.Enum(name="career_stage").drop(op.get_bind())
