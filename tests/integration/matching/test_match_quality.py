"""Issue 12 with the real model: phrasing does not move the ranking, explanations list only evidence,
a search no one covers says so, and a generic item does not outrank a specific one that fits."""

from __future__ import annotations

from typing import Any

from mentormatch.embeddings import Embedder
from mentormatch.matching import strength
from tests.conftest import GraphQL
from tests.integration.matching.conftest import Person

MATCHES = """
query($query: String) {
  mentorMatches(query: $query, first: 10) {
    noGoodMatch
    coverage { text bestStrength covered }
    edges { node {
      mentor { displayName }
      explanation {
        summary strength uncoveredObjectives
        matchedObjectives { objective expertise similarity strength }
      }
    } }
  }
}"""

MENTORS = {
    "Nina Negotiator": ["negotiating salaries and job offers", "closing contracts with suppliers"],
    "Pat Presenter": ["presenting to executives", "public speaking at conferences"],
    "Kai Kubernetes": ["Kubernetes cluster operations", "deploying containers to production"],
    "Fiona FinOps": ["reading a cloud bill and cutting AWS costs"],
    "Gus Generalist": ["leadership", "communication", "management"],
}


async def mentors(person: Person) -> None:
    for name, expertise in MENTORS.items():
        await person(name, canMentor=True, expertise=expertise)


def names(result: dict[str, Any]) -> list[str]:
    return [edge["node"]["mentor"]["displayName"] for edge in result["mentorMatches"]["edges"]]


def test_the_frame_around_a_need_is_cut_off(embedder: Embedder) -> None:
    texts = [
        "I want to learn how to negotiate",
        "help me get better at presenting",
        "Is there anyone who could teach me negotiation?",
        "Could you teach me public speaking, please?",
        "Kubernetes",
        "advise on diets",
        "understand our cloud bill",
    ]
    assert embedder.needs(texts) == [
        "negotiate",
        "presenting",
        "negotiation",
        "public speaking",
        "Kubernetes",
        "diets",
        "our cloud bill",
    ]


async def test_four_phrasings_of_one_need_find_the_same_top_mentor(gql: GraphQL, person: Person) -> None:
    await mentors(person)
    _, token = await person("Senior Sue", seeksMentoring=True)
    for need, mentor in (("negotiate", "Nina Negotiator"), ("present to executives", "Pat Presenter")):
        phrasings = [
            need,
            f"I want to learn how to {need}",
            f"Is there anyone who could teach me to {need}?",
            f"I'd love a mentor to help me {need}",
        ]
        tops = {
            phrasing: names(await gql.data(MATCHES, {"query": phrasing}, token=token))[0]
            for phrasing in phrasings
        }
        assert tops == dict.fromkeys(phrasings, mentor)


async def test_a_search_no_mentor_covers_says_so_and_still_offers_the_closest(
    gql: GraphQL, person: Person
) -> None:
    await mentors(person)
    _, token = await person("Senior Sue", seeksMentoring=True)

    unrelated = (await gql.data(MATCHES, {"query": "restore antique church organs"}, token=token))[
        "mentorMatches"
    ]
    assert unrelated["noGoodMatch"] is True
    assert unrelated["coverage"] == [
        {
            "text": "restore antique church organs",
            "bestStrength": unrelated["coverage"][0]["bestStrength"],
            "covered": False,
        }
    ]
    assert len(unrelated["edges"]) == len(MENTORS), "the closest are still there for browsing"
    for edge in unrelated["edges"]:
        explanation = edge["node"]["explanation"]
        assert explanation["matchedObjectives"] == []
        assert explanation["uncoveredObjectives"] == ["restore antique church organs"]
        assert explanation["summary"].startswith("Weak match: nothing they teach is close to your search")

    covered = (await gql.data(MATCHES, {"query": "cut our AWS costs"}, token=token))["mentorMatches"]
    assert covered["noGoodMatch"] is False
    assert covered["coverage"][0]["covered"] is True
    assert names({"mentorMatches": covered})[0] == "Fiona FinOps"


async def test_no_explanation_lists_a_pair_below_the_evidence_threshold(gql: GraphQL, person: Person) -> None:
    await mentors(person)
    objectives = ["negotiate a pay rise", "run our services on Kubernetes", "bake sourdough bread"]
    _, token = await person("Senior Sue", seeksMentoring=True, objectives=objectives)

    result = (await gql.data(MATCHES, token=token))["mentorMatches"]
    floor = strength.similarity_floor(strength.EVIDENCE)
    seen_uncovered = set()
    for edge in result["edges"]:
        explanation = edge["node"]["explanation"]
        listed = {pair["objective"] for pair in explanation["matchedObjectives"]}
        for pair in explanation["matchedObjectives"]:
            assert pair["similarity"] >= floor, pair
            assert pair["strength"] != "WEAK"
        # Every objective is either evidence or named as not covered, never both.
        assert listed | set(explanation["uncoveredObjectives"]) == set(objectives)
        assert not listed & set(explanation["uncoveredObjectives"])
        seen_uncovered |= set(explanation["uncoveredObjectives"])
    assert "bake sourdough bread" in seen_uncovered
    coverage = {c["text"]: c["covered"] for c in result["coverage"]}
    assert coverage == {
        "negotiate a pay rise": True,
        "run our services on Kubernetes": True,
        "bake sourdough bread": False,
    }
    assert result["noGoodMatch"] is False


async def test_a_generic_item_does_not_outrank_a_specific_one_that_fits(gql: GraphQL, person: Person) -> None:
    # Leadership, communication and management are each loosely near all three objectives; by the mean
    # cosine the generalist would rank above the Kubernetes specialist, who truly fits one of them.
    await person("Gus Generalist", canMentor=True, expertise=["leadership", "communication", "management"])
    await person("Kai Kubernetes", canMentor=True, expertise=["Kubernetes cluster operations"])
    objectives = ["deploy our apps on Kubernetes", "negotiate my salary", "present confidently to the board"]
    _, token = await person("Senior Sue", seeksMentoring=True, objectives=objectives)

    result = await gql.data(MATCHES, token=token)
    assert names(result) == ["Kai Kubernetes", "Gus Generalist"]
    kai, gus = (edge["node"]["explanation"] for edge in result["mentorMatches"]["edges"])
    assert [p["objective"] for p in kai["matchedObjectives"]] == ["deploy our apps on Kubernetes"]
    assert kai["strength"] == "PARTIAL", "one objective of three, covered strongly"
    assert gus["strength"] == "WEAK"
