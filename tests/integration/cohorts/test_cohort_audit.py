"""Proposing and publishing a cohort each leave an audit entry on the proposal, with counts only."""

from __future__ import annotations

from tests.conftest import GraphQL
from tests.integration.cohorts.conftest import PROPOSE, PUBLISH, Db, Mentors, Person, make_admin

AUDIT_LOG = """
query($filter: AuditLogFilter) {
  auditLog(first: 10, filter: $filter) {
    edges { node { action actor { id } targetType targetId details } }
  }
}"""


async def test_propose_and_publish_are_audited(
    db: Db, gql: GraphQL, person: Person, mentors: Mentors
) -> None:
    admin_id, admin = await make_admin(db, person)
    python = ["Python programming and software design"]
    ids = await mentors(
        [
            {"displayName": "Mentor Mo", "canMentor": True, "capacity": 1, "expertise": python},
            {"displayName": "Mentee Ann", "seeksMentoring": True, "objectives": python},
            {"displayName": "Mentee Bea", "seeksMentoring": True, "objectives": python},
        ]
    )
    mentees = [str(ids["Mentee Ann"]), str(ids["Mentee Bea"])]
    proposed = await gql.data(
        PROPOSE, {"input": {"menteeIds": mentees, "mentorIds": [str(ids["Mentor Mo"])]}}, token=admin
    )
    proposal = proposed["proposeCohortMatches"]["proposal"]
    assert len(proposal["pairs"]) == 1 and len(proposal["unmatched"]) == 1
    await gql.data(
        PUBLISH, {"proposalId": proposal["id"], "pairIds": [proposal["pairs"][0]["id"]]}, token=admin
    )

    log = await gql.data(AUDIT_LOG, {"filter": {"target": proposal["id"]}}, token=admin)
    entries = [edge["node"] for edge in log["auditLog"]["edges"]]
    assert entries == [
        {
            "action": "COHORT_PUBLISHED",
            "actor": {"id": str(admin_id)},
            "targetType": "COHORT_PROPOSAL",
            "targetId": proposal["id"],
            "details": {"published": 1, "skipped": 0},
        },
        {
            "action": "COHORT_PROPOSED",
            "actor": {"id": str(admin_id)},
            "targetType": "COHORT_PROPOSAL",
            "targetId": proposal["id"],
            "details": {"pairs": 1, "unmatched": 1},
        },
    ]
