"""Encoder speed and fidelity of each embedding backend, side by side (the encoder alone: no database).

    .venv/bin/python -m bench.encoder_speed [--batch-size 64] [--rounds 3]

Each variant runs in its own process (so its RSS is its own): torch (the default thread count), torch on
one thread, torch with glibc's `MALLOC_MMAP_THRESHOLD_=131072`, and ONNX Runtime on the exported model,
fp32 and int8 (MENTORMATCH_EMBEDDING_BACKEND). The texts are the match-quality evaluation set's expertise
items and objectives (bench/data/eval_set.json) plus generated profiles' items (bench.synthetic).

Per variant:
  load s          loading the model (and, the first time only, exporting it to ONNX)
  1 text p50 ms   one new text at a time (each text encoded once: nothing is cached), median
  texts/s         throughput of batches of --batch-size texts (the import's forward passes)
  RSS MiB         resident memory after all of it
  cos mean/min    cosine of each text's vector against torch fp32's: the quality gate is mean >= 0.99

The goal rows come from issue 17: the encoder's share of a never-seen free-text search (29 ms -> 12 ms)
and of an import of 3-item profiles (91 profiles/s -> 400, i.e. 273 -> 1,200 texts/s). Recall@10 and MRR
for a backend: `python -m bench.match_quality --backend onnx`. Prints a table; never fails on time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

EVAL_SET = Path(__file__).parent / "data" / "eval_set.json"
VARIANTS: dict[str, tuple[str, dict[str, str]]] = {
    "torch": ("torch", {}),
    "torch-1-thread": ("torch", {"ENCODER_SPEED_THREADS": "1"}),
    "torch-mmap-threshold": ("torch", {"MALLOC_MMAP_THRESHOLD_": "131072"}),
    "onnx": ("onnx", {}),
    "onnx-2-threads": ("onnx", {"MENTORMATCH_EMBEDDING_THREADS": "2"}),
    "onnx-int8": ("onnx-int8", {}),
}
GOAL_SINGLE_MS = 12.0
GOAL_TEXTS_PER_S = 400 * 3


def bench_texts() -> list[str]:
    from bench.synthetic import jsonl

    data = json.loads(EVAL_SET.read_text())
    texts = [item for mentor in data["mentors"] for item in mentor["expertise"]]
    texts += [objective["text"] for objective in data["objectives"]]
    for line in jsonl(200, seed=17):
        record = json.loads(line)
        texts += [str(item) for item in record.get("expertise", [])]
    return list(dict.fromkeys(texts))


def measure(
    backend: str, batch_size: int, rounds: int, singles: int, vectors_out: Path, cache_dir: Path
) -> dict[str, float]:
    import psutil
    import torch

    from mentormatch.embeddings import Embedder

    threads = os.environ.get("ENCODER_SPEED_THREADS")
    if threads:
        torch.set_num_threads(int(threads))
    texts = bench_texts()
    started = time.perf_counter()
    embedder = Embedder.load(
        os.environ.get("EMBEDDING_MODEL"),
        batch_size=batch_size,
        backend=backend,
        cache_dir=cache_dir,
        threads=int(os.environ.get("MENTORMATCH_EMBEDDING_THREADS", "1")),
    )
    load_s = time.perf_counter() - started
    single = []
    for text in texts[-singles:]:  # not yet seen by this process (the batches come after)
        t0 = time.perf_counter()
        embedder.encode_sync([text])
        single.append((time.perf_counter() - t0) * 1000)
    best = 0.0
    for _ in range(rounds):
        t0 = time.perf_counter()
        vectors = embedder.encode_sync(texts)
        best = max(best, len(texts) / (time.perf_counter() - t0))
    np.save(vectors_out, vectors)
    return {
        "load_s": load_s,
        "single_p50_ms": statistics.median(single),
        "texts_per_s": best,
        "rss_mib": psutil.Process().memory_info().rss / 2**20,
        "texts": len(texts),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--singles", type=int, default=200, help="texts encoded one at a time")
    parser.add_argument(
        "--variants", default=",".join(VARIANTS), help="comma-separated, of: " + ", ".join(VARIANTS)
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    cache_dir = Path(os.environ.get("MENTORMATCH_EMBEDDING_CACHE_DIR", ".data/onnx"))
    if args.child:
        result = measure(args.child, args.batch_size, args.rounds, args.singles, args.out, cache_dir)
        print(json.dumps(result))
        return
    load = os.getloadavg()
    print(
        f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores",
        flush=True,
    )
    results: dict[str, dict[str, float]] = {}
    vectors: dict[str, np.ndarray] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.variants.split(","):
            backend, env = VARIANTS[name]
            out = Path(tmp) / f"{len(results)}.npy"
            proc = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "bench.encoder_speed",
                    "--child",
                    backend,
                    "--out",
                    str(out),
                    "--batch-size",
                    str(args.batch_size),
                    "--rounds",
                    str(args.rounds),
                    "--singles",
                    str(args.singles),
                ],
                env={**os.environ, **env},
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode != 0:
                print(f"{name}: failed: {(proc.stderr.strip().splitlines() or ['?'])[-1]}")
                continue
            results[name] = json.loads(proc.stdout.strip().splitlines()[-1])
            vectors[name] = np.load(out)
            print(f"  {name}: done ({results[name]['texts_per_s']:.0f} texts/s)", flush=True)
    reference = vectors.get("torch")
    texts = int(next(iter(results.values()))["texts"]) if results else 0
    print(f"\n{texts} distinct texts; batches of {args.batch_size}; best of {args.rounds} rounds\n")
    print(
        f"{'variant':<24}{'load s':>8}{'1 text p50 ms':>15}{'texts/s':>10}{'RSS MiB':>9}"
        f"{'cos mean':>10}{'cos min':>9}"
    )
    for name, r in results.items():
        if reference is not None:
            cos = (vectors[name] * reference).sum(axis=1)
            mean, low = f"{cos.mean():.4f}", f"{cos.min():.4f}"
        else:
            mean = low = "-"
        print(
            f"{name:<24}{r['load_s']:>8.1f}{r['single_p50_ms']:>15.1f}{r['texts_per_s']:>10.0f}"
            f"{r['rss_mib']:>9.0f}{mean:>10}{low:>9}"
        )
    load = os.getloadavg()
    print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"{'goal':<24}{'':>8}{GOAL_SINGLE_MS:>15.1f}{GOAL_TEXTS_PER_S:>10}{'':>9}{'>= 0.99':>10}")
    print(
        "quality gate for a default: cos mean >= 0.99, and bench.match_quality's recall@10 and MRR "
        "within 1% of torch's"
    )


if __name__ == "__main__":
    main()
