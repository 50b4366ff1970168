"""Bulk jobs over profiles: importing participants from JSON Lines, and re-embedding everything.

An import line is one participant: `email`, `displayName`, an optional `password`, and any keys of
`ProfileInput`. Participants are upserted by email in batches, one transaction per batch, with every text
of a batch embedded in one call; a bad line is reported and skipped whole. Embedding and password hashing
run before a batch's transaction, so the accounts and profiles it writes are locked only while written.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from mentormatch.accounts.models import User
from mentormatch.accounts.passwords import hash_password, password_problem
from mentormatch.accounts.service import clean_display_name, email_problem, normalise_email
from mentormatch.db.engine import read_only
from mentormatch.embeddings import Embedder
from mentormatch.errors import InvalidInput
from mentormatch.profiles.models import Profile, ProfileItem
from mentormatch.profiles.service import (
    Db,
    RetryAfterComputing,
    Texts,
    apply_changes,
    lock_profiles,
    store_vectors,
    stored_profiles,
    vectors_for,
    vectors_for_changes,
    write_after_computing,
)
from mentormatch.profiles.validation import ProfileChanges, parse_profile_input

ACCOUNT_KEYS = {"email", "displayName", "password"}
IMPORT_BATCH_SIZE = 200
REINDEX_BATCH_SIZE = 200


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


def parse_line(number: int, raw: str) -> ImportRecord:
    """One JSON line as a validated record; raise InvalidInput (with every problem) otherwise."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InvalidInput([("line", f"Not valid JSON: {exc.msg} at column {exc.colno}.")]) from None
    if not isinstance(data, dict):
        raise InvalidInput([("line", "Must be a JSON object.")])
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


def read_records(lines: Iterable[str], summary: ImportSummary) -> Iterator[ImportRecord]:
    """The good records of a JSON Lines stream; bad lines go to `summary.rejected` with their reason."""
    first_line_of: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = parse_line(number, raw)
        except InvalidInput as exc:
            summary.rejected.append((number, "; ".join(f"{f}: {m}" for f, m in exc.problems)))
            continue
        if record.email in first_line_of:
            summary.rejected.append((number, f"email: Already on line {first_line_of[record.email]}."))
            continue
        first_line_of[record.email] = number
        yield record


async def import_batch(
    db: Db, embedder: Embedder, records: list[ImportRecord], summary: ImportSummary
) -> None:
    """Upsert one batch of participants in one transaction: all of them, or (on failure) none."""
    emails = [r.email for r in records]
    async with read_only(db) as session:
        accounts = {
            user.email: user for user in await session.scalars(select(User).where(User.email.in_(emails)))
        }
    stored = await stored_profiles(db, [user.id for user in accounts.values()])
    hashes = await _hash_passwords(
        [r for r in records if r.password and _needs_password(accounts.get(r.email))]
    )
    vectors = await vectors_for_changes(
        db,
        embedder,
        [(stored.get(accounts[r.email].id) if r.email in accounts else None, r.changes) for r in records],
    )

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
        new_records = [r for r in records if r.email not in existing]
        if new_records:
            await session.execute(
                insert(User).values(
                    [
                        {
                            "id": uuid.uuid4(),
                            "email": r.email,
                            "display_name": r.display_name,
                            "password_hash": hashes.get(r.email),
                        }
                        for r in new_records
                    ]
                )
            )
        account_changed: set[str] = set()
        for record in records:
            user = existing.get(record.email)
            if user is None:
                continue
            values: dict[str, Any] = {}
            if user.display_name != record.display_name:
                values["display_name"] = record.display_name
            if record.password and _needs_password(user):
                values["password_hash"] = hashes[record.email]
            if values:
                account_changed.add(record.email)
                await session.execute(update(User).where(User.id == user.id).values(**values))
        ids = dict(
            (await session.execute(select(User.email, User.id).where(User.email.in_(emails)))).tuples().all()
        )
        profiles = await lock_profiles(session, [ids[e] for e in emails])
        counts = ImportSummary()
        for record in records:
            changed = apply_changes(profiles[ids[record.email]], record.changes)
            if record.email not in existing:
                counts.created += 1
            elif changed or record.email in account_changed:
                counts.updated += 1
            else:
                counts.unchanged += 1
        store_vectors(db, embedder, list(profiles.values()), vectors)
        return counts

    counts = await write_after_computing(db, write)
    summary.created += counts.created
    summary.updated += counts.updated
    summary.unchanged += counts.unchanged


async def _hash_passwords(records: list[ImportRecord]) -> dict[str, str]:
    """The records' passwords hashed by email, in a worker thread (hashing is slow on purpose)."""
    if not records:
        return {}
    return await asyncio.to_thread(
        lambda: {r.email: hash_password(r.password) for r in records if r.password}
    )


def _needs_password(user: User | None) -> bool:
    """A password from the file is set on new accounts and on accounts that have none, never replaced."""
    return user is None or user.password_hash is None


async def import_participants(
    db: Db,
    embedder: Embedder,
    lines: Iterable[str],
    *,
    batch_size: int = IMPORT_BATCH_SIZE,
    on_progress: Callable[[int], None] = lambda n: None,
) -> ImportSummary:
    """Import a JSON Lines stream; `on_progress(n)` after each batch of n participants."""
    summary = ImportSummary()
    batch: list[ImportRecord] = []
    for record in read_records(lines, summary):
        batch.append(record)
        if len(batch) >= batch_size:
            await import_batch(db, embedder, batch, summary)
            on_progress(len(batch))
            batch = []
    if batch:
        await import_batch(db, embedder, batch, summary)
        on_progress(len(batch))
    return summary


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
