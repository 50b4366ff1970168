"""The cohort's candidates and scores, searched for many mentees in one statement, are mentorMatches'
first band for each of them, score for score: with the nearest-item lists full (more items than one
list holds) and short (a required direction leaves few), and with a pending pair left out."""

from __future__ import annotations

import uuid

from mentormatch.embeddings import Embedder
from mentormatch.matching.service import (
    CANDIDATES_PER_OBJECTIVE,
    Match,
    ProfileFilter,
    rank_mentors,
    score_cohort,
)
from mentormatch.mentorships import service as mentorships
from mentormatch.mentorships.models import Role
from tests.integration.cohorts.conftest import Db, Mentors, set_direction

TOPICS = [
    "Python data pipelines",
    "public speaking",
    "product roadmaps",
    "UX research interviews",
    "Kubernetes operations",
    "financial modelling",
    "hiring engineers",
    "SQL dashboards",
    "negotiating salaries",
    "machine learning models",
    "writing grant proposals",
    "mobile app releases",
]
# One mentor in five is senior: the only ones a mid-career mentee may have under a traditional rule.
STAGES = ["EARLY_CAREER", "MID_CAREER", "SENIOR", "EARLY_CAREER", "MID_CAREER"]
MENTORS = 60


def _cohort() -> list[dict[str, object]]:
    people: list[dict[str, object]] = [
        {
            "displayName": f"Mentor {n}",
            "canMentor": True,
            "capacity": 1 + n % 3,
            "careerStage": STAGES[n % len(STAGES)],
            # Every item distinct, so no two are equally near an objective.
            "expertise": [f"{TOPICS[(n + k) % len(TOPICS)]} for teams of {n + 2}" for k in range(2)],
            "skills": [{"name": "Python", "level": 1 + n % 5}, {"name": "SQL", "level": 1 + (n * 3) % 5}],
            "personality": {"mbti": ["INTJ", "ENFP", "ISTP", "ESFJ"][n % 4]},
        }
        for n in range(MENTORS)
    ]
    people += [
        {
            "displayName": f"Mentee {n}",
            "seeksMentoring": True,
            "careerStage": "MID_CAREER",
            "objectives": [f"Get better at {TOPICS[(5 * n + k) % len(TOPICS)]}" for k in range(1 + n)],
            "skills": [{"name": "Python", "level": 2}],
            "personality": {"mbti": "INFP"},
        }
        for n in range(3)
    ]
    return people


async def _same_as_mentor_matches(db: Db, embedder: Embedder, mentee_ids: list[uuid.UUID]) -> list[int]:
    """Assert each mentee's cohort candidates are the head of their mentorMatches, in order and score
    for score (the rest of that ranking is its later bands), with the same summary; returns how many
    candidates each has."""
    cohort = await score_cohort(db, mentee_ids)
    counts = []
    for mentee_id in mentee_ids:
        matches: list[Match] = []
        after = None
        while True:
            page = await rank_mentors(
                db,
                embedder,
                viewer_id=mentee_id,
                query=None,
                mentor_filter=ProfileFilter(),
                first=50,
                after=after,
            )
            matches += page.matches
            if not page.has_next or len(matches) > len(cohort[mentee_id]):
                break
            after = matches[-1].cursor
        listed = [(c.mentor_id, c.score) for c in cohort[mentee_id]]
        ranked = [(m.user_id, m.score) for m in matches]
        assert listed, mentee_id
        assert listed == ranked[: len(listed)]
        assert cohort[mentee_id][0].explain() == matches[0].summary
        counts.append(len(listed))
    return counts


async def test_batched_candidates_equal_mentor_matches(db: Db, embedder: Embedder, mentors: Mentors) -> None:
    ids = await mentors(_cohort())
    mentee_ids = [ids[f"Mentee {n}"] for n in range(3)]
    # Mentee 0 asked Mentor 7 (a senior) already: neither path may list that pair.
    await mentorships.create_request(
        db,
        initiator=Role.MENTEE,
        sender_id=ids["Mentee 0"],
        recipient_id=ids["Mentor 7"],
        message="Hi",
        objectives=None,
    )
    # 120 items: every list of 50 comes back full, and Mentee 0's one list reaches 50 mentors at most.
    assert CANDIDATES_PER_OBJECTIVE < 2 * MENTORS
    counts = await _same_as_mentor_matches(db, embedder, mentee_ids)
    assert counts[0] <= CANDIDATES_PER_OBJECTIVE < MENTORS - 1, counts
    cohort = await score_cohort(db, mentee_ids)
    assert ids["Mentor 7"] not in {c.mentor_id for c in cohort[ids["Mentee 0"]]}

    # Traditional and required: only the 12 senior mentors (24 items) take mid-career mentees, so
    # the lists come back short and every one of them is a candidate.
    await set_direction(db, "TRADITIONAL", required=True)
    await _same_as_mentor_matches(db, embedder, mentee_ids)
    senior = {ids[f"Mentor {n}"] for n in range(MENTORS) if STAGES[n % len(STAGES)] == "SENIOR"}
    cohort = await score_cohort(db, mentee_ids)
    for mentee_id in mentee_ids:
        expected = senior - ({ids["Mentor 7"]} if mentee_id == ids["Mentee 0"] else set())
        assert {c.mentor_id for c in cohort[mentee_id]} == expected
