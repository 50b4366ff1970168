"""Bulk jobs over profiles: importing participants from JSON Lines, and re-embedding everything.

An import line is one participant: `email`, `displayName`, an optional `password`, and any keys of
`ProfileInput`. Participants are upserted by email in batches, one transaction per batch, with every text
of a batch embedded in one call; a bad line is reported and skipped whole. Embedding and password hashing
run before a batch's transaction, so the accounts and profiles it writes are locked only while written.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
from sqlalchemy import REAL, Index, Table, bindparam, cast, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.schema import CreateIndex, DropIndex

from mentormatch.accounts.models import User
from mentormatch.accounts.passwords import hash_password, password_problem
from mentormatch.accounts.service import clean_display_name, email_problem, normalise_email
from mentormatch.db.base import new_id
from mentormatch.db.engine import read_only
from mentormatch.embeddings import Embedder
from mentormatch.errors import InvalidInput
from mentormatch.profiles.models import Profile, ProfileItem, ProfileSkill
from mentormatch.profiles.service import (
    Db,
    RetryAfterComputing,
    Texts,
    Vectors,
    apply_changes,
    content_hash,
    item_texts,
    lock_profiles,
    profile_vector,
    store_vectors,
    stored_profiles,
    vectors_for,
    vectors_for_changes,
    with_contents,
    write_after_computing,
)
from mentormatch.profiles.validation import ProfileChanges, parse_profile_input
from mentormatch.programme import service as programme

ACCOUNT_FIELDS = ("email", "displayName", "password")
ACCOUNT_KEYS = frozenset(ACCOUNT_FIELDS)
IMPORT_BATCH_SIZE = 200
REINDEX_BATCH_SIZE = 200
T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass
class ImportRecord:
    line: int
    email: str
    display_name: str
    password: str | None
    changes: ProfileChanges


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    def __str__(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.rejected)} rejected"
        )


# One row of an import: its line number, and its fields (the keys of a JSON Lines object) or why the line
# could not even be read as fields (not JSON, not an object).
Row = tuple[int, Mapping[str, Any] | InvalidInput]


def json_rows(lines: Iterable[str]) -> Iterator[Row]:
    """The rows of a JSON Lines stream, numbered from 1; blank lines are skipped."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield number, InvalidInput([("line", f"Not valid JSON: {exc.msg} at column {exc.colno}.")])
            continue
        if not isinstance(data, dict):
            yield number, InvalidInput([("line", "Must be a JSON object.")])
            continue
        yield number, data


def parse_line(number: int, raw: str) -> ImportRecord:
    """One JSON line as a validated record; raise InvalidInput (with every problem) otherwise."""
    for _, data in json_rows([raw]):
        return parse_row(number, data)
    raise InvalidInput([("line", "Is empty.")])


def parse_row(number: int, data: Mapping[str, Any] | InvalidInput) -> ImportRecord:
    """One row's fields as a validated record; raise InvalidInput (with every problem) otherwise."""
    if isinstance(data, InvalidInput):
        raise data
    problems: list[tuple[str, str]] = []
    email = normalise_email(data["email"]) if isinstance(data.get("email"), str) else ""
    if problem := email_problem(email):
        problems.append(("email", problem))
    raw_name = data.get("displayName")
    name, name_problem = clean_display_name(raw_name if isinstance(raw_name, str) else "")
    if name_problem:
        problems.append(("displayName", name_problem))
    password = data.get("password")
    if password is not None:
        if not isinstance(password, str):
            problems.append(("password", "Must be text."))
        elif problem := password_problem(password, [email, email.split("@")[0], name]):
            problems.append(("password", problem))
    try:
        changes = parse_profile_input({k: v for k, v in data.items() if k not in ACCOUNT_KEYS})
    except InvalidInput as exc:
        problems.extend(exc.problems)
        changes = ProfileChanges()
    if problems:
        raise InvalidInput(problems)
    return ImportRecord(number, email, name, password, changes)


