"""The ONNX Runtime encoder: the same model, exported once from its own weights, run without torch.

`MENTORMATCH_EMBEDDING_BACKEND=onnx` (fp32) or `onnx-int8` (weights dynamically quantised to int8) runs
the transformer in ONNX Runtime instead of torch. sentence-transformers' own `backend="onnx"` needs
optimum, which would replace the installed transformers, so the export is done here with
`torch.onnx.export` (the TorchScript exporter) from the loaded model and the pooling (mean over tokens,
then L2 normalisation, as the bundled model's 1_Pooling says) is done in numpy.

The export never touches a hub: it is written from the loaded weights into the cache directory
(`MENTORMATCH_EMBEDDING_CACHE_DIR`, default `<data dir>/onnx`), under a name that digests the weights,
the configuration and the exporter's versions, so a changed model gets a new export and an unchanged one
is reused. Two processes starting at once are serialised by an exclusive lock on a file beside it, and the
export is written to a temporary file and renamed into place, so no process ever reads half a file.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

log = logging.getLogger(__name__)

ONNX_BACKENDS = ("onnx", "onnx-int8")
BACKENDS = ("torch", *ONNX_BACKENDS)
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
_OPSET = 17
_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin", "config.json", "modules.json", "tokenizer.json")


class OnnxExportError(RuntimeError):
    """The ONNX export cannot be written or read (one line: what and where)."""


def export_digest(model_path: Path) -> str:
    """A name for the export of the model at `model_path`: its weights, config and the exporter versions."""
    import onnxruntime
    import torch

    digest = hashlib.sha256(
        f"torch={torch.__version__};ort={onnxruntime.__version__};opset={_OPSET}".encode()
    )
    found = False
    for name in _WEIGHT_FILES:
        path = model_path / name
        if path.is_file():
            found = True
            digest.update(name.encode() + b"\0")
            with path.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
    if not found:
        raise OnnxExportError(f"no model weights in {str(model_path)!r} to export to ONNX")
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_export(model: Any, model_path: Path, cache_dir: Path, *, quantized: bool) -> Path:
    """The ONNX file of this model (int8 if `quantized`), exported into `cache_dir` unless already there."""
    name = f"{export_digest(model_path)}{'-int8' if quantized else ''}.onnx"
    target = cache_dir / name
    if target.is_file():
        return target
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OnnxExportError(f"cannot create the ONNX cache directory {str(cache_dir)!r}: {exc}") from exc
    with _exclusive(cache_dir / f"{name}.lock"):
        if target.is_file():  # another process exported it while this one waited
            return target
        log.info("exporting the embedding model to ONNX (%s): once, reused afterwards", target)
        fp32 = cache_dir / f"{export_digest(model_path)}.onnx"
        if not fp32.is_file():
            _atomic_write(fp32, lambda tmp: _export(model, tmp))
        if quantized:
            _atomic_write(target, lambda tmp: _quantize(fp32, tmp))
    return target


def _atomic_write(target: Path, write: Any) -> None:
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        tmp.chmod(0o644)
        os.replace(tmp, target)
    except Exception as exc:
        raise OnnxExportError(f"cannot export the embedding model to {str(target)!r}: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)


def _export(model: Any, path: Path) -> None:
    import torch

    transformer = model[0].auto_model

    class _LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            output = self.transformer(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=token_type_ids,
                return_dict=True,
            )
            return output.last_hidden_state

    sample = model.tokenizer(["an example", "a second, longer example"], padding=True, return_tensors="pt")
    axes = {0: "batch", 1: "tokens"}
    transformer.eval()
    # The TorchScript exporter warns about traced Python conditionals; the axes above keep them dynamic.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _LastHiddenState(),
            tuple(sample[key] for key in _INPUTS),
            str(path),
            input_names=list(_INPUTS),
            output_names=["last_hidden_state"],
            dynamic_axes={key: axes for key in (*_INPUTS, "last_hidden_state")},
            opset_version=_OPSET,
            dynamo=False,
        )


def _quantize(fp32: Path, path: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32), str(path), weight_type=QuantType.QInt8)


class OnnxEncoder:
    """Encodes as `SentenceTransformer.encode` does (mean pooling, normalisation), in ONNX Runtime."""

    def __init__(
        self, onnx_path: Path, tokenizer: Any, *, max_seq_length: int, dimensions: int, threads: int = 0
    ):
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3
        try:
            self._session = onnxruntime.InferenceSession(
                str(onnx_path), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:
            first = (str(exc).strip() or type(exc).__name__).splitlines()[0]
            raise OnnxExportError(
                f"the ONNX export {str(onnx_path)!r} cannot be read ({first}): delete it to export it again"
            ) from exc
        names = {item.name for item in self._session.get_inputs()}
        if not names <= set(_INPUTS) or "input_ids" not in names:
            raise OnnxExportError(
                f"the ONNX export {str(onnx_path)!r} has inputs {sorted(names)}, not a BERT encoder's: "
                "delete it to export it again"
            )
        self._inputs = [key for key in _INPUTS if key in names]
        self.path = onnx_path
        self.tokenizer = tokenizer
        self.max_seq_length = max_seq_length
        self._dimensions = dimensions

    def get_embedding_dimension(self) -> int:
        return self._dimensions

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int = 64,
        normalize_embeddings: bool = True,
        convert_to_numpy: bool = True,
        show_progress_bar: bool = False,
    ) -> npt.NDArray[np.float32]:
        del convert_to_numpy, show_progress_bar  # always numpy, never a bar
        texts = list(texts)
        out = np.zeros((len(texts), self._dimensions), dtype=np.float32)
        # Longest first, as sentence-transformers does: a batch pads only to lengths close to its own.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            tokens = self.tokenizer(
                [texts[i] for i in chunk],
                padding=True,
                truncation=True,
                max_length=self.max_seq_length,
                return_tensors="np",
            )
            feed = {key: np.asarray(tokens[key], dtype=np.int64) for key in self._inputs}
            hidden = self._session.run(None, feed)[0]
            mask = feed["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
            if normalize_embeddings:
                pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
            out[chunk] = pooled
        return out
