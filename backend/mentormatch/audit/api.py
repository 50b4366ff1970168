"""GraphQL of the audit log: `auditLog` (admins only)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, cast

import strawberry
from sqlalchemy import select
from strawberry.scalars import JSON

from mentormatch.accounts.models import User
from mentormatch.audit import service
from mentormatch.audit.models import AuditEntry
from mentormatch.db.keyset import encode_cursor
from mentormatch.errors import ServiceError
from mentormatch.graphql.context import Info
from mentormatch.graphql.pagination import PageInfo
from mentormatch.profiles.api import parse_id

if TYPE_CHECKING:
    from mentormatch.accounts.api import UserType

AuditActionEnum = strawberry.enum(service.Action, name="AuditAction", description="What the log records.")
AuditTargetTypeEnum = strawberry.enum(service.TargetType, name="AuditTargetType")


@strawberry.type(name="AuditEntry", description="One admin action or security-relevant event.")
class AuditEntryType:
    model: strawberry.Private[AuditEntry]
    users: strawberry.Private[dict[uuid.UUID, User]]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.model.id))

    @strawberry.field
    def at(self) -> datetime:
        return self.model.at

    @strawberry.field(description="Who did it (null for the system, or an account since erased).")
    def actor(self) -> Annotated[UserType, strawberry.lazy("mentormatch.accounts.api")] | None:
        from mentormatch.accounts.api import UserType

        user = self.users.get(self.model.actor_id) if self.model.actor_id else None
        return UserType(model=user) if user else None

    @strawberry.field(description="The actor's id, kept after the account is erased.")
    def actor_id(self) -> strawberry.ID | None:
        return strawberry.ID(str(self.model.actor_id)) if self.model.actor_id else None

    @strawberry.field
    def action(self) -> AuditActionEnum:  # type: ignore[valid-type]
        return service.Action(self.model.action)

    @strawberry.field
    def target_type(self) -> AuditTargetTypeEnum | None:  # type: ignore[valid-type]
        return service.TargetType(self.model.target_type) if self.model.target_type else None

    @strawberry.field(
        description="The target's id (a user, profile owner, feedback, report or cohort proposal)."
    )
    def target_id(self) -> strawberry.ID | None:
        return strawberry.ID(str(self.model.target_id)) if self.model.target_id else None

    @strawberry.field(description="A keyed hash standing for an identifier the log must not copy (an email).")
    def target_hash(self) -> str | None:
        return self.model.target_hash

    @strawberry.field
    def reason(self) -> str | None:
        return self.model.reason

    @strawberry.field(description="Before/after values of a settings change and the like; no personal data.")
    def details(self) -> JSON | None:
        return cast(JSON, self.model.details)

    @strawberry.field(description="The request it happened in (the X-Request-ID header and log lines).")
    def request_id(self) -> str | None:
        return self.model.request_id


@strawberry.type
class AuditEntryEdge:
    cursor: str
    node: AuditEntryType


@strawberry.type
class AuditEntryConnection:
    edges: list[AuditEntryEdge]
    page_info: PageInfo


@strawberry.input
class AuditLogFilter:
    actor: strawberry.ID | None = None
    target: strawberry.ID | None = None
    action: AuditActionEnum | None = None  # type: ignore[valid-type]
    from_: datetime | None = strawberry.field(default=None, name="from")
    to: datetime | None = strawberry.field(default=None, description="Exclusive.")


def _id(raw: strawberry.ID | None, field: str) -> uuid.UUID | None:
    if raw is None:
        return None
    try:
        return parse_id(raw, "User")
    except ServiceError as error:
        raise ServiceError(error.code, error.message, field) from None


@strawberry.type
class AuditQuery:
    @strawberry.field(description="The audit log, newest first (admins only). `first` is capped at 50.")
    async def audit_log(
        self, info: Info, first: int = 20, after: str | None = None, filter: AuditLogFilter | None = None
    ) -> AuditEntryConnection:
        info.context.require_admin()
        f = filter or AuditLogFilter()
        db = info.context.db
        page = await service.list_entries(
            db,
            audit_filter=service.AuditFilter(
                actor_id=_id(f.actor, "filter.actor"),
                target_id=_id(f.target, "filter.target"),
                actions=(f.action,) if f.action is not None else (),
                start=f.from_,
                end=f.to,
            ),
            first=first,
            after=after,
        )
        actor_ids = {e.actor_id for e in page.entries if e.actor_id is not None}
        users: dict[uuid.UUID, User] = {}
        if actor_ids:
            async with db() as session:
                users = {u.id: u for u in await session.scalars(select(User).where(User.id.in_(actor_ids)))}
        edges = [
            AuditEntryEdge(cursor=encode_cursor(e.at, e.id), node=AuditEntryType(model=e, users=users))
            for e in page.entries
        ]
        return AuditEntryConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next,
                has_previous_page=page.has_previous,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )
