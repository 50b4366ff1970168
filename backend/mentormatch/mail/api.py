"""GraphQL of email: your choice per kind (`emailSettings`, `setEmailDelivery`) and the signed
unsubscribe link's page (`unsubscribe`, no sign-in)."""

from __future__ import annotations

import strawberry

from mentormatch.errors import ServiceError
from mentormatch.graphql.context import Info
from mentormatch.graphql.errors import UserError, user_errors
from mentormatch.mail import service
from mentormatch.mail.models import Delivery, EmailKind

EmailKindEnum = strawberry.enum(EmailKind, name="EmailKind", description="A kind of email.")
EmailDeliveryEnum = strawberry.enum(
    Delivery,
    name="EmailDelivery",
    description="When emails of a kind are sent: as it happens, in one daily digest, or never.",
)


@strawberry.type(name="EmailChoice")
class EmailChoiceType:
    kind: EmailKindEnum  # type: ignore[valid-type]
    label: str = strawberry.field(description="What the emails of this kind are about, in plain words.")
    delivery: EmailDeliveryEnum  # type: ignore[valid-type]


@strawberry.type
class EmailSettings:
    enabled: bool = strawberry.field(
        description="Whether this programme sends email at all (choices are kept for when it does)."
    )
    digest_hour: int = strawberry.field(description="The hour of the daily digest, in your own time zone.")
    choices: list[EmailChoiceType]


async def _settings(info: Info) -> EmailSettings:
    viewer = info.context.require_viewer()
    settings = info.context.resources.settings
    choices = await service.choices(info.context.db, user_id=viewer.user.id)
    return EmailSettings(
        enabled=settings.email_enabled,
        digest_hour=settings.email_digest_hour,
        choices=[EmailChoiceType(kind=c.kind, label=c.label, delivery=c.delivery) for c in choices],
    )


@strawberry.input
class SetEmailDeliveryInput:
    kinds: list[EmailKindEnum] = strawberry.field(  # type: ignore[valid-type]
        description="The kinds to set; PASSWORD_RESET is always sent and cannot be chosen."
    )
    delivery: EmailDeliveryEnum  # type: ignore[valid-type]


@strawberry.type
class SetEmailDeliveryPayload:
    email_settings: EmailSettings | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class UnsubscribeInput:
    token: str = strawberry.field(description="The `token` parameter of an email's unsubscribe link.")


@strawberry.type
class UnsubscribePayload:
    kinds: list[EmailKindEnum] = strawberry.field(  # type: ignore[valid-type]
        default_factory=list, description="The kinds of email that stopped."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class MailQuery:
    @strawberry.field(description="Your email choices, one per kind you can choose for.")
    async def email_settings(self, info: Info) -> EmailSettings:
        return await _settings(info)


@strawberry.type
class MailMutation:
    @strawberry.mutation(
        description="Choose when emails of some kinds reach you (never also drops those queued)."
    )
    async def set_email_delivery(self, info: Info, input: SetEmailDeliveryInput) -> SetEmailDeliveryPayload:
        context = info.context
        try:
            viewer = context.require_viewer()
            async with context.resources.db.begin() as session:
                await service.choose(
                    session, user_id=viewer.user.id, kinds=input.kinds, delivery=input.delivery
                )
            context.wrote()
        except ServiceError as error:
            return SetEmailDeliveryPayload(errors=user_errors(error))
        return SetEmailDeliveryPayload(email_settings=await _settings(info))

    @strawberry.mutation(
        description="Stop the emails an unsubscribe link names, without signing in. A token that is not "
        "one of ours is INVALID_INPUT on `token`."
    )
    async def unsubscribe(self, info: Info, input: UnsubscribeInput) -> UnsubscribePayload:
        resources = info.context.resources
        try:
            stopped = await service.unsubscribe(
                resources.db, signing_key=resources.signing_key, token=input.token
            )
        except ServiceError as error:
            return UnsubscribePayload(errors=user_errors(error))
        return UnsubscribePayload(kinds=stopped.kinds)
