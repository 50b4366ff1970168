"""GraphQL of accounts: the User type, `me`, and register / login / logout / changePassword."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Annotated

import strawberry

from mentormatch.accounts import password_resets, service
from mentormatch.accounts.models import User
from mentormatch.accounts.oidc import START_PATH
from mentormatch.accounts.sso_routes import public_base_url, session_ttl, set_session_cookies
from mentormatch.errors import ErrorCode, RateLimited, ServiceError, not_found
from mentormatch.graphql.context import CSRF_COOKIE, SESSION_COOKIE, Context, Info
from mentormatch.graphql.errors import UserError, user_errors

if TYPE_CHECKING:
    from mentormatch.graphql.mentorship_types import MentorshipType
    from mentormatch.mentorships.api import MentorshipConnection, MentorshipRequestConnection
    from mentormatch.profiles.api import ProfileType


@strawberry.type(name="User", description="A participant or admin; the same id in every role.")
class UserType:
    model: strawberry.Private[User]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.model.id))

    @strawberry.field
    def display_name(self) -> str:
        return self.model.display_name

    @strawberry.field(description="Visible to the user themself and to admins; null for anyone else.")
    def is_admin(self, info: Info) -> bool | None:
        return self.model.is_admin if _sees_account(info, self.model) else None

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field(
        description="Whether the account has a password (one made by single sign-on has none until it "
        "sets one by a reset). Visible to the user themself only; null for anyone else."
    )
    def has_password(self, info: Info) -> bool | None:
        viewer = info.context.viewer
        if viewer is None or viewer.user.id != self.model.id:
            return None
        return self.model.password_hash is not None

    @strawberry.field(description="When an admin suspended the account; admins only, null to anyone else.")
    def suspended_at(self, info: Info) -> datetime | None:
        return self.model.suspended_at if _is_admin(info) else None

    @strawberry.field(description="The admin's reason for the suspension; admins only.")
    def suspension_reason(self, info: Info) -> str | None:
        return self.model.suspension_reason if _is_admin(info) else None

    @strawberry.field(description="Requests sent to them, newest first; admins only, null to anyone else.")
    async def incoming_requests(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Annotated[MentorshipRequestConnection, strawberry.lazy("mentormatch.mentorships.api")] | None:
        from mentormatch.mentorships.api import user_requests
        from mentormatch.mentorships.service import Box

        return (
            await user_requests(info, self.model.id, Box.INCOMING, first, after) if _is_admin(info) else None
        )

    @strawberry.field(description="Requests they sent, newest first; admins only, null to anyone else.")
    async def outgoing_requests(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Annotated[MentorshipRequestConnection, strawberry.lazy("mentormatch.mentorships.api")] | None:
        from mentormatch.mentorships.api import user_requests
        from mentormatch.mentorships.service import Box

        return (
            await user_requests(info, self.model.id, Box.OUTGOING, first, after) if _is_admin(info) else None
        )

    @strawberry.field(
        description="Their mentorships in either role, newest first; admins only, null to anyone else."
    )
    async def mentorships(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Annotated[MentorshipConnection, strawberry.lazy("mentormatch.mentorships.api")] | None:
        from mentormatch.mentorships.api import user_mentorships

        return await user_mentorships(info, self.model.id, first, after) if _is_admin(info) else None

    @strawberry.field(
        description="Their profile; null if none, not visible to you, or you are not signed in."
    )
    async def profile(
        self, info: Info
    ) -> Annotated[ProfileType, strawberry.lazy("mentormatch.profiles.api")] | None:
        from mentormatch.profiles.api import resolve_profile

        return await resolve_profile(info, self.model.id)

    @strawberry.field(
        description="Visible to the user themself, to the other participant of an ACTIVE mentorship with "
        "them while it lasts, and to admins; null for anyone else."
    )
    async def email(self, info: Info) -> str | None:
        return self.model.email if await info.context.loaders.sees_email(self.model.id) else None


def _is_admin(info: Info) -> bool:
    viewer = info.context.viewer
    return viewer is not None and viewer.is_admin


def _sees_account(info: Info, user: User) -> bool:
    """Whether the viewer may see this account's admin role: its user and admins. (Contact details, the
    email among them, follow mentorships.service.sees_contact.)"""
    viewer = info.context.viewer
    return viewer is not None and (viewer.user.id == user.id or viewer.is_admin)


@strawberry.input
class RegisterInput:
    email: str
    password: str
    display_name: str


@strawberry.input
class LoginInput:
    email: str
    password: str


@strawberry.input
class ChangePasswordInput:
    current_password: str
    new_password: str


@strawberry.type
class AuthPayload:
    token: str | None = strawberry.field(
        default=None, description="Send as `Authorization: Bearer <token>`; browsers also get a cookie."
    )
    user: UserType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="The result of an admin action on a user (moderation, erasure).")
class UserPayload:
    user: UserType | None = None
    active_mentorships: list[
        Annotated[MentorshipType, strawberry.lazy("mentormatch.graphql.mentorship_types")]
    ] = strawberry.field(
        default_factory=list,
        description="After a suspension: the user's ACTIVE mentorships, left for an admin to decide on.",
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class LogoutPayload:
    success: bool
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ChangePasswordPayload:
    user: UserType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


def _failure(context: Context, error: ServiceError) -> list[UserError]:
    if isinstance(error, RateLimited) and context.response is not None:
        context.response.headers["Retry-After"] = str(error.retry_after)
    return user_errors(error)


def _start_session(context: Context, signed_in: service.SignedIn) -> None:
    """The rest of this request sees the new user; browsers get the session cookies."""
    context.viewer = service.Viewer(user=signed_in.user, session_id=signed_in.session_id, via_cookie=False)
    if context.response is not None:
        resources = context.resources
        set_session_cookies(context.response, resources.settings, resources.signing_key, signed_in)


def _end_browser_session(context: Context) -> None:
    if context.response is not None:
        context.response.delete_cookie(SESSION_COOKIE)
        context.response.delete_cookie(CSRF_COOKIE)


async def _signed_in_payload(context: Context, attempt: Awaitable[service.SignedIn]) -> AuthPayload:
    """The payload of a sign-up or sign-in: the new session, or why there is none."""
    try:
        signed_in = await attempt
    except ServiceError as error:
        return AuthPayload(errors=_failure(context, error))
    _start_session(context, signed_in)
    return AuthPayload(token=signed_in.token, user=UserType(model=signed_in.user))


def _session_ttl(context: Context) -> timedelta:
    return session_ttl(context.resources.settings)


def _password_sign_in_off(context: Context) -> AuthPayload | None:
    """The refusal of a password sign-in or sign-up when MENTORMATCH_PASSWORD_SIGNIN is off."""
    if context.resources.settings.password_signin:
        return None
    return AuthPayload(
        errors=user_errors(
            ServiceError(
                ErrorCode.PASSWORD_SIGN_IN_DISABLED,
                "Password sign-in is turned off here: sign in with your organisation's account.",
            )
        )
    )


@strawberry.type(description="The organisation's single sign-on (OpenID Connect).")
class SsoOption:
    label: str = strawberry.field(description='The button\'s words: "Sign in with <organisation>".')
    start_url: str = strawberry.field(description="Where the button goes (a page navigation, not fetch).")


@strawberry.type(description="How people sign in here; asked before anyone is signed in.")
class SignInOptions:
    password: bool = strawberry.field(description="Email and password sign-in and sign-up are on.")
    sso: SsoOption | None = strawberry.field(description="Single sign-on, when configured; else null.")


@strawberry.type
class AccountsQuery:
    @strawberry.field(description="The signed-in user, or null.")
    def me(self, info: Info) -> UserType | None:
        viewer = info.context.viewer
        return UserType(model=viewer.user) if viewer else None

    @strawberry.field(description="The ways to sign in (password, single sign-on); needs no sign-in.")
    def sign_in_options(self, info: Info) -> SignInOptions:
        settings = info.context.resources.settings
        sso = (
            SsoOption(label=f"Sign in with {settings.oidc_display_name}", start_url=START_PATH)
            if settings.sso_enabled
            else None
        )
        return SignInOptions(password=settings.password_signin, sso=sso)


@strawberry.type
class AccountsMutation:
    @strawberry.mutation(description="Sign up as a participant and sign in.")
    async def register(self, info: Info, input: RegisterInput) -> AuthPayload:
        context = info.context
        if refused := _password_sign_in_off(context):
            return refused
        return await _signed_in_payload(
            context,
            service.register(
                context.resources.db,
                email=input.email,
                password=input.password,
                display_name=input.display_name,
                client=context.client_address,
                signing_key=context.resources.signing_key,
                ttl=_session_ttl(context),
                limits=context.resources.limits,
            ),
        )

    @strawberry.mutation(description="Sign in with email and password.")
    async def login(self, info: Info, input: LoginInput) -> AuthPayload:
        context = info.context
        if refused := _password_sign_in_off(context):
            return refused
        return await _signed_in_payload(
            context,
            service.sign_in(
                context.resources.db,
                email=input.email,
                password=input.password,
                client=context.client_address,
                signing_key=context.resources.signing_key,
                ttl=_session_ttl(context),
                limits=context.resources.limits,
            ),
        )

    @strawberry.mutation(description="Sign out this session (token and cookie).")
    async def logout(self, info: Info) -> LogoutPayload:
        context = info.context
        if context.viewer is not None:
            await service.sign_out(context.resources.db, session_id=context.viewer.session_id)
        _end_browser_session(context)
        return LogoutPayload(success=True)

    @strawberry.mutation(description="Change your password; your other sessions are signed out.")
    async def change_password(self, info: Info, input: ChangePasswordInput) -> ChangePasswordPayload:
        context = info.context
        try:
            user = await service.change_password(
                context.resources.db,
                viewer=context.require_viewer(),
                current_password=input.current_password,
                new_password=input.new_password,
            )
        except ServiceError as error:
            return ChangePasswordPayload(errors=_failure(context, error))
        return ChangePasswordPayload(user=UserType(model=user))


@strawberry.input
class ResetPasswordInput:
    token: str = strawberry.field(description="The token of the reset link (its `token` parameter).")
    new_password: str


@strawberry.input
class RequestPasswordResetInput:
    email: str


@strawberry.type
class RequestPasswordResetPayload:
    sent: bool = strawberry.field(
        default=False,
        description="True whenever the request was taken, whether or not the address has an account (an "
        "email goes out only if it has): the answer never tells.",
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class PasswordResetPayload:
    reset_link: str | None = strawberry.field(
        default=None, description="Shown once: pass it on to the user. It works once, until `expiresAt`."
    )
    expires_at: datetime | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


def _base_url(context: Context) -> str:
    return public_base_url(context.resources.settings, context.request) or "/"


@strawberry.type
class PasswordResetMutation:
    @strawberry.mutation(
        description="Admins: a one-time link (valid 24 hours) for a user to set a new password, shown once; "
        "any earlier link for them stops working. For programmes without email. Audited."
    )
    async def issue_password_reset(self, info: Info, user_id: strawberry.ID) -> PasswordResetPayload:
        context = info.context
        try:
            admin = context.require_admin()
            try:
                target = uuid.UUID(str(user_id))
            except ValueError:
                raise ServiceError(not_found("User").code, "User not found.", "userId") from None
            issued = await password_resets.issue(context.resources.db, admin_id=admin.user.id, user_id=target)
        except ServiceError as error:
            return PasswordResetPayload(errors=_failure(context, error))
        return PasswordResetPayload(
            reset_link=password_resets.reset_link(_base_url(context), issued.token),
            expires_at=issued.expires_at,
        )

    @strawberry.mutation(
        description="Forgot your password: a one-time link (valid 24 hours) is emailed to the address if an "
        "account that may sign in has it; any earlier link stops working. The same answer either way. "
        "RATE_LIMITED per client address and per email address; PASSWORD_SIGN_IN_DISABLED when "
        "password sign-in is off."
    )
    async def request_password_reset(
        self, info: Info, input: RequestPasswordResetInput
    ) -> RequestPasswordResetPayload:
        context = info.context
        resources = context.resources
        if refused := _password_sign_in_off(context):
            # No password to reset: people sign in with the organisation's account.
            return RequestPasswordResetPayload(errors=refused.errors)
        try:
            await password_resets.request_by_email(
                resources.db,
                email=input.email,
                # Never the request's own Host: a forged one would send the link to someone else's site.
                base_url=resources.settings.email_public_url(),
                limits=resources.limits,
                client=context.client_address,
                signing_key=resources.signing_key,
            )
        except ServiceError as error:
            return RequestPasswordResetPayload(errors=_failure(context, error))
        return RequestPasswordResetPayload(sent=True)

    @strawberry.mutation(
        description="Set a new password with a reset link's token (the same rules as changePassword) and "
        "sign in; every other session of the account ends. A used, expired or replaced token is "
        "INVALID_INPUT on `token`."
    )
    async def reset_password(self, info: Info, input: ResetPasswordInput) -> AuthPayload:
        context = info.context
        if refused := _password_sign_in_off(context):
            return refused
        return await _signed_in_payload(
            context,
            password_resets.reset_password(
                context.resources.db,
                token=input.token,
                new_password=input.new_password,
                signing_key=context.resources.signing_key,
                ttl=_session_ttl(context),
            ),
        )
