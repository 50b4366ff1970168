"""Match quality: recall@10 and MRR of mentorMatches against a keyword baseline, on a hand-labelled set.

    .venv/bin/python -m bench.match_quality [--eval-set bench/data/eval_set.json] [--overlap-only]
                                            [--show-overlap] [--show-misses]

The evaluation set (bench/data/eval_set.json) holds mentors with their expertise items and mentee
objectives, each labelled with the mentors whose expertise genuinely teaches it. Objectives are written as
paraphrases: most share no keyword with their relevant mentors' expertise, so matching words is not enough.

The mentors are imported with `import_participants`, one mentee account is registered, and each objective
is sent as a free-text search through `rank_mentors` (what `mentorMatches(query: ...)` runs). The keyword
baseline ranks the same mentors in the same database by PostgreSQL full-text search: the best
`ts_rank_cd` over a mentor's expertise items for an OR-query of the objective's lexemes.

Metrics, averaged over objectives (a mentor outside the evaluation set counts as not relevant):
  hit@1      the first mentor is relevant
  hit@10     at least one relevant mentor in the top 10
  recall@10  share of the objective's relevant mentors in the top 10
  MRR@10     1 / rank of the first relevant mentor in the top 10, else 0
  ms/query   mean wall time of one ranking (semantic: query embedding + SQL + scoring)

"Zero overlap" objectives share no `to_tsvector('english', ...)` lexeme with any expertise item of their
relevant mentors: the same notion of keyword as the baseline. `--overlap-only` reports that share without
loading the model; `--show-overlap` lists the shared lexemes; `--show-misses` lists the objectives whose
relevant mentors the semantic ranking left out of the top 10.

Uses DATABASE_URL if set (it must be migrated; the mentors are upserted by their @eval.example emails and
other mentors in it compete too), else a throwaway embedded PostgreSQL. Prints tables; never fails on them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from bench.database import benchmark_database
from mentormatch.accounts.models import User
from mentormatch.accounts.rate_limits import Limits
from mentormatch.accounts.service import register
from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.embeddings import Embedder
from mentormatch.embeddings.onnx_backend import BACKENDS
from mentormatch.matching.service import Db, MentorFilter, rank_mentors
from mentormatch.profiles.bulk import import_participants

EVAL_SET = Path(__file__).parent / "data" / "eval_set.json"
EMAIL_DOMAIN = "eval.example"
MENTEE_EMAIL = f"mentee@{EMAIL_DOMAIN}"
MENTEE_PASSWORD = "an-evaluation-passphrase-1"
# The token is never used; 32 bytes keep PyJWT from warning about a short HMAC key.
SIGNING_KEY = "bench-evaluation-only-signing-key"
TOP_K = 10

KEYWORD_SQL = text(
    """
    WITH q AS (
        SELECT to_tsquery('english', replace(plainto_tsquery('english', :q)::text, '&', '|')) AS q
    )
    SELECT i.user_id, max(ts_rank_cd(to_tsvector('english', i.text), q.q)) AS rank
    FROM profile_items i
    JOIN profiles p ON p.user_id = i.user_id
    CROSS JOIN q
    WHERE i.kind = 'EXPERTISE' AND p.can_mentor AND to_tsvector('english', i.text) @@ q.q
    GROUP BY i.user_id
    ORDER BY rank DESC, i.user_id
    LIMIT :k
    """
)


@dataclass(frozen=True)
class Objective:
    text: str
    relevant: frozenset[str]
    shared_lexemes: frozenset[str]

    @property
    def zero_overlap(self) -> bool:
        return not self.shared_lexemes


@dataclass
class Scores:
    """Per-objective results of one method."""

    hit1: list[float] = field(default_factory=list)
    hit10: list[float] = field(default_factory=list)
    recall10: list[float] = field(default_factory=list)
    rr10: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    def add(self, ranked: Sequence[str | None], relevant: frozenset[str], seconds: float) -> None:
        top = list(ranked[:TOP_K])
        found = [n for n, mentor in enumerate(top, start=1) if mentor in relevant]
        self.hit1.append(1.0 if found and found[0] == 1 else 0.0)
        self.hit10.append(1.0 if found else 0.0)
        self.recall10.append(len(found) / len(relevant))
        self.rr10.append(1 / found[0] if found else 0.0)
        self.seconds.append(seconds)

    def subset(self, keep: Sequence[bool]) -> Scores:
        def pick(values: list[float]) -> list[float]:
            return [v for v, k in zip(values, keep, strict=True) if k]

        return Scores(
            pick(self.hit1), pick(self.hit10), pick(self.recall10), pick(self.rr10), pick(self.seconds)
        )


def load_eval_set(path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    mentors, objectives = data["mentors"], data["objectives"]
    ids = [m["id"] for m in mentors]
    if len(ids) != len(set(ids)):
        raise SystemExit(f"{path}: duplicate mentor ids")
    texts = [o["text"] for o in objectives]
    if len(texts) != len(set(texts)):
        raise SystemExit(f"{path}: duplicate objectives")
    for objective in objectives:
        unknown = set(objective["relevant"]) - set(ids)
        if not objective["relevant"] or unknown:
            raise SystemExit(
                f"{path}: objective {objective['text']!r} has bad labels {objective['relevant']}"
            )
    return mentors, objectives


async def lexemes(db: Db, texts: Sequence[str]) -> dict[str, frozenset[str]]:
    """The `to_tsvector('english', ...)` lexemes of each text."""
    async with db() as session:
        rows = await session.execute(
            text(
                "SELECT t, tsvector_to_array(to_tsvector('english', t)) FROM unnest(CAST(:texts AS text[])) t"
            ),
            {"texts": list(texts)},
        )
        return {t: frozenset(words) for t, words in rows.tuples()}


async def with_overlap(
    db: Db, mentors: list[dict[str, Any]], objectives: list[dict[str, Any]]
) -> list[Objective]:
    """The objectives, each with the lexemes it shares with its relevant mentors' expertise."""
    words = await lexemes(db, [o["text"] for o in objectives] + [e for m in mentors for e in m["expertise"]])
    expertise_words = {m["id"]: frozenset().union(*(words[e] for e in m["expertise"])) for m in mentors}
    result = []
    for o in objectives:
        relevant = frozenset(o["relevant"])
        shared = words[o["text"]] & frozenset().union(*(expertise_words[m] for m in relevant))
        result.append(Objective(o["text"], relevant, shared))
    return result