def problems_text(error: InvalidInput) -> str:
    """Every problem of a rejected row on one line: `bio: Must be at most 4000 characters (got 4001).`"""
    return "; ".join(f"{f}: {m}" for f, m in error.problems)


def read_records(rows: Iterable[Row], summary: ImportSummary) -> Iterator[ImportRecord]:
    """The good records of an import's rows; bad rows go to `summary.rejected` with their reason."""
    first_line_of: dict[str, int] = {}
    for number, data in rows:
        try:
            record = parse_row(number, data)
        except InvalidInput as exc:
            summary.rejected.append((number, problems_text(exc)))
            continue
        if record.email in first_line_of:
            summary.rejected.append((number, f"email: Already on line {first_line_of[record.email]}."))
            continue
        first_line_of[record.email] = number
        yield record


@dataclass
class RowPlan:
    """What importing one row does: CREATE, UPDATE, UNCHANGED or ERROR (with why)."""

    line: int
    email: str | None
    action: str
    error: str | None = None


async def plan_import(db: Db, rows: Iterable[Row]) -> tuple[list[RowPlan], ImportSummary]:
    """What importing these rows would do, row by row and in total, with nothing written: the same
    validation, and the same comparison with what is stored, as the import itself."""
    summary = ImportSummary()
    records = list(read_records(rows, summary))
    plans = [RowPlan(line, None, "ERROR", reason) for line, reason in summary.rejected]
    async with db() as session:
        # Comparing applies the changes to loaded rows: a read-only transaction, rolled back, makes sure
        # not one of them reaches the database.
        await session.execute(text("SET TRANSACTION READ ONLY"))
        with session.no_autoflush:
            users = {
                user.email: user
                for user in await session.scalars(
                    select(User).where(User.email.in_([r.email for r in records]))
                )
            }
            profiles = {
                profile.user_id: profile
                for profile in await session.scalars(
                    select(Profile)
                    .where(Profile.user_id.in_([user.id for user in users.values()]))
                    .options(*with_contents())
                )
            }
            capacity = (await programme.current(session)).default_capacity
            for record in records:
                user = users.get(record.email)
                if user is None:
                    action = "CREATE"
                    summary.created += 1
                else:
                    profile = profiles.get(user.id) or Profile(user_id=user.id, capacity=capacity)
                    changed = apply_changes(profile, record.changes) or bool(_account_changes(user, record))
                    action = "UPDATE" if changed else "UNCHANGED"
                    if changed:
                        summary.updated += 1
                    else:
                        summary.unchanged += 1
                plans.append(RowPlan(record.line, record.email, action))
        await session.rollback()
    return sorted(plans, key=lambda plan: plan.line), summary


@dataclass
class PreparedBatch:
    """A batch with the slow work done before its transaction: passwords hashed, every vector computed."""

    records: list[ImportRecord]
    hashes: dict[str, str]
    vectors: Vectors

    @property
    def lines(self) -> str:
        return f"{self.records[0].line}-{self.records[-1].line}"


class ImportStopped(Exception):
    """A batch could not be prepared or written: nothing of it (nor of the lines after it) was imported;
    `summary` counts what the batches before it imported."""

    def __init__(self, summary: ImportSummary, lines: str, cause: BaseException) -> None:
        reason = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
        super().__init__(
            f"lines {lines}: {reason}; nothing of them nor of the lines after them was imported "
            f"(before them: {summary})"
        )
        self.summary = summary
        self.lines = lines


