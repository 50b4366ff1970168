"""The rules of profiles: who sees a profile, and writing one with its vectors in one transaction.

Every expertise item, objective, headline and bio is an item with its own vector; the whole profile's
vector is the normalised mean of them. Vectors are keyed by a SHA-256 of their text: an unchanged text
keeps its vector (and a text already stored for anyone is not embedded again), so editing one objective
embeds exactly that objective.

Embedding is slow, so it happens before the write, with no transaction open and no connection checked
out, planned from the profile as last committed. The write then locks the profile only long enough to apply
the changes to the row as it is now and fill in the vectors computed before. Should an item still lack a
vector then (a concurrent write brought its text in), the write rolls back, that text is embedded, and the
write runs again.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from typing import TypeVar

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.sql.base import ExecutableOption

from mentormatch.accounts.service import Viewer
from mentormatch.db.engine import read_only
from mentormatch.embeddings.service import Embedder
from mentormatch.errors import ErrorCode, ServiceError
from mentormatch.profiles.models import ItemKind, Profile, ProfileItem, ProfileSkill
from mentormatch.profiles.validation import PROFILE_ATTRIBUTES, ProfileChanges
from mentormatch.programme import service as programme

Db = async_sessionmaker[AsyncSession]
T = TypeVar("T")
# Vectors by their items' content hash.
Vectors = dict[bytes, object]
# What is embedded for a content hash: the text and its kind (an objective is embedded as a need).
Texts = Mapping[bytes, tuple[str, ItemKind]]
# A write is retried only when a concurrent write brought in something it had not computed beforehand;
# running out of attempts means the rows are rewritten faster than the model can keep up.
WRITE_ATTEMPTS = 5

# Prefixed to an objective's text in its content hash (migration 0011 rehashed the stored ones).
NEED_MARKER = b"need\0"


def content_hash(text: str, kind: ItemKind) -> bytes:
    """The key an item's vector is stored and reused under. An objective is embedded as a need (without
    the frame it is written in: see embeddings.phrasing), so its key differs from the same text's as
    expertise or summary."""
    marker = NEED_MARKER if kind is ItemKind.OBJECTIVE else b""
    return hashlib.sha256(marker + text.encode()).digest()


def with_contents() -> list[ExecutableOption]:
    """Loader options: a profile together with its items and skills."""
    return [
        joinedload(Profile.user, innerjoin=True),
        selectinload(Profile.items),
        selectinload(Profile.skills),
    ]


async def lock_profiles(
    session: AsyncSession, user_ids: Sequence[uuid.UUID], *, create_missing: bool = True
) -> dict[uuid.UUID, Profile]:
    """The profiles of these users, created empty where missing (unless told not to) with the
    programme's default capacity, locked for this transaction."""
    if create_missing:
        capacity = (await programme.current(session)).default_capacity
        await session.execute(
            insert(Profile)
            .values([{"user_id": user_id, "capacity": capacity} for user_id in user_ids])
            .on_conflict_do_nothing()
        )
    rows = await session.scalars(
        select(Profile)
        .where(Profile.user_id.in_(user_ids))
        .options(*with_contents())
        .order_by(Profile.user_id)
        .with_for_update(of=Profile)
        .execution_options(populate_existing=True)
    )
    return {profile.user_id: profile for profile in rows}


async def stored_profiles(db: Db, user_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Profile]:
    """The profiles of these users as last committed, with their items, unlocked: what a write plans from."""
    async with read_only(db) as session:
        rows = await session.scalars(
            select(Profile).where(Profile.user_id.in_(user_ids)).options(selectinload(Profile.items))
        )
        return {profile.user_id: profile for profile in rows}


def item_texts(profile: Profile | None, changes: ProfileChanges) -> dict[ItemKind, list[str]]:
    """The texts of each kind of item once `changes` are applied to `profile` (None: a new profile)."""

    def given_or_kept(given: list[str] | None, kind: ItemKind) -> list[str]:
        if given is not None:
            return given
        return profile.texts(kind) if profile is not None else []

    def value(attribute: str) -> str | None:
        if attribute in changes.values:
            return changes.values[attribute]
        return getattr(profile, attribute) if profile is not None else None

    return {
        ItemKind.EXPERTISE: given_or_kept(changes.expertise, ItemKind.EXPERTISE),
        ItemKind.OBJECTIVE: given_or_kept(changes.objectives, ItemKind.OBJECTIVE),
        ItemKind.SUMMARY: [text for text in (value("headline"), value("bio")) if text],
    }


