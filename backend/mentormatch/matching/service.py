"""Ranking the other side for a participant: nearest neighbours in PostgreSQL, then an explainable score.

One ranking serves both sides (`Side`): mentors for a mentee (`rank_mentors`, by the mentee's learning
objectives against mentors' expertise items) and mentees for a mentor (`rank_mentees`, by the mentor's
expertise items against mentees' objectives). The side decides only which items are searched and who is
eligible; the bands, cursors, exclusions and the score of a pair are the same code. A pair scores the
same from either side (without a query): the mentee's objectives, each against the mentor's nearest
expertise item, and the other components with the roles in place (the mentor's public rating,
responsiveness and free places, the mentee's skills against the mentor's; `feedback.records` has the
rules of the public record).

Candidates come from pgvector's HNSW index over the candidates' items (expertise or objectives), with
every exclusion and filter inside the same query (iterative index scans keep going past filtered-out
rows, so a selective filter still fills a page). Each candidate is then scored by `matching.scoring` and
the ranking is paged with a keyset cursor, so pages never repeat anyone.

The ranking runs in bands, so that it reaches every eligible candidate: the first band is the candidates
with an item among the 50 nearest to one of the viewer's search vectors (their objectives, their
expertise items, or the query; more exactly: more similar to it than the 50th nearest), ranked by their
blended score; each further band doubles that depth and takes the candidates it adds, again by score. A
band is fixed by its similarity floors, one per search vector, which its cursors carry, so which band a
candidate is in depends on their own items alone: a deeper fetch cannot move a candidate onto a page
already served, and pages never repeat one. Scores fall within a band; the first candidate of the next
band may score above the last of the band before (semantic nearness comes first).
"""

from __future__ import annotations

import asyncio
import base64
import enum
import gc
import json
import math
import uuid
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NamedTuple

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.accounts.models import User
from mentormatch.db.engine import read_only
from mentormatch.db.keyset import page_size
from mentormatch.embeddings import Embedder
from mentormatch.errors import InvalidInput, forbidden
from mentormatch.feedback import records
from mentormatch.matching import scoring, strength
from mentormatch.profiles.timezones import timezones_with_offset
from mentormatch.profiles.validation import MAX_ITEM
from mentormatch.programme import service as programme
from mentormatch.programme.models import LIMITS, Direction
from mentormatch.programme.service import ProgrammeSettings

Db = async_sessionmaker[AsyncSession]

# Nearest items fetched per search vector for the first band; each further band doubles it.
CANDIDATES_PER_OBJECTIVE = 50
# The index path reads this many times a list's length and keeps the nearest (see _nearest_items_sql);
# 4 measured no better recall than 1 at 30,000 mentors (README, Benchmarks) and a deeper scan, so 1.
RERANK_POOL_FACTOR = 1
# A cursor asks for no more than this many items per search vector.
MAX_BAND_DEPTH = CANDIDATES_PER_OBJECTIVE << 24
# Similarity floors of bands, in millionths (rounded up): a cursor carries them exactly.
_MICRO = 1_000_000
# The floor of the last band: below every cosine similarity, so it takes every candidate left.
_LAST_FLOOR = -2 * _MICRO
# In free-text search, how much the whole-profile vector counts next to the best item.
PROFILE_SIMILARITY_SHARE = 0.2


@dataclass(frozen=True)
class ProfileFilter:
    """What either search narrows by (the candidate's profile)."""

    career_stages: tuple[str, ...] = ()
    department: str | None = None
    language: str | None = None
    min_utc_offset_minutes: int | None = None
    max_utc_offset_minutes: int | None = None


@dataclass(frozen=True)
class MentorFilter(ProfileFilter):
    """Mentors can also be narrowed by their public rating (`feedback.records.public_rating`)."""

    min_rating: float | None = None


class Side(enum.Enum):
    """Whom a ranking finds for the viewer."""

    MENTORS = "MENTORS"  # the viewer is the mentee
    MENTEES = "MENTEES"  # the viewer is the mentor

    @property
    def candidate_kind(self) -> str:
        """The candidates' items the nearest-neighbour search runs over (each kind has its HNSW index)."""
        return "EXPERTISE" if self is Side.MENTORS else "OBJECTIVE"

    @property
    def viewer_kind(self) -> str:
        """The viewer's items it searches with, when there is no query."""
        return "OBJECTIVE" if self is Side.MENTORS else "EXPERTISE"

    @property
    def candidate_role(self) -> str:
        """The candidates' column in mentorships and requests; the viewer's is the other one."""
        return "mentor_id" if self is Side.MENTORS else "mentee_id"

    @property
    def viewer_role(self) -> str:
        return "mentee_id" if self is Side.MENTORS else "mentor_id"


@dataclass(frozen=True)
class RankingSettings:
    """What a ranking needs of the programme: its settings (programme.service) and its mean rating."""

    programme: ProgrammeSettings = programme.DEFAULTS
    # The mean rating over public records (`feedback.records.programme_mean`).
    programme_mean: float = records.DEFAULT_PROGRAMME_MEAN


class ObjectiveMatch(NamedTuple):
    """A mentee's objective, the mentor's expertise item nearest to it, and how near (with a query,
    the search text stands in for the searcher's side)."""

    objective: str
    expertise: str
    similarity: float

    @property
    def strength(self) -> strength.Strength:
        return strength.of_similarity(self.similarity)


class Coverage(NamedTuple):
    """One search vector's text (an objective, an expertise item or the query) and the similarity of the
    nearest eligible candidate's item to it (None: no eligible candidate)."""

    text: str
    best_similarity: float | None

    @property
    def best_strength(self) -> strength.Strength:
        if self.best_similarity is None:
            return strength.Strength.WEAK
        return strength.of_similarity(self.best_similarity)

    @property
    def covered(self) -> bool:
        return strength.at_least(self.best_strength, strength.COVERS_WELL)


@dataclass
class Match:
    # The candidate: a mentor in rank_mentors, a mentee in rank_mentees.
    user_id: uuid.UUID
    score: float
    components: dict[str, float | None]
    strength: strength.Strength
    # The evidence: pairs at least `strength.EVIDENCE` strong, strongest first.
    objective_matches: list[ObjectiveMatch]
    # The objectives the match is about that no pair is evidence for.
    uncovered_objectives: list[str]
    shared_skills: list[scoring.SkillComparison]
    personality_note: str | None
    direction_note: str | None
    summary: str
    # Where the ranking goes on after this match (`after`).
    cursor: str = ""


@dataclass
class MatchPage:
    matches: list[Match]
    users: dict[uuid.UUID, User]
    # Candidates on the pages before this one.
    offset: int
    has_next: bool
    weights: dict[str, float] = field(default_factory=dict)
    # How many candidates the ranking reaches, when the pool already told (else `count_matches` counts).
    total: int | None = 0
    # The eligibility conditions and their parameters, for `count_matches`.
    eligibility: tuple[str, dict[str, Any]] = ("false", {})
    side: Side = Side.MENTORS
    # Per search vector, how near the nearest eligible candidate comes.
    coverage: list[Coverage] = field(default_factory=list)

    @property
    def no_good_match(self) -> bool:
        """There was something to search for and no eligible candidate covers any of it well."""
        return bool(self.coverage) and not any(c.covered for c in self.coverage)


