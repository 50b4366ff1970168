"""The admin lists cost the database the same for a page of 50 as for a page of 5."""

from __future__ import annotations

from sqlalchemy import select

from mentormatch.accounts.models import User
from mentormatch.accounts.service import Viewer
from mentormatch.embeddings import Embedder
from mentormatch.moderation import service as moderation
from mentormatch.moderation.models import ReportTargetType
from tests.conftest import GraphQL
from tests.integration.moderation.conftest import Db, Person, db, make_admin, person
from tests.integration.test_query_counts import assert_constant_cost, import_people, statements

__all__ = ["db", "person", "statements"]

USERS = """
query($first: Int) {
  users(first: $first) {
    totalCount
    edges { node { id displayName email suspendedAt profile { headline isHidden hiddenReason } } }
  }
}"""
REPORTS = """
query($first: Int) {
  reports(first: $first) {
    totalCount
    edges { node {
      id reason reporter { displayName email profile { headline } }
      targetUser { displayName email profile { headline } } resolvedBy { id } targetFeedback { id }
    } }
  }
}"""


async def test_pages_of_users_and_reports_cost_the_same_as_short_ones(
    gql: GraphQL, person: Person, db: Db, embedder: Embedder, statements: None
) -> None:
    _, admin = await make_admin(db, person)
    people = await import_people(db, embedder, "person", 55, lambda n: {"headline": f"Analyst number {n}"})
    await assert_constant_cost(gql, USERS, admin, "users")
    async with db() as session:
        users = {u.id: u for u in await session.scalars(select(User))}
    for n, reporter_id in enumerate(people):
        viewer = Viewer(user=users[reporter_id], session_id=reporter_id, via_cookie=False)
        await moderation.report_content(
            db,
            viewer=viewer,
            target_type=ReportTargetType.PROFILE,
            target_id=people[(n + 1) % len(people)],
            reason=f"report {n}",
        )
    await assert_constant_cost(gql, REPORTS, admin, "reports")
