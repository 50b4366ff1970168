"""Import rate: profiles per second for generated participants (three distinct expertise items each),
beside its floor, the encoder alone on the same distinct texts, in the same run.

    .venv/bin/python -m bench.import_rate [--count 10000] [--batch-size 200]

Rows, one after the other in one process: the encoder alone on every distinct text of the file (one call,
the import's encoder batch size); the first import into empty tables; the encoder alone again (the floor
is the mean of the two, as the cores may be shared); the same import into emptied tables with every vector
already known (the database writes alone: what the import costs beyond the encoder); a re-import of the
unchanged file. Then issue 17's row: profiles/s, the floor's profiles/s and their ratio.

MENTORMATCH_EMBEDDING_BACKEND (default onnx), MENTORMATCH_EMBEDDING_THREADS (default here: 0, one per
core, as `mentormatch import` uses) and MENTORMATCH_EMBEDDING_BATCH_SIZE choose the encoder.
Uses DATABASE_URL if set, else a throwaway embedded PostgreSQL. Prints tables; never fails on time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import text

from bench.database import benchmark_database
from bench.synthetic import jsonl
from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.embeddings import Embedder
from mentormatch.profiles.bulk import ImportSummary, import_participants, parse_line
from mentormatch.profiles.models import ItemKind
from mentormatch.profiles.service import content_hash, item_texts

GOAL = 400.0  # profiles/s, issue 17


class TimedEmbedder(Embedder):
    """The real model, counting the texts of its forward passes and their seconds."""

    seconds = 0.0
    texts = 0

    def encode_sync(self, texts: Sequence[str]) -> Any:
        started = time.perf_counter()
        try:
            return super().encode_sync(texts)
        finally:
            type(self).seconds += time.perf_counter() - started
            type(self).texts += len(texts)


class KnownVectors(TimedEmbedder):
    """Answers from vectors computed before (the floor's): the import without the encoder's work."""

    known: dict[str, np.ndarray] = {}

    def encode_sync(self, texts: Sequence[str]) -> Any:
        if not texts or any(t not in self.known for t in texts):
            return super().encode_sync(texts)
        type(self).texts += len(texts)
        return np.stack([self.known[t] for t in texts])


def distinct_texts(lines: list[str]) -> tuple[list[str], list[str]]:
    """The distinct texts an import of these lines embeds: (plain texts, needs)."""
    plain: dict[bytes, str] = {}
    needs: dict[bytes, str] = {}
    for number, raw in enumerate(lines, start=1):
        for kind, texts in item_texts(None, parse_line(number, raw).changes).items():
            for item in texts:
                (needs if kind is ItemKind.OBJECTIVE else plain)[content_hash(item, kind)] = item
    return list(plain.values()), list(needs.values())


def load_average() -> str:
    return "/".join(f"{v:.1f}" for v in os.getloadavg())


async def run(url: str, count: int, batch_size: int) -> None:
    threads = int(os.environ.get("MENTORMATCH_EMBEDDING_THREADS", "0"))
    encoder_batch = int(os.environ.get("MENTORMATCH_EMBEDDING_BATCH_SIZE", "64"))
    backend = os.environ.get("MENTORMATCH_EMBEDDING_BACKEND", "onnx")
    loaded = Embedder.load(
        os.environ.get("EMBEDDING_MODEL"),
        batch_size=encoder_batch,
        backend=backend,
        cache_dir=Path(os.environ.get("MENTORMATCH_EMBEDDING_CACHE_DIR", ".data/onnx")),
        threads=threads,
    )

    def wrapped(cls: type[TimedEmbedder]) -> TimedEmbedder:
        embedder = cls(loaded._model, name=loaded.name, batch_size=encoder_batch)
        embedder.frames = loaded.frames
        return embedder

    embedder, known = wrapped(TimedEmbedder), wrapped(KnownVectors)
    engine = create_engine(url, pool_size=2)
    db = create_sessionmaker(engine)
    lines = list(jsonl(count))
    plain, needs = distinct_texts(lines)
    loads = [load_average()]

    async def encoder_alone() -> tuple[float, Any, Any]:
        """Every distinct text once, in the import's forward-pass size: the floor."""
        started = time.perf_counter()
        vectors = embedder.encode_sync(plain)
        need_vectors = await embedder.encode(needs, needs=True) if needs else []
        return time.perf_counter() - started, vectors, need_vectors

    floor_before, vectors, need_vectors = await encoder_alone()
    KnownVectors.known = dict(zip(plain, vectors, strict=True))
    KnownVectors.known.update(zip(embedder.needs(needs), need_vectors, strict=True))

    async def timed(label: str, model: TimedEmbedder) -> tuple[str, ImportSummary, float, int, float]:
        TimedEmbedder.seconds, TimedEmbedder.texts = 0.0, 0
        started = time.perf_counter()
        summary = await import_participants(db, model, lines, batch_size=batch_size)
        return label, summary, time.perf_counter() - started, TimedEmbedder.texts, TimedEmbedder.seconds

    distinct = len(plain) + len(needs)
    rows: list[tuple[str, ImportSummary | None, float, int, float]] = [
        ("encoder alone, before", None, floor_before, distinct, floor_before)
    ]
    try:
        rows.append(await timed("first import", embedder))
        loads.append(load_average())
        # Again after the import: the cores are shared, so the floor is the mean of both sides of it.
        floor_after = (await encoder_alone())[0]
        rows.append(("encoder alone, after", None, floor_after, distinct, floor_after))
        floor_seconds = (floor_before + floor_after) / 2
        async with db.begin() as session:
            await session.execute(text("TRUNCATE users CASCADE"))
        rows.append(await timed("writes alone (vectors known)", known))
        rows.append(await timed("re-import (no changes)", embedder))
        loads.append(load_average())
    finally:
        await engine.dispose()
    print(
        f"\nimport of {count} generated profiles (3 distinct expertise items and a headline each), batch "
        f"{batch_size}, {os.cpu_count()} cores, {backend} encoder on {threads or os.cpu_count()} thread(s), "
        f"forward passes of {encoder_batch}; load average (1/5/15 min) {' -> '.join(loads)}"
    )
    print(f"{'run':<30} {'seconds':>8} {'profiles/s':>10} {'texts':>7} {'encoder s':>9}  result")
    for label, summary, seconds, texts, encoder_s in rows:
        print(
            f"{label:<30} {seconds:>8.1f} {count / seconds:>10.0f} {texts:>7} {encoder_s:>9.1f}  "
            f"{summary if summary is not None else ''}"
        )
    rate, floor = count / rows[1][2], count / floor_seconds
    print("\nissue 17: import of profiles with 3 distinct items each")
    print(f"{'figure':<28} {'measured':>10} {'floor':>10} {'ratio':>6} {'goal':>10}")
    print(f"{'profiles/s':<28} {rate:>10.0f} {floor:>10.0f} {rate / floor:>6.2f} {GOAL:>10.0f}")
    if floor < GOAL:
        print(
            f"the floor ({floor:.0f} profiles/s: {len(plain) + len(needs)} texts at "
            f"{(len(plain) + len(needs)) / floor_seconds:.0f} texts/s) is below the goal on this machine: "
            "the encoder alone cannot reach it"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=200)
    args = parser.parse_args()
    with benchmark_database() as url:
        asyncio.run(run(url, args.count, args.batch_size))


if __name__ == "__main__":
    main()
