"""Cohort proposals: a draft assignment an admin reviews, and its pairs (published or skipped)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Float, ForeignKey, Index, Text, func
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from mentormatch.db.base import Base, new_id


class CohortProposal(Base):
    __tablename__ = "cohort_proposals"
    __table_args__ = (Index("ix_cohort_proposals_created_by", "created_by"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=new_id)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.clock_timestamp()
    )
    total_score: Mapped[float] = mapped_column(Float)
    # The mentees left without a mentor: [{"mentee_id": ..., "reason": ...}].
    unmatched: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)


class CohortPair(Base):
    __tablename__ = "cohort_pairs"
    __table_args__ = (
        Index("ix_cohort_pairs_proposal", "proposal_id"),
        Index("ix_cohort_pairs_mentee", "mentee_id"),
        Index("ix_cohort_pairs_mentor", "mentor_id"),
        Index("ix_cohort_pairs_request", "request_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=new_id)
    proposal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cohort_proposals.id", ondelete="CASCADE"))
    mentee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    mentor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    score: Mapped[float] = mapped_column(Float)
    explanation: Mapped[str] = mapped_column(Text)
    # Set when published: the request it became, or why it was skipped.
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    request_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("mentorship_requests.id", ondelete="SET NULL")
    )
    skipped_reason: Mapped[str | None] = mapped_column(Text)
