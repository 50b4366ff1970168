"""The skill-gap map: topics of mentees' objectives and mentors' expertise, with demand, supply and gap.

A refresh is a job row (`skill_gap_jobs`) whose progress it writes as it goes; it reads the stored
vectors, clusters them off the event loop (`topics.find_topics` in a thread) and keeps the topics in
`skill_gap_topics`, so reading the map is one select. Only one refresh runs at a time (a partial unique
index). The personal view sets a mentee's skills against their mentors' levels, or against their best
matches from `matching.service.rank_mentors` when they have no mentor.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

import numpy as np
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.accounts.models import User
from mentormatch.db.vector import EMBEDDING_DIMENSIONS
from mentormatch.embeddings import Embedder
from mentormatch.errors import ErrorCode, ServiceError
from mentormatch.matching.service import ProfileFilter, rank_mentors
from mentormatch.skillgap.topics import find_topics

log = logging.getLogger(__name__)

Db = async_sessionmaker[AsyncSession]

# A RUNNING job whose progress has not moved for this long died with its process (a restart): the next
# refresh marks it FAILED instead of waiting for it forever.
STALE_AFTER = "15 minutes"
# Phrases of a topic that name it, objectives and mentors it shows as examples.
LABEL_PHRASES = 3
EXAMPLES = 5
# Best matches the personal view compares with when the mentee has no mentor.
BEST_MATCHES = 3

# Participants who count: not suspended, not erased, profile not hidden by a moderator.
_COUNTED = "u.suspended_at IS NULL AND u.erased_at IS NULL AND p.hidden_at IS NULL"
_ITEMS = f"""
SELECT i.kind::text AS kind, i.user_id, i.text, vector_send(i.embedding) AS embedding,
       CASE WHEN i.kind = 'OBJECTIVE'
            THEN NOT EXISTS (SELECT 1 FROM mentorships m
                             WHERE m.mentee_id = i.user_id AND m.status = 'ACTIVE')
            ELSE p.accepting_requests AND p.capacity > p.active_mentees END AS open,
       GREATEST(p.capacity - p.active_mentees, 0) AS free_places
FROM profile_items i JOIN profiles p ON p.user_id = i.user_id JOIN users u ON u.id = i.user_id
WHERE {_COUNTED}
  AND ((i.kind = 'OBJECTIVE' AND p.seeks_mentoring) OR (i.kind = 'EXPERTISE' AND p.can_mentor))