@dataclass(frozen=True)
class _Party:
    """What scoring needs of one participant of a pair."""

    stage: str | None = None
    skills: dict[str, tuple[str, int]] = field(default_factory=dict)
    big_five: dict[str, int] | None = None
    mbti: str | None = None
    capacity: int = 0
    active_mentees: int = 0
    rating_count: int = 0
    rating_sum: int = 0
    rating_mentees: int = 0
    responsiveness: records.Responsiveness = field(default_factory=records.Responsiveness)


@dataclass(frozen=True)
class _Viewer:
    user_id: uuid.UUID
    party: _Party
    can_mentor: bool = False
    # Their items of the side's `viewer_kind`, by position (what recommendations search with).
    items: dict[int, str] = field(default_factory=dict)
    # Candidates left out for them in these roles: paired already (an ACTIVE mentorship or a live PENDING
    # request), or a mentorship with them that ended as NOT_A_FIT.
    paired: tuple[uuid.UUID, ...] = ()
    max_mentors_per_mentee: int = LIMITS["max_mentors_per_mentee"].default


def _above(similarities: Mapping[int, float], floor: Mapping[int, int] | None) -> bool:
    """Whether some search vector's best similarity is above its floor (a vector without one: no)."""
    if floor is None:
        return False
    return any(
        similarity * _MICRO > floor[position]
        for position, similarity in similarities.items()
        if position in floor
    )


@dataclass(frozen=True)
class _Band:
    """The candidates with a best similarity above `floor` to some search vector (by its position)
    who are not in the band above (`ceiling`); the `depth` nearest items per vector hold them all.
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
    """The candidates of the `depth` nearest items per search vector."""

    depth: int
    rows: list[Any]
    # The least similarity among each search vector's nearest items.
    lowest: dict[int, float]
    # The greatest (a vector without eligible items has none).
    highest: dict[int, float]
    # A list came back short: the pool holds every eligible candidate.
    complete: bool

    def floor(self, above: Mapping[int, int] | None = None) -> dict[int, int]:
        """Floors only candidates in this pool can pass (so a band holds no one outside it), never above
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
    user_id: uuid.UUID
    # None in cursors issued before bands: the ranking starts again from the first band.
    band: _Band | None


