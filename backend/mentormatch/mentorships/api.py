"""GraphQL of mentorships: requests both ways, accepting, declining, withdrawing, ending, and the lists."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import strawberry

from mentormatch.accounts.rate_limits import Action
from mentormatch.db.keyset import encode_cursor
from mentormatch.errors import ServiceError
from mentormatch.graphql.context import Info
from mentormatch.graphql.errors import UserError, user_errors
from mentormatch.graphql.mentorship_types import (
    MentorshipOutcomeEnum,
    MentorshipRequestType,
    MentorshipRoleEnum,
    MentorshipStatusEnum,
    MentorshipType,
    RequestStatusEnum,
)
from mentormatch.graphql.pagination import PageInfo
from mentormatch.mentorships import service
from mentormatch.mentorships.models import Mentorship, MentorshipRequest, RequestStatus
from mentormatch.profiles.api import parse_id


@strawberry.type
class MentorshipRequestEdge:
    cursor: str
    node: MentorshipRequestType


@strawberry.type
class MentorshipRequestConnection:
    edges: list[MentorshipRequestEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type
class MentorshipEdge:
    cursor: str
    node: MentorshipType


@strawberry.type
class MentorshipConnection:
    edges: list[MentorshipEdge]
    page_info: PageInfo
    total_count: int


@strawberry.input
class RequestMentorshipInput:
    mentor_id: strawberry.ID
    message: str = strawberry.field(description="Why you want to work together; at most 1,000 characters.")
    objectives: list[str] | None = strawberry.field(
        default=None, description="The objectives this is about: at most 10, 300 characters each."
    )


@strawberry.input
class InviteMenteeInput:
    mentee_id: strawberry.ID
    message: str = strawberry.field(description="Why you want to work together; at most 1,000 characters.")
    objectives: list[str] | None = strawberry.field(
        default=None, description="Their objectives you can help with: at most 10, 300 characters each."
    )


@strawberry.input
class EndMentorshipInput:
    id: strawberry.ID
    outcome: MentorshipOutcomeEnum  # type: ignore[valid-type]
    reason: str | None = strawberry.field(default=None, description="At most 500 characters.")


@strawberry.type
class MentorshipRequestPayload:
    request: MentorshipRequestType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class MentorshipPayload:
    mentorship: MentorshipType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


def _page_info(page: service.Page[Any], edges: list[Any]) -> PageInfo:
    return PageInfo(
        has_next_page=page.has_next,
        has_previous_page=page.has_previous,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )


def request_connection(page: service.Page[MentorshipRequest]) -> MentorshipRequestConnection:
    edges = [
        MentorshipRequestEdge(cursor=encode_cursor(r.created_at, r.id), node=MentorshipRequestType(model=r))
        for r in page.rows
    ]
    return MentorshipRequestConnection(edges=edges, page_info=_page_info(page, edges), total_count=page.total)


def mentorship_connection(page: service.Page[Mentorship]) -> MentorshipConnection:
    edges = [
        MentorshipEdge(cursor=encode_cursor(m.started_at, m.id), node=MentorshipType(model=m))
        for m in page.rows
    ]
    return MentorshipConnection(edges=edges, page_info=_page_info(page, edges), total_count=page.total)


async def user_requests(
    info: Info,
    user_id: uuid.UUID,
    box: service.Box,
    first: int,
    after: str | None,
    statuses: list[RequestStatus] | None = None,
) -> MentorshipRequestConnection:
    """A user's incoming or outgoing requests, newest first: an admin's view of anyone's (the caller
    checks), or a participant's own. Overdue ones are expired on the primary first; the page is read where
    the operation reads, unless that expiry wrote."""
    page, expired = await service.list_requests(
        info.context.resources.db,
        viewer_id=user_id,
        box=box,
        statuses=statuses,
        first=first,
        after=after,
        reads=info.context.db,
    )
    if expired:
        info.context.wrote()
    return request_connection(page)


async def user_mentorships(
    info: Info, user_id: uuid.UUID, first: int, after: str | None
) -> MentorshipConnection:
    """A user's mentorships in either role, newest first, for an admin (the caller checks)."""
    page = await service.list_mentorships(
        info.context.db, viewer_id=user_id, statuses=None, role=None, first=first, after=after
    )
    return mentorship_connection(page)


async def _request_payload(
    attempt: Callable[[], Awaitable[MentorshipRequest]],
) -> MentorshipRequestPayload:
    try:
        request = await attempt()
    except ServiceError as error:
        return MentorshipRequestPayload(errors=user_errors(error))
    return MentorshipRequestPayload(request=MentorshipRequestType(model=request))


def _id(raw: strawberry.ID, what: str, field: str | None = None) -> uuid.UUID:
    try:
        return parse_id(raw, what)
    except ServiceError as error:
        raise ServiceError(error.code, error.message, field) from None


async def _request_list(
    info: Info, box: service.Box, status: list[RequestStatus] | None, first: int, after: str | None
) -> MentorshipRequestConnection:
    viewer = info.context.require_viewer()
    return await user_requests(info, viewer.user.id, box, first, after, status)


