"""users(filter: {search, ...}): admins find people by partial words of their name or email, in any case
and with or without accents, on a trigram index that PostgreSQL uses at 100,000 users."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import event, text, update

from mentormatch.accounts.models import User
from mentormatch.moderation import service as moderation
from mentormatch.profiles.models import Profile
from tests.conftest import GraphQL
from tests.integration.moderation.conftest import USERS, Db, Person, db, make_admin, person

__all__ = ["db", "person"]

PEOPLE = {
    # display name: (email, canMentor, seeksMentoring)
    "José García": ("jose.garcia@example.com", True, False),
    "Joseph Smith": ("jsmith@example.com", False, True),
    "Zoë Müller": ("zm@buero.example", True, True),
    "Åsa Öberg": ("asa@example.org", False, True),
}


async def add_people(db: Db) -> dict[str, uuid.UUID]:
    ids: dict[str, uuid.UUID] = {}
    async with db.begin() as session:
        for name, (email, can_mentor, seeks) in PEOPLE.items():
            ids[name] = uuid.uuid4()
            session.add(User(id=ids[name], email=email, display_name=name))
            await session.flush()
            session.add(Profile(user_id=ids[name], can_mentor=can_mentor, seeks_mentoring=seeks))
    return ids


async def found(gql: GraphQL, token: str, **filter_: Any) -> set[str]:
    data = await gql.data(USERS, {"filter": filter_, "first": 50}, token=token)
    return {edge["node"]["displayName"] for edge in data["users"]["edges"]}


async def test_search_ignores_case_and_accents_and_matches_partial_words(
    gql: GraphQL, db: Db, person: Person
) -> None:
    _, admin = await make_admin(db, person)
    await add_people(db)

    assert await found(gql, admin, search="jose") == {"José García", "Joseph Smith"}
    assert await found(gql, admin, search="JOSÉ garc") == {"José García"}
    assert await found(gql, admin, search="muller") == {"Zoë Müller"}
    assert await found(gql, admin, search="zoe BUERO") == {"Zoë Müller"}
    assert await found(gql, admin, search="oberg") == {"Åsa Öberg"}
    assert await found(gql, admin, search="garcia@exa") == {"José García"}
    assert await found(gql, admin, search="%") == set()
    assert await found(gql, admin, search="jose smith") == {"Joseph Smith"}


async def test_a_search_with_a_control_character_is_refused(gql: GraphQL, db: Db, person: Person) -> None:
    """Found by fuzzing: a NUL byte reached the LIKE pattern (INTERNAL); line breaks still separate words."""
    _, admin = await make_admin(db, person)
    await add_people(db)
    for search in ("jose\x00", "\x00", "jo\x07se"):
        body = await gql(USERS, {"filter": {"search": search}}, token=admin)
        assert body["data"] is None
        assert [(e["extensions"]["code"], e["extensions"]["field"]) for e in body["errors"]] == [
            ("INVALID_INPUT", "filter.search")
        ]
    assert await found(gql, admin, search="jose\nsmith\t") == {"Joseph Smith"}


async def test_filters_paging_and_admins_only(gql: GraphQL, db: Db, person: Person) -> None:
    admin_id, admin = await make_admin(db, person)
    ids = await add_people(db)
    async with db.begin() as session:
        await session.execute(
            update(User)
            .where(User.id == ids["Joseph Smith"])
            .values(suspended_at=text("now()"), suspension_reason="x")
        )
        await session.execute(
            update(Profile).where(Profile.user_id == ids["Zoë Müller"]).values(hidden_at=text("now()"))
        )

    assert await found(gql, admin, suspended=True) == {"Joseph Smith"}
    assert await found(gql, admin, hidden=True) == {"Zoë Müller"}
    assert await found(gql, admin, canMentor=True) == {"José García", "Zoë Müller"}
    assert await found(gql, admin, seeksMentoring=True, suspended=False, hidden=False) == {"Åsa Öberg"}
    # The admin has no profile: not hidden, not a mentor.
    assert "Admin Ada" in await found(gql, admin, hidden=False, canMentor=False)
    suspended = (await gql.data(USERS, {"filter": {"suspended": True}}, token=admin))["users"]["edges"]
    assert suspended[0]["node"]["suspensionReason"] == "x" and suspended[0]["node"]["suspendedAt"]

    seen: list[str] = []
    after = None
    while True:
        page = (await gql.data(USERS, {"first": 2, "after": after}, token=admin))["users"]
        assert page["totalCount"] == 5
        seen += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    # Newest first: the four were added in one transaction after the admin (ties go by id).
    assert seen == [*sorted(map(str, ids.values()), reverse=True), str(admin_id)]

    _, eve = await person("Eve Participant")
    refused = await gql(USERS, token=eve)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN" and refused["data"] is None


async def test_the_search_uses_the_trigram_index_on_100000_users(db: Db) -> None:
    async with db.begin() as session:
        await session.execute(
            text(
                "INSERT INTO users (id, email, display_name, created_at)"
                " SELECT gen_random_uuid(), 'user' || n || '@example.com', 'Person ' || md5(n::text),"
                "        now() - n * interval '1 minute'"
                " FROM generate_series(1, 100000) AS n"
            )
        )
        await session.execute(
            text(
                "INSERT INTO users (id, email, display_name)"
                " VALUES (gen_random_uuid(), 'jg@example.com', 'José García')"
            )
        )
    async with db() as session:
        await session.execute(text("ANALYZE users"))
    # The statements the admins' list runs (a page, and the total), explained with their parameters.
    engine = db.kw["bind"].sync_engine
    sent: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        page = await moderation.list_users(
            db, user_filter=moderation.UserFilter(search="GARCÍA"), first=20, after=None
        )
        # A part of generated names that a few dozen share: far fewer than a page's worth of scanning finds.
        few = await moderation.list_users(
            db, user_filter=moderation.UserFilter(search="9f3a"), first=20, after=None
        )
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert [u.display_name for u in page.rows] == ["José García"] and page.total == 1
    assert 0 < few.total < 100
    searches = [(statement, parameters) for statement, parameters in sent if "f_unaccent" in statement]
    assert len(searches) == 4
    async with db() as session:
        connection = await session.connection()
        for statement, parameters in searches:
            plan = "\n".join(
                row[0] for row in await connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)
            )
            assert "ix_users_search" in plan, plan