async def prepare_batch(
    db: Db, embedder: Embedder, records: list[ImportRecord], *, known: Vectors | None = None
) -> PreparedBatch:
    """Hash the batch's passwords and compute its vectors, planned from the accounts and profiles as last
    committed, with no transaction open; `known`: vectors of the batch before it, not committed yet."""
    emails = [r.email for r in records]
    async with read_only(db) as session:
        accounts = {
            user.email: user for user in await session.scalars(select(User).where(User.email.in_(emails)))
        }
    stored = await stored_profiles(db, [user.id for user in accounts.values()])
    # The hashes and the vectors are computed in worker threads at the same time.
    hashes, vectors = await asyncio.gather(
        _hash_passwords([r for r in records if r.password and _needs_password(accounts.get(r.email))]),
        vectors_for_changes(
            db,
            embedder,
            [(stored.get(accounts[r.email].id) if r.email in accounts else None, r.changes) for r in records],
            known=known,
        ),
    )
    return PreparedBatch(records, hashes, vectors)


async def write_batch(db: Db, embedder: Embedder, batch: PreparedBatch) -> ImportSummary:
    """Upsert one prepared batch of participants in one transaction: all of them, or (on failure) none.

    New participants are written with one multi-row statement per table (vectors sent in binary);
    existing ones go through the same `apply_changes` as a single profile edit.
    """
    records, hashes, vectors = batch.records, batch.hashes, batch.vectors
    emails = [r.email for r in records]

    async def write(session: AsyncSession) -> ImportSummary:
        existing = {
            user.email: user
            for user in await session.scalars(select(User).where(User.email.in_(emails)).with_for_update())
        }
        # An account created or stripped of its password since the read above needs one hashed now.
        unhashed = [
            r
            for r in records
            if r.password and _needs_password(existing.get(r.email)) and r.email not in hashes
        ]
        if unhashed:

            async def hash_unhashed() -> None:
                hashes.update(await _hash_passwords(unhashed))

            raise RetryAfterComputing(hash_unhashed)
        counts = ImportSummary()
        new_records = [r for r in records if r.email not in existing]
        if new_records:
            await _insert_participants(session, db, embedder, new_records, hashes, vectors)
            counts.created = len(new_records)
        old_records = [r for r in records if r.email in existing]
        if not old_records:
            return counts
        account_changed: set[str] = set()
        for record in old_records:
            user = existing[record.email]
            values: dict[str, Any] = {
                column: record.display_name if column == "display_name" else hashes[record.email]
                for column in _account_changes(user, record)
            }
            if values:
                account_changed.add(record.email)
                await session.execute(update(User).where(User.id == user.id).values(**values))
        profiles = await lock_profiles(session, [existing[r.email].id for r in old_records])
        for record in old_records:
            changed = apply_changes(profiles[existing[record.email].id], record.changes)
            if changed or record.email in account_changed:
                counts.updated += 1
            else:
                counts.unchanged += 1
        store_vectors(db, embedder, list(profiles.values()), vectors)
        return counts

    return await write_after_computing(db, write)


# A vector is bound as real[] (sent in binary) and cast to vector by PostgreSQL: the text form pgvector's
# SQLAlchemy type sends costs about 0.3 ms of Python per vector, more than the row's whole insert.
_PROFILES: Table = Profile.__table__  # type: ignore[assignment]
_ITEMS: Table = ProfileItem.__table__  # type: ignore[assignment]
_SKILLS: Table = ProfileSkill.__table__  # type: ignore[assignment]
_PROFILE_INSERT = insert(_PROFILES).values(
    embedding=cast(bindparam("vector", type_=ARRAY(REAL)), _PROFILES.c.embedding.type)
)
_ITEM_INSERT = insert(_ITEMS).values(
    embedding=cast(bindparam("vector", type_=ARRAY(REAL)), _ITEMS.c.embedding.type)
)


