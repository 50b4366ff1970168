"""GraphQL of the feedback loop: check-ins, logged sessions, mentors' public records, the figures."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from mentormatch.accounts.rate_limits import Action
from mentormatch.errors import ServiceError
from mentormatch.feedback import figures, records, service
from mentormatch.feedback.models import Feedback, MentorshipSession
from mentormatch.graphql.context import Info
from mentormatch.graphql.errors import UserError, user_errors
from mentormatch.graphql.mentorship_types import MentorshipRoleEnum
from mentormatch.profiles.api import parse_id

if TYPE_CHECKING:
    from mentormatch.accounts.api import UserType
    from mentormatch.graphql.mentorship_types import MentorshipType

User = Annotated["UserType", strawberry.lazy("mentormatch.accounts.api")]
Mentorship = Annotated["MentorshipType", strawberry.lazy("mentormatch.graphql.mentorship_types")]


@strawberry.type
class ObjectiveProgress:
    objective: str
    progress: int = strawberry.field(description="0-100.")


@strawberry.type(
    name="Feedback",
    description="A check-in on a mentorship. Seen by its author and admins; never by the other participant.",
)
class FeedbackType:
    model: strawberry.Private[Feedback]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.model.id))

    @strawberry.field
    async def mentorship(self, info: Info) -> Mentorship:
        from mentormatch.graphql.mentorship_types import MentorshipType
        from mentormatch.mentorships.service import mentorship_by_id

        return MentorshipType(model=await mentorship_by_id(info.context.db, self.model.mentorship_id))

    @strawberry.field
    def author(self) -> User:
        from mentormatch.accounts.api import UserType

        return UserType(model=self.model.author)

    @strawberry.field(description="The author's side of the mentorship.")
    def author_role(self) -> MentorshipRoleEnum:  # type: ignore[valid-type]
        return self.model.author_role

    @strawberry.field(description="1 (poor) to 5 (excellent).")
    def rating(self) -> int:
        return self.model.rating

    @strawberry.field
    def good_fit(self) -> bool:
        return self.model.good_fit

    @strawberry.field(description="Progress on the mentorship's objectives, as the author saw it.")
    def objective_progress(self) -> list[ObjectiveProgress]:
        return [ObjectiveProgress(objective=p.objective, progress=p.progress) for p in self.model.progress]

    @strawberry.field
    def comment(self) -> str | None:
        return self.model.comment

    @strawberry.field(description="Given after the mentorship ended.")
    def final(self) -> bool:
        return self.model.final

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field(
        description="When a moderator removed it (it then counts in no rating or figure); shown to its "
        "author and admins, null to anyone else."
    )
    def removed_at(self, info: Info) -> datetime | None:
        viewer = info.context.viewer
        sees = viewer is not None and (viewer.is_admin or viewer.user.id == self.model.author_id)
        return self.model.removed_at if sees else None

    @strawberry.field(description="Why a moderator removed it; admins only, null to anyone else.")
    def removed_reason(self, info: Info) -> str | None:
        viewer = info.context.viewer
        return self.model.removed_reason if viewer is not None and viewer.is_admin else None


@strawberry.type(name="MentorshipSession", description="A meeting of the pair, logged by either of them.")
class MentorshipSessionType:
    model: strawberry.Private[MentorshipSession]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.model.id))

    @strawberry.field
    def held_on(self) -> date:
        return self.model.held_on

    @strawberry.field
    def minutes(self) -> int:
        return self.model.minutes

    @strawberry.field
    def note(self) -> str | None:
        return self.model.note

    @strawberry.field
    def logged_by(self) -> User:
        from mentormatch.accounts.api import UserType

        return UserType(model=self.model.logger)

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at


@strawberry.type(description="How a mentor answers requests from mentees.")
class Responsiveness:
    requests_counted: int = strawberry.field(
        description=f"Their latest requests (at most {records.RESPONSIVENESS_WINDOW}) that were answered or "
        "expired; withdrawn, cancelled and open ones do not count."
    )
    answered_in_time: int = strawberry.field(description="Of those, answered before they expired.")
    response_rate: float | None = strawberry.field(
        description="answeredInTime / requestsCounted; null without any."
    )
    median_hours_to_answer: float | None = strawberry.field(description="Null until one was answered.")
    summary: str = strawberry.field(description="In words, e.g. “Usually answers within 2 days”.")

    @classmethod
    def of(cls, value: records.Responsiveness) -> Responsiveness:
        hours = value.median_hours
        return cls(
            requests_counted=value.counted,
            answered_in_time=value.answered,
            response_rate=None if value.rate is None else round(value.rate, 4),
            median_hours_to_answer=None if hours is None else round(hours, 1),
            summary=value.summary,
        )


@strawberry.type(
    description=f"A mentor's public record. The rating is public only over at least "
    f"{records.PUBLIC_MIN_RATINGS} rated mentorships from {records.PUBLIC_MIN_MENTEES} different mentees."
)
class MentorRecord:
    enough_ratings: bool = strawberry.field(description="False: “not enough ratings yet”.")
    rating: float | None = strawberry.field(
        description="1-5: the Bayesian average of their mentorships' ratings (each the mentee's latest "
        f"check-in) with {records.RATING_PRIOR_WEIGHT} ratings at the programme's mean; null unless "
        "enoughRatings."
    )
    rating_count: int | None = strawberry.field(description="Rated mentorships; null unless enoughRatings.")
    responsiveness: Responsiveness

    @classmethod
    def of(cls, record: records.MentorRecord) -> MentorRecord:
        return cls(
            enough_ratings=record.enough_ratings,
            rating=None if record.rating is None else round(record.rating, 2),
            rating_count=record.rating_count,
            responsiveness=Responsiveness.of(record.responsiveness),
        )


@strawberry.input
class ObjectiveProgressInput:
    objective: str = strawberry.field(description="One of the mentorship's objectives.")
    progress: int = strawberry.field(description="0-100.")


@strawberry.input
class FeedbackInput:
    mentorship_id: strawberry.ID
    rating: int = strawberry.field(description="1 (poor) to 5 (excellent).")
    good_fit: bool
    objective_progress: list[ObjectiveProgressInput] | None = strawberry.field(
        default=None, description="Progress 0-100 on some or all of the mentorship's objectives."
    )
    comment: str | None = strawberry.field(default=None, description="At most 2,000 characters.")


@strawberry.type
class FeedbackPayload:
    feedback: FeedbackType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class LogSessionInput:
    mentorship_id: strawberry.ID
    held_on: date = strawberry.field(description="Between the start and the end (or today).")
    minutes: int = strawberry.field(description="5-600.")
    note: str | None = strawberry.field(default=None, description="At most 1,000 characters.")


@strawberry.type
class MentorshipSessionPayload:
    session: MentorshipSessionType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class FeedbackWeek:
    week_start: date = strawberry.field(description="The Monday the week starts on.")
    check_ins: int
    average_rating: float | None
    good_fit_rate: float | None
    average_progress: float | None
    sessions_logged: int
    session_minutes: int


@strawberry.type(description="The programme's feedback figures over whole UTC days, `from` to `to`.")
class FeedbackSummary:
    from_: date = strawberry.field(name="from")
    to: date
    check_ins: int = strawberry.field(description="Check-ins given in the period, by either side.")
    average_rating: float | None
    good_fit_rate: float | None = strawberry.field(description="Share of check-ins saying it is a good fit.")
    average_progress: float | None = strawberry.field(description="Mean objective progress, 0-100.")
    check_ins_expected: int = strawberry.field(
        description="Per participant of each mentorship: the whole check-in intervals it was active in "
        "the period up to now, plus one if it ended in the period."
    )
    check_in_completion_rate: float | None = strawberry.field(
        description="Check-ins given (at most as many as expected of each participant) / expected."
    )
    sessions_logged: int
    session_minutes: int
    requests_decided: int = strawberry.field(
        description="Requests from mentees made in the period that were answered or expired."
    )
    requests_answered_in_time_rate: float | None = strawberry.field(
        description="Share of those answered before they expired."
    )
    weeks: list[FeedbackWeek] = strawberry.field(
        description="Every week overlapping the period, oldest first."
    )

    @classmethod
    def of(cls, summary: figures.Summary) -> FeedbackSummary:
        return cls(
            from_=summary.start,
            to=summary.end,
            check_ins=summary.check_ins,
            average_rating=summary.average_rating,
            good_fit_rate=summary.good_fit_rate,
            average_progress=summary.average_progress,
            check_ins_expected=summary.check_ins_expected,
            check_in_completion_rate=summary.check_in_completion_rate,
            sessions_logged=summary.sessions_logged,
            session_minutes=summary.session_minutes,
            requests_decided=summary.requests_decided,
            requests_answered_in_time_rate=summary.requests_answered_in_time_rate,
            weeks=[
                FeedbackWeek(
                    week_start=w.week_start,
                    check_ins=w.check_ins,
                    average_rating=w.average_rating,
                    good_fit_rate=w.good_fit_rate,
                    average_progress=w.average_progress,
                    sessions_logged=w.sessions_logged,
                    session_minutes=w.session_minutes,
                )
                for w in summary.weeks
            ],
        )


def _mentorship_id(raw: strawberry.ID) -> uuid.UUID:
    try:
        return parse_id(raw, "Mentorship")
    except ServiceError as error:
        raise ServiceError(error.code, error.message, "mentorshipId") from None


@strawberry.type
class FeedbackQuery:
    @strawberry.field(
        description="The programme's feedback figures (admins only). `from` and `to` are inclusive UTC "
        f"days; by default the last {figures.DEFAULT_WEEKS} weeks."
    )
    async def feedback_summary(
        self,
        info: Info,
        from_: Annotated[date | None, strawberry.argument(name="from")] = None,
        to: date | None = None,
    ) -> FeedbackSummary:
        info.context.require_admin()
        return FeedbackSummary.of(await figures.feedback_summary(info.context.db, start=from_, end=to))


@strawberry.type
class FeedbackMutation:
    @strawberry.mutation(
        description="Check in on one of your mentorships: while active, once per check-in interval (the "
        "first any time); after it ended, one final check-in within the interval. Only you and admins "
        "see it; your partner never does. A mentee saying it is not a good fit is offered a re-match."
    )
    async def submit_feedback(self, info: Info, input: FeedbackInput) -> FeedbackPayload:
        context = info.context
        try:
            viewer = await context.count(Action.CHECK_IN)
            feedback = await service.submit_feedback(
                context.resources.db,
                viewer_id=viewer.user.id,
                mentorship_id=_mentorship_id(input.mentorship_id),
                rating=input.rating,
                good_fit=input.good_fit,
                progress=[
                    service.ProgressInput(p.objective, p.progress) for p in input.objective_progress or ()
                ],
                comment=input.comment,
            )
        except ServiceError as error:
            return FeedbackPayload(errors=user_errors(error))
        return FeedbackPayload(feedback=FeedbackType(model=feedback))

    @strawberry.mutation(description="Log a meeting of one of your mentorships; both of you see the log.")
    async def log_session(self, info: Info, input: LogSessionInput) -> MentorshipSessionPayload:
        context = info.context
        try:
            viewer = await context.count(Action.SESSION_LOG)
            logged = await service.log_session(
                context.resources.db,
                viewer_id=viewer.user.id,
                mentorship_id=_mentorship_id(input.mentorship_id),
                held_on=input.held_on,
                minutes=input.minutes,
                note=input.note,
            )
        except ServiceError as error:
            return MentorshipSessionPayload(errors=user_errors(error))
        return MentorshipSessionPayload(session=MentorshipSessionType(model=logged))
