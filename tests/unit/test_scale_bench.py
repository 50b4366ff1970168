"""The scale test's pieces (bench/scale.py and the generator it shares with bench/match_speed.py): the
mentors it streams, the sizes and durations it prints and the estimates it makes for 1,000,000 mentors.
The run itself is `python -m bench.scale` (minutes at 100,000 mentors, hours at 1,000,000)."""

from __future__ import annotations

import numpy as np
import pytest
from bench.match_speed import MentorParts, synthesise_mentors
from bench.scale import (
    GRAPH_BYTES_PER_VECTOR,
    bytes_per_element,
    disk_needed,
    duration,
    graph_memory,
    hnsw_scale,
    parse_size,
    pg_size,
    size,
)
from bench.synthetic import AUDIENCES, CONTEXTS, TOPICS, VERBS


def parts() -> MentorParts:
    """Random unit vectors standing in for the model's (the generator only mixes them)."""
    rng = np.random.default_rng(3)

    def unit() -> np.ndarray:
        vector = rng.normal(size=384).astype(np.float32)
        return vector / np.linalg.norm(vector)

    return MentorParts(
        parts={p: unit() for p in [*AUDIENCES, *CONTEXTS]},
        activities={f"{v} {t}": unit() for v in VERBS for t in TOPICS},
    )


def flatten(chunks: list) -> tuple[list, list]:
    items = [item for chunk in chunks for item in chunk.items]
    profiles = [profile for chunk in chunks for profile in chunk.profiles]
    return items, profiles


def test_chunks_stream_the_same_mentors_whatever_their_size() -> None:
    made_of = parts()
    small = list(synthesise_mentors(made_of, 25, chunk=7))
    whole = list(synthesise_mentors(made_of, 25, chunk=1_000))
    assert [len(c) for c in small] == [7, 7, 7, 4]
    assert [len(c) for c in whole] == [25]
    (small_items, small_profiles), (whole_items, whole_profiles) = flatten(small), flatten(whole)
    assert len(small_items) == 75 and len(small_profiles) == 25
    assert [i[4] for i in small_items] == [i[4] for i in whole_items]  # the texts
    for a, b in zip(small_items, whole_items, strict=True):
        np.testing.assert_array_equal(a[6], b[6])
    for a, b in zip(small_profiles, whole_profiles, strict=True):
        assert a[3:7] == b[3:7]  # stage, department, languages, capacity


def test_each_chunk_is_self_contained_and_vectors_are_unit_float32() -> None:
    for chunk in synthesise_mentors(parts(), 10, chunk=4):
        users = {u[0] for u in chunk.users}
        assert {p[0] for p in chunk.profiles} == users  # every row's parent is in the same COPY
        assert {i[1] for i in chunk.items} == users
        for vector in [i[6] for i in chunk.items] + [p[7] for p in chunk.profiles]:
            assert vector.dtype == np.float32 and vector.shape == (384,)
            assert abs(float(np.linalg.norm(vector)) - 1) < 1e-5


def test_dense_mentors_share_the_bare_activitys_text_and_vector() -> None:
    made_of = parts()
    items, _ = flatten(list(synthesise_mentors(made_of, 300, dense=True)))
    bare = [i for i in items if i[4] in made_of.activities]
    assert 0.25 < len(bare) / len(items) < 0.42  # a third
    for item in bare:
        np.testing.assert_allclose(item[6], made_of.activities[item[4]], atol=1e-6)


@pytest.mark.parametrize("dense", [False, True])
def test_one_text_has_one_vector(dense: bool) -> None:
    """As in the product, where an item is embedded by its text: repeats share text and vector, and
    items with noise of their own have texts of their own."""
    made_of = parts()
    items, _ = flatten(list(synthesise_mentors(made_of, 400, dense=dense)))
    by_text: dict[str, np.ndarray] = {}
    for item in items:
        text, vector = item[4], item[6]
        if text in by_text:
            np.testing.assert_array_equal(by_text[text], vector)
        by_text[text] = vector
    bare = [item[4] for item in items if dense and item[4] in made_of.activities]
    assert len(by_text) == len(items) - len(bare) + len(set(bare))
    assert len(by_text) < len(items) if dense else not bare


def test_sizes_read_as_people_write_them() -> None:
    assert size(5 * 2**20) == "5 MiB"
    assert size(9 * 2**30) == "9,216 MiB"
    assert size(24.5 * 2**30) == "24.5 GiB"
    assert parse_size("64MB") == 64 * 2**20
    assert parse_size("1.5GiB") == int(1.5 * 2**30)
    assert parse_size("4 gb") == 4 * 2**30
    assert parse_size("8192") == 8192
    assert pg_size(6_609 * 2**20 + 1) == "6610MB"
    assert pg_size(1) == "64MB"  # never below a build's useful floor


def test_durations() -> None:
    assert duration(45) == "45 s"
    assert duration(720) == "12 min"
    assert duration(3.4 * 3600) == "3.4 h"


def test_estimates_for_a_larger_run() -> None:
    # n log n: ten times the vectors takes more than ten times as long, well under a hundred.
    assert 10 * 100 < hnsw_scale(100, 300_000, 3_000_000) < 12 * 100
    assert graph_memory("halfvec", 1_000) < graph_memory("vector", 1_000)
    assert graph_memory("vector", 3_000_000) == int(GRAPH_BYTES_PER_VECTOR["vector"] * 3_000_000 * 1.1)


def test_graph_memory_read_from_pgvectors_notice() -> None:
    notice = "hnsw graph no longer fits into maintenance_work_mem after 30000 tuples"
    assert bytes_per_element(notice, 64 * 2**20) == pytest.approx(64 * 2**20 / 30_000)
    assert bytes_per_element("something else", 2**20) is None


def test_the_disk_check_expects_what_a_100k_run_took() -> None:
    # 1,978 MiB of database at 100,000 mentors with both expertise indexes, plus 1 GiB of WAL.
    measured = 1_978 * 2**20 + 2**30
    assert measured < disk_needed(100_000, halfvec=True) < measured * 1.1
    assert disk_needed(100_000, halfvec=False) < disk_needed(100_000, halfvec=True)
    assert 16 * 2**30 < disk_needed(1_000_000, halfvec=False) < 18 * 2**30
