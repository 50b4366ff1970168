"""Load and soak: signed-in participants using the web app's own operations against real API processes.

    .venv/bin/python -m bench.load [--participants 40] [--duration 90] [--mentors 3000]
    .venv/bin/python -m bench.load --soak 600            # + RSS of each API worker every 10 s
    .venv/bin/python -m bench.load --no-rate-limits      # lift the per-account limits (see the README)
    .venv/bin/python -m bench.load --new-text 0          # every search a phrasing seen before (cached)

Starts a throwaway embedded PostgreSQL, writes `--mentors` generated mentors (bench.match_speed's COPY,
with the HNSW indexes), serves the real app with `mentormatch serve --workers 2` (MENTORMATCH_ENV
production, the default rate limits, cookies not Secure because this is plain HTTP on 127.0.0.1), then
signs up `--participants` people over HTTP (a quarter of them mentors, capacity 20, the rest mentees
with three objectives) through the web app's SignUp, UpdateMyProfile and SignIn, each with its own
cookie jar and the `X-CSRF-Token` of its `mm_csrf` cookie on every mutation, like a browser. Each holds one
`notificationReceived` subscription (graphql-transport-ws, signed in by the cookie) open for the whole
run, and every participant loops until the end, with a random think time between actions:

- mentees: free-text search (a share `--new-text`, 0.2, in words not seen before, which the model
  embeds; the rest repeat 104 phrasings, whose vectors are cached) and recommendations (`MentorMatches`,
  first page with `totalCount`), the bell (`UnreadNotificationCount`), notifications +
  `MarkNotificationsRead`, `MyMentorships`; without an active mentorship they open a load mentor's
  profile, check `PendingRequestsWith` and request; with one they open it (`MentorshipPage`), check in
  (`SubmitFeedback`, only when the page says they can), log a meeting (`LogSession`) and now and then
  end it (`EndMentorship`), which lets them request again;
- mentors: `IncomingRequests`, then accept (3 in 4) or decline each pending one, `MenteeMatches`, the
  bell, notifications, their mentorships, check-ins and meetings as above.

The documents are read from frontend/src/gql/gql.ts, so the load is what browsers send. Prints, per
operation: count, p50, p99, and the errors by code, split into failures (HTTP errors, INTERNAL,
SERVICE_UNAVAILABLE, anything unexpected; the error rate), RATE_LIMITED (shown apart) and refusals the
web app expects in a race (CONFLICT, CAPACITY_REACHED, LIMIT_REACHED, NOT_ACCEPTING); throughput; the
notifications pushed over the subscriptions against those written to the load participants; and
`GET /healthz` before and during the load (the floor). `--soak SECONDS` runs that long and samples the
RSS of each API worker (psutil: the uvicorn workers under the server's PID) every `--sample` seconds,
then prints each one's RSS after `--warmup`, at the end, the growth after warm-up and its slope (least
squares) in MiB/min beside the goal (flat), and the slope over the soak's second half (does a growth
level off?). Never fails on time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import psutil
from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    OperationDefinitionNode,
    parse,
    print_ast,
)
from httpx_ws import AsyncWebSocketSession, aconnect_ws

from bench.database import benchmark_database
from bench.match_speed import SECRET_KEY, free_port, libpq, percentile, seed_mentors
from bench.synthetic import OBJECTIVES, TOPICS, participant
from mentormatch.embeddings import Embedder

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "a-load-test-passphrase-7"
# Refusals the web app meets when two people race (it shows them in words); not failures of the API.
EXPECTED = frozenset({"CONFLICT", "CAPACITY_REACHED", "LIMIT_REACHED", "NOT_ACCEPTING"})
RATE_LIMITED = "RATE_LIMITED"
# Goals: the workers' memory is flat after warm-up; the error rate is zero.
FLAT_MIB_PER_MINUTE = 1.0
# Every per-account limit, lifted by --no-rate-limits (sign-up and sign-in stay at their defaults).
ACCOUNT_LIMITS = ("REQUESTS", "INVITES", "REPORTS", "CHECK_INS", "SESSION_LOGS")
SEARCHES = [
    "how do {t} work",
    "someone who knows {t}",
    "explain {t} to me",
    "{t}",
]


def webapp_operations(root: Path = REPO) -> dict[str, str]:
    """Every named operation of the web app with the fragments it spreads, printed as the client sends
    it, from codegen's map of documents (frontend/src/gql/gql.ts)."""
    generated = (root / "frontend" / "src" / "gql" / "gql.ts").read_text()
    block = generated[generated.index("type Documents = {") :]
    block = block[: block.index("\n};")]
    sources = [
        json.loads(f'"{s}"') for s in re.findall(r'^\s+"((?:[^"\\]|\\.)*)": typeof types\.', block, re.M)
    ]
    definitions = [d for source in sources for d in parse(source).definitions]
    fragments = {d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)}

    def spreads(node: Any) -> set[str]:
        found: set[str] = set()
        for selection in getattr(getattr(node, "selection_set", None), "selections", None) or ():
            if isinstance(selection, FragmentSpreadNode):
                found.add(selection.name.value)
            found |= spreads(selection)
        return found

    operations = {}
    for operation in definitions:
        if not isinstance(operation, OperationDefinitionNode) or operation.name is None:
            continue
        needed: set[str] = set()
        pending = spreads(operation)
        while pending:
            name = pending.pop()
            if name not in needed:
                needed.add(name)
                pending |= spreads(fragments[name])
        document = DocumentNode(definitions=(operation, *(fragments[n] for n in sorted(needed))))
        operations[operation.name.value] = print_ast(document)
    return operations


