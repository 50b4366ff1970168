"""The real `mentormatch` command, run as operators run it: as a subprocess, on a TCP port, with signals.

Each test starts the console script with a copy of this environment (minus DATABASE_URL unless the
test sets one), a data dir and a working directory of its own (so no `.env` is picked up).
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import psutil
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from mentormatch.db.engine import create_engine
from mentormatch.db.preflight import check_database
from tests.conftest import TEST_EXPORT_DIR, PostgresServer
from tests.integration.test_prune import KEPT, REMOVED, Rows

CLI = Path(sys.executable).parent / "mentormatch"
REPO_ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT = 240.0  # a bound for a stuck start, not a speed check (initdb + model under load: 90 s seen)
STOP_TIMEOUT = 30.0
COMMAND_TIMEOUT = 60.0

EMAIL = "keep@example.com"
PASSWORD = "a-long-unusual-passphrase-42"
REGISTER = (
    f'mutation {{ register(input: {{email: "{EMAIL}", password: "{PASSWORD}", displayName: "Keeper"}}) '
    "{ user { id } errors { code } } }"
)
LOGIN = (
    f'mutation {{ login(input: {{email: "{EMAIL}", password: "{PASSWORD}"}}) {{ token errors {{ code }} }} }}'
)


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on (right now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def cli_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    env.update(
        MENTORMATCH_ENV="development",
        MENTORMATCH_DATA_DIR=str(tmp_path / "data"),
        MENTORMATCH_FRONTEND_DIR=str(tmp_path),
        MENTORMATCH_EMBEDDING_CACHE_DIR=str(TEST_EXPORT_DIR),
    )
    env.update(overrides)
    return env


def _default_sigint() -> None:
    # A shell may start us with SIGINT ignored, which children inherit; the CLI should see Ctrl-C as a
    # terminal delivers it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def is_running(pid: int) -> bool:
    """Alive and not a zombie (PID 1 in a container may be slow to reap orphaned postgres processes)."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def pgdata(tmp_path: Path) -> Path:
    return (tmp_path / "data" / "postgres").resolve()


def postmaster_pid(tmp_path: Path) -> int | None:
    pid_file = pgdata(tmp_path) / "postmaster.pid"
    if not pid_file.exists():
        return None
    first_line = pid_file.read_text().splitlines()[:1]
    return int(first_line[0]) if first_line and first_line[0].strip().isdigit() else None


async def wait_until_gone(pid: int, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while is_running(pid):
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.1)
    return True


def error_lines(stderr: str) -> list[str]:
    """click's one-line errors; log lines share stderr but start with a date."""
    return [line for line in stderr.splitlines() if line.startswith("Error:")]


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str
    seconds: float


async def run_cli(*args: str, env: dict[str, str], cwd: Path) -> Result:
    """Run a command that is expected to finish by itself."""
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(
        str(CLI),
        *args,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), COMMAND_TIMEOUT)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode is not None
    return Result(process.returncode, stdout.decode(), stderr.decode(), time.monotonic() - started)


