"""The `mentormatch` command: serve, migrate, export-schema, seed-demo and the operators' tools."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError

from mentormatch.db.preflight import DatabaseNotReady, check_database
from mentormatch.embeddings import Embedder, EmbeddingModelError
from mentormatch.logging import configure_logging
from mentormatch.observability.metrics import MULTIPROCESS_DIR_VARIABLE, clear_multiprocess_dir
from mentormatch.settings import Settings, SettingsError

log = logging.getLogger("mentormatch")


def _load_settings() -> Settings:
    """The settings of this invocation, read from the environment now."""
    try:
        return Settings()
    except (ValidationError, SettingsError) as exc:
        raise click.ClickException(f"invalid configuration: {_one_line(exc)}") from None


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors())
    return str(exc).strip().splitlines()[0]


@contextmanager
def database(settings: Settings, *, migrate: bool) -> Iterator[str]:
    """The database URL to use: DATABASE_URL, or an embedded PostgreSQL started now and stopped after.

    The database is checked (reachable, pgvector); with `migrate` pending migrations are applied,
    otherwise the schema must already be at the newest migration.
    """
    embedded = None
    url = settings.database_url
    try:
        if url is None:
            from mentormatch.db.embedded import EmbeddedPostgres

            embedded = EmbeddedPostgres(settings.data_dir)
            try:
                url = embedded.start()
            except Exception as exc:
                raise click.ClickException(
                    f"cannot start the embedded PostgreSQL: {_one_line(exc)}"
                ) from None
        try:
            asyncio.run(check_database(url, require_head=not migrate))
        except DatabaseNotReady as exc:
            raise click.ClickException(str(exc)) from None
        if migrate:
            from mentormatch.db.migrate import upgrade_to_head

            upgrade_to_head(url)
        yield url
    finally:
        if embedded is not None:
            embedded.stop()


def _load_embedder(settings: Settings) -> Embedder:
    from mentormatch.db.vector import EMBEDDING_DIMENSIONS

    try:
        embedder = Embedder.load(
            settings.embedding_model,
            batch_size=settings.embedding_batch_size,
            queue_size=settings.embedding_queue_size,
            backend=settings.embedding_backend,
            cache_dir=settings.embedding_export_dir,
            threads=settings.encoder_threads(),
        )
        embedder.check_dimensions(EMBEDDING_DIMENSIONS)
    except EmbeddingModelError as exc:
        raise click.ClickException(str(exc)) from None
    return embedder


def _check_embedder_apart(settings: Settings) -> None:
    """Load and check the model in a short-lived process of its own, for `serve --workers N`: a bad
    model still stops the start with one line, while the supervisor, which serves nothing, never holds
    the model and torch (about 250 MiB of private memory it would otherwise keep for its whole life)."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    checker = context.Process(target=_report_embedder_problem, args=(settings, sender), daemon=True)
    checker.start()
    sender.close()
    try:
        problem = receiver.recv()
    except EOFError:
        problem = "the embedding model check stopped unexpectedly"
    finally:
        checker.join()
    if problem:
        raise click.ClickException(problem)


def _report_embedder_problem(settings: Settings, sender: Any) -> None:
    """In the checking process: send None when the model loads and fits, else the one-line error."""
    try:
        _load_embedder(settings)
    except click.ClickException as exc:
        sender.send(exc.message)
    else:
        sender.send(None)


_received_sigterm = False


def _exit_on_sigterm(signum: int, frame: object) -> None:
    global _received_sigterm
    _received_sigterm = True
    sys.exit(128 + signum)


def _quiet_lost_sigterm(unraisable: Any) -> None:
    if not (_received_sigterm and isinstance(unraisable.exc_value, SystemExit)):
        sys.__unraisablehook__(unraisable)


def _raise_system_exit_on_sigterm() -> None:
    """SIGTERM unwinds like Ctrl-C, so `finally` blocks (stopping PostgreSQL) run."""
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    sys.unraisablehook = _quiet_lost_sigterm


def _exit_if_sigterm_was_lost() -> None:
    """Python discards an exception raised while a GC or weakref callback runs ("Exception ignored
    in ..."), so a SIGTERM during start-up can be swallowed; honour it before serving."""
    if _received_sigterm:
        sys.exit(128 + signal.SIGTERM)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mentormatch")
