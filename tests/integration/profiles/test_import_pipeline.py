"""The import's pipeline (batch N+1 prepared while batch N is written) and its fast path for new
participants: a failing batch writes nothing of itself and says so, a text is embedded once however many
batches bring it, and an imported profile is exactly the one a single edit would have written."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from mentormatch.accounts.models import User
from mentormatch.embeddings import Embedder
from mentormatch.profiles import bulk
from mentormatch.profiles.bulk import ImportStopped, import_participants
from mentormatch.profiles.models import ItemKind, ProfileItem
from mentormatch.profiles.service import update_profile
from mentormatch.profiles.validation import parse_profile_input
from tests.integration.profiles.conftest import Db, assert_vectors_fit_texts, stored_profile
from tests.integration.profiles.test_import import run_import

PROFILE = {
    "canMentor": True,
    "seeksMentoring": True,
    "headline": "Growth marketer",
    "bio": "I run paid social for consumer apps.",
    "expertise": ["running TikTok ad campaigns", "community management on Discord"],
    "objectives": ["understand how modern software is deployed"],
    "skills": [{"name": "Paid social", "level": 5}, {"name": "SQL", "level": 2}],
    "careerStage": "MID_CAREER",
    "languages": ["English", "German"],
    "timezone": "Europe/Berlin",
    "capacity": 3,
}


def people(count: int, **extra: Any) -> list[str]:
    return [
        json.dumps(
            {"email": f"p{n}@example.com", "displayName": f"P {n}", "expertise": [f"topic {n}"], **extra}
        )
        for n in range(count)
    ]


async def emails(db: Db) -> list[str]:
    async with db() as session:
        return sorted(await session.scalars(select(User.email)))


async def test_a_batch_failing_midway_writes_nothing_of_it_and_reports_it(
    impatient: Db, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second batch's items fail to be written after its accounts and profiles were: none of them
    stay, the first batch stays, and the error names the lines and what was imported before them."""
    original = AsyncSession.execute
    item_inserts = 0

    async def failing(self: AsyncSession, statement: Any, *args: Any, **kwargs: Any) -> Any:
        nonlocal item_inserts
        if statement is bulk._ITEM_INSERT:
            item_inserts += 1
            if item_inserts == 2:
                raise RuntimeError("disk full")
        return await original(self, statement, *args, **kwargs)

    monkeypatch.setattr(AsyncSession, "execute", failing)
    with pytest.raises(ImportStopped) as stopped:
        await import_participants(impatient, embedder, people(6), batch_size=3)
    monkeypatch.undo()
    assert stopped.value.lines == "4-6"
    assert str(stopped.value) == (
        "lines 4-6: disk full; nothing of them nor of the lines after them was imported "
        "(before them: 3 created, 0 updated, 0 unchanged, 0 rejected)"
    )
    assert stopped.value.summary.created == 3
    assert await emails(impatient) == ["p0@example.com", "p1@example.com", "p2@example.com"]
    async with impatient() as session:
        assert sorted(await session.scalars(select(ProfileItem.text))) == ["topic 0", "topic 1", "topic 2"]


