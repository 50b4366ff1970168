"""menteeMatches with the real model: a mentor finds the mentees their expertise can help, ranked by how
well it meets each mentee's objectives, with the mentor ranking's explanation, exclusions and paging."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.mentorships import service as mentorships
from tests.conftest import GraphQL
from tests.integration.matching.conftest import Mentors, Person, set_profile, set_ratings, set_user

MENTEE_MATCHES = """
query($query: String, $first: Int, $after: String, $filter: MenteeFilter) {
  menteeMatches(query: $query, first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node {
      score
      mentee { id displayName email profile { contactNote } }
      explanation {
        summary strength uncoveredObjectives
        matchedObjectives { objective expertise similarity strength }
        sharedSkills { name mentorLevel menteeLevel }
        personality careerDirection
        components { kind value weight contribution }
      }
    } }
  }
}"""
MENTOR_MATCHES = """
query {
  mentorMatches {
    edges { node {
      score mentor { id }
      explanation {
        matchedObjectives { objective expertise similarity strength }
        sharedSkills { name mentorLevel menteeLevel }
        personality careerDirection
        components { kind value weight contribution }
      }
    } }
  }
}"""

Db = async_sessionmaker[AsyncSession]


def names(result: dict[str, Any]) -> list[str]:
    return [edge["node"]["mentee"]["displayName"] for edge in result["menteeMatches"]["edges"]]


async def set_programme(db: Db, **values: Any) -> None:
    """Set matching settings straight in their row (created on first use)."""
    columns = ", ".join(values)
    placeholders = ", ".join(f":{name}" for name in values)
    updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in values)
    async with db.begin() as session:
        await session.execute(
            text(
                f"INSERT INTO programme_settings (id, weights, {columns}) VALUES (1, '{{}}', {placeholders})"
                f" ON CONFLICT (id) DO UPDATE SET {updates}"
            ),
            values,
        )


async def test_mentees_rank_by_how_well_my_expertise_meets_their_objectives(
    gql: GraphQL, person: Person
) -> None:
    _, mentor = await person(
        "Tiktok Tess", canMentor=True, expertise=["running TikTok and Instagram ad campaigns"]
    )
    # No word in common with Tess's expertise: only the meaning links them.
    await person("Senior Sam", seeksMentoring=True, objectives=["understand social media marketing"])
    await person("Kube Kim", seeksMentoring=True, objectives=["operate Kubernetes clusters"])

    result = await gql.data(MENTEE_MATCHES, token=mentor)
    assert names(result) == ["Senior Sam", "Kube Kim"]
    sam, kim = (edge["node"] for edge in result["menteeMatches"]["edges"])
    assert sam["score"] > kim["score"]
    (matched,) = sam["explanation"]["matchedObjectives"]
    assert matched["objective"] == "understand social media marketing", "the mentee's objective"
    assert matched["expertise"] == "running TikTok and Instagram ad campaigns", "my item that meets it"
    assert sam["explanation"]["uncoveredObjectives"] == []
    # Kim's objective is far from anything Tess teaches: no evidence, and named as not covered.
    assert kim["explanation"]["matchedObjectives"] == []
    assert kim["explanation"]["uncoveredObjectives"] == ["operate Kubernetes clusters"]
    assert kim["explanation"]["strength"] == "WEAK"
    assert "running TikTok and Instagram ad campaigns" in sam["explanation"]["summary"]
    assert "understand social media marketing" in sam["explanation"]["summary"]
    assert result["menteeMatches"]["totalCount"] == 2

    searched = await gql.data(MENTEE_MATCHES, {"query": "marketing on social media"}, token=mentor)
    assert names(searched)[0] == "Senior Sam"
    (found,) = searched["menteeMatches"]["edges"][0]["node"]["explanation"]["matchedObjectives"]
    assert found == {
        "objective": "understand social media marketing",
        "expertise": "marketing on social media",
        "similarity": found["similarity"],
        "strength": found["strength"],
    }


async def test_each_of_the_mentees_objectives_counts(gql: GraphQL, person: Person) -> None:
    _, mentor = await person(
        "Broad Bea",
        canMentor=True,
        expertise=["growing a brand on Instagram", "building dashboards in SQL"],
    )
    await person(
        "Both Bo",
        seeksMentoring=True,
        objectives=["learn social media marketing", "learn to query data with SQL"],
    )
    await person(
        "Half Hal",
        seeksMentoring=True,
        objectives=["learn social media marketing", "become a better oil painter"],
    )
    result = await gql.data(MENTEE_MATCHES, token=mentor)
    assert names(result) == ["Both Bo", "Half Hal"]
    bo, hal = (edge["node"]["explanation"]["matchedObjectives"] for edge in result["menteeMatches"]["edges"])
    # The mentee's objectives my items cover, each with my item nearest to it, nearest first.
    assert {(m["objective"], m["expertise"]) for m in bo} == {
        ("learn social media marketing", "growing a brand on Instagram"),
        ("learn to query data with SQL", "building dashboards in SQL"),
    }
    assert [m["objective"] for m in hal] == ["learn social media marketing"]
    hal_explanation = result["menteeMatches"]["edges"][1]["node"]["explanation"]
    assert hal_explanation["uncoveredObjectives"] == ["become a better oil painter"]
    assert "covers 1 of their 2 objectives" in hal_explanation["summary"]


async def test_a_pair_scores_and_is_explained_the_same_from_either_side(
    gql: GraphQL, person: Person, db: Db
) -> None:
    big_five = {
        "openness": 70,
        "conscientiousness": 60,
        "extraversion": 50,
        "agreeableness": 70,
        "neuroticism": 30,
    }
    mentor_id, mentor = await person(
        "Skilled Sky",
        canMentor=True,
        expertise=["teaching data analysis in Python"],
        skills=[{"name": "Python", "level": 5}],
        personality={"bigFive": big_five, "mbti": "ENTP"},
        careerStage="EARLY_CAREER",
        capacity=4,
    )
    await set_ratings(db, {mentor_id: (4, 18, 4)})
    _, mentee = await person(
        "Curious Cal",
        seeksMentoring=True,
        objectives=["analyse data with Python", "present findings to the board"],
        skills=[{"name": "python", "level": 1}, {"name": "Storytelling", "level": 2}],
        personality={"bigFive": {**big_five, "openness": 40}, "mbti": "INTJ"},
        careerStage="EXECUTIVE",
    )
    await set_programme(db, direction="REVERSE")

    (seen_by_mentor,) = (await gql.data(MENTEE_MATCHES, token=mentor))["menteeMatches"]["edges"]
    (seen_by_mentee,) = (await gql.data(MENTOR_MATCHES, token=mentee))["mentorMatches"]["edges"]
    mine, theirs = seen_by_mentor["node"], seen_by_mentee["node"]
    assert mine["score"] == theirs["score"]
    for part in ("sharedSkills", "personality", "careerDirection", "components"):
        assert mine["explanation"][part] == theirs["explanation"][part], part
    key = lambda m: m["objective"]  # noqa: E731
    assert sorted(mine["explanation"]["matchedObjectives"], key=key) == sorted(
        theirs["explanation"]["matchedObjectives"], key=key
    )
    explanation = mine["explanation"]
    assert explanation["sharedSkills"] == [{"name": "Python", "mentorLevel": 5, "menteeLevel": 1}]
    assert explanation["personality"] == "Big Five profiles 94% alike; MBTI ENTP with INTJ"
    assert explanation["careerDirection"] == (
        "early career mentor, executive mentee: fits the programme's reverse direction"
    )
    components = {c["kind"]: c for c in explanation["components"]}
    assert components["SKILLS"]["value"] == 0.5, "one of the mentee's two skills, lifted from 1 to 5"
    assert components["AVAILABILITY"]["value"] == 1.0, "the mentor's free places"
    assert components["CAREER_DIRECTION"]["value"] == 1.0
    assert abs(sum(c["contribution"] for c in components.values()) - mine["score"]) < 1e-3


async def test_exclusions(gql: GraphQL, person: Person, db: Db) -> None:
    objectives = {"seeksMentoring": True, "objectives": ["speak confidently in public"]}
    me, mentor = await person(
        "Me Myself", canMentor=True, capacity=10, expertise=["coaching public speaking"], **objectives
    )
    await person("Visible Vic", **objectives)
    suspended, _ = await person("Suspended Sue", **objectives)
    hidden, _ = await person("Hidden Hal", **objectives)
    await person("Not Seeking Nia", seeksMentoring=False, objectives=["speak confidently in public"])
    taken, _ = await person("Taken Tom", **objectives)
    mine, _ = await person("Mentored By Me Mo", **objectives)
    asking, _ = await person("Asking Ann", **objectives)
    invited, _ = await person("Invited Ivy", **objectives)
    lapsed, _ = await person("Lapsed Lou", **objectives)
    other_mentor, _ = await person("Other Mentor Oli", canMentor=True, capacity=10)
    await set_user(db, suspended, suspended_at=datetime.now(UTC))
    await set_profile(db, hidden, hidden_at=datetime.now(UTC))

    async def request(mentee_id: Any, mentor_id: Any, *, by_mentee: bool = True) -> Any:
        return await mentorships.create_request(
            db,
            initiator=mentorships.Role.MENTEE if by_mentee else mentorships.Role.MENTOR,
            sender_id=mentee_id if by_mentee else mentor_id,
            recipient_id=mentor_id if by_mentee else mentee_id,
            message="Shall we?",
            objectives=None,
        )

    # Tom has the programme's most mentors at once (1 by default), with someone else.
    accepted = await request(taken, other_mentor)
    await mentorships.accept_request(db, viewer_id=other_mentor, request_id=accepted.id)

    result = await gql.data(MENTEE_MATCHES, token=mentor)
    assert "Taken Tom" not in names(result)

    # With room for two mentors each: Mo is excluded for being mine already, Ann and Ivy for the
    # pending request between us (whoever sent it); Lou's request to me expired, so she is back.
    await set_programme(db, max_mentors_per_mentee=2)
    ours = await request(mine, me)
    await mentorships.accept_request(db, viewer_id=me, request_id=ours.id)
    await request(asking, me)
    await request(invited, me, by_mentee=False)
    expired = await request(lapsed, me)
    async with db.begin() as session:
        await session.execute(
            text("UPDATE mentorship_requests SET expires_at = now() - interval '1 minute' WHERE id = :id"),
            {"id": expired.id},
        )

    result = await gql.data(MENTEE_MATCHES, token=mentor)
    assert sorted(names(result)) == ["Lapsed Lou", "Taken Tom", "Visible Vic"]
    assert result["menteeMatches"]["totalCount"] == 3


async def test_a_required_direction_excludes_mentees_on_the_wrong_side(
    gql: GraphQL, person: Person, db: Db
) -> None:
    objectives = {"seeksMentoring": True, "objectives": ["make engaging short videos"]}
    _, mentor = await person(
        "Junior Jo", canMentor=True, expertise=["creating short-form video content"], careerStage="MID_CAREER"
    )
    await person("Director Dee", **objectives, careerStage="DIRECTOR")
    await person("Peer Pat", **objectives, careerStage="MID_CAREER")
    await person("Early Eli", **objectives, careerStage="EARLY_CAREER")
    await person("Unknown Uma", **objectives)
    assert len(names(await gql.data(MENTEE_MATCHES, token=mentor))) == 4

    # Reverse mentoring: the mentor earlier in their career than the mentee.
    await set_programme(db, direction="REVERSE", require_direction=True)
    result = await gql.data(MENTEE_MATCHES, token=mentor)
    assert sorted(names(result)) == ["Director Dee", "Unknown Uma"]
    assert result["menteeMatches"]["totalCount"] == 2
    await set_programme(db, direction="TRADITIONAL", require_direction=True)
    assert sorted(names(await gql.data(MENTEE_MATCHES, token=mentor))) == ["Early Eli", "Unknown Uma"]


async def test_filters_narrow_the_results(gql: GraphQL, person: Person) -> None:
    _, mentor = await person("Agile Ana", canMentor=True, expertise=["leading agile teams"])
    await person(
        "Berlin Ben",
        seeksMentoring=True,
        objectives=["run a scrum team"],
        department="Engineering",
        languages=["German", "English"],
        timezone="Europe/Berlin",
        careerStage="EXECUTIVE",
    )
    await person(
        "Tokyo Tomo",
        seeksMentoring=True,
        objectives=["run a scrum team"],
        department="Sales",
        languages=["Japanese"],
        timezone="Asia/Tokyo",
        careerStage="SENIOR",
    )

    async def filtered(**mentee_filter: Any) -> list[str]:
        return names(await gql.data(MENTEE_MATCHES, {"filter": mentee_filter}, token=mentor))

    assert sorted(await filtered()) == ["Berlin Ben", "Tokyo Tomo"]
    assert await filtered(department="engineering") == ["Berlin Ben"]
    assert await filtered(language="japanese") == ["Tokyo Tomo"]
    assert await filtered(careerStages=["SENIOR", "DIRECTOR"]) == ["Tokyo Tomo"]
    assert await filtered(minUtcOffsetMinutes=300) == ["Tokyo Tomo"]
    assert await filtered(maxUtcOffsetMinutes=120) == ["Berlin Ben"]


async def test_paging_reaches_every_eligible_mentee_once(
    gql: GraphQL, person: Person, mentors: Mentors
) -> None:
    audiences = ["executives", "students", "engineers", "sales teams", "new managers", "researchers"]
    ids = await mentors(
        {
            "displayName": f"Mentee {n}",
            "seeksMentoring": True,
            "objectives": [f"speak in public to {audiences[n % 6]}, group {n}"],
            "department": "Sales" if n % 2 else "Support",
        }
        for n in range(80)
    )
    _, mentor = await person("Coach Cora", canMentor=True, expertise=["coaching public speaking"])

    async def walk(mentee_filter: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        pages, after = [], None
        for _ in range(10):
            variables = {"first": 25, "after": after, "filter": mentee_filter}
            page = (await gql.data(MENTEE_MATCHES, variables, token=mentor))["menteeMatches"]
            pages.append(page)
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        return pages

    pages = await walk()
    seen = [name for page in pages for name in names({"menteeMatches": page})]
    assert len(seen) == len(set(seen)) == 80
    assert set(seen) == set(ids)
    assert [len(page["edges"]) for page in pages] == [25, 25, 25, 5]
    assert [page["totalCount"] for page in pages] == [80] * 4
    assert [page["pageInfo"]["hasPreviousPage"] for page in pages] == [False, True, True, True]
    first_page = [edge["node"]["score"] for edge in pages[0]["edges"]]
    assert first_page == sorted(first_page, reverse=True)

    sales = await walk({"department": "Sales"})
    seen = [name for page in sales for name in names({"menteeMatches": page})]
    assert sorted(seen) == sorted(f"Mentee {n}" for n in range(1, 80, 2))
    assert [page["totalCount"] for page in sales] == [40, 40]

    capped = (await gql.data(MENTEE_MATCHES, {"first": 500}, token=mentor))["menteeMatches"]
    assert len(capped["edges"]) == 50


async def test_only_mentors_look_for_mentees(gql: GraphQL, person: Person) -> None:
    await person("Seeker Sid", seeksMentoring=True, objectives=["learn SQL"])
    _, mentee = await person("Mentee Meg", seeksMentoring=True, objectives=["learn Python"])
    forbidden = await gql(MENTEE_MATCHES, token=mentee)
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "canMentor" in forbidden["errors"][0]["message"]
    anonymous = await gql(MENTEE_MATCHES, {"query": "SQL"})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

    # A mentor who has not listed any expertise yet gets an empty list, not an error.
    _, new_mentor = await person("New Mentor Nat", canMentor=True)
    empty = (await gql.data(MENTEE_MATCHES, token=new_mentor))["menteeMatches"]
    assert empty["edges"] == [] and empty["totalCount"] == 0
    for variables, field in (({"query": "  "}, "query"), ({"first": 0}, "first"), ({"after": "x"}, "after")):
        body = await gql(MENTEE_MATCHES, variables, token=new_mentor)
        assert body["errors"][0]["extensions"] == {"code": "INVALID_INPUT", "field": field}


async def test_a_matched_mentee_s_contact_details_stay_private(gql: GraphQL, person: Person, db: Db) -> None:
    _, mentor = await person("Mentor Mia", canMentor=True, expertise=["Kubernetes operations"])
    await person(
        "Mentee Max",
        seeksMentoring=True,
        objectives=["learn to run Kubernetes"],
        headline="Platform lead",
        contactNote="Slack @max, mornings",
    )
    (match,) = (await gql.data(MENTEE_MATCHES, token=mentor))["menteeMatches"]["edges"]
    assert match["node"]["mentee"]["displayName"] == "Mentee Max"
    assert match["node"]["mentee"]["email"] is None
    assert match["node"]["mentee"]["profile"] == {"contactNote": None}