class Server:
    """One `mentormatch serve` process; its output goes to files so a chatty server never blocks."""

    def __init__(self, tmp_path: Path, env: dict[str, str], name: str) -> None:
        self.tmp_path = tmp_path
        self.env = env
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.stdout_path = tmp_path / f"{name}.stdout"
        self.stderr_path = tmp_path / f"{name}.stderr"
        self.process: asyncio.subprocess.Process | None = None

    async def start(self, *extra: str) -> None:
        with self.stdout_path.open("wb") as stdout, self.stderr_path.open("wb") as stderr:
            self.process = await asyncio.create_subprocess_exec(
                str(CLI),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                *extra,
                env=self.env,
                cwd=self.tmp_path,
                stdout=stdout,
                stderr=stderr,
                preexec_fn=_default_sigint,
            )

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""

    async def wait_ready(self) -> dict[str, Any]:
        assert self.process is not None
        deadline = time.monotonic() + READY_TIMEOUT
        last = "no answer"
        async with httpx.AsyncClient(base_url=self.base_url, timeout=5) as client:
            while time.monotonic() < deadline:
                if self.process.returncode is not None:
                    pytest.fail(f"serve exited with {self.process.returncode} before ready:\n{self.stderr()}")
                try:
                    response = await client.get("/readyz")
                except httpx.TransportError as exc:
                    last = repr(exc)
                else:
                    if response.status_code == 200:
                        body: dict[str, Any] = response.json()
                        return body
                    last = f"{response.status_code} {response.text}"
                await asyncio.sleep(0.25)
        pytest.fail(f"serve not ready after {READY_TIMEOUT}s ({last}):\n{self.stderr()}")

    async def graphql(self, query: str) -> dict[str, Any]:
        async with httpx.AsyncClient(base_url=self.base_url, timeout=30) as client:
            response = await client.post("/graphql", json={"query": query})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        assert not body.get("errors"), body
        data: dict[str, Any] = body["data"]
        return data

    async def stop(self, signum: int) -> int:
        """Send `signum`; the exit code (the test fails if the process does not exit in time)."""
        assert self.process is not None
        self.process.send_signal(signum)
        try:
            return await asyncio.wait_for(self.process.wait(), STOP_TIMEOUT)
        except TimeoutError:
            pytest.fail(
                f"serve still running {STOP_TIMEOUT}s after {signal.Signals(signum).name}:\n{self.stderr()}"
            )

    async def kill_leftovers(self) -> None:
        """Whatever happened, leave no server and no PostgreSQL of this data dir running."""
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()
        pid = postmaster_pid(self.tmp_path)
        if pid is not None and is_running(pid):
            os.kill(pid, signal.SIGINT)  # PostgreSQL's "fast" shutdown
            if not await wait_until_gone(pid):
                os.kill(pid, signal.SIGKILL)


@asynccontextmanager
async def serving(tmp_path: Path, env: dict[str, str], name: str = "serve") -> AsyncIterator[Server]:
    server = Server(tmp_path, env, name)
    try:
        await server.start()
        yield server
    finally:
        await server.kill_leftovers()


async def test_embedded_postgres_runs_with_the_server_keeps_data_and_stops_on_sigterm_and_sigint(
    tmp_path: Path,
) -> None:
    env = cli_env(tmp_path)

    async with serving(tmp_path, env, "first") as server:
        assert (await server.wait_ready())["database"] is True
        pg_pid = postmaster_pid(tmp_path)
        assert pg_pid is not None, "no postmaster.pid in the data dir"
        assert is_running(pg_pid)
        assert str(pgdata(tmp_path)) in psutil.Process(pg_pid).cmdline()

        registered = (await server.graphql(REGISTER))["register"]
        assert registered["errors"] == []
        assert registered["user"]["id"]

        code = await server.stop(signal.SIGTERM)
        stderr = server.stderr()
    # uvicorn shuts down gracefully, then re-raises SIGTERM, which the CLI turns into SystemExit(128 + 15)
    # so PostgreSQL is stopped on the way out.
    assert code == 143, stderr
    assert "Traceback" not in stderr
    assert "stopping embedded PostgreSQL" in stderr
    assert await wait_until_gone(pg_pid), "the embedded PostgreSQL outlived the server"
    assert not (pgdata(tmp_path) / "postmaster.pid").exists(), "PostgreSQL was not shut down cleanly"

    async with serving(tmp_path, env, "second") as server:
        await server.wait_ready()
        second_pg_pid = postmaster_pid(tmp_path)
        assert second_pg_pid is not None
        signed_in = (await server.graphql(LOGIN))["login"]
        assert signed_in["errors"] == []
        assert signed_in["token"]

        code = await server.stop(signal.SIGINT)
        stderr = server.stderr()
    # Ctrl-C: uvicorn swallows the KeyboardInterrupt it re-raises after its graceful shutdown.
    assert code == 0, stderr
    assert "Traceback" not in stderr
    assert await wait_until_gone(second_pg_pid), "the embedded PostgreSQL outlived the server"
    assert not (pgdata(tmp_path) / "postmaster.pid").exists()


