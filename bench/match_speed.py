"""Matching speed and recall at scale: 100,000 generated mentors (three expertise items each).

    .venv/bin/python -m bench.match_speed [--mentors 100000] [--workers 2] [--seconds 10]

Starts a throwaway embedded PostgreSQL (or uses DATABASE_URL), writes the mentors with COPY, builds the
HNSW indexes, serves the real app with `mentormatch serve`, and measures through HTTP + GraphQL:
recommendations for a signed-in mentee with three objectives (one client, then 8 concurrent clients, then
one client that also asks for `totalCount`) and free-text queries. The same nearest-neighbour SQL is then
timed straight through asyncpg, so the cost of our layers is a ratio. Then recall@10 of the HNSW path
against an exact scan, and pages deep in the ranking and the `totalCount` COUNT, through the service.
Prints tables; never fails on time.

Mentor vectors are composed from real model embeddings of each item's parts (activity, audience,
context) plus a little noise, so they have the structure of real topics without embedding 300,000
texts first; the objectives and queries are embedded by the model as usual.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import numpy as np
from pgvector.asyncpg import register_vector
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bench.database import benchmark_database
from bench.synthetic import AUDIENCES, CONTEXTS, DEPARTMENTS, LANGUAGES, STAGES, TOPICS, VERBS
from mentormatch.accounts import service as accounts
from mentormatch.accounts.rate_limits import Limits
from mentormatch.accounts.service import SignedIn
from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.db.vector import EXPERTISE_HNSW
from mentormatch.embeddings import Embedder
from mentormatch.matching.service import (
    CANDIDATES_PER_OBJECTIVE,
    RERANK_POOL_FACTOR,
    MentorFilter,
    count_matches,
    rank_mentors,
)
from mentormatch.profiles.service import update_profile
from mentormatch.profiles.validation import parse_profile_input

SECRET_KEY = "bench-secret-key-that-is-long-enough-for-hs256"
OBJECTIVES = [
    "understand social media marketing",
    "learn how younger customers discover brands",
    "get comfortable with generative AI tools",
]
QUERIES = [
    "how do ads on short video apps work",
    "explain cloud costs to me",
    "help me understand modern data pipelines",
    "how do creators partner with brands",
    "what is a good accessibility audit",
]
RECOMMEND = """query { mentorMatches(first: 10) { edges { node { score mentor { id displayName }
  explanation { summary matchedObjectives { objective expertise similarity } } } } } }"""
# The first page of a list that shows how many mentors there are.
RECOMMEND_COUNTED = RECOMMEND.replace("mentorMatches(first: 10) {", "mentorMatches(first: 10) { totalCount")
SEARCH = """query($q: String!) { mentorMatches(query: $q, first: 10) { edges { node { score
  mentor { id displayName } explanation { summary } } } } }"""


def libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@dataclass
class MentorChunk:
    """Rows for COPY of one chunk of generated mentors (vectors as float32 arrays, sent binary)."""

    users: list[tuple[Any, ...]] = field(default_factory=list)
    profiles: list[tuple[Any, ...]] = field(default_factory=list)
    items: list[tuple[Any, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.users)


@dataclass(frozen=True)
class MentorParts:
    """The model's vectors of the parts generated items are made of."""

    parts: dict[str, np.ndarray]
    activities: dict[str, np.ndarray]


def embed_parts(embedder: Embedder) -> MentorParts:
    """The only texts the model embeds for generated mentors: 208 activities, 8 audiences, 20 contexts."""
    return MentorParts(
        parts={p: embedder.encode_sync([p])[0] for p in [*AUDIENCES, *CONTEXTS]},
        activities={
            f"{v} {t}": vec
            for (v, t), vec in zip(
                [(v, t) for v in VERBS for t in TOPICS],
                embedder.encode_sync([f"{v} {t}" for v in VERBS for t in TOPICS]),
                strict=True,
            )
        },
    )


