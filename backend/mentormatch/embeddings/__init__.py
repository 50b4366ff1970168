"""Sentence embeddings: one model per process, encoded off the event loop, batched."""

from mentormatch.embeddings.service import Embedder, EmbeddingModelError

__all__ = ["Embedder", "EmbeddingModelError"]
