"""Cohort matching: the assignment of many mentees to mentors that maximises the total match score.

Candidates and scores come from matching (`matching.service.score_cohort`: the same index search and
scoring as `mentorMatches`, with every exclusion of a request). The assignment is a min-cost flow (a
transportation problem: each mentee supplies their free places, each mentor demands theirs, each
candidate pair carries at most one) solved exactly as a linear programme (`scipy.optimize.linprog`, HiGHS'
dual simplex). Its constraint matrix is a bipartite incidence matrix, totally unimodular, so the simplex's
vertex is integral and the optimum is the true optimum over all assignments, not a greedy approximation.
When each mentee takes one mentor the Hungarian method gives the same optimum faster.

A proposal is stored as a draft the admin reviews; publishing turns the chosen pairs into requests from
the mentees to their mentors through `mentorships.service.create_request` (mutual acceptance,
notifications). A pair that went stale since (someone paired, suspended, hidden, out of places) is
skipped with the reason the request was refused, never forced.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, linprog, milp
from scipy.sparse import coo_array
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.accounts.models import User
from mentormatch.audit import service as audit
from mentormatch.cohorts.models import CohortPair, CohortProposal
from mentormatch.errors import InvalidInput, ServiceError, not_found
from mentormatch.matching.service import CohortCandidate, collection_paused, score_cohort
from mentormatch.mentorships import service as mentorships
from mentormatch.mentorships.models import Role
from mentormatch.programme import service as programme

Db = async_sessionmaker[AsyncSession]

# The message of a published pair's request (the mentor sees it as the mentee's).
REQUEST_MESSAGE = "The programme's cohort matching proposed us as a pair. Would you mentor me?"
MAX_IDS = 10_000

NOT_ELIGIBLE = "Not found, suspended, hidden or not looking for a mentor."
AT_LIMIT = "Already has {active} active mentorship(s), the programme's most at once."
NO_OBJECTIVES = "Has no learning objectives to match on."
NO_CANDIDATE = "No eligible mentor with a free place covers their objectives."
NOT_CLOSE = "No eligible mentor with a free place teaches anything close to their objectives."
OUTSCORED = "Every mentor who fits them is better used by other pairs in this cohort."


@dataclass(frozen=True)
class Unmatched:
    mentee_id: uuid.UUID
    reason: str


@dataclass
class Proposal:
    model: CohortProposal
    pairs: list[CohortPair]
    # Everyone the proposal names, by id (an unknown mentee id is not among them).
    users: dict[uuid.UUID, User] = field(default_factory=dict)

    @property
    def unmatched(self) -> list[Unmatched]:
        return [Unmatched(uuid.UUID(u["mentee_id"]), u["reason"]) for u in self.model.unmatched]


@dataclass(frozen=True)
class Skipped:
    pair: CohortPair
    reason: str


@dataclass
class Published:
    proposal: Proposal
    published: list[CohortPair]
    skipped: list[Skipped]


def _ids(raw: Sequence[uuid.UUID] | None, field: str) -> list[uuid.UUID] | None:
    if raw is None:
        return None
    if len(raw) > MAX_IDS:
        raise InvalidInput([(field, f"At most {MAX_IDS} ids.")])
    return list(dict.fromkeys(raw))


async def mentees_to_pair(
    session: AsyncSession, mentee_ids: list[uuid.UUID] | None, max_mentors: int
) -> tuple[dict[uuid.UUID, int], list[Unmatched]]:
    """The mentees to pair with their free places (the programme's most mentors minus their ACTIVE
    mentorships), and those that cannot be, with why. By default: every unmatched mentee."""
    rows = (
        await session.execute(
            text(
                """
                SELECT p.user_id,
                       p.seeks_mentoring AND p.hidden_at IS NULL AND u.suspended_at IS NULL
                           AND u.erased_at IS NULL AS eligible,
                       (SELECT count(*) FROM mentorships m
                        WHERE m.mentee_id = p.user_id AND m.status = 'ACTIVE') AS active
                FROM profiles p JOIN users u ON u.id = p.user_id
                WHERE CASE WHEN CAST(:all AS boolean) THEN p.seeks_mentoring
                           ELSE p.user_id = ANY(CAST(:ids AS uuid[])) END
                ORDER BY p.user_id
                """
            ),
            {"all": mentee_ids is None, "ids": mentee_ids or []},
        )
    ).all()
    places: dict[uuid.UUID, int] = {}
    unmatched: list[Unmatched] = []
    found = {row.user_id for row in rows}
    for mentee_id in mentee_ids or ():
        if mentee_id not in found:
            unmatched.append(Unmatched(mentee_id, NOT_ELIGIBLE))
    for row in rows:
        if mentee_ids is None and (not row.eligible or row.active > 0):
            continue  # the default is the unmatched mentees who can be matched
        if not row.eligible:
            unmatched.append(Unmatched(row.user_id, NOT_ELIGIBLE))
        elif row.active >= max_mentors:
            unmatched.append(Unmatched(row.user_id, AT_LIMIT.format(active=row.active)))
        else:
            places[row.user_id] = max_mentors - row.active
    return places, unmatched


def assign(
    candidates: dict[uuid.UUID, list[CohortCandidate]], mentee_places: dict[uuid.UUID, int]
) -> list[tuple[uuid.UUID, CohortCandidate]]:
    """The pairs of greatest total score such that each mentee has at most their places, each mentor at
    most their free places and each pair at most once, among the candidates with evidence (an exact
    min-cost flow, solved as the linear programme whose vertices are integral; `milp` only if numerics
    ever left a fraction)."""
    edges = [
        (mentee_id, candidate)
        for mentee_id, listed in candidates.items()
        for candidate in listed
        if candidate.free_places > 0
        and candidate.score > 0
        and candidate.evidence
        and mentee_places.get(mentee_id, 0) > 0
    ]
    if not edges:
        return []
    if all(mentee_places[m] == 1 for m, _ in edges):
        return _assign_one_each(edges)
    mentee_index = {m: n for n, m in enumerate(dict.fromkeys(m for m, _ in edges))}
    mentor_places: dict[uuid.UUID, int] = {}
    for _, candidate in edges:
        mentor_places[candidate.mentor_id] = candidate.free_places
    mentor_index = {m: n for n, m in enumerate(mentor_places)}
    count = len(edges)
    columns = np.arange(count)
    rows = np.concatenate(
        [
            [mentee_index[m] for m, _ in edges],
            [len(mentee_index) + mentor_index[c.mentor_id] for _, c in edges],
        ]
    )
    matrix = coo_array(
        (np.ones(2 * count), (rows, np.concatenate([columns, columns]))),
        shape=(len(mentee_index) + len(mentor_index), count),
    ).tocsr()
    upper = np.array(
        [mentee_places[m] for m in mentee_index] + [mentor_places[m] for m in mentor_index], dtype=float
    )
    gain = np.array([c.score for _, c in edges])
    # The dual simplex ends on a vertex of the polytope, and every vertex of a totally unimodular system
    # is integral: the linear programme's optimum is the integer one, five times faster than branching.
    solution = linprog(-gain, A_ub=matrix, b_ub=upper, bounds=(0, 1), method="highs-ds")
    x = solution.x
    if x is None or np.any((x > 1e-6) & (x < 1 - 1e-6)):  # pragma: no cover - a numerical corner
        solution = milp(
            c=-gain,
            constraints=LinearConstraint(matrix, -np.inf, upper),
            integrality=np.ones(count),
            bounds=Bounds(0, 1),
        )
        if solution.x is None:  # always feasible: nothing assigned is a solution
            raise RuntimeError(f"cohort assignment failed: {solution.message}")
        x = solution.x
    return [edge for edge, chosen in zip(edges, x, strict=True) if chosen > 0.5]


def _assign_one_each(
    edges: list[tuple[uuid.UUID, CohortCandidate]],
) -> list[tuple[uuid.UUID, CohortCandidate]]:
    """The same optimum when each mentee takes one mentor: the Hungarian method on the matrix of mentees
    against mentors' places (each mentor one column per free place, at most one per mentee), where a
    pair that is not a candidate costs 0, as leaving both unpaired does."""
    mentee_index = {m: n for n, m in enumerate(dict.fromkeys(m for m, _ in edges))}
    places: dict[uuid.UUID, int] = {}
    for _, candidate in edges:
        places[candidate.mentor_id] = min(candidate.free_places, len(mentee_index))
    mentor_index = {m: n for n, m in enumerate(places)}
    rows = np.fromiter((mentee_index[m] for m, _ in edges), dtype=np.intp, count=len(edges))
    cols = np.fromiter((mentor_index[c.mentor_id] for _, c in edges), dtype=np.intp, count=len(edges))
    gain = np.zeros((len(mentee_index), len(places)))
    gain[rows, cols] = np.fromiter((c.score for _, c in edges), dtype=float, count=len(edges))
    # Which edge each cell is (-1: not a candidate pair).
    edge_of = np.full(gain.shape, -1, dtype=np.intp)
    edge_of[rows, cols] = np.arange(len(edges))
    # Each mentor becomes one column per place.
    repeats = np.fromiter(places.values(), dtype=np.intp, count=len(places))
    column_mentor = np.repeat(np.arange(len(places)), repeats)
    chosen_rows, chosen_cols = linear_sum_assignment(gain[:, column_mentor], maximize=True)
    chosen = edge_of[chosen_rows, column_mentor[chosen_cols]]
    return [edges[n] for n in chosen[chosen >= 0].tolist()]


async def propose(
    db: Db,
    *,
    admin_id: uuid.UUID,
    mentee_ids: Sequence[uuid.UUID] | None,
    mentor_ids: Sequence[uuid.UUID] | None,
) -> Proposal:
    """Compute and store a draft: the optimal pairs with their scores and explanations, and the
    mentees left unmatched with why."""
    mentees, mentors = _ids(mentee_ids, "menteeIds"), _ids(mentor_ids, "mentorIds")
    async with db() as session:
        settings = await programme.current(session)
        places, unmatched = await mentees_to_pair(session, mentees, settings.max_mentors_per_mentee)
    # Collections stay off until the candidates are gone: freed by reference counting (they hold no
    # cycles), they are never walked, where the first collection after scoring would walk them all.
    with collection_paused():
        candidates = await score_cohort(db, list(places), mentors)
        chosen = assign(candidates, places)
        # (mentee, mentor, score, explanation), best first; explanations only for the proposed pairs.
        proposed = [
            (mentee_id, c.mentor_id, c.score, c.explain())
            for mentee_id, c in sorted(chosen, key=lambda e: (-e[1].score, e[0], e[1].mentor_id))
        ]
        paired = {mentee_id for mentee_id, _ in chosen}
        # The unpaired, and why: someone fit them but was better used elsewhere, no one came close, or
        # no one was a candidate at all (None).
        unpaired = {
            m: (OUTSCORED if any(c.evidence for c in listed) else NOT_CLOSE)
            if (listed := candidates.get(m))
            else None
            for m in places
            if m not in paired
        }
        del candidates, chosen
    # score_cohort lists no one for a mentee without objectives or without eligible mentors.
    searched = await _with_objectives(db, [m for m, reason in unpaired.items() if reason is None])
    for mentee_id, reason in unpaired.items():
        unlisted = NO_CANDIDATE if mentee_id in searched else NO_OBJECTIVES
        unmatched.append(Unmatched(mentee_id, reason or unlisted))
    async with db.begin() as session:
        proposal = CohortProposal(
            created_by=admin_id,
            total_score=sum(score for _, _, score, _ in proposed),
            unmatched=[{"mentee_id": str(u.mentee_id), "reason": u.reason} for u in unmatched],
        )
        session.add(proposal)
        await session.flush()
        pairs = [
            CohortPair(
                proposal_id=proposal.id,
                mentee_id=mentee_id,
                mentor_id=mentor_id,
                score=score,
                explanation=explanation,
            )
            for mentee_id, mentor_id, score, explanation in proposed
        ]
        session.add_all(pairs)
        await session.flush()
        await audit.record(
            session,
            actor_id=admin_id,
            action=audit.Action.COHORT_PROPOSED,
            target_type=audit.TargetType.COHORT_PROPOSAL,
            target_id=proposal.id,
            details={"pairs": len(pairs), "unmatched": len(unmatched)},
        )
        # The order `get_proposal` reads them in: best first, ties by id.
        pairs.sort(key=lambda p: (-p.score, p.id))
        await session.refresh(proposal)
        users = await _users(session, proposal, pairs)
    return Proposal(proposal, pairs, users)


async def _with_objectives(db: Db, mentee_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Those of the mentees who have learning objectives."""
    if not mentee_ids:
        return set()
    async with db() as session:
        found = await session.scalars(
            text(
                "SELECT DISTINCT user_id FROM profile_items"
                " WHERE user_id = ANY(CAST(:ids AS uuid[])) AND kind = 'OBJECTIVE'"
            ),
            {"ids": mentee_ids},
        )
        return set(found)


