"""The ONNX Runtime backends: same vectors as torch, exported once and reused, safe to start twice at once."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from mentormatch.embeddings import Embedder, onnx_backend
from mentormatch.embeddings.service import EmbeddingModelError, bundled_model_path
from mentormatch.settings import Settings

TEXTS = [
    "running TikTok and Instagram ad campaigns",
    "I want to learn how to give useful feedback to my team",
    "Kubernetes operators written in Go",
    "planning a monthly content calendar for brand accounts",
    "statistics for product experiments, A/B tests and their pitfalls " * 20,  # truncated at 256 tokens
    "é",
]


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onnx")


@pytest.fixture(scope="module")
def torch_embedder() -> Embedder:
    """The reference: torch on the bundled weights (the session's `embedder` runs the default backend)."""
    return Embedder.load(backend="torch")


@pytest.fixture(scope="module")
def onnx_embedder(export_dir: Path) -> Embedder:
    return Embedder.load(backend="onnx", cache_dir=export_dir)


def test_onnx_vectors_match_torch_fp32(torch_embedder: Embedder, onnx_embedder: Embedder) -> None:
    assert onnx_embedder.backend == "onnx" and onnx_embedder.dimensions == torch_embedder.dimensions
    reference = torch_embedder.encode_sync(TEXTS)
    vectors = onnx_embedder.encode_sync(TEXTS)
    assert vectors.dtype == np.float32 and vectors.shape == reference.shape
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    cosines = (vectors * reference).sum(axis=1)
    assert cosines.min() >= 0.99, cosines
    # Order within a call is kept although batches are encoded longest first.
    assert np.allclose(onnx_embedder.encode_sync(TEXTS[::-1])[::-1], vectors, atol=1e-5)


async def test_onnx_backend_serves_async_encodes_and_cuts_frames(
    torch_embedder: Embedder, onnx_embedder: Embedder
) -> None:
    need = "I would love to learn how to run ad campaigns on TikTok"
    # The frame detector runs on this backend's vectors and cuts the same frame.
    assert onnx_embedder.needs([need]) == torch_embedder.needs([need])
    vector = await onnx_embedder.encode_query(need)
    assert vector.shape == (onnx_embedder.dimensions,)
    await onnx_embedder.aclose()


def test_export_is_reused(export_dir: Path, onnx_embedder: Embedder, monkeypatch: pytest.MonkeyPatch) -> None:
    exported = sorted(export_dir.glob("*.onnx"))
    assert len(exported) == 1
    before = exported[0].stat().st_mtime_ns

    def no_export(*args: object) -> None:
        raise AssertionError("exported again")

    monkeypatch.setattr(onnx_backend, "_export", no_export)
    again = Embedder.load(backend="onnx", cache_dir=export_dir)
    assert again.encode_sync(TEXTS[:1]).shape == (1, again.dimensions)
    assert sorted(export_dir.glob("*.onnx")) == exported and exported[0].stat().st_mtime_ns == before
    assert not list(export_dir.glob(".*.tmp"))


def test_concurrent_starts_export_once(
    torch_embedder: Embedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []
    real_export = onnx_backend._export

    def counting_export(model: object, path: Path) -> None:
        calls.append(path)
        real_export(model, path)

    monkeypatch.setattr(onnx_backend, "_export", counting_export)
    model_path = Path(bundled_model_path())
    results: list[Path] = []
    errors: list[BaseException] = []

    def start() -> None:
        try:
            exported = onnx_backend.ensure_export(
                torch_embedder._model, model_path, tmp_path, quantized=False
            )
            results.append(exported)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(calls) == 1 and len(set(results)) == 1
    assert [p.name for p in tmp_path.glob("*.onnx")] == [results[0].name]
    assert results[0].stat().st_size > 1_000_000


def test_a_bad_export_is_a_one_line_error(torch_embedder: Embedder, tmp_path: Path) -> None:
    name = onnx_backend.export_digest(Path(bundled_model_path()))
    (tmp_path / f"{name}.onnx").write_bytes(b"not an onnx file")
    with pytest.raises(EmbeddingModelError) as raised:
        Embedder.load(backend="onnx", cache_dir=tmp_path)
    message = str(raised.value)
    assert "\n" not in message and "delete it to export it again" in message and name in message


def test_an_unwritable_cache_dir_is_a_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(EmbeddingModelError) as raised:
        Embedder.load(backend="onnx", cache_dir=blocker / "onnx")
    assert "\n" not in str(raised.value) and "ONNX cache directory" in str(raised.value)


def test_an_unknown_backend_is_refused() -> None:
    with pytest.raises(EmbeddingModelError, match="unknown embedding backend 'tensorrt'"):
        Embedder.load(backend="tensorrt")


def test_backend_setting(tmp_path: Path) -> None:
    settings = Settings(
        _env_file=None,
        SECRET_KEY="k" * 32,
        MENTORMATCH_EMBEDDING_BACKEND="onnx",
        MENTORMATCH_DATA_DIR=tmp_path,
    )  # type: ignore[call-arg]
    assert settings.embedding_backend == "onnx" and settings.embedding_export_dir == tmp_path / "onnx"
    default = Settings(_env_file=None, SECRET_KEY="k" * 32)  # type: ignore[call-arg]
    assert default.embedding_backend == "onnx"  # it passed the quality gate (see the README)
    with pytest.raises(ValueError):
        Settings(_env_file=None, SECRET_KEY="k" * 32, MENTORMATCH_EMBEDDING_BACKEND="tensorrt")  # type: ignore[call-arg]