def _encode_cursor(offset: int, score: float, user_id: uuid.UUID, band: _Band) -> str:
    # The exact float (JSON round-trips it), so the keyset comparison never re-admits the last candidate.
    payload = {
        "o": offset,
        "s": score,
        "i": str(user_id),
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


# Who may be proposed to, by side: what a request or invitation would otherwise be refused for.
_SIDE_CONDITIONS = {
    Side.MENTORS: ("p.can_mentor", "p.accepting_requests", "p.active_mentees < p.capacity"),
    Side.MENTEES: (
        "p.seeks_mentoring",
        "(SELECT count(*) FROM mentorships m WHERE m.mentee_id = p.user_id AND m.status = 'ACTIVE')"
        " < :max_mentors_per_mentee",
    ),
}


def _direction_operator(side: Side, settings: RankingSettings) -> str | None:
    """How a candidate's career stage must compare with the viewer's, if the programme requires a
    direction. Only when both stages are known: a candidate without a stage is not excluded. REVERSE
    puts the mentor earlier in their career than the mentee, TRADITIONAL later."""
    if not settings.programme.require_direction or settings.programme.direction is Direction.ANY:
        return None
    mentor_earlier = settings.programme.direction is Direction.REVERSE
    return "<" if mentor_earlier is (side is Side.MENTORS) else ">"


def _cohort_own_conditions(side: Side, settings: RankingSettings) -> list[str]:
    """The viewer's own conditions of `_eligibility`, for many viewers: on the columns `v.viewer_id`,
    `v.paired` (a uuid[]: ACTIVE, PENDING or NOT_A_FIT with them) and `v.viewer_stage` (a career_stage)."""
    conditions = ["p.user_id <> v.viewer_id", "p.user_id <> ALL(v.paired)"]
    if operator := _direction_operator(side, settings):
        conditions.append(
            f"(v.viewer_stage IS NULL OR p.career_stage IS NULL OR p.career_stage {operator} v.viewer_stage)"
        )
    return conditions


def _eligibility(
    side: Side,
    profile_filter: ProfileFilter,
    settings: RankingSettings,
    viewer: _Viewer | None,
    *,
    own: bool = True,
) -> tuple[str, dict[str, Any]]:
    """SQL conditions (on `p` profiles and `u` users) a candidate must meet, with their parameters.

    Without a `viewer` (a cohort's many viewers in one statement), the viewer's own conditions
    (`_cohort_own_conditions`) read the viewer from columns of `v` instead; `own=False` leaves them out.
    """
    conditions = [*_SIDE_CONDITIONS[side], "p.hidden_at IS NULL", "u.suspended_at IS NULL"]
    params: dict[str, Any] = {}
    if side is Side.MENTEES:
        params["max_mentors_per_mentee"] = (
            settings.programme.max_mentors_per_mentee if viewer is None else viewer.max_mentors_per_mentee
        )
    if viewer is None:
        if own:
            conditions += _cohort_own_conditions(side, settings)
    else:
        conditions.append("p.user_id <> :viewer")
        params["viewer"] = viewer.user_id
        if viewer.paired:
            # A request to them would be refused (CONFLICT): they already have one with the viewer.
            conditions.append("p.user_id <> ALL(CAST(:paired AS uuid[]))")
            params["paired"] = list(viewer.paired)
        operator = _direction_operator(side, settings)
        if operator and viewer.party.stage:
            conditions.append(
                f"(p.career_stage IS NULL OR p.career_stage {operator} CAST(:viewer_stage AS career_stage))"
            )
            params["viewer_stage"] = viewer.party.stage
    if profile_filter.career_stages:
        conditions.append("p.career_stage = ANY(CAST(:stages AS career_stage[]))")
        params["stages"] = list(profile_filter.career_stages)
    if profile_filter.department:
        conditions.append("lower(p.department) = lower(:department)")
        params["department"] = profile_filter.department
    if profile_filter.language:
        conditions.append("lower(:language) = ANY(SELECT lower(x) FROM unnest(p.languages) AS x)")
        params["language"] = profile_filter.language
    low, high = profile_filter.min_utc_offset_minutes, profile_filter.max_utc_offset_minutes
    if low is not None or high is not None:
        # The zones in the range at this moment: a zone's offset moves with daylight saving, its name
        # does not, and a list of names is a plain comparison inside the nearest-neighbour scan.
        conditions.append("p.timezone = ANY(CAST(:zones AS text[]))")
        params["zones"] = timezones_with_offset(low, high)
    if isinstance(profile_filter, MentorFilter) and profile_filter.min_rating is not None:
        conditions.append(f"{records.public_rating_sql('CAST(:programme_mean AS float8)')} >= :min_rating")
        params["min_rating"] = profile_filter.min_rating
        params["programme_mean"] = settings.programme_mean
    return " AND ".join(conditions), params


def _nearest_items_sql(kind: str, eligible: str, query_vector: str, *, exact: bool) -> str:
    """The :k nearest items of `kind` to one vector expression among eligible candidates, with their
    similarity: on that kind's partial HNSW index, or `exact`ly by scanning them all."""
    if exact:
        # The function behind `<=>`: the same distance, but an index only serves the operator.
        distance = f"cosine_distance(i.embedding, {query_vector})"
        return f"""
        SELECT i.user_id, 1 - ({distance}) AS similarity
        FROM profile_items i
        JOIN profiles p ON p.user_id = i.user_id
        JOIN users u ON u.id = i.user_id
        WHERE i.kind = '{kind}' AND {eligible}
        ORDER BY {distance}
        LIMIT :k
    """
    # A pool RERANK_POOL_FACTOR times larger than the list, from a relaxed-order iterative scan (it goes
    # on past the first candidate list instead of ending at ef_search), re-ordered exactly: in a dense
    # cluster of near-identical items the true nearest are often found late in the scan.
    return f"""
        SELECT pool.user_id, 1 - pool.distance AS similarity
        FROM (
            SELECT i.user_id, i.embedding <=> {query_vector} AS distance
            FROM profile_items i
            JOIN profiles p ON p.user_id = i.user_id
            JOIN users u ON u.id = i.user_id
            WHERE i.kind = '{kind}' AND {eligible}
            ORDER BY i.embedding <=> {query_vector}
            LIMIT :k * {RERANK_POOL_FACTOR}
        ) pool
        ORDER BY pool.distance
        LIMIT :k
    """


_SKILLS_JSON = """COALESCE((SELECT json_agg(json_build_array(s.key, s.name, s.level))
                             FROM profile_skills s WHERE s.user_id = p.user_id), '[]')"""


def _context_sql(side: Side, viewer: str, source: str) -> str:
    """What ranking needs of the viewer `viewer` (an SQL expression) and the programme, on one row per
    row of `source` (a FROM item)."""
    candidate, own = side.candidate_role, side.viewer_role
    return f"""
        SELECT {programme.columns_sql()},
               {records.PROGRAMME_SQL},
               p.user_id IS NOT NULL AS has_profile, p.can_mentor, p.career_stage::text AS stage,
               p.big_five, p.mbti, p.capacity, p.active_mentees, p.rating_count, p.rating_sum,
               p.rating_mentees, responsiveness.counted, responsiveness.answered,
               responsiveness.median_seconds,
               {_SKILLS_JSON} AS skills,
               (SELECT array_agg(o.position ORDER BY o.position) FROM profile_items o
                WHERE o.user_id = p.user_id AND o.kind = '{side.viewer_kind}') AS item_positions,
               (SELECT array_agg(o.text ORDER BY o.position) FROM profile_items o
                WHERE o.user_id = p.user_id AND o.kind = '{side.viewer_kind}') AS item_texts,
               ARRAY(SELECT m.{candidate} FROM mentorships m
                     WHERE m.{own} = {viewer} AND m.status = 'ACTIVE'
                     UNION
                     SELECT r.{candidate} FROM mentorship_requests r
                     WHERE r.{own} = {viewer} AND r.status = 'PENDING' AND r.expires_at > now()
                     UNION
                     SELECT m.{candidate} FROM mentorships m
                     WHERE m.{own} = {viewer} AND m.outcome = 'NOT_A_FIT'
               ) AS paired
        FROM {source}
        {programme.join_sql()}
        LEFT JOIN profiles p ON p.user_id = {viewer}
        {records.RESPONSIVENESS_SQL}
    """


def _viewer_of(row: Any, user_id: uuid.UUID, settings: RankingSettings) -> _Viewer:
    if not row.has_profile:
        return _Viewer(user_id, _Party())
    party = _candidate_party(row)
    items = dict(zip(row.item_positions or (), row.item_texts or (), strict=True))
    return _Viewer(
        user_id, party, row.can_mentor, items, tuple(row.paired), settings.programme.max_mentors_per_mentee
    )


async def _load_context(
    session: AsyncSession, side: Side, user_id: uuid.UUID
) -> tuple[RankingSettings, _Viewer]:
    """The programme settings and what ranking needs of the viewer, in one round trip."""
    statement = _context_sql(side, ":user_id", "(SELECT 1) AS one")
    row = (await session.execute(text(statement), {"user_id": user_id})).one()
    settings = RankingSettings(programme.of_row(row), float(row.programme_mean))
    return settings, _viewer_of(row, user_id, settings)


async def _load_contexts(
    session: AsyncSession, side: Side, user_ids: Sequence[uuid.UUID]
) -> tuple[RankingSettings, dict[uuid.UUID, _Viewer]]:
    """`_load_context` of many viewers in one round trip."""
    statement = _context_sql(
        side, "viewer.id", "unnest(CAST(:user_ids AS uuid[])) WITH ORDINALITY AS viewer(id, n)"
    )
    rows = (await session.execute(text(statement + " ORDER BY viewer.n"), {"user_ids": list(user_ids)})).all()
    if not rows:
        row = (await session.execute(text(_context_sql(side, "NULL", "(SELECT 1) AS one")))).one()
        return RankingSettings(programme.of_row(row), float(row.programme_mean)), {}
    settings = RankingSettings(programme.of_row(rows[0]), float(rows[0].programme_mean))
    return settings, {
        user_id: _viewer_of(row, user_id, settings) for user_id, row in zip(user_ids, rows, strict=True)
    }


def _skills(rows: Any) -> dict[str, tuple[str, int]]:
    rows = json.loads(rows) if isinstance(rows, str) else rows
    return {key: (name, int(level)) for key, name, level in rows or ()}


def _candidate_party(row: Any) -> _Party:
    """A participant of a pair from a row with their profile's columns (and their responsiveness)."""
    return _Party(
        row.stage,
        _skills(row.skills),
        row.big_five,
        row.mbti,
        row.capacity,
        row.active_mentees,
        row.rating_count,
        row.rating_sum,
        row.rating_mentees,
        records.Responsiveness(
            int(row.counted or 0),
            int(row.answered or 0),
            None if row.median_seconds is None else float(row.median_seconds),
        ),
    )


@dataclass(frozen=True)
class _Search:
    """One ranking request: the side, the viewer, what it searches with and how it is scored."""

    side: Side
    viewer: _Viewer
    settings: RankingSettings
    # The search vectors' texts by position: the viewer's items, or {0: query}.
    vectors: Mapping[int, str]
    query: bool

    @property
    def by_mentee_objectives(self) -> bool:
        """Whether the semantic fit runs over each of the candidate's objectives (a mentor looking for
        mentees without a query) rather than over the search vectors."""
        return self.side is Side.MENTEES and not self.query

    def pair(self, candidate: _Party) -> tuple[_Party, _Party]:
        """(mentor, mentee) of the viewer and this candidate."""
        if self.side is Side.MENTORS:
            return candidate, self.viewer.party
        return self.viewer.party, candidate


async def rank_mentors(
    db: Db,
    embedder: Embedder,
    *,
    viewer_id: uuid.UUID,
    query: str | None,
    mentor_filter: ProfileFilter,
    first: int,
    after: str | None,
    exact: bool = False,
) -> MatchPage:
    """One page of mentors for the viewer: by `query` if given, else by the viewer's own objectives.

    `exact` replaces the HNSW index by an exact scan (for measuring the index's recall).
    """
    return await _rank_page(
        db, embedder, Side.MENTORS, viewer_id, query, mentor_filter, first, after, exact=exact
    )


async def rank_mentees(
    db: Db,
    embedder: Embedder,
    *,
    viewer_id: uuid.UUID,
    query: str | None,
    mentee_filter: ProfileFilter,
    first: int,
    after: str | None,
    exact: bool = False,
) -> MatchPage:
    """One page of mentees for the viewer, a mentor (FORBIDDEN otherwise): by how near `query` is to
    one of their objectives if given, else by how well the viewer's expertise meets their objectives."""
    return await _rank_page(
        db, embedder, Side.MENTEES, viewer_id, query, mentee_filter, first, after, exact=exact
    )


async def _rank_page(
    db: Db,
    embedder: Embedder,
    side: Side,
    viewer_id: uuid.UUID,
    query: str | None,
    profile_filter: ProfileFilter,
    first: int,
    after: str | None,
    *,
    exact: bool,
) -> MatchPage:
    first = page_size(first)
    cursor = _decode_cursor(after) if after else None
    offset = cursor.offset if cursor else 0
    query_vector = None
    if query is not None:
        query = " ".join(query.split())
        if not query:
            what = "what you want to learn" if side is Side.MENTORS else "what a mentee wants to learn"
            raise InvalidInput([("query", f"Type {what}.")])
        if len(query) > MAX_ITEM:
            raise InvalidInput([("query", f"Must be at most {MAX_ITEM} characters.")])
        query_vector = str((await embedder.encode_query(query)).tolist())

    async with read_only(db) as session:
        settings, viewer = await _load_context(session, side, viewer_id)
        if side is Side.MENTEES and not viewer.can_mentor:
            raise forbidden("Only mentors look for mentees: turn on canMentor in your profile first.")
        if query is not None:
            vectors: Mapping[int, str] = {0: query}
        elif viewer.items:
            vectors = viewer.items
        else:
            return MatchPage([], {}, offset, False, settings.programme.weights, side=side)
        search = _Search(side, viewer, settings, vectors, query is not None)
        eligible, eligible_params = _eligibility(side, profile_filter, settings, viewer)
        params = {**eligible_params, "q": query_vector} if query_vector is not None else eligible_params
        candidates_sql = partial(
            _candidates_sql,
            eligible,
            side=side,
            query=query_vector is not None,
            # Skills only matter against the mentee's own: a mentee searching without any skips reading
            # the mentors'; a mentee's skills are always read (against none of the mentor's, they score 0).
            candidate_skills=side is Side.MENTEES or bool(viewer.party.skills),
            by_mentee_objectives=search.by_mentee_objectives,
            exact=exact,
        )
        statements = _Statements(
            candidates_sql(), candidates_sql(unreached=True), None if exact else candidates_sql(exact=True)
        )
        # The cursor's band and those after it, as deep as the page needs.
        bands = [cursor.band] if cursor and cursor.band else []
        depth = bands[0].depth if bands else CANDIDATES_PER_OBJECTIVE
        while True:
            pool = await _fetch_pool(session, statements, params, depth, vectors)
            if not bands:
                bands.append(_Band(depth, pool.floor()))
            elif depth > bands[-1].depth or (pool.complete and not bands[-1].is_last):
                bands.append(bands[-1].below(pool))
            ranked = _rank(pool, bands, search)
            start = 0
            if cursor is not None:
                start = bisect_right([m.order for m in ranked], (0, -cursor.score, cursor.user_id))
            if bands[-1].is_last or len(ranked) - start > first:
                break
            depth *= 2
        page = []
        for n, scored in enumerate(ranked[start : start + first]):
            match = _explain(scored, search)
            match.cursor = _encode_cursor(offset + n + 1, scored.score, match.user_id, bands[scored.band])
            page.append(match)
        users = {
            user.id: user
            for user in await session.scalars(select(User).where(User.id.in_([m.user_id for m in page])))
        }
    return MatchPage(
        page,
        users,
        offset,
        len(ranked) - start > first,
        settings.programme.weights,
        total=len(pool.rows) if pool.complete else None,
        eligibility=(eligible, eligible_params),
        side=side,
        coverage=[Coverage(text, pool.highest.get(position)) for position, text in sorted(vectors.items())],
    )


async def _fetch_pool(
    session: AsyncSession,
    statements: _Statements,
    params: dict[str, Any],
    depth: int,
    vectors: Mapping[int, str],
) -> _Pool:
    """The candidates of the `depth` nearest items per search vector; if a list came back short, with
    every other eligible candidate too."""
    rows = list((await session.execute(text(statements.nearest), {**params, "k": depth})).all())
    lowest, highest, short = _lists(rows, vectors)
    if short and statements.exact_nearest is not None:
        # An index scan comes back short when it gives up (hnsw.max_scan_tuples) or cannot leave a part
        # of the graph: many identical items (people who all "teach Excel" in the same words) link mostly
        # to each other. The same lists by an exact scan come back short only when there are no more
        # eligible items, and cost one pass over the items instead of scoring every eligible candidate.
        rows = list((await session.execute(text(statements.exact_nearest), {**params, "k": depth})).all())
        lowest, highest, short = _lists(rows, vectors)
    if not short:
        return _Pool(depth, rows, lowest, highest, complete=False)
    # A short list saw every eligible item: the eligible candidates without such items are read too, and
    # the pool is complete.
    reached = [row.user_id for row in rows]
    unreached = (await session.execute(text(statements.unreached), {**params, "reached": reached})).all()
    return _completed(depth, rows, unreached, lowest, highest)


def _lists(
    rows: Sequence[Any], vectors: Mapping[int, str]
) -> tuple[dict[int, float], dict[int, float], bool]:
    """From the rows of a nearest-items statement: the least and greatest similarity of each search
    vector's list, and whether one came back short (or none came back)."""
    if not rows:
        return dict.fromkeys(vectors, -1.0), {}, True
    lists = rows[0]
    lowest = dict(zip(lists.list_positions, lists.list_lowest, strict=True))
    highest = {
        position: value
        for position, value in zip(lists.list_positions, lists.list_highest, strict=True)
        if value is not None
    }
    return lowest, highest, bool(lists.short_list)


def _completed(
    depth: int,
    rows: Sequence[Any],
    unreached: Sequence[Any],
    lowest: dict[int, float],
    highest: dict[int, float],
) -> _Pool:
    """The complete pool: the reached candidates and every other eligible one."""
    for row in unreached:
        # Candidates the index scan never reached still count for coverage.
        for position, similarity in zip(row.positions, row.similarities, strict=True):
            highest[position] = max(highest.get(position, -1.0), similarity)
    return _Pool(depth, [*rows, *unreached], lowest, highest, complete=True)


@dataclass(frozen=True)
class _Statements:
    nearest: str
    unreached: str
    # The nearest statement by exact scan, for a list the index path returned short (None: `nearest`
    # is exact already).
    exact_nearest: str | None = None


def _rank(
    pool: _Pool,
    bands: list[_Band],
    search: _Search,
    party: Callable[[Any], _Party] | None = None,
) -> list[_Scored]:
    """The pool's candidates of these bands, in ranking order: by band, then best score first.
    `party` reads a candidate's row (default `_candidate_party`; a cohort passes its cache)."""
    ranked = []
    for row in pool.rows:
        similarities = dict(zip(row.positions, row.similarities, strict=True))
        band = next((n for n, band in enumerate(bands) if band.holds(similarities)), None)
        if band is not None:
            candidate = party(row) if party is not None else None
            ranked.append(_Scored(row, band, _components(row, search, candidate), search.settings))
    return sorted(ranked, key=lambda m: m.order)


def _candidates_sql(
    eligible: str,
    *,
    side: Side,
    query: bool,
    candidate_skills: bool,
    by_mentee_objectives: bool,
    exact: bool,
    unreached: bool = False,
) -> str:
    """One statement, one row per candidate with what scoring needs of them: the candidates of the :k
    nearest items (of the side's kind) per search vector, with (on every row) how far each vector's list
    reached; or, `unreached`, the eligible candidates not among :reached.

    The nearest items only propose candidates; each candidate's similarities are then computed
    exactly (every search vector against every item of theirs), so an approximate neighbour list never
    lowers a score. `positions`/`nearest`/`similarities` give, per search vector, the candidate's nearest
    item; `by_mentee_objectives` adds, per objective of the (mentee) candidate, the nearest search vector.
    """
    kind = side.candidate_kind
    if query:
        vectors_sql = "SELECT 0 AS position, CAST(:q AS vector) AS embedding"
        profile_similarity = "1 - (p.embedding <=> CAST(:q AS vector))"
    else:
        vectors_sql = (
            "SELECT position, embedding FROM profile_items"
            f" WHERE user_id = :viewer AND kind = '{side.viewer_kind}'"
        )
        profile_similarity = "NULL"
    skills = _SKILLS_JSON if candidate_skills else "NULL"
    if unreached:
        candidates = f"""
        candidates AS (
            SELECT p.user_id
            FROM profiles p JOIN users u ON u.id = p.user_id
            WHERE {eligible} AND p.user_id <> ALL(CAST(:reached AS uuid[]))
              AND EXISTS (SELECT FROM profile_items i WHERE i.user_id = p.user_id AND i.kind = '{kind}')
        )"""
        lists = "NULL AS short_list, NULL AS list_positions, NULL AS list_lowest, NULL AS list_highest"
    else:
        candidates = f"""
        hits AS MATERIALIZED (
            SELECT o.position, h.user_id, h.similarity
            FROM objectives o
            CROSS JOIN LATERAL ({_nearest_items_sql(kind, eligible, "o.embedding", exact=exact)}) h
        ),
        lists AS MATERIALIZED (
            SELECT o.position, count(h.user_id) AS found, min(h.similarity) AS lowest,
                   max(h.similarity) AS highest
            FROM objectives o LEFT JOIN hits h ON h.position = o.position
            GROUP BY o.position
        ),
        candidates AS (SELECT DISTINCT user_id FROM hits)"""
        lists = """(SELECT bool_or(found < :k) FROM lists) AS short_list,
               (SELECT array_agg(position ORDER BY position) FROM lists) AS list_positions,
               (SELECT array_agg(lowest ORDER BY position) FROM lists) AS list_lowest,
               (SELECT array_agg(highest ORDER BY position) FROM lists) AS list_highest"""
    if by_mentee_objectives:
        met = f""",
        met AS (
            SELECT user_id, array_agg(text ORDER BY item_position) AS met_objectives,
                   array_agg(position ORDER BY item_position) AS met_positions,
                   array_agg(similarity ORDER BY item_position) AS met_similarities
            FROM (
                SELECT DISTINCT ON (i.user_id, i.position)
                       i.user_id, i.position AS item_position, i.text, o.position,
                       1 - (i.embedding <=> o.embedding) AS similarity
                FROM candidates c
                JOIN profile_items i ON i.user_id = c.user_id AND i.kind = '{kind}'
                CROSS JOIN objectives o
                ORDER BY i.user_id, i.position, i.embedding <=> o.embedding
            ) nearest_vector
            GROUP BY user_id
        )"""
        met_columns = "m.met_objectives, m.met_positions, m.met_similarities"
        met_join = "JOIN met m ON m.user_id = b.user_id"
    else:
        met = ""
        met_columns = "NULL AS met_objectives, NULL AS met_positions, NULL AS met_similarities"
        met_join = ""
    # A candidate mentor's responsiveness scores; a mentee's is no one's business.
    if side is Side.MENTORS:
        responsiveness_columns = (
            "responsiveness.counted, responsiveness.answered, responsiveness.median_seconds"
        )
        responsiveness_join = records.RESPONSIVENESS_SQL
    else:
        responsiveness_columns = "NULL AS counted, NULL AS answered, NULL AS median_seconds"
        responsiveness_join = ""
    # `objectives` are the search vectors (the name is the mentor side's, where they are objectives).
    return f"""
        WITH objectives AS MATERIALIZED ({vectors_sql}),
        {candidates},
        best AS (
            SELECT user_id, array_agg(position ORDER BY position) AS positions,
                   array_agg(text ORDER BY position) AS nearest,
                   array_agg(similarity ORDER BY position) AS similarities
            FROM (
                SELECT DISTINCT ON (i.user_id, o.position)
                       i.user_id, o.position, i.text, 1 - (i.embedding <=> o.embedding) AS similarity
                FROM candidates c
                JOIN profile_items i ON i.user_id = c.user_id AND i.kind = '{kind}'
                CROSS JOIN objectives o
                ORDER BY i.user_id, o.position, i.embedding <=> o.embedding
            ) nearest_item
            GROUP BY user_id
        ){met}
        SELECT p.user_id, p.career_stage::text AS stage, p.big_five, p.mbti, p.capacity,
               p.active_mentees, p.rating_count, p.rating_sum, p.rating_mentees,
               {responsiveness_columns},
               b.positions, b.nearest, b.similarities, {met_columns},
               {skills} AS skills, {profile_similarity} AS profile_similarity,
               {lists}
        FROM best b JOIN profiles p ON p.user_id = b.user_id {met_join}
        {responsiveness_join}
    """


async def count_matches(db: Db, page: MatchPage) -> int:
    """How many candidates the page's ranking is over: every eligible one with an item of its kind."""
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
                -- A join rather than EXISTS: it lets the planner hash the (index-only) list of candidates
                -- with such items instead of probing the index once per profile, which took twice as long.
                JOIN (SELECT DISTINCT user_id FROM profile_items WHERE kind = '{page.side.candidate_kind}') e
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
        self, row: Any, band: int, components: dict[str, float | None], settings: RankingSettings
    ) -> None:
        self.row = row
        self.band = band
        self.components = components
        self.score = scoring.blend(components, settings.programme.weights)
        # By band, then best first; equal scores by candidate id, so the order (and the cursor) is total.
        self.order = (band, -self.score, row.user_id)