async def get_proposal(db: Db, proposal_id: uuid.UUID) -> Proposal:
    async with db() as session:
        proposal = await session.get(CohortProposal, proposal_id)
        if proposal is None:
            raise not_found("Proposal")
        pairs = list(
            await session.scalars(
                select(CohortPair)
                .where(CohortPair.proposal_id == proposal_id)
                .order_by(CohortPair.score.desc(), CohortPair.id)
            )
        )
        users = await _users(session, proposal, pairs)
    return Proposal(proposal, pairs, users)


async def _users(
    session: AsyncSession, proposal: CohortProposal, pairs: list[CohortPair]
) -> dict[uuid.UUID, User]:
    ids = {p.mentee_id for p in pairs} | {p.mentor_id for p in pairs}
    ids |= {uuid.UUID(u["mentee_id"]) for u in proposal.unmatched}
    return {user.id: user for user in await session.scalars(select(User).where(User.id.in_(ids)))}


async def publish(
    db: Db, *, admin_id: uuid.UUID, proposal_id: uuid.UUID, pair_ids: Sequence[uuid.UUID]
) -> Published:
    """Turn the chosen pairs of a proposal into requests from each mentee to their mentor; a pair that
    cannot be requested any more (or was published before) is skipped with the reason."""
    proposal = await get_proposal(db, proposal_id)
    by_id = {pair.id: pair for pair in proposal.pairs}
    unknown = [n for n, pair_id in enumerate(pair_ids) if pair_id not in by_id]
    if unknown:
        raise InvalidInput([(f"pairIds[{n}]", "Not a pair of this proposal.") for n in unknown])
    published: list[CohortPair] = []
    skipped: list[Skipped] = []
    for pair_id in dict.fromkeys(pair_ids):
        pair = by_id[pair_id]
        if pair.published_at is not None:
            skipped.append(Skipped(pair, pair.skipped_reason or "Already published."))
            continue
        request_id, reason = None, None
        try:
            request = await mentorships.create_request(
                db,
                initiator=Role.MENTEE,
                sender_id=pair.mentee_id,
                recipient_id=pair.mentor_id,
                message=REQUEST_MESSAGE,
                objectives=None,
            )
            request_id = request.id
        except ServiceError as error:
            reason = error.message
        async with db.begin() as session:
            row = await session.get(CohortPair, pair.id, with_for_update=True)
            assert row is not None
            row.published_at = datetime.now(UTC)
            row.request_id = request_id
            row.skipped_reason = reason
            await session.flush()
            session.expunge(row)
        by_id[pair.id] = row
        if reason is None:
            published.append(row)
        else:
            skipped.append(Skipped(row, reason))
    proposal.pairs = [by_id[pair.id] for pair in proposal.pairs]
    async with db.begin() as session:
        await audit.record(
            session,
            actor_id=admin_id,
            action=audit.Action.COHORT_PUBLISHED,
            target_type=audit.TargetType.COHORT_PROPOSAL,
            target_id=proposal_id,
            details={"published": len(published), "skipped": len(skipped)},
        )
    return Published(proposal, published, skipped)
