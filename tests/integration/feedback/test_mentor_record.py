"""A mentor's record: public only over 3 rated mentorships from 3 different mentees, a Bayesian average
against the programme's mean (over the public records), and the same figure in matching: the FEEDBACK
component of mentorMatches and the `minRating` filter. Below the threshold a mentor counts at the
programme mean, so no single rating leaks through a score either."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.conftest import GraphQL
from tests.integration.feedback.conftest import (
    MENTEE_MATCHES,
    MENTOR_MATCHES,
    RECORD,
    Db,
    Person,
    check_in,
    end_mentorship,
    move_check_ins_back,
    set_limits,
    start_mentorship,
)

EXPERTISE = ["building dashboards in SQL and Looker"]
OBJECTIVES = ["learn to build dashboards in SQL"]


async def record(gql: GraphQL, token: str, mentor_id: uuid.UUID) -> tuple[bool, float | None, int | None]:
    seen = (await gql.data(RECORD, {"id": str(mentor_id)}, token=token))["profile"]["mentorRecord"]
    return seen["enoughRatings"], seen["rating"], seen["ratingCount"]


async def matches(gql: GraphQL, token: str, **mentor_filter: Any) -> dict[str, dict[str, Any]]:
    """mentorMatches by mentor name: each with its components by kind."""
    variables: dict[str, Any] = {"first": 50, "filter": mentor_filter or None}
    found = (await gql.data(MENTOR_MATCHES, variables, token=token))["mentorMatches"]
    edges = found["edges"]
    assert found["totalCount"] == len(edges), "the count filters as the list does"
    return {
        e["node"]["mentor"]["displayName"]: {
            "score": e["node"]["score"],
            **{c["kind"]: c["value"] for c in e["node"]["explanation"]["components"]},
        }
        for e in edges
    }


async def mentee_matches(gql: GraphQL, token: str) -> dict[str, dict[str, Any]]:
    """menteeMatches by mentee name: each with its components by kind."""
    edges = (await gql.data(MENTEE_MATCHES, {"first": 50}, token=token))["menteeMatches"]["edges"]
    return {
        e["node"]["mentee"]["displayName"]: {
            "score": e["node"]["score"],
            **{c["kind"]: c["value"] for c in e["node"]["explanation"]["components"]},
        }
        for e in edges
    }


def on_a_0_to_1_scale(rating: float) -> float:
    return (rating - 1) / 4


def as_shown(value: float) -> object:
    """A score component's value as the API gives it, to 4 decimals."""
    return pytest.approx(value, abs=5e-5)


async def test_a_rating_is_public_only_from_3_rated_mentorships_of_3_different_mentees(
    gql: GraphQL, person: Person, db: Db
) -> None:
    mentor_id, mentor = await person("Mentor Mia", canMentor=True, capacity=5, expertise=EXPERTISE)
    _, viewer = await person("Viewer Vi", seeksMentoring=True, objectives=OBJECTIVES)
    mentees = {name: await person(name, seeksMentoring=True) for name in ("Ann", "Ben", "Cy")}

    async def rated(name: str, rating: int) -> str:
        mentee_id, token = mentees[name]
        mentorship_id = await start_mentorship(db, mentor_id, mentee_id)
        await check_in(gql, token, mentorship_id, rating=rating)
        return mentorship_id

    async def hidden(stage: str) -> None:
        for token in (viewer, mentor, mentees["Ann"][1]):
            assert await record(gql, token, mentor_id) == (False, None, None), stage
        # In matching the mentor counts at the programme mean, 3.5 while no record is public: the
        # poor ratings change neither the FEEDBACK component nor what minRating keeps.
        mia = (await matches(gql, viewer))["Mentor Mia"]
        assert mia["FEEDBACK"] == as_shown(on_a_0_to_1_scale(3.5)), stage
        # Nor does she read her own ratings from her side of the pair, which scores the same.
        vi = (await mentee_matches(gql, mentor))["Viewer Vi"]
        assert vi["FEEDBACK"] == as_shown(on_a_0_to_1_scale(3.5)), stage
        assert vi["score"] == pytest.approx(mia["score"], abs=1e-6), stage
        assert "Mentor Mia" in await matches(gql, viewer, minRating=3.5), stage
        assert "Mentor Mia" not in await matches(gql, viewer, minRating=3.6), stage

    anns_first = await rated("Ann", 1)
    await rated("Ben", 1)
    await hidden("2 rated mentorships")

    # Ann's second mentorship with her, in turn: 3 rated mentorships, but from 2 mentees.
    await end_mentorship(db, anns_first, by=mentees["Ann"][0])
    await rated("Ann", 1)
    await hidden("3 rated mentorships from 2 mentees")

    # A third mentee: 4 ratings from 3 mentees are public. Hers is the only public record, so the
    # programme mean is her own mean, (1 + 1 + 1 + 4) / 4 = 1.75, and so is her Bayesian average.
    await rated("Cy", 4)
    for token in (viewer, mentor):
        enough, rating, count = await record(gql, token, mentor_id)
        assert (enough, count) == (True, 4)
        assert rating == pytest.approx(1.75, abs=0.005)  # shown to 2 decimals
    mia = (await matches(gql, viewer))["Mentor Mia"]
    assert mia["FEEDBACK"] == as_shown(on_a_0_to_1_scale(1.75))
    vi = (await mentee_matches(gql, mentor))["Viewer Vi"]
    assert vi["FEEDBACK"] == as_shown(on_a_0_to_1_scale(1.75))
    assert vi["score"] == pytest.approx(mia["score"], abs=1e-6)
    assert "Mentor Mia" not in await matches(gql, viewer, minRating=2)