def synthesise_mentors(
    made_of: MentorParts, count: int, *, dense: bool = False, chunk: int = 50_000
) -> Iterator[MentorChunk]:
    """`count` mentors with three expertise items each, in chunks of `chunk` mentors. Each item's vector
    is the model's vector of an activity plus its audience's and context's (barely, with `dense`: then a
    third are the bare activity, the same text and vector for everyone who has it, like "teach Excel")
    and a little noise, with a text of its own; the profile's is their normalised mean. Same seed, same
    mentors."""
    rng = np.random.default_rng(11)
    parts, activities = made_of.parts, made_of.activities
    activity_names = list(activities)
    rows = MentorChunk()
    for n in range(count):
        user_id = uuid.uuid4()
        rows.users.append((user_id, f"mentor{n}@bench.example", f"Mentor {n}"))
        vectors = []
        for position in range(3):
            activity = activity_names[rng.integers(len(activity_names))]
            audience, context = (
                AUDIENCES[rng.integers(len(AUDIENCES))],
                CONTEXTS[rng.integers(len(CONTEXTS))],
            )
            repeated = dense and rng.random() < 1 / 3
            mix = 0.03 if dense else 0.35
            vector = activities[activity] + mix * parts[audience] + mix * parts[context]
            if repeated:
                vector = activities[activity].copy()
            else:
                vector = vector + rng.normal(scale=0.002 if dense else 0.02, size=vector.shape)
            vector = (vector / np.linalg.norm(vector)).astype(np.float32)
            vectors.append(vector)
            # One text, one vector, as in the product (items are embedded by their text): an item with
            # noise of its own has a text of its own.
            text = (
                activity if repeated else f"{activity} {audience} {context} (mentor {n}, item {position + 1})"
            )
            rows.items.append(
                (
                    uuid.uuid4(),
                    user_id,
                    "EXPERTISE",
                    position,
                    text,
                    uuid.uuid5(uuid.NAMESPACE_URL, text).bytes * 2,
                    vector,
                )
            )
        mean = np.mean(vectors, axis=0)
        rows.profiles.append(
            (
                user_id,
                True,
                False,
                STAGES[rng.integers(len(STAGES))],
                DEPARTMENTS[rng.integers(len(DEPARTMENTS))],
                [LANGUAGES[rng.integers(len(LANGUAGES))]],
                int(rng.integers(1, 5)),
                (mean / np.linalg.norm(mean)).astype(np.float32),
            )
        )
        if len(rows) == chunk:
            yield rows
            rows = MentorChunk()
    if len(rows):
        yield rows


PROFILE_COLUMNS = [
    "user_id",
    "can_mentor",
    "seeks_mentoring",
    "career_stage",
    "department",
    "languages",
    "capacity",
    "embedding",
]
ITEM_COLUMNS = ["id", "user_id", "kind", "position", "text", "content_hash", "embedding"]


async def copy_mentors(connection: asyncpg.Connection, rows: MentorChunk) -> None:
    """One chunk into the tables with binary COPY (pgvector's codec: no vector goes through text), in
    one transaction."""
    async with connection.transaction():
        await connection.copy_records_to_table(
            "users", records=rows.users, columns=["id", "email", "display_name"]
        )
        await connection.copy_records_to_table("profiles", records=rows.profiles, columns=PROFILE_COLUMNS)
        await connection.copy_records_to_table("profile_items", records=rows.items, columns=ITEM_COLUMNS)


EXPERTISE_INDEX_SQL = (
    "CREATE INDEX ix_profile_items_expertise_embedding ON profile_items USING hnsw (embedding"
    " vector_cosine_ops) WITH (m = {m}, ef_construction = {ef_construction})"
    " WHERE kind = 'EXPERTISE'".format(**EXPERTISE_HNSW)
)
PROFILES_INDEX_SQL = (
    "CREATE INDEX ix_profiles_embedding ON profiles USING hnsw (embedding vector_cosine_ops)"
    " WITH (m = 16, ef_construction = 64)"
)