async def test_sigterm_during_startup_stops_the_embedded_postgres(tmp_path: Path) -> None:
    async with serving(tmp_path, cli_env(tmp_path)) as server:
        deadline = time.monotonic() + READY_TIMEOUT
        while "embedded PostgreSQL running" not in server.stderr():
            assert server.process is not None and server.process.returncode is None, server.stderr()
            assert time.monotonic() < deadline, server.stderr()
            await asyncio.sleep(0.02)
        pg_pid = postmaster_pid(tmp_path)
        assert pg_pid is not None

        code = await server.stop(signal.SIGTERM)
        stderr = server.stderr()
    assert code == 143, stderr
    assert "Traceback" not in stderr
    assert "Uvicorn running" not in stderr
    assert await wait_until_gone(pg_pid), "the embedded PostgreSQL outlived the server"


async def test_serve_with_database_url_starts_no_embedded_postgres(tmp_path: Path, database_url: str) -> None:
    async with serving(tmp_path, cli_env(tmp_path, DATABASE_URL=database_url)) as server:
        assert await server.wait_ready() == {"status": "ready", "database": True, "embeddingModel": True}
        assert not (tmp_path / "data" / "postgres").exists()
        code = await server.stop(signal.SIGTERM)
        stderr = server.stderr()
    assert code == 143, stderr
    assert "Traceback" not in stderr
    assert "embedded PostgreSQL" not in stderr


async def test_unreachable_database_is_a_one_line_error(tmp_path: Path) -> None:
    url = f"postgresql+asyncpg://nobody:x@127.0.0.1:{free_port()}/nope"
    env = cli_env(tmp_path, DATABASE_URL=url)

    result = await run_cli("serve", "--port", str(free_port()), env=env, cwd=tmp_path)

    assert result.returncode == 1, result.stderr
    assert result.seconds < 20, "a refused connection should fail fast"
    errors = error_lines(result.stderr)
    assert len(errors) == 1, result.stderr
    assert "cannot connect" in errors[0]
    assert "nobody:x@" not in result.stderr, "the password must not be printed"
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "data" / "postgres").exists()


async def test_unmigrated_database_is_refused_until_migrate_runs(
    tmp_path: Path, postgres: PostgresServer
) -> None:
    name = f"cli_unmigrated_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(postgres.libpq_url("postgres"))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    url = postgres.url(name)
    env = cli_env(tmp_path, DATABASE_URL=url)

    refused = await run_cli("serve", "--port", str(free_port()), env=env, cwd=tmp_path)
    assert refused.returncode == 1, refused.stderr
    errors = error_lines(refused.stderr)
    assert len(errors) == 1, refused.stderr
    assert "`mentormatch migrate`" in errors[0]
    assert "Traceback" not in refused.stderr

    for _ in range(2):  # migrating twice is harmless
        migrated = await run_cli("migrate", env=env, cwd=tmp_path)
        assert migrated.returncode == 0, migrated.stderr
        assert "database is up to date" in migrated.stdout
        assert "Traceback" not in migrated.stderr
    await check_database(url, require_head=True)  # what serve checks before starting


