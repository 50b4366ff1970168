"""Mentors suggested by email to mentees still without one: once, MENTORMATCH_MATCH_SUGGESTIONS_AFTER_DAYS
after they joined, their best current recommendations (the same ranking as `mentorMatches`)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.embeddings import Embedder
from mentormatch.mail import service as mail
from mentormatch.mail.models import EmailKind
from mentormatch.matching.service import MentorFilter, rank_mentors

Db = async_sessionmaker[AsyncSession]

# Mentors one email suggests, and mentees one run looks at (the rest wait for the next run).
SUGGESTED = 3
MENTEES_PER_RUN = 20


async def waiting_mentees(db: Db, *, waited: timedelta, limit: int = MENTEES_PER_RUN) -> list[uuid.UUID]:
    """Mentees who joined more than `waited` ago, want a mentor, have something to learn, have none
    active and were never sent suggestions."""
    async with db() as session:
        rows = await session.scalars(
            text(
                """
                SELECT u.id FROM users u JOIN profiles p ON p.user_id = u.id
                WHERE u.match_suggestions_sent_at IS NULL
                  AND u.created_at <= now() - CAST(:waited AS interval)
                  AND u.suspended_at IS NULL AND u.erased_at IS NULL AND p.hidden_at IS NULL
                  AND p.seeks_mentoring
                  AND EXISTS (SELECT 1 FROM profile_items i WHERE i.user_id = u.id AND i.kind = 'OBJECTIVE')
                  AND NOT EXISTS (
                      SELECT 1 FROM mentorships m WHERE m.mentee_id = u.id AND m.status = 'ACTIVE'
                  )
                ORDER BY u.created_at LIMIT :limit
                """
            ),
            {"waited": waited, "limit": limit},
        )
        return list(rows.all())


async def suggest_mentors(db: Db, embedder: Embedder, *, waited: timedelta) -> int:
    """Email each waiting mentee their best current mentors, once; returns how many were emailed. The
    ranking runs before anything is locked; the mentee is then claimed, so two processes email once."""
    emailed = 0
    for mentee_id in await waiting_mentees(db, waited=waited):
        page = await rank_mentors(
            db,
            embedder,
            viewer_id=mentee_id,
            query=None,
            mentor_filter=MentorFilter(),
            first=SUGGESTED,
            after=None,
        )
        async with db.begin() as session:
            claimed = await session.scalar(
                text(
                    "UPDATE users SET match_suggestions_sent_at = now() "
                    "WHERE id = :id AND match_suggestions_sent_at IS NULL RETURNING id"
                ),
                {"id": mentee_id},
            )
            if claimed is None or not page.matches:
                continue  # another process did it; or nobody to suggest: not asked again
            rows = await session.execute(
                text("SELECT user_id, headline FROM profiles WHERE user_id = ANY(:ids)"),
                {"ids": [match.user_id for match in page.matches]},
            )
            headlines = {row.user_id: row.headline for row in rows}
            mentors = [
                {
                    "name": page.users[match.user_id].display_name,
                    "headline": headlines.get(match.user_id),
                    "path": f"/mentors/{match.user_id}",
                }
                for match in page.matches
            ]
            emailed += await mail.enqueue(
                session,
                [
                    mail.Outgoing(
                        mentee_id, EmailKind.MATCH_SUGGESTIONS, {"mentors": mentors, "path": "/mentors"}
                    )
                ],
            )
    return emailed
