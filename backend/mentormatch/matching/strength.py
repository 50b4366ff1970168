"""Match strength: how likely a mentor's expertise item genuinely teaches an objective, in words.

A raw cosine similarity says little to a person (0.45 is a good fit for this model, not a bad one). It is
turned into the chance that the item teaches the objective, P = 1 / (1 + exp(-(SLOPE * similarity +
INTERCEPT))), fitted on labelled matches (`python -m bench.calibrate_strength`, on the hand-labelled set
bench/data/eval_set.json; the script prints the reliability of each band), and the chance is named:

- STRONG: at least 0.70: this mentor very likely teaches it;
- GOOD: at least 0.40;
- PARTIAL: at least 0.15: related, worth a look;
- WEAK: below that. A WEAK pair is no evidence: explanations leave it out and name the objective as
  not covered.

A whole match's strength is that of its mean chance over the objectives it is about (an objective the
mentor does not cover counts 0), so a mentor who covers one objective of three well is a partial match.
A need is covered well when some mentor reaches GOOD for it; a search where no need is covered well says
"no mentor covers this yet".
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable

# Fitted by bench/calibrate_strength.py on bench/data/eval_set.json (all-MiniLM-L6-v2, needs embedded
# without their frames): see that script's output in the README's matching section.
SLOPE = 15.952
INTERCEPT = -7.289


class Strength(enum.Enum):
    STRONG = "STRONG"
    GOOD = "GOOD"
    PARTIAL = "PARTIAL"
    WEAK = "WEAK"


# The least chance of each band, strongest first.
BAND_FLOORS: dict[Strength, float] = {
    Strength.STRONG: 0.70,
    Strength.GOOD: 0.40,
    Strength.PARTIAL: 0.15,
    Strength.WEAK: 0.0,
}
# Evidence for a match: a pair at least this strong.
EVIDENCE = Strength.PARTIAL
# A need is covered well when some mentor is at least this strong for it.
COVERS_WELL = Strength.GOOD


def probability(similarity: float) -> float:
    """The chance that an item this similar to an objective teaches it."""
    return 1 / (1 + math.exp(-(SLOPE * similarity + INTERCEPT)))


def of_probability(chance: float) -> Strength:
    for band, floor in BAND_FLOORS.items():
        if chance >= floor:
            return band
    return Strength.WEAK


def of_similarity(similarity: float) -> Strength:
    return of_probability(probability(similarity))


def at_least(band: Strength, floor: Strength) -> bool:
    return BAND_FLOORS[band] >= BAND_FLOORS[floor]


def is_evidence(similarity: float) -> bool:
    return at_least(of_similarity(similarity), EVIDENCE)


def covers_well(similarity: float) -> bool:
    return at_least(of_similarity(similarity), COVERS_WELL)


def of_match(similarities: Iterable[float], objectives: int) -> Strength:
    """A match's strength: the mean chance over its `objectives` (those without a pair count 0)."""
    if objectives <= 0:
        return Strength.WEAK
    return of_probability(sum(probability(s) for s in similarities) / objectives)


def probability_range(band: Strength) -> tuple[float, float]:
    """[low, high) chance of a band."""
    bands = list(BAND_FLOORS)
    index = bands.index(band)
    high = 1.0 + 1e-9 if index == 0 else BAND_FLOORS[bands[index - 1]]
    return BAND_FLOORS[band], high


def similarity_floor(band: Strength) -> float:
    """The least similarity of a band (the inverse of `probability` at its floor)."""
    floor = BAND_FLOORS[band]
    if floor <= 0:
        return -1.0
    return (math.log(floor / (1 - floor)) - INTERCEPT) / SLOPE