async def _insert_participants(
    session: AsyncSession,
    db: Db,
    embedder: Embedder,
    records: list[ImportRecord],
    hashes: dict[str, str],
    vectors: Vectors,
) -> None:
    """Create the accounts, profiles, items and skills of participants new to the database: the rows a
    new profile with these changes applied (`apply_changes` onto an empty one) would have."""
    plans = [(record, item_texts(None, record.changes)) for record in records]
    missing = {
        digest: (text, kind)
        for _, texts in plans
        for kind, kind_texts in texts.items()
        for text in kind_texts
        if (digest := content_hash(text, kind)) not in vectors
    }
    if missing:  # only when a participant planned as existing was deleted since: embed, then retry

        async def embed_missing() -> None:
            vectors.update(await vectors_for(db, embedder, missing))

        raise RetryAfterComputing(embed_missing)
    capacity = (await programme.current(session)).default_capacity
    users: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    skills: list[dict[str, Any]] = []
    profiles_by_columns: dict[frozenset[str], list[dict[str, Any]]] = {}
    for record, texts in plans:
        user_id = new_id()
        users.append(
            {
                "id": user_id,
                "email": record.email,
                "display_name": record.display_name,
                "password_hash": hashes.get(record.email),
            }
        )
        item_vectors = []
        for kind, kind_texts in texts.items():
            for position, item_text in enumerate(kind_texts):
                digest = content_hash(item_text, kind)
                item_vectors.append(vectors[digest])
                items.append(
                    {
                        "id": new_id(),
                        "user_id": user_id,
                        "kind": kind,
                        "position": position,
                        "text": item_text,
                        "content_hash": digest,
                        "vector": _real_array(vectors[digest]),
                    }
                )
        profile = {"user_id": user_id, "capacity": capacity, **record.changes.values}
        profile["vector"] = _real_array(profile_vector(item_vectors)) if item_vectors else None
        # One statement per set of given fields: a field left out takes its column default.
        profiles_by_columns.setdefault(frozenset(profile), []).append(profile)
        skills.extend(
            {"user_id": user_id, "key": s.key, "name": s.name, "level": s.level, "position": n}
            for n, s in enumerate(record.changes.skills or [])
        )
    await session.execute(insert(User), users)
    for rows in profiles_by_columns.values():
        await session.execute(_PROFILE_INSERT, rows)
    if items:
        await session.execute(_ITEM_INSERT, items)
    if skills:
        await session.execute(insert(_SKILLS), skills)


def _real_array(vector: object) -> list[float]:
    return np.asarray(vector, dtype=np.float32).tolist()


async def _hash_passwords(records: list[ImportRecord]) -> dict[str, str]:
    """The records' passwords hashed by email, in a worker thread (hashing is slow on purpose)."""
    if not records:
        return {}
    return await asyncio.to_thread(
        lambda: {r.email: hash_password(r.password) for r in records if r.password}
    )


def _account_changes(user: User, record: ImportRecord) -> list[str]:
    """The columns of an existing account that importing `record` sets."""
    changes = ["display_name"] if user.display_name != record.display_name else []
    if record.password and _needs_password(user):
        changes.append("password_hash")
    return changes


def _needs_password(user: User | None) -> bool:
    """A password from the file is set on new accounts and on accounts that have none, never replaced."""
    return user is None or user.password_hash is None


def _batches(records: Iterable[ImportRecord], size: int) -> Iterator[list[ImportRecord]]:
    batch: list[ImportRecord] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


async def import_participants(
    db: Db,
    embedder: Embedder,
    lines: Iterable[str],
    *,
    batch_size: int = IMPORT_BATCH_SIZE,
    on_progress: Callable[[int], None] = lambda n: None,
    rebuild_indexes: bool | None = None,
) -> ImportSummary:
    """Import a JSON Lines stream: `import_rows` over its lines, numbered from 1."""
    if rebuild_indexes is None:
        rebuild_indexes = await _worth_rebuilding(db, lines)
    return await import_rows(
        db,
        embedder,
        json_rows(lines),
        batch_size=batch_size,
        on_progress=on_progress,
        rebuild_indexes=rebuild_indexes,
    )


