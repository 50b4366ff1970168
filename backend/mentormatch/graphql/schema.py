"""The one GraphQL schema, merged from the domains' `api.py` modules."""

from __future__ import annotations

import logging

import strawberry
from graphql import GraphQLError
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from mentormatch import __version__
from mentormatch.accounts.api import AccountsMutation, AccountsQuery, PasswordResetMutation
from mentormatch.analytics.api import AnalyticsQuery
from mentormatch.audit.api import AuditQuery
from mentormatch.cohorts.api import CohortsMutation, CohortsQuery
from mentormatch.feedback.api import FeedbackMutation, FeedbackQuery
from mentormatch.graphql.context import CsrfProtection, Info, ReadRouting
from mentormatch.graphql.errors import MaskUnexpectedErrors
from mentormatch.graphql.limits import limit_extensions
from mentormatch.mail.api import MailMutation, MailQuery
from mentormatch.matching.api import MatchingQuery
from mentormatch.mentorships.api import MentorshipsMutation, MentorshipsQuery
from mentormatch.moderation.api import ModerationMutation, ModerationQuery
from mentormatch.notifications.api import NotificationsMutation, NotificationsQuery
from mentormatch.notifications.subscriptions import NotificationsSubscription
from mentormatch.observability.graphql import OperationMetrics
from mentormatch.privacy.api import PrivacyMutation, PrivacyQuery
from mentormatch.profiles.api import ProfilesMutation, ProfilesQuery
from mentormatch.programme.api import ProgrammeMutation, ProgrammeQuery
from mentormatch.settings import Settings
from mentormatch.skillgap.api import SkillGapMutation, SkillGapQuery

log = logging.getLogger(__name__)


@strawberry.type(description="What this server runs.")
class ServerInfo:
    version: str
    embedding_model: str
    embedding_dimensions: int


@strawberry.type
class SystemQuery:
    @strawberry.field(description="Version and embedding model of the server.")
    def server_info(self, info: Info) -> ServerInfo:
        embedder = info.context.resources.embedder
        return ServerInfo(
            version=__version__,
            embedding_model=embedder.name,
            embedding_dimensions=embedder.dimensions,
        )


Query = merge_types(
    "Query",
    (
        SystemQuery,
        AccountsQuery,
        ProfilesQuery,
        MatchingQuery,
        MentorshipsQuery,
        FeedbackQuery,
        NotificationsQuery,
        MailQuery,
        AuditQuery,
        ProgrammeQuery,
        ModerationQuery,
        PrivacyQuery,
        AnalyticsQuery,
        SkillGapQuery,
        CohortsQuery,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        AccountsMutation,
        ProfilesMutation,
        MentorshipsMutation,
        FeedbackMutation,
        NotificationsMutation,
        MailMutation,
        ProgrammeMutation,
        ModerationMutation,
        PasswordResetMutation,
        PrivacyMutation,
        SkillGapMutation,
        CohortsMutation,
    ),
)
Subscription = merge_types("Subscription", (NotificationsSubscription,))


class Schema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Client mistakes (syntax, unknown fields, coded failures) are not server errors; unexpected
        # exceptions are logged with their traceback by MaskUnexpectedErrors.
        for error in errors:
            log.debug("GraphQL error: %s", error.message)


def build_schema(settings: Settings | None = None) -> Schema:
    """The schema, with the limits of `settings` (none without: for exporting the SDL)."""
    limits = limit_extensions(settings) if settings is not None else []
    return Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=[
            # First, so it ends last and counts the errors as the client gets them.
            OperationMetrics,
            # Clients send the same few documents over and over: parse and validate each once per
            # process. (Factories: an extension instance holds one request's state, so each request
            # gets its own.)
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
            # Limits and hardening: they add parse options and validation rules before parsing.
            *limits,
            CsrfProtection,
            ReadRouting,
            MaskUnexpectedErrors,
        ],
    )


def schema_sdl() -> str:
    """The schema as SDL, exactly as committed in `schema.graphql`."""
    return build_schema().as_str().rstrip() + "\n"