async def drop_vector_indexes(connection: asyncpg.Connection) -> None:
    """Without them a bulk load is a plain append; they are built once afterwards."""
    await connection.execute("DROP INDEX IF EXISTS ix_profile_items_expertise_embedding")
    await connection.execute("DROP INDEX IF EXISTS ix_profiles_embedding")


async def seed_mentors(url: str, embedder: Embedder, count: int, *, dense: bool = False) -> None:
    """COPY `count` generated mentors (`synthesise_mentors`), then build the indexes."""
    connection = await asyncpg.connect(libpq(url))
    try:
        await register_vector(connection)
        await connection.execute("SET maintenance_work_mem = '2GB'")
        await drop_vector_indexes(connection)
        for rows in synthesise_mentors(embed_parts(embedder), count, dense=dense):
            await copy_mentors(connection, rows)
        started = time.perf_counter()
        await connection.execute(EXPERTISE_INDEX_SQL)
        await connection.execute(PROFILES_INDEX_SQL)
        await connection.execute("ANALYZE")
        print(f"seeded {count} mentors ({3 * count} items); HNSW build {time.perf_counter() - started:.0f}s")
    finally:
        await connection.close()


async def register_mentee(db: async_sessionmaker[AsyncSession], embedder: Embedder) -> SignedIn:
    """A signed-in mentee seeking mentoring with the three OBJECTIVES (embedded by the model)."""
    signed_in = await accounts.register(
        db,
        email=f"mentee-{uuid.uuid4().hex[:8]}@bench.example",
        password="a-benchmark-passphrase-1",
        display_name="Bench Mentee",
        client="bench",
        signing_key=SECRET_KEY,
        ttl=timedelta(hours=2),
        limits=Limits.defaults(),
    )
    await update_profile(
        db,
        embedder,
        user_id=signed_in.user.id,
        changes=parse_profile_input(
            {"seeksMentoring": True, "objectives": OBJECTIVES, "careerStage": "EXECUTIVE"}
        ),
    )
    return signed_in


@asynccontextmanager
async def serving(url: str, workers: int) -> AsyncIterator[str]:
    """The real app (`mentormatch serve --workers N`, production settings) on `url`; yields its base
    URL once /readyz answers, and stops it afterwards."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET_KEY,
        "MENTORMATCH_ENV": "production",
        "MENTORMATCH_LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(  # noqa: ASYNC220 (started once, before any measurement)
        [
            str(Path(sys.executable).parent / "mentormatch"),
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base) as http:
            for _ in range(240):
                try:
                    if (await http.get("/readyz")).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.5)
            else:
                raise RuntimeError("server did not become ready")
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


def knn_sql(order_by: str = "i.embedding <=> o.embedding") -> str:
    """The service's nearest-neighbour work for a mentee's objectives (`$1`): per objective, a pool of
    the nearest eligible expertise items by `order_by` (the expression an index serves), re-ordered by
    the exact distance."""
    return f"""
        SELECT o.position, h.user_id, 1 - h.distance AS similarity FROM profile_items o
        CROSS JOIN LATERAL (SELECT * FROM (
          SELECT i.user_id, i.embedding <=> o.embedding AS distance
          FROM profile_items i JOIN profiles p ON p.user_id = i.user_id JOIN users u ON u.id = i.user_id
          WHERE i.kind = 'EXPERTISE' AND p.can_mentor AND p.accepting_requests AND p.hidden_at IS NULL
            AND u.suspended_at IS NULL AND p.active_mentees < p.capacity AND p.user_id <> $1
          ORDER BY {order_by} LIMIT {CANDIDATES_PER_OBJECTIVE * RERANK_POOL_FACTOR}
        ) pool ORDER BY distance LIMIT {CANDIDATES_PER_OBJECTIVE}) h
        WHERE o.user_id = $1 AND o.kind = 'OBJECTIVE'"""


async def time_knn(
    connection: asyncpg.Connection, viewer_id: uuid.UUID, count: int, order_by: str | None = None
) -> list[float]:
    """Latencies (ms) of `knn_sql` with the app's scan settings (mentormatch.db.engine)."""
    await connection.execute("SET hnsw.iterative_scan = relaxed_order")
    await connection.execute("SET hnsw.ef_search = 100")
    sql = knn_sql(order_by) if order_by else knn_sql()
    latencies = []
    for _ in range(count):
        started = time.perf_counter()
        await connection.fetch(sql, viewer_id)
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