async def import_mentors(db: Db, embedder: Embedder, mentors: list[dict[str, Any]]) -> dict[uuid.UUID, str]:
    """Import the evaluation mentors; return eval mentor id by user id."""
    lines = [
        json.dumps(
            {
                "email": f"{m['id']}@{EMAIL_DOMAIN}",
                "displayName": m["displayName"],
                "canMentor": True,
                "expertise": m["expertise"],
                "capacity": 5,
            }
        )
        for m in mentors
    ]
    summary = await import_participants(db, embedder, lines)
    if summary.rejected:
        raise SystemExit(f"import rejected lines: {summary.rejected}")
    emails = {f"{m['id']}@{EMAIL_DOMAIN}": m["id"] for m in mentors}
    async with db() as session:
        rows = await session.execute(select(User.id, User.email).where(User.email.in_(list(emails))))
        return {user_id: emails[email] for user_id, email in rows.tuples()}


async def mentee_id(db: Db) -> uuid.UUID:
    """The evaluation mentee: registered on first use (a reused DATABASE_URL may already have it)."""
    async with db() as session:
        existing = await session.scalar(select(User.id).where(User.email == MENTEE_EMAIL))
    if existing is not None:
        return existing
    signed_in = await register(
        db,
        email=MENTEE_EMAIL,
        password=MENTEE_PASSWORD,
        display_name="Evaluation Mentee",
        client="bench",
        signing_key=SIGNING_KEY,
        ttl=timedelta(hours=1),
        limits=Limits.defaults(),
    )
    return signed_in.user.id


async def semantic_ranking(
    db: Db, embedder: Embedder, viewer: uuid.UUID, query: str
) -> tuple[list[uuid.UUID], list[str]]:
    """Mentor ids of the top 10 by `rank_mentors`, with each one's best-matching expertise item."""
    page = await rank_mentors(
        db, embedder, viewer_id=viewer, query=query, mentor_filter=MentorFilter(), first=TOP_K, after=None
    )
    return [m.user_id for m in page.matches], [
        max(m.objective_matches, key=lambda o: o.similarity).expertise if m.objective_matches else ""
        for m in page.matches
    ]


async def keyword_ranking(db: Db, query: str) -> list[uuid.UUID]:
    """Mentor ids of the top 10 by full-text rank of their best expertise item (OR of the query's lexemes)."""
    async with db() as session:
        plain = await session.scalar(text("SELECT plainto_tsquery('english', :q)::text"), {"q": query})
        if not plain:
            return []  # only stopwords: full-text search has nothing to look for
        rows = await session.execute(KEYWORD_SQL, {"q": query, "k": TOP_K})
        return [row.user_id for row in rows]


async def evaluate(
    db: Db, embedder: Embedder, mentors: list[dict[str, Any]], objectives: list[Objective], show_misses: bool
) -> dict[str, Scores]:
    eval_ids = await import_mentors(db, embedder, mentors)
    viewer = await mentee_id(db)
    names = {m["id"]: m["displayName"] for m in mentors}
    # Warm-up, so neither method pays for first-query planning and connection set-up.
    await semantic_ranking(db, embedder, viewer, "a warm-up query about nothing in particular")
    await keyword_ranking(db, "a warm-up query about nothing in particular")
    results = {"semantic (mentorMatches)": Scores(), "keyword (PostgreSQL FTS)": Scores()}
    misses = []
    for objective in objectives:
        started = time.perf_counter()
        semantic, best_items = await semantic_ranking(db, embedder, viewer, objective.text)
        elapsed = time.perf_counter() - started
        ranked = [eval_ids.get(u) for u in semantic]
        results["semantic (mentorMatches)"].add(ranked, objective.relevant, elapsed)
        if not any(m in objective.relevant for m in ranked):
            misses.append((objective, ranked, best_items))
        started = time.perf_counter()
        keyword = await keyword_ranking(db, objective.text)
        elapsed = time.perf_counter() - started
        results["keyword (PostgreSQL FTS)"].add(
            [eval_ids.get(u) for u in keyword], objective.relevant, elapsed
        )
    if show_misses:
        print(f"\nobjectives with no relevant mentor in the semantic top {TOP_K} ({len(misses)}):")
        for objective, ranked, best_items in misses:
            wanted = ", ".join(f"{m} {names[m]}" for m in sorted(objective.relevant))
            print(f"- {objective.text!r}  (relevant: {wanted})")
            for mentor, item in list(zip(ranked, best_items, strict=True))[:3]:
                print(f"    got {mentor or 'non-eval mentor'}: {item!r}")
    return results


