"""Generated participants for benchmarks: varied, realistic-sounding profiles from a fixed seed.

Expertise items combine verb x topic x audience x context (33,280 combinations), so at 10,000 profiles most
texts are distinct, as on a real platform where popular topics repeat but phrasings vary.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from typing import Any

VERBS = ["running", "building", "designing", "teaching", "scaling", "automating", "leading", "analysing"]
TOPICS = [
    "TikTok ad campaigns",
    "Instagram creator partnerships",
    "Kubernetes clusters",
    "Python data pipelines",
    "React front ends",
    "customer interviews",
    "pricing experiments",
    "SQL dashboards",
    "Figma prototypes",
    "podcast production",
    "community events",
    "machine learning models",
    "mobile app releases",
    "accessibility audits",
    "cloud cost reviews",
    "employer branding",
    "UX research",
    "growth loops",
    "esports sponsorships",
    "no-code automations",
    "generative AI prompts",
    "security incident response",
    "sustainability reporting",
    "influencer outreach",
    "short-form video editing",
    "API integrations",
]
AUDIENCES = [
    "for startups",
    "for enterprise teams",
    "on a small budget",
    "across regions",
    "for Gen Z audiences",
    "with remote teams",
    "in regulated industries",
    "from scratch",
]
CONTEXTS = [
    "at a fintech",
    "in retail",
    "for a nonprofit",
    "in healthcare",
    "at a games studio",
    "in logistics",
    "for public sector",
    "in media",
    "at a SaaS company",
    "in manufacturing",
    "for universities",
    "in hospitality",
    "at an agency",
    "in energy",
    "for e-commerce",
    "in travel",
    "at a bank",
    "in telecoms",
    "for local councils",
    "in insurance",
]
OBJECTIVES = [
    "understand social media marketing",
    "learn how younger customers discover brands",
    "get comfortable with generative AI tools",
    "read a product analytics dashboard",
    "understand how modern software is deployed",
    "build a personal brand online",
    "learn what makes a short video go viral",
    "understand cloud infrastructure costs",
    "run a remote-first team well",
    "speak the language of data scientists",
]
SKILLS = [
    "Paid social",
    "Python",
    "SQL",
    "Kubernetes",
    "Figma",
    "Video editing",
    "Analytics",
    "Public speaking",
]
STAGES = ["EARLY_CAREER", "MID_CAREER", "SENIOR", "DIRECTOR", "EXECUTIVE"]
DEPARTMENTS = ["Marketing", "Engineering", "Sales", "Finance", "HR", "Operations", "Product", "Legal"]
LANGUAGES = ["English", "German", "Spanish", "French", "Portuguese", "Japanese"]
TIMEZONES = [
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Australia/Sydney",
    "America/Sao_Paulo",
]


def participant(n: int, rng: random.Random, *, mentor: bool = True, items: int = 3) -> dict[str, Any]:
    """One participant as an import line (camelCase keys of ProfileInput plus account keys)."""
    expertise = sorted(
        {
            f"{rng.choice(VERBS)} {rng.choice(TOPICS)} {rng.choice(AUDIENCES)} {rng.choice(CONTEXTS)}"
            for _ in range(items)
        }
    )
    while len(expertise) < items:
        expertise.append(f"{rng.choice(VERBS)} {rng.choice(TOPICS)} number {len(expertise)}")
    return {
        "email": f"participant{n}@bench.example",
        "displayName": f"Participant {n}",
        "canMentor": mentor,
        "seeksMentoring": not mentor,
        "headline": f"{rng.choice(DEPARTMENTS)} specialist",
        "expertise": expertise if mentor else [],
        "objectives": [] if mentor else rng.sample(OBJECTIVES, items),
        "skills": [{"name": s, "level": rng.randint(1, 5)} for s in rng.sample(SKILLS, 2)],
        "careerStage": rng.choice(STAGES),
        "department": rng.choice(DEPARTMENTS),
        "timezone": rng.choice(TIMEZONES),
        "languages": rng.sample(LANGUAGES, rng.randint(1, 2)),
        "capacity": rng.randint(1, 4),
    }


def jsonl(count: int, *, seed: int = 7, mentor: bool = True, items: int = 3) -> Iterator[str]:
    rng = random.Random(seed)
    for n in range(count):
        yield json.dumps(participant(n, rng, mentor=mentor, items=items))