def _objective_matches(row: Any, search: _Search) -> tuple[list[ObjectiveMatch], int]:
    """The pairs the semantic fit is made of, and how many it is the mean over.

    Mentees' objectives are what a match is about: each of them against the mentor's nearest
    expertise item, whichever side searches; with a query, the query against the candidate's nearest
    item instead.
    """
    if search.by_mentee_objectives:
        pairs = [
            ObjectiveMatch(objective, search.vectors[position], float(similarity))
            for objective, position, similarity in zip(
                row.met_objectives, row.met_positions, row.met_similarities, strict=True
            )
            # A search vector changed since the viewer's context was read is left for the next search.
            if position in search.vectors
        ]
        return pairs, len(row.met_objectives)
    pairs = []
    for position, nearest, similarity in zip(row.positions, row.nearest, row.similarities, strict=True):
        if position in search.vectors:
            searched = search.vectors[position]
            if search.side is Side.MENTORS:
                pairs.append(ObjectiveMatch(searched, nearest, float(similarity)))
            else:
                pairs.append(ObjectiveMatch(nearest, searched, float(similarity)))
    return pairs, len(search.vectors)


def _components(row: Any, search: _Search, candidate: _Party | None = None) -> dict[str, float | None]:
    pairs, count = _objective_matches(row, search)
    # The mean chance, over the objectives, that the mentor teaches it (see `strength`): objectives
    # without a near item count 0, so covering more of them ranks higher, and a generic item that is
    # loosely near every objective does not add up to one that truly fits one.
    semantic = sum(strength.probability(pair.similarity) for pair in pairs) / count
    if row.profile_similarity is not None:
        semantic = (
            1 - PROFILE_SIMILARITY_SHARE
        ) * semantic + PROFILE_SIMILARITY_SHARE * strength.probability(float(row.profile_similarity))
    mentor, mentee = search.pair(candidate or _candidate_party(row))
    return _pair_components(semantic, mentor, mentee, search.settings)