"""

# Refresh tasks of this process, by job id: kept so they are not garbage-collected while they run, with
# a thread-safe future each that ends with them (a caller on another event loop can wait on it).
_running: dict[uuid.UUID, tuple[asyncio.Task[None], concurrent.futures.Future[None]]] = {}


@dataclass(frozen=True)
class Job:
    id: uuid.UUID
    status: str
    stage: str
    progress: float
    started_at: datetime
    finished_at: datetime | None
    error: str | None
    mentees: int
    mentors: int


@dataclass(frozen=True)
class Topic:
    position: int
    label: str
    phrases: list[str]
    # Mentees wanting it who have no mentor yet (pending or unmatched).
    demand: int
    # Every mentee wanting it, matched or not.
    mentees_wanting: int
    # Mentors offering it who have a free place, and how many places they have between them.
    supply: int
    free_places: int
    # Mentees wanting it that the free places cannot take.
    gap: int
    example_objectives: list[str]
    example_mentor_ids: list[uuid.UUID]

    @property
    def unmet(self) -> bool:
        return self.gap > 0


@dataclass(frozen=True)
class GapMap:
    # The refresh whose topics these are (None: never refreshed).
    job: Job | None
    topics: list[Topic]
    # A refresh under way, if any.
    refreshing: Job | None


@dataclass(frozen=True)
class SkillLevels:
    key: str
    name: str
    mentee_level: int
    # Each compared mentor's level in it (None: they do not list it).
    mentor_levels: dict[uuid.UUID, int | None]


@dataclass(frozen=True)
class PersonalGap:
    mentee_id: uuid.UUID
    # True: the mentors are the mentee's own (active mentorships); false: their best matches.
    matched: bool
    mentor_ids: list[uuid.UUID]
    skills: list[SkillLevels] = field(default_factory=list)


def _job(row: object) -> Job:
    return Job(**{name: getattr(row, name) for name in Job.__dataclass_fields__})


_JOB_COLUMNS = "id, status, stage, progress, started_at, finished_at, error, mentees, mentors"


async def get_job(db: Db, job_id: uuid.UUID) -> Job | None:
    """One refresh job, with its progress."""
    async with db() as session:
        row = (
            await session.execute(
                text(f"SELECT {_JOB_COLUMNS} FROM skill_gap_jobs WHERE id = :id"), {"id": job_id}
            )
        ).one_or_none()
    return _job(row) if row else None


async def start_refresh(db: Db, *, requested_by: uuid.UUID | None) -> Job:
    """A new RUNNING job row; CONFLICT while another refresh runs."""
    try:
        async with db.begin() as session:
            await session.execute(
                text(
                    "UPDATE skill_gap_jobs SET status = 'FAILED', finished_at = now(),"
                    " error = 'Interrupted: the server stopped while it ran.'"
                    f" WHERE status = 'RUNNING' AND updated_at < now() - interval '{STALE_AFTER}'"
                )
            )
            row = (
                await session.execute(
                    text(
                        "INSERT INTO skill_gap_jobs (id, requested_by) VALUES (:id, :by)"
                        f" RETURNING {_JOB_COLUMNS}"
                    ),
                    {"id": uuid.uuid4(), "by": requested_by},
                )
            ).one()
    except IntegrityError as error:
        if "uq_skill_gap_jobs_one_running" in str(error.orig):
            raise ServiceError(
                ErrorCode.CONFLICT, "A refresh of the skill-gap map is already running."
            ) from None
        raise
    return _job(row)


def launch_refresh(db: Db, job_id: uuid.UUID) -> asyncio.Task[None]:
    """Run the job in the background of this process (its progress is in its row)."""
    task = asyncio.create_task(run_refresh(db, job_id))
    ended: concurrent.futures.Future[None] = concurrent.futures.Future()
    _running[job_id] = (task, ended)

    def done(_: asyncio.Task[None]) -> None:
        _running.pop(job_id, None)
        ended.set_result(None)

    task.add_done_callback(done)
    return task


async def wait_for_refresh(job_id: uuid.UUID) -> None:
    """Until this process's refresh task of the job has ended (at once if there is none)."""
    running = _running.get(job_id)
    if running is not None:
        await asyncio.wrap_future(running[1])


async def _set_progress(db: Db, job_id: uuid.UUID, progress: float, stage: str) -> None:
    # Progress only moves forward, and never on a job that has ended.
    async with db.begin() as session:
        await session.execute(
            text(
                "UPDATE skill_gap_jobs SET progress = :progress, stage = :stage, updated_at = now()"
                " WHERE id = :id AND status = 'RUNNING' AND progress <= :progress"
            ),
            {"id": job_id, "progress": round(min(max(progress, 0.0), 1.0), 4), "stage": stage[:100]},
        )


async def run_refresh(db: Db, job_id: uuid.UUID) -> None:
    """Compute the map for the job and keep it; a failure marks the job FAILED with its message."""
    try:
        await _refresh(db, job_id)
    except Exception as error:
        log.exception("Skill-gap refresh %s failed", job_id)
        async with db.begin() as session:
            await session.execute(
                text(
                    "UPDATE skill_gap_jobs SET status = 'FAILED', finished_at = now(), error = :error"
                    " WHERE id = :id AND status = 'RUNNING'"
                ),
                {"id": job_id, "error": str(error)[:1000] or type(error).__name__},
            )


@dataclass
class _Items:
    kinds: list[str]
    user_ids: list[uuid.UUID]
    texts: list[str]
    open: list[bool]
    free_places: list[int]
    vectors: np.ndarray


