"""mentorMatches with the real model: semantic ranking, coverage of several objectives, exclusions,
filters, explanations, stable paging and admin-tuned weights."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.feedback import records
from mentormatch.mentorships.service import RequestLimits, request_limits
from tests.conftest import GraphQL
from tests.integration.matching.conftest import Mentors, Person, set_profile, set_ratings, set_user

MATCHES = """
query($query: String, $first: Int, $after: String, $filter: MentorFilter) {
  mentorMatches(query: $query, first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      score
      mentor { id displayName }
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


def names(result: dict[str, Any]) -> list[str]:
    return [edge["node"]["mentor"]["displayName"] for edge in result["mentorMatches"]["edges"]]


async def test_objective_ranks_the_semantically_right_mentor_first(gql: GraphQL, person: Person) -> None:
    await person("Tiktok Tess", canMentor=True, expertise=["running TikTok and Instagram ad campaigns"])
    await person("Kube Ken", canMentor=True, expertise=["Kubernetes cluster operations"])
    _, token = await person(
        "Senior Sam", seeksMentoring=True, objectives=["understand social media marketing"]
    )

    result = await gql.data(MATCHES, token=token)
    assert names(result) == ["Tiktok Tess", "Kube Ken"]
    first, second = (edge["node"] for edge in result["mentorMatches"]["edges"])
    assert first["score"] > second["score"]
    matched = first["explanation"]["matchedObjectives"][0]
    assert matched["objective"] == "understand social media marketing"
    assert matched["expertise"] == "running TikTok and Instagram ad campaigns"
    assert second["explanation"]["matchedObjectives"] == [], "a Kubernetes item is no evidence here"
    assert second["explanation"]["uncoveredObjectives"] == ["understand social media marketing"]
    assert "running TikTok and Instagram ad campaigns" in first["explanation"]["summary"]

    searched = await gql.data(MATCHES, {"query": "how do ads on short video apps work"}, token=token)
    assert names(searched)[0] == "Tiktok Tess"
    assert searched["mentorMatches"]["edges"][0]["node"]["explanation"]["matchedObjectives"][0][
        "objective"
    ] == ("how do ads on short video apps work")


async def test_a_mentor_covering_several_objectives_ranks_above_one_covering_one(
    gql: GraphQL, person: Person
) -> None:
    await person(
        "Broad Bea", canMentor=True, expertise=["growing a brand on Instagram", "building dashboards in SQL"]
    )
    await person("Narrow Nat", canMentor=True, expertise=["growing a brand on Instagram"])
    _, token = await person(
        "Exec Eve", objectives=["learn social media marketing", "learn to query data with SQL"]
    )
    result = await gql.data(MATCHES, token=token)
    assert names(result) == ["Broad Bea", "Narrow Nat"]
    bea = result["mentorMatches"]["edges"][0]["node"]["explanation"]["matchedObjectives"]
    assert {m["expertise"] for m in bea} == {"growing a brand on Instagram", "building dashboards in SQL"}


async def test_exclusions(gql: GraphQL, person: Person, db: async_sessionmaker[AsyncSession]) -> None:
    expertise = {"canMentor": True, "expertise": ["coaching public speaking"]}
    await person("Visible Vic", **expertise)
    suspended, _ = await person("Suspended Sue", **expertise)
    hidden, _ = await person("Hidden Hal", **expertise)
    await person("Closed Cleo", **expertise, acceptingRequests=False)
    full, _ = await person("Full Finn", **expertise, capacity=1)
    await person("Not A Mentor", canMentor=False, expertise=["coaching public speaking"])
    _, token = await person(
        "Me Myself",
        canMentor=True,
        expertise=["coaching public speaking"],
        objectives=["speak confidently in public"],
    )
    await set_user(db, suspended, suspended_at=datetime.now(UTC))
    await set_profile(db, hidden, hidden_at=datetime.now(UTC))
    await set_profile(db, full, active_mentees=1)

    result = await gql.data(MATCHES, token=token)
    assert names(result) == ["Visible Vic"]
    assert result["mentorMatches"]["totalCount"] == 1


async def test_filters_narrow_the_results(gql: GraphQL, person: Person) -> None:
    await person(
        "Berlin Ben",
        canMentor=True,
        expertise=["leading agile teams"],
        department="Engineering",
        languages=["German", "English"],
        timezone="Europe/Berlin",
        careerStage="EARLY_CAREER",
    )
    await person(
        "Tokyo Tomo",
        canMentor=True,
        expertise=["leading agile teams"],
        department="Sales",
        languages=["Japanese"],
        timezone="Asia/Tokyo",
        careerStage="SENIOR",
    )
    _, token = await person("Asker", objectives=["run a scrum team"])

    async def filtered(**mentor_filter: Any) -> list[str]:
        return names(await gql.data(MATCHES, {"filter": mentor_filter}, token=token))

    assert sorted(await filtered()) == ["Berlin Ben", "Tokyo Tomo"]
    assert await filtered(department="engineering") == ["Berlin Ben"]
    assert await filtered(language="japanese") == ["Tokyo Tomo"]
    assert await filtered(careerStages=["EARLY_CAREER", "MID_CAREER"]) == ["Berlin Ben"]
    assert await filtered(minUtcOffsetMinutes=300) == ["Tokyo Tomo"]
    assert await filtered(maxUtcOffsetMinutes=120) == ["Berlin Ben"]


async def test_utc_offset_filter_follows_daylight_saving(
    gql: GraphQL, person: Person, db: async_sessionmaker[AsyncSession]
) -> None:
    offset = datetime.now(ZoneInfo("Europe/Berlin")).utcoffset()
    assert offset is not None
    now = int(offset.total_seconds() // 60)
    other_season = {60: 120, 120: 60}[now]
    ben, ben_token = await person(
        "Berlin Ben", canMentor=True, expertise=["leading agile teams"], timezone="Europe/Berlin"
    )
    await person("Tokyo Tomo", canMentor=True, expertise=["leading agile teams"], timezone="Asia/Tokyo")
    _, token = await person("Asker", objectives=["run a scrum team"])
    async with db.begin() as session:
        # What saving the profile in the other season left behind while the offset was stored (until
        # migration 0008): nothing may read it.
        if await session.scalar(
            text(
                "SELECT EXISTS (SELECT FROM information_schema.columns"
                " WHERE table_name = 'profiles' AND column_name = 'utc_offset_minutes')"
            )
        ):
            await session.execute(
                text("UPDATE profiles SET utc_offset_minutes = :stale WHERE user_id = :id"),
                {"stale": other_season, "id": ben},
            )

    async def filtered(low: int, high: int) -> list[str]:
        offsets = {"minUtcOffsetMinutes": low, "maxUtcOffsetMinutes": high}
        return names(await gql.data(MATCHES, {"filter": offsets}, token=token))

    assert await filtered(now, now) == ["Berlin Ben"]
    assert await filtered(other_season, other_season) == []
    assert sorted(await filtered(now, 9 * 60)) == ["Berlin Ben", "Tokyo Tomo"]
    me = await gql.data("{ me { profile { timezone utcOffsetMinutes } } }", token=ben_token)
    assert me["me"]["profile"] == {"timezone": "Europe/Berlin", "utcOffsetMinutes": now}


async def test_min_rating_keeps_exactly_the_mentors_whose_public_rating_reaches_it(
    gql: GraphQL, person: Person, db: async_sessionmaker[AsyncSession]
) -> None:
    # (rated mentorships, sum of their 1-5 stars, distinct mentees). The programme's mean is over the
    # public records (the first four and Poor Pat): (48 + 86 + 44 + 84 + 15) / 70 = 3.957.
    ratings = {
        "Loved Lee": (10, 48, 10),  # 4.52 against the mean, 4.8 raw
        "Just Above Al": (20, 86, 20),  # 4.23, 4.3
        "Exactly Ed": (10, 44, 10),  # 4.25, 4.4
        "Just Below Bo": (20, 84, 20),  # 4.15, 4.2: above 4.2 only by the raw average
        "Few Mentees Flo": (3, 15, 2),  # not public (two mentees): the programme's mean
        "Single Rating Sol": (1, 5, 1),  # not public: the programme's mean
        "New Nia": (0, 0, 0),  # the programme's mean
        "Poor Pat": (10, 15, 10),  # 2.32, 1.5
    }
    ids = {}
    for name in ratings:
        ids[name], _ = await person(name, canMentor=True, expertise=["coaching public speaking"])
    await set_ratings(db, {ids[name]: value for name, value in ratings.items()})
    _, token = await person("Asker", objectives=["speak confidently in public"])

    async def kept(min_rating: float) -> set[str]:
        result = await gql.data(MATCHES, {"filter": {"minRating": min_rating}}, token=token)
        return set(names(result))

    public = [value for value in ratings.values() if records.is_public(value[0], value[2])]
    mean = records.programme_mean(sum(c for c, _, _ in public), sum(t for _, t, _ in public))
    assert mean == (48 + 86 + 44 + 84 + 15) / 70

    def expected(min_rating: float) -> set[str]:
        return {
            name
            for name, (count, total, mentees) in ratings.items()
            if records.public_rating(count, total, mentees, mean) >= min_rating
        }

    assert expected(4.2) == {"Loved Lee", "Just Above Al", "Exactly Ed"}
    assert await kept(4.2) == expected(4.2)
    unrated = {"Few Mentees Flo", "Single Rating Sol", "New Nia"}
    assert expected(3.95) == set(ratings) - {"Poor Pat"}
    assert await kept(3.95) == expected(3.95), "mentors without a public record count at the mean"
    assert await kept(3.96) == expected(3.96) == set(ratings) - {"Poor Pat"} - unrated
    assert await kept(1.0) == set(ratings)


async def test_paging_returns_every_mentor_once(gql: GraphQL, person: Person) -> None:
    topics = [
        "public speaking",
        "storytelling",
        "presenting to executives",
        "pitching ideas",
        "debating",
        "running workshops",
        "hosting podcasts",
    ]
    for n, topic in enumerate(topics):
        await person(f"Mentor {n}", canMentor=True, expertise=[f"coaching {topic}"])
    _, token = await person("Learner", objectives=["become a confident speaker"])
    seen: list[str] = []
    after = None
    for _ in range(10):
        page = (await gql.data(MATCHES, {"first": 3, "after": after}, token=token))["mentorMatches"]
        seen.extend(edge["node"]["mentor"]["displayName"] for edge in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == len(topics)
    whole = names(await gql.data(MATCHES, {"first": 50}, token=token))
    assert seen == whole


async def test_paging_goes_past_50_mentors_to_the_last_eligible_one(
    gql: GraphQL, person: Person, mentors: Mentors, db: async_sessionmaker[AsyncSession]
) -> None:
    audiences = ["executives", "students", "engineers", "sales teams", "new managers", "researchers"]
    ids = await mentors(
        {
            "displayName": f"Mentor {n}",
            "canMentor": True,
            "expertise": [f"coaching public speaking for {audiences[n % 6]}, group {n}"],
            "department": "Sales" if n % 2 else "Support",
        }
        for n in range(120)
    )
    # Expertise about as near for all, a third of them loved and the others not: ratings decide the
    # order, so fetching deeper brings in mentors who score above ones already shown. Each is shown once.
    loved = {ids[f"Mentor {n}"] for n in range(0, 120, 3)}
    await set_ratings(
        db, {user_id: (200, 1000 if user_id in loved else 200, 200) for user_id in ids.values()}
    )
    _, token = await person("Learner", objectives=["become a confident public speaker"])

    async def walk(mentor_filter: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        pages, after = [], None
        for _ in range(10):
            variables = {"first": 25, "after": after, "filter": mentor_filter}
            page = (await gql.data(MATCHES, variables, token=token))["mentorMatches"]
            pages.append(page)
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        return pages

    pages = await walk()
    seen = [name for page in pages for name in names({"mentorMatches": page})]
    assert len(seen) == len(set(seen)) == 120
    assert set(seen) == set(ids)
    assert [len(page["edges"]) for page in pages] == [25, 25, 25, 25, 20]
    assert [page["totalCount"] for page in pages] == [120] * 5
    first_page = [edge["node"]["score"] for edge in pages[0]["edges"]]
    assert first_page == sorted(first_page, reverse=True)

    sales = await walk({"department": "Sales"})
    seen = [name for page in sales for name in names({"mentorMatches": page})]
    assert sorted(seen) == sorted(f"Mentor {n}" for n in range(1, 120, 2))
    assert [len(page["edges"]) for page in sales] == [25, 25, 10]
    assert [page["totalCount"] for page in sales] == [60] * 3
    assert sales[-1]["pageInfo"]["hasNextPage"] is False


async def test_skills_personality_and_components_are_explained(gql: GraphQL, person: Person) -> None:
    big_five = {
        "openness": 70,
        "conscientiousness": 60,
        "extraversion": 50,
        "agreeableness": 70,
        "neuroticism": 30,
    }
    await person(
        "Skilled Sky",
        canMentor=True,
        expertise=["teaching data analysis in Python"],
        skills=[{"name": "Python", "level": 5}],
        personality={"bigFive": big_five, "mbti": "ENTP"},
    )
    _, token = await person(
        "Curious Cal",
        objectives=["analyse data with Python"],
        skills=[{"name": "python", "level": 1}],
        personality={"bigFive": big_five, "mbti": "INTJ"},
    )
    node = (await gql.data(MATCHES, token=token))["mentorMatches"]["edges"][0]["node"]
    explanation = node["explanation"]
    assert explanation["sharedSkills"] == [{"name": "Python", "mentorLevel": 5, "menteeLevel": 1}]
    assert "100% alike" in explanation["personality"]
    components = {c["kind"]: c for c in explanation["components"]}
    assert components["SKILLS"]["value"] == 1.0
    assert components["CAREER_DIRECTION"]["value"] is None, "the programme has no direction by default"
    assert abs(sum(c["contribution"] for c in components.values()) - node["score"]) < 1e-3
    assert components["SEMANTIC"]["weight"] == max(c["weight"] for c in components.values())


async def test_admin_weights_and_direction_change_the_order(
    gql: GraphQL, person: Person, database_url: str
) -> None:
    await person(
        "Junior Jo",
        canMentor=True,
        expertise=["creating short-form video content"],
        careerStage="EARLY_CAREER",
    )
    await person(
        "Veteran Val",
        canMentor=True,
        expertise=["producing short videos for social media"],
        careerStage="EXECUTIVE",
        capacity=5,
    )
    _, mentee = await person("Manager Mo", objectives=["make engaging short videos"], careerStage="DIRECTOR")
    before = names(await gql.data(MATCHES, token=mentee))

    from click.testing import CliRunner

    from mentormatch.cli import cli

    admin_email = "root@example.com"
    env = {"DATABASE_URL": database_url, "MENTORMATCH_ENV": "development"}
    import asyncio

    result = await asyncio.to_thread(
        CliRunner().invoke,
        cli,
        ["create-admin", "--email", admin_email, "--password", "an-admin-passphrase-99"],
        env=env,
    )
    assert result.exit_code == 0, result.output
    login = await gql.data(
        'mutation { login(input: {email: "root@example.com", password: "an-admin-passphrase-99"}) { token } }'
    )
    admin = login["login"]["token"]
    update = """mutation($input: MatchingSettingsInput!) { updateMatchingSettings(input: $input) {
        settings { direction requireDirection weights { kind weight } } errors { code field } } }"""

    denied = await gql.data(update, {"input": {"direction": "REVERSE"}}, token=mentee)
    assert denied["updateMatchingSettings"]["errors"][0]["code"] == "FORBIDDEN"

    reverse = {"input": {"direction": "REVERSE", "weights": {"careerDirection": 1.0, "semantic": 0.1}}}
    changed = await gql.data(update, reverse, token=admin)
    assert changed["updateMatchingSettings"]["errors"] == []
    assert names(await gql.data(MATCHES, token=mentee))[0] == "Junior Jo"

    traditional = {"input": {"direction": "TRADITIONAL"}}
    await gql.data(update, traditional, token=admin)
    assert names(await gql.data(MATCHES, token=mentee))[0] == "Veteran Val"

    required = {"input": {"direction": "REVERSE", "requireDirection": True}}
    await gql.data(update, required, token=admin)
    assert names(await gql.data(MATCHES, token=mentee)) == ["Junior Jo"]
    assert sorted(before) == ["Junior Jo", "Veteran Val"]

    bad = await gql.data(update, {"input": {"weights": {"semantic": 2}}}, token=admin)
    assert bad["updateMatchingSettings"]["errors"] == [{"code": "INVALID_INPUT", "field": "weights.semantic"}]
    one_off = await gql.data(update, {"input": {"weights": {"semantic": 0}}}, token=admin)
    assert one_off["updateMatchingSettings"]["errors"] == [], "the other weights are still above 0"
    all_zero = dict.fromkeys(
        [
            "semantic",
            "skills",
            "personality",
            "feedback",
            "availability",
            "careerDirection",
            "responsiveness",
        ],
        0,
    )
    none_left = await gql.data(update, {"input": {"weights": all_zero}}, token=admin)
    assert none_left["updateMatchingSettings"]["errors"] == [{"code": "INVALID_INPUT", "field": "weights"}]


async def test_bad_arguments_are_coded_errors(gql: GraphQL, person: Person) -> None:
    _, token = await person("Someone", objectives=["anything at all"])
    for variables, field in (
        ({"query": "   "}, "query"),
        ({"first": 0}, "first"),
        ({"after": "garbage"}, "after"),
    ):
        body = await gql(MATCHES, variables, token=token)
        assert body["errors"][0]["extensions"] == {"code": "INVALID_INPUT", "field": field}
    anonymous = await gql(MATCHES, {"query": "marketing"})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_first_is_capped_at_50(gql: GraphQL, person: Person, mentors: Mentors) -> None:
    await mentors(
        {
            "displayName": f"Speaker {n}",
            "canMentor": True,
            "expertise": [f"coaching public speaking, group {n}"],
        }
        for n in range(60)
    )
    _, token = await person("Learner", objectives=["become a confident speaker"])
    capped = (await gql.data(MATCHES, {"first": 500}, token=token))["mentorMatches"]
    assert len(capped["edges"]) == 50
    assert capped["pageInfo"]["hasNextPage"] is True
    assert capped["totalCount"] == 60


async def test_admins_set_the_request_limits_that_requests_obey(
    gql: GraphQL, person: Person, db: async_sessionmaker[AsyncSession]
) -> None:
    admin_id, admin = await person("Ada Admin")
    await set_user(db, admin_id, is_admin=True)
    _, participant = await person("Pat Participant")
    limits = "maxPendingRequests maxMentorsPerMentee requestTtlDays"
    update = f"""mutation($input: MatchingSettingsInput!) {{ updateMatchingSettings(input: $input) {{
        settings {{ {limits} }} errors {{ code field }} }} }}"""
    read = f"{{ matchingSettings {{ {limits} }} }}"

    defaults = {"maxPendingRequests": 5, "maxMentorsPerMentee": 1, "requestTtlDays": 14}
    assert (await gql.data(read, token=admin))["matchingSettings"] == defaults
    denied = await gql.data(update, {"input": {"maxPendingRequests": 9}}, token=participant)
    assert denied["updateMatchingSettings"]["errors"][0]["code"] == "FORBIDDEN"

    changed = await gql.data(update, {"input": {"maxPendingRequests": 2, "requestTtlDays": 3}}, token=admin)
    expected = {"maxPendingRequests": 2, "maxMentorsPerMentee": 1, "requestTtlDays": 3}
    assert changed["updateMatchingSettings"] == {"settings": expected, "errors": []}
    async with db() as session:
        assert await request_limits(session) == RequestLimits(2, 1, 3), "what requests enforce"

    bad = await gql.data(
        update,
        {"input": {"maxMentorsPerMentee": 0, "requestTtlDays": 400, "direction": "REVERSE"}},
        token=admin,
    )
    assert bad["updateMatchingSettings"]["errors"] == [
        {"code": "INVALID_INPUT", "field": "maxMentorsPerMentee"},
        {"code": "INVALID_INPUT", "field": "requestTtlDays"},
    ]
    after = await gql.data(
        "{ matchingSettings { direction maxMentorsPerMentee requestTtlDays } }", token=admin
    )
    assert after["matchingSettings"] == {"direction": "ANY", "maxMentorsPerMentee": 1, "requestTtlDays": 3}


async def test_mentors_already_paired_with_me_are_not_proposed_again(
    gql: GraphQL, person: Person, db: async_sessionmaker[AsyncSession]
) -> None:
    from mentormatch.mentorships import service as mentorships

    expertise = {"canMentor": True, "capacity": 5, "expertise": ["coaching public speaking"]}
    await person("Fresh Fay", **expertise)
    mine, _ = await person("My Mentor Mo", **expertise)
    asked, _ = await person("Asked Abe", **expertise)
    me, token = await person("Learner Lee", seeksMentoring=True, objectives=["speak confidently in public"])
    request = await mentorships.create_request(
        db, initiator=mentorships.Role.MENTEE, sender_id=me, recipient_id=mine, message="Hi", objectives=None
    )
    async with db.begin() as session:
        await session.execute(
            text("INSERT INTO programme_settings (id, weights, max_mentors_per_mentee) VALUES (1, '{}', 3)")
        )
    await mentorships.accept_request(db, viewer_id=mine, request_id=request.id)
    await mentorships.create_request(
        db, initiator=mentorships.Role.MENTOR, sender_id=asked, recipient_id=me, message="Hi", objectives=None
    )

    # A request to either would be refused as a CONFLICT: they are not offered.
    result = await gql.data(MATCHES, token=token)
    assert names(result) == ["Fresh Fay"]
    assert result["mentorMatches"]["totalCount"] == 1
