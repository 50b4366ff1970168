"""Admins, participants and the GraphQL documents of the moderation tests.

Participants are registered and given profiles through the real services (`person`, real vectors);
admins act through GraphQL, as the admin console does.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from mentormatch.audit.models import AuditEntry
from tests.conftest import GraphQL
from tests.integration.mentorships.conftest import (
    NOTIFICATIONS,
    Db,
    Person,
    db,
    notifications_of,
    person,
    set_profile,
    set_user,
)

__all__ = ["NOTIFICATIONS", "Db", "Person", "db", "notifications_of", "person", "set_profile", "set_user"]

ERRORS = "errors { code message field }"
USER_FIELDS = "id displayName email suspendedAt suspensionReason profile { isHidden hiddenAt hiddenReason }"
USER_PAYLOAD = (
    f"user {{ {USER_FIELDS} }} activeMentorships {{ id status mentor {{ id }} mentee {{ id }} }} {ERRORS}"
)
SUSPEND = (
    f"mutation($id: ID!, $reason: String!) {{ suspendUser(id: $id, reason: $reason) {{ {USER_PAYLOAD} }} }}"
)
REINSTATE = f"mutation($id: ID!) {{ reinstateUser(id: $id) {{ {USER_PAYLOAD} }} }}"
HIDE = (
    f"mutation($id: ID!, $reason: String!) {{ hideProfile(id: $id, reason: $reason) {{ {USER_PAYLOAD} }} }}"
)
UNHIDE = f"mutation($id: ID!) {{ unhideProfile(id: $id) {{ {USER_PAYLOAD} }} }}"
REMOVE_FEEDBACK = f"""
mutation($id: ID!, $reason: String!) {{
  removeFeedback(id: $id, reason: $reason) {{
    feedback {{ id rating comment removedAt removedReason author {{ id }} }} {ERRORS}
  }}
}}"""
REPORT_FIELDS = """
  id targetType targetId reason status createdAt resolvedAt action note
  reporter { id } resolvedBy { id } targetUser { id }
  targetFeedback { id rating comment removedAt }
"""
REPORT = f"""
mutation($input: ReportInput!) {{
  reportContent(input: $input) {{ report {{ {REPORT_FIELDS} }} {ERRORS} }}
}}"""
RESOLVE = f"""
mutation($input: ResolveReportInput!) {{
  resolveReport(input: $input) {{ report {{ {REPORT_FIELDS} }} {ERRORS} }}
}}"""
REPORTS = f"""
query($first: Int, $after: String, $status: ReportStatus) {{
  reports(first: $first, after: $after, status: $status) {{
    totalCount pageInfo {{ hasNextPage endCursor }}
    edges {{ cursor node {{ {REPORT_FIELDS} }} }}
  }}
}}"""
USERS = f"""
query($first: Int, $after: String, $filter: UserFilter) {{
  users(first: $first, after: $after, filter: $filter) {{
    totalCount pageInfo {{ hasNextPage hasPreviousPage endCursor }}
    edges {{ cursor node {{ {USER_FIELDS} }} }}
  }}
}}"""
MENTOR_MATCHES = "query { mentorMatches(first: 50) { totalCount edges { node { mentor { id } } } } }"
MENTEE_MATCHES = "query { menteeMatches(first: 50) { totalCount edges { node { mentee { id } } } } }"
PROFILE = "query($id: ID!) { profile(id: $id) { user { id } isHidden } }"
ME = "query { me { id } }"


async def make_admin(db: Db, person: Person, name: str = "Admin Ada") -> tuple[uuid.UUID, str]:
    """A signed-in admin: (id, token)."""
    admin_id, token = await person(name)
    await set_user(db, admin_id, is_admin=True)
    return admin_id, token


async def audit_entries(db: Db, action: str | None = None) -> list[AuditEntry]:
    """The audit log, oldest first (optionally one action)."""
    query = select(AuditEntry).order_by(AuditEntry.at, AuditEntry.id)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    async with db() as session:
        return list(await session.scalars(query))


async def payload(gql: GraphQL, document: str, variables: dict[str, Any], token: str) -> dict[str, Any]:
    """The one field's payload of a mutation."""
    data = await gql.data(document, variables, token=token)
    (result,) = data.values()
    assert isinstance(result, dict)
    return result


def codes(result: dict[str, Any]) -> list[str]:
    return [e["code"] for e in result["errors"]]
