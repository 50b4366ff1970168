"""The demo programme `mentormatch seed-demo` creates: participants you can sign in as.

Every demo account's password is DEMO_PASSWORD. Seeding is an upsert by email, so running it again
changes nothing.
"""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from mentormatch.accounts.models import User
from mentormatch.accounts.passwords import hash_password
from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.embeddings import Embedder
from mentormatch.settings import Settings

DEMO_PASSWORD = "mentormatch-demo"
DEMO_DOMAIN = "demo.mentormatch.example"

DEMO_ADMIN: dict[str, str] = {"email": f"admin@{DEMO_DOMAIN}", "displayName": "Programme Admin"}

DEMO_PARTICIPANTS: list[dict[str, str]] = [
    {"email": f"maya@{DEMO_DOMAIN}", "displayName": "Maya Chen"},
    {"email": f"leo@{DEMO_DOMAIN}", "displayName": "Leo Okafor"},
    {"email": f"priya@{DEMO_DOMAIN}", "displayName": "Priya Raman"},
    {"email": f"sam@{DEMO_DOMAIN}", "displayName": "Sam Whitfield"},
    {"email": f"elena@{DEMO_DOMAIN}", "displayName": "Elena Rossi"},
    {"email": f"tomas@{DEMO_DOMAIN}", "displayName": "Tomás García"},
    {"email": f"grace@{DEMO_DOMAIN}", "displayName": "Grace Adeyemi"},
    {"email": f"richard@{DEMO_DOMAIN}", "displayName": "Richard Hale"},
    {"email": f"helen@{DEMO_DOMAIN}", "displayName": "Helen Park"},
    {"email": f"david@{DEMO_DOMAIN}", "displayName": "David Lindqvist"},
]


async def seed_demo(settings: Settings, embedder: Embedder) -> str:
    """Create the demo accounts that do not exist yet; return a one-line summary."""
    assert settings.database_url is not None
    engine = create_engine(settings.database_url, pool_size=2)
    db = create_sessionmaker(engine)
    password_hash = hash_password(DEMO_PASSWORD)
    created = 0
    try:
        async with db.begin() as session:
            for person, is_admin in [(DEMO_ADMIN, True), *((p, False) for p in DEMO_PARTICIPANTS)]:
                user_id = await session.scalar(
                    insert(User)
                    .values(
                        id=uuid.uuid4(),
                        email=person["email"],
                        display_name=person["displayName"],
                        password_hash=password_hash,
                        is_admin=is_admin,
                    )
                    .on_conflict_do_nothing(index_elements=[User.email])
                    .returning(User.id)
                )
                created += user_id is not None
    finally:
        await engine.dispose()
    total = 1 + len(DEMO_PARTICIPANTS)
    return (
        f"demo: {created} account(s) created, {total - created} already present; password '{DEMO_PASSWORD}'"
    )


async def seed_demo_if_empty(settings: Settings, embedder: Embedder) -> None:
    """Seed the demo on a database without any account (the first run of `make run`)."""
    assert settings.database_url is not None
    engine = create_engine(settings.database_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            users = await connection.scalar(select(func.count()).select_from(User))
    finally:
        await engine.dispose()
    if not users:
        print(await seed_demo(settings, embedder))
