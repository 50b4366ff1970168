"""GraphQL of the programme's settings: `matchingSettings` and `updateMatchingSettings` (admins only).

The names predate this module (clients use them); they read and change every programme setting.
"""

from __future__ import annotations

import enum
from typing import Any

import strawberry

from mentormatch.errors import ServiceError
from mentormatch.graphql.context import Info
from mentormatch.graphql.errors import UserError, user_errors
from mentormatch.programme import models, service

MatchingDirection = strawberry.enum(
    models.Direction,
    name="MatchingDirection",
    description="Which way mentoring flows between career stages.",
)


@strawberry.enum(description="The parts of a match score.")
class ScoreComponentKind(enum.Enum):
    SEMANTIC = models.SEMANTIC
    SKILLS = models.SKILLS
    PERSONALITY = models.PERSONALITY
    FEEDBACK = models.FEEDBACK
    AVAILABILITY = models.AVAILABILITY
    CAREER_DIRECTION = models.CAREER_DIRECTION
    RESPONSIVENESS = models.RESPONSIVENESS


def _range(name: str) -> str:
    limit = models.LIMITS[name]
    return f"{limit.low}-{limit.high}, default {limit.default}."


@strawberry.type
class MatchingWeight:
    kind: ScoreComponentKind
    weight: float


@strawberry.type(name="MatchingSettings", description="The programme's settings (admins only).")
class MatchingSettingsType:
    weights: list[MatchingWeight]
    direction: MatchingDirection  # type: ignore[valid-type]
    require_direction: bool = strawberry.field(
        description="True: mentors against the direction are excluded; false: they only score lower."
    )
    default_capacity: int = strawberry.field(
        description="Places (active mentees at once) a new mentor profile starts with; its owner can "
        "change their own afterwards."
    )
    max_pending_requests: int = strawberry.field(description="Pending requests one participant may send.")
    max_mentors_per_mentee: int = strawberry.field(description="Active mentorships a mentee may have.")
    request_ttl_days: int = strawberry.field(description="Days until an unanswered request expires.")
    check_in_interval_days: int = strawberry.field(
        description="Days between a participant's check-ins on a mentorship; also how long the final "
        "check-in stays open after the end."
    )

    @classmethod
    def of(cls, settings: service.ProgrammeSettings) -> MatchingSettingsType:
        return cls(
            weights=[
                MatchingWeight(kind=ScoreComponentKind(k), weight=w) for k, w in settings.weights.items()
            ],
            direction=settings.direction,
            require_direction=settings.require_direction,
            default_capacity=settings.default_capacity,
            max_pending_requests=settings.max_pending_requests,
            max_mentors_per_mentee=settings.max_mentors_per_mentee,
            request_ttl_days=settings.request_ttl_days,
            check_in_interval_days=settings.check_in_interval_days,
        )


@strawberry.input(description="Each weight 0-1; the score renormalises them, so only their ratio matters.")
class MatchingWeightsInput:
    semantic: float | None = None
    skills: float | None = None
    personality: float | None = None
    feedback: float | None = None
    availability: float | None = None
    career_direction: float | None = None
    responsiveness: float | None = None


@strawberry.input(description="The settings to change; those left out (or null) stay as they are.")
class MatchingSettingsInput:
    weights: MatchingWeightsInput | None = None
    direction: MatchingDirection | None = None  # type: ignore[valid-type]
    require_direction: bool | None = None
    default_capacity: int | None = strawberry.field(default=None, description=_range("default_capacity"))
    max_pending_requests: int | None = strawberry.field(
        default=None, description=_range("max_pending_requests")
    )
    max_mentors_per_mentee: int | None = strawberry.field(
        default=None, description=_range("max_mentors_per_mentee")
    )
    request_ttl_days: int | None = strawberry.field(default=None, description=_range("request_ttl_days"))
    check_in_interval_days: int | None = strawberry.field(
        default=None, description=_range("check_in_interval_days")
    )


@strawberry.type
class MatchingSettingsPayload:
    settings: MatchingSettingsType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


def _changes(input: MatchingSettingsInput) -> dict[str, Any]:
    """The input's given values by setting name (null means: leave as it is)."""
    changes: dict[str, Any] = {
        name: getattr(input, name)
        for name in service.SETTING_NAMES
        if name != "weights" and getattr(input, name) is not None
    }
    if input.weights is not None:
        changes["weights"] = {
            kind.value: getattr(input.weights, kind.name.lower())
            for kind in ScoreComponentKind
            if getattr(input.weights, kind.name.lower()) is not None
        }
    return changes


@strawberry.type
class ProgrammeQuery:
    @strawberry.field(description="The programme's settings (admins only).")
    async def matching_settings(self, info: Info) -> MatchingSettingsType:
        info.context.require_admin()
        async with info.context.db() as session:
            return MatchingSettingsType.of(await service.current(session))


@strawberry.type
class ProgrammeMutation:
    @strawberry.mutation(
        description="Change the programme's settings (admins only): score weights, career direction, the "
        "default capacity of new mentors, request limits and the check-in interval. Applies from the next "
        "request; audited (SETTINGS_CHANGED, with the values before and after)."
    )
    async def update_matching_settings(
        self, info: Info, input: MatchingSettingsInput
    ) -> MatchingSettingsPayload:
        context = info.context
        try:
            admin = context.require_admin()
            settings = await service.update(context.resources.db, admin.user.id, _changes(input))
        except ServiceError as error:
            return MatchingSettingsPayload(errors=user_errors(error))
        return MatchingSettingsPayload(settings=MatchingSettingsType.of(settings))