async def import_rows(
    db: Db,
    embedder: Embedder,
    rows: Iterable[Row],
    *,
    batch_size: int = IMPORT_BATCH_SIZE,
    on_progress: Callable[[int], None] = lambda n: None,
    rebuild_indexes: bool | None = None,
) -> ImportSummary:
    """Import rows (of JSON Lines or of a CSV file); `on_progress(n)` after each batch of n participants.

    A pipeline: while one batch is written (a short transaction), the next is prepared (its passwords
    hashed and its texts embedded in worker threads). A batch that fails to be prepared or written raises
    ImportStopped once the batch before it is committed; nothing of it is written.

    `rebuild_indexes`: drop the vector indexes before loading and build them once after, however the
    import ends (None: when `rows` is a list of at least REBUILD_MIN_LINES into almost empty tables).
    """
    await restore_vector_indexes(db)  # left dropped by an import that was killed
    if rebuild_indexes is None:
        rebuild_indexes = await _worth_rebuilding(db, rows)
    if rebuild_indexes:
        rebuild_indexes = await _drop_vector_indexes(db)
    try:
        return await _import(db, embedder, rows, batch_size, on_progress)
    finally:
        if rebuild_indexes:
            await _let_finish(restore_vector_indexes(db))


async def _import(
    db: Db, embedder: Embedder, rows: Iterable[Row], batch_size: int, on_progress: Callable[[int], None]
) -> ImportSummary:
    summary = ImportSummary()
    batches = _batches(read_records(rows, summary), batch_size)
    records = next(batches, None)
    preparing = asyncio.ensure_future(prepare_batch(db, embedder, records)) if records is not None else None
    try:
        while preparing is not None and records is not None:
            try:
                batch = await preparing
            except Exception as exc:
                raise ImportStopped(summary, f"{records[0].line}-{records[-1].line}", exc) from exc
            records = next(batches, None)
            preparing = (
                asyncio.ensure_future(prepare_batch(db, embedder, records, known=batch.vectors))
                if records is not None
                else None
            )
            try:
                counts = await _let_finish(write_batch(db, embedder, batch))
            except Exception as exc:
                raise ImportStopped(summary, batch.lines, exc) from exc
            summary.created += counts.created
            summary.updated += counts.updated
            summary.unchanged += counts.unchanged
            on_progress(len(batch.records))
    finally:
        if preparing is not None and not preparing.done():
            preparing.cancel()
            await asyncio.wait([preparing])
    return summary


# A first import of this many lines or more, into tables holding under a tenth as many profiles, loads
# without the HNSW indexes and builds them once at the end: building an index over the loaded vectors
# costs about a fifth of inserting them one by one into it (3,000 of bench.import_rate's profiles, vectors
# known, at load 4: writes 30.8 s with the indexes; 9.2 s without them plus 3.8 s to build them).
REBUILD_MIN_LINES = 2000
# Memory of one index build (the HNSW graph is built in memory while it fits; then far slower).
REBUILD_MAINTENANCE_WORK_MEM = "512MB"
DROP_LOCK_TIMEOUT = "5s"


def vector_indexes() -> list[Index]:
    """The HNSW indexes on profiles and their items, as the models (and so the migrations) define them."""
    return [
        index
        for table in (_PROFILES, _ITEMS)
        for index in sorted(table.indexes, key=lambda index: str(index.name))
        if index.dialect_options["postgresql"]["using"] == "hnsw"
    ]


async def _worth_rebuilding(db: Db, lines: Iterable[str] | Iterable[Row]) -> bool:
    if not isinstance(lines, Sequence):
        return False
    count = sum(1 for line in lines if not isinstance(line, str) or line.strip())
    if count < REBUILD_MIN_LINES:
        return False
    async with read_only(db) as session:
        profiles = int(await session.scalar(select(func.count()).select_from(Profile)) or 0)
    return profiles * 10 < count