async def _load_items(db: Db) -> _Items:
    # The vectors come in pgvector's binary form (vector_send: two int16 headers, then big-endian
    # float4s), which numpy reads as it is: parsing 300,000 vectors from text would take a minute.
    async with db() as session:
        rows = (await session.execute(text(_ITEMS))).all()
    vectors = np.zeros((len(rows), EMBEDDING_DIMENSIONS), dtype=np.float32)
    for index, row in enumerate(rows):
        vectors[index] = np.frombuffer(row.embedding, dtype=">f4", offset=4)
    return _Items(
        kinds=[row.kind for row in rows],
        user_ids=[row.user_id for row in rows],
        texts=[row.text for row in rows],
        open=[bool(row.open) for row in rows],
        free_places=[row.free_places for row in rows],
        vectors=vectors,
    )


def _distinct(values: Sequence[str], limit: int) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        seen.setdefault(value, None)
        if len(seen) == limit:
            break
    return list(seen)


def _summarise(items: _Items, labels: np.ndarray, centrality: np.ndarray, count: int) -> list[Topic]:
    """Per topic: its most central phrases, demand, supply, gap and examples; biggest gap first."""
    # Most central first within each topic.
    order = np.lexsort((-centrality, labels))
    members: list[list[int]] = [[] for _ in range(count)]
    for index in order.tolist():
        members[labels[index]].append(index)
    topics: list[Topic] = []
    for indices in members:
        if not indices:
            continue
        objectives = [i for i in indices if items.kinds[i] == "OBJECTIVE"]
        expertise = [i for i in indices if items.kinds[i] == "EXPERTISE"]
        wanting = {items.user_ids[i] for i in objectives}
        waiting = {items.user_ids[i] for i in objectives if items.open[i]}
        free = {items.user_ids[i]: items.free_places[i] for i in expertise if items.open[i]}
        places = sum(free.values())
        mentors = list(
            dict.fromkeys(
                [items.user_ids[i] for i in expertise if items.open[i]]
                + [items.user_ids[i] for i in expertise]
            )
        )
        phrases = _distinct([items.texts[i] for i in indices], LABEL_PHRASES)
        topics.append(
            Topic(
                position=0,
                label=phrases[0],
                phrases=phrases,
                demand=len(waiting),
                mentees_wanting=len(wanting),
                supply=len(free),
                free_places=places,
                gap=max(0, len(waiting) - places),
                example_objectives=_distinct([items.texts[i] for i in objectives], EXAMPLES),
                example_mentor_ids=mentors[:EXAMPLES],
            )
        )
    topics.sort(key=lambda t: (-t.gap, -t.demand, -t.supply, t.label))
    return [replace(t, position=position) for position, t in enumerate(topics)]


async def _refresh(db: Db, job_id: uuid.UUID) -> None:
    await _set_progress(db, job_id, 0.02, "Reading objectives and expertise")
    items = await _load_items(db)
    await _set_progress(db, job_id, 0.2, f"Grouping {len(items.texts)} phrases into topics")
    loop = asyncio.get_running_loop()

    def report(share: float, stage: str) -> None:
        # Called from the worker thread: the row is written on the event loop, without waiting.
        asyncio.run_coroutine_threadsafe(_set_progress(db, job_id, 0.2 + 0.6 * share, stage), loop)

    found = await asyncio.to_thread(find_topics, items.vectors, report)
    topics = await asyncio.to_thread(_summarise, items, found.labels, found.centrality, found.count)
    await _set_progress(db, job_id, 0.9, f"Keeping {len(topics)} topics")
    mentees = len({u for u, k in zip(items.user_ids, items.kinds, strict=True) if k == "OBJECTIVE"})
    mentors = len({u for u, k in zip(items.user_ids, items.kinds, strict=True) if k == "EXPERTISE"})
    async with db.begin() as session:
        # Only the newest map is read: older topics go.
        await session.execute(text("DELETE FROM skill_gap_topics WHERE job_id <> :id"), {"id": job_id})
        if topics:
            await session.execute(
                text(
                    "INSERT INTO skill_gap_topics (job_id, position, label, phrases, demand, mentees_wanting,"
                    " supply, free_places, gap, example_objectives, example_mentor_ids) VALUES (:job_id,"
                    " :position, :label, :phrases, :demand, :mentees_wanting, :supply, :free_places, :gap,"
                    " :example_objectives, :example_mentor_ids)"
                ),
                [{"job_id": job_id, **t.__dict__} for t in topics],
            )
        await session.execute(
            text(
                "UPDATE skill_gap_jobs SET status = 'DONE', progress = 1, stage = 'Done',"
                " finished_at = now(), mentees = :mentees, mentors = :mentors WHERE id = :id"
            ),
            {"id": job_id, "mentees": mentees, "mentors": mentors},
        )


