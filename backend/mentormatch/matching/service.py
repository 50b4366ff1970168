"""Ranking mentors for a mentee: nearest neighbours in PostgreSQL, then an explainable blended score.

Candidates come from pgvector's HNSW index over expertise items, with every exclusion and filter inside
the same query (iterative index scans keep going past filtered-out rows, so a selective filter still fills
a page). Each candidate is then scored by `matching.scoring` and the ranking is paged with a keyset
cursor, so pages never repeat a mentor.

The ranking runs in bands, so that it reaches every eligible mentor: the first band is the mentors with
an expertise item among the 50 nearest to one of the objectives (more exactly: more similar to it than
the 50th nearest), ranked by their blended score; each further band doubles that depth and takes the
mentors it adds, again by score. A band is fixed by its similarity floors, one per objective, which its
cursors carry, so which band a mentor is in depends on their own items alone: a deeper fetch cannot move
a mentor onto a page already served, and pages never repeat one. Scores fall within a band; the first
mentor of the next band may score above the last of the band before (semantic nearness comes first).
"""

from __future__ import annotations

import base64
import json
import math
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

# Nearest expertise items fetched per objective for the first band; each further band doubles it.
CANDIDATES_PER_OBJECTIVE = 50
# A cursor asks for no more than this many items per objective.
MAX_BAND_DEPTH = CANDIDATES_PER_OBJECTIVE << 24
# Similarity floors of bands, in millionths (rounded up): a cursor carries them exactly.
_MICRO = 1_000_000
# The floor of the last band: below every cosine similarity, so it takes every mentor left.
_LAST_FLOOR = -2 * _MICRO
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
    # Where the ranking goes on after this match (`after`).
    cursor: str = ""

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


def _above(similarities: Mapping[int, float], floor: Mapping[int, int] | None) -> bool:
    """Whether some objective's best similarity is above its floor (an objective without one: no)."""
    if floor is None:
        return False
    return any(
        similarity * _MICRO > floor[position]
        for position, similarity in similarities.items()
        if position in floor
    )


@dataclass(frozen=True)
class _Band:
    """The mentors with a best similarity above `floor` to some objective (by objective position) who
    are not in the band above (`ceiling`); the `depth` nearest expertise items per objective hold them all.
    """

    depth: int
    floor: dict[int, int]
    ceiling: dict[int, int] | None = None

    @property
    def is_last(self) -> bool:
        return all(value == _LAST_FLOOR for value in self.floor.values())

    def holds(self, similarities: Mapping[int, float]) -> bool:
        return _above(similarities, self.floor) and not _above(similarities, self.ceiling)

    def below(self, pool: _Pool) -> _Band:
        """The band after this one, in a deeper pool."""
        return _Band(pool.depth, pool.floor(self.floor), self.floor)


@dataclass(frozen=True)
class _Pool:
    """The candidates of the `depth` nearest expertise items per objective."""

    depth: int
    rows: list[Any]
    # The least similarity among each objective's nearest items.
    lowest: dict[int, float]
    # A list came back short: the pool holds every eligible mentor.
    complete: bool

    def floor(self, above: Mapping[int, int] | None = None) -> dict[int, int]:
        """Floors only mentors in this pool can pass (so a band holds no one outside it), never above
        the floors of the band above (so bands never overlap)."""
        if self.complete:
            return dict.fromkeys(self.lowest, _LAST_FLOOR)
        return {
            position: min(math.ceil(similarity * _MICRO), (above or {}).get(position, _MICRO))
            for position, similarity in self.lowest.items()
        }


@dataclass(frozen=True)
class _Cursor:
    offset: int
    score: float
    mentor_id: uuid.UUID
    # None in cursors issued before bands: the ranking starts again from the first band.
    band: _Band | None


def _encode_cursor(offset: int, score: float, mentor_id: uuid.UUID, band: _Band) -> str:
    # The exact float (JSON round-trips it), so the keyset comparison never re-admits the last mentor.
    payload = {
        "o": offset,
        "s": score,
        "i": str(mentor_id),
        "k": band.depth,
        "f": sorted(band.floor.items()),
        "c": None if band.ceiling is None else sorted(band.ceiling.items()),
    }
    return base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode()