def print_overlap(objectives: list[Objective], show: bool) -> None:
    zero = sum(o.zero_overlap for o in objectives)
    print(
        f"\nzero keyword overlap with the relevant mentors' expertise: {zero} of {len(objectives)} "
        f"objectives ({zero / len(objectives):.0%}; aim: at least 70%)"
    )
    if show:
        for o in objectives:
            if not o.zero_overlap:
                print(f"  shares {sorted(o.shared_lexemes)}: {o.text!r} -> {sorted(o.relevant)}")


def print_table(results: dict[str, Scores], objectives: list[Objective]) -> None:
    zero = [o.zero_overlap for o in objectives]
    subsets = {
        "all": [True] * len(objectives),
        "zero overlap": zero,
        "some overlap": [not z for z in zero],
    }
    header = (
        f"{'method':<26} {'objectives':<13} {'n':>4} {'hit@1':>6} {'hit@10':>7} {'recall@10':>10} "
        f"{'MRR@10':>7} {'ms/query':>9}"
    )
    print()
    print(header)
    print("-" * len(header))
    for subset, keep in subsets.items():
        for method, scores in results.items():
            part = scores.subset(keep)
            if not part.rr10:
                continue
            print(
                f"{method:<26} {subset:<13} {len(part.rr10):>4} {statistics.fmean(part.hit1):>6.3f} "
                f"{statistics.fmean(part.hit10):>7.3f} {statistics.fmean(part.recall10):>10.3f} "
                f"{statistics.fmean(part.rr10):>7.3f} {1000 * statistics.fmean(part.seconds):>9.1f}"
            )


async def run(
    url: str,
    eval_set: Path,
    overlap_only: bool,
    show_overlap: bool,
    show_misses: bool,
    backend: str = "torch",
    cache_dir: Path | None = None,
) -> None:
    mentors, raw_objectives = load_eval_set(eval_set)
    engine = create_engine(url, pool_size=2)
    db = create_sessionmaker(engine)
    try:
        objectives = await with_overlap(db, mentors, raw_objectives)
        relevant = [len(o.relevant) for o in objectives]
        print(
            f"\nevaluation set {eval_set.name}: {len(mentors)} mentors "
            f"({sum(len(m['expertise']) for m in mentors)} expertise items), {len(objectives)} objectives, "
            f"{sum(relevant)} (objective, relevant mentor) pairs, "
            f"{statistics.fmean(relevant):.2f} per objective"
        )
        if overlap_only:
            print_overlap(objectives, show_overlap)
            return
        embedder = Embedder.load(
            os.environ.get("EMBEDDING_MODEL"), batch_size=128, backend=backend, cache_dir=cache_dir
        )
        results = await evaluate(db, embedder, mentors, objectives, show_misses)
    finally:
        await engine.dispose()
    print(
        f"\nmodel: {embedder.name} ({embedder.backend} backend); top {TOP_K}; "
        "semantic = rank_mentors(query=objective), no filters"
    )
    print_table(results, objectives)
    print_overlap(objectives, show_overlap)
    print("goal: semantic clearly beats the keyword baseline on recall@10 and MRR@10")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--eval-set", type=Path, default=EVAL_SET)
    parser.add_argument("--overlap-only", action="store_true", help="only the keyword-overlap check")
    parser.add_argument("--show-overlap", action="store_true", help="list objectives sharing keywords")
    parser.add_argument("--show-misses", action="store_true", help="list semantic top-10 misses")
    parser.add_argument(
        "--backend",
        choices=BACKENDS,
        default=os.environ.get("MENTORMATCH_EMBEDDING_BACKEND", "torch"),
        help="what runs the model (MENTORMATCH_EMBEDDING_BACKEND; default torch)",
    )
    args = parser.parse_args()
    cache_dir = Path(os.environ.get("MENTORMATCH_EMBEDDING_CACHE_DIR", ".data/onnx"))
    with benchmark_database() as url:
        asyncio.run(
            run(
                url,
                args.eval_set,
                args.overlap_only,
                args.show_overlap,
                args.show_misses,
                args.backend,
                cache_dir,
            )
        )


if __name__ == "__main__":
    main()
