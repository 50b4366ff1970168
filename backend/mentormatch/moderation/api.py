"""GraphQL of moderation: admins' actions on users, profiles and check-ins, `users`, and reports."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable
from datetime import datetime

import strawberry

from mentormatch.accounts.api import UserPayload, UserType
from mentormatch.accounts.models import User
from mentormatch.accounts.rate_limits import Action
from mentormatch.db.keyset import encode_cursor
from mentormatch.errors import ServiceError
from mentormatch.feedback.api import FeedbackPayload, FeedbackType
from mentormatch.feedback.models import Feedback
from mentormatch.graphql.context import Info
from mentormatch.graphql.errors import UserError, user_errors
from mentormatch.graphql.mentorship_types import MentorshipType
from mentormatch.graphql.pagination import PageInfo
from mentormatch.moderation import service
from mentormatch.moderation.models import Report, ReportAction, ReportStatus, ReportTargetType
from mentormatch.profiles.api import parse_id

ReportTargetTypeEnum = strawberry.enum(
    ReportTargetType, name="ReportTargetType", description="What a report is about."
)
ReportStatusEnum = strawberry.enum(ReportStatus, name="ReportStatus")
ReportActionEnum = strawberry.enum(
    ReportAction, name="ReportAction", description="What an admin did about a report."
)


def _admin(info: Info) -> bool:
    viewer = info.context.viewer
    return viewer is not None and viewer.is_admin


@strawberry.type(
    name="Report",
    description="A participant's report of a user, a profile or a check-in. Its reporter sees it without "
    "what was done about it; admins see everything.",
)
class ReportType:
    model: strawberry.Private[Report]
    feedback: strawberry.Private[Feedback | None] = None

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.model.id))

    @strawberry.field
    def target_type(self) -> ReportTargetTypeEnum:  # type: ignore[valid-type]
        return self.model.target_type

    @strawberry.field(description="The user's id (USER, PROFILE) or the check-in's (FEEDBACK).")
    def target_id(self) -> strawberry.ID:
        return strawberry.ID(str(self.model.target_id))

    @strawberry.field
    def reporter(self) -> UserType:
        return UserType(model=self.model.reporter)

    @strawberry.field
    def reason(self) -> str:
        return self.model.reason

    @strawberry.field
    def status(self) -> ReportStatusEnum:  # type: ignore[valid-type]
        return self.model.status

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field
    def resolved_at(self) -> datetime | None:
        return self.model.resolved_at

    @strawberry.field(description="The admin who resolved it; admins only.")
    def resolved_by(self, info: Info) -> UserType | None:
        resolver = self.model.resolver
        return UserType(model=resolver) if resolver is not None and _admin(info) else None

    @strawberry.field(description="What was done; admins only (a reporter never learns it).")
    def action(self, info: Info) -> ReportActionEnum | None:  # type: ignore[valid-type]
        return self.model.action if _admin(info) else None

    @strawberry.field(description="The admin's note; admins only.")
    def note(self, info: Info) -> str | None:
        return self.model.note if _admin(info) else None

    @strawberry.field(
        description="Who it is about: the reported user, the profile's owner or the check-in's author; "
        "admins only."
    )
    def target_user(self, info: Info) -> UserType | None:
        return UserType(model=self.model.target_user) if _admin(info) else None

    @strawberry.field(description="The reported check-in (FEEDBACK reports); admins only.")
    async def target_feedback(self, info: Info) -> FeedbackType | None:
        if not _admin(info) or self.model.target_type is not ReportTargetType.FEEDBACK:
            return None
        feedback = self.feedback or await service.report_feedback(info.context.db, self.model)
        return FeedbackType(model=feedback) if feedback is not None else None


@strawberry.type
class ReportPayload:
    report: ReportType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ReportEdge:
    cursor: str
    node: ReportType


@strawberry.type
class ReportConnection:
    edges: list[ReportEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type
class UserEdge:
    cursor: str
    node: UserType


@strawberry.type
class UserConnection:
    edges: list[UserEdge]
    page_info: PageInfo
    total_count: int = strawberry.field(description="Every user matching the filter.")


@strawberry.input(description="Every field narrows the list; omitted fields do not.")
class UserFilter:
    search: str | None = strawberry.field(
        default=None,
        description="Words that must each be part of the display name or email, in any case and with or "
        "without accents (\u201cjose gar\u201d finds Jos\u00e9 Garc\u00eda).",
    )
    suspended: bool | None = None
    hidden: bool | None = strawberry.field(default=None, description="Their profile is hidden.")
    can_mentor: bool | None = None
    seeks_mentoring: bool | None = None


@strawberry.input
class ReportInput:
    target_type: ReportTargetTypeEnum  # type: ignore[valid-type]
    target_id: strawberry.ID = strawberry.field(
        description="A user's id (USER, PROFILE: a profile has its owner's id) or a check-in's (FEEDBACK)."
    )
    reason: str = strawberry.field(description="1-1,000 characters.")


@strawberry.input
class ResolveReportInput:
    id: strawberry.ID
    action: ReportActionEnum  # type: ignore[valid-type]
    note: str | None = strawberry.field(
        default=None,
        description="Why (at most 1,000 characters); shown to admins only, never to the reporter.",
    )


def _page_info(cursors: list[str], has_next: bool, has_previous: bool) -> PageInfo:
    return PageInfo(
        has_next_page=has_next,
        has_previous_page=has_previous,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )


def _id(raw: strawberry.ID, what: str, field: str) -> uuid.UUID:
    try:
        return parse_id(raw, what)
    except ServiceError as error:
        raise ServiceError(error.code, error.message, field) from None


async def _user_payload(info: Info, action: Awaitable[service.UserResult]) -> UserPayload:
    try:
        result = await action
    except ServiceError as error:
        return UserPayload(errors=user_errors(error))
    return UserPayload(
        user=UserType(model=result.user),
        active_mentorships=[MentorshipType(model=m) for m in result.active_mentorships],
    )


@strawberry.type
class ModerationQuery:
    @strawberry.field(
        description="Users, newest first, with search and filters (admins only). `first` is capped at 50."
    )
    async def users(
        self, info: Info, first: int = 20, after: str | None = None, filter: UserFilter | None = None
    ) -> UserConnection:
        info.context.require_admin()
        f = filter or UserFilter()
        page = await service.list_users(
            info.context.db,
            user_filter=service.UserFilter(
                search=f.search,
                suspended=f.suspended,
                hidden=f.hidden,
                can_mentor=f.can_mentor,
                seeks_mentoring=f.seeks_mentoring,
            ),
            first=first,
            after=after,
        )
        edges = [
            UserEdge(cursor=encode_cursor(u.created_at, u.id), node=UserType(model=u)) for u in page.rows
        ]
        return UserConnection(
            edges=edges,
            page_info=_page_info([e.cursor for e in edges], page.has_next, page.has_previous),
            total_count=page.total,
        )

    @strawberry.field(description="One user by id, whatever their state (admins only); null if none.")
    async def user(self, info: Info, id: strawberry.ID) -> UserType | None:
        info.context.require_admin()
        user_id = parse_id(id, "User")
        async with info.context.db() as session:
            found = await session.get(User, user_id)
        return UserType(model=found) if found is not None else None

    @strawberry.field(
        description="The reports queue (admins only): OPEN first, oldest first. `first` is capped at 50."
    )
    async def reports(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        status: ReportStatusEnum | None = None,  # type: ignore[valid-type]
    ) -> ReportConnection:
        info.context.require_admin()
        page = await service.list_reports(info.context.db, status=status, first=first, after=after)
        edges = [
            ReportEdge(
                cursor=service.report_cursor(r),
                node=ReportType(model=r, feedback=page.feedback.get(r.target_id)),
            )
            for r in page.rows
        ]
        return ReportConnection(
            edges=edges,
            page_info=_page_info([e.cursor for e in edges], page.has_next, page.has_previous),
            total_count=page.total,
        )


@strawberry.type
class ModerationMutation:
    @strawberry.mutation(
        description="Suspend an account (admins): its sessions and live subscriptions end at once, sign-in "
        "is refused, it leaves every match list and its pending requests are cancelled (the other sides "
        "are told it can no longer be matched). Lists its ACTIVE mentorships for your decision. Again on a "
        "suspended account: no change."
    )
    async def suspend_user(self, info: Info, id: strawberry.ID, reason: str) -> UserPayload:
        context = info.context

        async def run() -> service.UserResult:
            admin = context.require_admin()
            return await service.suspend_user(
                context.resources.db, admin_id=admin.user.id, user_id=_id(id, "User", "id"), reason=reason
            )

        return await _user_payload(info, run())

    @strawberry.mutation(description="Lift a suspension (admins); the ended sessions stay ended.")
    async def reinstate_user(self, info: Info, id: strawberry.ID) -> UserPayload:
        context = info.context

        async def run() -> service.UserResult:
            admin = context.require_admin()
            return await service.reinstate_user(
                context.resources.db, admin_id=admin.user.id, user_id=_id(id, "User", "id")
            )

        return await _user_payload(info, run())

    @strawberry.mutation(
        description="Hide a participant's profile (admins; `id` is the user's): gone from matching and "
        "from other participants' view."
    )
    async def hide_profile(self, info: Info, id: strawberry.ID, reason: str) -> UserPayload:
        context = info.context

        async def run() -> service.UserResult:
            admin = context.require_admin()
            return await service.hide_profile(
                context.resources.db, admin_id=admin.user.id, user_id=_id(id, "Profile", "id"), reason=reason
            )

        return await _user_payload(info, run())

    @strawberry.mutation(description="Show a hidden profile again (admins).")
    async def unhide_profile(self, info: Info, id: strawberry.ID) -> UserPayload:
        context = info.context

        async def run() -> service.UserResult:
            admin = context.require_admin()
            return await service.unhide_profile(
                context.resources.db, admin_id=admin.user.id, user_id=_id(id, "Profile", "id")
            )

        return await _user_payload(info, run())

    @strawberry.mutation(
        description="Remove a check-in (admins): kept and marked removed, it no longer counts in any rating "
        "or figure."
    )
    async def remove_feedback(self, info: Info, id: strawberry.ID, reason: str) -> FeedbackPayload:
        context = info.context
        try:
            admin = context.require_admin()
            feedback = await service.remove_feedback(
                context.resources.db,
                admin_id=admin.user.id,
                feedback_id=_id(id, "Feedback", "id"),
                reason=reason,
            )
        except ServiceError as error:
            return FeedbackPayload(errors=user_errors(error))
        return FeedbackPayload(feedback=FeedbackType(model=feedback))

    @strawberry.mutation(
        description="Report a user or profile you can see, or your partner's check-in on one of your "
        "mentorships, with a reason. Reporting the same thing again while your report is open returns it."
    )
    async def report_content(self, info: Info, input: ReportInput) -> ReportPayload:
        context = info.context
        try:
            viewer = await context.count(Action.REPORT)
            target_type: ReportTargetType = input.target_type
            what = {"USER": "User", "PROFILE": "Profile", "FEEDBACK": "Feedback"}[target_type.value]
            report = await service.report_content(
                context.resources.db,
                viewer=viewer,
                target_type=target_type,
                target_id=_id(input.target_id, what, "targetId"),
                reason=input.reason,
            )
        except ServiceError as error:
            return ReportPayload(errors=user_errors(error))
        return ReportPayload(report=ReportType(model=report))

    @strawberry.mutation(
        description="Resolve a report (admins): the action is carried out in the same transaction and the "
        "reporter is told it was reviewed, never what was done."
    )
    async def resolve_report(self, info: Info, input: ResolveReportInput) -> ReportPayload:
        context = info.context
        try:
            admin = context.require_admin()
            report = await service.resolve_report(
                context.resources.db,
                admin_id=admin.user.id,
                report_id=_id(input.id, "Report", "id"),
                action=input.action,
                note=input.note,
            )
        except ServiceError as error:
            return ReportPayload(errors=user_errors(error))
        return ReportPayload(report=ReportType(model=report))