async def recall_at_10(
    db: Any, embedder: Embedder, viewer_id: uuid.UUID, query: str | None, mentor_filter: MentorFilter
) -> float:
    """Share of the exact scan's top 10 that the HNSW path also returns."""
    found = []
    for use_exact_scan in (False, True):
        page = await rank_mentors(
            db,
            embedder,
            viewer_id=viewer_id,
            query=query,
            mentor_filter=mentor_filter,
            first=10,
            after=None,
            exact=use_exact_scan,
        )
        found.append({m.user_id for m in page.matches})
    approximate, exact = found
    return len(approximate & exact) / max(len(exact), 1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


async def timed_requests(
    base: str, token: str, body_for: Any, clients: int, seconds: float, limit: int
) -> list[float]:
    """Latencies (ms) of requests sent by `clients` concurrent clients for `seconds` (or `limit` each)."""
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def client(number: int) -> None:
        async with httpx.AsyncClient(
            base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30
        ) as http:
            for n in range(limit):
                if time.perf_counter() > deadline:
                    return
                started = time.perf_counter()
                response = await http.post("/graphql", json=body_for(number * limit + n))
                latencies.append((time.perf_counter() - started) * 1000)
                payload = response.json()
                assert response.status_code == 200 and not payload.get("errors"), payload

    await asyncio.gather(*(client(n) for n in range(clients)))
    return latencies


async def http_floor(base: str, count: int) -> list[float]:
    """Latencies (ms) of a request that does no work, so the cost of HTTP itself is not a guess."""
    latencies = []
    async with httpx.AsyncClient(base_url=base) as http:
        for _ in range(count):
            started = time.perf_counter()
            (await http.get("/healthz")).raise_for_status()
            latencies.append((time.perf_counter() - started) * 1000)
    return latencies


WRK_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.body = os.getenv("BENCH_BODY")
"""


def wrk_run(base: str, path: str, seconds: float, connections: int, body: str | None, token: str) -> Any:
    """(req/s, p50 ms, p99 ms) from wrk (a C load generator) with `connections` connections, or None
    where wrk is not installed (`apt-get install wrk`). With `body`, POSTs it with the bearer token."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    command = [wrk, "-t2", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency"]
    env = {**os.environ, "BENCH_TOKEN": token, "BENCH_BODY": body or ""}
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        if body is not None:
            script.write(WRK_SCRIPT)
            script.flush()
            command += ["-s", script.name]
        output = subprocess.run(
            [*command, base + path], env=env, capture_output=True, text=True, check=True
        ).stdout
    if "Non-2xx" in output:
        raise RuntimeError(f"wrk saw failed responses:\n{output}")
    units = {"us": 0.001, "ms": 1.0, "s": 1000.0}

    def latency(label: str) -> float:
        match = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        assert match, output
        return float(match.group(1)) * units[match.group(2)]

    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    assert rate, output
    return float(rate.group(1)), latency("50%"), latency("99%")


def row(label: str, latencies: list[float], elapsed: float | None = None) -> str:
    rate = f"{len(latencies) / elapsed:>8.0f}" if elapsed else f"{'':>8}"
    return (
        f"{label:<44} {len(latencies):>6} {percentile(latencies, 50):>8.1f} {percentile(latencies, 95):>8.1f}"
        f" {percentile(latencies, 99):>8.1f} {rate}"
    )