def outcome(status: int, body: Any) -> str | None:
    """The error code of one response (None: it succeeded): the HTTP status when it is not 200, else
    the first GraphQL error's code, else the first code in the payload's `errors`."""
    if status != 200:
        codes = [e.get("extensions", {}).get("code") for e in (body or {}).get("errors") or []]
        return f"HTTP {status}" + (f" {codes[0]}" if codes and codes[0] else "")
    if errors := body.get("errors"):
        return str(errors[0].get("extensions", {}).get("code") or "GRAPHQL_ERROR")
    for payload in (body.get("data") or {}).values():
        if isinstance(payload, dict) and payload.get("errors"):
            return str(payload["errors"][0]["code"])
    return None


def is_failure(code: str) -> bool:
    return code != RATE_LIMITED and code not in EXPECTED


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    codes: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def record(self, operation: str, ms: float, code: str | None) -> None:
        self.latencies[operation].append(ms)
        if code:
            self.codes[operation][code] += 1


def report(stats: Stats, elapsed: float, floor: list[float] | None = None) -> list[str]:
    """The latency table: one row per operation, then the totals (throughput, error rate)."""
    lines = [
        f"{'operation':<26} {'count':>6} {'p50 ms':>8} {'p99 ms':>8} {'failed':>6} {'limited':>7}"
        f"  {'errors by code'}"
    ]
    total = failed = limited = 0
    for operation in sorted(stats.latencies):
        values, codes = stats.latencies[operation], stats.codes[operation]
        bad = sum(n for code, n in codes.items() if is_failure(code))
        held = codes.get(RATE_LIMITED, 0)
        total, failed, limited = total + len(values), failed + bad, limited + held
        by_code = ", ".join(f"{code} {n}" for code, n in sorted(codes.items()))
        lines.append(
            f"{operation:<26} {len(values):>6} {percentile(values, 50):>8.1f} {percentile(values, 99):>8.1f}"
            f" {bad:>6} {held:>7}  {by_code}"
        )
    if floor:
        lines.append(
            f"{'GET /healthz (the floor)':<26} {len(floor):>6} {percentile(floor, 50):>8.1f}"
            f" {percentile(floor, 99):>8.1f}"
        )
    everything = [v for values in stats.latencies.values() for v in values]
    lines.append(
        f"{'all operations':<26} {total:>6} {percentile(everything, 50):>8.1f}"
        f" {percentile(everything, 99):>8.1f} {failed:>6} {limited:>7}"
    )
    rate = total / elapsed if elapsed else 0.0
    lines.append(
        f"throughput {rate:.1f} ops/s over {elapsed:.0f} s; error rate {failed / max(total, 1):.2%}"
        f" (goal 0%); RATE_LIMITED {limited / max(total, 1):.2%} of operations"
    )
    return lines