async def current_map(db: Db) -> GapMap:
    """The topics of the newest finished refresh, and the refresh under way if any."""
    async with db() as session:
        done = (
            await session.execute(
                text(
                    f"SELECT {_JOB_COLUMNS} FROM skill_gap_jobs WHERE status = 'DONE'"
                    " ORDER BY finished_at DESC LIMIT 1"
                )
            )
        ).one_or_none()
        running = (
            await session.execute(
                text(f"SELECT {_JOB_COLUMNS} FROM skill_gap_jobs WHERE status = 'RUNNING' LIMIT 1")
            )
        ).one_or_none()
        rows = (
            (
                await session.execute(
                    text(
                        "SELECT position, label, phrases, demand, mentees_wanting, supply, free_places, gap,"
                        " example_objectives, example_mentor_ids FROM skill_gap_topics"
                        " WHERE job_id = :id ORDER BY position"
                    ),
                    {"id": done.id},
                )
            ).all()
            if done
            else []
        )
    topics = [Topic(**row._asdict()) for row in rows]
    return GapMap(
        job=_job(done) if done else None, topics=topics, refreshing=_job(running) if running else None
    )


async def personal_gap(db: Db, embedder: Embedder, *, mentee_id: uuid.UUID) -> PersonalGap:
    """The mentee's skills against the levels of their mentors, or of their best matches if unmatched."""
    async with db() as session:
        mentor_ids = list(
            (
                await session.scalars(
                    text(
                        "SELECT mentor_id FROM mentorships WHERE mentee_id = :id AND status = 'ACTIVE'"
                        " ORDER BY started_at"
                    ),
                    {"id": mentee_id},
                )
            ).all()
        )
    matched = bool(mentor_ids)
    if not matched:
        page = await rank_mentors(
            db,
            embedder,
            viewer_id=mentee_id,
            query=None,
            mentor_filter=ProfileFilter(),
            first=BEST_MATCHES,
            after=None,
        )
        mentor_ids = [match.user_id for match in page.matches]
    async with db() as session:
        rows = (
            await session.execute(
                text(
                    "SELECT user_id, key, name, level, position FROM profile_skills"
                    " WHERE user_id = :mentee OR user_id = ANY(:mentors) ORDER BY position"
                ),
                {"mentee": mentee_id, "mentors": mentor_ids},
            )
        ).all()
    levels: dict[tuple[uuid.UUID, str], int] = {(row.user_id, row.key): row.level for row in rows}
    skills = [
        SkillLevels(
            key=row.key,
            name=row.name,
            mentee_level=row.level,
            mentor_levels={mentor: levels.get((mentor, row.key)) for mentor in mentor_ids},
        )
        for row in rows
        if row.user_id == mentee_id
    ]
    return PersonalGap(mentee_id=mentee_id, matched=matched, mentor_ids=mentor_ids, skills=skills)


async def users_by_id(db: Db, user_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, User]:
    """The users with these ids who still take part (not erased since the map was made), in one select."""
    if not user_ids:
        return {}
    async with db() as session:
        users = await session.scalars(
            select(User).where(User.id.in_(set(user_ids)), User.erased_at.is_(None))
        )
        return {user.id: user for user in users}
