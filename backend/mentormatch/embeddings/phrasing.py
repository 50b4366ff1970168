"""The need inside a request: "I want to learn how to negotiate" -> "negotiate".

People wrap what they want to learn in a frame ("help me get better at …", "… for my new role"), and a
sentence embedding of the whole text carries the frame too, so the frame would move the ranking. The need
is found by a detector of frame text: a logistic regression over sentence embeddings, trained on the
frames and needs in `data/phrasing.json` (every word prefix and suffix of a framed need, labelled by
whether it is frame only). A text loses its longest leading and trailing run the detector calls frame
(with at least `FRAME_PROBABILITY`; a single word `SINGLE_WORD_FRAME_PROBABILITY`), keeping at least one word
in between; a text without one stays whole.

The detector generalises through the embedding space rather than by a list of words, so phrasings it
was never trained on are handled too; `bench/match_public.py` measures it on held-out phrasings.

Trained weights for the bundled model ship in `data/` (`mentormatch train-phrasing` writes them); for
another model, or when the training data changed, the detector is trained when the model loads.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
TRAINING_DATA = DATA_DIR / "phrasing.json"
# A span is taken for frame at this probability or more; a single word needs more, since a need often
# starts with a verb that also frames ("teach mathematics", "advise on diets"). Chosen on the benchmark's
# plain names and tuning phrasings only (bench/match_public.py), never on its held-out ones.
FRAME_PROBABILITY = 0.75
SINGLE_WORD_FRAME_PROBABILITY = 0.85
# Longest frame span tried at either end, in words.
MAX_FRAME_WORDS = 12
# Framed needs sampled for training (every prefix and suffix of each is one example).
TRAINING_SAMPLES = 1500
_TRAILING_PUNCTUATION = " ?!.,;:"
_SLOT = "{}"
_WORD = re.compile(r"[^\s,;:]+|[,;:]")
_SPACE_BEFORE_PUNCTUATION = re.compile(r" ([,;:])")

Encode = Callable[[Sequence[str]], npt.NDArray[np.float32]]


def training_fingerprint(model_name: str) -> str:
    """What trained weights are valid for: the model and the training data."""
    digest = hashlib.sha256(model_name.encode() + b"\0" + TRAINING_DATA.read_bytes())
    return digest.hexdigest()[:16]


def weights_path(model_name: str) -> Path:
    slug = re.sub(r"[^a-z0-9]+", "-", model_name.lower()).strip("-")
    return DATA_DIR / f"frame-detector-{slug}.json"


def _words(text: str) -> list[str]:
    """The words of a text, a comma, semicolon or colon being a word of its own (so "well, for my new
    role" can be cut at the comma)."""
    return _WORD.findall(text.strip(_TRAILING_PUNCTUATION))


def _join(words: Sequence[str]) -> str:
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", " ".join(words)).strip(_TRAILING_PUNCTUATION)


def _spans(words: Sequence[str]) -> list[tuple[str, int, int]]:
    """Each leading span ("prefix", length) and trailing span ("suffix", length) that leaves a word."""
    limit = min(len(words) - 1, MAX_FRAME_WORDS)
    spans = [(_join(words[:n]), 0, n) for n in range(1, limit + 1)]
    spans += [(_join(words[-n:]), 1, n) for n in range(1, limit + 1)]
    return spans


@dataclass(frozen=True)
class FrameDetector:
    """P(span is frame) = sigmoid(embedding · weights + bias)."""

    weights: npt.NDArray[np.float32]
    bias: float
    fingerprint: str

    def needs(self, texts: Sequence[str], encode: Encode) -> list[str]:
        """Each text with its frame cut off (one batch of span embeddings for all texts)."""
        split = [_words(text) for text in texts]
        spans = [
            (n, side, length, span) for n, words in enumerate(split) for span, side, length in _spans(words)
        ]
        cut = [[0, 0] for _ in texts]
        if spans:
            vectors = encode([span for *_, span in spans])
            probability = 1 / (1 + np.exp(-(vectors @ self.weights + self.bias)))
            for (n, side, length, _), p in zip(spans, probability, strict=True):
                if p >= (SINGLE_WORD_FRAME_PROBABILITY if length == 1 else FRAME_PROBABILITY):
                    cut[n][side] = max(cut[n][side], length)
        needs = []
        for text, words, (head, tail) in zip(texts, split, cut, strict=True):
            if head + tail >= len(words):
                # Both ends claim the middle: keep the longer frame only.
                head, tail = (head, 0) if head >= tail else (0, tail)
            core = _join(words[head : len(words) - tail])
            needs.append(core or " ".join(text.split()))
        return needs

    @classmethod
    def train(cls, encode: Encode, model_name: str, *, seed: int = 12) -> FrameDetector:
        """Fit the detector on every prefix and suffix of sampled framed needs."""
        from sklearn.linear_model import LogisticRegression

        data = json.loads(TRAINING_DATA.read_text(encoding="utf-8"))
        rng = random.Random(seed)
        combos = [(frame, need) for frame in data["frames"] for need in data["needs"]]
        rng.shuffle(combos)
        # Every need also unframed, so that a plain need's own words are seen as no frame.
        combos = combos[:TRAINING_SAMPLES] + [(_SLOT, need) for need in data["needs"]]
        texts: list[str] = []
        labels: list[int] = []
        for frame, need in combos:
            before, after = (len(_WORD.findall(part)) for part in frame.split(_SLOT))
            words = _words(frame.replace(_SLOT, need))
            for span, side, length in _spans(words):
                texts.append(span)
                labels.append(int(length <= (after if side else before)))
        classifier = LogisticRegression(max_iter=3000).fit(encode(texts), np.array(labels))
        return cls(
            np.asarray(classifier.coef_[0], dtype=np.float32),
            float(classifier.intercept_[0]),
            training_fingerprint(model_name),
        )

    def save(self, path: Path) -> None:
        payload = {"fingerprint": self.fingerprint, "bias": self.bias, "weights": self.weights.tolist()}
        path.write_text(json.dumps(payload) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, encode: Encode, model_name: str) -> FrameDetector:
        """The shipped weights when they were trained for this model and data, else freshly trained."""
        path = weights_path(model_name)
        fingerprint = training_fingerprint(model_name)
        if path.exists():
            payload = json.loads(path.read_text(encoding="utf-8"))
            if payload["fingerprint"] == fingerprint:
                return cls(
                    np.asarray(payload["weights"], dtype=np.float32), float(payload["bias"]), fingerprint
                )
        log.info("training the frame detector for %s (no current weights at %s)", model_name, path)
        return cls.train(encode, model_name)
