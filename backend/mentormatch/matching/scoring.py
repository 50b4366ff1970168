"""How a candidate mentor is scored: each component in [0, 1], blended by the programme's weights.

Pure functions, no database: the rules of the score live here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# The components' names and default weights are programme settings (programme.models owns them).
from mentormatch.programme.models import (
    AVAILABILITY,
    CAREER_DIRECTION,
    DEFAULT_WEIGHTS,
    FEEDBACK,
    PERSONALITY,
    RESPONSIVENESS,
    SEMANTIC,
    SKILLS,
    Direction,
)

__all__ = [
    "AVAILABILITY",
    "CAREER_DIRECTION",
    "DEFAULT_WEIGHTS",
    "FEEDBACK",
    "PERSONALITY",
    "RESPONSIVENESS",
    "SEMANTIC",
    "SKILLS",
]

STAGE_ORDER = ("EARLY_CAREER", "MID_CAREER", "SENIOR", "DIRECTOR", "EXECUTIVE")
BIG_FIVE_TRAITS = ("openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism")


def feedback_score(public_rating: float) -> float:
    """The mentor's public rating (1-5, `feedback.records.public_rating`) on a 0-1 scale."""
    return (public_rating - 1) / 4


def availability_score(capacity: int, active: int) -> float:
    """Share of the mentor's capacity still free."""
    return max(0.0, (capacity - active) / capacity) if capacity > 0 else 0.0


@dataclass(frozen=True)
class SkillComparison:
    name: str
    mentor_level: int
    mentee_level: int

    @property
    def gap_covered(self) -> float:
        """How far the mentor's level lifts the mentee's, from 0 (not above) to 1 (1 -> 5)."""
        return max(0, self.mentor_level - self.mentee_level) / 4


def compare_skills(
    mentee: Mapping[str, tuple[str, int]], mentor: Mapping[str, tuple[str, int]]
) -> list[SkillComparison]:
    """Skills both list (by normalised key), with both levels."""
    return [
        SkillComparison(name=mentor[key][0], mentor_level=mentor[key][1], mentee_level=level)
        for key, (_, level) in mentee.items()
        if key in mentor
    ]


def skill_gap_score(mentee_skill_count: int, shared: Sequence[SkillComparison]) -> float | None:
    """Average gap covered over the skills the mentee wants to grow; None if they listed none."""
    if mentee_skill_count == 0:
        return None
    return sum(s.gap_covered for s in shared) / mentee_skill_count


def personality_score(
    mentee_big_five: Mapping[str, int] | None,
    mentor_big_five: Mapping[str, int] | None,
    mentee_mbti: str | None,
    mentor_mbti: str | None,
) -> tuple[float | None, str | None]:
    """Compatibility in [0, 1] and a note, from what both gave (None if they share no instrument).

    Big Five: 1 minus the mean absolute difference of the five scores. MBTI: two people who share how
    they take in information (S/N) and decide (T/F) work easily together; differing energy (E/I) and
    structure (J/P) are complementary, so they count half.
    """
    parts: list[float] = []
    notes: list[str] = []
    if mentee_big_five and mentor_big_five:
        difference = sum(abs(mentee_big_five[t] - mentor_big_five[t]) for t in BIG_FIVE_TRAITS) / 5
        parts.append(1 - difference / 100)
        notes.append(f"Big Five profiles {round(100 - difference)}% alike")
    if mentee_mbti and mentor_mbti:
        letters = zip(mentee_mbti, mentor_mbti, strict=True)
        parts.append(
            sum(1.0 if a == b else 0.5 if i in (0, 3) else 0.0 for i, (a, b) in enumerate(letters)) / 4
        )
        notes.append(f"MBTI {mentor_mbti} with {mentee_mbti}")
    if not parts:
        return None, None
    return sum(parts) / len(parts), "; ".join(notes)


def direction_score(direction: Direction, mentee_stage: str | None, mentor_stage: str | None) -> float | None:
    """1 when the mentor sits on the programme's side of the mentee's career stage, 0.5 at the same stage,
    0 on the other side; None when the programme has no direction or a stage is unknown."""
    if direction is Direction.ANY or mentee_stage is None or mentor_stage is None:
        return None
    gap = STAGE_ORDER.index(mentee_stage) - STAGE_ORDER.index(mentor_stage)
    if direction is Direction.TRADITIONAL:
        gap = -gap
    return 1.0 if gap > 0 else 0.5 if gap == 0 else 0.0


def blend(components: Mapping[str, float | None], weights: Mapping[str, float]) -> float:
    """The weighted mean of the components that apply. Components that are None (data nobody gave) are
    left out and the weights of the rest renormalised, so a mentor is neither rewarded nor punished."""
    total = weighted = 0.0
    for name, value in components.items():
        if value is not None:
            weight = weights.get(name, 0.0)
            total += weight
            weighted += weight * value
    return weighted / total if total > 0 else 0.0


def contributions(components: Mapping[str, float | None], weights: Mapping[str, float]) -> dict[str, float]:
    """Each applicable component's share of the blended score (they add up to it)."""
    total = sum(weights.get(name, 0.0) for name, value in components.items() if value is not None)
    if total <= 0:
        return {}
    return {
        name: weights.get(name, 0.0) * value / total
        for name, value in components.items()
        if value is not None
    }
