"""GraphQL of cohort matching (admins only): propose a whole cohort's pairs, review, publish."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry

from mentormatch.accounts.api import UserType
from mentormatch.cohorts import service
from mentormatch.cohorts.models import CohortPair
from mentormatch.errors import ServiceError, not_found
from mentormatch.graphql.context import Info
from mentormatch.graphql.errors import UserError, user_errors
from mentormatch.profiles.api import parse_id


def _uuid(raw: strawberry.ID, what: str) -> uuid.UUID:
    return parse_id(str(raw), what)


@strawberry.type(name="CohortPair", description="A mentee and mentor a cohort proposal pairs, with why.")
class CohortPairType:
    model: strawberry.Private[CohortPair]
    proposal: strawberry.Private[service.Proposal]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.model.id))

    @strawberry.field
    def mentee(self) -> UserType:
        return UserType(model=self.proposal.users[self.model.mentee_id])

    @strawberry.field
    def mentor(self) -> UserType:
        return UserType(model=self.proposal.users[self.model.mentor_id])

    @strawberry.field(description="The pair's match score, as mentorMatches scores it (0 to 1).")
    def score(self) -> float:
        return self.model.score

    @strawberry.field(description="One line on why they fit, as the mentee's match list says it.")
    def explanation(self) -> str:
        return self.model.explanation

    @strawberry.field(
        description="When the pair was published (a request sent, or skipped); null in a draft."
    )
    def published_at(self) -> datetime | None:
        return self.model.published_at

    @strawberry.field(description="The request publishing sent the mentor, if it was sent.")
    def request_id(self) -> strawberry.ID | None:
        return None if self.model.request_id is None else strawberry.ID(str(self.model.request_id))

    @strawberry.field(description="Why publishing skipped the pair (it went stale), if it did.")
    def skipped_reason(self) -> str | None:
        return self.model.skipped_reason


@strawberry.type(description="A mentee a cohort proposal leaves without a mentor, and why.")
class CohortUnmatched:
    mentee_id: strawberry.ID
    mentee: UserType | None = strawberry.field(description="Null for an id that names no participant.")
    reason: str


@strawberry.type(
    name="CohortProposal",
    description="A draft assignment of mentees to mentors maximising the total score; admins review it "
    "and publish the pairs they keep.",
)
class CohortProposalType:
    proposal: strawberry.Private[service.Proposal]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.proposal.model.id))

    @strawberry.field
    def created_at(self) -> datetime:
        return self.proposal.model.created_at

    @strawberry.field(description="The sum of the pairs' scores.")
    def total_score(self) -> float:
        return self.proposal.model.total_score

    @strawberry.field(description="Best first.")
    def pairs(self) -> list[CohortPairType]:
        return [CohortPairType(model=p, proposal=self.proposal) for p in self.proposal.pairs]

    @strawberry.field
    def unmatched(self) -> list[CohortUnmatched]:
        users = self.proposal.users
        return [
            CohortUnmatched(
                mentee_id=strawberry.ID(str(u.mentee_id)),
                mentee=UserType(model=users[u.mentee_id]) if u.mentee_id in users else None,
                reason=u.reason,
            )
            for u in self.proposal.unmatched
        ]


@strawberry.input(description="Who to pair; either list left out means its default.")
class ProposeCohortMatchesInput:
    mentee_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Default: every unmatched mentee (no ACTIVE mentorship) who can be matched."
    )
    mentor_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Default: every mentor with a free place."
    )


@strawberry.type
class CohortProposalPayload:
    proposal: CohortProposalType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="A pair publishing did not turn into a request, and why.")
class SkippedCohortPair:
    pair: CohortPairType
    reason: str


@strawberry.type
class PublishCohortMatchesPayload:
    proposal: CohortProposalType | None = None
    published: list[CohortPairType] = strawberry.field(default_factory=list)
    skipped: list[SkippedCohortPair] = strawberry.field(default_factory=list)
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CohortsQuery:
    @strawberry.field(description="A cohort proposal with its pairs as they stand (admins only).")
    async def cohort_proposal(self, info: Info, id: strawberry.ID) -> CohortProposalType:
        info.context.require_admin()
        proposal = await service.get_proposal(info.context.db, _uuid(id, "Proposal"))
        return CohortProposalType(proposal=proposal)


@strawberry.type
class CohortsMutation:
    @strawberry.mutation(
        description="Propose the pairs of a whole cohort (admins): the assignment of greatest total match "
        "score within every mentor's free places, each mentee's limit and the programme's rules. Stored "
        "as a draft; nothing is sent until it is published."
    )
    async def propose_cohort_matches(
        self, info: Info, input: ProposeCohortMatchesInput | None = None
    ) -> CohortProposalPayload:
        context = info.context
        given = input or ProposeCohortMatchesInput()
        try:
            admin = context.require_admin()
            proposal = await service.propose(
                context.resources.db,
                admin_id=admin.user.id,
                mentee_ids=_ids(given.mentee_ids),
                mentor_ids=_ids(given.mentor_ids),
            )
        except ServiceError as error:
            return CohortProposalPayload(errors=user_errors(error))
        return CohortProposalPayload(proposal=CohortProposalType(proposal=proposal))

    @strawberry.mutation(
        description="Publish the chosen pairs of a proposal (admins): each becomes a request from the "
        "mentee to the mentor, answered as any other. A pair that went stale (someone since paired, "
        "suspended or out of places) is skipped with the reason; a pair published before is skipped."
    )
    async def publish_cohort_matches(
        self, info: Info, proposal_id: strawberry.ID, pair_ids: list[strawberry.ID]
    ) -> PublishCohortMatchesPayload:
        context = info.context
        try:
            admin = context.require_admin()
            result = await service.publish(
                context.resources.db,
                admin_id=admin.user.id,
                proposal_id=_uuid(proposal_id, "Proposal"),
                pair_ids=[_pair_id(p) for p in pair_ids],
            )
        except ServiceError as error:
            return PublishCohortMatchesPayload(errors=user_errors(error))
        proposal = result.proposal
        return PublishCohortMatchesPayload(
            proposal=CohortProposalType(proposal=proposal),
            published=[CohortPairType(model=p, proposal=proposal) for p in result.published],
            skipped=[
                SkippedCohortPair(pair=CohortPairType(model=s.pair, proposal=proposal), reason=s.reason)
                for s in result.skipped
            ],
        )


def _ids(raw: list[strawberry.ID] | None) -> list[uuid.UUID] | None:
    """Ids as given; a malformed one names no one, so it is left out (it could match no participant)."""
    if raw is None:
        return None
    ids = []
    for value in raw:
        try:
            ids.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return ids


def _pair_id(raw: strawberry.ID) -> uuid.UUID:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        raise not_found("Pair") from None
