"""The GraphQL types of a mentorship request and of a mentorship, with the enums they show.

Shared: the mentorships API lists and changes them, and a notification links the request or mentorship
it is about. So they live here, not in `mentorships/api.py`, and notifications do not import that
domain's API to show them.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy import inspect as sa_inspect

from mentormatch.graphql.context import Info
from mentormatch.mentorships import service
from mentormatch.mentorships.models import (
    Mentorship,
    MentorshipOutcome,
    MentorshipRequest,
    MentorshipStatus,
    RequestStatus,
    Role,
)

if TYPE_CHECKING:
    from mentormatch.accounts.api import UserType
    from mentormatch.feedback.api import FeedbackType, MentorshipSessionType

User = Annotated["UserType", strawberry.lazy("mentormatch.accounts.api")]
Feedback = Annotated["FeedbackType", strawberry.lazy("mentormatch.feedback.api")]
Session = Annotated["MentorshipSessionType", strawberry.lazy("mentormatch.feedback.api")]

RequestStatusEnum = strawberry.enum(
    RequestStatus,
    name="RequestStatus",
    description="PENDING until the recipient answers, the sender withdraws, it expires, or a limit "
    "reached elsewhere CANCELS it.",
)
MentorshipStatusEnum = strawberry.enum(MentorshipStatus, name="MentorshipStatus")
MentorshipOutcomeEnum = strawberry.enum(
    MentorshipOutcome, name="MentorshipOutcome", description="How a mentorship ended."
)
MentorshipRoleEnum = strawberry.enum(Role, name="MentorshipRole")

_REQUEST_RELATIONS = {"mentor", "mentee", "sender", "recipient", "mentorship"}
_MENTORSHIP_RELATIONS = {"mentor", "mentee", "ender", "request"}


def _user(model: Any) -> UserType:
    from mentormatch.accounts.api import UserType

    return UserType(model=model)


@strawberry.type(name="MentorshipRequest", description="A proposal to mentor or be mentored.")
class MentorshipRequestType:
    model: strawberry.Private[MentorshipRequest]

    async def _loaded(self, info: Info) -> MentorshipRequest:
        """The model with every relation; loaded afresh only when reached through deep nesting."""
        if _REQUEST_RELATIONS & sa_inspect(self.model).unloaded:
            self.model = await service.request_by_id(info.context.db, self.model.id)
        return self.model

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.model.id))

    @strawberry.field(description="EXPIRED as soon as `expiresAt` passes without an answer.")
    def status(self) -> RequestStatusEnum:  # type: ignore[valid-type]
        return service.current_status(self.model)

    @strawberry.field
    async def mentor(self, info: Info) -> User:
        return _user((await self._loaded(info)).mentor)

    @strawberry.field
    async def mentee(self, info: Info) -> User:
        return _user((await self._loaded(info)).mentee)

    @strawberry.field(description="Who proposed it: the mentee (a request) or the mentor (an invitation).")
    async def sender(self, info: Info) -> User:
        return _user((await self._loaded(info)).sender)

    @strawberry.field(description="Who answers it.")
    async def recipient(self, info: Info) -> User:
        return _user((await self._loaded(info)).recipient)

    @strawberry.field(description="MENTEE for a request, MENTOR for an invitation.")
    def initiator(self) -> MentorshipRoleEnum:  # type: ignore[valid-type]
        return Role.MENTEE if self.model.sender_id == self.model.mentee_id else Role.MENTOR

    @strawberry.field
    def message(self) -> str:
        return self.model.message

    @strawberry.field(description="The mentee's learning objectives this request is about.")
    def objectives(self) -> list[str]:
        return list(self.model.objectives)

    @strawberry.field(description="Why it was declined or cancelled.")
    def reason(self) -> str | None:
        return self.model.reason

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field(description="A pending request expires at this time.")
    def expires_at(self) -> datetime:
        return self.model.expires_at

    @strawberry.field(description="When it was accepted, declined, withdrawn, cancelled or expired.")
    def decided_at(self) -> datetime | None:
        return self.model.decided_at

    @strawberry.field(description="The mentorship it became, once accepted.")
    async def mentorship(self, info: Info) -> MentorshipType | None:
        mentorship = (await self._loaded(info)).mentorship
        return MentorshipType(model=mentorship) if mentorship else None


@strawberry.type(name="Mentorship", description="An agreed mentorship between a mentor and a mentee.")
class MentorshipType:
    model: strawberry.Private[Mentorship]

    async def _loaded(self, info: Info) -> Mentorship:
        if _MENTORSHIP_RELATIONS & sa_inspect(self.model).unloaded:
            self.model = await service.mentorship_by_id(info.context.db, self.model.id)
        return self.model

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.model.id))

    @strawberry.field
    def status(self) -> MentorshipStatusEnum:  # type: ignore[valid-type]
        return self.model.status

    @strawberry.field
    async def mentor(self, info: Info) -> User:
        return _user((await self._loaded(info)).mentor)

    @strawberry.field
    async def mentee(self, info: Info) -> User:
        return _user((await self._loaded(info)).mentee)

    @strawberry.field
    def started_at(self) -> datetime:
        return self.model.started_at

    @strawberry.field
    def ended_at(self) -> datetime | None:
        return self.model.ended_at

    @strawberry.field(description="The participant who ended it.")
    async def ended_by(self, info: Info) -> User | None:
        ender = (await self._loaded(info)).ender
        return _user(ender) if ender else None

    @strawberry.field
    def outcome(self) -> MentorshipOutcomeEnum | None:  # type: ignore[valid-type]
        return self.model.outcome

    @strawberry.field
    def end_reason(self) -> str | None:
        return self.model.end_reason

    @strawberry.field(description="The request it started from.")
    async def request(self, info: Info) -> MentorshipRequestType:
        return MentorshipRequestType(model=(await self._loaded(info)).request)

    @strawberry.field(description="The learning objectives it is about (the request's).")
    async def objectives(self, info: Info) -> list[str]:
        return list((await self._loaded(info)).request.objectives)

    @strawberry.field(
        description="Your check-in is due: the check-in interval has passed since the start or your last "
        "one, or (ended) your final check-in is awaited. False for anyone but the participants."
    )
    async def feedback_due(self, info: Info) -> bool:
        return (await info.context.loaders.check_in_state.load(self.model)).due

    @strawberry.field(description="You may submit a check-in now.")
    async def can_give_feedback(self, info: Info) -> bool:
        return (await info.context.loaders.check_in_state.load(self.model)).can_give

    @strawberry.field(description="When you may give your next check-in, while you may not now.")
    async def next_feedback_at(self, info: Info) -> datetime | None:
        return (await info.context.loaders.check_in_state.load(self.model)).next_at

    @strawberry.field(description="Ended mentorships: the last moment for your final check-in.")
    async def feedback_window_ends_at(self, info: Info) -> datetime | None:
        return (await info.context.loaders.check_in_state.load(self.model)).window_ends_at

    @strawberry.field(
        description="The check-ins you may see, newest first: your own (your partner never sees them); "
        "admins see both participants'."
    )
    async def feedback(self, info: Info) -> list[Feedback]:
        from mentormatch.feedback.api import FeedbackType

        return [FeedbackType(model=f) for f in await info.context.loaders.feedback.load(self.model.id)]

    @strawberry.field(
        description="The mentee said it is not a good fit: they may end it as NOT_A_FIT and be matched "
        "afresh. Shown to the mentee and admins only; false to the mentor."
    )
    def rematch_offered(self, info: Info) -> bool:
        viewer = info.context.viewer
        sees = viewer is not None and (viewer.is_admin or viewer.user.id == self.model.mentee_id)
        return (
            sees
            and self.model.status is MentorshipStatus.ACTIVE
            and self.model.rematch_offered_at is not None
        )

    @strawberry.field(description="The meetings logged, newest first.")
    async def sessions(self, info: Info) -> list[Session]:
        from mentormatch.feedback.api import MentorshipSessionType

        return [
            MentorshipSessionType(model=s) for s in await info.context.loaders.sessions.load(self.model.id)
        ]

    @strawberry.field
    async def session_count(self, info: Info) -> int:
        return len(await info.context.loaders.sessions.load(self.model.id))

    @strawberry.field
    async def session_minutes(self, info: Info) -> int:
        return sum(s.minutes for s in await info.context.loaders.sessions.load(self.model.id))