def slope_per_minute(samples: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, MiB) samples, in MiB per minute."""
    if len(samples) < 2:
        return 0.0
    xs, ys = [s for s, _ in samples], [m for _, m in samples]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if not spread:
        return 0.0
    return 60 * sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


def memory_report(
    samples: dict[int, list[tuple[float, float]]], warmup: float, supervisor: int | None = None
) -> list[str]:
    """Per API worker: RSS after warm-up, at the end, growth after warm-up and its slope, and the verdict
    (the supervisor, `mentormatch serve` itself, is shown too but serves nothing)."""
    lines = [
        f"{'process':<18} {'samples':>7} {'warm MiB':>9} {'final MiB':>9} {'growth MiB':>10}"
        f" {'MiB/min':>8} {'2nd half':>8}"
        f"  verdict (goal: flat, under {FLAT_MIB_PER_MINUTE} MiB/min after warm-up)"
    ]
    for pid, series in sorted(samples.items()):
        after = [(t, mib) for t, mib in series if t >= warmup] or series[-1:]
        warm, final = after[0][1], series[-1][1]
        slope = slope_per_minute(after)
        # The slope over the soak's second half shows whether a growth levels off (an allocator warming
        # up to the variety of the model's input shapes) or keeps on (a leak).
        late = slope_per_minute([(t, mib) for t, mib in series if t >= series[-1][0] / 2])
        verdict = "flat" if slope < FLAT_MIB_PER_MINUTE else "GROWING"
        name = f"supervisor {pid}" if pid == supervisor else f"API worker {pid}"
        lines.append(
            f"{name:<18} {len(series):>7} {warm:>9.1f} {final:>9.1f} {final - warm:>+10.1f}"
            f" {slope:>+8.2f} {late:>+8.2f}  {verdict}"
        )
    lines.append("RSS (MiB) at each minute, from the start of the load:")
    for pid, series in sorted(samples.items()):
        minutes = [next(mib for t, mib in series if t >= 60 * m) for m in range(int(series[-1][0] // 60) + 1)]
        lines.append(f"  {pid}: " + " ".join(f"{mib:.0f}" for mib in [*minutes, series[-1][1]]))
    return lines


class Participant:
    """One signed-in browser: its cookie jar, CSRF token, subscription and what it knows of its state."""

    def __init__(self, n: int, base: str, operations: dict[str, str], stats: Stats, mentor: bool) -> None:
        self.n, self.mentor, self.base = n, mentor, base
        self.operations, self.stats = operations, stats
        # Idle connections are dropped before uvicorn's 5-s keep-alive ends, as browsers do, so a request
        # never races the server closing the connection it is sent on (a ReadError that is nobody's fault).
        self.http = httpx.AsyncClient(
            base_url=base, timeout=60, headers={"Origin": base}, limits=httpx.Limits(keepalive_expiry=4.0)
        )
        self.email = f"load{n}-{uuid.uuid4().hex[:6]}@bench.example"
        self.id = ""
        self.objectives: list[str] = []
        self.pushed: list[float] = []  # seconds from a notification's createdAt to its arrival
        self.subscribed = asyncio.Event()
        self.subscription_error: str | None = None
        self.new_text = 0.2  # share of searches in words not seen before

    async def call(self, name: str, variables: dict[str, Any] | None = None, label: str = "") -> Any:
        document = self.operations[name]
        headers = {}
        if document.lstrip().startswith("mutation"):
            headers["X-CSRF-Token"] = self.http.cookies.get("mm_csrf") or ""
        started = time.perf_counter()
        try:
            response = await self.http.post(
                "/graphql",
                json={"operationName": name, "query": document, "variables": variables or {}},
                headers=headers,
            )
            status, body = response.status_code, response.json()
        except (httpx.HTTPError, ValueError) as exc:
            status, body = 0, {"errors": [{"extensions": {"code": type(exc).__name__}}]}
        code = outcome(status, body)
        self.stats.record(label or name, (time.perf_counter() - started) * 1000, code)
        return None if status != 200 else body.get("data")

    async def sign_up(self, rng: random.Random) -> None:
        data = await self.call(
            "SignUp",
            {
                "input": {
                    "email": self.email,
                    "password": PASSWORD,
                    "displayName": f"Load participant {self.n}",
                }
            },
        )
        if not data or data["register"]["errors"]:
            raise RuntimeError(f"sign-up failed: {data}")
        self.id = data["register"]["user"]["id"]
        profile = {k: v for k, v in participant(self.n, rng, mentor=self.mentor).items() if k != "email"}
        profile.pop("displayName")
        if self.mentor:
            profile["capacity"] = 20
        self.objectives = profile["objectives"]
        data = await self.call("UpdateMyProfile", {"input": profile})
        if not data or data["updateMyProfile"]["errors"]:
            raise RuntimeError(f"profile update failed: {data}")
        # Back another day: sign in again, which replaces the session cookie and its CSRF token.
        data = await self.call("SignIn", {"input": {"email": self.email, "password": PASSWORD}})
        if not data or data["login"]["errors"]:
            raise RuntimeError(f"sign-in failed: {data}")

    async def subscribe(self, stop: asyncio.Event) -> None:
        """Hold one notificationReceived subscription, signed in by the session cookie, until `stop`."""
        url = self.base.replace("http", "ws", 1) + "/graphql"
        try:
            async with aconnect_ws(
                url,
                self.http,
                subprotocols=["graphql-transport-ws"],
                session_class=AsyncWebSocketSession,
                headers={"Origin": self.base},
            ) as ws:
                await ws.send_json({"type": "connection_init", "payload": {}})
                if (ack := await ws.receive_json(timeout=30))["type"] != "connection_ack":
                    raise RuntimeError(f"no connection_ack: {ack}")
                query = self.operations["NotificationReceived"]
                await ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": query}})
                self.subscribed.set()
                while not stop.is_set():
                    with contextlib.suppress(TimeoutError):
                        message = await ws.receive_json(timeout=1)
                        if message["type"] == "ping":
                            await ws.send_json({"type": "pong"})
                        elif message["type"] == "next" and "data" in message["payload"]:
                            created = message["payload"]["data"]["notificationReceived"]["createdAt"]
                            delay = datetime.now(UTC) - datetime.fromisoformat(created)
                            self.pushed.append(delay.total_seconds())
                        elif message["type"] in ("error", "complete"):
                            raise RuntimeError(f"subscription ended: {message}")
        except Exception as exc:  # the report counts it; the run goes on
            self.subscription_error = f"{type(exc).__name__}: {exc}"[:200]
            self.subscribed.set()

    async def notifications(self, rng: random.Random) -> None:
        data = await self.call("Notifications", {"first": 20, "after": None})
        if not data:
            return
        unread = [e["node"]["id"] for e in data["notifications"]["edges"] if not e["node"]["read"]]
        if unread:
            ids = unread if rng.random() < 0.5 else None
            await self.call("MarkNotificationsRead", {"input": {"ids": ids} if ids else {"all": True}})

    async def my_mentorships(self) -> list[dict[str, Any]]:
        data = await self.call("MyMentorships", {"status": ["ACTIVE"], "first": 20, "after": None})
        return [e["node"] for e in data["myMentorships"]["edges"]] if data else []

    async def check_in(self, mentorship_id: str, rng: random.Random, *, may_end: bool) -> None:
        """Open the mentorship's page; check in when it says so, log a meeting, maybe end it."""
        data = await self.call("MentorshipPage", {"id": mentorship_id})
        page = data and data["mentorship"]
        if not page or page["status"] != "ACTIVE":
            return
        if page["canGiveFeedback"] and (page["feedbackDue"] or not page["feedback"]):
            progress = [{"objective": o, "progress": rng.randint(0, 100)} for o in page["objectives"]]
            await self.call(
                "SubmitFeedback",
                {
                    "input": {
                        "mentorshipId": mentorship_id,
                        "rating": rng.randint(3, 5),
                        "goodFit": rng.random() < 0.9,
                        "objectiveProgress": progress or None,
                        "comment": "Useful session, thanks.",
                    }
                },
            )
        elif rng.random() < 0.5:
            await self.call(
                "LogSession",
                {
                    "input": {
                        "mentorshipId": mentorship_id,
                        "heldOn": date.today().isoformat(),
                        "minutes": rng.choice([30, 45, 60]),
                        "note": "Went through the objectives.",
                    }
                },
            )
        elif may_end and rng.random() < 0.3:
            await self.call("EndMentorship", {"input": {"id": mentorship_id, "outcome": "COMPLETED"}})

    async def mentee_step(self, rng: random.Random, mentors: list[str]) -> None:
        action = rng.choices(
            ["search", "recommend", "bell", "notifications", "mentorship"], [25, 20, 20, 15, 20]
        )[0]
        if action == "search":
            text = rng.choice(SEARCHES).format(t=rng.choice(TOPICS))
            if rng.random() < self.new_text:  # a phrasing nobody used before: embedded by the model
                text += f" {rng.choice(OBJECTIVES)}"
            await self.call("MentorMatches", self.match_variables(text), label="MentorMatches (search)")
        elif action == "recommend":
            await self.call("MentorMatches", self.match_variables(None))
        elif action == "bell":
            await self.call("UnreadNotificationCount")
        elif action == "notifications":
            await self.notifications(rng)
        elif active := await self.my_mentorships():
            await self.check_in(active[0]["id"], rng, may_end=True)
        else:
            mentor = rng.choice(mentors)
            await self.call("MentorProfile", {"id": mentor})
            pending = await self.call("PendingRequestsWith")
            if pending and not pending["outgoingMentorshipRequests"]["edges"]:
                await self.call(
                    "RequestMentorship",
                    {
                        "input": {
                            "mentorId": mentor,
                            "message": "Hello! I would like to learn from you.",
                            "objectives": self.objectives,
                        }
                    },
                )

    async def mentor_step(self, rng: random.Random) -> None:
        action = rng.choices(
            ["incoming", "matches", "bell", "notifications", "mentorships"], [35, 10, 20, 15, 20]
        )[0]
        if action == "incoming":
            data = await self.call("IncomingRequests", {"first": 20, "after": None})
            for edge in data["requests"]["edges"] if data else []:
                request = edge["node"]
                if request["status"] != "PENDING":
                    continue
                if rng.random() < 0.75:
                    await self.call("AcceptMentorshipRequest", {"id": request["id"]})
                else:
                    await self.call(
                        "DeclineMentorshipRequest", {"id": request["id"], "reason": "Fully booked."}
                    )
        elif action == "matches":
            await self.call("MenteeMatches", {"first": 10, "after": None, "withCount": True})
        elif action == "bell":
            await self.call("UnreadNotificationCount")
        elif action == "notifications":
            await self.notifications(rng)
        elif active := await self.my_mentorships():
            await self.check_in(rng.choice(active)["id"], rng, may_end=False)

    @staticmethod
    def match_variables(query: str | None) -> dict[str, Any]:
        return {"query": query, "first": 10, "after": None, "filter": None, "withCount": True}

    async def run(self, deadline: float, mentors: list[str], think: float) -> None:
        rng = random.Random(self.n)
        while time.perf_counter() < deadline:
            await asyncio.sleep(rng.expovariate(1 / think))
            if self.mentor:
                await self.mentor_step(rng)
            else:
                await self.mentee_step(rng, mentors)