def _pair_components(
    semantic: float, mentor: _Party, mentee: _Party, settings: RankingSettings
) -> dict[str, float | None]:
    """The score components of a (mentor, mentee) pair, whoever searched."""
    skills = None
    if mentee.skills:
        skills = scoring.skill_gap_score(
            len(mentee.skills), scoring.compare_skills(mentee.skills, mentor.skills)
        )
    personality, _ = scoring.personality_score(mentee.big_five, mentor.big_five, mentee.mbti, mentor.mbti)
    return {
        scoring.SEMANTIC: semantic,
        scoring.SKILLS: skills,
        scoring.PERSONALITY: personality,
        scoring.FEEDBACK: scoring.feedback_score(
            records.public_rating(
                mentor.rating_count, mentor.rating_sum, mentor.rating_mentees, settings.programme_mean
            )
        ),
        scoring.AVAILABILITY: scoring.availability_score(mentor.capacity, mentor.active_mentees),
        scoring.CAREER_DIRECTION: scoring.direction_score(
            settings.programme.direction, mentee.stage, mentor.stage
        ),
        scoring.RESPONSIVENESS: mentor.responsiveness.score(settings.programme.request_ttl_days),
    }


def _explain(scored: _Scored, search: _Search) -> Match:
    row = scored.row
    pairs, count = _objective_matches(row, search)
    ranked = sorted(pairs, key=lambda m: -m.similarity)
    evidence = [m for m in ranked if strength.is_evidence(m.similarity)]
    uncovered = [m.objective for m in pairs if not strength.is_evidence(m.similarity)]
    band = strength.of_match([m.similarity for m in pairs], count)
    mentor, mentee = search.pair(_candidate_party(row))
    _, personality_note = scoring.personality_score(
        mentee.big_five, mentor.big_five, mentee.mbti, mentor.mbti
    )
    return Match(
        user_id=row.user_id,
        score=scored.score,
        components=scored.components,
        strength=band,
        objective_matches=evidence,
        uncovered_objectives=uncovered,
        shared_skills=scoring.compare_skills(mentee.skills, mentor.skills) if mentee.skills else [],
        personality_note=personality_note,
        direction_note=_direction_note(
            search.settings.programme.direction,
            mentee.stage,
            mentor.stage,
            scored.components[scoring.CAREER_DIRECTION],
        ),
        summary=_summary(search, band, evidence, ranked),
    )


