"""The score's rules, as pure functions."""

from __future__ import annotations

import pytest

from mentormatch.matching import scoring
from mentormatch.matching.models import Direction


def test_one_rating_does_not_dominate_the_feedback_record() -> None:
    assert scoring.bayesian_rating(0, 0) == scoring.RATING_PRIOR_MEAN
    one_five = scoring.bayesian_rating(1, 5)
    many_fives = scoring.bayesian_rating(40, 200)
    assert scoring.RATING_PRIOR_MEAN < one_five < 4.0 < many_fives <= 5
    assert scoring.bayesian_rating(1, 1) > 3.0, "one harsh rating barely moves a new mentor"
    assert scoring.feedback_score(0, 0) == pytest.approx((scoring.RATING_PRIOR_MEAN - 1) / 4)


def test_availability_is_the_free_share_of_capacity() -> None:
    assert scoring.availability_score(4, 1) == 0.75
    assert scoring.availability_score(2, 2) == 0.0
    assert scoring.availability_score(0, 0) == 0.0


def test_skill_gap_counts_only_levels_above_the_mentees() -> None:
    mentee = {"python": ("Python", 1), "sql": ("SQL", 4), "figma": ("Figma", 2)}
    mentor = {"python": ("Python", 5), "sql": ("SQL", 3)}
    shared = scoring.compare_skills(mentee, mentor)
    assert [(s.name, s.mentor_level, s.mentee_level) for s in shared] == [("Python", 5, 1), ("SQL", 3, 4)]
    assert scoring.skill_gap_score(len(mentee), shared) == pytest.approx((1.0 + 0.0 + 0.0) / 3)
    assert scoring.skill_gap_score(0, []) is None


def test_personality_needs_both_sides() -> None:
    five = dict.fromkeys(scoring.BIG_FIVE_TRAITS, 50)
    assert scoring.personality_score(five, None, None, "INTJ") == (None, None)
    same, note = scoring.personality_score(five, five, None, None)
    assert same == 1.0 and note is not None and "100% alike" in note
    opposite = dict.fromkeys(scoring.BIG_FIVE_TRAITS, 100)
    assert (
        scoring.personality_score(dict.fromkeys(scoring.BIG_FIVE_TRAITS, 0), opposite, None, None)[0] == 0.0
    )
    # Shared S/N and T/F count fully; differing E/I and J/P are complementary and count half.
    assert scoring.personality_score(None, None, "INTJ", "ENTP")[0] == pytest.approx((0.5 + 1 + 1 + 0.5) / 4)


@pytest.mark.parametrize(
    ("direction", "mentee", "mentor", "expected"),
    [
        (Direction.REVERSE, "EXECUTIVE", "EARLY_CAREER", 1.0),
        (Direction.REVERSE, "EARLY_CAREER", "EXECUTIVE", 0.0),
        (Direction.REVERSE, "SENIOR", "SENIOR", 0.5),
        (Direction.TRADITIONAL, "EARLY_CAREER", "DIRECTOR", 1.0),
        (Direction.ANY, "EXECUTIVE", "EARLY_CAREER", None),
        (Direction.REVERSE, None, "EARLY_CAREER", None),
    ],
)
def test_career_direction(
    direction: Direction, mentee: str | None, mentor: str | None, expected: float | None
) -> None:
    assert scoring.direction_score(direction, mentee, mentor) == expected


def test_blend_leaves_out_components_that_do_not_apply() -> None:
    weights = {"semantic": 0.6, "personality": 0.4}
    assert scoring.blend({"semantic": 0.5, "personality": None}, weights) == pytest.approx(0.5)
    components = {"semantic": 0.5, "personality": 1.0}
    score = scoring.blend(components, weights)
    assert score == pytest.approx(0.7)
    assert sum(scoring.contributions(components, weights).values()) == pytest.approx(score)
    assert scoring.blend({"semantic": None}, weights) == 0.0
