"""Tables of profiles: the profile, its embedded expertise and objective items, and its skills."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from pgvector.sqlalchemy import Vector
from sqlalchemy import (
    ARRAY,
    CheckConstraint,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentormatch.accounts.models import User
from mentormatch.db.base import Base, new_id
from mentormatch.db.vector import EMBEDDING_DIMENSIONS, EXPERTISE_HNSW


class CareerStage(enum.Enum):
    """Ordered from earliest to latest: PostgreSQL compares enum values in this order."""

    EARLY_CAREER = "EARLY_CAREER"
    MID_CAREER = "MID_CAREER"
    SENIOR = "SENIOR"
    DIRECTOR = "DIRECTOR"
    EXECUTIVE = "EXECUTIVE"


class ItemKind(enum.Enum):
    EXPERTISE = "EXPERTISE"
    OBJECTIVE = "OBJECTIVE"
    # The headline and the bio, embedded like the other items so the whole-profile vector can be
    # derived from item vectors without embedding the profile's text a second time.
    SUMMARY = "SUMMARY"


class Profile(Base):
    """A participant's profile. Its vector summarises every text in it."""

    __tablename__ = "profiles"
    __table_args__ = (
        CheckConstraint("capacity >= 0", name="capacity_not_negative"),
        CheckConstraint("active_mentees >= 0", name="active_mentees_not_negative"),
        CheckConstraint("years_of_experience BETWEEN 0 AND 70", name="years_of_experience_range"),
        Index(
            "ix_profiles_embedding",
            "embedding",
            postgresql_using="hnsw",
            postgresql_with={"m": 16, "ef_construction": 64},
            postgresql_ops={"embedding": "vector_cosine_ops"},
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    can_mentor: Mapped[bool] = mapped_column(default=False, server_default="false")
    seeks_mentoring: Mapped[bool] = mapped_column(default=False, server_default="false")
    headline: Mapped[str | None] = mapped_column(String(200))
    bio: Mapped[str | None] = mapped_column(Text)
    career_stage: Mapped[CareerStage | None] = mapped_column(Enum(CareerStage, name="career_stage"))
    years_of_experience: Mapped[int | None] = mapped_column(SmallInteger)
    department: Mapped[str | None] = mapped_column(String(100))
    location: Mapped[str | None] = mapped_column(String(100))
    # An IANA name; its offset from UTC is read for the current moment (profiles.timezones), never stored.
    timezone: Mapped[str | None] = mapped_column(String(64))
    languages: Mapped[list[str]] = mapped_column(ARRAY(String(50)), default=list, server_default="{}")
    big_five: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    mbti: Mapped[str | None] = mapped_column(String(4))
    # The service creates profiles with the programme's `default_capacity` (programme.service); this
    # column default only serves rows written without it.
    capacity: Mapped[int] = mapped_column(SmallInteger, default=2, server_default="2")
    accepting_requests: Mapped[bool] = mapped_column(default=True, server_default="true")
    # How to reach them (chat handle, best times): shown only to the other participant of an ACTIVE
    # mentorship with them (mentorships.service.sees_contact), never embedded.
    contact_note: Mapped[str | None] = mapped_column(String(500))
    # Kept here so matching filters and scores candidates without extra joins: `active_mentees` by a
    # trigger on mentorships (it always equals the ACTIVE ones), the ratings by a trigger on feedback
    # (migration 0012): the mentorships a mentee rated (their latest check-in's rating), the sum of
    # those ratings and how many distinct mentees gave them. See feedback.records for what is public.
    active_mentees: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    rating_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    rating_sum: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    rating_mentees: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    # The whole profile: the normalised mean of its item vectors (None without any text).
    embedding: Mapped[list[float] | None] = mapped_column(Vector(EMBEDDING_DIMENSIONS))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # When the participant last changed what they wrote (not when vectors were recomputed).
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    user: Mapped[User] = relationship(lazy="raise")
    items: Mapped[list[ProfileItem]] = relationship(
        order_by="ProfileItem.position", cascade="all, delete-orphan", lazy="raise"
    )
    skills: Mapped[list[ProfileSkill]] = relationship(
        order_by="ProfileSkill.position", cascade="all, delete-orphan", lazy="raise"
    )

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    def texts(self, kind: ItemKind) -> list[str]:
        return [item.text for item in self.items if item.kind is kind]


class ProfileItem(Base):
    """One embedded text: an expertise topic, a learning objective, or the headline or bio."""

    __tablename__ = "profile_items"
    __table_args__ = (
        # Identical texts share a vector: a new item whose text is already stored is not embedded again.
        Index("ix_profile_items_content_hash", "content_hash"),
        # Deferred, so items can swap positions within one transaction.
        UniqueConstraint("user_id", "kind", "position", deferrable=True, initially="DEFERRED"),
        # Partial HNSW indexes: a search over one kind uses the index of that kind only.
        Index(
            "ix_profile_items_expertise_embedding",
            "embedding",
            postgresql_using="hnsw",
            postgresql_with=EXPERTISE_HNSW,
            postgresql_ops={"embedding": "vector_cosine_ops"},
            postgresql_where="kind = 'EXPERTISE'",
        ),
        Index(
            "ix_profile_items_objective_embedding",
            "embedding",
            postgresql_using="hnsw",
            postgresql_with={"m": 16, "ef_construction": 64},
            postgresql_ops={"embedding": "vector_cosine_ops"},
            postgresql_where="kind = 'OBJECTIVE'",
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("profiles.user_id", ondelete="CASCADE"))
    kind: Mapped[ItemKind] = mapped_column(Enum(ItemKind, name="profile_item_kind"))
    position: Mapped[int] = mapped_column(SmallInteger)
    text: Mapped[str] = mapped_column(String(300))
    content_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    embedding: Mapped[list[float]] = mapped_column(Vector(EMBEDDING_DIMENSIONS))


class ProfileSkill(Base):
    """A skill and a level 1-5: a mentor's level in what they offer, a mentee's in what they want."""

    __tablename__ = "profile_skills"
    __table_args__ = (CheckConstraint("level BETWEEN 1 AND 5", name="level_range"),)

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("profiles.user_id", ondelete="CASCADE"), primary_key=True
    )
    # Lower-cased, whitespace-collapsed name: skills compare by it across profiles.
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(SmallInteger)
