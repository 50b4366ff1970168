"""The demo programme: participants with profiles that match, an admin, and a story under way, so a demo
mentee and a demo mentor each find a populated app, and every screen of the feedback loop shows something
real (check-ins, sessions, public ratings, responsiveness, a due check-in, a re-match offer, a final
check-in awaited, the programme's figures); seeding twice changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from mentormatch.accounts.models import User
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
from mentormatch.feedback.models import Feedback, MentorshipSession
from mentormatch.mentorships.models import Mentorship, MentorshipRequest
from mentormatch.notifications.models import Notification
from mentormatch.settings import Settings
from tests.conftest import GraphQL, make_settings

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


async def story(settings: Settings) -> tuple[set[Any], ...]:
    """Every request, mentorship, notification, check-in and session of the demo, to tell whether seeding
    changed any."""
    assert settings.database_url is not None
    engine = create_engine(settings.database_url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session:
            requests = set(
                (await session.execute(select(MentorshipRequest.id, MentorshipRequest.status))).all()
            )
            mentorships = set((await session.execute(select(Mentorship.id, Mentorship.status))).all())
            notifications = set(
                (
                    await session.execute(
                        select(Notification.id, Notification.created_at, Notification.read_at)
                    )
                ).all()
            )
            check_ins = set((await session.execute(select(Feedback.id, Feedback.created_at))).all())
            sessions = set(await session.scalars(select(MentorshipSession.id)))
    finally:
        await engine.dispose()
    return requests, mentorships, notifications, check_ins, sessions


async def test_seed_demo_gives_a_working_programme(
    settings: Settings, embedder: Embedder, gql: GraphQL
) -> None:
    first = await seed_demo(settings, embedder)
    seeded = await story(settings)
    again = await seed_demo(settings, embedder)
    count = len(DEMO_PARTICIPANTS)
    assert f"{count} created" in first
    assert "story: 15 request(s) made" in first
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
    # Maya's acceptance three weeks ago was read long since; Sam's invitation is new.
    kinds = sorted(e["node"]["kind"] for e in richard["notifications"]["edges"])
    assert kinds == ["REQUEST_RECEIVED"]
    assert richard["notifications"]["unreadCount"] == 1

    # The demo mentor: a request waiting for an answer, a mentee, unread news.
    leo = await gql.data(APP, token=await token(DEMO_MENTOR_EMAIL))
    (waiting,) = leo["incomingMentorshipRequests"]["edges"]
    assert waiting["node"]["sender"]["displayName"] == "Richard Hale"
    (mentee,) = leo["myMentorships"]["edges"]
    assert mentee["node"]["mentee"]["displayName"] == "Grace Adeyemi"
    assert mentee["node"]["mentee"]["profile"]["contactNote"]
    # Richard's request, and Marcus ending their mentorship four days ago (with the final check-in asked).
    kinds = sorted(e["node"]["kind"] for e in leo["notifications"]["edges"])
    assert kinds == ["FEEDBACK_DUE", "MENTORSHIP_ENDED", "REQUEST_RECEIVED"]
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

    # Cohort matching has people to pair: waiting mentees with mentors who have free places, and
    # the newcomer without a learning objective left out with why.
    proposed = await gql.data(
        "mutation { proposeCohortMatches { proposal { pairs { mentee { displayName } explanation }"
        " unmatched { mentee { displayName } reason } } errors { code } } }",
        token=admin,
    )
    cohort = proposed["proposeCohortMatches"]["proposal"]
    assert {p["mentee"]["displayName"] for p in cohort["pairs"]} >= {"Olivia Grant", "Sofia Novak"}
    assert all(p["explanation"] for p in cohort["pairs"])
    assert cohort["unmatched"] == [
        {"mentee": {"displayName": "Hannah Weber"}, "reason": "Has no learning objectives to match on."}
    ]

    # The seed made the skill-gap map: real topics, and Japanese, which no demo mentor teaches, unmet.
    gap_map = (
        await gql.data(
            "{ skillGapMap { refreshedAt mentees mentors refreshing { id }"
            " topics { label exampleObjectives supply } topUnmet { exampleObjectives supply } } }",
            token=admin,
        )
    )["skillGapMap"]
    assert gap_map["refreshedAt"] is not None and gap_map["refreshing"] is None
    assert gap_map["mentees"] > 0 and gap_map["mentors"] > 0 and len(gap_map["topics"]) > 5
    unmet = [
        t
        for t in gap_map["topUnmet"]
        if "learn conversational Japanese for client visits" in t["exampleObjectives"]
    ]
    assert unmet and unmet[0]["supply"] == 0, gap_map["topUnmet"]
    assert "skill-gap map: " in first and " unmet" in first


@pytest.fixture
def settings(database_url: str) -> Settings:
    """MENTORSHIPS reads a page of 50 mentorships with all their check-ins and sessions, ~22,000
    objects by the cost estimate: a budget for it (the limit is tested in tests/integration/security)."""
    return make_settings(database_url, MENTORMATCH_GRAPHQL_MAX_COST=100_000)


MENTORSHIPS = """
{
  myMentorships(first: 50) { edges { node {
    status mentor { displayName } mentee { displayName } objectives
    feedbackDue canGiveFeedback feedbackWindowEndsAt rematchOffered
    feedback { authorRole rating goodFit comment final objectiveProgress { objective progress } }
    sessions { heldOn minutes note } sessionCount sessionMinutes
  } } }
}"""
RECORD = """
query($id: ID!) {
  profile(id: $id) { mentorRecord {
    enoughRatings rating ratingCount
    responsiveness { requestsCounted answeredInTime responseRate medianHoursToAnswer summary }
  } }
}"""
SUMMARY = """
{ feedbackSummary {
  checkIns averageRating goodFitRate averageProgress checkInsExpected checkInCompletionRate
  sessionsLogged sessionMinutes requestsDecided requestsAnsweredInTimeRate
  weeks { checkIns sessionsLogged }
} }"""
ANALYTICS = """
{ programAnalytics {
  requestsMade acceptanceRate medianHoursToRespond completedMentorships averageRating goodFitRate
  unmatchedMentees medianDaysUnmatched longestDaysUnmatched
  weeks { requestsMade medianHoursToRespond averageRating unmatchedMentees }
} }"""


async def test_the_demo_shows_the_feedback_loop(settings: Settings, embedder: Embedder, gql: GraphQL) -> None:
    await seed_demo(settings, embedder)

    async def token(name: str) -> Any:
        email = f"{name}@demo.mentormatch.example"
        return (await gql.data(LOGIN, {"e": email, "p": DEMO_PASSWORD}))["login"]["token"]

    async def mentorships_of(name: str) -> dict[str, dict[str, Any]]:
        """Their mentorships by the other participant's name."""
        edges = (await gql.data(MENTORSHIPS, token=await token(name)))["myMentorships"]["edges"]
        seen = {}
        for edge in edges:
            node = edge["node"]
            other = (
                node["mentor"] if node["mentee"]["displayName"].lower().startswith(name) else node["mentee"]
            )
            seen[other["displayName"]] = node
        return seen

    # Richard and Maya, three weeks in: each sees their own check-in (his with progress and a comment),
    # both see the three sessions; neither is due yet.
    richard = (await mentorships_of("richard"))["Maya Chen"]
    (his,) = richard["feedback"]
    assert his["authorRole"] == "MENTEE" and his["comment"]
    assert his["objectiveProgress"] == [{"objective": "understand social media marketing", "progress": 40}]
    assert (richard["sessionCount"], richard["sessionMinutes"]) == (3, 135)
    assert (richard["feedbackDue"], richard["canGiveFeedback"]) == (False, False)
    maya = (await mentorships_of("maya"))["Richard Hale"]
    assert [f["authorRole"] for f in maya["feedback"]] == ["MENTOR"]
    assert maya["sessions"] == richard["sessions"]

    # Leo: Grace's mentorship with both sides' check-ins and four sessions; Marcus's ended four days
    # ago and Leo's final check-in is awaited.
    leo = await mentorships_of("leo")
    assert [f["authorRole"] for f in leo["Grace Adeyemi"]["feedback"]] == ["MENTOR"]
    assert leo["Grace Adeyemi"]["sessionCount"] == 4
    grace = (await mentorships_of("grace"))["Leo Okafor"]
    assert [f["rating"] for f in grace["feedback"]] == [5, 4]
    marcus = leo["Marcus Bell"]
    assert marcus["status"] == "ENDED"
    assert (marcus["feedbackDue"], marcus["canGiveFeedback"]) == (True, True)
    assert [f["final"] for f in marcus["feedback"]] == [False], "his check-in while it lasted, no final yet"
    assert marcus["feedbackWindowEndsAt"] is not None

    # Helen's check-in is due (a banner, and the reminder when she reads her notifications).
    helen_token = await token("helen")
    helen = (await mentorships_of("helen"))["Priya Raman"]
    assert helen["feedbackDue"] is True
    notified = await gql.data("{ notifications { edges { node { kind } } } }", token=helen_token)
    assert "FEEDBACK_DUE" in [e["node"]["kind"] for e in notified["notifications"]["edges"]]

    # David said Tomás is not a good fit: the offer is his, and Tomás never sees it.
    david = (await mentorships_of("david"))["Tomás García"]
    assert david["rematchOffered"] is True
    assert [f["goodFit"] for f in david["feedback"]] == [False]
    assert (await mentorships_of("tomas"))["David Lindqvist"]["rematchOffered"] is False
    told = await gql.data(
        "{ notifications(unreadOnly: true) { edges { node { kind } } } }", token=await token("david")
    )
    assert "REMATCH_OFFERED" in [e["node"]["kind"] for e in told["notifications"]["edges"]]

    # Public records: Priya and Maya, each from 4 rated mentorships of 4 mentees; Leo's responsiveness
    # from his request history (answered in 3, 20 and 48 hours, one left to expire).
    engine = create_engine(settings.database_url or "", pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session:
            rows = await session.execute(select(User.email, User.id))
            ids = {email.split("@")[0]: str(user_id) for email, user_id in rows.tuples()}
    finally:
        await engine.dispose()
    viewer = await token("richard")

    async def record(name: str) -> Any:
        return (await gql.data(RECORD, {"id": ids[name]}, token=viewer))["profile"]["mentorRecord"]

    for name in ("priya", "maya"):
        public = await record(name)
        assert (public["enoughRatings"], public["ratingCount"]) == (True, 4), name
        assert 4 <= public["rating"] <= 5, name
    assert (await record("leo"))["enoughRatings"] is False
    responsiveness = (await record("leo"))["responsiveness"]
    assert (responsiveness["requestsCounted"], responsiveness["answeredInTime"]) == (4, 3)
    assert responsiveness["medianHoursToAnswer"] == 20.0
    assert responsiveness["summary"] == "Usually answers within 20 hours"

    # The programme's figures over the last 12 weeks have something in every part.
    summary = (await gql.data(SUMMARY, token=await token("admin")))["feedbackSummary"]
    for figure in ("checkIns", "checkInsExpected", "sessionsLogged", "sessionMinutes", "requestsDecided"):
        assert summary[figure] > 0, figure
    for figure in ("averageRating", "goodFitRate", "averageProgress", "checkInCompletionRate"):
        assert summary[figure] is not None, figure
    assert summary["requestsAnsweredInTimeRate"] < 1, "Leo let one expire"
    assert sum(1 for week in summary["weeks"] if week["checkIns"]) >= 6

    # Every chart of the analytics screen shows something real: the funnel, ratings and time to respond
    # in several weeks, and mentees who joined over the weeks waiting for a mentor, some for days.
    analytics = (await gql.data(ANALYTICS, token=await token("admin")))["programAnalytics"]
    assert analytics["requestsMade"] > 0 and analytics["completedMentorships"] > 0
    weeks = analytics["weeks"]
    for figure in ("requestsMade", "medianHoursToRespond", "averageRating"):
        assert sum(1 for week in weeks if week[figure]) >= 4, figure
    waiting = [week["unmatchedMentees"] for week in weeks]
    assert max(waiting) > 0 and len(set(waiting)) >= 3, waiting
    assert analytics["unmatchedMentees"] > 0 and analytics["medianDaysUnmatched"] >= 1