def _decode_cursor(cursor: str) -> _Cursor:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        band = None
        if "k" in data:
            depth = int(data["k"])
            if not CANDIDATES_PER_OBJECTIVE <= depth <= MAX_BAND_DEPTH:
                raise ValueError(depth)
            ceiling = data["c"]
            band = _Band(
                depth,
                {int(p): int(v) for p, v in data["f"]},
                None if ceiling is None else {int(p): int(v) for p, v in ceiling},
            )
        return _Cursor(max(0, int(data["o"])), float(data["s"]), uuid.UUID(data["i"]), band)
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
    """The :k nearest expertise items to one vector expression among eligible mentors, with their
    similarity: on the HNSW index, or `exact`ly by scanning them all."""
    # The function behind `<=>`: the same distance, but an index only serves the operator.
    distance = f"cosine_distance(i.embedding, {query_vector})" if exact else f"i.embedding <=> {query_vector}"
    return f"""
        SELECT i.user_id, 1 - ({distance}) AS similarity
        FROM profile_items i
        JOIN profiles p ON p.user_id = i.user_id
        JOIN users u ON u.id = i.user_id
        WHERE i.kind = 'EXPERTISE' AND {eligible}
        ORDER BY {distance}
        LIMIT :k
    """


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
    cursor = _decode_cursor(after) if after else None
    offset = cursor.offset if cursor else 0
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
        eligible, eligible_params = _eligibility(mentor_filter, settings, mentee)
        params = {**eligible_params, "q": query_vector} if query_vector is not None else eligible_params
        shape = {"query": query_vector is not None, "mentee_skills": bool(mentee.skills), "exact": exact}
        statements = _Statements(
            _candidates_sql(eligible, **shape), _candidates_sql(eligible, **shape, unreached=True)
        )
        # The cursor's band and those after it, as deep as the page needs.
        bands = [cursor.band] if cursor and cursor.band else []
        depth = bands[0].depth if bands else CANDIDATES_PER_OBJECTIVE
        while True:
            pool = await _fetch_pool(session, statements, params, depth, objectives)
            if not bands:
                bands.append(_Band(depth, pool.floor()))
            elif depth > bands[-1].depth or (pool.complete and not bands[-1].is_last):
                bands.append(bands[-1].below(pool))
            ranked = _rank(pool, bands, objectives, mentee, settings)
            start = 0
            if cursor is not None:
                start = bisect_right([m.order for m in ranked], (0, -cursor.score, cursor.mentor_id))
            if bands[-1].is_last or len(ranked) - start > first:
                break
            depth *= 2
        page = []
        for n, scored in enumerate(ranked[start : start + first]):
            match = _explain(scored, objectives, mentee, settings)
            match.cursor = _encode_cursor(offset + n + 1, scored.score, match.mentor_id, bands[scored.band])
            page.append(match)
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
        total=len(pool.rows) if pool.complete else None,
        eligibility=(eligible, eligible_params),
    )


async def _fetch_pool(
    session: AsyncSession,
    statements: _Statements,
    params: dict[str, Any],
    depth: int,
    objectives: Mapping[int, str],
) -> _Pool:
    """The candidates of the `depth` nearest items per objective; if a list came back short, with
    every other eligible mentor too."""
    rows = list((await session.execute(text(statements.nearest), {**params, "k": depth})).all())
    lowest: dict[int, float] = dict.fromkeys(objectives, -1.0)
    if rows:
        lists = rows[0]
        lowest = dict(zip(lists.list_positions, lists.list_lowest, strict=True))
        if not lists.short_list:
            return _Pool(depth, rows, lowest, complete=False)
    # A short list saw every eligible item its scan could reach; an index scan can give up before
    # (hnsw.max_scan_tuples), so the eligible mentors it left out are read too: the pool is complete.
    reached = [row.user_id for row in rows]
    rows += (await session.execute(text(statements.unreached), {**params, "reached": reached})).all()
    return _Pool(depth, rows, lowest, complete=True)


@dataclass(frozen=True)
class _Statements:
    nearest: str
    unreached: str


