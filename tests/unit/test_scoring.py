"""The score's rules, as pure functions."""

from __future__ import annotations

import pytest

from mentormatch.feedback import records
from mentormatch.matching import scoring
from mentormatch.programme.models import Direction


def test_a_few_ratings_move_a_public_record_only_a_little_from_the_programme_mean() -> None:
    mean = 4.0
    three_fives = records.public_rating(3, 15, 3, mean)
    many_fives = records.public_rating(40, 200, 40, mean)
    assert mean < three_fives < 4.5 < many_fives <= 5
    assert records.public_rating(3, 3, 3, mean) > 2.5, "three harsh ratings do not sink a mentor to 1"
    assert three_fives == pytest.approx((5 * mean + 15) / 8)
    assert scoring.feedback_score(mean) == pytest.approx(0.75)


def test_below_the_threshold_a_mentor_counts_at_the_programme_mean() -> None:
    # Two rated mentorships, or three from only two mentees: no single mentee's rating shows.
    assert records.public_rating(2, 2, 2, 3.9) == 3.9
    assert records.public_rating(3, 3, 2, 3.9) == 3.9
    assert not records.is_public(3, 2)
    assert records.is_public(3, 3)
    assert records.programme_mean(0, 0) == records.DEFAULT_PROGRAMME_MEAN
    assert records.programme_mean(4, 18) == 4.5


def test_responsiveness_is_mostly_answering_in_time_a_little_how_fast_and_unknown_without_history() -> None:
    assert records.Responsiveness().score(14) is None
    fast = records.Responsiveness(counted=4, answered=4, median_seconds=3600).score(14)
    slow = records.Responsiveness(counted=4, answered=4, median_seconds=10 * 86400).score(14)
    lapsed = records.Responsiveness(counted=4, answered=1, median_seconds=3600).score(14)
    assert fast is not None and slow is not None and lapsed is not None
    assert fast > slow > lapsed
    assert records.Responsiveness(counted=4, answered=4, median_seconds=36 * 3600).summary == (
        "Usually answers within 2 days"
    )
    assert records.Responsiveness(counted=3, answered=0).summary.startswith("Has not answered")


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