async def test_migrate_builds_the_vector_indexes_a_killed_import_left_dropped(
    tmp_path: Path, database_url: str, postgres: PostgresServer
) -> None:
    libpq = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(libpq)
    try:
        await connection.execute("DROP INDEX ix_profile_items_expertise_embedding")
        result = await run_cli("migrate", env=cli_env(tmp_path, DATABASE_URL=database_url), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "built missing vector indexes: ix_profile_items_expertise_embedding" in result.stdout
        assert await connection.fetchval(
            "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_profile_items_expertise_embedding'"
        )
    finally:
        await connection.close()


async def test_unloadable_embedding_model_is_a_one_line_error(tmp_path: Path, database_url: str) -> None:
    env = cli_env(tmp_path, DATABASE_URL=database_url, EMBEDDING_MODEL="/nonexistent/model")

    result = await run_cli("serve", "--port", str(free_port()), env=env, cwd=tmp_path)

    assert result.returncode == 1, result.stderr
    errors = error_lines(result.stderr)
    assert len(errors) == 1, result.stderr
    assert "embedding model" in errors[0]
    assert "/nonexistent/model" in errors[0]
    assert "Traceback" not in result.stderr


async def test_with_workers_an_unloadable_model_is_still_a_one_line_error(
    tmp_path: Path, database_url: str
) -> None:
    env = cli_env(tmp_path, DATABASE_URL=database_url, EMBEDDING_MODEL="/nonexistent/model")

    result = await run_cli("serve", "--port", str(free_port()), "--workers", "2", env=env, cwd=tmp_path)

    assert result.returncode == 1, result.stderr
    errors = error_lines(result.stderr)
    assert len(errors) == 1, result.stderr
    assert "embedding model" in errors[0] and "/nonexistent/model" in errors[0]
    assert "Traceback" not in result.stderr
    assert "Uvicorn running" not in result.stderr


def _holds_torch(process: psutil.Process) -> bool:
    return any("libtorch" in mapping.path for mapping in process.memory_maps())


async def test_with_workers_only_the_workers_hold_the_model(tmp_path: Path, database_url: str) -> None:
    """`serve --workers 2` checks the model in a short-lived process: the supervisor, which serves
    nothing, used to keep the model and torch (about 250 MiB of its own) for its whole life."""
    server = Server(tmp_path, cli_env(tmp_path, DATABASE_URL=database_url), "workers")
    try:
        await server.start("--workers", "2")
        assert (await server.wait_ready())["embeddingModel"] is True
        supervisor = psutil.Process(server.pid)
        deadline = time.monotonic() + READY_TIMEOUT
        while True:  # the second worker may still be starting when the first answers
            workers = [c for c in supervisor.children() if any("spawn_main" in a for a in c.cmdline())]
            if len(workers) == 2 and all(_holds_torch(w) for w in workers):
                break
            assert time.monotonic() < deadline, server.stderr()
            await asyncio.sleep(0.25)
        assert not _holds_torch(supervisor)
        await server.stop(signal.SIGTERM)
        assert "Traceback" not in server.stderr()
    finally:
        await server.kill_leftovers()


async def test_export_schema_prints_the_sdl(tmp_path: Path) -> None:
    result = await run_cli("export-schema", "-o", "-", env=cli_env(tmp_path), cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "type Query" in result.stdout
    assert not (tmp_path / "schema.graphql").exists(), "'-' means standard output, not a file"
    committed = REPO_ROOT / "schema.graphql"
    if committed.exists():
        assert result.stdout == committed.read_text(), (
            "schema.graphql is stale: run `mentormatch export-schema`"
        )


async def test_prune_removes_old_rows_and_says_how_many(tmp_path: Path, database_url: str) -> None:
    engine = create_engine(database_url, pool_size=1)
    try:
        rows = Rows(engine)
        await rows.seed()
        result = await run_cli("prune", env=cli_env(tmp_path, DATABASE_URL=database_url), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines() == [
            f"{table}: {count} removed" for table, count in REMOVED.per_table().items()
        ]
        assert await rows.remaining() == KEPT
    finally:
        await engine.dispose()


async def test_run_duties_expires_overdue_requests_and_says_what_it_did(
    tmp_path: Path, database_url: str
) -> None:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    """
                    INSERT INTO users (id, email, display_name) VALUES
                      ('00000000-0000-0000-0000-00000000000a', 'mentor@example.com', 'Mentor'),
                      ('00000000-0000-0000-0000-00000000000b', 'mentee@example.com', 'Mentee')
                    """
                )
            )
            await connection.execute(
                text(
                    """
                    INSERT INTO mentorship_requests
                        (id, mentor_id, mentee_id, sender_id, recipient_id, message, status, expires_at)
                    VALUES (gen_random_uuid(), :mentor, :mentee, :mentee, :mentor, 'Hi', 'PENDING',
                        now() - interval '1 hour')
                    """
                ),
                {"mentor": uuid.UUID(int=10), "mentee": uuid.UUID(int=11)},
            )
        result = await run_cli("run-duties", env=cli_env(tmp_path, DATABASE_URL=database_url), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == (
            "expired_requests 1, check_ins_due 0, expiry_reminders 0, match_suggestions 0"
        )
        async with engine.connect() as connection:
            assert await connection.scalar(text("SELECT status FROM mentorship_requests")) == "EXPIRED"
            kinds = (await connection.scalars(text("SELECT kind FROM notifications ORDER BY kind"))).all()
        assert kinds == ["REQUEST_EXPIRED", "REQUEST_EXPIRED"]
    finally:
        await engine.dispose()