def apply_changes(profile: Profile, changes: ProfileChanges) -> bool:
    """Set the given fields, items and skills on the (loaded) profile; vectors come later.

    Returns whether anything changed (and if so stamps `updated_at`).
    """
    before = snapshot(profile)
    for attribute, value in changes.values.items():
        if getattr(profile, attribute) != value:
            setattr(profile, attribute, value)
    for kind, texts in item_texts(profile, changes).items():
        _replace_items(profile, kind, texts)
    if changes.skills is not None:
        current = [(s.name, s.level) for s in profile.skills]
        if current != [(s.name, s.level) for s in changes.skills]:
            profile.skills = [
                ProfileSkill(key=s.key, name=s.name, level=s.level, position=n)
                for n, s in enumerate(changes.skills)
            ]
    if snapshot(profile) == before:
        return False
    profile.updated_at = func.now()
    return True


def _replace_items(profile: Profile, kind: ItemKind, texts: list[str]) -> None:
    """Make the items of `kind` equal `texts`, reusing (and so keeping the vector of) unchanged ones."""
    current = [item for item in profile.items if item.kind is kind]
    if [item.text for item in current] == texts:
        return
    reusable: dict[bytes, list[ProfileItem]] = {}
    for item in current:
        reusable.setdefault(item.content_hash, []).append(item)
    items: list[ProfileItem] = []
    for position, text in enumerate(texts):
        digest = content_hash(text, kind)
        if reusable.get(digest):
            item = reusable[digest].pop(0)
            item.position = position
        else:
            item = ProfileItem(kind=kind, position=position, text=text, content_hash=digest)
        items.append(item)
    profile.items = [item for item in profile.items if item.kind is not kind] + items


class RetryAfterComputing(Exception):
    """Raised inside a write to roll it back: `compute` supplies what the write lacked (work too slow for a
    transaction, such as embedding a text a concurrent edit brought in), then the write runs again."""

    def __init__(self, compute: Callable[[], Awaitable[None]]) -> None:
        super().__init__("a write needs more precomputed input")
        self.compute = compute