def cli() -> None:
    """mentormatch: reverse-mentorship matching on PostgreSQL + pgvector."""


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="API processes.")
@click.option("--demo", is_flag=True, help="Seed the demo participants if the database has none.")
def serve(host: str, port: int, workers: int, demo: bool) -> None:
    """Serve the web app and GraphQL API (starting the embedded PostgreSQL when DATABASE_URL is unset)."""
    import uvicorn

    settings = _load_settings()
    configure_logging(settings.log_level, settings.log_format)
    _raise_system_exit_on_sigterm()
    with database(settings, migrate=settings.uses_embedded_database) as url:
        settings = settings.model_copy(update={"database_url": url})
        settings.signing_key()  # in development, create the key once, before any worker races for it
        if workers == 1 or demo:
            embedder = _load_embedder(settings)
        else:
            _check_embedder_apart(settings)
        if demo:
            from mentormatch.demo import seed_demo_if_empty

            asyncio.run(seed_demo_if_empty(settings, embedder))
        log.info("serving on http://%s:%d with %d worker(s)", host, port, workers)
        common: dict[str, Any] = {
            "host": host,
            "port": port,
            "log_config": None,
            "proxy_headers": True,
            # On SIGTERM/Ctrl-C in-flight requests get this long to finish.
            "timeout_graceful_shutdown": settings.shutdown_timeout_seconds,
        }
        if workers == 1:
            from mentormatch.app import create_app
            from mentormatch.serving import GracefulServer

            app = create_app(settings, embedder=embedder)
            _exit_if_sigterm_was_lost()
            server = GracefulServer(uvicorn.Config(app, **common))
            with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is a normal stop, as in uvicorn.run
                server.run()
            if not server.started:
                sys.exit(3)  # uvicorn's start-up failure status
        else:
            # Workers are fresh processes reading the environment: hand them the (embedded) database,
            # and each its share of the cores for the encoder.
            os.environ["DATABASE_URL"] = url
            os.environ["MENTORMATCH_EMBEDDING_THREADS"] = str(settings.encoder_threads(workers))
            # The workers' metrics go to files there, so a scrape of any worker shows them all.
            os.environ[MULTIPROCESS_DIR_VARIABLE] = _metrics_dir(settings)
            if demo:
                del embedder
            _exit_if_sigterm_was_lost()
            uvicorn.run("mentormatch.app:create_worker_app", factory=True, workers=workers, **common)


def _metrics_dir(settings: Settings) -> str:
    """PROMETHEUS_MULTIPROC_DIR, else `<data dir>/metrics`, emptied of a previous run's figures (and of
    any this supervisor's own import made: it serves nothing)."""
    directory = os.environ.get(MULTIPROCESS_DIR_VARIABLE) or str((settings.data_dir / "metrics").resolve())
    clear_multiprocess_dir(directory)
    return directory


@cli.command()
def migrate() -> None:
    """Apply pending database migrations (to DATABASE_URL, or to the embedded database), and build the
    vector indexes again if an import that dropped them for its load was killed before it could."""
    from mentormatch.db.engine import create_engine, create_sessionmaker
    from mentormatch.profiles.bulk import restore_vector_indexes

    settings = _load_settings()
    configure_logging(settings.log_level, settings.log_format)
    with database(settings, migrate=True) as url:

        async def restore() -> list[str]:
            engine = create_engine(url, pool_size=1)
            try:
                return await restore_vector_indexes(create_sessionmaker(engine))
            finally:
                await engine.dispose()

        if built := asyncio.run(restore()):
            click.echo(f"built missing vector indexes: {', '.join(built)}")
        click.echo("database is up to date")


@cli.command("export-schema")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("schema.graphql"),
    show_default=True,
    help="File to write; '-' for standard output.",
)
def export_schema(output: Path) -> None:
    """Write the GraphQL schema (SDL) generated from the code."""
    from mentormatch.graphql.schema import schema_sdl

    sdl = schema_sdl()
    if str(output) == "-":
        click.echo(sdl, nl=False)
    else:
        output.write_text(sdl)
        click.echo(f"wrote {output}")


@cli.command("train-phrasing")
def train_phrasing_command() -> None:
    """Train the frame detector for the configured model and write its weights (shipped for the bundled
    model; run after changing embeddings/data/phrasing.json)."""
    from mentormatch.embeddings.phrasing import FrameDetector, weights_path

    settings = _load_settings()
    configure_logging(settings.log_level, settings.log_format)
    embedder = _load_embedder(settings)
    path = weights_path(embedder.name)
    FrameDetector.train(embedder.encode_sync, embedder.name).save(path)
    click.echo(f"wrote {path}")


@cli.command("seed-demo")
def seed_demo_command() -> None:
    """Create (or refresh) the demo participants; running it twice changes nothing."""
    from mentormatch.demo import seed_demo

    settings = _load_settings()
    configure_logging(settings.log_level, settings.log_format)
    with database(settings, migrate=settings.uses_embedded_database) as url:
        settings = settings.model_copy(update={"database_url": url})
        summary = asyncio.run(seed_demo(settings, _load_embedder(settings)))
    click.echo(summary)