def _rank(
    pool: _Pool,
    bands: list[_Band],
    objectives: Mapping[int, str],
    mentee: _Mentee,
    settings: ProgrammeSettings,
) -> list[_Scored]:
    """The pool's mentors of these bands, in ranking order: by band, then best score first."""
    ranked = []
    for row in pool.rows:
        similarities = dict(zip(row.positions, row.similarities, strict=True))
        band = next((n for n, band in enumerate(bands) if band.holds(similarities)), None)
        if band is not None:
            ranked.append(_Scored(row, band, _components(row, objectives, mentee, settings), settings))
    return sorted(ranked, key=lambda m: m.order)


def _candidates_sql(
    eligible: str, *, query: bool, mentee_skills: bool, exact: bool, unreached: bool = False
) -> str:
    """One statement, one row per candidate mentor with what scoring needs of them: the mentors of
    the :k nearest expertise items per objective, with (on every row) how far each objective's list
    reached; or, `unreached`, the eligible mentors not among :reached.

    The nearest items only propose candidates; each candidate's similarities are then computed
    exactly (every objective against every expertise item of theirs), so an approximate neighbour
    list never lowers a mentor's score.
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
    if unreached:
        candidates = f"""
        candidates AS (
            SELECT p.user_id
            FROM profiles p JOIN users u ON u.id = p.user_id
            WHERE {eligible} AND p.user_id <> ALL(CAST(:reached AS uuid[]))
              AND EXISTS (SELECT FROM profile_items i WHERE i.user_id = p.user_id AND i.kind = 'EXPERTISE')
        )"""
        lists = "NULL AS short_list, NULL AS list_positions, NULL AS list_lowest"
    else:
        candidates = f"""
        hits AS MATERIALIZED (
            SELECT o.position, h.user_id, h.similarity
            FROM objectives o
            CROSS JOIN LATERAL ({_nearest_expertise_sql(eligible, "o.embedding", exact=exact)}) h
        ),
        lists AS MATERIALIZED (
            SELECT o.position, count(h.user_id) AS found, min(h.similarity) AS lowest
            FROM objectives o LEFT JOIN hits h ON h.position = o.position
            GROUP BY o.position
        ),
        candidates AS (SELECT DISTINCT user_id FROM hits)"""
        lists = """(SELECT bool_or(found < :k) FROM lists) AS short_list,
               (SELECT array_agg(position ORDER BY position) FROM lists) AS list_positions,
               (SELECT array_agg(lowest ORDER BY position) FROM lists) AS list_lowest"""
    return f"""
        WITH objectives AS MATERIALIZED ({objectives_sql}),
        {candidates},
        best AS (
            SELECT DISTINCT ON (i.user_id, o.position)
                   i.user_id, o.position, i.text, 1 - (i.embedding <=> o.embedding) AS similarity
            FROM candidates c
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
               {lists}
        FROM best b JOIN profiles p ON p.user_id = b.user_id
        GROUP BY p.user_id
    """


async def count_mentors(db: Db, page: MatchPage) -> int:
    """How many mentors the page's ranking is over: every eligible one with an expertise item."""
    if page.total is not None:
        return page.total
    eligible, params = page.eligibility
    async with read_only(db) as session:
        count = await session.scalar(
            text(
                f"""
                SELECT count(*)
                FROM profiles p
                JOIN users u ON u.id = p.user_id
                -- A join rather than EXISTS: it lets the planner hash the (index-only) list of mentors
                -- with expertise instead of probing the index once per profile, which took twice as long.
                JOIN (SELECT DISTINCT user_id FROM profile_items WHERE kind = 'EXPERTISE') e
                  ON e.user_id = p.user_id
                WHERE {eligible}
                """
            ),
            params,
        )
    return int(count or 0)


class _Scored:
    """A candidate's row, band and score components, before it is explained."""

    __slots__ = ("band", "components", "order", "row", "score")

    def __init__(
        self, row: Any, band: int, components: dict[str, float | None], settings: ProgrammeSettings
    ) -> None:
        self.row = row
        self.band = band
        self.components = components
        self.score = scoring.blend(components, settings.weights)
        # By band, then best first; equal scores by mentor id, so the order (and the cursor) is total.
        self.order = (band, -self.score, row.user_id)


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
