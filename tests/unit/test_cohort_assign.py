"""The cohort assignment is the true optimum (against brute force), within every place, on both paths:
the Hungarian method (one mentor per mentee) and the min-cost flow (several)."""

from __future__ import annotations

import itertools
import random
import uuid

import pytest

from mentormatch.cohorts.service import assign
from mentormatch.matching.service import CohortCandidate


def _brute_force(
    scores: dict[tuple[int, int], float], mentee_places: list[int], mentor_places: list[int]
) -> float:
    edges = list(scores)
    best = 0.0
    for chosen in itertools.product((0, 1), repeat=len(edges)):
        used_mentee = [0] * len(mentee_places)
        used_mentor = [0] * len(mentor_places)
        total = 0.0
        for take, (i, j) in zip(chosen, edges, strict=True):
            if take:
                used_mentee[i] += 1
                used_mentor[j] += 1
                total += scores[(i, j)]
        if all(u <= p for u, p in zip(used_mentee, mentee_places, strict=True)) and all(
            u <= p for u, p in zip(used_mentor, mentor_places, strict=True)
        ):
            best = max(best, total)
    return best


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("mentee_limit", [1, 2])
def test_assignment_is_optimal_and_within_places(seed: int, mentee_limit: int) -> None:
    rng = random.Random(seed)
    mentees = [uuid.uuid4() for _ in range(4)]
    mentors = [uuid.uuid4() for _ in range(3)]
    mentor_places = [rng.randint(0, 2) for _ in mentors]
    scores = {
        (i, j): round(rng.random(), 3)
        for i in range(len(mentees))
        for j in range(len(mentors))
        if rng.random() < 0.7
    }
    candidates: dict[uuid.UUID, list[CohortCandidate]] = {m: [] for m in mentees}
    for (i, j), score in scores.items():
        candidates[mentees[i]].append(
            CohortCandidate(mentors[j], score, mentor_places[j], explain=lambda: "")
        )
    places = dict.fromkeys(mentees, mentee_limit)
    chosen = assign(candidates, places)
    pairs = [(mentee, c.mentor_id) for mentee, c in chosen]
    assert len(set(pairs)) == len(pairs)
    for n, mentor in enumerate(mentors):
        assert sum(1 for _, m in pairs if m == mentor) <= mentor_places[n]
    for mentee in mentees:
        assert sum(1 for m, _ in pairs if m == mentee) <= mentee_limit
    expected = _brute_force(scores, [mentee_limit] * len(mentees), mentor_places)
    assert sum(c.score for _, c in chosen) == pytest.approx(expected)
