"""Ranking mentors for a mentee: nearest neighbours in PostgreSQL, then an explainable blended score.

Candidates come from pgvector's HNSW index over expertise items, with every exclusion and filter inside
the same query (iterative index scans keep going past filtered-out rows, so a selective filter still fills
a page). Each candidate is then scored by `matching.scoring` and the ranking is paged with a keyset
cursor, so pages never repeat a mentor.

The candidate pool grows with the depth of the page: the nearest 50 items per objective for the first
pages, doubled as often as the page needs, until the pool holds every eligible mentor. Within a pool
the order is exact (every candidate's score is computed in full), but a deeper pool can bring in a
mentor whose score would have placed them on a page already served (their expertise is far from the
objectives, the rest of their score high). The keyset then leaves them out rather than repeat or
reorder what was shown: paging never repeats a mentor and never goes back up the ranking, and a mentor
can be passed over only by someone who paged past where their score puts them. A new search (no
`after`) ranks them where they belong.
"""

from __future__ import annotations

import base64
import json
import uuid
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.accounts.models import User
from mentormatch.db.engine import read_only
from mentormatch.db.keyset import page_size
from mentormatch.embeddings import Embedder
from mentormatch.errors import InvalidInput
from mentormatch.matching import scoring
from mentormatch.matching.models import Direction, MatchingSettings
from mentormatch.mentorships.service import (
    DEFAULT_MAX_MENTORS_PER_MENTEE,
    DEFAULT_MAX_PENDING_REQUESTS,
    DEFAULT_REQUEST_TTL_DAYS,
    RequestLimits,
    request_limits,
)
from mentormatch.profiles.timezones import timezones_with_offset
from mentormatch.profiles.validation import MAX_ITEM

Db = async_sessionmaker[AsyncSession]

# Nearest expertise items fetched per objective for the first pages; deeper pages double it.
CANDIDATES_PER_OBJECTIVE = 50
# In free-text search, how much the whole-profile vector counts next to the best expertise item.
PROFILE_SIMILARITY_SHARE = 0.2


@dataclass(frozen=True)
class MentorFilter:
    career_stages: tuple[str, ...] = ()
    department: str | None = None
    language: str | None = None
    min_utc_offset_minutes: int | None = None
    max_utc_offset_minutes: int | None = None
    min_rating: float | None = None


_DEFAULT_REQUEST_LIMITS = RequestLimits(
    DEFAULT_MAX_PENDING_REQUESTS, DEFAULT_MAX_MENTORS_PER_MENTEE, DEFAULT_REQUEST_TTL_DAYS
)


@dataclass(frozen=True)
class ProgrammeSettings:
    weights: dict[str, float]
    direction: Direction
    require_direction: bool
    request_limits: RequestLimits = _DEFAULT_REQUEST_LIMITS


# What an admin may set each request limit to (mentorships.service applies them).
REQUEST_LIMIT_RANGES = {
    "max_pending_requests": (1, 50),
    "max_mentors_per_mentee": (1, 10),
    "request_ttl_days": (1, 90),
}


class ObjectiveMatch(NamedTuple):
    """A mentee's objective (or the search text), the mentor's item nearest to it, and how near."""

    objective: str
    expertise: str
    similarity: float


@dataclass
class Match:
    mentor_id: uuid.UUID
    score: float
    components: dict[str, float | None]
    objective_matches: list[ObjectiveMatch]
    shared_skills: list[scoring.SkillComparison]
    personality_note: str | None
    direction_note: str | None

    @property
    def summary(self) -> str:
        covered = [m for m in self.objective_matches if m.similarity >= 0.3]
        if not self.objective_matches:
            return "Matches your search."
        best = max(self.objective_matches, key=lambda m: m.similarity)
        lead = f"Can teach “{best.expertise}” for “{best.objective}”"
        if len(self.objective_matches) > 1:
            lead += f"; relevant to {len(covered)} of your {len(self.objective_matches)} objectives"
        return lead + "."


@dataclass
class MatchPage:
    matches: list[Match]
    mentors: dict[uuid.UUID, User]
    # Mentors on the pages before this one.
    offset: int
    has_next: bool
    weights: dict[str, float] = field(default_factory=dict)
    # How many mentors the ranking reaches, when the pool already told (else `count_mentors` counts).
    total: int | None = 0
    # The eligibility conditions and their parameters, for `count_mentors`.
    eligibility: tuple[str, dict[str, Any]] = ("false", {})


@dataclass(frozen=True)
class _Mentee:
    user_id: uuid.UUID
    stage: str | None
    skills: dict[str, tuple[str, int]]
    big_five: dict[str, int] | None
    mbti: str | None
    # Their learning objectives by position (what recommendations match against).
    objectives: dict[int, str] = field(default_factory=dict)


