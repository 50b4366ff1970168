"""The embedding service with the real model: normalised vectors, batching, never blocking the loop."""

from __future__ import annotations

import asyncio
import time

import numpy as np
import pytest

from mentormatch.db.vector import EMBEDDING_DIMENSIONS
from mentormatch.embeddings import Embedder, EmbeddingModelError


def test_dimension_is_read_from_the_model_and_fits_the_schema(embedder: Embedder) -> None:
    assert embedder.dimensions == EMBEDDING_DIMENSIONS
    embedder.check_dimensions(EMBEDDING_DIMENSIONS)
    with pytest.raises(EmbeddingModelError, match="reindex"):
        embedder.check_dimensions(EMBEDDING_DIMENSIONS + 1)


async def test_vectors_are_unit_length_and_semantic(embedder: Embedder) -> None:
    vectors = await embedder.encode(
        [
            "understand social media marketing",
            "running TikTok and Instagram ad campaigns",
            "Kubernetes cluster operations",
        ]
    )
    assert vectors.shape == (3, EMBEDDING_DIMENSIONS)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    objective, ads, kubernetes = vectors
    assert float(objective @ ads) > float(objective @ kubernetes) + 0.1


class CountingEmbedder(Embedder):
    """The real model, counting forward passes."""

    passes: list[int]

    def encode_sync(self, texts):  # type: ignore[no-untyped-def]
        self.passes.append(len(texts))
        return super().encode_sync(texts)


async def test_concurrent_calls_are_batched_and_answered_in_order(embedder: Embedder) -> None:
    counting = CountingEmbedder(embedder._model, name=embedder.name, batch_size=64)
    counting.passes = []
    texts = [f"topic number {n}: public speaking for engineers" for n in range(24)]
    results = await asyncio.gather(*(counting.encode([t]) for t in texts))
    await counting.aclose()
    assert len(counting.passes) < len(texts), "concurrent calls must share forward passes"
    assert sum(counting.passes) == len(texts)
    alone = embedder.encode_sync(texts)
    for n, result in enumerate(results):
        np.testing.assert_allclose(result[0], alone[n], atol=1e-5)


async def test_encoding_does_not_block_the_event_loop(embedder: Embedder) -> None:
    ticks: list[float] = []

    async def ticker() -> None:
        while True:
            ticks.append(time.perf_counter())
            await asyncio.sleep(0.005)

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0.01)
    await embedder.encode([f"a long paragraph about mentoring number {n} " * 8 for n in range(128)])
    task.cancel()
    gaps = np.diff(ticks)
    assert len(ticks) > 5, "the loop kept running while the model worked"
    assert gaps.max() < 0.5


async def test_query_vectors_are_cached(embedder: Embedder) -> None:
    first = await embedder.encode_query("learn to negotiate a salary")
    assert await embedder.encode_query("learn to negotiate a salary") is first


async def test_a_cached_query_vector_holds_only_itself(embedder: Embedder) -> None:
    """Searches encoded in one batch with other texts each keep one row, not the whole batch."""
    fresh = Embedder(embedder._model, name=embedder.name, batch_size=64)
    texts = [f"learn topic number {n} for the cache" for n in range(16)]
    vectors = await asyncio.gather(*(fresh.encode_query(t) for t in texts))
    await fresh.aclose()
    for vector in vectors:
        assert vector.base is None and vector.nbytes == fresh.dimensions * 4


def test_a_missing_model_is_a_clear_error() -> None:
    with pytest.raises(EmbeddingModelError, match="cannot load embedding model '/nonexistent/model'"):
        Embedder.load("/nonexistent/model")


async def test_one_embedder_serves_several_event_loops(embedder: Embedder) -> None:
    """Each app (test client, uvicorn worker, CLI run) has its own loop; the shared model serves all."""
    here = await embedder.encode(["mentoring across generations"])
    elsewhere = await asyncio.to_thread(asyncio.run, embedder.encode(["mentoring across generations"]))
    again = await asyncio.wait_for(embedder.encode(["mentoring across generations"]), timeout=30)
    np.testing.assert_allclose(here, elsewhere, atol=1e-6)
    np.testing.assert_allclose(here, again, atol=1e-6)