async def write_after_computing(db: Db, write: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run `write` in one short transaction; when it raises RetryAfterComputing, roll back, compute with no
    connection checked out, and run it again on the rows as they are then."""
    for _ in range(WRITE_ATTEMPTS):
        try:
            async with db.begin() as session:
                return await write(session)
        except RetryAfterComputing as retry:
            await retry.compute()
    raise ServiceError(ErrorCode.CONFLICT, "The profile kept changing while it was saved; try again.")


async def vectors_for(db: Db, embedder: Embedder, texts: Texts, *, reuse_stored: bool = True) -> Vectors:
    """The vectors of these texts (keyed by content hash), computed outside any transaction.

    A text already stored for anyone takes that vector unless `reuse_stored` is off (a reindex must not
    copy vectors of the previous model); the rest are embedded in one batch, each distinct text once, with
    no connection checked out.
    """
    vectors: Vectors = {}
    if texts and reuse_stored:
        async with read_only(db) as session:
            known = await session.execute(
                select(ProfileItem.content_hash, ProfileItem.embedding)
                .where(ProfileItem.content_hash.in_(list(texts)))
                .distinct(ProfileItem.content_hash)
            )
            vectors.update(known.tuples().all())
    for needs in (False, True):
        to_embed = {
            digest: text
            for digest, (text, kind) in texts.items()
            if digest not in vectors and (kind is ItemKind.OBJECTIVE) is needs
        }
        if to_embed:
            encoded = await embedder.encode(list(to_embed.values()), needs=needs)
            vectors.update(zip(to_embed, encoded, strict=True))
    return vectors


async def vectors_for_changes(
    db: Db,
    embedder: Embedder,
    plans: Sequence[tuple[Profile | None, ProfileChanges]],
    *,
    known: Mapping[bytes, object] | None = None,
) -> Vectors:
    """Every vector writing these changes onto these (unlocked, possibly stale) profiles will need: the
    profiles' own item vectors, and those of the texts the changes bring in. `known`: vectors computed
    but not committed yet (an import's previous batch), taken before the database or the model."""
    vectors: Vectors = {item.content_hash: item.embedding for p, _ in plans if p for item in p.items}
    texts: dict[bytes, tuple[str, ItemKind]] = {}
    for profile, changes in plans:
        for kind, kind_texts in item_texts(profile, changes).items():
            for text in kind_texts:
                digest = content_hash(text, kind)
                if digest in vectors:
                    continue
                if known is not None and digest in known:
                    vectors[digest] = known[digest]
                else:
                    texts[digest] = (text, kind)
    vectors.update(await vectors_for(db, embedder, texts))
    return vectors


def store_vectors(
    db: Db, embedder: Embedder, profiles: Sequence[Profile], vectors: Vectors, *, reuse_stored: bool = True
) -> None:
    """Give every item without a vector its vector from `vectors`, then recompute each profile's vector.

    Inside a write: a text that has no vector there yet (a concurrent edit brought it in) raises
    RetryAfterComputing, which embeds it into `vectors` once the write has rolled back.
    """
    missing = {
        item.content_hash: (item.text, item.kind)
        for profile in profiles
        for item in profile.items
        if item.embedding is None and item.content_hash not in vectors
    }
    if missing:

        async def embed_missing() -> None:
            vectors.update(await vectors_for(db, embedder, missing, reuse_stored=reuse_stored))

        raise RetryAfterComputing(embed_missing)
    for profile in profiles:
        for item in profile.items:
            if item.embedding is None:
                item.embedding = vectors[item.content_hash]
        set_profile_vector(profile)


def profile_vector(item_vectors: Sequence[object]) -> np.ndarray:
    """The whole-profile vector of these item vectors: their normalised mean."""
    mean = np.mean([np.asarray(vector, dtype=np.float32) for vector in item_vectors], axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm > 0 else mean


def set_profile_vector(profile: Profile) -> None:
    """The whole-profile vector: the normalised mean of the item vectors."""
    if not profile.items:
        if profile.embedding is not None:
            profile.embedding = None
        return
    vector = profile_vector([item.embedding for item in profile.items])
    if profile.embedding is None or not np.allclose(np.asarray(profile.embedding), vector, atol=1e-6):
        profile.embedding = vector  # type: ignore[assignment]  # pgvector binds numpy arrays too


async def update_profile(
    db: Db, embedder: Embedder, *, user_id: uuid.UUID, changes: ProfileChanges
) -> Profile:
    """Apply the changes and store every new vector, embedded before the profile is locked; on any
    failure nothing is written, and of two concurrent edits the one that commits last wins."""
    stored = (await stored_profiles(db, [user_id])).get(user_id)
    vectors = await vectors_for_changes(db, embedder, [(stored, changes)])

    async def write(session: AsyncSession) -> Profile:
        profile = (await lock_profiles(session, [user_id]))[user_id]
        apply_changes(profile, changes)
        store_vectors(db, embedder, [profile], vectors)
        await session.flush()
        await session.refresh(profile, ["updated_at"])
        return profile

    return await write_after_computing(db, write)


def may_see_profile(viewer: Viewer | None, profile: Profile) -> bool:
    """Who sees whose profile: a signed-in viewer sees everyone's but hidden or suspended participants',
    which only their owners and admins see; an anonymous caller sees none."""
    if viewer is None:
        return False
    if viewer.user.id == profile.user_id or viewer.is_admin:
        return True
    return not (profile.is_hidden or profile.user.is_suspended)


async def visible_profiles(
    db: Db, *, viewer: Viewer | None, user_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, Profile]:
    """The profiles of these users that `viewer` may see, with their users, items and skills, read in
    three statements however many users are asked for."""
    async with db() as session:
        profiles = await session.scalars(
            select(Profile).where(Profile.user_id.in_(set(user_ids))).options(*with_contents())
        )
        return {profile.user_id: profile for profile in profiles if may_see_profile(viewer, profile)}


def snapshot(profile: Profile) -> tuple[object, ...]:
    """Everything a participant wrote, to tell whether a change changed anything."""
    return (
        tuple(getattr(profile, attribute) for attribute in PROFILE_ATTRIBUTES),
        tuple((item.kind, item.position, item.content_hash) for item in profile.items),
        tuple((skill.name, skill.level) for skill in profile.skills),
    )