def _summary(
    search: _Search, band: strength.Strength, evidence: list[ObjectiveMatch], pairs: list[ObjectiveMatch]
) -> str:
    """One line on why they fit (or how little), from the searcher's point of view."""
    lead = f"{band.value.capitalize()} match"
    if not pairs:
        return f"{lead}."
    if not evidence:
        best = pairs[0]
        if search.side is Side.MENTORS:
            what = "your search" if search.query else "your objectives"
            return f"{lead}: nothing they teach is close to {what}; nearest is “{best.expertise}”."
        if search.query:
            return f"{lead}: nothing they want to learn is close to your search."
        return f"{lead}: nothing you teach is close to what they want to learn."
    best = evidence[0]
    if search.side is Side.MENTORS:
        text = f"{lead}: can teach “{best.expertise}” for “{best.objective}”"
        if len(pairs) > 1:
            text += f"; covers {len(evidence)} of your {len(pairs)} objectives"
    elif search.query:
        text = f"{lead}: wants to learn “{best.objective}”, near your search"
    else:
        text = f"{lead}: your “{best.expertise}” meets their “{best.objective}”"
        if len(pairs) > 1:
            text += f"; covers {len(evidence)} of their {len(pairs)} objectives"
    return text + "."


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


@dataclass(frozen=True)
class CohortCandidate:
    """A mentor a mentee could be paired with in a cohort, scored as `mentorMatches` scores them."""

    mentor_id: uuid.UUID
    score: float
    # The mentor's places left (capacity minus ACTIVE mentees), as the candidate row read them.
    free_places: int
    # The match's one-line summary, as the mentee's match list says it (made when asked: most
    # candidates are never proposed).
    explain: Callable[[], str] = field(compare=False, repr=False)
    # Whether some objective meets one of the mentor's items at least PARTIALly (`strength.EVIDENCE`):
    # a match of WEAK pairs only is no evidence that this mentor teaches what the mentee wants.
    evidence: bool = True


# Mentees per statement in `score_cohort`: enough that round trips stop mattering, few enough that one
# connection's statement runs while Python scores the last one's rows.
COHORT_CHUNK = 50
# Below this many eligible expertise items, a cohort's nearest items come from an exact scan of them
# (read once per statement) rather than the index: at such sizes PostgreSQL's planner scans exactly
# for `mentorMatches` too, one objective at a time (EXPLAIN ANALYZE: 4 ms an objective at 1,500 items).
COHORT_EXACT_SCAN_ITEMS = 20_000


async def score_cohort(
    db: Db,
    mentee_ids: Sequence[uuid.UUID],
    mentor_ids: Sequence[uuid.UUID] | None = None,
    *,
    depth: int = CANDIDATES_PER_OBJECTIVE,
    connections: int = 2,
) -> dict[uuid.UUID, list[CohortCandidate]]:
    """Per mentee, the mentors a request from them could go to (among `mentor_ids`, default any) with
    their scores: the first band of `mentorMatches` (the mentors with an item among the `depth` nearest
    to one of the mentee's objectives, with every exclusion of a request: the direction rule, suspended
    and hidden mentors, pairs already pending or active, pairs that ended NOT_A_FIT, mentors without a
    free place), each scored by the same components and weights. A mentee without objectives has none.

    The same index search as `mentorMatches`, for `COHORT_CHUNK` mentees per statement (their contexts
    in one more); the chunks are shared among `connections` sessions, so the database searches one
    while Python scores another.
    """
    restrict = None if mentor_ids is None else list(mentor_ids)
    result: dict[uuid.UUID, list[CohortCandidate]] = {mentee_id: [] for mentee_id in mentee_ids}
    if restrict is not None and not restrict:
        return result
    ids = list(result)
    chunks = [ids[n : n + COHORT_CHUNK] for n in range(0, len(ids), COHORT_CHUNK)]
    chunks.reverse()
    # Each candidate mentor's row and party, read once for the whole cohort.
    mentors: dict[uuid.UUID, tuple[Any, _Party]] = {}

    async def worker() -> None:
        async with read_only(db) as session:
            while chunks:
                result.update(await _score_chunk(session, chunks.pop(), restrict, depth, mentors))

    with collection_paused():
        await asyncio.gather(*(worker() for _ in range(max(1, min(connections, len(chunks))))))
    return result


async def _score_chunk(
    session: AsyncSession,
    mentee_ids: list[uuid.UUID],
    restrict: list[uuid.UUID] | None,
    depth: int,
    mentors: dict[uuid.UUID, tuple[Any, _Party]],
) -> dict[uuid.UUID, list[CohortCandidate]]:
    settings, viewers = await _load_contexts(session, Side.MENTORS, mentee_ids)
    searching = [viewer for viewer in viewers.values() if viewer.items]
    if not searching:
        return {}
    shared, params = _eligibility(Side.MENTORS, ProfileFilter(), settings, None, own=False)
    if restrict is not None:
        shared += " AND p.user_id = ANY(CAST(:cohort_mentors AS uuid[]))"
        params["cohort_mentors"] = restrict
    own = " AND ".join(_cohort_own_conditions(Side.MENTORS, settings))
    eligible = f"{shared} AND {own}"
    scan_items = await session.scalar(
        text(
            "SELECT count(*) FROM profile_items i JOIN profiles p ON p.user_id = i.user_id"
            f" JOIN users u ON u.id = i.user_id WHERE i.kind = 'EXPERTISE' AND {shared}"
        ),
        params,
    )
    scan = (shared, own) if (scan_items or 0) <= COHORT_EXACT_SCAN_ITEMS else None
    rows = (
        await session.execute(
            text(_cohort_candidates_sql(eligible, scan=scan)),
            {**params, **_viewer_params(searching), "k": depth},
        )
    ).all()
    found: dict[uuid.UUID, list[_CohortRow]] = {viewer.user_id: [] for viewer in searching}
    # Each mentee's first row, which carries how far their lists reached.
    first: dict[uuid.UUID, Any] = {}
    for row in rows:
        found[row[0]].append(_CohortRow(*row[1:5]))
        first.setdefault(row[0], row)
    lists = {
        viewer.user_id: _lists([first[viewer.user_id]] if viewer.user_id in first else [], viewer.items)
        for viewer in searching
    }
    # As in `_fetch_pool`: a mentee whose list came back short gets every other eligible mentor too.
    short = [viewer for viewer in searching if lists[viewer.user_id][2]]
    unreached: dict[uuid.UUID, list[_CohortRow]] = {viewer.user_id: [] for viewer in short}
    if short:
        reached = [(viewer.user_id, row.user_id) for viewer in short for row in found[viewer.user_id]]
        extra = {
            "reached_viewers": [viewer_id for viewer_id, _ in reached],
            "reached": [user_id for _, user_id in reached],
        }
        statement = _cohort_candidates_sql(eligible, unreached=True)
        for row in await session.execute(text(statement), {**params, **_viewer_params(short), **extra}):
            unreached[row[0]].append(_CohortRow(*row[1:5]))
    every = [row for got in (*found.values(), *unreached.values()) for row in got]
    missing = {row.user_id for row in every} - mentors.keys()
    if missing:
        for row in await session.execute(text(_COHORT_MENTORS_SQL), {"ids": list(missing)}):
            mentors[row.user_id] = (row, _candidate_party(row))
    for pair in every:
        pair.mentor = mentors[pair.user_id][0]

    def party(row: _CohortRow) -> _Party:
        return mentors[row.user_id][1]

    scored: dict[uuid.UUID, list[CohortCandidate]] = {}
    for viewer in searching:
        lowest, highest, is_short = lists[viewer.user_id]
        if is_short:
            pool = _completed(depth, found[viewer.user_id], unreached[viewer.user_id], lowest, highest)
        else:
            pool = _Pool(depth, found[viewer.user_id], lowest, highest, complete=False)
        search = _Search(Side.MENTORS, viewer, settings, viewer.items, False)
        scored[viewer.user_id] = [
            CohortCandidate(
                candidate.row.user_id,
                candidate.score,
                max(0, (mentor := party(candidate.row)).capacity - mentor.active_mentees),
                partial(_cohort_summary, candidate, search),
                any(strength.is_evidence(float(s)) for s in candidate.row.similarities),
            )
            for candidate in _rank(pool, [_Band(depth, pool.floor())], search, party)
        ]
    return scored


@contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a cohort is scored (a few seconds, in which other
    requests go on): it reads and keeps hundreds of thousands of small acyclic objects (rows,
    candidates), and every full collection walked all of them again; on the cohort benchmark the
    collections cost more than the scoring (7.6 s of Python CPU with them, 3.0 s without). Nests: only
    the outermost turns it back on (`cohorts.service.propose` keeps it off until the candidates are
    freed)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _viewer_params(viewers: Sequence[_Viewer]) -> dict[str, Any]:
    """The parameters `_cohort_candidates_sql` reads its viewers from."""
    return {
        "viewers": [viewer.user_id for viewer in viewers],
        "viewer_stages": [viewer.party.stage for viewer in viewers],
        "paired_viewers": [viewer.user_id for viewer in viewers for _ in viewer.paired],
        "paired": [user_id for viewer in viewers for user_id in viewer.paired],
    }


