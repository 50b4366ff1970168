"""GraphQL of matching: `mentorMatches` and `menteeMatches` (the settings are in programme.api)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from mentormatch.graphql.context import Info
from mentormatch.graphql.pagination import PageInfo
from mentormatch.matching import scoring, service, strength
from mentormatch.profiles.api import CareerStageEnum
from mentormatch.programme.api import ScoreComponentKind

if TYPE_CHECKING:
    from mentormatch.accounts.api import UserType

MatchStrength = strawberry.enum(
    strength.Strength,
    name="MatchStrength",
    description="How likely a mentor teaches what is wanted, in words: calibrated on labelled matches "
    "(STRONG: 70% or more, GOOD: 40%, PARTIAL: 15%, WEAK: below; a WEAK pair is no evidence).",
)


@strawberry.input(description="Narrows mentorMatches; every field is optional.")
class MentorFilter:
    career_stages: list[CareerStageEnum] | None = None  # type: ignore[valid-type]
    department: str | None = None
    language: str | None = None
    min_utc_offset_minutes: int | None = None
    max_utc_offset_minutes: int | None = None
    min_rating: float | None = strawberry.field(
        default=None,
        description="The public rating, 1-5 (MentorRecord.rating; a mentor without enough ratings counts "
        "at the programme's mean).",
    )


@strawberry.input(description="Narrows menteeMatches; every field is optional.")
class MenteeFilter:
    career_stages: list[CareerStageEnum] | None = None  # type: ignore[valid-type]
    department: str | None = None
    language: str | None = None
    min_utc_offset_minutes: int | None = strawberry.field(
        default=None, description="The mentee's time zone's current offset from UTC, at least this."
    )
    max_utc_offset_minutes: int | None = strawberry.field(
        default=None, description="The mentee's time zone's current offset from UTC, at most this."
    )


@strawberry.type
class ObjectiveMatch:
    objective: str = strawberry.field(
        description="The mentee's learning objective (in mentorMatches with a `query`: the search text)."
    )
    expertise: str = strawberry.field(
        description="The mentor's expertise item that met it best (in menteeMatches with a `query`: the "
        "search text)."
    )
    similarity: float = strawberry.field(description="Cosine similarity of the two texts.")
    strength: MatchStrength = strawberry.field(  # type: ignore[valid-type]
        description="The similarity in words; never WEAK here (such pairs are no evidence)."
    )


@strawberry.type(description="How well the eligible candidates cover one thing searched for.")
class NeedCoverage:
    text: str = strawberry.field(
        description="An objective of yours, the search text, or (in menteeMatches) an expertise item "
        "of yours."
    )
    best_strength: MatchStrength = strawberry.field(  # type: ignore[valid-type]
        description="The strength of the nearest eligible candidate for it (WEAK when there is none)."
    )
    covered: bool = strawberry.field(
        description="Some eligible candidate is at least GOOD for it; false: no one covers this yet."
    )

    @classmethod
    def of(cls, coverage: service.Coverage) -> NeedCoverage:
        return cls(text=coverage.text, best_strength=coverage.best_strength, covered=coverage.covered)


@strawberry.type
class SharedSkill:
    name: str
    mentor_level: int
    mentee_level: int


@strawberry.type
class ScoreComponent:
    kind: ScoreComponentKind
    value: float | None = strawberry.field(description="0-1; null when it does not apply to this pair.")
    weight: float
    contribution: float = strawberry.field(description="This component's share of the score.")


@strawberry.type
class MatchExplanation:
    summary: str
    strength: MatchStrength = strawberry.field(  # type: ignore[valid-type]
        description="The match as a whole: its mean chance over the objectives it is about, those it "
        "does not cover counting 0."
    )
    matched_objectives: list[ObjectiveMatch] = strawberry.field(
        description="The evidence: the objectives this candidate covers (at least PARTIAL), each with "
        "the item that meets it best, strongest first."
    )
    uncovered_objectives: list[str] = strawberry.field(
        description="The objectives (or the search) this match does not cover: nothing near enough."
    )
    shared_skills: list[SharedSkill]
    personality: str | None
    career_direction: str | None
    components: list[ScoreComponent]


@strawberry.type
class MentorMatch:
    mentor: Annotated[UserType, strawberry.lazy("mentormatch.accounts.api")]
    score: float
    explanation: MatchExplanation


@strawberry.type
class MentorMatchEdge:
    cursor: str
    node: MentorMatch


@strawberry.type
class _MatchConnection:
    """What both match connections say about the ranking beyond its page."""

    page: strawberry.Private[service.MatchPage]

    @strawberry.field(description="Per objective (or the search), whether anyone eligible covers it well.")
    def coverage(self) -> list[NeedCoverage]:
        return [NeedCoverage.of(c) for c in self.page.coverage]

    @strawberry.field(
        description="True when nothing searched for is covered well by anyone eligible: the results are "
        "only the closest, for browsing."
    )
    def no_good_match(self) -> bool:
        return self.page.no_good_match


@strawberry.type
class MentorMatchConnection(_MatchConnection):
    edges: list[MentorMatchEdge]
    page_info: PageInfo

    @strawberry.field(
        description="The number of mentors eligible for this ranking, the same on every page: with at "
        "least one expertise item, not you, not suspended or hidden, accepting requests, below capacity, "
        "not already in an active mentorship or a pending request with you as their mentee, passing "
        "`filter` (and the programme's career direction when it is required). Exact; counted only when "
        "selected."
    )
    async def total_count(self, info: Info) -> int:
        return await service.count_matches(info.context.db, self.page)


@strawberry.type(description="A mentee for you, the mentor, and why they fit.")
class MenteeMatch:
    mentee: Annotated[UserType, strawberry.lazy("mentormatch.accounts.api")]
    score: float = strawberry.field(
        description="The same blended score mentorMatches gives this pair from the mentee's side."
    )
    explanation: MatchExplanation = strawberry.field(
        description="`matchedObjectives`: each of the mentee's objectives with your expertise item that "
        "meets it best; `sharedSkills`: your level (mentorLevel) against theirs."
    )


@strawberry.type
class MenteeMatchEdge:
    cursor: str
    node: MenteeMatch


@strawberry.type
class MenteeMatchConnection(_MatchConnection):
    edges: list[MenteeMatchEdge]
    page_info: PageInfo

    @strawberry.field(
        description="The number of mentees eligible for this ranking, the same on every page: with at "
        "least one learning objective, seeking mentoring, not you, not suspended or hidden, below the "
        "programme's most mentors per mentee, not already in an active mentorship or a pending request "
        "with you as their mentor, passing `filter` (and the programme's career direction when it is "
        "required). Exact; counted only when selected."
    )
    async def total_count(self, info: Info) -> int:
        return await service.count_matches(info.context.db, self.page)


def _explanation(match: service.Match, weights: dict[str, float]) -> MatchExplanation:
    shares = scoring.contributions(match.components, weights)
    return MatchExplanation(
        summary=match.summary,
        strength=match.strength,
        matched_objectives=[
            ObjectiveMatch(
                objective=m.objective,
                expertise=m.expertise,
                similarity=round(m.similarity, 4),
                strength=m.strength,
            )
            for m in match.objective_matches
        ],
        uncovered_objectives=match.uncovered_objectives,
        shared_skills=[
            SharedSkill(name=s.name, mentor_level=s.mentor_level, mentee_level=s.mentee_level)
            for s in match.shared_skills
        ],
        personality=match.personality_note,
        career_direction=match.direction_note,
        components=[
            ScoreComponent(
                kind=ScoreComponentKind(name),
                value=None if value is None else round(value, 4),
                weight=weights.get(name, 0.0),
                contribution=round(shares.get(name, 0.0), 4),
            )
            for name, value in match.components.items()
        ],
    )


def _filter_of(f: MentorFilter | MenteeFilter) -> service.ProfileFilter:
    stages = tuple(s.value for s in f.career_stages or ())  # type: ignore[attr-defined]
    low, high = f.min_utc_offset_minutes, f.max_utc_offset_minutes
    if isinstance(f, MentorFilter):
        return service.MentorFilter(stages, f.department, f.language, low, high, min_rating=f.min_rating)
    return service.ProfileFilter(stages, f.department, f.language, low, high)


def _page_info(page: service.MatchPage, cursors: list[str]) -> PageInfo:
    return PageInfo(
        has_next_page=page.has_next,
        has_previous_page=page.offset > 0,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )


@strawberry.type
class MatchingQuery:
    @strawberry.field(
        description="Mentors ranked for you: by `query` if given, else by your own learning objectives. "
        "The ranking runs in bands of nearness, so paging reaches every eligible mentor: first the mentors "
        "whose expertise is among the 50 items nearest an objective, by score; then those the next 50 "
        "add, by score; then the next 100, and so on. Scores fall within a band; a band's first mentor "
        "may score above the last of the band before. `first` is capped at 50."
    )
    async def mentor_matches(
        self,
        info: Info,
        query: str | None = None,
        first: int = 10,
        after: str | None = None,
        filter: MentorFilter | None = None,
    ) -> MentorMatchConnection:
        from mentormatch.accounts.api import UserType

        context = info.context
        viewer = context.require_viewer()
        page = await service.rank_mentors(
            context.db,
            context.resources.embedder,
            viewer_id=viewer.user.id,
            query=query,
            mentor_filter=_filter_of(filter or MentorFilter()),
            first=first,
            after=after,
        )
        edges = [
            MentorMatchEdge(
                cursor=match.cursor,
                node=MentorMatch(
                    mentor=UserType(model=page.users[match.user_id]),
                    score=round(match.score, 6),
                    explanation=_explanation(match, page.weights),
                ),
            )
            for match in page.matches
        ]
        return MentorMatchConnection(
            edges=edges, page_info=_page_info(page, [e.cursor for e in edges]), page=page
        )

    @strawberry.field(
        description="Mentees for you, a mentor (FORBIDDEN unless your profile has canMentor): those "
        "seeking mentoring, ranked by how well your expertise meets their learning objectives (each of "
        "their objectives against your nearest expertise item), or by how near `query` is to one of "
        "their objectives. The same score, explanation, exclusions and bands of nearness as "
        "mentorMatches, seen from the mentor's side. `first` is capped at 50."
    )
    async def mentee_matches(
        self,
        info: Info,
        query: str | None = None,
        first: int = 10,
        after: str | None = None,
        filter: MenteeFilter | None = None,
    ) -> MenteeMatchConnection:
        from mentormatch.accounts.api import UserType

        context = info.context
        viewer = context.require_viewer()
        page = await service.rank_mentees(
            context.db,
            context.resources.embedder,
            viewer_id=viewer.user.id,
            query=query,
            mentee_filter=_filter_of(filter or MenteeFilter()),
            first=first,
            after=after,
        )
        edges = [
            MenteeMatchEdge(
                cursor=match.cursor,
                node=MenteeMatch(
                    mentee=UserType(model=page.users[match.user_id]),
                    score=round(match.score, 6),
                    explanation=_explanation(match, page.weights),
                ),
            )
            for match in page.matches
        ]
        return MenteeMatchConnection(
            edges=edges, page_info=_page_info(page, [e.cursor for e in edges]), page=page
        )
