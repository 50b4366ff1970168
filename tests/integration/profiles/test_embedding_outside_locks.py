"""Embedding happens before a profile is locked: while the model works on someone's texts, no pooled
connection is held for it and their mentorships can still be accepted; of two concurrent edits the one
that commits last is what is stored, with vectors that fit its texts. (A failed embedding writing nothing
is test_update_profile.py's test_failed_embedding_writes_nothing.)"""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

from sqlalchemy import delete, select, update

from mentormatch.accounts.models import User
from mentormatch.accounts.passwords import hash_password, verify_password
from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.embeddings import Embedder
from mentormatch.mentorships import service as mentorships
from mentormatch.mentorships.models import RequestStatus
from mentormatch.profiles.bulk import import_participants
from mentormatch.profiles.models import ItemKind, Profile
from mentormatch.profiles.service import update_profile
from mentormatch.profiles.validation import parse_profile_input
from tests.conftest import GraphQL
from tests.integration.accounts.test_auth import register
from tests.integration.mentorships.conftest import active_mentees, ask, participant
from tests.integration.profiles.conftest import (
    Db,
    EncodeGate,
    assert_vectors_fit_texts,
    in_thread,
    stored_profile,
)
from tests.integration.profiles.test_update_profile import UPDATE


async def requested_by_a_mentee(db: Db, mentor_id: uuid.UUID) -> uuid.UUID:
    """A pending request from a new mentee to the mentor; its id."""
    mentee_id = await participant(db, f"Mentee {uuid.uuid4().hex[:6]}", seeks_mentoring=True)
    request = await ask(db, mentee_id, mentor_id)
    return request.id


async def test_update_waiting_on_the_model_holds_no_connection_and_lets_an_accept_through(
    gql: GraphQL, gate: EncodeGate, impatient: Db, embedder: Embedder
) -> None:
    mentor = await register(gql, "mentor@example.com")
    mentor_id = uuid.UUID(mentor["user"]["id"])
    start = {"canMentor": True, "capacity": 2, "expertise": ["coaching public speaking"]}
    assert (await gql.data(UPDATE, {"input": start}, token=mentor["token"]))["updateMyProfile"][
        "errors"
    ] == []
    request_id = await requested_by_a_mentee(impatient, mentor_id)

    held = gate.hold("negotiating a pay rise")
    expertise = ["coaching public speaking", "negotiating a pay rise"]
    update = in_thread(gql(UPDATE, {"input": {"expertise": expertise}}, token=mentor["token"]))
    await held.reached(update)

    app_engine = gql.client.app.state.resources.engine
    assert app_engine.pool.checkedout() == 0, "no pooled connection is held while the model works"
    accepted = await mentorships.accept_request(impatient, viewer_id=mentor_id, request_id=request_id)
    assert accepted.status is RequestStatus.ACCEPTED, "the accept did not wait for the model"

    held.release()
    result = (await update)["data"]["updateMyProfile"]
    assert result["errors"] == []
    assert result["profile"]["expertise"] == expertise
    assert await active_mentees(impatient, mentor_id) == 1, "the edit was written onto the row as accepted"
    assert_vectors_fit_texts(await stored_profile(impatient, mentor_id), embedder)


async def test_import_waiting_on_the_model_holds_no_connection_and_lets_an_accept_through(
    database_url: str, gate: EncodeGate, impatient: Db, embedder: Embedder
) -> None:
    mentor_id = await participant(impatient, "Mentor Mia", can_mentor=True, capacity=2)
    request_id = await requested_by_a_mentee(impatient, mentor_id)
    lines = [
        json.dumps(
            {
                "email": "mentor.mia@example.com",
                "displayName": "Mentor Mia",
                "canMentor": True,
                "expertise": ["leading a design critique"],
            }
        ),
        json.dumps({"email": "new@example.com", "displayName": "New Nia", "objectives": ["learn Figma"]}),
    ]
    engine = create_engine(database_url, pool_size=2)
    try:
        held = gate.hold("leading a design critique")
        task = import_participants(create_sessionmaker(engine), embedder, lines)
        importing = asyncio.create_task(task)
        await held.reached(importing)

        assert engine.pool.checkedout() == 0, "no pooled connection is held while the model works"
        accepted = await mentorships.accept_request(impatient, viewer_id=mentor_id, request_id=request_id)
        assert accepted.status is RequestStatus.ACCEPTED, "the accept did not wait for the model"

        held.release()
        summary = await importing
    finally:
        await engine.dispose()
    assert str(summary) == "1 created, 1 updated, 0 unchanged, 0 rejected"
    assert await active_mentees(impatient, mentor_id) == 1
    profile = await stored_profile(impatient, mentor_id)
    assert profile.texts(ItemKind.EXPERTISE) == ["leading a design critique"]
    assert_vectors_fit_texts(profile, embedder)


async def test_of_two_concurrent_edits_the_one_committed_last_is_stored(
    gate: EncodeGate, impatient: Db, embedder: Embedder
) -> None:
    user_id = await participant(impatient, "Ada")

    async def edit(**changes: Any) -> Profile:
        return await update_profile(
            impatient, embedder, user_id=user_id, changes=parse_profile_input(changes)
        )

    await edit(headline="Data engineer", bio="I build pipelines.", expertise=["building data pipelines"])

    held = gate.hold("designing data warehouses")
    first = asyncio.create_task(
        edit(
            expertise=["building data pipelines", "designing data warehouses"],
            bio="Pipelines and warehouses.",
        )
    )
    await held.reached(first)
    # Started later, committed first: the first edit is still waiting on the model.
    await edit(expertise=["teaching SQL"], headline="Analytics lead")
    held.release()
    await first

    profile = await stored_profile(impatient, user_id)
    assert profile.texts(ItemKind.EXPERTISE) == ["building data pipelines", "designing data warehouses"]
    assert profile.bio == "Pipelines and warehouses."
    assert profile.headline == "Analytics lead", "what only the earlier commit changed is kept"
    assert profile.texts(ItemKind.SUMMARY) == ["Analytics lead", "Pipelines and warehouses."]
    assert_vectors_fit_texts(profile, embedder)


async def test_an_account_deleted_during_an_import_is_created_again_with_the_files_password(
    database_url: str, gate: EncodeGate, impatient: Db, embedder: Embedder
) -> None:
    """The import hashes passwords before its transaction too; one that turns out to be needed only when
    the batch is written (the account is gone) is hashed then, with the batch rolled back meanwhile."""
    line = {
        "email": "ivy@example.com",
        "displayName": "Ivy",
        "password": "ivy-has-a-long-passphrase-7",
        "expertise": ["planning a product launch"],
    }
    ivy = await participant(impatient, "Ivy")
    async with impatient.begin() as session:
        await session.execute(
            update(User).where(User.id == ivy).values(password_hash=hash_password("an-older-passphrase-3"))
        )
    engine = create_engine(database_url, pool_size=2)
    try:
        held = gate.hold("planning a product launch")
        importing = asyncio.create_task(
            import_participants(create_sessionmaker(engine), embedder, [json.dumps(line)])
        )
        await held.reached(importing)
        async with impatient.begin() as session:
            await session.execute(delete(User).where(User.id == ivy))
        held.release()
        summary = await importing
    finally:
        await engine.dispose()
    assert str(summary) == "1 created, 0 updated, 0 unchanged, 0 rejected"
    async with impatient() as session:
        user = await session.scalar(select(User).where(User.email == "ivy@example.com"))
    assert user is not None and verify_password(line["password"], user.password_hash)
    assert_vectors_fit_texts(await stored_profile(impatient, user.id), embedder)
