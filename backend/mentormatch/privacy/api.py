"""GraphQL of participants' own data: `exportMyData`, `deleteMyAccount` and, for admins, `eraseUser`."""

from __future__ import annotations

import uuid
from typing import cast

import strawberry
from strawberry.scalars import JSON

from mentormatch.accounts.api import UserPayload, UserType
from mentormatch.errors import ServiceError
from mentormatch.graphql.context import CSRF_COOKIE, SESSION_COOKIE, Info
from mentormatch.graphql.errors import UserError, user_errors
from mentormatch.privacy import service
from mentormatch.profiles.api import parse_id


@strawberry.input
class DeleteMyAccountInput:
    password: str | None = strawberry.field(
        default=None,
        description="Your current password, to confirm it is you. An account without a password (made by "
        "single sign-on, see `User.hasPassword`) sends none: it confirms by a sign-in on this session in "
        "the last 10 minutes (REAUTHENTICATION_REQUIRED otherwise).",
    )


@strawberry.type
class DeleteMyAccountPayload:
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class PrivacyQuery:
    @strawberry.field(
        description="Everything the platform holds about you, as one JSON document (account, profile, "
        "requests, mentorships, your check-ins, sessions, reports, notifications, sign-ins, security "
        "events); not vectors or password hashes. Audited."
    )
    async def export_my_data(self, info: Info) -> JSON:
        viewer = info.context.require_viewer()
        document = await service.export_my_data(info.context.resources.db, user_id=viewer.user.id)
        return cast(JSON, document)


@strawberry.type
class PrivacyMutation:
    @strawberry.mutation(
        description="Erase your account and everything you wrote, for good (your password, or for an account "
        "without one a sign-in in the last 10 minutes, confirms it). "
        "Your pending requests are cancelled and your active mentorships end; what others' records need "
        "stays, as 'A former participant'. You are signed out everywhere."
    )
    async def delete_my_account(self, info: Info, input: DeleteMyAccountInput) -> DeleteMyAccountPayload:
        context = info.context
        try:
            viewer = context.require_viewer()
            await service.delete_my_account(
                context.resources.db,
                user_id=viewer.user.id,
                session_id=viewer.session_id,
                password=input.password,
                signing_key=context.resources.signing_key,
            )
        except ServiceError as error:
            return DeleteMyAccountPayload(errors=user_errors(error))
        context.viewer = None
        if context.response is not None:
            context.response.delete_cookie(SESSION_COOKIE)
            context.response.delete_cookie(CSRF_COOKIE)
        return DeleteMyAccountPayload()

    @strawberry.mutation(
        description="Admins: erase a user's account as deleteMyAccount does, with a reason for the audit log "
        "(do not name the person in it). Erasing an erased account changes nothing."
    )
    async def erase_user(self, info: Info, id: strawberry.ID, reason: str) -> UserPayload:
        context = info.context
        try:
            admin = context.require_admin()
            user = await service.erase_user(
                context.resources.db,
                admin_id=admin.user.id,
                user_id=_user_id(id),
                reason=reason,
                signing_key=context.resources.signing_key,
            )
        except ServiceError as error:
            return UserPayload(errors=user_errors(error))
        return UserPayload(user=UserType(model=user))


def _user_id(raw: strawberry.ID) -> uuid.UUID:
    try:
        return parse_id(raw, "User")
    except ServiceError as error:
        raise ServiceError(error.code, error.message, "id") from None
