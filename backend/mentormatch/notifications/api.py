"""GraphQL of notifications: the Notification type, `notifications` and `markNotificationsRead`."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.base import ExecutableOption

from mentormatch.db.keyset import encode_cursor
from mentormatch.errors import ServiceError
from mentormatch.feedback.service import run_lazy_duties
from mentormatch.graphql.context import Info
from mentormatch.graphql.errors import UserError, user_errors
from mentormatch.graphql.mentorship_types import MentorshipRequestType, MentorshipType
from mentormatch.graphql.pagination import PageInfo
from mentormatch.mentorships.models import mentorship_options, request_options
from mentormatch.notifications import service
from mentormatch.notifications.models import Notification, NotificationKind

if TYPE_CHECKING:
    from mentormatch.accounts.api import UserType

NotificationKindEnum = strawberry.enum(
    NotificationKind, name="NotificationKind", description="What happened."
)


def subjects() -> list[ExecutableOption]:
    """Loader options: a notification's request and mentorship, as their GraphQL types show them."""
    return [
        selectinload(Notification.request).options(*request_options()),
        selectinload(Notification.mentorship).options(*mentorship_options()),
    ]


@strawberry.type(name="Notification", description="Something that happened that concerns you.")
class NotificationType:
    model: strawberry.Private[Notification]

    @classmethod
    def of(cls, model: Notification) -> NotificationType:
        """The GraphQL view of a notification loaded with its `subjects()`."""
        return cls(model=model)

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.model.id))

    @strawberry.field
    def kind(self) -> NotificationKindEnum:  # type: ignore[valid-type]
        return self.model.kind

    @strawberry.field
    def message(self) -> str:
        return self.model.message

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field
    def read_at(self) -> datetime | None:
        return self.model.read_at

    @strawberry.field
    def read(self) -> bool:
        return self.model.is_read

    @strawberry.field(description="Who caused it; null for the system (an expiry).")
    def actor(self) -> Annotated[UserType, strawberry.lazy("mentormatch.accounts.api")] | None:
        from mentormatch.accounts.api import UserType

        return UserType(model=self.model.actor) if self.model.actor else None

    @strawberry.field
    def request(self) -> MentorshipRequestType | None:
        return MentorshipRequestType(model=self.model.request) if self.model.request else None

    @strawberry.field
    def mentorship(self) -> MentorshipType | None:
        return MentorshipType(model=self.model.mentorship) if self.model.mentorship else None


@strawberry.type
class NotificationEdge:
    cursor: str
    node: NotificationType


@strawberry.type
class NotificationConnection:
    edges: list[NotificationEdge]
    page_info: PageInfo
    unread_count: int = strawberry.field(description="All your unread notifications, not just this page.")


@strawberry.input
class MarkNotificationsReadInput:
    ids: list[strawberry.ID] | None = strawberry.field(default=None, description="At most 100.")
    all: bool = strawberry.field(default=False, description="Mark every notification of yours read.")


@strawberry.type
class MarkNotificationsReadPayload:
    marked: int = strawberry.field(default=0, description="How many were unread and are now read.")
    unread_count: int = 0
    errors: list[UserError] = strawberry.field(default_factory=list)


def _ids(raw: list[strawberry.ID] | None) -> list[uuid.UUID] | None:
    """Malformed ids are simply no notification of yours."""
    if raw is None:
        return None
    ids: list[uuid.UUID] = []
    for value in raw:
        try:
            ids.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return ids


@strawberry.type
class NotificationsQuery:
    @strawberry.field(description="Your notifications, newest first. `first` is capped at 50.")
    async def notifications(
        self, info: Info, first: int = 20, after: str | None = None, unread_only: bool = False
    ) -> NotificationConnection:
        viewer = info.context.require_viewer()
        # Expiring overdue requests and announcing due check-ins write notifications of their own
        # (on the primary): committed first, they are listed (read from the primary when there were any).
        if await run_lazy_duties(info.context.resources.db, user_id=viewer.user.id):
            info.context.wrote()
        page = await service.list_notifications(
            info.context.db,
            user_id=viewer.user.id,
            first=first,
            after=after,
            unread_only=unread_only,
            subjects=subjects(),
        )
        edges = [
            NotificationEdge(cursor=encode_cursor(n.created_at, n.id), node=NotificationType.of(n))
            for n in page.notifications
        ]
        return NotificationConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next,
                has_previous_page=page.has_previous,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            unread_count=page.unread_count,
        )


@strawberry.type
class NotificationsMutation:
    @strawberry.mutation(description="Mark some (`ids`) or all (`all: true`) of your notifications read.")
    async def mark_notifications_read(
        self, info: Info, input: MarkNotificationsReadInput
    ) -> MarkNotificationsReadPayload:
        context = info.context
        try:
            viewer = context.require_viewer()
            marked, unread = await service.mark_read(
                context.resources.db, user_id=viewer.user.id, ids=_ids(input.ids), mark_all=input.all
            )
        except ServiceError as error:
            return MarkNotificationsReadPayload(errors=user_errors(error))
        return MarkNotificationsReadPayload(marked=marked, unread_count=unread)