async def measure(url: str, args: argparse.Namespace) -> None:
    embedder = Embedder.load(os.environ.get("EMBEDDING_MODEL"))
    await seed_mentors(url, embedder, args.mentors, dense=args.dense)
    engine = create_engine(url, pool_size=4)
    db = create_sessionmaker(engine)
    signed_in = await register_mentee(db, embedder)

    async with serving(url, args.workers) as base:
        token = signed_in.token
        recommend = lambda n: {"query": RECOMMEND}  # noqa: E731
        search = lambda n: {"query": SEARCH, "variables": {"q": QUERIES[n % len(QUERIES)]}}  # noqa: E731
        await timed_requests(base, token, recommend, 2, 5, 20)  # warm-up: caches, connections, JIT-free paths
        await timed_requests(base, token, search, 1, 10, len(QUERIES))  # embeds each query once
        results = [row("GET /healthz (the HTTP floor: client + server)", await http_floor(base, 200))]
        one = await timed_requests(base, token, recommend, 1, args.seconds, 200)
        results.append(row("recommendations, 1 client", one))
        started = time.perf_counter()
        eight = await timed_requests(base, token, recommend, 8, args.seconds, 10_000)
        results.append(row("recommendations, 8 Python clients", eight, time.perf_counter() - started))
        body = json.dumps({"query": RECOMMEND})
        wrk_healthz = await asyncio.to_thread(wrk_run, base, "/healthz", args.seconds, 8, None, token)
        wrk_recommend = await asyncio.to_thread(wrk_run, base, "/graphql", args.seconds, 8, body, token)
        counted = await timed_requests(
            base, token, lambda n: {"query": RECOMMEND_COUNTED}, 1, args.seconds, 200
        )
        results.append(row("recommendations with totalCount, 1 client", counted))
        results.append(
            row(
                "free-text query (cached vector), 1 client",
                await timed_requests(base, token, search, 1, args.seconds, 200),
            )
        )
        cold = [f"{q} ({uuid.uuid4().hex[:6]})" for q in QUERIES * 4]
        # The encoder alone on texts as new as those (the floor of a never-seen query).
        encoder_alone = []
        for q in QUERIES * 4:
            started = time.perf_counter()
            await embedder.encode_query(f"{q} ({uuid.uuid4().hex[:6]})")
            encoder_alone.append((time.perf_counter() - started) * 1000)
        results.append(
            cold_row := row(
                "free-text query (new text, embedded), 1 client",
                await timed_requests(
                    base,
                    token,
                    lambda n: {"query": SEARCH, "variables": {"q": cold[n % len(cold)]}},
                    1,
                    args.seconds,
                    len(cold),
                ),
            )
        )

    # The same nearest-neighbour work, straight to PostgreSQL.
    connection = await asyncpg.connect(libpq(url))
    try:
        direct = await time_knn(connection, signed_in.user.id, 50)
        plan = await connection.fetch("EXPLAIN " + knn_sql(), signed_in.user.id)
    finally:
        await connection.close()
    uses_index = any("ix_profile_items_expertise_embedding" in r[0] for r in plan)

    # Recall@10 of the HNSW path against an exact scan, with and without a selective filter, at the
    # default candidate list (MENTORMATCH_HNSW_EF_SEARCH) and at larger ones.
    recalls = {}
    for ef_search in args.ef_search:
        sweep_engine = create_engine(url, pool_size=2, ef_search=ef_search)
        values = [
            await recall_at_10(
                create_sessionmaker(sweep_engine), embedder, signed_in.user.id, query, MentorFilter()
            )
            for query in (None, *QUERIES)
        ]
        recalls[f"no filter, ef_search {ef_search}"] = statistics.mean(values)
        await sweep_engine.dispose()
    for label, mentor_filter in (
        ("no filter", MentorFilter()),
        (
            "department = Legal, stage = EARLY_CAREER",
            MentorFilter(department="Legal", career_stages=("EARLY_CAREER",)),
        ),
    ):
        # The mentee's own objectives (query None), then each free-text query.
        values = [
            await recall_at_10(db, embedder, signed_in.user.id, query, mentor_filter)
            for query in (None, *QUERIES)
        ]
        recalls[label] = statistics.mean(values)

    # Deep pages (each band fetched again at its depth) and the exact count, through the service.
    deep_pages: list[tuple[int, float]] = []
    counts: list[float] = []
    after = None
    for number in range(40):
        started = time.perf_counter()
        page = await rank_mentors(
            db,
            embedder,
            viewer_id=signed_in.user.id,
            query=None,
            mentor_filter=MentorFilter(),
            first=50,
            after=after,
        )
        deep_pages.append((50 * number, (time.perf_counter() - started) * 1000))
        if number < 10:
            started = time.perf_counter()
            total = await count_matches(db, page)
            counts.append((time.perf_counter() - started) * 1000)
        if not page.has_next:
            break
        after = page.matches[-1].cursor
    await engine.dispose()

    print(
        f"\n{args.mentors} mentors x 3 expertise items, {args.workers} API worker(s), {os.cpu_count()} cores"
    )
    print(
        f"{'through HTTP + GraphQL':<44} {'reqs':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8}"
    )
    print("\n".join(results))
    print(row("kNN SQL straight to PostgreSQL (asyncpg)", direct))
    p50_http = percentile(one, 50)
    ratio = p50_http / percentile(direct, 50)
    print(f"\noverhead of our layers (recommendations, 1 client): {ratio:.1f}x the raw SQL")
    print(f"query plan uses the HNSW index: {uses_index}")
    for label, value in recalls.items():
        print(f"recall@10 HNSW vs exact ({label}): {value:.3f}")
    print(f"totalCount ({total} mentors, a COUNT through the service): p50 {percentile(counts, 50):.1f} ms")
    print(
        "a page of 50 at offset "
        + ", ".join(f"{offset}: {ms:.0f} ms" for offset, ms in deep_pages if offset in (0, 450, 950, 1950))
    )
    # Rows without a rate end with p50, p95, p99.
    cold_p50 = float(cold_row.split()[-3])
    healthz_p50 = float(results[0].split()[-3])
    knn_p50, one_p50 = percentile(direct, 50), percentile(one, 50)
    table = [
        ("recommendations, 1 client, p50 (ms)", one_p50, knn_p50, "kNN SQL via asyncpg", "5"),
        ("  the same against the HTTP floor", one_p50, healthz_p50, "GET /healthz, 1 client", ""),
    ]
    if wrk_recommend is None or wrk_healthz is None:
        print("wrk is not installed (apt-get install wrk): no 8-connection figures from a C load generator")
    else:
        table += [
            (
                "recommendations, 8 conns (wrk), req/s",
                wrk_recommend[0],
                wrk_healthz[0],
                "wrk /healthz",
                "300",
            ),
            (
                "recommendations, 8 conns (wrk), p50 (ms)",
                wrk_recommend[1],
                wrk_healthz[1],
                "wrk /healthz",
                "",
            ),
            (
                "recommendations, 8 conns (wrk), p99 (ms)",
                wrk_recommend[2],
                wrk_healthz[2],
                "wrk /healthz",
                "50",
            ),
        ]
    table += [
        ("free-text, new text, p50 (ms)", cold_p50, percentile(encoder_alone, 50), "encoder alone", "12"),
        *((f"recall@10 ({label})", value, 1.0, "exact scan", "0.95") for label, value in recalls.items()),
    ]
    print(
        f"\n{'the issue 17 table (matching)':<44} {'figure':>8} {'floor':>8} {'ratio':>6}  floor is      goal"
    )
    for label, value, floor, what, goal in table:
        print(f"{label:<44} {value:>8.2f} {floor:>8.2f} {value / floor:>6.2f}  {what:<24} {goal}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mentors", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument(
        "--dense", action="store_true", help="many repeated and near-identical items (HNSW's weak case)"
    )
    parser.add_argument(
        "--ef-search", type=int, nargs="*", default=[200, 400], help="extra ef_search values for recall"
    )
    args = parser.parse_args()
    with benchmark_database() as url:
        asyncio.run(measure(url, args))


if __name__ == "__main__":
    main()