def _settings_of(
    weights: Mapping[str, Any] | None, direction: str | None, require: bool | None
) -> ProgrammeSettings:
    """Settings from the stored row's values; the defaults where an admin never changed anything."""
    merged = {**scoring.DEFAULT_WEIGHTS, **{k: float(v) for k, v in (weights or {}).items()}}
    return ProgrammeSettings(merged, Direction(direction or Direction.ANY.value), bool(require))


async def programme_settings(session: AsyncSession) -> ProgrammeSettings:
    """The admin-tuned settings, or the defaults before an admin changed anything."""
    row = (
        await session.execute(
            select(
                MatchingSettings.weights, MatchingSettings.direction, MatchingSettings.require_direction
            ).where(MatchingSettings.id == 1)
        )
    ).one_or_none()
    limits = await request_limits(session)
    if row is None:
        return replace(_settings_of(None, None, None), request_limits=limits)
    return replace(
        _settings_of(row.weights, row.direction.value, row.require_direction), request_limits=limits
    )


def encode_cursor(offset: int, score: float, mentor_id: uuid.UUID) -> str:
    # The exact float (JSON round-trips it), so the keyset comparison never re-admits the last mentor.
    payload = json.dumps({"o": offset, "s": score, "i": str(mentor_id)}, separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode()


def decode_cursor(cursor: str) -> tuple[int, float, uuid.UUID]:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return int(data["o"]), float(data["s"]), uuid.UUID(data["i"])
    except (ValueError, KeyError, TypeError):
        raise InvalidInput([("after", "Not a cursor from this connection.")]) from None


def _eligibility(
    mentor_filter: MentorFilter, settings: ProgrammeSettings, mentee: _Mentee
) -> tuple[str, dict[str, Any]]:
    """SQL conditions (on `p` profiles and `u` users) a mentor must meet, with their parameters."""
    conditions = [
        "p.can_mentor",
        "p.accepting_requests",
        "p.hidden_at IS NULL",
        "u.suspended_at IS NULL",
        "p.active_mentees < p.capacity",
        "p.user_id <> :viewer",
    ]
    params: dict[str, Any] = {"viewer": mentee.user_id}
    if settings.require_direction and settings.direction is not Direction.ANY and mentee.stage:
        # Only when both stages are known: a mentor without a stage is not excluded.
        operator = "<" if settings.direction is Direction.REVERSE else ">"
        conditions.append(
            f"(p.career_stage IS NULL OR p.career_stage {operator} CAST(:mentee_stage AS career_stage))"
        )
        params["mentee_stage"] = mentee.stage
    if mentor_filter.career_stages:
        conditions.append("p.career_stage = ANY(CAST(:stages AS career_stage[]))")
        params["stages"] = list(mentor_filter.career_stages)
    if mentor_filter.department:
        conditions.append("lower(p.department) = lower(:department)")
        params["department"] = mentor_filter.department
    if mentor_filter.language:
        conditions.append("lower(:language) = ANY(SELECT lower(x) FROM unnest(p.languages) AS x)")
        params["language"] = mentor_filter.language
    low, high = mentor_filter.min_utc_offset_minutes, mentor_filter.max_utc_offset_minutes
    if low is not None or high is not None:
        # The zones in the range at this moment: a zone's offset moves with daylight saving, its name
        # does not, and a list of names is a plain comparison inside the nearest-neighbour scan.
        conditions.append("p.timezone = ANY(CAST(:zones AS text[]))")
        params["zones"] = timezones_with_offset(low, high)
    if mentor_filter.min_rating is not None:
        conditions.append(
            f"({scoring.RATING_PRIOR_WEIGHT} * {scoring.RATING_PRIOR_MEAN} + p.rating_sum)::float8"
            f" / ({scoring.RATING_PRIOR_WEIGHT} + p.rating_count) >= :min_rating"
        )
        params["min_rating"] = mentor_filter.min_rating
    return " AND ".join(conditions), params


def _nearest_expertise_sql(eligible: str, query_vector: str, *, exact: bool) -> str:
    """The :k nearest expertise items to one vector expression among eligible mentors: on the HNSW
    index, or `exact`ly by scanning them all."""
    # The function behind `<=>`: the same distance, but an index only serves the operator.
    distance = f"cosine_distance(i.embedding, {query_vector})" if exact else f"i.embedding <=> {query_vector}"
    return f"""
        SELECT i.user_id
        FROM profile_items i
        JOIN profiles p ON p.user_id = i.user_id
        JOIN users u ON u.id = i.user_id
        WHERE i.kind = 'EXPERTISE' AND {eligible}
        ORDER BY {distance}
        LIMIT :k
    """


def _pool_size(wanted: int) -> int:
    """Nearest items to fetch per objective to rank `wanted` mentors: 50, doubled until enough."""
    size = CANDIDATES_PER_OBJECTIVE
    while size < wanted:
        size *= 2
    return size


_SKILLS_JSON = """COALESCE((SELECT json_agg(json_build_array(s.key, s.name, s.level))
                             FROM profile_skills s WHERE s.user_id = p.user_id), '[]')"""


async def _load_context(session: AsyncSession, user_id: uuid.UUID) -> tuple[ProgrammeSettings, _Mentee]:
    """The programme settings and what scoring needs of the mentee, in one round trip."""
    row = (
        await session.execute(
            text(
                f"""
                SELECT ms.weights, ms.direction::text AS direction, ms.require_direction,
                       p.user_id IS NOT NULL AS has_profile, p.career_stage::text AS stage,
                       p.big_five, p.mbti, {_SKILLS_JSON} AS skills,
                       (SELECT array_agg(o.position ORDER BY o.position) FROM profile_items o
                        WHERE o.user_id = p.user_id AND o.kind = 'OBJECTIVE') AS objective_positions,
                       (SELECT array_agg(o.text ORDER BY o.position) FROM profile_items o
                        WHERE o.user_id = p.user_id AND o.kind = 'OBJECTIVE') AS objective_texts
                FROM (SELECT 1) AS one
                LEFT JOIN matching_settings ms ON ms.id = 1
                LEFT JOIN profiles p ON p.user_id = :user_id
                """
            ),
            {"user_id": user_id},
        )
    ).one()
    settings = _settings_of(row.weights, row.direction, row.require_direction)
    if not row.has_profile:
        return settings, _Mentee(user_id, None, {}, None, None)
    objectives = dict(zip(row.objective_positions or (), row.objective_texts or (), strict=True))
    return settings, _Mentee(user_id, row.stage, _skills(row.skills), row.big_five, row.mbti, objectives)


def _skills(rows: Any) -> dict[str, tuple[str, int]]:
    rows = json.loads(rows) if isinstance(rows, str) else rows
    return {key: (name, int(level)) for key, name, level in rows or ()}


async def rank_mentors(
    db: Db,
    embedder: Embedder,
    *,
    viewer_id: uuid.UUID,
    query: str | None,
    mentor_filter: MentorFilter,
    first: int,
    after: str | None,
    exact: bool = False,
) -> MatchPage:
    """One page of mentors for the viewer: by `query` if given, else by the viewer's own objectives.

    `exact` replaces the HNSW index by an exact scan (for measuring the index's recall).
    """
    first = page_size(first)
    cursor = decode_cursor(after) if after else None
    offset = max(0, cursor[0]) if cursor else 0
    query_vector = None
    if query is not None:
        query = " ".join(query.split())
        if not query:
            raise InvalidInput([("query", "Type what you want to learn.")])
        if len(query) > MAX_ITEM:
            raise InvalidInput([("query", f"Must be at most {MAX_ITEM} characters.")])
        query_vector = str((await embedder.encode_query(query)).tolist())

    async with read_only(db) as session:
        settings, mentee = await _load_context(session, viewer_id)
        if query is not None:
            objectives = {0: query}
        elif mentee.objectives:
            objectives = mentee.objectives
        else:
            return MatchPage([], {}, offset, False, settings.weights)
        eligible, params = _eligibility(mentor_filter, settings, mentee)
        if query_vector is not None:
            params["q"] = query_vector
        # One more than the page, to know whether another page follows.
        pool, exact_scan = _pool_size(offset + first + 1), exact
        while True:
            candidates_sql = _candidates_sql(
                eligible, query=query_vector is not None, mentee_skills=bool(mentee.skills), exact=exact_scan
            )
            rows = (await session.execute(text(candidates_sql), {**params, "k": pool})).all()
            # Every candidate is scored to rank them; only the page's mentors are explained.
            ranked = sorted(
                (_Scored(row, _components(row, objectives, mentee, settings), settings) for row in rows),
                key=_Scored.order,
            )
            start = 0
            if cursor is not None:
                _, last_score, last_id = cursor
                start = bisect_right([m.order() for m in ranked], (-last_score, last_id))
            # An objective with fewer than `pool` neighbours had all of its eligible items scanned, so
            # the pool holds every eligible mentor; the index alone cannot tell that apart from a scan
            # that gave up early (hnsw.max_scan_tuples), so a short index scan is repeated exactly.
            short = not rows or rows[0].short_list
            complete = short and exact_scan
            if complete or len(ranked) - start > first:
                break
            if short:
                exact_scan = True
            else:
                pool *= 2
        page = [_explain(m, objectives, mentee, settings) for m in ranked[start : start + first]]
        users = {
            user.id: user
            for user in await session.scalars(select(User).where(User.id.in_([m.mentor_id for m in page])))
        }
    return MatchPage(
        page,
        users,
        offset,
        len(ranked) - start > first,
        settings.weights,
        total=len(ranked) if complete else None,
        eligibility=(eligible, params),
    )


def _candidates_sql(eligible: str, *, query: bool, mentee_skills: bool, exact: bool) -> str:
    """One statement, one row per candidate mentor with what scoring needs of them.

    The nearest :k expertise items per objective only propose candidates; each candidate's similarities
    are then computed exactly (every objective against every expertise item of theirs), so an
    approximate neighbour list never lowers a mentor's score.
    """
    if query:
        objectives_sql = "SELECT 0 AS position, CAST(:q AS vector) AS embedding"
        profile_similarity = "1 - (p.embedding <=> CAST(:q AS vector))"
    else:
        objectives_sql = (
            "SELECT position, embedding FROM profile_items WHERE user_id = :viewer AND kind = 'OBJECTIVE'"
        )
        profile_similarity = "NULL"
    # Skills only matter against the mentee's own; without any, skip reading the mentors'.
    mentor_skills = _SKILLS_JSON if mentee_skills else "NULL"
    return f"""
        WITH objectives AS MATERIALIZED ({objectives_sql}),
        hits AS MATERIALIZED (
            SELECT o.position, h.user_id
            FROM objectives o
            CROSS JOIN LATERAL ({_nearest_expertise_sql(eligible, "o.embedding", exact=exact)}) h
        ),
        best AS (
            SELECT DISTINCT ON (i.user_id, o.position)
                   i.user_id, o.position, i.text, 1 - (i.embedding <=> o.embedding) AS similarity
            FROM (SELECT DISTINCT user_id FROM hits) c
            JOIN profile_items i ON i.user_id = c.user_id AND i.kind = 'EXPERTISE'
            CROSS JOIN objectives o
            ORDER BY i.user_id, o.position, i.embedding <=> o.embedding
        )
        SELECT p.user_id, p.career_stage::text AS stage, p.big_five, p.mbti, p.capacity,
               p.active_mentees, p.rating_count, p.rating_sum,
               array_agg(b.position ORDER BY b.position) AS positions,
               array_agg(b.text ORDER BY b.position) AS expertise,
               array_agg(b.similarity ORDER BY b.position) AS similarities,
               {mentor_skills} AS skills, {profile_similarity} AS profile_similarity,
               (SELECT count(*) FROM objectives) > (
                   SELECT count(*) FROM (SELECT FROM hits GROUP BY position HAVING count(*) >= :k) AS lists
               ) AS short_list
        FROM best b JOIN profiles p ON p.user_id = b.user_id
        GROUP BY p.user_id
    """


async def count_mentors(db: Db, page: MatchPage) -> int:
    """How many mentors the page's ranking reaches: the eligible ones with an expertise item."""
    if page.total is not None:
        return page.total
    eligible, params = page.eligibility
    async with read_only(db) as session:
        count = await session.scalar(
            text(
                f"""
                SELECT count(*) FROM profiles p JOIN users u ON u.id = p.user_id
                WHERE {eligible} AND EXISTS (
                    SELECT FROM profile_items i WHERE i.user_id = p.user_id AND i.kind = 'EXPERTISE'
                )
                """
            ),
            params,
        )
    return int(count or 0)


class _Scored:
    """A candidate's row and score components, before it is explained."""

    __slots__ = ("components", "row", "score")

    def __init__(self, row: Any, components: dict[str, float | None], settings: ProgrammeSettings) -> None:
        self.row = row
        self.components = components
        self.score = scoring.blend(components, settings.weights)

    def order(self) -> tuple[float, uuid.UUID]:
        """Best first; equal scores by mentor id, so the order (and the keyset cursor) is total."""
        return -self.score, self.row.user_id


def _components(
    row: Any, objectives: Mapping[int, str], mentee: _Mentee, settings: ProgrammeSettings
) -> dict[str, float | None]:
    # Objectives this mentor has no near item for count as 0: covering more objectives ranks higher.
    semantic = sum(
        max(0.0, similarity)
        for position, similarity in zip(row.positions, row.similarities, strict=True)
        if position in objectives
    ) / len(objectives)
    if row.profile_similarity is not None:
        semantic = (1 - PROFILE_SIMILARITY_SHARE) * semantic + PROFILE_SIMILARITY_SHARE * max(
            0.0, float(row.profile_similarity)
        )
    skills = None
    if mentee.skills:
        skills = scoring.skill_gap_score(
            len(mentee.skills), scoring.compare_skills(mentee.skills, _skills(row.skills))
        )
    personality, _ = scoring.personality_score(mentee.big_five, row.big_five, mentee.mbti, row.mbti)
    return {
        scoring.SEMANTIC: semantic,
        scoring.SKILLS: skills,
        scoring.PERSONALITY: personality,
        scoring.FEEDBACK: scoring.feedback_score(row.rating_count, row.rating_sum),
        scoring.AVAILABILITY: scoring.availability_score(row.capacity, row.active_mentees),
        scoring.CAREER_DIRECTION: scoring.direction_score(settings.direction, mentee.stage, row.stage),
    }


def _explain(
    scored: _Scored, objectives: Mapping[int, str], mentee: _Mentee, settings: ProgrammeSettings
) -> Match:
    row = scored.row
    matches = sorted(
        (
            ObjectiveMatch(objectives[position], expertise, float(similarity))
            for position, expertise, similarity in zip(
                row.positions, row.expertise, row.similarities, strict=True
            )
            # An objective added since the mentee's context was read is left for the next search.
            if position in objectives
        ),
        key=lambda m: -m.similarity,
    )
    _, personality_note = scoring.personality_score(mentee.big_five, row.big_five, mentee.mbti, row.mbti)
    return Match(
        mentor_id=row.user_id,
        score=scored.score,
        components=scored.components,
        objective_matches=matches,
        shared_skills=scoring.compare_skills(mentee.skills, _skills(row.skills)) if mentee.skills else [],
        personality_note=personality_note,
        direction_note=_direction_note(
            settings.direction, mentee.stage, row.stage, scored.components[scoring.CAREER_DIRECTION]
        ),
    )


def _direction_note(
    direction: Direction, mentee_stage: str | None, mentor_stage: str | None, fit: float | None
) -> str | None:
    if fit is None or mentee_stage is None or mentor_stage is None:
        return None
    stages = (
        f"{mentor_stage.replace('_', ' ').lower()} mentor, {mentee_stage.replace('_', ' ').lower()} mentee"
    )
    verdict = {1.0: "fits", 0.5: "same stage for", 0.0: "goes against"}[fit]
    return f"{stages}: {verdict} the programme's {direction.value.lower()} direction"


async def update_programme_settings(
    db: Db,
    *,
    admin_id: uuid.UUID,
    weights: Mapping[str, float] | None,
    direction: Direction | None,
    require_direction: bool | None,
    limits: Mapping[str, int] | None = None,
) -> ProgrammeSettings:
    """Change the programme's settings (admins only; the caller checks). `limits` maps names of
    REQUEST_LIMIT_RANGES (snake_case) to new values."""
    problems: list[tuple[str, str]] = []
    for name, value in (limits or {}).items():
        low, high = REQUEST_LIMIT_RANGES[name]
        if not low <= value <= high:
            field_name = "".join(w if i == 0 else w.title() for i, w in enumerate(name.split("_")))
            problems.append((field_name, f"Must be between {low} and {high}."))
    if weights is not None:
        problems += [
            (f"weights.{name}", "Must be between 0 and 1.")
            for name, value in weights.items()
            if not 0 <= value <= 1
        ]
        problems += [
            (f"weights.{name}", "Is not a score component.")
            for name in weights
            if name not in scoring.DEFAULT_WEIGHTS
        ]
    if problems:
        raise InvalidInput(problems)
    async with db.begin() as session:
        # The one row is created on first use; two admins saving at once then queue on its lock.
        await session.execute(
            insert(MatchingSettings)
            .values(id=1, weights=dict(scoring.DEFAULT_WEIGHTS))
            .on_conflict_do_nothing(index_elements=[MatchingSettings.id])
        )
        row = await session.get_one(MatchingSettings, 1, with_for_update=True, populate_existing=True)
        if weights is not None:
            merged = {**scoring.DEFAULT_WEIGHTS, **row.weights, **weights}
            if sum(merged.values()) <= 0:
                raise InvalidInput([("weights", "At least one weight must be above 0.")])
            row.weights = merged
        if direction is not None:
            row.direction = direction
        if require_direction is not None:
            row.require_direction = require_direction
        for name, value in (limits or {}).items():
            setattr(row, name, value)
        row.updated_by = admin_id
        row.updated_at = func.now()
        await session.flush()
        return await programme_settings(session)