async def test_the_bayesian_average_is_taken_against_the_programme_mean(
    gql: GraphQL, person: Person, db: Db
) -> None:
    await set_limits(db, max_mentors_per_mentee=5)
    mentor_names = ("Pat", "Quinn", "Rosa", "Sol", "Tess")
    mentors = {
        name: await person(name, canMentor=True, capacity=6, expertise=EXPERTISE) for name in mentor_names
    }
    mentees = [await person(f"Mentee {n}", seeksMentoring=True) for n in range(1, 5)]
    _, viewer = await person("Viewer Vi", seeksMentoring=True, objectives=OBJECTIVES)

    async def rated(mentor: str, mentee: int, *ratings: int) -> str:
        """The mentee's check-ins on a new mentorship with the mentor, an interval apart."""
        mentee_id, token = mentees[mentee - 1]
        mentorship_id = await start_mentorship(db, mentors[mentor][0], mentee_id)
        for rating in ratings:
            await move_check_ins_back(db, mentorship_id, 15)
            await check_in(gql, token, mentorship_id, rating=rating)
        return mentorship_id

    # Pat: 5, 5, 4. His own check-in about a mentee is not a rating of him.
    pats = await rated("Pat", 1, 5)
    await check_in(gql, mentors["Pat"][1], pats, rating=1)
    await rated("Pat", 2, 5)
    await rated("Pat", 3, 4)
    # Quinn: 2, 3, 1 and, on a mentorship that ended, the final check-in 2 after a 5.
    await rated("Quinn", 1, 2)
    await rated("Quinn", 2, 3)
    await rated("Quinn", 3, 1)
    quinns = await rated("Quinn", 4, 5)
    await end_mentorship(db, quinns, by=mentees[3][0])
    await check_in(gql, mentees[3][1], quinns, rating=2)
    # Rosa: the most recent check-in counts, 4 (not the 1 before it), then 3 and 4.
    await rated("Rosa", 1, 1, 4)
    await rated("Rosa", 2, 3)
    await rated("Rosa", 3, 4)
    # Sol: two ratings of 1, below the threshold. Tess: none.
    await rated("Sol", 1, 1)
    await rated("Sol", 2, 1)

    # By hand: the public records are Pat (3 ratings, sum 14), Quinn (4, sum 8) and Rosa (3, sum 11);
    # the programme mean is over their rated mentorships, 33 / 10 = 3.3; each public rating is
    # (5 * 3.3 + sum) / (5 + n).
    programme_mean = 3.3
    expected = {
        "Pat": (True, (16.5 + 14) / 8, 3),  # 3.8125
        "Quinn": (True, (16.5 + 8) / 9, 4),  # 2.7222
        "Rosa": (True, (16.5 + 11) / 8, 3),  # 3.4375
        "Sol": (False, None, None),
        "Tess": (False, None, None),
    }
    for name, (enough, rating, count) in expected.items():
        seen = await record(gql, viewer, mentors[name][0])
        assert (seen[0], seen[2]) == (enough, count), name
        assert seen[1] == (pytest.approx(rating, abs=0.005) if rating is not None else None), name

    ranked = await matches(gql, viewer)
    for name, (_, rating, _) in expected.items():
        counted = rating if rating is not None else programme_mean  # below the threshold: the mean
        assert ranked[name]["FEEDBACK"] == as_shown(on_a_0_to_1_scale(counted)), name

    # minRating filters on the same figure (Sol and Tess count at 3.3).
    assert set(await matches(gql, viewer, minRating=3.5)) == {"Pat"}
    assert set(await matches(gql, viewer, minRating=3.4)) == {"Pat", "Rosa"}
    assert set(await matches(gql, viewer, minRating=3.0)) == {"Pat", "Rosa", "Sol", "Tess"}
    assert set(await matches(gql, viewer, minRating=2.7)) == set(mentor_names)
