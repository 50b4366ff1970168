"""The rules of profiles: who sees a profile, and writing one with its vectors in one transaction.

Every expertise item, objective, headline and bio is an item with its own vector; the whole profile's
vector is the normalised mean of them. Vectors are keyed by a SHA-256 of their text: an unchanged text
keeps its vector (and a text already stored for anyone is not embedded again), so editing one objective
embeds exactly that objective.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Collection, Sequence

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.sql.base import ExecutableOption

from mentormatch.accounts.service import Viewer
from mentormatch.embeddings.service import Embedder
from mentormatch.profiles.models import ItemKind, Profile, ProfileItem, ProfileSkill
from mentormatch.profiles.validation import PROFILE_ATTRIBUTES, ProfileChanges

Db = async_sessionmaker[AsyncSession]


def content_hash(text: str) -> bytes:
    return hashlib.sha256(text.encode()).digest()


def with_contents() -> list[ExecutableOption]:
    """Loader options: a profile together with its items and skills."""
    return [
        joinedload(Profile.user, innerjoin=True),
        selectinload(Profile.items),
        selectinload(Profile.skills),
    ]


async def lock_profiles(session: AsyncSession, user_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Profile]:
    """The profiles of these users, created empty where missing, locked for this transaction."""
    await session.execute(
        insert(Profile).values([{"user_id": user_id} for user_id in user_ids]).on_conflict_do_nothing()
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


def apply_changes(profile: Profile, changes: ProfileChanges) -> bool:
    """Set the given fields, items and skills on the (loaded) profile; vectors come later.

    Returns whether anything changed (and if so stamps `updated_at`).
    """
    before = snapshot(profile)
    for attribute, value in changes.values.items():
        if getattr(profile, attribute) != value:
            setattr(profile, attribute, value)
    for kind, texts in ((ItemKind.EXPERTISE, changes.expertise), (ItemKind.OBJECTIVE, changes.objectives)):
        if texts is not None:
            _replace_items(profile, kind, texts)
    _replace_items(profile, ItemKind.SUMMARY, [text for text in (profile.headline, profile.bio) if text])
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
        digest = content_hash(text)
        if reusable.get(digest):
            item = reusable[digest].pop(0)
            item.position = position
        else:
            item = ProfileItem(kind=kind, position=position, text=text, content_hash=digest)
        items.append(item)
    profile.items = [item for item in profile.items if item.kind is not kind] + items


async def embed_missing(
    session: AsyncSession, embedder: Embedder, profiles: Sequence[Profile], *, reuse_stored: bool = True
) -> None:
    """Give every item without a vector its vector, then recompute each profile's vector.

    A text already stored elsewhere (same content hash) takes that vector unless `reuse_stored` is off
    (a reindex must not copy vectors of the previous model); the rest are embedded in one batch, each
    distinct text once.
    """
    missing = {item.content_hash: item.text for p in profiles for item in p.items if item.embedding is None}
    vectors: dict[bytes, object] = {}
    if missing and reuse_stored:
        # The new items are not flushed yet: they have no vector, which the table would refuse.
        with session.no_autoflush:
            known = await session.execute(
                select(ProfileItem.content_hash, ProfileItem.embedding)
                .where(ProfileItem.content_hash.in_(list(missing)), ProfileItem.embedding.is_not(None))
                .distinct(ProfileItem.content_hash)
            )
        vectors.update(known.tuples().all())
    to_embed = {digest: text for digest, text in missing.items() if digest not in vectors}
    if to_embed:
        vectors.update(zip(to_embed, await embedder.encode(list(to_embed.values())), strict=True))
    for profile in profiles:
        for item in profile.items:
            if item.embedding is None:
                item.embedding = vectors[item.content_hash]
        set_profile_vector(profile)


def set_profile_vector(profile: Profile) -> None:
    """The whole-profile vector: the normalised mean of the item vectors."""
    if not profile.items:
        if profile.embedding is not None:
            profile.embedding = None
        return
    mean = np.mean([np.asarray(item.embedding, dtype=np.float32) for item in profile.items], axis=0)
    norm = float(np.linalg.norm(mean))
    vector = mean / norm if norm > 0 else mean
    if profile.embedding is None or not np.allclose(np.asarray(profile.embedding), vector, atol=1e-6):
        profile.embedding = vector


async def update_profile(
    db: Db, embedder: Embedder, *, user_id: uuid.UUID, changes: ProfileChanges
) -> Profile:
    """Apply the changes and store every new vector; on any failure nothing is written."""
    async with db.begin() as session:
        profile = (await lock_profiles(session, [user_id]))[user_id]
        apply_changes(profile, changes)
        await embed_missing(session, embedder, [profile])
        await session.flush()
        await session.refresh(profile, ["updated_at"])
        return profile


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
