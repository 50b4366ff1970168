"""The rules of profiles: who sees a profile, and writing one with its vectors in one transaction.

Every expertise item and objective has its own vector, plus one vector of the whole profile. Vectors are
keyed by a SHA-256 of their text: an unchanged text keeps its vector, so editing one objective embeds
exactly that objective (and the whole-profile text, which changed with it).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import joinedload, selectinload

from mentormatch.accounts.service import Viewer
from mentormatch.embeddings.service import Embedder, Vectors
from mentormatch.profiles.models import ItemKind, Profile, ProfileItem, ProfileSkill
from mentormatch.profiles.validation import PROFILE_ATTRIBUTES, ProfileChanges

Db = async_sessionmaker[AsyncSession]


def content_hash(text: str) -> bytes:
    return hashlib.sha256(text.encode()).digest()


def profile_document(profile: Profile) -> str:
    """The whole profile as one text, embedded as the profile's own vector."""
    parts = [profile.headline or "", profile.bio or ""]
    if expertise := profile.texts(ItemKind.EXPERTISE):
        parts.append("Can teach: " + "; ".join(expertise))
    if objectives := profile.texts(ItemKind.OBJECTIVE):
        parts.append("Wants to learn: " + "; ".join(objectives))
    if profile.skills:
        parts.append("Skills: " + ", ".join(skill.name for skill in profile.skills))
    return "\n".join(part for part in parts if part)


def with_contents() -> list[object]:
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
        .options(*with_contents())  # type: ignore[arg-type]
        .order_by(Profile.user_id)
        .with_for_update(of=Profile)
        .execution_options(populate_existing=True)
    )
    return {profile.user_id: profile for profile in rows}


@dataclass
class PendingEmbeddings:
    """Texts (by hash) that need a vector before a batch of profile changes can be written."""

    texts: dict[bytes, str]

    def fill(self, vectors: Vectors) -> dict[bytes, np.ndarray]:
        return dict(zip(self.texts, vectors, strict=True))


def apply_changes(profile: Profile, changes: ProfileChanges) -> None:
    """Set the given fields, items and skills on the (loaded) profile; vectors come later."""
    for attribute, value in changes.values.items():
        if getattr(profile, attribute) != value:
            setattr(profile, attribute, value)
    for kind, texts in ((ItemKind.EXPERTISE, changes.expertise), (ItemKind.OBJECTIVE, changes.objectives)):
        if texts is not None:
            _replace_items(profile, kind, texts)
    if changes.skills is not None:
        current = [(s.name, s.level) for s in profile.skills]
        if current != [(s.name, s.level) for s in changes.skills]:
            profile.skills = [
                ProfileSkill(key=s.key, name=s.name, level=s.level, position=n)
                for n, s in enumerate(changes.skills)
            ]


def _replace_items(profile: Profile, kind: ItemKind, texts: list[str]) -> None:
    """Make the items of `kind` equal `texts`, reusing (and so keeping the vector of) unchanged ones."""
    others = [item for item in profile.items if item.kind is not kind]
    reusable: dict[bytes, list[ProfileItem]] = {}
    for item in profile.items:
        if item.kind is kind:
            reusable.setdefault(item.content_hash, []).append(item)
    items: list[ProfileItem] = []
    for position, text in enumerate(texts):
        digest = content_hash(text)
        if reusable.get(digest):
            item = reusable[digest].pop(0)
            if item.position != position:
                item.position = position
        else:
            item = ProfileItem(kind=kind, position=position, text=text, content_hash=digest)
        items.append(item)
    profile.items = others + items


def missing_embeddings(profiles: Sequence[Profile]) -> PendingEmbeddings:
    """The texts of these profiles that have no vector yet (new items, changed whole-profile texts)."""
    texts: dict[bytes, str] = {}
    for profile in profiles:
        for item in profile.items:
            if item.embedding is None:
                texts[item.content_hash] = item.text
        document = profile_document(profile)
        if document and profile.embedding_hash != content_hash(document):
            texts[content_hash(document)] = document
        elif not document and profile.embedding is not None:
            profile.embedding, profile.embedding_hash = None, None
    return PendingEmbeddings(texts)


def store_embeddings(profiles: Sequence[Profile], vectors: dict[bytes, np.ndarray]) -> None:
    """Put the computed vectors on the items and profiles that were missing them."""
    for profile in profiles:
        for item in profile.items:
            if item.embedding is None:
                item.embedding = vectors[item.content_hash].tolist()
        document = profile_document(profile)
        digest = content_hash(document)
        if document and profile.embedding_hash != digest:
            profile.embedding, profile.embedding_hash = vectors[digest].tolist(), digest


async def update_profile(
    db: Db, embedder: Embedder, *, user_id: uuid.UUID, changes: ProfileChanges
) -> Profile:
    """Apply the changes and store every new vector; on any failure nothing is written."""
    async with db.begin() as session:
        profile = (await lock_profiles(session, [user_id]))[user_id]
        apply_changes(profile, changes)
        pending = missing_embeddings([profile])
        vectors = await embedder.encode(list(pending.texts.values()))
        store_embeddings([profile], pending.fill(vectors))
        await session.flush()
        await session.refresh(profile, ["updated_at"])
        return profile


async def visible_profile(db: Db, *, viewer: Viewer | None, user_id: uuid.UUID) -> Profile | None:
    """A profile as `viewer` may see it: hidden or suspended participants' only to themselves and admins."""
    async with db() as session:
        profile = await session.scalar(
            select(Profile).where(Profile.user_id == user_id).options(*with_contents())  # type: ignore[arg-type]
        )
    if profile is None:
        return None
    restricted = profile.is_hidden or profile.user.is_suspended
    if restricted and not (viewer is not None and (viewer.user.id == user_id or viewer.is_admin)):
        return None
    return profile


def snapshot(profile: Profile) -> tuple[object, ...]:
    """Everything a participant wrote, to tell whether a change changed anything."""
    return (
        tuple(getattr(profile, attribute) for attribute in PROFILE_ATTRIBUTES),
        tuple((item.kind, item.position, item.content_hash) for item in profile.items),
        tuple((skill.name, skill.level) for skill in profile.skills),
    )
