"""Match strength: a calibrated chance named in words, and a match's strength over its objectives."""

from __future__ import annotations

import itertools

from mentormatch.matching import strength
from mentormatch.matching.strength import Strength


def test_bands_rise_with_similarity_and_their_floors_invert_the_calibration() -> None:
    seen = [strength.of_similarity(s / 100) for s in range(-20, 101)]
    order = [Strength.WEAK, Strength.PARTIAL, Strength.GOOD, Strength.STRONG]
    assert [order.index(band) for band in seen] == sorted(order.index(band) for band in seen)
    assert set(seen) == set(Strength)
    for band in (Strength.PARTIAL, Strength.GOOD, Strength.STRONG):
        floor = strength.similarity_floor(band)
        assert strength.of_similarity(floor + 1e-6) is band
        assert strength.of_similarity(floor - 1e-3) is not band


def test_evidence_and_covering_well_are_bands_not_cosines() -> None:
    partial, good = strength.similarity_floor(Strength.PARTIAL), strength.similarity_floor(Strength.GOOD)
    assert not strength.is_evidence(partial - 0.01) and strength.is_evidence(partial + 0.01)
    assert not strength.covers_well(good - 0.01) and strength.covers_well(good + 0.01)


def test_a_match_covering_one_objective_of_three_strongly_is_partial() -> None:
    strong = strength.similarity_floor(Strength.STRONG) + 0.3
    assert strength.of_match([strong], 1) is Strength.STRONG
    assert strength.of_match([strong, 0.0, 0.0], 3) is Strength.PARTIAL
    assert strength.of_match([], 0) is Strength.WEAK


def test_probability_ranges_tile_zero_to_one() -> None:
    ranges = sorted(strength.probability_range(band) for band in Strength)
    assert ranges[0][0] == 0
    assert ranges[-1][1] > 1
    for (_, high), (low, _) in itertools.pairwise(ranges):
        assert high == low, "each band starts where the one below ends"
    for band in Strength:
        low, high = strength.probability_range(band)
        assert strength.of_probability(low) is band
        assert strength.of_probability(min(high, 1.0) - 1e-9) is band


def test_the_shipped_frame_detector_is_trained_on_the_current_data() -> None:
    # Stale weights would be retrained at every start-up (about a minute): run `mentormatch train-phrasing`.
    import json

    from mentormatch.embeddings import phrasing
    from mentormatch.embeddings.service import BUNDLED_MODEL_NAME

    shipped = json.loads(phrasing.weights_path(BUNDLED_MODEL_NAME).read_text(encoding="utf-8"))
    assert shipped["fingerprint"] == phrasing.training_fingerprint(BUNDLED_MODEL_NAME)
