"""`mentormatch import`: good lines imported, bad ones reported and skipped, re-runs change nothing,
and an interrupted import leaves no half-imported participant."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from mentormatch.accounts.models import User
from mentormatch.cli import cli
from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.profiles.bulk import import_participants
from mentormatch.profiles.models import Profile, ProfileItem, ProfileSkill

GOOD = [
    {
        "email": "Zoe@Example.com",
        "displayName": "Zoe Park",
        "password": "zoe-has-a-long-passphrase-1",
        "canMentor": True,
        "expertise": ["running TikTok ad campaigns", "community management on Discord"],
        "skills": [{"name": "Paid social", "level": 5}],
        "careerStage": "EARLY_CAREER",
    },
    {
        "email": "ken@example.com",
        "displayName": "Ken Ito",
        "seeksMentoring": True,
        "objectives": ["understand social media marketing"],
        "careerStage": "EXECUTIVE",
    },
    {
        "email": "ana@example.com",
        "displayName": "Ana Silva",
        "canMentor": True,
        "expertise": ["data storytelling"],
    },
]
BAD = [
    "{not json",
    json.dumps({"email": "no-at-sign", "displayName": "X"}),
    json.dumps({"email": "long@example.com", "displayName": "Long", "bio": "x" * 4001}),
    json.dumps({"email": "weird@example.com", "displayName": "W", "favouriteColour": "blue"}),
    json.dumps({"email": "ZOE@example.com", "displayName": "Zoe again"}),
]


def write_file(path: Path) -> Path:
    lines = [
        json.dumps(GOOD[0]),
        BAD[0],
        json.dumps(GOOD[1]),
        BAD[1],
        BAD[2],
        "",
        BAD[3],
        json.dumps(GOOD[2]),
        BAD[4],
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


async def table_state(database_url: str) -> dict[str, Any]:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session:
            return {
                "users": sorted(await session.scalars(select(User.email))),
                "items": sorted((i.text, str(i.id)) for i in await session.scalars(select(ProfileItem))),
                "skills": await session.scalar(select(func.count()).select_from(ProfileSkill)),
                "profiles": sorted(
                    (str(p.user_id), p.updated_at.isoformat()) for p in await session.scalars(select(Profile))
                ),
                "password_hashes": sorted(h or "" for h in await session.scalars(select(User.password_hash))),
            }
    finally:
        await engine.dispose()


def run_import(database_url: str, path: Path) -> Any:
    env = {"DATABASE_URL": database_url, "MENTORMATCH_ENV": "development", "SECRET_KEY": "k" * 40}
    return CliRunner().invoke(cli, ["import", str(path)], env=env)


async def test_import_takes_good_lines_and_reports_bad_ones(database_url: str, tmp_path: Path) -> None:
    path = write_file(tmp_path / "people.jsonl")
    result = await asyncio.to_thread(run_import, database_url, path)
    assert result.exit_code == 1, "bad lines make the exit status non-zero"
    output = result.output
    assert "3 created, 0 updated, 0 unchanged, 5 rejected" in output
    assert "line 2: line: Not valid JSON" in output
    assert "line 4: email:" in output
    assert "line 5: bio:" in output
    assert "line 7: favouriteColour: Is not a profile field." in output
    assert "line 9: email: Already on line 1." in output

    state = await table_state(database_url)
    assert state["users"] == ["ana@example.com", "ken@example.com", "zoe@example.com"]
    assert {text for text, _ in state["items"]} == {
        "running TikTok ad campaigns",
        "community management on Discord",
        "understand social media marketing",
        "data storytelling",
    }
    assert state["password_hashes"].count("") == 2, "accounts without a password cannot sign in yet"


async def test_second_import_of_the_same_file_changes_nothing(database_url: str, tmp_path: Path) -> None:
    path = write_file(tmp_path / "people.jsonl")
    await asyncio.to_thread(run_import, database_url, path)
    before = await table_state(database_url)
    again = await asyncio.to_thread(run_import, database_url, path)
    assert "0 created, 0 updated, 3 unchanged, 5 rejected" in again.output
    assert await table_state(database_url) == before


async def test_imported_participant_can_sign_in_with_the_given_password(
    database_url: str, tmp_path: Path, gql: Any
) -> None:
    await asyncio.to_thread(run_import, database_url, write_file(tmp_path / "people.jsonl"))
    login = """mutation { login(input: {email: "zoe@example.com", password: "zoe-has-a-long-passphrase-1"}) {
      token errors { code } } }"""
    assert (await gql.data(login))["login"]["token"]
    me = await gql.data(
        "{ me { profile { expertise careerStage skills { name level } } } }",
        token=(await gql.data(login))["login"]["token"],
    )
    assert me["me"]["profile"]["careerStage"] == "EARLY_CAREER"
    assert me["me"]["profile"]["skills"] == [{"name": "Paid social", "level": 5}]


async def test_interrupted_import_leaves_no_half_imported_participant(
    database_url: str, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C cancels the running import task (that is what asyncio.run does on SIGINT)."""
    lines = [
        json.dumps({"email": f"p{n}@example.com", "displayName": f"P {n}", "expertise": [f"topic {n}"]})
        for n in range(6)
    ]
    loop = asyncio.get_running_loop()
    engine = create_engine(database_url, pool_size=2)
    task = asyncio.create_task(
        import_participants(create_sessionmaker(engine), embedder, lines, batch_size=3)
    )
    calls = 0
    original = type(embedder).encode_sync

    def interrupted_during_second_batch(self: Any, texts: list[str]) -> Any:
        nonlocal calls
        calls += 1
        if calls == 2:
            loop.call_soon_threadsafe(task.cancel)
            time.sleep(0.2)
        return original(self, texts)

    monkeypatch.setattr(type(embedder), "encode_sync", interrupted_during_second_batch)
    try:
        with pytest.raises(asyncio.CancelledError):
            await task
    finally:
        await engine.dispose()
    monkeypatch.undo()
    assert calls == 2
    state = await table_state(database_url)
    assert state["users"] == ["p0@example.com", "p1@example.com", "p2@example.com"]
    assert len(state["items"]) == 3 and len(state["profiles"]) == 3
