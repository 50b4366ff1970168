"""Calibrate match strength: the chance that a mentor's expertise item genuinely teaches an objective,
as a function of their cosine similarity, fitted on the hand-labelled evaluation set.

    .venv/bin/python -m bench.calibrate_strength [--eval-set bench/data/eval_set.json]

Every objective of `bench/data/eval_set.json` (embedded as a need, as the product does) is paired with
every mentor's nearest expertise item; a pair is relevant when the set lists that mentor for that
objective. A one-feature logistic regression (scikit-learn) of relevance on similarity gives
P(teaches | similarity); the script prints its two coefficients, which `mentormatch.matching.strength`
holds, and a reliability table: for each strength band, how many pairs fall in it and how many of those
are relevant, beside the band's probability range. Prints; never fails.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from mentormatch.embeddings import Embedder
from mentormatch.matching import strength

EVAL_SET = Path(__file__).parent / "data" / "eval_set.json"


def pairs(embedder: Embedder, data: dict) -> tuple[np.ndarray, np.ndarray]:
    """(similarity, relevant) of every objective with every mentor's nearest expertise item."""
    mentors = data["mentors"]
    items = [(n, text) for n, m in enumerate(mentors) for text in m["expertise"]]
    item_vectors = embedder.encode_sync([text for _, text in items])
    owner = np.array([n for n, _ in items])
    objectives = data["objectives"]
    need_vectors = embedder.encode_sync(embedder.needs([o["text"] for o in objectives]))
    sims = need_vectors @ item_vectors.T
    best = np.full((len(objectives), len(mentors)), -1.0)
    for n in range(len(mentors)):
        best[:, n] = sims[:, owner == n].max(axis=1)
    ids = [m["id"] for m in mentors]
    relevant = np.array([[mid in o["relevant"] for mid in ids] for o in objectives])
    return best.ravel(), relevant.ravel()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--eval-set", type=Path, default=EVAL_SET)
    args = parser.parse_args()
    data = json.loads(args.eval_set.read_text(encoding="utf-8"))
    embedder = Embedder.load(os.environ.get("EMBEDDING_MODEL"))
    similarity, relevant = pairs(embedder, data)
    fit = LogisticRegression(C=1e6, max_iter=1000).fit(similarity[:, None], relevant)
    slope, intercept = float(fit.coef_[0][0]), float(fit.intercept_[0])
    print(f"{len(similarity)} pairs, {int(relevant.sum())} relevant; model {embedder.name}")
    print(f"fitted: SLOPE = {slope:.3f}, INTERCEPT = {intercept:.3f}")
    print(f"in use: SLOPE = {strength.SLOPE:.3f}, INTERCEPT = {strength.INTERCEPT:.3f}")
    print()
    print(f"{'band':<8} {'P range':<12} {'similarity from':>15} {'pairs':>6} {'relevant':>9} {'share':>6}")
    probability = np.array([strength.probability(s) for s in similarity])
    for band in strength.Strength:
        low, high = strength.probability_range(band)
        inside = (probability >= low) & (probability < high)
        count = int(inside.sum())
        share = f"{relevant[inside].mean():.2f}" if count else "-"
        floor = strength.similarity_floor(band)
        print(
            f"{band.value:<8} {low:.2f}-{high:.2f}    {floor:>15.3f} {count:>6} "
            f"{int(relevant[inside].sum()):>9} {share:>6}"
        )


if __name__ == "__main__":
    main()
