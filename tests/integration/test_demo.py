"""The demo programme: participants with profiles that match, an admin, and a story under way, so a demo
mentee and a demo mentor each find a populated app; seeding twice changes nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.demo import (
    DEMO_ADMIN_EMAIL,
    DEMO_MENTEE_EMAIL,
    DEMO_MENTOR_EMAIL,
    DEMO_PARTICIPANTS,
    DEMO_PASSWORD,
    seed_demo,
)
from mentormatch.embeddings import Embedder
from mentormatch.mentorships.models import Mentorship, MentorshipRequest
from mentormatch.notifications.models import Notification
from mentormatch.settings import Settings
from tests.conftest import GraphQL

LOGIN = "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }"
PERSON = "displayName email profile { contactNote }"
APP = f"""
{{
  mentorMatches(first: 5) {{ totalCount edges {{ node {{ mentor {{ displayName }} }} }} }}
  incomingMentorshipRequests(status: [PENDING]) {{
    edges {{ node {{ initiator sender {{ displayName }} message objectives expiresAt }} }}
  }}
  outgoingMentorshipRequests(status: [PENDING]) {{ edges {{ node {{ recipient {{ displayName }} }} }} }}
  myMentorships(status: [ACTIVE]) {{ edges {{ node {{ mentor {{ {PERSON} }} mentee {{ {PERSON} }} }} }} }}
  notifications(unreadOnly: true) {{ unreadCount edges {{ node {{ kind }} }} }}
}}"""


async def story(settings: Settings) -> tuple[set[Any], set[Any], set[Any]]:
    """Every request, mentorship and notification of the demo, to tell whether seeding changed any."""
    assert settings.database_url is not None
    engine = create_engine(settings.database_url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session:
            requests = set(
                (await session.execute(select(MentorshipRequest.id, MentorshipRequest.status))).all()
            )
            mentorships = set((await session.execute(select(Mentorship.id, Mentorship.status))).all())
            notifications = set(await session.scalars(select(Notification.id)))
    finally:
        await engine.dispose()
    return requests, mentorships, notifications


async def test_seed_demo_gives_a_working_programme(
    settings: Settings, embedder: Embedder, gql: GraphQL
) -> None:
    first = await seed_demo(settings, embedder)
    seeded = await story(settings)
    again = await seed_demo(settings, embedder)
    count = len(DEMO_PARTICIPANTS)
    assert f"{count} created" in first
    assert "story: 4 request(s) made" in first
    assert f"0 created, 0 updated, {count} unchanged" in again
    assert "story: 0 request(s) made" in again
    assert await story(settings) == seeded, "a second run adds or changes no request or notification"

    async def token(email: str) -> Any:
        return (await gql.data(LOGIN, {"e": email, "p": DEMO_PASSWORD}))["login"]["token"]

    # The demo mentee: recommendations, a request out, an invitation in, a mentor, unread news.
    richard = await gql.data(APP, token=await token(DEMO_MENTEE_EMAIL))
    recommended = [e["node"]["mentor"]["displayName"] for e in richard["mentorMatches"]["edges"]]
    assert set(recommended[:2]) == {"Zoe Martins", "Arjun Mehta"}, recommended
    assert not {"Maya Chen", "Leo Okafor", "Sam Whitfield"} & set(recommended), "already paired"
    (invitation,) = richard["incomingMentorshipRequests"]["edges"]
    assert invitation["node"]["initiator"] == "MENTOR"
    assert invitation["node"]["sender"]["displayName"] == "Sam Whitfield"
    assert invitation["node"]["objectives"] == ["learn how younger customers discover brands"]
    (sent,) = richard["outgoingMentorshipRequests"]["edges"]
    assert sent["node"]["recipient"]["displayName"] == "Leo Okafor"
    (mentorship,) = richard["myMentorships"]["edges"]
    # Mentor and mentee of an active mentorship can reach each other.
    assert mentorship["node"]["mentor"] == {
        "displayName": "Maya Chen",
        "email": "maya@demo.mentormatch.example",
        "profile": {"contactNote": "Slack @maya.chen, best 9-11am London time"},
    }
    kinds = sorted(e["node"]["kind"] for e in richard["notifications"]["edges"])
    assert kinds == ["REQUEST_ACCEPTED", "REQUEST_RECEIVED"]
    assert richard["notifications"]["unreadCount"] == 2

    # The demo mentor: a request waiting for an answer, a mentee, unread news.
    leo = await gql.data(APP, token=await token(DEMO_MENTOR_EMAIL))
    (waiting,) = leo["incomingMentorshipRequests"]["edges"]
    assert waiting["node"]["sender"]["displayName"] == "Richard Hale"
    (mentee,) = leo["myMentorships"]["edges"]
    assert mentee["node"]["mentee"]["displayName"] == "Grace Adeyemi"
    assert mentee["node"]["mentee"]["profile"]["contactNote"]
    assert leo["notifications"]["unreadCount"] == 2
    # Richard's waiting request did not reveal his details to Leo.
    leo_sees_richard = await gql.data(
        "{ incomingMentorshipRequests(status: [PENDING]) {"
        " edges { node { sender { email profile { contactNote } } } } } }",
        token=await token(DEMO_MENTOR_EMAIL),
    )
    (edge,) = leo_sees_richard["incomingMentorshipRequests"]["edges"]
    assert edge["node"]["sender"] == {"email": None, "profile": {"contactNote": None}}

    admin = await token(DEMO_ADMIN_EMAIL)
    assert (await gql.data("{ me { isAdmin } }", token=admin))["me"]["isAdmin"] is True
    limits = await gql.data("{ matchingSettings { maxMentorsPerMentee } }", token=admin)
    assert limits["matchingSettings"]["maxMentorsPerMentee"] == 2
