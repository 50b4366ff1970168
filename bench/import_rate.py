"""Import rate: profiles per second for generated participants (three expertise items each).

    .venv/bin/python -m bench.import_rate [--count 10000] [--batch-size 200]

MENTORMATCH_EMBEDDING_BACKEND (default here: torch), MENTORMATCH_EMBEDDING_THREADS and
MENTORMATCH_EMBEDDING_CACHE_DIR choose the encoder as they do for the server.
Uses DATABASE_URL if set, else a throwaway embedded PostgreSQL. Prints a table; never fails on time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from pathlib import Path

from bench.database import benchmark_database
from bench.synthetic import jsonl
from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.embeddings import Embedder
from mentormatch.profiles.bulk import import_participants


class TimedEmbedder(Embedder):
    """The real model, timing its forward passes."""

    seconds = 0.0
    texts = 0

    def encode_sync(self, texts):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return super().encode_sync(texts)
        finally:
            type(self).seconds += time.perf_counter() - started
            type(self).texts += len(texts)


async def run(url: str, count: int, batch_size: int) -> None:
    loaded = Embedder.load(
        os.environ.get("EMBEDDING_MODEL"),
        batch_size=128,
        backend=os.environ.get("MENTORMATCH_EMBEDDING_BACKEND", "torch"),
        cache_dir=Path(os.environ.get("MENTORMATCH_EMBEDDING_CACHE_DIR", ".data/onnx")),
        threads=int(os.environ.get("MENTORMATCH_EMBEDDING_THREADS", "1")),
    )
    embedder = TimedEmbedder(loaded._model, name=loaded.name, batch_size=128)
    engine = create_engine(url, pool_size=2)
    db = create_sessionmaker(engine)
    lines = list(jsonl(count))
    rows = []
    try:
        for label in ("first import", "re-import (no changes)"):
            TimedEmbedder.seconds, TimedEmbedder.texts = 0.0, 0
            started = time.perf_counter()
            summary = await import_participants(db, embedder, lines, batch_size=batch_size)
            elapsed = time.perf_counter() - started
            rows.append(
                (label, summary.imported, elapsed, TimedEmbedder.texts, TimedEmbedder.seconds, str(summary))
            )
    finally:
        await engine.dispose()
    print(
        f"\nimport of {count} generated profiles, 3 expertise items each, "
        f"batch {batch_size}, {os.cpu_count()} cores"
    )
    print(
        f"{'run':<24} {'profiles':>8} {'seconds':>8} {'profiles/s':>10} {'texts':>7} {'embed s':>8}  result"
    )
    for label, n, elapsed, texts, embed_s, result in rows:
        print(f"{label:<24} {n:>8} {elapsed:>8.1f} {n / elapsed:>10.0f} {texts:>7} {embed_s:>8.1f}  {result}")
    print("goal: at least 150 profiles/s on the 2-core machine")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=200)
    args = parser.parse_args()
    with benchmark_database() as url:
        asyncio.run(run(url, args.count, args.batch_size))


if __name__ == "__main__":
    main()
