"""The bands matching pages through, and the cursors that carry them, as pure functions."""

from __future__ import annotations

import random
import uuid

import pytest

from mentormatch.errors import InvalidInput
from mentormatch.matching.service import (
    CANDIDATES_PER_OBJECTIVE,
    _Band,
    _decode_cursor,
    _encode_cursor,
    _Pool,
)


def pool(depth: int, lowest: dict[int, float], *, complete: bool = False) -> _Pool:
    return _Pool(depth, [], lowest, {}, complete)


def test_every_mentor_falls_in_exactly_one_band_in_order_of_nearness() -> None:
    # Two objectives whose nearest items reach less far as the lists grow (one of them unevenly).
    first = _Band(50, pool(50, {0: 0.61, 1: 0.55}).floor())
    bands = [first]
    for depth, lowest in ((100, {0: 0.52, 1: 0.555}), (200, {0: 0.40, 1: 0.31})):
        bands.append(bands[-1].below(pool(depth, lowest)))
    bands.append(bands[-1].below(pool(400, {0: 0.2, 1: 0.1}, complete=True)))
    assert bands[-1].is_last and not any(b.is_last for b in bands[:-1])
    assert bands[1].floor[1] == bands[0].floor[1], "a floor never rises above the band before it"

    rng = random.Random(3)
    for _ in range(2000):
        similarities = {0: rng.uniform(-1, 1), 1: rng.uniform(-1, 1)}
        holding = [n for n, band in enumerate(bands) if band.holds(similarities)]
        assert len(holding) == 1, similarities
        best = max(similarities[0] - 0.61, similarities[1] - 0.55)
        assert (holding == [0]) == (best > 0), "the first band: nearer than its floor to some objective"


def test_floors_round_up_so_a_band_holds_only_mentors_the_fetched_items_found() -> None:
    band = _Band(50, pool(50, {0: 0.4000001}).floor())
    assert not band.holds({0: 0.4000001}), "the least similar fetched item may have equals outside"
    assert band.holds({0: 0.400002})


def test_a_cursor_carries_its_band_exactly() -> None:
    band = _Band(200, {0: 345027, 3: -12}, {0: 373499, 3: 5})
    mentor = uuid.uuid4()
    cursor = _decode_cursor(_encode_cursor(75, 0.1 + 0.2, mentor, band))
    assert (cursor.offset, cursor.score, cursor.user_id, cursor.band) == (75, 0.1 + 0.2, mentor, band)


@pytest.mark.parametrize("depth", [0, CANDIDATES_PER_OBJECTIVE - 1, 10**30])
def test_a_cursor_cannot_ask_for_any_depth(depth: int) -> None:
    forged = _encode_cursor(1, 0.5, uuid.uuid4(), _Band(depth, {0: 1}))
    with pytest.raises(InvalidInput):
        _decode_cursor(forged)