async def test_the_encoder_failing_on_a_batch_keeps_the_one_being_written(
    impatient: Db, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next batch is embedded while the one before is written: its failure lets that write commit."""
    original = type(embedder).encode_sync

    def failing(self: Embedder, texts: Sequence[str]) -> Any:
        if "topic 3" in texts:
            raise RuntimeError("model crashed")
        return original(self, texts)

    monkeypatch.setattr(type(embedder), "encode_sync", failing)
    with pytest.raises(ImportStopped, match=r"^lines 4-6: model crashed; .*\(before them: 3 created"):
        await import_participants(impatient, embedder, people(9), batch_size=3)
    monkeypatch.undo()
    assert await emails(impatient) == ["p0@example.com", "p1@example.com", "p2@example.com"]


async def test_a_text_is_embedded_once_across_batches_and_against_stored_items(
    impatient: Db, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batch 2 is prepared before batch 1 commits, yet the texts they share are embedded once; a text
    already stored is not embedded again; each item of a text carries the same vector."""
    encoded: list[str] = []
    original = type(embedder).encode_sync

    def counting(self: Embedder, texts: Sequence[str]) -> Any:
        encoded.extend(texts)
        return original(self, texts)

    monkeypatch.setattr(type(embedder), "encode_sync", counting)
    shared = "mentoring first-time managers"
    lines = [
        json.dumps({"email": f"q{n}@example.com", "displayName": f"Q {n}", "expertise": [shared, f"own {n}"]})
        for n in range(6)
    ]
    summary = await import_participants(impatient, embedder, lines, batch_size=2)
    assert str(summary) == "6 created, 0 updated, 0 unchanged, 0 rejected"
    assert sorted(encoded) == sorted([shared] + [f"own {n}" for n in range(6)])

    encoded.clear()
    later = json.dumps({"email": "late@example.com", "displayName": "Late", "expertise": [shared]})
    await import_participants(impatient, embedder, [later])
    monkeypatch.undo()
    assert encoded == [], "a text already stored takes the stored vector"
    async with impatient() as session:
        vectors = list(await session.scalars(select(ProfileItem.embedding).where(ProfileItem.text == shared)))
    assert len(vectors) == 7 and all(np.array_equal(v, vectors[0]) for v in vectors)


async def test_an_imported_profile_is_the_one_a_single_edit_writes(impatient: Db, embedder: Embedder) -> None:
    """The same fields through the import's fast path and through `update_profile`: equal rows, the same
    items in the same order, the same item vectors and profile vector."""
    summary = await import_participants(
        impatient, embedder, [json.dumps({"email": "imp@example.com", "displayName": "Imp", **PROFILE})]
    )
    assert summary.created == 1
    edited_id = uuid.uuid4()
    async with impatient.begin() as session:
        session.add(User(id=edited_id, email="edit@example.com", display_name="Edit"))
    await update_profile(impatient, embedder, user_id=edited_id, changes=parse_profile_input(PROFILE))

    async with impatient() as session:
        imported_id = await session.scalar(select(User.id).where(User.email == "imp@example.com"))
    assert imported_id is not None
    imported = await stored_profile(impatient, imported_id)
    edited = await stored_profile(impatient, edited_id)

    def fields(profile: Any) -> dict[str, Any]:
        skip = {"user_id", "embedding", "created_at", "updated_at"}
        return {
            c: getattr(profile, c) for c in [col.key for col in type(profile).__table__.c] if c not in skip
        }

    assert fields(imported) == fields(edited)
    assert [(s.key, s.name, s.level, s.position) for s in imported.skills] == [
        (s.key, s.name, s.level, s.position) for s in edited.skills
    ]
    assert [(i.kind, i.position, i.text, i.content_hash) for i in imported.items] == [
        (i.kind, i.position, i.text, i.content_hash) for i in edited.items
    ]
    assert {i.kind for i in imported.items} == set(ItemKind)
    np.testing.assert_allclose(
        [i.embedding for i in imported.items], [i.embedding for i in edited.items], atol=1e-6
    )
    np.testing.assert_allclose(imported.embedding, edited.embedding, atol=1e-6)
    assert imported.updated_at is not None
    assert_vectors_fit_texts(imported, embedder)


async def test_the_cli_says_where_an_import_stopped(
    database_url: str, embedder: Embedder, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    original = type(embedder).encode_sync

    def failing(self: Embedder, texts: Sequence[str]) -> Any:
        if "topic 250" in texts:
            raise RuntimeError("model crashed")
        return original(self, texts)

    monkeypatch.setattr(type(embedder), "encode_sync", failing)
    monkeypatch.setattr("mentormatch.cli._load_embedder", lambda settings: embedder)
    path = tmp_path / "people.jsonl"
    path.write_text("\n".join(people(300)) + "\n")
    result = await asyncio.to_thread(run_import, database_url, path)
    assert result.exit_code == 1
    assert (
        "import stopped at lines 201-300: model crashed; nothing of them nor of the lines after them was "
        "imported (before them: 200 created, 0 updated, 0 unchanged, 0 rejected)"
    ) in result.output


async def vector_index_names(db: Db) -> set[str]:
    async with db() as session:
        return set(
            await session.scalars(text("SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%USING hnsw%'"))
        )


async def test_a_first_import_rebuilds_the_vector_indexes_however_it_ends(
    impatient: Db, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading without the HNSW indexes: they are built again after a complete import and after a
    failed one, and searches use them (not an exact scan) afterwards."""
    names = {str(index.name) for index in bulk.vector_indexes()}
    assert names == await vector_index_names(impatient) and len(names) == 3
    dropped_while_loading: list[set[str]] = []
    original = bulk.write_batch

    async def watching(*args: Any) -> Any:
        dropped_while_loading.append(names - await vector_index_names(impatient))
        return await original(*args)

    monkeypatch.setattr(bulk, "write_batch", watching)
    await import_participants(impatient, embedder, people(4), batch_size=2, rebuild_indexes=True)
    assert dropped_while_loading == [names, names]
    assert await vector_index_names(impatient) == names

    def failing(self: Embedder, texts: Sequence[str]) -> Any:
        raise RuntimeError("model crashed")

    monkeypatch.setattr(type(embedder), "encode_sync", failing)
    with pytest.raises(ImportStopped):
        await import_participants(impatient, embedder, people(8)[4:], rebuild_indexes=True)
    monkeypatch.undo()
    assert await vector_index_names(impatient) == names
    async with impatient.begin() as session:
        await session.execute(text("SET LOCAL enable_seqscan = off"))  # the tables are tiny
        plan = "\n".join(
            await session.scalars(
                text(
                    "EXPLAIN SELECT id FROM profile_items WHERE kind = 'EXPERTISE' "
                    "ORDER BY embedding <=> (SELECT embedding FROM profile_items LIMIT 1) LIMIT 5"
                )
            )
        )
    assert "ix_profile_items_expertise_embedding" in plan


async def test_indexes_left_dropped_by_a_killed_import_are_built_by_the_next(
    impatient: Db, embedder: Embedder
) -> None:
    async with impatient.begin() as session:
        await session.execute(text("DROP INDEX ix_profiles_embedding"))
    await import_participants(impatient, embedder, people(1))
    assert "ix_profiles_embedding" in await vector_index_names(impatient)


async def test_only_a_large_import_into_almost_empty_tables_drops_the_indexes(impatient: Db) -> None:
    many = people(bulk.REBUILD_MIN_LINES)
    assert await bulk._worth_rebuilding(impatient, many)
    assert not await bulk._worth_rebuilding(impatient, many[:-1]), "too few lines"
    assert not await bulk._worth_rebuilding(impatient, iter(many)), "a stream of unknown length"
    async with impatient.begin() as session:
        for n in range(bulk.REBUILD_MIN_LINES // 10):
            session.add(User(id=uuid.uuid4(), email=f"old{n}@example.com", display_name="Old"))
        await session.flush()
        await session.execute(text("INSERT INTO profiles (user_id) SELECT id FROM users"))
    assert not await bulk._worth_rebuilding(impatient, many), "the tables already hold a tenth as many"


async def test_a_search_holding_the_table_keeps_the_indexes_in_place(
    impatient: Db, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dropping waits for running queries and would stall every later one behind it: past a short
    lock timeout the import keeps the indexes and loads through them."""
    monkeypatch.setattr(bulk, "DROP_LOCK_TIMEOUT", "200ms")
    names = await vector_index_names(impatient)
    async with impatient.begin() as reader:
        await reader.execute(text("SELECT count(*) FROM profile_items"))  # holds ACCESS SHARE until commit
        summary = await import_participants(impatient, embedder, people(2), rebuild_indexes=True)
        assert await vector_index_names(impatient) == names
    assert summary.created == 2
