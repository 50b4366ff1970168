"""GraphQL of the programme's analytics (admins only)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from mentormatch.analytics import service
from mentormatch.feedback import figures
from mentormatch.graphql.context import Info


@strawberry.type
class CareerStageCount:
    career_stage: str | None = strawberry.field(description="Null for participants who gave none.")
    participants: int
    mentors: int
    mentees: int


@strawberry.type
class StatusCount:
    status: str = strawberry.field(description="A request status, or a mentorship outcome.")
    count: int


@strawberry.type
class AnalyticsWeek:
    week_start: date = strawberry.field(description="The Monday the week starts on.")
    requests_made: int
    requests_accepted: int
    acceptance_rate: float | None
    median_hours_to_respond: float | None
    mentorships_started: int
    mentorships_completed: int
    mentorships_ended: int
    active_mentorships: int = strawberry.field(description="At the week's end (or now).")
    unmatched_mentees: int = strawberry.field(description="At the week's end (or now).")
    check_ins: int
    average_rating: float | None
    good_fit_rate: float | None
    average_progress: float | None
    sessions_logged: int


@strawberry.type(description="The programme's analytics over whole UTC days, `from` to `to`.")
class ProgramAnalytics:
    from_: date = strawberry.field(name="from")
    to: date
    participants: int = strawberry.field(description="Now: users who can mentor or seek mentoring.")
    mentors: int
    mentees: int
    by_career_stage: list[CareerStageCount]
    requests_made: int = strawberry.field(description="Requests made in the period, either direction.")
    requests_by_status: list[StatusCount] = strawberry.field(
        description="A pending request past its expiry counts as EXPIRED."
    )
    acceptance_rate: float | None = strawberry.field(description="ACCEPTED / (ACCEPTED+DECLINED+EXPIRED).")
    median_hours_to_respond: float | None = strawberry.field(
        description="Over requests made in the period and accepted or declined."
    )
    mentorships_started: int
    active_mentorships: int = strawberry.field(description="At the period's end.")
    completed_mentorships: int = strawberry.field(description="Ended in the period as COMPLETED.")
    outcomes: list[StatusCount] = strawberry.field(description="Mentorships ended in the period.")
    check_ins: int
    average_rating: float | None
    good_fit_rate: float | None
    average_progress: float | None = strawberry.field(description="Mean objective progress, 0-100.")
    sessions_logged: int
    session_minutes: int
    unmatched_mentees: int = strawberry.field(
        description="Now: mentees (not suspended or hidden) with no active mentorship."
    )
    median_days_unmatched: float | None = strawberry.field(
        description="Since their profile was made or their last mentorship ended."
    )
    longest_days_unmatched: float | None
    weeks: list[AnalyticsWeek] = strawberry.field(description="Every week overlapping the period.")

    @classmethod
    def of(cls, a: service.Analytics) -> ProgramAnalytics:
        return cls(
            from_=a.start,
            to=a.end,
            participants=a.participants,
            mentors=a.mentors,
            mentees=a.mentees,
            by_career_stage=[
                CareerStageCount(
                    career_stage=s.career_stage,
                    participants=s.participants,
                    mentors=s.mentors,
                    mentees=s.mentees,
                )
                for s in a.by_career_stage
            ],
            requests_made=a.requests_made,
            requests_by_status=[StatusCount(status=k, count=v) for k, v in a.requests_by_status.items()],
            acceptance_rate=a.acceptance_rate,
            median_hours_to_respond=a.median_hours_to_respond,
            mentorships_started=a.mentorships_started,
            active_mentorships=a.active_mentorships,
            completed_mentorships=a.completed_mentorships,
            outcomes=[StatusCount(status=k, count=v) for k, v in a.outcomes.items()],
            check_ins=a.check_ins.check_ins,
            average_rating=a.check_ins.average_rating,
            good_fit_rate=a.check_ins.good_fit_rate,
            average_progress=a.check_ins.average_progress,
            sessions_logged=a.sessions.sessions_logged,
            session_minutes=a.sessions.session_minutes,
            unmatched_mentees=a.unmatched_mentees,
            median_days_unmatched=a.median_days_unmatched,
            longest_days_unmatched=a.longest_days_unmatched,
            weeks=[AnalyticsWeek(**vars(w)) for w in a.weeks],
        )


@strawberry.type
class AnalyticsQuery:
    @strawberry.field(
        description="The programme's analytics (admins only). `from` and `to` are inclusive UTC days; "
        f"by default the last {figures.DEFAULT_WEEKS} weeks."
    )
    async def program_analytics(
        self,
        info: Info,
        from_: Annotated[date | None, strawberry.argument(name="from")] = None,
        to: date | None = None,
    ) -> ProgramAnalytics:
        info.context.require_admin()
        return ProgramAnalytics.of(await service.program_analytics(info.context.db, start=from_, end=to))
