"""The demo programme `mentormatch seed-demo` creates: an admin and participants with real profiles.

Younger mentors teach what they know best (social media, AI tools, data, gaming); senior colleagues want
to learn it. Every demo account's password is DEMO_PASSWORD. Seeding goes through the same path as
`mentormatch import` (upsert by email), so running it again changes nothing.
"""

from __future__ import annotations

import json
import logging

from sqlalchemy import func, select

from mentormatch.accounts.models import User
from mentormatch.accounts.service import create_admin
from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.embeddings import Embedder
from mentormatch.profiles.bulk import import_participants
from mentormatch.settings import Settings

log = logging.getLogger(__name__)

DEMO_PASSWORD = "mentormatch-demo"
DEMO_DOMAIN = "demo.mentormatch.example"
DEMO_ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"

_MENTOR = {"canMentor": True, "seeksMentoring": False, "capacity": 2, "acceptingRequests": True}
_MENTEE = {"canMentor": False, "seeksMentoring": True}

DEMO_PARTICIPANTS: list[dict[str, object]] = [
    {
        **_MENTOR,
        "email": f"maya@{DEMO_DOMAIN}",
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
        **_MENTEE,
        "email": f"richard@{DEMO_DOMAIN}",
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


async def seed_demo(settings: Settings, embedder: Embedder) -> str:
    """Create what is missing of the demo programme; return a one-line summary."""
    assert settings.database_url is not None
    engine = create_engine(settings.database_url, pool_size=2)
    db = create_sessionmaker(engine)
    try:
        lines = [json.dumps({**person, "password": DEMO_PASSWORD}) for person in DEMO_PARTICIPANTS]
        summary = await import_participants(db, embedder, lines)
        await create_admin(db, email=DEMO_ADMIN_EMAIL, password=DEMO_PASSWORD, display_name="Programme Admin")
    finally:
        await engine.dispose()
    return f"demo participants: {summary}; admin {DEMO_ADMIN_EMAIL}; password '{DEMO_PASSWORD}'"


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