@strawberry.type
class MentorshipsQuery:
    @strawberry.field(description="Requests sent to you, newest first. `first` is capped at 50.")
    async def incoming_mentorship_requests(
        self,
        info: Info,
        status: list[RequestStatusEnum] | None = None,  # type: ignore[valid-type]
        first: int = 20,
        after: str | None = None,
    ) -> MentorshipRequestConnection:
        return await _request_list(info, service.Box.INCOMING, status, first, after)

    @strawberry.field(description="Requests you sent, newest first. `first` is capped at 50.")
    async def outgoing_mentorship_requests(
        self,
        info: Info,
        status: list[RequestStatusEnum] | None = None,  # type: ignore[valid-type]
        first: int = 20,
        after: str | None = None,
    ) -> MentorshipRequestConnection:
        return await _request_list(info, service.Box.OUTGOING, status, first, after)

    @strawberry.field(
        description="Your mentorships, newest first; `role` narrows to those where you are the mentor or "
        "the mentee. `first` is capped at 50."
    )
    async def my_mentorships(
        self,
        info: Info,
        status: list[MentorshipStatusEnum] | None = None,  # type: ignore[valid-type]
        role: MentorshipRoleEnum | None = None,  # type: ignore[valid-type]
        first: int = 20,
        after: str | None = None,
    ) -> MentorshipConnection:
        viewer = info.context.require_viewer()
        page = await service.list_mentorships(
            info.context.db,
            viewer_id=viewer.user.id,
            statuses=status,
            role=role,
            first=first,
            after=after,
        )
        return mentorship_connection(page)

    @strawberry.field(description="A request; only its two participants and admins can see it.")
    async def mentorship_request(self, info: Info, id: strawberry.ID) -> MentorshipRequestType | None:
        viewer = info.context.require_viewer()
        request = await service.get_request(
            info.context.resources.db,
            viewer_id=viewer.user.id,
            is_admin=viewer.is_admin,
            request_id=_id(id, "Mentorship request"),
        )
        return MentorshipRequestType(model=request)

    @strawberry.field(description="A mentorship; only its two participants and admins can see it.")
    async def mentorship(self, info: Info, id: strawberry.ID) -> MentorshipType | None:
        viewer = info.context.require_viewer()
        mentorship = await service.get_mentorship(
            info.context.db,
            viewer_id=viewer.user.id,
            is_admin=viewer.is_admin,
            mentorship_id=_id(id, "Mentorship"),
        )
        return MentorshipType(model=mentorship)


@strawberry.type
class MentorshipsMutation:
    @strawberry.mutation(description="Ask a mentor to mentor you; they are notified.")
    async def request_mentorship(self, info: Info, input: RequestMentorshipInput) -> MentorshipRequestPayload:
        context = info.context

        async def attempt() -> MentorshipRequest:
            viewer = await context.count(Action.REQUEST)
            return await service.create_request(
                context.resources.db,
                initiator=service.Role.MENTEE,
                sender_id=viewer.user.id,
                recipient_id=_id(input.mentor_id, "Participant", "mentorId"),
                message=input.message,
                objectives=input.objectives,
            )

        return await _request_payload(attempt)

    @strawberry.mutation(description="As a mentor, invite a mentee to be mentored by you; they are notified.")
    async def invite_mentee(self, info: Info, input: InviteMenteeInput) -> MentorshipRequestPayload:
        context = info.context

        async def attempt() -> MentorshipRequest:
            viewer = await context.count(Action.INVITE)
            return await service.create_request(
                context.resources.db,
                initiator=service.Role.MENTOR,
                sender_id=viewer.user.id,
                recipient_id=_id(input.mentee_id, "Participant", "menteeId"),
                message=input.message,
                objectives=input.objectives,
            )

        return await _request_payload(attempt)

    @strawberry.mutation(
        description="Accept a request sent to you: the mentorship starts. Accepting it again changes nothing."
    )
    async def accept_mentorship_request(self, info: Info, id: strawberry.ID) -> MentorshipRequestPayload:
        context = info.context

        async def attempt() -> MentorshipRequest:
            viewer = context.require_viewer()
            return await service.accept_request(
                context.resources.db, viewer_id=viewer.user.id, request_id=_id(id, "Mentorship request")
            )

        return await _request_payload(attempt)

    @strawberry.mutation(description="Decline a request sent to you, optionally saying why (500 characters).")
    async def decline_mentorship_request(
        self, info: Info, id: strawberry.ID, reason: str | None = None
    ) -> MentorshipRequestPayload:
        context = info.context

        async def attempt() -> MentorshipRequest:
            viewer = context.require_viewer()
            return await service.decline_request(
                context.resources.db,
                viewer_id=viewer.user.id,
                request_id=_id(id, "Mentorship request"),
                reason=reason,
            )

        return await _request_payload(attempt)

    @strawberry.mutation(description="Take back a pending request you sent.")
    async def withdraw_mentorship_request(self, info: Info, id: strawberry.ID) -> MentorshipRequestPayload:
        context = info.context

        async def attempt() -> MentorshipRequest:
            viewer = context.require_viewer()
            return await service.withdraw_request(
                context.resources.db, viewer_id=viewer.user.id, request_id=_id(id, "Mentorship request")
            )

        return await _request_payload(attempt)

    @strawberry.mutation(
        description="End one of your active mentorships; both of you are asked for feedback. "
        "Ending it again changes nothing."
    )
    async def end_mentorship(self, info: Info, input: EndMentorshipInput) -> MentorshipPayload:
        context = info.context
        try:
            viewer = context.require_viewer()
            mentorship = await service.end_mentorship(
                context.resources.db,
                viewer_id=viewer.user.id,
                mentorship_id=_id(input.id, "Mentorship", "id"),
                outcome=input.outcome,
                reason=input.reason,
            )
        except ServiceError as error:
            return MentorshipPayload(errors=user_errors(error))
        return MentorshipPayload(mentorship=MentorshipType(model=mentorship))
