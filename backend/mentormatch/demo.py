"""The demo programme `mentormatch seed-demo` creates: an admin, participants with real profiles, and a
story under way, so a demo participant who signs in finds a populated app.

Younger mentors teach what they know best (social media, AI tools, data, gaming); senior colleagues want
to learn it. Every demo account's password is DEMO_PASSWORD. Seeding goes through the same paths as the
app: the participants through `mentormatch import` (upsert by email), the story (`DEMO_STORY`) through the
mentorship services, so its requests, mentorships and notifications are exactly what the app would make.

The demo mentee (DEMO_MENTEE_EMAIL, Richard, a chief marketing officer) has learning objectives
(recommendations), an active mentorship with Maya, a pending request to Leo, a pending invitation from
Sam and unread notifications. The demo mentor (DEMO_MENTOR_EMAIL, Leo) has an active mentorship with
Grace, Richard's pending request and unread notifications. Being mentored by Maya while asking Leo and
being invited by Sam needs room for two mentors at once, so the demo programme's `maxMentorsPerMentee`
is raised to 2 (through `update_programme_settings`, by the demo admin) when the story is seeded.

Running it again changes nothing: accounts are upserted unchanged, and a step of the story is played only
for a pair that has never had a request (so what someone did in the app is not undone).
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select

from mentormatch.accounts.models import User
from mentormatch.accounts.service import create_admin
from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.embeddings import Embedder
from mentormatch.errors import ServiceError
from mentormatch.matching.service import Db, programme_settings, update_programme_settings
from mentormatch.mentorships import service as mentorships
from mentormatch.mentorships.models import MentorshipRequest
from mentormatch.mentorships.service import Role
from mentormatch.profiles.bulk import import_participants
from mentormatch.settings import Settings

log = logging.getLogger(__name__)

DEMO_PASSWORD = "mentormatch-demo"
DEMO_DOMAIN = "demo.mentormatch.example"
DEMO_ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"
# Who to sign in as to see the app populated, from either side.
DEMO_MENTEE_EMAIL = f"richard@{DEMO_DOMAIN}"
DEMO_MENTOR_EMAIL = f"leo@{DEMO_DOMAIN}"
# The story needs a mentee with one mentor and further requests open: room for two mentors at once.
DEMO_MAX_MENTORS_PER_MENTEE = 2

_MENTOR = {"canMentor": True, "seeksMentoring": False, "capacity": 2, "acceptingRequests": True}
_MENTEE = {"canMentor": False, "seeksMentoring": True}

DEMO_PARTICIPANTS: list[dict[str, object]] = [
    {
        **_MENTOR,
        "email": f"maya@{DEMO_DOMAIN}",
        "contactNote": "Slack @maya.chen, best 9-11am London time",
        "displayName": "Maya Chen",
        "headline": "Social media strategist who grew a brand from zero to 200k followers",
        "bio": "I run paid and organic social for our brands and love explaining why things go viral.",
        "expertise": [
            "running TikTok and Instagram ad campaigns",
            "building a creator partnership programme",
            "reading social analytics to plan content",
        ],
        "skills": [{"name": "Paid social", "level": 5}, {"name": "Content strategy", "level": 4}],
        "careerStage": "EARLY_CAREER",
        "yearsOfExperience": 3,
        "department": "Marketing",
        "location": "London",
        "timezone": "Europe/London",
        "languages": ["English", "Mandarin"],
        "personality": {"mbti": "ENFP"},
    },
    {
        **_MENTOR,
        "email": f"leo@{DEMO_DOMAIN}",
        "contactNote": "Teams: Leo Okafor; happy to pair on a dashboard over video, afternoons Lagos time",
        "displayName": "Leo Okafor",
        "headline": "Data engineer who turns messy spreadsheets into dashboards",
        "expertise": [
            "building dashboards in SQL and Looker",
            "automating reports with Python",
            "explaining statistics without jargon",
        ],
        "skills": [{"name": "SQL", "level": 5}, {"name": "Python", "level": 4}],
        "careerStage": "EARLY_CAREER",
        "yearsOfExperience": 2,
        "department": "Engineering",
        "location": "Lagos",
        "timezone": "Africa/Lagos",
        "languages": ["English"],
    },
    {
        **_MENTOR,
        "email": f"priya@{DEMO_DOMAIN}",
        "contactNote": "Slack @priya.r, mornings IST",
        "displayName": "Priya Raman",
        "headline": "Uses generative AI every day and teaches colleagues to do the same",
        "expertise": [
            "writing effective prompts for ChatGPT and Copilot",
            "automating busywork with no-code tools",
            "evaluating AI tools for a team",
        ],
        "skills": [{"name": "Generative AI", "level": 5}, {"name": "No-code automation", "level": 4}],
        "careerStage": "MID_CAREER",
        "yearsOfExperience": 5,
        "department": "Operations",
        "location": "Bangalore",
        "timezone": "Asia/Kolkata",
        "languages": ["English", "Tamil", "Hindi"],
        "personality": {"mbti": "INTP"},
    },
    {
        **_MENTOR,
        "email": f"sam@{DEMO_DOMAIN}",
        "contactNote": "Discord sam.w#2231, evenings Central time",
        "displayName": "Sam Whitfield",
        "headline": "Community lead for our esports and streaming partnerships",
        "expertise": [
            "growing a community on Discord and Twitch",
            "sponsoring esports teams",
            "producing livestreams",
        ],
        "skills": [{"name": "Community management", "level": 5}],
        "careerStage": "EARLY_CAREER",
        "yearsOfExperience": 2,
        "department": "Marketing",
        "location": "Austin",
        "timezone": "America/Chicago",
        "languages": ["English", "Spanish"],
    },
    {
        **_MENTOR,
        "email": f"elena@{DEMO_DOMAIN}",
        "contactNote": "Email is best; Tuesdays and Thursdays",
        "displayName": "Elena Rossi",
        "headline": "Designer who makes products work for everyone",
        "expertise": [
            "running accessibility audits of websites",
            "prototyping app screens in Figma",
            "interviewing users to find what they need",
        ],
        "skills": [{"name": "Figma", "level": 5}, {"name": "UX research", "level": 4}],
        "careerStage": "MID_CAREER",
        "yearsOfExperience": 6,
        "department": "Product",
        "location": "Milan",
        "timezone": "Europe/Rome",
        "languages": ["Italian", "English"],
    },
    {
        **_MENTOR,
        "email": f"tomas@{DEMO_DOMAIN}",
        "contactNote": "Slack @tomas.g, any weekday",
        "displayName": "Tomás García",
        "headline": "Cloud engineer keeping our bills and outages small",
        "expertise": ["running Kubernetes clusters in production", "cutting cloud costs on AWS"],
        "skills": [{"name": "Kubernetes", "level": 5}, {"name": "AWS", "level": 4}],
        "careerStage": "EARLY_CAREER",
        "yearsOfExperience": 3,
        "department": "Engineering",
        "location": "Madrid",
        "timezone": "Europe/Madrid",
        "languages": ["Spanish", "English"],
    },
    {
        **_MENTOR,
        "email": f"zoe@{DEMO_DOMAIN}",
        "contactNote": "Slack @zoe.m, mornings São Paulo time",
        "displayName": "Zoe Martins",
        "headline": "Runs our creator partnerships and knows what Gen Z shares",
        "expertise": [
            "how Gen Z discovers brands on TikTok and YouTube",
            "working with influencers and creators",
            "writing scripts for short-form video",
        ],
        "skills": [{"name": "Influencer marketing", "level": 5}, {"name": "Paid social", "level": 3}],
        "careerStage": "EARLY_CAREER",
        "yearsOfExperience": 2,
        "department": "Marketing",
        "location": "São Paulo",
        "timezone": "America/Sao_Paulo",
        "languages": ["Portuguese", "English"],
    },
    {
        **_MENTOR,
        "email": f"arjun@{DEMO_DOMAIN}",
        "contactNote": "Teams: Arjun Mehta, 10am-2pm Toronto time",
        "displayName": "Arjun Mehta",
        "headline": "Growth analyst who lives in web analytics",
        "expertise": [
            "setting up Google Analytics and Tag Manager",
            "explaining marketing attribution models",
            "A/B testing landing pages",
        ],
        "skills": [{"name": "Web analytics", "level": 5}, {"name": "SQL", "level": 3}],
        "careerStage": "MID_CAREER",
        "yearsOfExperience": 4,
        "department": "Marketing",
        "location": "Toronto",
        "timezone": "America/Toronto",
        "languages": ["English", "Hindi"],
    },
    {
        **_MENTEE,
        "email": f"richard@{DEMO_DOMAIN}",
        "contactNote": "Fridays are freest; ask my office for a 30-minute slot",
        "displayName": "Richard Hale",
        "headline": "Chief Marketing Officer catching up with how customers discover brands today",
        "objectives": [
            "understand social media marketing",
            "learn how younger customers discover brands",
            "get comfortable reading marketing dashboards",
        ],
        "skills": [{"name": "Paid social", "level": 1}, {"name": "SQL", "level": 1}],
        "careerStage": "EXECUTIVE",
        "yearsOfExperience": 28,
        "department": "Marketing",
        "location": "London",
        "timezone": "Europe/London",
        "languages": ["English"],
        "personality": {"mbti": "ESTJ"},
    },
    {
        **_MENTEE,
        "email": f"helen@{DEMO_DOMAIN}",
        "contactNote": "Teams: Helen Park, early mornings Seoul time",
        "displayName": "Helen Park",
        "headline": "Finance director who wants her team to use AI well",
        "objectives": ["use AI assistants in my daily work", "automate repetitive reporting"],
        "careerStage": "DIRECTOR",
        "yearsOfExperience": 20,
        "department": "Finance",
        "location": "Seoul",
        "timezone": "Asia/Seoul",
        "languages": ["Korean", "English"],
    },
    {
        **_MENTEE,
        "email": f"david@{DEMO_DOMAIN}",
        "contactNote": "Slack @david.l, after 3pm Stockholm time",
        "displayName": "David Lindqvist",
        "headline": "VP Engineering curious about the communities our users live in",
        "objectives": ["understand gaming and streaming culture", "make our products accessible"],
        "careerStage": "EXECUTIVE",
        "yearsOfExperience": 24,
        "department": "Engineering",
        "location": "Stockholm",
        "timezone": "Europe/Stockholm",
        "languages": ["Swedish", "English"],
    },
    {
        **_MENTEE,
        "canMentor": True,
        "email": f"grace@{DEMO_DOMAIN}",
        "contactNote": "WhatsApp on request; Mondays and Wednesdays",
        "displayName": "Grace Adeyemi",
        "headline": "Senior HR partner: mentors on careers, learns about data",
        "expertise": ["navigating a career change", "preparing for a promotion conversation"],
        "objectives": ["analyse people data with spreadsheets and SQL"],
        "careerStage": "SENIOR",
        "yearsOfExperience": 15,
        "department": "HR",
        "location": "Lagos",
        "timezone": "Africa/Lagos",
        "languages": ["English", "Yoruba"],
    },
]


@dataclass(frozen=True)
class StoryStep:
    """One request of the demo story (by the local parts of the demo emails), accepted or left pending."""

    sender: str
    recipient: str
    initiator: Role
    message: str
    objectives: tuple[str, ...]
    accepted: bool


DEMO_STORY = (
    StoryStep(
        "richard",
        "maya",
        Role.MENTEE,
        "I run marketing but have never run a social campaign myself. Would you show me how you do it?",
        ("understand social media marketing",),
        accepted=True,
    ),
    StoryStep(
        "grace",
        "leo",
        Role.MENTEE,
        "HR has years of people data in spreadsheets; I would love to learn to ask it questions in SQL.",
        ("analyse people data with spreadsheets and SQL",),
        accepted=True,
    ),
    StoryStep(
        "richard",
        "leo",
        Role.MENTEE,
        "Our weekly marketing dashboard goes over my head. Could you walk me through reading one?",
        ("get comfortable reading marketing dashboards",),
        accepted=False,
    ),
    StoryStep(
        "sam",
        "richard",
        Role.MENTOR,
        "Our esports partners reach exactly the customers you asked about. Want a tour of that world?",
        ("learn how younger customers discover brands",),
        accepted=False,
    ),
)


async def seed_demo(settings: Settings, embedder: Embedder) -> str:
    """Create what is missing of the demo programme and its story; return a one-line summary."""
    assert settings.database_url is not None
    engine = create_engine(settings.database_url, pool_size=2)
    db = create_sessionmaker(engine)
    try:
        lines = [json.dumps({**person, "password": DEMO_PASSWORD}) for person in DEMO_PARTICIPANTS]
        summary = await import_participants(db, embedder, lines)
        admin = await create_admin(
            db, email=DEMO_ADMIN_EMAIL, password=DEMO_PASSWORD, display_name="Programme Admin"
        )
        played = await seed_story(db, admin_id=admin.id)
    finally:
        await engine.dispose()
    return (
        f"demo participants: {summary}; story: {played} request(s) made; admin {DEMO_ADMIN_EMAIL}; "
        f"sign in as {DEMO_MENTEE_EMAIL} (mentee) or {DEMO_MENTOR_EMAIL} (mentor); password '{DEMO_PASSWORD}'"
    )


async def seed_story(db: Db, *, admin_id: uuid.UUID) -> int:
    """Play the steps of DEMO_STORY whose pair never had a request, through the mentorship services;
    returns how many were played."""
    async with db() as session:
        rows = await session.execute(select(User.email, User.id).where(User.email.like(f"%@{DEMO_DOMAIN}")))
        ids = {email.split("@")[0]: user_id for email, user_id in rows.tuples()}
        steps = []
        for step in DEMO_STORY:
            a, b = ids[step.sender], ids[step.recipient]
            R = MentorshipRequest
            pair = or_(
                and_(R.sender_id == a, R.recipient_id == b), and_(R.sender_id == b, R.recipient_id == a)
            )
            if not await session.scalar(select(func.count()).select_from(R).where(pair)):
                steps.append(step)
        if not steps:
            return 0
        limits = (await programme_settings(session)).request_limits
    if limits.max_mentors_per_mentee < DEMO_MAX_MENTORS_PER_MENTEE:
        await update_programme_settings(
            db,
            admin_id=admin_id,
            weights=None,
            direction=None,
            require_direction=None,
            limits={"max_mentors_per_mentee": DEMO_MAX_MENTORS_PER_MENTEE},
        )
    played = 0
    for step in steps:
        try:
            request = await mentorships.create_request(
                db,
                initiator=step.initiator,
                sender_id=ids[step.sender],
                recipient_id=ids[step.recipient],
                message=step.message,
                objectives=step.objectives,
            )
            if step.accepted:
                await mentorships.accept_request(db, viewer_id=ids[step.recipient], request_id=request.id)
        except ServiceError as error:
            # Someone changed the demo accounts in the app (capacity, accepting requests): skip the step.
            log.warning("demo story: %s -> %s skipped: %s", step.sender, step.recipient, error.message)
            continue
        played += 1
    return played


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
        log.info(await seed_demo(settings, embedder))