def api_workers(server: psutil.Process) -> list[psutil.Process]:
    """The uvicorn worker processes under `mentormatch serve` (spawned by multiprocessing)."""
    workers = []
    for child in server.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if any("spawn_main" in part for part in child.cmdline()):
                workers.append(child)
    return workers


def cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            total += times.user + times.system
    return total


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine spent on anything but idling, over all cores."""
    times = psutil.cpu_times()
    return float(sum(times) - times.idle - getattr(times, "iowait", 0.0))


async def sample_memory(
    server: psutil.Process, every: float, stop: asyncio.Event, samples: dict[int, list[tuple[float, float]]]
) -> None:
    began = time.perf_counter()
    while not stop.is_set():
        for worker in [server, *api_workers(server)]:
            with contextlib.suppress(psutil.Error):
                samples[worker.pid].append((time.perf_counter() - began, worker.memory_info().rss / 2**20))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every)


async def healthz(
    http: httpx.AsyncClient, count: int, every: float = 0.0, deadline: float = float("inf")
) -> list[float]:
    """Latencies (ms) of a request that does no work: the cost of HTTP itself, the floor."""
    latencies: list[float] = []
    for _ in range(count):
        if time.perf_counter() > deadline:
            break
        started = time.perf_counter()
        (await http.get("/healthz")).raise_for_status()
        latencies.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(every)
    return latencies


@contextlib.contextmanager
def serving(url: str, port: int, workers: int, lift_limits: bool) -> Iterator[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET_KEY,
        "MENTORMATCH_ENV": "production",
        "MENTORMATCH_LOG_LEVEL": "WARNING",
        "MENTORMATCH_COOKIE_SECURE": "false",  # plain HTTP on 127.0.0.1: a Secure cookie would not come back
    }
    if lift_limits:
        env |= {f"MENTORMATCH_RATE_LIMIT_{name}_PER_ACCOUNT": "100000/1d" for name in ACCOUNT_LIMITS}
    mentormatch = str(Path(sys.executable).parent / "mentormatch")
    server = subprocess.Popen(
        [mentormatch, "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        yield server
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            _, stderr = server.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            _, stderr = server.communicate()
        logged = stderr.decode(errors="replace").strip().splitlines()
        problems = [
            line
            for line in logged
            if any(w in line for w in ("WARNING", "ERROR", "Traceback")) and "no built frontend" not in line
        ]
        print(f"\nserver log: {len(logged)} lines, {len(problems)} warnings, errors or tracebacks")
        for line in problems[:20]:
            print(f"  {line[:300]}")


async def notifications_written(url: str, user_ids: list[str], since: datetime) -> int:
    connection = await asyncpg.connect(libpq(url))
    try:
        return int(
            await connection.fetchval(
                "SELECT count(*) FROM notifications WHERE user_id = ANY($1::uuid[]) AND created_at >= $2",
                user_ids,
                since,
            )
        )
    finally:
        await connection.close()


async def measure(url: str, args: argparse.Namespace) -> None:
    operations = webapp_operations()
    embedder = Embedder.load(os.environ.get("EMBEDDING_MODEL"))
    await seed_mentors(url, embedder, args.mentors)
    del embedder
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    duration = args.soak or args.duration
    with serving(url, port, args.workers, args.no_rate_limits) as server:
        async with httpx.AsyncClient(base_url=base) as http:
            for _ in range(480):
                with contextlib.suppress(httpx.HTTPError):
                    if (await http.get("/readyz")).status_code == 200:
                        break
                await asyncio.sleep(0.5)
            else:
                raise RuntimeError("server did not become ready")
            quiet_floor = await healthz(http, 200)

            setup = Stats()
            mentors_count = max(1, args.participants // 4)
            people = [
                Participant(n, base, operations, setup, mentor=n < mentors_count)
                for n in range(args.participants)
            ]
            started = time.perf_counter()
            rng = random.Random(5)
            for group in range(0, len(people), 8):  # eight sign-ups at a time, like a kickoff
                await asyncio.gather(*(p.sign_up(rng) for p in people[group : group + 8]))
            print(
                f"signed up {len(people)} participants ({mentors_count} mentors) in"
                f" {time.perf_counter() - started:.0f} s",
                flush=True,
            )
            stop = asyncio.Event()
            subscribed_at = datetime.now(UTC)
            subscriptions = [asyncio.create_task(p.subscribe(stop)) for p in people]
            await asyncio.gather(*(p.subscribed.wait() for p in people))

            stats = Stats()
            for person in people:
                person.stats, person.new_text = stats, args.new_text
            mentor_ids = [p.id for p in people if p.mentor]
            samples: dict[int, list[tuple[float, float]]] = defaultdict(list)
            process = psutil.Process(server.pid)
            sampler = asyncio.create_task(sample_memory(process, args.sample, stop, samples))
            print(
                f"running {duration:.0f} s: {len(people)} participants, think time {args.think} s,"
                f" {args.workers} API workers, {args.mentors} generated mentors,"
                f" rate limits {'lifted' if args.no_rate_limits else 'the defaults'}",
                flush=True,
            )
            workers_cpu, client_cpu = cpu_seconds(api_workers(process)), cpu_seconds([psutil.Process()])
            busy = machine_busy_seconds()
            started = time.perf_counter()
            deadline = started + duration
            floor_task = asyncio.create_task(healthz(http, int(duration) + 1, every=1.0, deadline=deadline))
            await asyncio.gather(*(p.run(deadline, mentor_ids, args.think) for p in people))
            elapsed = time.perf_counter() - started
            workers_cpu = cpu_seconds(api_workers(process)) - workers_cpu
            client_cpu = cpu_seconds([psutil.Process()]) - client_cpu
            busy = machine_busy_seconds() - busy
            floor = await floor_task
            await asyncio.sleep(2)  # the last pushes arrive
            stop.set()
            await asyncio.gather(*subscriptions, sampler, return_exceptions=True)
        for person in people:
            await person.http.aclose()
        written = await notifications_written(url, [p.id for p in people], subscribed_at)

    print(f"\nsign-up (setup, {len(people)} participants)")
    print("\n".join(report(setup, 0)[:-1]))
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nmixed workload, {len(people)} participants, {os.cpu_count()} cores, load average {load}")
    print("\n".join(report(stats, elapsed, floor)))
    cores = os.cpu_count() or 1
    print(
        f"CPU over the run ({elapsed * cores:.0f} core-seconds on {cores} cores): API workers"
        f" {workers_cpu:.0f} s, this load client {client_cpu:.0f} s, everything else (PostgreSQL, other"
        f" work on the machine) {max(busy - workers_cpu - client_cpu, 0):.0f} s, idle"
        f" {max(elapsed * cores - busy, 0):.0f} s"
    )
    print(
        f"GET /healthz before the load: p50 {percentile(quiet_floor, 50):.1f} ms,"
        f" p99 {percentile(quiet_floor, 99):.1f} ms"
    )
    pushed = [d for p in people for d in p.pushed]
    broken = [p.subscription_error for p in people if p.subscription_error]
    print(
        f"notifications: {written} written to the load participants, {len(pushed)} pushed over"
        f" {len(people) - len(broken)} open subscriptions ({len(pushed) / max(written, 1):.1%});"
        f" push delay after createdAt p50 {1000 * percentile(pushed, 50):.0f} ms,"
        f" p99 {1000 * percentile(pushed, 99):.0f} ms"
    )
    for error in sorted(set(broken))[:5]:
        print(f"  subscription lost: {error}")
    if args.soak:
        print(f"\nmemory of each API worker, sampled every {args.sample:.0f} s, warm-up {args.warmup:.0f} s")
        print("\n".join(memory_report(samples, args.warmup, supervisor=server.pid)))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--participants", type=int, default=40, help="signed-in participants (a quarter mentors)"
    )
    parser.add_argument("--duration", type=float, default=90.0, help="seconds of mixed workload")
    parser.add_argument("--soak", type=float, default=0.0, help="seconds of soak (sampling worker RSS)")
    parser.add_argument("--warmup", type=float, default=120.0, help="soak: seconds before growth counts")
    parser.add_argument("--sample", type=float, default=10.0, help="soak: seconds between RSS samples")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds between a participant's actions"
    )
    parser.add_argument(
        "--new-text", type=float, default=0.2, help="share of searches the model must embed (new words)"
    )
    parser.add_argument("--mentors", type=int, default=3000, help="generated mentors in the database")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-rate-limits", action="store_true", help="lift the per-account rate limits")
    args = parser.parse_args()
    with benchmark_database(fresh=True) as url:
        asyncio.run(measure(url, args))


if __name__ == "__main__":
    main()
