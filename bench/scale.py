"""The scale test: 1,000,000 generated mentors (3,000,000 expertise vectors) on one PostgreSQL.

    .venv/bin/python -m bench.scale [--mentors 1000000] [--halfvec] [--keep DIR]
        [--maintenance-work-mem auto] [--parallel-workers 1] [--shared-buffers SIZE] [--seconds 10]

Starts an embedded PostgreSQL (in a throwaway directory, or in `--keep DIR`, kept so that a second run
skips seeding and the index builds it already has), then:

1. seeds the mentors in chunks (`--chunk`, 50,000) with binary COPY: the vectors are synthesised exactly
   as in `bench.match_speed` (the model's vectors of 208 activities, 8 audiences and 20 contexts, mixed
   with a little noise; see `synthesise_mentors`), so recall figures are comparable; only the parts are
   embedded by the model. The bench process's memory stays bounded by one chunk and is printed;
2. builds the HNSW indexes after the load (the expertise items' `ix_profile_items_expertise_embedding`,
   the profiles' `ix_profiles_embedding`; with `--halfvec` also the expertise index on
   `(embedding::halfvec(384))` with `halfvec_cosine_ops`), timed, with `maintenance_work_mem` and
   `max_parallel_maintenance_workers`, and pgvector's NOTICE when the graph outgrows
   `maintenance_work_mem` (the build then goes on much slower, on disk), with progress every
   `--progress` seconds from `pg_stat_progress_create_index`;
3. prints table, index and database sizes, the PostgreSQL server's memory (RSS and PSS summed over its
   processes: PSS counts shared buffers once) and the bench process's peak RSS;
4. serves the real app (`serve --workers 2`) and times recommendations for a mentee with three
   objectives through HTTP + GraphQL (one client, as `bench.match_speed`), beside `/healthz` and the
   same nearest-neighbour SQL through asyncpg (with `--halfvec`, also ordered by the halfvec expression,
   the two interleaved in one run);
5. recall@10 of the index against an exact scan on 18 model-embedded texts (item level, for the vector
   and the halfvec index) and through the matching service (as `bench.match_speed`);
6. estimates what `--mentors 1000000` needs (time, disk, memory) from this run's figures.

Never fails on time. Progress lines start with `..`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import numpy as np
import psutil
from pgvector.asyncpg import register_vector

from bench.match_speed import (
    EXPERTISE_INDEX_SQL,
    OBJECTIVES,
    PROFILES_INDEX_SQL,
    QUERIES,
    RECOMMEND,
    copy_mentors,
    drop_vector_indexes,
    embed_parts,
    http_floor,
    knn_sql,
    libpq,
    percentile,
    recall_at_10,
    register_mentee,
    row,
    serving,
    synthesise_mentors,
    time_knn,
    timed_requests,
)
from bench.synthetic import OBJECTIVES as MORE_OBJECTIVES
from mentormatch.db.embedded import EmbeddedPostgres
from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.db.migrate import upgrade_to_head
from mentormatch.db.vector import EMBEDDING_DIMENSIONS, EXPERTISE_HNSW
from mentormatch.embeddings import Embedder
from mentormatch.matching.service import MentorFilter

HALFVEC = f"halfvec({EMBEDDING_DIMENSIONS})"
HALFVEC_INDEX = "ix_profile_items_expertise_halfvec"
HALFVEC_INDEX_SQL = (
    f"CREATE INDEX {HALFVEC_INDEX} ON profile_items USING hnsw ((embedding::{HALFVEC})"
    " halfvec_cosine_ops) WITH (m = {m}, ef_construction = {ef_construction})"
    " WHERE kind = 'EXPERTISE'".format(**EXPERTISE_HNSW)
)
HALFVEC_ORDER = f"i.embedding::{HALFVEC} <=> o.embedding::{HALFVEC}"
# What the graph of one element takes in maintenance_work_mem while an HNSW index is built (m 16): the
# vector itself plus its neighbour lists. Read from pgvector's NOTICE at 20,000 mentors with
# maintenance_work_mem 64MB (the graph of 60,000 expertise vectors stopped fitting after 28,365 tuples,
# 43,385 with halfvec: 2,366 and 1,547 bytes each), rounded up; used for `auto`.
GRAPH_BYTES_PER_VECTOR = {"vector": 2_400, "halfvec": 1_550}
# The database per mentor at 100,000 mentors (1,978 MiB with both expertise indexes, of them 335 MiB the
# halfvec one), rounded up; with up to max_wal_size (1 GiB) of WAL on top, the pre-flight disk check.
DISK_BYTES_PER_MENTOR = {"vector": 17_300, "halfvec": 3_600}
RECALL_TEXTS = [*OBJECTIVES, *MORE_OBJECTIVES, *QUERIES]
META = "scale.json"


@dataclass(frozen=True)
class IndexSpec:
    name: str
    table: str
    sql: str
    vectors_per_mentor: int
    kind: str  # vector or halfvec: what one graph element holds


EXPERTISE = IndexSpec(
    "ix_profile_items_expertise_embedding", "profile_items", EXPERTISE_INDEX_SQL, 3, "vector"
)
PROFILES = IndexSpec("ix_profiles_embedding", "profiles", PROFILES_INDEX_SQL, 1, "vector")
EXPERTISE_HALFVEC = IndexSpec(HALFVEC_INDEX, "profile_items", HALFVEC_INDEX_SQL, 3, "halfvec")


def size(nbytes: float) -> str:
    """Bytes for a reader: MiB below 10 GiB, GiB from there."""
    if abs(nbytes) < 10 * 2**30:
        return f"{nbytes / 2**20:,.0f} MiB"
    return f"{nbytes / 2**30:,.1f} GiB"


def parse_size(text: str) -> int:
    """`512MB`, `4GB`, `1.5GiB` (PostgreSQL's units, powers of 1024) in bytes."""
    units = {"kb": 2**10, "mb": 2**20, "gb": 2**30, "tb": 2**40}
    cleaned = text.strip().lower().replace("ib", "b").replace(" ", "")
    for unit, factor in units.items():
        if cleaned.endswith(unit):
            return int(float(cleaned[: -len(unit)]) * factor)
    return int(cleaned)


def pg_size(nbytes: int) -> str:
    """A size as a PostgreSQL setting (whole MB, at least 64MB: pgvector's floor for a useful build)."""
    return f"{max(64, math.ceil(nbytes / 2**20))}MB"


def duration(seconds: float) -> str:
    """`45 s`, `12 min`, `3.4 h`."""
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 2 * 3600:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def hnsw_scale(seconds: float, vectors: int, target: int) -> float:
    """An HNSW build's time at `target` vectors from one at `vectors`: n log n (each insert searches a
    graph whose depth grows with log n), assuming the graph still fits in maintenance_work_mem."""
    return seconds * (target / vectors) * math.log(target) / math.log(vectors)


def graph_memory(kind: str, vectors: int) -> int:
    """maintenance_work_mem an HNSW build of `vectors` needs for its graph to fit (with 10% headroom)."""
    return int(GRAPH_BYTES_PER_VECTOR[kind] * vectors * 1.1)


def bytes_per_element(notice: str, maintenance_work_mem: int) -> float | None:
    """From pgvector's `hnsw graph no longer fits into maintenance_work_mem after N tuples`: the
    memory one element took."""
    words = notice.split()
    if "after" not in words:
        return None
    try:
        tuples = int(words[words.index("after") + 1])
    except (IndexError, ValueError):
        return None
    return maintenance_work_mem / tuples if tuples else None


def disk_needed(mentors: int, *, halfvec: bool) -> int:
    """Bytes a seed of `mentors` with its indexes takes on disk, WAL included."""
    per_mentor = DISK_BYTES_PER_MENTOR["vector"] + (DISK_BYTES_PER_MENTOR["halfvec"] if halfvec else 0)
    return mentors * per_mentor + 2**30


def progress(message: str) -> None:
    print(f".. {time.strftime('%H:%M:%S')} {message}", flush=True)


def peak_rss() -> int:
    """This process's peak RSS in bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def server_memory(pid: int) -> tuple[int, int, int]:
    """(RSS summed, PSS summed, processes) over the postmaster and its children; PSS shares each shared
    page among the processes that map it, so its sum counts shared_buffers once."""
    rss = pss = count = 0
    root = psutil.Process(pid)
    for process in [root, *root.children(recursive=True)]:
        try:
            info = process.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
        count += 1
    return rss, pss, count


class Run:
    """One run's data directory, server and what the kept directory remembers (scale.json)."""

    def __init__(self, data_dir: Path, args: argparse.Namespace) -> None:
        self.data_dir = data_dir
        self.args = args
        self.embedded = EmbeddedPostgres(data_dir)
        self.url = ""
        self.meta_path = data_dir / META
        self.meta: dict[str, Any] = json.loads(self.meta_path.read_text()) if self.meta_path.exists() else {}

    def start(self) -> None:
        self.url = self.embedded.start()
        upgrade_to_head(self.url)

    def save(self) -> None:
        self.meta_path.write_text(json.dumps(self.meta, indent=2))

    @property
    def pid(self) -> int:
        pid = self.embedded._server.get_pid()
        assert pid is not None
        return int(pid)

    def restart_with(self, shared_buffers: str) -> None:
        """ALTER SYSTEM SET shared_buffers, then restart the server (it is read at start only)."""
        asyncio.run(self._execute(f"ALTER SYSTEM SET shared_buffers = '{shared_buffers}'"))
        self.embedded.stop()
        self.embedded = EmbeddedPostgres(self.data_dir)
        self.url = self.embedded.start()

    async def _execute(self, sql: str) -> None:
        connection = await asyncpg.connect(libpq(self.url))
        try:
            await connection.execute(sql)
        finally:
            await connection.close()


async def connect(url: str) -> asyncpg.Connection:
    connection = await asyncpg.connect(libpq(url))
    await register_vector(connection)
    return connection


async def seed(run: Run, embedder: Embedder) -> None:
    """Write the mentors chunk by chunk (generation and COPY timed apart), with progress."""
    args = run.args
    rss_before = psutil.Process().memory_info().rss  # the model is loaded by now
    connection = await connect(run.url)
    try:
        existing = await connection.fetchval("SELECT count(*) FROM profiles WHERE can_mentor")
        if existing:
            raise SystemExit(
                f"{run.data_dir} holds {existing} mentors but no finished seed of {args.mentors}"
                f" (dense={args.dense}) in {META}: remove it or pass another --keep directory"
            )
        await drop_vector_indexes(connection)
        started = time.perf_counter()
        parts = embed_parts(embedder)
        embedding = time.perf_counter() - started
        generation = copying = 0.0
        done = 0
        started = time.perf_counter()
        batches = synthesise_mentors(parts, args.mentors, dense=args.dense, chunk=args.chunk)
        while True:
            generating = time.perf_counter()
            rows = next(batches, None)
            generation += time.perf_counter() - generating
            if rows is None:
                break
            writing = time.perf_counter()
            await copy_mentors(connection, rows)
            copying += time.perf_counter() - writing
            done += len(rows)
            del rows  # else it is alive while the next chunk is generated: two chunks in memory
            elapsed = time.perf_counter() - started
            left = elapsed / done * (args.mentors - done)
            progress(
                f"seeded {done:,}/{args.mentors:,} mentors: COPY {copying:.0f} s, generation"
                f" {generation:.0f} s, {done / elapsed:,.0f} mentors/s, {duration(left)} to go,"
                f" bench peak RSS {size(peak_rss())}"
            )
        analyzing = time.perf_counter()
        await connection.execute("ANALYZE users, profiles, profile_items")
        run.meta = {
            "mentors": args.mentors,
            "dense": args.dense,
            "copy_seconds": copying,
            "generation_seconds": generation,
            "embedding_seconds": embedding,
            "analyze_seconds": time.perf_counter() - analyzing,
            "seed_peak_rss": peak_rss(),
            "rss_before_seed": rss_before,
            "chunk": args.chunk,
            "indexes": {},
        }
        run.save()
    finally:
        await connection.close()


async def watch_build(url: str, name: str, every: float, pid: int, peak: list[int]) -> None:
    """Print the build's phase and tuples done from pg_stat_progress_create_index every `every` s,
    and keep the server's largest PSS seen meanwhile in `peak` (sampled each second)."""
    connection = await asyncpg.connect(libpq(url))
    try:
        ticks = 0
        while True:
            await asyncio.sleep(1)
            peak[0] = max(peak[0], (await asyncio.to_thread(server_memory, pid))[1])
            ticks += 1
            if ticks % max(1, round(every)):
                continue
            state = await connection.fetchrow(
                "SELECT phase, tuples_done, tuples_total, blocks_done, blocks_total"
                " FROM pg_stat_progress_create_index WHERE datname = current_database() LIMIT 1"
            )
            if state:
                # pgvector counts the tuples it has added but not their total; the heap blocks read
                # show how far the load is.
                blocks = f"{state['blocks_done']:,}/{state['blocks_total']:,}"
                progress(
                    f"building {name}: {state['phase']}, {state['tuples_done']:,} tuples, blocks {blocks}"
                )
    finally:
        await connection.close()


async def build_index(run: Run, spec: IndexSpec) -> dict[str, Any]:
    """Build one index (dropped first when `--rebuild`), timed; returns what the report shows."""
    args = run.args
    vectors = spec.vectors_per_mentor * args.mentors
    if args.maintenance_work_mem == "auto":
        wanted = graph_memory(spec.kind, vectors)
        available = psutil.virtual_memory().available
        memory = min(wanted, available // 2)
        if memory < wanted:
            progress(
                f"{spec.name}: the graph wants about {size(wanted)}, half the available memory is"
                f" {size(memory)}: expect pgvector's NOTICE and a slower build"
            )
    else:
        memory = parse_size(args.maintenance_work_mem)
    memory = parse_size(pg_size(memory))  # what the server is given
    notices: list[str] = []
    connection = await connect(run.url)
    connection.add_log_listener(lambda _c, message: notices.append(str(message.message)))
    peak = [0]
    watcher = asyncio.create_task(watch_build(run.url, spec.name, args.progress, run.pid, peak))
    try:
        await connection.execute(f"DROP INDEX IF EXISTS {spec.name}")
        await connection.execute(f"SET maintenance_work_mem = '{pg_size(memory)}'")
        await connection.execute(f"SET max_parallel_maintenance_workers = {args.parallel_workers}")
        progress(
            f"building {spec.name} over {vectors:,} vectors, maintenance_work_mem {pg_size(memory)},"
            f" {args.parallel_workers} parallel worker(s)"
        )
        started = time.perf_counter()
        await connection.execute(spec.sql)
        seconds = time.perf_counter() - started
        await connection.execute(f"ANALYZE {spec.table}")
    finally:
        watcher.cancel()
        await asyncio.gather(watcher, return_exceptions=True)
        await connection.close()
    spilled = [n for n in notices if "no longer fits" in n]
    per_element = bytes_per_element(spilled[0], memory) if spilled else None
    progress(f"built {spec.name} in {duration(seconds)}" + (f"; NOTICE: {spilled[0]}" if spilled else ""))
    return {
        "seconds": seconds,
        "vectors": vectors,
        "maintenance_work_mem": memory,
        "parallel_workers": args.parallel_workers,
        "notices": notices,
        "bytes_per_element": per_element,
        "server_peak_pss": peak[0],
    }


async def ensure_indexes(run: Run, specs: list[IndexSpec]) -> None:
    connection = await connect(run.url)
    try:
        present = {
            r["indexname"]
            for r in await connection.fetch("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
        }
    finally:
        await connection.close()
    for spec in specs:
        if spec.name in present and spec.name in run.meta["indexes"] and not run.args.rebuild:
            built = run.meta["indexes"][spec.name]["seconds"]
            progress(f"{spec.name} kept from an earlier run (built in {duration(built)})")
            continue
        run.meta["indexes"][spec.name] = await build_index(run, spec)
        run.save()


async def sizes(url: str, specs: list[IndexSpec]) -> dict[str, int]:
    connection = await connect(url)
    try:
        await connection.execute("CHECKPOINT")
        figures: dict[str, int] = {}
        for table in ("users", "profiles", "profile_items"):
            figures[f"{table} (heap + TOAST)"] = await connection.fetchval(
                "SELECT pg_table_size($1::regclass)", table
            )
            figures[f"{table} (with every index)"] = await connection.fetchval(
                "SELECT pg_total_relation_size($1::regclass)", table
            )
        for spec in specs:
            figures[spec.name] = await connection.fetchval("SELECT pg_relation_size($1::regclass)", spec.name)
        figures["database"] = await connection.fetchval("SELECT pg_database_size(current_database())")
        figures["WAL"] = await connection.fetchval("SELECT coalesce(sum(size), 0) FROM pg_ls_waldir()")
        return figures
    finally:
        await connection.close()


async def item_recall(connection: asyncpg.Connection, vectors: np.ndarray, order_by: str) -> float:
    """Recall@10 of the index (a pool of 50 by `order_by`, re-ordered exactly) against an exact scan of
    every expertise item, item by item; an item as near as the exact 10th counts (repeated vectors tie)."""
    pool_sql = f"""SELECT distance FROM (SELECT i.embedding <=> $1 AS distance FROM profile_items i
        WHERE i.kind = 'EXPERTISE' ORDER BY {order_by} LIMIT 50) pool ORDER BY distance LIMIT 10"""
    exact_sql = """SELECT i.embedding <=> $1 AS distance FROM profile_items i
        WHERE i.kind = 'EXPERTISE' ORDER BY i.embedding <=> $1 LIMIT 10"""
    await connection.execute("SET hnsw.iterative_scan = relaxed_order")
    await connection.execute("SET hnsw.ef_search = 100")
    found = []
    for vector in vectors:
        approximate = [r[0] for r in await connection.fetch(pool_sql, vector)]
        async with connection.transaction():
            await connection.execute("SET LOCAL enable_indexscan = off")
            exact = [r[0] for r in await connection.fetch(exact_sql, vector)]
        found.append(sum(d <= exact[-1] + 1e-6 for d in approximate) / len(exact))
    return statistics.mean(found)


async def interleaved(rounds: int, *timers: Callable[[], Awaitable[list[float]]]) -> list[list[float]]:
    """Each timer's latencies, run in turn `rounds` times, so a change in load touches each alike."""
    results: list[list[float]] = [[] for _ in timers]
    for _ in range(rounds):
        for result, timer in zip(results, timers, strict=True):
            result.extend(await timer())
    return results


async def measure(run: Run, args: argparse.Namespace) -> None:
    load_before = os.getloadavg()
    embedder = Embedder.load(os.environ.get("EMBEDDING_MODEL"))
    seeded = run.meta.get("mentors") == args.mentors and run.meta.get("dense") == args.dense
    if seeded:
        progress(f"{args.mentors:,} mentors kept from an earlier run in {run.data_dir}: seeding skipped")
    else:
        await seed(run, embedder)
    memory_before_build = server_memory(run.pid)
    specs = [EXPERTISE, PROFILES, *([EXPERTISE_HALFVEC] if args.halfvec else [])]
    await ensure_indexes(run, specs)
    figures = await sizes(run.url, specs)
    memory_after_build = server_memory(run.pid)

    engine = create_engine(run.url, pool_size=2)
    db = create_sessionmaker(engine)
    signed_in = await register_mentee(db, embedder)
    progress(f"serving the app with {args.workers} workers; {args.seconds:.0f} s of recommendations")
    async with serving(run.url, args.workers) as base:
        token = signed_in.token
        recommend = lambda n: {"query": RECOMMEND}  # noqa: E731
        await timed_requests(base, token, recommend, 1, 10, 10)  # warm-up: connections, caches
        healthz = await http_floor(base, 200)
        one = await timed_requests(base, token, recommend, 1, args.seconds, 2_000)
    memory_after_http = server_memory(run.pid)

    progress("the kNN SQL floor through asyncpg")
    connection = await connect(run.url)
    try:
        viewer = signed_in.user.id
        timers = [lambda: time_knn(connection, viewer, 25)]
        if args.halfvec:
            timers.append(lambda: time_knn(connection, viewer, 25, HALFVEC_ORDER))
        floors = await interleaved(4, *timers)
        plans = {
            "vector": "\n".join(r[0] for r in await connection.fetch("EXPLAIN " + knn_sql(), viewer)),
            "halfvec": "\n".join(
                r[0] for r in await connection.fetch("EXPLAIN " + knn_sql(HALFVEC_ORDER), viewer)
            ),
        }
        progress(f"recall@10 on {len(RECALL_TEXTS)} texts, index against exact scans")
        vectors = embedder.encode_sync(RECALL_TEXTS)
        recalls = {"vector": await item_recall(connection, vectors, "i.embedding <=> $1")}
        if args.halfvec:
            recalls["halfvec"] = await item_recall(
                connection, vectors, f"i.embedding::{HALFVEC} <=> $1::{HALFVEC}"
            )
        shared_buffers = await connection.fetchval("SHOW shared_buffers")
    finally:
        await connection.close()
    progress("recall@10 through the matching service (as bench.match_speed)")
    service_recall = statistics.mean(
        [
            await recall_at_10(db, embedder, signed_in.user.id, query, MentorFilter())
            for query in (None, *QUERIES)
        ]
    )
    await engine.dispose()

    report(
        run,
        args,
        figures=figures,
        memory=[
            ("before the index builds", memory_before_build),
            ("after the index builds", memory_after_build),
            ("after the HTTP run", memory_after_http),
        ],
        shared_buffers=shared_buffers,
        healthz=healthz,
        one=one,
        floors=floors,
        plans=plans,
        recalls=recalls,
        service_recall=service_recall,
        load=(load_before, os.getloadavg()),
    )


def report(run: Run, args: argparse.Namespace, **r: Any) -> None:
    meta = run.meta
    mentors = args.mentors
    indexes = meta["indexes"]
    (before, after) = r["load"]
    print(
        f"\nscale: {mentors:,} mentors x 3 expertise items ({3 * mentors:,} vectors synthesised from the"
        f" model's vectors of 236 parts, as bench.match_speed), {os.cpu_count()} cores,"
        f" load average {before[0]:.1f} at start, {after[0]:.1f} at the end"
    )
    print(
        f"\nseed: COPY {duration(meta['copy_seconds'])} ({mentors / max(meta['copy_seconds'], 1e-9):,.0f}"
        f" mentors/s), generation in Python {duration(meta['generation_seconds'])} (after embedding the"
        f" parts, {duration(meta['embedding_seconds'])}), ANALYZE"
        f" {duration(meta['analyze_seconds'])}; bench process RSS {size(meta['rss_before_seed'])} with the"
        f" model loaded, peak {size(meta['seed_peak_rss'])} while seeding (chunks of {meta['chunk']:,}"
        f" mentors), peak {size(peak_rss())} by the end"
    )
    print(
        f"\n{'index build':<40} {'time':>8} {'vectors':>11} {'m_w_m':>9} {'workers':>7}"
        f" {'server PSS':>10}  graph fits"
    )
    for name, built in indexes.items():
        spilled = [n for n in built["notices"] if "no longer fits" in n]
        print(
            f"{name:<40} {duration(built['seconds']):>8} {built['vectors']:>11,}"
            f" {size(built['maintenance_work_mem']):>9} {built['parallel_workers']:>7}"
            f" {size(built['server_peak_pss']) if built.get('server_peak_pss') else 'n/a':>10}  "
            + (f"no: {spilled[0]}" if spilled else "yes")
        )
    print(f"\n{'size':<40} {'bytes':>12}")
    figures = r["figures"]
    for label, value in figures.items():
        print(f"{label:<40} {size(value):>12}")
    print(f"\nPostgreSQL server memory (shared_buffers {r['shared_buffers']}):")
    for label, (rss, pss, count) in r["memory"]:
        print(f"  {label:<26} RSS summed {size(rss):>10}, PSS summed {size(pss):>10} over {count} processes")

    print(f"\n{'through HTTP + GraphQL':<44} {'reqs':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    print(row("GET /healthz (the HTTP floor: client + server)", r["healthz"]))
    print(row("recommendations, 1 client", r["one"]))
    floors = r["floors"]
    print(row("kNN SQL, vector index (asyncpg)", floors[0]))
    if args.halfvec:
        print(row("kNN SQL, halfvec index (asyncpg)", floors[1]))
    plans = r["plans"]
    print(f"the vector kNN SQL uses {EXPERTISE.name}: {EXPERTISE.name in plans['vector']}")
    if args.halfvec:
        print(f"the halfvec kNN SQL uses {HALFVEC_INDEX}: {HALFVEC_INDEX in plans['halfvec']}")

    one_p50, one_p99 = percentile(r["one"], 50), percentile(r["one"], 99)
    knn_p50 = percentile(floors[0], 50)
    table = [
        ("recommendations, 1 client, p50 (ms)", one_p50, knn_p50, "kNN SQL (vector)", "10"),
        ("recommendations, 1 client, p99 (ms)", one_p99, percentile(floors[0], 99), "kNN SQL p99", ""),
        ("recall@10, vector index, item level", r["recalls"]["vector"], 1.0, "exact scan", "0.95"),
        ("recall@10 through the service", r["service_recall"], 1.0, "exact scan", "0.95"),
    ]
    if args.halfvec:
        halfvec_p50 = percentile(floors[1], 50)
        table += [
            ("kNN SQL, halfvec, p50 (ms)", halfvec_p50, knn_p50, "kNN SQL (vector)", ""),
            ("recall@10, halfvec index, item level", r["recalls"]["halfvec"], 1.0, "exact scan", "0.95"),
            (
                "halfvec index size / vector index size",
                figures[HALFVEC_INDEX] / 2**20,
                figures[EXPERTISE.name] / 2**20,
                "MiB",
                "",
            ),
            (
                "halfvec index build / vector index build (s)",
                indexes[HALFVEC_INDEX]["seconds"],
                indexes[EXPERTISE.name]["seconds"],
                "s",
                "",
            ),
        ]
    print(
        f"\n{'the issue 17 table (scale)':<44} {'figure':>8} {'floor':>8} {'ratio':>6}  {'floor is':<19} goal"
    )
    for label, value, floor, what, goal in table:
        print(f"{label:<44} {value:>8.2f} {floor:>8.2f} {value / floor:>6.2f}  {what:<19} {goal}")
    estimate(run, args, figures)


def estimate(run: Run, args: argparse.Namespace, figures: dict[str, int]) -> None:
    """What 1,000,000 mentors would take, scaled from this run (linear, HNSW n log n)."""
    target = 1_000_000
    if args.mentors >= target:
        return
    factor = target / args.mentors
    meta = run.meta
    free = shutil.disk_usage(run.data_dir).free
    print(f"\nestimate for {target:,} mentors from this run (x{factor:.0f}):")
    build = 0.0
    for name, built in meta["indexes"].items():
        kind = "halfvec" if name == HALFVEC_INDEX else "vector"
        vectors = int(built["vectors"] * factor)
        measured = built["bytes_per_element"]
        needed = int((measured or GRAPH_BYTES_PER_VECTOR[kind]) * vectors * 1.1)
        if measured is None:
            seconds = hnsw_scale(built["seconds"], built["vectors"], vectors)
            build += seconds
            took = f"about {duration(seconds)}"
        else:  # a build that went on on disk says nothing about one in memory
            took = "unknown (this run's graph did not fit: run again with a larger maintenance_work_mem)"
        print(
            f"  {name}: build {took} if its graph fits, which needs maintenance_work_mem of about"
            f" {size(needed)} ({vectors:,} vectors)"
        )
    seed = (meta["copy_seconds"] + meta["generation_seconds"] + meta["analyze_seconds"]) * factor
    print(
        f"  seeding about {duration(seed)} (COPY, generation, ANALYZE); total about {duration(seed + build)}"
    )
    disk = figures["database"] * factor
    print(
        f"  disk about {size(disk)} for the database (+ up to max_wal_size of WAL, 1 GiB by default);"
        f" free now where the data lives: {size(free)}"
        + ("" if free > disk * 1.1 + 2**30 else "  -> NOT ENOUGH: free disk first or use another directory")
    )
    print(
        f"  memory: the bench process stays near {size(meta['seed_peak_rss'])} (one chunk); PostgreSQL needs"
        " maintenance_work_mem above while a build runs, and the indexes in page cache for the latency above"
        f" (about {size(sum(figures.get(n, 0) for n in meta['indexes']) * factor)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mentors", type=int, default=1_000_000)
    parser.add_argument("--chunk", type=int, default=50_000, help="mentors per COPY (bounds the memory)")
    parser.add_argument(
        "--dense", action="store_true", help="bench.match_speed's repeated, near-identical items"
    )
    parser.add_argument(
        "--halfvec", action="store_true", help="also an expertise index on embedding::halfvec"
    )
    parser.add_argument("--keep", type=Path, help="keep the database here; a later run reuses its seed")
    parser.add_argument("--rebuild", action="store_true", help="with --keep: build the indexes again")
    parser.add_argument(
        "--maintenance-work-mem",
        default="auto",
        help="for the index builds; auto: what the graph needs (at most half the available memory)",
    )
    parser.add_argument("--parallel-workers", type=int, default=1, help="max_parallel_maintenance_workers")
    parser.add_argument("--shared-buffers", help="ALTER SYSTEM SET shared_buffers (then a restart), e.g. 4GB")
    parser.add_argument(
        "--no-disk-check", action="store_true", help="seed even when the disk looks too small"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--progress", type=float, default=30.0, help="seconds between build progress lines")
    args = parser.parse_args()
    if args.chunk < 1 or args.mentors < 1:
        parser.error("--mentors and --chunk must be positive")
    where = args.keep or Path(tempfile.gettempdir())
    existing = next(p for p in [where, *where.parents] if p.exists())
    free = shutil.disk_usage(existing).free
    needed = disk_needed(args.mentors, halfvec=args.halfvec)
    kept = json.loads((where / META).read_text()) if (where / META).exists() else {}
    if kept.get("mentors") != args.mentors and free < needed and not args.no_disk_check:
        # A full disk would stop every other PostgreSQL and test run on the machine too.
        parser.error(
            f"{existing} has {size(free)} free, a seed of {args.mentors:,} mentors needs about"
            f" {size(needed)}: free disk, use --keep on another disk, or pass --no-disk-check"
        )
    data_dir = args.keep or Path(tempfile.mkdtemp(prefix="mentormatch-scale-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    run = Run(data_dir, args)
    progress(f"data directory {data_dir}; free there: {size(free)}; a new seed needs about {size(needed)}")
    try:
        run.start()
        if args.shared_buffers:
            run.restart_with(args.shared_buffers)
        asyncio.run(measure(run, args))
    finally:
        run.embedded.stop()
        if args.keep is None:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