async def _drop_vector_indexes(db: Db) -> bool:
    """Drop the vector indexes for a load; False (nothing dropped) when a running query held them longer
    than DROP_LOCK_TIMEOUT: the import then keeps them, rather than stall every search behind its lock."""
    try:
        async with db.begin() as session:
            await session.execute(text(f"SET LOCAL lock_timeout = '{DROP_LOCK_TIMEOUT}'"))
            for index in vector_indexes():
                await session.execute(DropIndex(index, if_exists=True))
    except DBAPIError as exc:
        log.warning("vector indexes kept for the import (%s)", str(exc).splitlines()[0])
        return False
    log.info("vector indexes dropped for the import; they are built again when it ends")
    return True


async def restore_vector_indexes(db: Db) -> list[str]:
    """Build whichever vector index is missing (an import drops them while it loads); their names."""
    async with read_only(db) as session:
        present = set(
            await session.scalars(
                text("SELECT indexname FROM pg_indexes WHERE tablename IN ('profiles', 'profile_items')")
            )
        )
    missing = [index for index in vector_indexes() if index.name not in present]
    if not missing:
        return []
    started = time.perf_counter()
    async with db.begin() as session:
        await session.execute(text(f"SET LOCAL maintenance_work_mem = '{REBUILD_MAINTENANCE_WORK_MEM}'"))
        for index in missing:
            await session.execute(CreateIndex(index, if_not_exists=True))
    log.info("vector indexes built in %.1f s: %s", time.perf_counter() - started, [i.name for i in missing])
    return [str(index.name) for index in missing]


async def _let_finish(write: Awaitable[T]) -> T:
    """Await a batch's write; if the import is cancelled meanwhile (Ctrl-C), the write, a short
    transaction, still commits or rolls back whole before the cancellation goes on."""
    task = asyncio.ensure_future(write)
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        await asyncio.wait([task])
        raise


async def count_profiles(db: Db) -> int:
    async with db() as session:
        return int(await session.scalar(select(func.count()).select_from(Profile)) or 0)


async def reindex(
    db: Db,
    embedder: Embedder,
    *,
    batch_size: int = REINDEX_BATCH_SIZE,
    on_progress: Callable[[int], None] = lambda n: None,
) -> int:
    """Re-embed every item and profile with the current model, a batch per short transaction.

    Texts are embedded outside any transaction; each batch then locks its profiles only to store the
    new vectors, so searches keep answering (from old or new vectors), edits are never overwritten, and
    accepts and ends never wait for the model.
    """
    done = 0
    after: uuid.UUID | None = None
    while True:
        async with db() as session:
            query = select(Profile.user_id).order_by(Profile.user_id).limit(batch_size)
            if after is not None:
                query = query.where(Profile.user_id > after)
            user_ids = list(await session.scalars(query))
            rows = await session.execute(
                select(ProfileItem.content_hash, ProfileItem.text, ProfileItem.kind).where(
                    ProfileItem.user_id.in_(user_ids)
                )
            )
            texts = {digest: (text, kind) for digest, text, kind in rows.tuples()}
        if not user_ids:
            return done
        await reindex_batch(db, embedder, user_ids, texts)
        done += len(user_ids)
        after = user_ids[-1]
        on_progress(len(user_ids))


async def reindex_batch(db: Db, embedder: Embedder, user_ids: list[uuid.UUID], texts: Texts) -> None:
    """Store fresh vectors of `texts` on these profiles, embedded before the profiles are locked."""
    vectors = await vectors_for(db, embedder, texts, reuse_stored=False)

    async def write(session: AsyncSession) -> None:
        # A profile deleted since the read is simply gone; the rest are rewritten as they are now.
        profiles = list((await lock_profiles(session, user_ids, create_missing=False)).values())
        for profile in profiles:
            for item in profile.items:
                # An item written since the read may hold a vector of the previous model (copied by
                # content hash): it has none here, so it is embedded afresh before the write is retried.
                item.embedding = vectors.get(item.content_hash)  # type: ignore[assignment]
        store_vectors(db, embedder, profiles, vectors, reuse_stored=False)

    await write_after_computing(db, write)