@cli.command("create-admin")
@click.option("--email", required=True, help="The admin's email (an existing account is promoted).")
@click.option(
    "--password",
    help="Password; read from standard input when omitted (prompted on a terminal).",
)
@click.option("--display-name", help="Name shown in the app (new accounts only).")
def create_admin_command(email: str, password: str | None, display_name: str | None) -> None:
    """Create an admin account, or promote an existing participant. Not possible through the API."""
    from mentormatch.accounts.service import create_admin
    from mentormatch.db.engine import create_engine, create_sessionmaker
    from mentormatch.errors import InvalidInput

    if password is None:
        if sys.stdin.isatty():
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        else:
            password = sys.stdin.readline().rstrip("\n")
    settings = _load_settings()
    configure_logging(settings.log_level, settings.log_format)

    async def run(url: str) -> str:
        engine = create_engine(url, pool_size=1)
        try:
            user = await create_admin(
                create_sessionmaker(engine), email=email, password=password, display_name=display_name
            )
        finally:
            await engine.dispose()
        return user.email

    with database(settings, migrate=settings.uses_embedded_database) as url:
        try:
            admin_email = asyncio.run(run(url))
        except InvalidInput as exc:
            raise click.ClickException("; ".join(f"{f}: {m}" for f, m in exc.problems)) from None
    click.echo(f"{admin_email} is an admin")


class _ProgressBar:
    """A progress bar with count, rate and ETA, on standard error so standard output stays clean."""

    def __init__(self, description: str, total: int, unit: str) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.unit = unit
        self._progress = Progress(
            TextColumn(f"[bold]{description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("[cyan]{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
        )
        self._task = self._progress.add_task(description, total=total, rate="")
        self.started = time.perf_counter()
        self.done = 0

    def advance(self, n: int) -> None:
        self.done += n
        self._progress.update(self._task, advance=n, rate=f"{self.rate:.0f} {self.unit}/s")

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    @property
    def rate(self) -> float:
        return self.done / max(self.elapsed, 1e-9)

    def __enter__(self) -> _ProgressBar:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()


@cli.command("import")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
@click.option("--batch-size", default=200, show_default=True, type=click.IntRange(1, 5000))
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["jsonl", "csv"]),
    help="The FILE's format; default: csv for a name ending in .csv, else jsonl.",
)
@click.option(
    "--map",
    "map_options",
    multiple=True,
    metavar="FIELD=COLUMN",
    help="CSV: the column holding a field (repeatable; a list field may take several columns).",
)
@click.option(
    "--mapping",
    "mapping_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV: a TOML or JSON file of field = column pairs (a list of columns for a list field).",
)
@click.option(
    "--delimiter", type=click.Choice([",", ";", "tab"]), help="CSV: between cells; default: detected."
)
@click.option(
    "--list-separator",
    default=";",
    show_default=True,
    help="CSV: between the items of a list field within one cell (line breaks also separate them).",
)
def import_command(
    file: Any,
    batch_size: int,
    file_format: str | None,
    map_options: tuple[str, ...],
    mapping_file: Path | None,
    delimiter: str | None,
    list_separator: str,
) -> None:
    """Import participants from a JSON Lines or CSV FILE ('-' for stdin), upserting by email.

    JSON Lines: one participant per line: email, displayName, optional password, and ProfileInput's
    camelCase keys. CSV: a header, then one participant per row; --map or --mapping says which column
    holds which field (default: the columns named like one). Bad lines are reported with their number and
    skipped; running the same file twice changes nothing.
    """
    from mentormatch.db.engine import create_engine, create_sessionmaker
    from mentormatch.errors import InvalidInput
    from mentormatch.profiles.bulk import ImportStopped, ImportSummary, Row, import_participants, import_rows
    from mentormatch.profiles.csv_import import parse_mapping_options, read_csv, read_mapping_file

    if not list_separator:
        raise click.UsageError("--list-separator must not be empty.")
    is_csv = (file_format or ("csv" if str(file.name).lower().endswith(".csv") else "jsonl")) == "csv"
    rows: list[Row] | None = None
    if is_csv:
        try:
            mapping = parse_mapping_options(map_options) if map_options else None
            if mapping_file is not None:
                mapping = [*(mapping or []), *read_mapping_file(mapping_file)]
            table = read_csv(
                file.read(),
                mapping,
                delimiter="\t" if delimiter == "tab" else delimiter,
                list_separator=list_separator,
            )
        except InvalidInput as exc:
            # Refused before anything is written: a usage error (exit status 2), like a bad option.
            raise click.UsageError("; ".join(f"{f}: {m}" for f, m in exc.problems)) from None
        rows = table.rows
    elif map_options or mapping_file is not None or delimiter is not None:
        raise click.UsageError("--map, --mapping and --delimiter apply to CSV files only.")
    settings = _load_settings()
    configure_logging(settings.log_level, settings.log_format)
    lines = [] if rows is not None else file.readlines()
    total = len(rows) if rows is not None else sum(1 for line in lines if line.strip())
    stopped: ImportStopped | None = None

    with database(settings, migrate=settings.uses_embedded_database) as url:
        embedder = _load_embedder(settings)
        engine = create_engine(url, pool_size=2)

        async def run(bar: _ProgressBar) -> Any:
            db = create_sessionmaker(engine)
            try:
                if rows is not None:
                    return await import_rows(
                        db, embedder, rows, batch_size=batch_size, on_progress=bar.advance
                    )
                return await import_participants(
                    db, embedder, lines, batch_size=batch_size, on_progress=bar.advance
                )
            finally:
                await engine.dispose()

        with _ProgressBar("importing", total, "profiles") as bar:
            try:
                summary: ImportSummary = asyncio.run(run(bar))
            except ImportStopped as exc:
                stopped, summary = exc, exc.summary
    for number, reason in summary.rejected:
        click.echo(f"line {number}: {reason}", err=True)
    if stopped is not None:
        raise click.ClickException(f"import stopped at {stopped}")
    click.echo(
        f"imported {summary.imported} participant(s) in {bar.elapsed:.1f}s "
        f"({summary.imported / max(bar.elapsed, 1e-9):.0f}/s): {summary}"
    )
    if summary.rejected:
        sys.exit(1)


