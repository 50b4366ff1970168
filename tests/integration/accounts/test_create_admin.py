"""Admins are made by an operator on the command line, never through the API."""

from __future__ import annotations

from typing import Any

from click.testing import CliRunner
from sqlalchemy import select

from mentormatch.accounts.models import User
from mentormatch.cli import cli
from mentormatch.db.engine import create_engine, create_sessionmaker


async def fetch_user(database_url: str, email: str) -> User | None:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session:
            return await session.scalar(select(User).where(User.email == email))
    finally:
        await engine.dispose()


def run_cli(database_url: str, *args: str, stdin: str | None = None) -> Any:
    env = {"DATABASE_URL": database_url, "MENTORMATCH_ENV": "development", "SECRET_KEY": "k" * 40}
    return CliRunner().invoke(cli, list(args), input=stdin, env=env)


async def test_create_admin_with_password_on_stdin_then_promote(database_url: str) -> None:
    import asyncio

    result = await asyncio.to_thread(
        run_cli, database_url, "create-admin", "--email", "Root@Example.com", stdin="an-admin-passphrase-99\n"
    )
    assert result.exit_code == 0, result.output
    admin = await fetch_user(database_url, "root@example.com")
    assert admin is not None and admin.is_admin and admin.password_hash

    weak = await asyncio.to_thread(
        run_cli, database_url, "create-admin", "--email", "other@example.com", "--password", "password"
    )
    assert weak.exit_code == 1
    assert "password" in weak.output and "Traceback" not in weak.output
    assert await fetch_user(database_url, "other@example.com") is None
