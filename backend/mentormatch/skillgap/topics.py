"""Topics from embedded phrases: scikit-learn's agglomerative clustering, then each phrase to its nearest.

Pure CPU work on numpy arrays (no database): the service runs it in a thread.

Average-linkage clustering with a cosine distance threshold needs no number of topics up front, and two
phrases that say the same thing in other words land together because their vectors are near, whatever
their words. Its cost grows with the square of the phrases, so at most `SAMPLE_SIZE` of them (a seeded
random sample) are clustered; every phrase then joins the topic whose centroid is nearest, in blocks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import AgglomerativeClustering

# Phrases clustered directly; the rest are assigned to the nearest topic (memory: SAMPLE_SIZE² floats).
SAMPLE_SIZE = 4000
# Average cosine distance under which two groups of phrases are one topic: paraphrases of one need
# (the model puts them at about 0.3-0.55) join, different skills (0.7 and more) stay apart.
DISTANCE_THRESHOLD = 0.6
# Phrases assigned at once in the nearest-centroid pass.
BLOCK = 20_000
SEED = 15

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Topics:
    # Per phrase, its topic (0..count-1).
    labels: np.ndarray
    # Per phrase, its cosine similarity to its topic's centroid (how central it is).
    centrality: np.ndarray
    count: int


def _normalised(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def find_topics(vectors: np.ndarray, progress: Progress | None = None) -> Topics:
    """The topics of the phrases whose vectors are the rows of `vectors`."""
    report = progress or (lambda _share, _stage: None)
    n = len(vectors)
    if n == 0:
        return Topics(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32), 0)
    unit = _normalised(np.asarray(vectors, dtype=np.float32))
    if n == 1:
        return Topics(np.zeros(1, dtype=np.int64), np.ones(1, dtype=np.float32), 1)
    sample = (
        np.arange(n)
        if n <= SAMPLE_SIZE
        else np.random.default_rng(SEED).choice(n, size=SAMPLE_SIZE, replace=False)
    )
    report(0.1, f"Clustering {len(sample)} phrases")
    clustering = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=DISTANCE_THRESHOLD
    ).fit(unit[sample])
    sample_labels = clustering.labels_
    count = int(sample_labels.max()) + 1
    centroids = np.zeros((count, unit.shape[1]), dtype=np.float32)
    np.add.at(centroids, sample_labels, unit[sample])
    centroids = _normalised(centroids)
    report(0.6, f"Assigning {n} phrases to {count} topics")
    labels = np.empty(n, dtype=np.int64)
    centrality = np.empty(n, dtype=np.float32)
    for start in range(0, n, BLOCK):
        similarities = unit[start : start + BLOCK] @ centroids.T
        labels[start : start + BLOCK] = similarities.argmax(axis=1)
        centrality[start : start + BLOCK] = similarities.max(axis=1)
        report(0.6 + 0.3 * min(1.0, (start + BLOCK) / n), f"Assigned {min(n, start + BLOCK)} of {n} phrases")
    if n <= SAMPLE_SIZE:
        # Every phrase was clustered: keep the clustering's own topics (nearest centroid could differ).
        labels = sample_labels.astype(np.int64)
        centrality = np.einsum("ij,ij->i", unit, centroids[labels])
    return Topics(labels=labels, centrality=centrality, count=count)
