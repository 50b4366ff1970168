"""Cohorts of participants for cohort matching: imported in bulk (real vectors), an admin who signs in."""

from __future__ import annotations

import uuid

from sqlalchemy import text

from tests.integration.matching.conftest import Mentors, mentors
from tests.integration.mentorships.conftest import Db, Person, db, person, set_profile, set_user

__all__ = ["Db", "Mentors", "Person", "db", "mentors", "person", "set_profile", "set_user"]

ERRORS = "errors { code message field }"
PAIR = "id score explanation mentee { id } mentor { id } publishedAt requestId skippedReason"
PROPOSAL = f"id totalScore pairs {{ {PAIR} }} unmatched {{ menteeId mentee {{ id }} reason }}"
PROPOSE = f"""
mutation($input: ProposeCohortMatchesInput) {{
  proposeCohortMatches(input: $input) {{ proposal {{ {PROPOSAL} }} {ERRORS} }}
}}"""
PUBLISH = f"""
mutation($proposalId: ID!, $pairIds: [ID!]!) {{
  publishCohortMatches(proposalId: $proposalId, pairIds: $pairIds) {{
    proposal {{ {PROPOSAL} }} published {{ {PAIR} }} skipped {{ pair {{ id }} reason }} {ERRORS}
  }}
}}"""
PROPOSAL_QUERY = f"query($id: ID!) {{ cohortProposal(id: $id) {{ {PROPOSAL} }} }}"


async def make_admin(db: Db, person: Person, name: str = "Admin Ada") -> tuple[uuid.UUID, str]:
    admin_id, token = await person(name)
    await set_user(db, admin_id, is_admin=True)
    return admin_id, token


async def set_direction(db: Db, direction: str, *, required: bool) -> None:
    async with db.begin() as session:
        await session.execute(
            text(
                "INSERT INTO programme_settings (id, weights, direction, require_direction)"
                " VALUES (1, '{}', CAST(:d AS matching_direction), :r)"
                " ON CONFLICT (id) DO UPDATE SET direction = EXCLUDED.direction,"
                " require_direction = EXCLUDED.require_direction"
            ),
            {"d": direction, "r": required},
        )
