"""GraphQL of the skill-gap map: `skillGapMap`, `skillGapRefresh`, `refreshSkillGapMap` (admins only) and
`personalSkillGap` (a mentee for themselves; admins for any mentee)."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from mentormatch.errors import ServiceError, forbidden, not_found
from mentormatch.graphql.context import Info
from mentormatch.graphql.errors import UserError, user_errors
from mentormatch.profiles.api import parse_id
from mentormatch.skillgap import service

if TYPE_CHECKING:
    from mentormatch.accounts.api import UserType

User = Annotated["UserType", strawberry.lazy("mentormatch.accounts.api")]


@strawberry.enum(description="Where a refresh of the skill-gap map is.")
class SkillGapRefreshStatus(enum.Enum):
    RUNNING = "RUNNING"
    DONE = "DONE"
    FAILED = "FAILED"


@strawberry.type(description="One refresh of the skill-gap map and how far it has got.")
class SkillGapRefresh:
    id: strawberry.ID
    status: SkillGapRefreshStatus
    stage: str = strawberry.field(description="What it is doing now, in words.")
    progress: float = strawberry.field(description="0-1.")
    started_at: datetime
    finished_at: datetime | None
    error: str | None
    mentees: int = strawberry.field(description="Mentees whose objectives it grouped (when done).")
    mentors: int = strawberry.field(description="Mentors whose expertise it grouped (when done).")

    @classmethod
    def of(cls, job: service.Job) -> SkillGapRefresh:
        return cls(
            id=strawberry.ID(str(job.id)),
            status=SkillGapRefreshStatus(job.status),
            stage=job.stage,
            progress=job.progress,
            started_at=job.started_at,
            finished_at=job.finished_at,
            error=job.error,
            mentees=job.mentees,
            mentors=job.mentors,
        )


@strawberry.type(description="A topic: objectives and expertise whose meanings are near.")
class SkillGapTopic:
    topic: strawberry.Private[service.Topic]
    mentors: strawberry.Private[list[UserType]]

    @strawberry.field(description="Its most central phrase.")
    def label(self) -> str:
        return self.topic.label

    @strawberry.field(description="Its most central phrases, most central first.")
    def phrases(self) -> list[str]:
        return self.topic.phrases

    @strawberry.field(description="Mentees wanting it who have no mentor yet (pending or unmatched).")
    def demand(self) -> int:
        return self.topic.demand

    @strawberry.field(description="Every mentee wanting it, matched or not.")
    def mentees_wanting(self) -> int:
        return self.topic.mentees_wanting

    @strawberry.field(description="Mentors offering it who have a free place.")
    def supply(self) -> int:
        return self.topic.supply

    @strawberry.field(description="Free places those mentors have between them.")
    def free_places(self) -> int:
        return self.topic.free_places

    @strawberry.field(description="Mentees wanting it that the free places cannot take (demand - places).")
    def gap(self) -> int:
        return self.topic.gap

    @strawberry.field(description="True when the gap is above zero.")
    def unmet(self) -> bool:
        return self.topic.unmet

    @strawberry.field(description="Objectives in it, most central first.")
    def example_objectives(self) -> list[str]:
        return self.topic.example_objectives

    @strawberry.field(description="Mentors offering it, those with a free place first.")
    def example_mentors(self) -> list[User]:
        return self.mentors


@strawberry.type(description="What mentees want to learn against what mentors can teach (admins only).")
class SkillGapMap:
    refreshed_at: datetime | None = strawberry.field(description="When the map was computed (null: never).")
    age_seconds: int | None = strawberry.field(description="How old the map is, in seconds.")
    mentees: int
    mentors: int
    topics: list[SkillGapTopic] = strawberry.field(description="Biggest gap first.")
    top_unmet: list[SkillGapTopic] = strawberry.field(description="The topics with a gap, biggest first.")
    refreshing: SkillGapRefresh | None = strawberry.field(description="A refresh under way, if any.")


@strawberry.type
class MentorSkillLevel:
    mentor: User
    level: int | None = strawberry.field(description="1-5; null: the mentor does not list the skill.")


@strawberry.type
class PersonalSkill:
    name: str
    level: int = strawberry.field(description="The mentee's own level, 1-5.")
    mentors: list[MentorSkillLevel]


@strawberry.type(description="A mentee's skills against their mentors' levels, or their best matches'.")
class PersonalSkillGap:
    matched: bool = strawberry.field(
        description="True: compared with the mentee's mentors; false: with their best matches."
    )
    mentors: list[User]
    skills: list[PersonalSkill]


@strawberry.type
class RefreshSkillGapMapPayload:
    refresh: SkillGapRefresh | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class SkillGapQuery:
    @strawberry.field(description="The skill-gap map as last computed; reading it does not recompute it.")
    async def skill_gap_map(self, info: Info) -> SkillGapMap:
        from mentormatch.accounts.api import UserType

        info.context.require_admin()
        db = info.context.db
        gap_map = await service.current_map(db)
        users = await service.users_by_id(db, [u for t in gap_map.topics for u in t.example_mentor_ids])
        topics = [
            SkillGapTopic(
                topic=t,
                mentors=[UserType(model=users[u]) for u in t.example_mentor_ids if u in users],
            )
            for t in gap_map.topics
        ]
        job = gap_map.job
        finished = job.finished_at if job else None
        return SkillGapMap(
            refreshed_at=finished,
            age_seconds=int((datetime.now(UTC) - finished).total_seconds()) if finished else None,
            mentees=job.mentees if job else 0,
            mentors=job.mentors if job else 0,
            topics=topics,
            top_unmet=[t for t in topics if t.topic.unmet][:10],
            refreshing=SkillGapRefresh.of(gap_map.refreshing) if gap_map.refreshing else None,
        )

    @strawberry.field(description="One refresh of the skill-gap map, with its progress (admins only).")
    async def skill_gap_refresh(self, info: Info, id: strawberry.ID) -> SkillGapRefresh:
        info.context.require_admin()
        job = await service.get_job(info.context.db, parse_id(id, "Refresh"))
        if job is None:
            raise not_found("Refresh")
        return SkillGapRefresh.of(job)

    @strawberry.field(
        description="A mentee's skills against the levels of their mentors, or of their best matches "
        "when they have none. Without `menteeId`: yours; another mentee's: admins only."
    )
    async def personal_skill_gap(
        self, info: Info, mentee_id: strawberry.ID | None = None
    ) -> PersonalSkillGap:
        from mentormatch.accounts.api import UserType

        viewer = info.context.require_viewer()
        target = viewer.user.id if mentee_id is None else parse_id(mentee_id, "Mentee")
        if target != viewer.user.id and not viewer.is_admin:
            raise forbidden("Only admins may see another mentee's skill gap.")
        resources = info.context.resources
        gap = await service.personal_gap(info.context.db, resources.embedder, mentee_id=target)
        users = await service.users_by_id(info.context.db, gap.mentor_ids)
        mentors = {u: UserType(model=users[u]) for u in gap.mentor_ids if u in users}
        return PersonalSkillGap(
            matched=gap.matched,
            mentors=list(mentors.values()),
            skills=[
                PersonalSkill(
                    name=s.name,
                    level=s.mentee_level,
                    mentors=[
                        MentorSkillLevel(mentor=mentors[u], level=level)
                        for u, level in s.mentor_levels.items()
                        if u in mentors
                    ],
                )
                for s in gap.skills
            ],
        )


@strawberry.type
class SkillGapMutation:
    @strawberry.mutation(
        description="Recompute the skill-gap map in the background (admins only); follow it with "
        "`skillGapRefresh(id)`. CONFLICT while another refresh runs."
    )
    async def refresh_skill_gap_map(self, info: Info) -> RefreshSkillGapMapPayload:
        viewer = info.context.require_admin()
        db = info.context.resources.db
        try:
            job = await service.start_refresh(db, requested_by=viewer.user.id)
        except ServiceError as error:
            return RefreshSkillGapMapPayload(errors=user_errors(error))
        service.launch_refresh(db, job.id)
        return RefreshSkillGapMapPayload(refresh=SkillGapRefresh.of(job))


__all__ = ["SkillGapMutation", "SkillGapQuery"]