@cli.command()
def reindex() -> None:
    """Re-embed every profile text with the configured model; searches keep working meanwhile."""
    from mentormatch.db.engine import create_engine, create_sessionmaker
    from mentormatch.profiles.bulk import count_profiles
    from mentormatch.profiles.bulk import reindex as reindex_profiles

    settings = _load_settings()
    configure_logging(settings.log_level, settings.log_format)
    with database(settings, migrate=settings.uses_embedded_database) as url:
        embedder = _load_embedder(settings)
        engine = create_engine(url, pool_size=2)
        db = create_sessionmaker(engine)

        async def run() -> tuple[int, float]:
            try:
                with _ProgressBar("reindexing", await count_profiles(db), "profiles") as bar:
                    return await reindex_profiles(db, embedder, on_progress=bar.advance), bar.elapsed
            finally:
                await engine.dispose()

        done, elapsed = asyncio.run(run())
    click.echo(f"re-embedded {done} profile(s) in {elapsed:.1f}s with {embedder.name}")


@cli.command("run-duties")
def run_duties_command() -> None:
    """Do now what time brings (what each API process does every MENTORMATCH_REMINDER_INTERVAL_MINUTES):
    overdue requests expire, due check-ins are announced, requests about to expire remind their
    recipients and mentees still waiting are emailed suggestions."""
    from mentormatch.db.engine import create_engine, create_sessionmaker
    from mentormatch.duties import Done, run_duties

    settings = _load_settings()
    configure_logging(settings.log_level)
    embedder = _load_embedder(settings)

    async def run(url: str) -> Done | None:
        engine = create_engine(url, pool_size=2)
        try:
            return await run_duties(create_sessionmaker(engine), embedder, settings)
        finally:
            await engine.dispose()

    with database(settings, migrate=settings.uses_embedded_database) as url:
        done = asyncio.run(run(url))
    if done is None:
        click.echo("another process is running the duties right now; nothing done")
        return
    click.echo(str(done))


@cli.command()
def prune() -> None:
    """Delete old rows now: spent rate-limit counters and sign-in failures, sessions expired or signed
    out over a day ago, read notifications past MENTORMATCH_NOTIFICATION_RETENTION_DAYS, and emails over a
    week old."""
    from mentormatch.db.engine import create_engine, create_sessionmaker
    from mentormatch.maintenance import Pruned
    from mentormatch.maintenance import prune as prune_old_rows

    settings = _load_settings()
    configure_logging(settings.log_level, settings.log_format)

    async def run(url: str) -> Pruned | None:
        engine = create_engine(url, pool_size=1)
        try:
            return await prune_old_rows(create_sessionmaker(engine), settings)
        finally:
            await engine.dispose()

    with database(settings, migrate=settings.uses_embedded_database) as url:
        pruned = asyncio.run(run(url))
    if pruned is None:
        click.echo("another process is pruning right now; nothing done")
        return
    for table, count in pruned.per_table().items():
        click.echo(f"{table}: {count} removed")


def main() -> None:
    """Console-script entry point: one-line errors, quiet Ctrl-C."""
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