class _CohortRow:
    """A (mentee, mentor) row of the cohort statement, with the mentor's profile row's columns, as
    `_rank` and `_explain` read a row of `_candidates_sql`."""

    __slots__ = ("mentor", "nearest", "positions", "similarities", "user_id")
    profile_similarity = None

    def __init__(
        self, user_id: uuid.UUID, positions: list[int], nearest: list[str], similarities: list[float]
    ) -> None:
        self.user_id = user_id
        self.positions = positions
        self.nearest = nearest
        self.similarities = similarities
        # The mentor's profile row (`_COHORT_MENTORS_SQL`), once it is read.
        self.mentor: Any = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.mentor, name)


def _cohort_candidates_sql(
    eligible: str, *, unreached: bool = False, scan: tuple[str, str] | None = None
) -> str:
    """`_candidates_sql` of many mentees at once (Side.MENTORS, by their objectives, no query): one row
    per (mentee, candidate mentor), `viewer_id` the mentee, with the same nearest items per objective
    (the same index search: `_nearest_items_sql` under the same eligibility, the mentee's own
    conditions read from `v`), the same exact similarities and, on every row of a mentee, how far their
    lists reached; or, `unreached`, each mentee's eligible mentors not among `reached`. The mentors'
    profile columns come from `_COHORT_MENTORS_SQL`, once per mentor rather than once per pair.

    With `scan` (`eligible` split into the conditions every mentee shares and their own), the nearest
    items are found by an exact scan of the items that meet the shared ones, read once per statement,
    instead of the index: what PostgreSQL's planner does for `mentorMatches` itself while the items
    are few (`COHORT_EXACT_SCAN_ITEMS`), but once per statement rather than once per objective.
    """
    side = Side.MENTORS
    kind = side.candidate_kind
    if scan is None:
        nearest = _nearest_items_sql(kind, eligible, "o.embedding", exact=False)
        scanned = ""
    else:
        shared, own = scan
        # `p` is a scanned item here: it carries the columns the mentee's own conditions read.
        nearest = f"""
            SELECT p.user_id, 1 - (p.embedding <=> o.embedding) AS similarity
            FROM shared_items p
            WHERE {own}
            ORDER BY p.embedding <=> o.embedding
            LIMIT :k"""
        scanned = f"""
        shared_items AS MATERIALIZED (
            SELECT i.user_id, i.embedding, p.career_stage
            FROM profile_items i
            JOIN profiles p ON p.user_id = i.user_id
            JOIN users u ON u.id = i.user_id
            WHERE i.kind = '{kind}' AND {shared}
        ),"""
    if unreached:
        candidates = f"""
        reached AS MATERIALIZED (
            SELECT * FROM unnest(CAST(:reached_viewers AS uuid[]), CAST(:reached AS uuid[]))
                AS r(viewer_id, user_id)
        ),
        candidates AS (
            SELECT v.viewer_id, p.user_id
            FROM viewers v CROSS JOIN profiles p JOIN users u ON u.id = p.user_id
            WHERE {eligible}
              AND NOT EXISTS (
                  SELECT FROM reached r WHERE r.viewer_id = v.viewer_id AND r.user_id = p.user_id)
              AND EXISTS (SELECT FROM profile_items i WHERE i.user_id = p.user_id AND i.kind = '{kind}')
        )"""
        lists_columns = (
            "NULL AS short_list, NULL AS list_positions, NULL AS list_lowest, NULL AS list_highest"
        )
        lists_join = ""
    else:
        candidates = f"""{scanned}
        hits AS MATERIALIZED (
            SELECT o.viewer_id, o.position, h.user_id, h.similarity
            FROM viewers v JOIN objectives o ON o.viewer_id = v.viewer_id
            CROSS JOIN LATERAL ({nearest}) h
        ),
        lists AS MATERIALIZED (
            SELECT viewer_id, bool_or(found < :k) AS short_list,
                   array_agg(position ORDER BY position) AS list_positions,
                   array_agg(lowest ORDER BY position) AS list_lowest,
                   array_agg(highest ORDER BY position) AS list_highest
            FROM (
                SELECT o.viewer_id, o.position, count(h.user_id) AS found, min(h.similarity) AS lowest,
                       max(h.similarity) AS highest
                FROM objectives o
                LEFT JOIN hits h ON h.viewer_id = o.viewer_id AND h.position = o.position
                GROUP BY o.viewer_id, o.position
            ) per_vector
            GROUP BY viewer_id
        ),
        candidates AS (SELECT DISTINCT viewer_id, user_id FROM hits)"""
        lists_columns = "l.short_list, l.list_positions, l.list_lowest, l.list_highest"
        lists_join = "JOIN lists l ON l.viewer_id = b.viewer_id"
    return f"""
        WITH viewers AS MATERIALIZED (
            SELECT t.viewer_id, CAST(t.viewer_stage AS career_stage) AS viewer_stage,
                   COALESCE(x.paired, '{{}}') AS paired
            FROM unnest(CAST(:viewers AS uuid[]), CAST(:viewer_stages AS text[]))
                AS t(viewer_id, viewer_stage)
            LEFT JOIN (
                SELECT viewer_id, array_agg(user_id) AS paired
                FROM unnest(CAST(:paired_viewers AS uuid[]), CAST(:paired AS uuid[])) AS x(viewer_id, user_id)
                GROUP BY viewer_id
            ) x ON x.viewer_id = t.viewer_id
        ),
        objectives AS MATERIALIZED (
            SELECT i.user_id AS viewer_id, i.position, i.embedding
            FROM viewers v JOIN profile_items i ON i.user_id = v.viewer_id AND i.kind = '{side.viewer_kind}'
        ),
        {candidates},
        best AS (
            SELECT viewer_id, user_id, array_agg(position ORDER BY position) AS positions,
                   array_agg(text ORDER BY position) AS nearest,
                   array_agg(similarity ORDER BY position) AS similarities
            FROM (
                SELECT DISTINCT ON (c.viewer_id, i.user_id, o.position)
                       c.viewer_id, i.user_id, o.position, i.text,
                       1 - (i.embedding <=> o.embedding) AS similarity
                FROM candidates c
                JOIN profile_items i ON i.user_id = c.user_id AND i.kind = '{kind}'
                JOIN objectives o ON o.viewer_id = c.viewer_id
                ORDER BY c.viewer_id, i.user_id, o.position, i.embedding <=> o.embedding
            ) nearest_item
            GROUP BY viewer_id, user_id
        )
        SELECT b.viewer_id, b.user_id, b.positions, b.nearest, b.similarities, {lists_columns}
        FROM best b {lists_join}
    """


# What scoring needs of each candidate mentor of a cohort (the profile columns of `_candidates_sql`).
_COHORT_MENTORS_SQL = f"""
    SELECT p.user_id, p.career_stage::text AS stage, p.big_five, p.mbti, p.capacity, p.active_mentees,
           p.rating_count, p.rating_sum, p.rating_mentees,
           responsiveness.counted, responsiveness.answered, responsiveness.median_seconds,
           {_SKILLS_JSON} AS skills
    FROM profiles p
    {records.RESPONSIVENESS_SQL}
    WHERE p.user_id = ANY(CAST(:ids AS uuid[]))
"""


def _cohort_summary(scored: _Scored, search: _Search) -> str:
    return _explain(scored, search).summary
