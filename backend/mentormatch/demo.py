"""The demo programme `mentormatch seed-demo` creates: an admin, participants with real profiles, and a
story under way, so a demo participant who signs in finds a populated app.

Younger mentors teach what they know best (social media, AI tools, data, gaming); senior colleagues want
to learn it. Every demo account's password is DEMO_PASSWORD. Seeding goes through the same paths as the
app: the participants through `mentormatch import` (upsert by email), the story (`DEMO_STORY`) through the
mentorship and feedback services, so its requests, mentorships, check-ins, sessions and notifications are
exactly what the app would make. Only the clock is the demo's own: each step of the story happened some
days ago, so right after the services wrote it, its moments (sent, answered, started, each check-in, the
end, and its notifications) are moved back by SQL to when the story says; notifications older than a
week were read.

The demo mentee (DEMO_MENTEE_EMAIL, Richard, a chief marketing officer) has learning objectives
(recommendations), an active mentorship with Maya three weeks in (check-ins from both, his with progress
and a comment, three logged sessions), a pending request to Leo, a pending invitation from Sam and an
unread notification. The demo mentor (DEMO_MENTOR_EMAIL, Leo) has an active mentorship with Grace
(check-ins from both, four sessions), Richard's pending request, a request history that shows how he
answers (within hours, one declined, one left to expire), and a mentorship with Marcus that ended four
days ago whose final check-in he has yet to give. Three alumni (Olivia, Marcus, Sofia) were mentored in
turn by Priya and then Maya, so those two have public ratings (4 rated mentorships from 4 mentees each).
Helen's check-in with Priya is due; David told the app that Tomás is not a good fit and is offered a
re-match. Being mentored by Maya while asking Leo and being invited by Sam needs room for two mentors at
once, so the demo programme's `maxMentorsPerMentee` is raised to 2 (through `programme.service.update`,
by the demo admin) when the story is seeded. The mentees without a mentor (the alumni, and Hannah, who
joined without a learning objective yet) and the mentors with free places give cohort matching a real
proposal, with one mentee left unmatched and the reason.

Last, the skill-gap map is made once (the skill-gap service's own refresh, waited for), so the admin's
map shows the demo's topics, among them unmet ones (objectives no demo mentor teaches).

Running it again changes nothing but the map's age: accounts are upserted unchanged, and a step of the
story is played only for a pair that has never had a request (so what someone did in the app is not
undone).
"""

from __future__ import annotations

import enum
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from mentormatch.accounts.models import User
from mentormatch.accounts.service import create_admin
from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.db.transactions import run_in_transaction
from mentormatch.embeddings import Embedder
from mentormatch.errors import ServiceError
from mentormatch.feedback import service as feedback
from mentormatch.matching.service import Db
from mentormatch.mentorships import service as mentorships
from mentormatch.mentorships.models import MentorshipOutcome, MentorshipRequest, Role
from mentormatch.profiles.bulk import import_participants
from mentormatch.programme import service as programme
from mentormatch.settings import Settings
from mentormatch.skillgap import service as skillgap

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
    # Alumni: mentored in turn by Priya and then Maya earlier in the programme.
    {
        **_MENTEE,
        "email": f"olivia@{DEMO_DOMAIN}",
        "displayName": "Olivia Grant",
        "headline": "COO who wants operations to speak the language of data and AI",
        "objectives": ["use AI tools to plan operations", "build a social media presence for our brand"],
        "careerStage": "EXECUTIVE",
        "yearsOfExperience": 26,
        "department": "Operations",
        "location": "Dublin",
        "timezone": "Europe/Dublin",
        "languages": ["English"],
    },
    {
        **_MENTEE,
        "email": f"marcus@{DEMO_DOMAIN}",
        "displayName": "Marcus Bell",
        "headline": "Head of Sales who wants his team to sell where customers scroll",
        "objectives": [
            "use AI to write better sales emails",
            "prospect customers on LinkedIn and Instagram",
            "read a sales dashboard in SQL",
        ],
        "careerStage": "DIRECTOR",
        "yearsOfExperience": 19,
        "department": "Sales",
        "location": "Manchester",
        "timezone": "Europe/London",
        "languages": ["English"],
    },
    {
        **_MENTEE,
        "email": f"sofia@{DEMO_DOMAIN}",
        "displayName": "Sofia Novak",
        "headline": "Legal director learning how AI and social media change her work",
        # No demo mentor teaches languages: an unmet topic on the admin's skill-gap map.
        "objectives": [
            "review contracts faster with AI assistants",
            "understand influencer marketing rules",
            "learn conversational Japanese for client visits",
        ],
        "skills": [{"name": "Generative AI", "level": 2}, {"name": "Influencer marketing", "level": 1}],
        "careerStage": "DIRECTOR",
        "yearsOfExperience": 17,
        "department": "Legal",
        "location": "Prague",
        "timezone": "Europe/Prague",
        "languages": ["Czech", "English"],
    },
    {
        # Joined this week and has not written a learning objective yet: cohort matching leaves her
        # unmatched and says why.
        **_MENTEE,
        "email": f"hannah@{DEMO_DOMAIN}",
        "displayName": "Hannah Weber",
        "headline": "New finance manager, still working out what to learn first",
        "careerStage": "SENIOR",
        "yearsOfExperience": 11,
        "department": "Finance",
        "location": "Berlin",
        "timezone": "Europe/Berlin",
        "languages": ["German", "English"],
    },
]


class Answer(enum.Enum):
    """What became of a request of the story."""

    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    EXPIRED = "EXPIRED"  # never answered
    PENDING = "PENDING"


@dataclass(frozen=True)
class CheckInStep:
    """A check-in of the story: given `days_ago` by `by` (a local part); after the end it is the final one."""

    by: str
    days_ago: float
    rating: int
    good_fit: bool = True
    comment: str | None = None
    progress: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class SessionStep:
    """A meeting of the pair, held `days_ago` and logged by `by`."""

    by: str
    days_ago: int
    minutes: int
    note: str | None = None


@dataclass(frozen=True)
class StoryStep:
    """One request of the demo story (by the local parts of the demo emails), sent `sent_days_ago` and
    answered `answered_after_hours` later; an accepted one becomes a mentorship with its sessions and
    check-ins, and ends `ended_days_ago` if given."""

    sender: str
    recipient: str
    initiator: Role
    message: str
    objectives: tuple[str, ...] = ()
    answer: Answer = Answer.PENDING
    sent_days_ago: float = 0
    answered_after_hours: float = 0
    reason: str | None = None
    sessions: tuple[SessionStep, ...] = ()
    check_ins: tuple[CheckInStep, ...] = ()
    ended_days_ago: float | None = None
    ended_by: str | None = None
    outcome: MentorshipOutcome = MentorshipOutcome.COMPLETED


# Notifications older than this were read (an hour after they came); newer ones are waiting.
READ_AFTER = timedelta(days=7)

# When each participant joined (their account and profile), days ago, a few days before their first
# request, so the programme's analytics show mentees waiting for a mentor over time (and for how long),
# not everyone arriving today. Mentors not listed joined MENTORS_JOINED_DAYS_AGO.
MENTORS_JOINED_DAYS_AGO = 88
JOINED_DAYS_AGO = {
    "olivia": 84,
    "marcus": 80,
    "sofia": 72,
    "grace": 33,
    "richard": 27,
    "helen": 24,
    "david": 20,
}

_AI_PLANNING = "use AI tools to plan operations"
_AI_EMAILS = "use AI to write better sales emails"
_SOCIAL_SELLING = "prospect customers on LinkedIn and Instagram"
_SALES_SQL = "read a sales dashboard in SQL"
_CONTRACTS = "review contracts faster with AI assistants"
_PEOPLE_DATA = "analyse people data with spreadsheets and SQL"
_SOCIAL = "understand social media marketing"
_AI_DAILY = "use AI assistants in my daily work"

DEMO_STORY = (
    # The alumni, mentored in turn by Priya and then Maya: both now have public ratings.
    StoryStep(
        "olivia",
        "priya",
        Role.MENTEE,
        "Our planning still lives in spreadsheets. Could you show me what AI tools can take over?",
        (_AI_PLANNING,),
        Answer.ACCEPTED,
        sent_days_ago=78,
        answered_after_hours=4,
        sessions=(
            SessionStep("olivia", 70, 60, "Mapped our planning spreadsheet to an AI assistant"),
            SessionStep("priya", 63, 45),
        ),
        check_ins=(
            CheckInStep("olivia", 64, 4, progress=((_AI_PLANNING, 40),)),
            CheckInStep("priya", 62, 4, comment="Olivia tries everything between our sessions."),
            CheckInStep("priya", 49, 5),
            CheckInStep(
                "olivia", 48, 5, comment="Priya changed how my team plans.", progress=((_AI_PLANNING, 90),)
            ),
        ),
        ended_days_ago=50,
        ended_by="olivia",
    ),
    StoryStep(
        "marcus",
        "priya",
        Role.MENTEE,
        "My team writes the same sales emails all day. Can AI help us write better ones?",
        (_AI_EMAILS,),
        Answer.ACCEPTED,
        sent_days_ago=75,
        answered_after_hours=2,
        check_ins=(
            CheckInStep("marcus", 61, 4, progress=((_AI_EMAILS, 50),)),
            CheckInStep("priya", 46, 4),
            CheckInStep("marcus", 46, 4, comment="Practical and patient.", progress=((_AI_EMAILS, 80),)),
        ),
        ended_days_ago=47,
        ended_by="priya",
    ),
    StoryStep(
        "sofia",
        "priya",
        Role.MENTEE,
        "I review contracts all week. I would like to learn where AI assistants can safely help.",
        (_CONTRACTS,),
        Answer.ACCEPTED,
        sent_days_ago=70,
        answered_after_hours=6,
        sessions=(SessionStep("sofia", 60, 30, "Compared three assistants on an old NDA"),),
        check_ins=(
            CheckInStep("sofia", 56, 5, progress=((_CONTRACTS, 60),)),
            CheckInStep("sofia", 41, 5, comment="I now review first drafts in half the time."),
        ),
        ended_days_ago=42,
        ended_by="sofia",
    ),
    StoryStep(
        "olivia",
        "maya",
        Role.MENTEE,
        "Next for me: our brand on social media. Would you mentor me on it?",
        ("build a social media presence for our brand",),
        Answer.ACCEPTED,
        sent_days_ago=45,
        answered_after_hours=5,
        check_ins=(
            CheckInStep("olivia", 31, 4),
            CheckInStep("maya", 30, 4),
            CheckInStep("maya", 19, 5),
            CheckInStep("olivia", 18, 4, comment="Our LinkedIn page finally has a voice."),
        ),
        ended_days_ago=20,
        ended_by="maya",
    ),
    StoryStep(
        "marcus",
        "maya",
        Role.MENTEE,
        "Our customers scroll Instagram all day. Can you teach my team to find them there?",
        (_SOCIAL_SELLING,),
        Answer.ACCEPTED,
        sent_days_ago=40,
        answered_after_hours=3,
        sessions=(SessionStep("marcus", 35, 45, "Audited our sales team's LinkedIn profiles"),),
        check_ins=(
            CheckInStep("marcus", 26, 4, progress=((_SOCIAL_SELLING, 50),)),
            CheckInStep("maya", 11, 4),
            CheckInStep("marcus", 11, 4, progress=((_SOCIAL_SELLING, 75),)),
        ),
        ended_days_ago=12,
        ended_by="marcus",
    ),
    StoryStep(
        "sofia",
        "maya",
        Role.MENTEE,
        "Legal keeps being asked about influencer posts. Could you show me how that world works?",
        ("understand influencer marketing rules",),
        Answer.ACCEPTED,
        sent_days_ago=38,
        answered_after_hours=8,
        check_ins=(
            CheckInStep("sofia", 24, 5),
            CheckInStep("maya", 9, 5),
            CheckInStep("sofia", 9, 5, comment="Exactly the practical view I needed."),
        ),
        ended_days_ago=10,
        ended_by="sofia",
    ),
    # How Leo answers (his responsiveness): one request left to expire, one declined, two accepted.
    StoryStep(
        "olivia",
        "leo",
        Role.MENTEE,
        "Could you show me how you build your dashboards?",
        answer=Answer.EXPIRED,
        sent_days_ago=34,
    ),
    StoryStep(
        "marcus",
        "leo",
        Role.MENTEE,
        "I want to read our sales dashboard without waiting for an analyst. Would you teach me SQL?",
        (_SALES_SQL,),
        Answer.ACCEPTED,
        sent_days_ago=30,
        answered_after_hours=20,
        sessions=(
            SessionStep("marcus", 25, 60, "Wrote our first query on the CRM export"),
            SessionStep("leo", 15, 45),
        ),
        check_ins=(
            CheckInStep(
                "marcus",
                16,
                5,
                comment="Leo explains the why, not just the how.",
                progress=((_SALES_SQL, 50),),
            ),
            CheckInStep("leo", 14, 4, comment="Marcus does his homework."),
            # Leo's final check-in is still to come.
            CheckInStep("marcus", 3, 5, comment="Leo made SQL click for me.", progress=((_SALES_SQL, 85),)),
        ),
        ended_days_ago=4,
        ended_by="marcus",
    ),
    StoryStep(
        "sofia",
        "leo",
        Role.MENTEE,
        "Could you help me build a dashboard of our contract backlog?",
        answer=Answer.DECLINED,
        sent_days_ago=26,
        answered_after_hours=48,
        reason="Both my places are taken for now, sorry!",
    ),
    # The mentorships under way.
    StoryStep(
        "richard",
        "maya",
        Role.MENTEE,
        "I run marketing but have never run a social campaign myself. Would you show me how you do it?",
        (_SOCIAL,),
        Answer.ACCEPTED,
        sent_days_ago=21,
        answered_after_hours=2,
        sessions=(
            SessionStep("richard", 19, 45, "Tour of our TikTok ads manager"),
            SessionStep("maya", 12, 60, "Planned a test campaign together"),
            SessionStep("richard", 5, 30),
        ),
        check_ins=(
            CheckInStep(
                "richard",
                7,
                4,
                comment="I finally understand why our campaigns get the reach they do.",
                progress=((_SOCIAL, 40),),
            ),
            CheckInStep("maya", 6, 5, comment="Richard brings great questions from the boardroom."),
        ),
    ),
    StoryStep(
        "grace",
        "leo",
        Role.MENTEE,
        "HR has years of people data in spreadsheets; I would love to learn to ask it questions in SQL.",
        (_PEOPLE_DATA,),
        Answer.ACCEPTED,
        sent_days_ago=29,
        answered_after_hours=3,
        sessions=(
            SessionStep("grace", 27, 60, "Loaded the engagement survey into a database"),
            SessionStep("leo", 20, 45),
            SessionStep("grace", 13, 60, "Joins: matching survey answers to teams"),
            SessionStep("leo", 6, 45, "Her first dashboard: attrition by team"),
        ),
        check_ins=(
            CheckInStep(
                "grace",
                15,
                4,
                comment="Patient, and he explains why, not just how.",
                progress=((_PEOPLE_DATA, 30),),
            ),
            CheckInStep("leo", 8, 4, comment="Grace asks sharp questions; next she builds her own report."),
            CheckInStep("grace", 1, 5, progress=((_PEOPLE_DATA, 55),)),
        ),
    ),
    # Helen's check-in is due: her last one was 16 days ago.
    StoryStep(
        "helen",
        "priya",
        Role.MENTEE,
        "I want my finance team to use AI assistants well, starting with me.",
        (_AI_DAILY,),
        Answer.ACCEPTED,
        sent_days_ago=22,
        answered_after_hours=1,
        sessions=(
            SessionStep("helen", 20, 60, "Set up an assistant for board papers"),
            SessionStep("priya", 9, 45),
        ),
        check_ins=(
            CheckInStep("helen", 16, 5, comment="Already saving an hour a day.", progress=((_AI_DAILY, 50),)),
            CheckInStep("priya", 5, 4),
        ),
    ),
    # David says Tomás is not a good fit: he is offered a re-match.
    StoryStep(
        "david",
        "tomas",
        Role.MENTEE,
        "Our products have to work for everyone. Could you help me make them accessible?",
        ("make our products accessible",),
        Answer.ACCEPTED,
        sent_days_ago=18,
        answered_after_hours=30,
        sessions=(SessionStep("david", 10, 30),),
        check_ins=(
            CheckInStep("tomas", 4, 3),
            CheckInStep(
                "david",
                3,
                2,
                good_fit=False,
                comment="We mostly talk about cloud costs; I need someone who knows accessibility.",
                progress=(("make our products accessible", 10),),
            ),
        ),
    ),
    # Waiting for an answer now.
    StoryStep(
        "richard",
        "leo",
        Role.MENTEE,
        "Our weekly marketing dashboard goes over my head. Could you walk me through reading one?",
        ("get comfortable reading marketing dashboards",),
    ),
    StoryStep(
        "sam",
        "richard",
        Role.MENTOR,
        "Our esports partners reach exactly the customers you asked about. Want a tour of that world?",
        ("learn how younger customers discover brands",),
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
        topics = await refresh_skill_gap_map(db, admin_id=admin.id)
    finally:
        await engine.dispose()
    return (
        f"demo participants: {summary}; story: {played} request(s) made; skill-gap map: {topics}; "
        f"admin {DEMO_ADMIN_EMAIL}; "
        f"sign in as {DEMO_MENTEE_EMAIL} (mentee) or {DEMO_MENTOR_EMAIL} (mentor); password '{DEMO_PASSWORD}'"
    )


async def refresh_skill_gap_map(db: Db, *, admin_id: uuid.UUID) -> str:
    """Make the skill-gap map of the programme as it now stands (through the skill-gap service, waited
    for here rather than in the background), so the admin's map shows topics at once; in words."""
    try:
        job = await skillgap.start_refresh(db, requested_by=admin_id)
    except ServiceError as error:
        # A refresh started in the app is running: it will make the map.
        return error.message
    await skillgap.run_refresh(db, job.id)
    done = await skillgap.get_job(db, job.id)
    if done is None or done.status != "DONE":
        return f"refresh failed ({done.error if done else 'gone'})"
    gap_map = await skillgap.current_map(db)
    unmet = sum(1 for topic in gap_map.topics if topic.unmet)
    return f"{len(gap_map.topics)} topics, {unmet} unmet"


async def seed_story(db: Db, *, admin_id: uuid.UUID) -> int:
    """Play the steps of DEMO_STORY whose pair never had a request, through the mentorship and feedback
    services; returns how many were played."""
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
        limits = await programme.current(session)
    if limits.max_mentors_per_mentee < DEMO_MAX_MENTORS_PER_MENTEE:
        await programme.update(db, admin_id, {"max_mentors_per_mentee": DEMO_MAX_MENTORS_PER_MENTEE})
    played = 0
    now = datetime.now(UTC)
    await _date_joining(db, ids, now=now)
    max_mentors = max(limits.max_mentors_per_mentee, DEMO_MAX_MENTORS_PER_MENTEE)
    for step in steps:
        if step.answer is Answer.ACCEPTED and await _would_cancel_others(db, step, ids, max_mentors):
            # A database seeded by an older demo, or changed in the app: accepting now would fill a limit
            # and cancel someone's pending request, which the story never did.
            log.warning(
                "demo story: %s -> %s skipped: it would cancel pending requests", step.sender, step.recipient
            )
            continue
        try:
            await _play(db, step, ids, now=now, ttl=timedelta(days=limits.request_ttl_days))
        except ServiceError as error:
            # Someone changed the demo accounts in the app (capacity, accepting requests): skip the step.
            log.warning("demo story: %s -> %s skipped: %s", step.sender, step.recipient, error.message)
            continue
        played += 1
    return played


async def _would_cancel_others(db: Db, step: StoryStep, ids: dict[str, uuid.UUID], max_mentors: int) -> bool:
    """Accepting the step's request now would take the mentor's last free place or the mentee's last
    mentor place while someone else's request to them is pending (which accepting cancels)."""
    mentor, mentee = (
        (step.recipient, step.sender) if step.initiator is Role.MENTEE else (step.sender, step.recipient)
    )
    async with db() as session:
        row = (
            await session.execute(
                text(
                    """
                    SELECT p.capacity - p.active_mentees AS free,
                           (SELECT count(*) FROM mentorships m
                            WHERE m.mentee_id = :mentee AND m.status = 'ACTIVE') AS mentors,
                           (SELECT count(*) FROM mentorship_requests r
                            WHERE r.mentor_id = :mentor AND r.status = 'PENDING') AS to_mentor,
                           (SELECT count(*) FROM mentorship_requests r
                            WHERE r.mentee_id = :mentee AND r.status = 'PENDING') AS of_mentee
                    FROM profiles p WHERE p.user_id = :mentor
                    """
                ),
                {"mentor": ids[mentor], "mentee": ids[mentee]},
            )
        ).one_or_none()
    if row is None:
        return False
    return (row.free <= 1 and row.to_mentor > 0) or (row.mentors + 1 >= max_mentors and row.of_mentee > 0)


async def _play(db: Db, step: StoryStep, ids: dict[str, uuid.UUID], *, now: datetime, ttl: timedelta) -> None:
    """One step through the services, each moment then moved back to when the story says it happened."""

    def ago(days: float) -> datetime:
        return now - timedelta(days=days)

    request = await mentorships.create_request(
        db,
        initiator=step.initiator,
        sender_id=ids[step.sender],
        recipient_id=ids[step.recipient],
        message=step.message,
        objectives=step.objectives,
    )
    if step.answer is Answer.PENDING:
        return
    sent = ago(step.sent_days_ago)
    moments = {
        "sent": sent,
        "expires": sent + ttl,
        "decided": sent + timedelta(hours=step.answered_after_hours),
    }
    mentorship_id: uuid.UUID | None = None
    if step.answer is Answer.EXPIRED:
        moments["decided"] = moments["expires"]
        await _sql(
            db, "UPDATE mentorship_requests SET expires_at = :at WHERE id = :id", at=sent + ttl, id=request.id
        )

        async def expire(session: AsyncSession) -> int:
            return await mentorships.expire_overdue_requests(session, request_id=request.id)

        await run_in_transaction(db, expire)
    elif step.answer is Answer.DECLINED:
        await mentorships.decline_request(
            db, viewer_id=ids[step.recipient], request_id=request.id, reason=step.reason
        )
    else:
        accepted = await mentorships.accept_request(db, viewer_id=ids[step.recipient], request_id=request.id)
        assert accepted.mentorship is not None
        mentorship_id = accepted.mentorship.id
        await _sql(
            db,
            "UPDATE mentorships SET started_at = :at WHERE id = :id",
            at=moments["decided"],
            id=mentorship_id,
        )
    await _sql(
        db,
        "UPDATE mentorship_requests SET created_at = :sent, expires_at = :expires, decided_at = :decided"
        " WHERE id = :id",
        **moments,
        id=request.id,
    )
    if mentorship_id is not None:
        moments.update(await _live(db, step, ids, mentorship_id, ago, mentee_id=request.mentee_id))
    await _date_notifications(db, request.id, mentorship_id, moments, read_before=now - READ_AFTER)


async def _live(
    db: Db,
    step: StoryStep,
    ids: dict[str, uuid.UUID],
    mentorship_id: uuid.UUID,
    ago: Callable[[float], datetime],
    *,
    mentee_id: uuid.UUID,
) -> dict[str, datetime]:
    """A mentorship's sessions, check-ins and end; returns the moments of the end and a re-match offer."""
    moments: dict[str, datetime] = {}
    for logged in step.sessions:
        await feedback.log_session(
            db,
            viewer_id=ids[logged.by],
            mentorship_id=mentorship_id,
            held_on=ago(logged.days_ago).date(),
            minutes=logged.minutes,
            note=logged.note,
        )
    ended = step.ended_days_ago
    finals = [c for c in step.check_ins if ended is not None and c.days_ago < ended]
    for check_in in step.check_ins:
        if check_in not in finals:
            await _check_in(db, check_in, ids, mentorship_id, ago(check_in.days_ago))
            if not check_in.good_fit and ids[check_in.by] == mentee_id:
                moments["rematch"] = ago(check_in.days_ago)
    if ended is not None:
        assert step.ended_by is not None
        await mentorships.end_mentorship(
            db, viewer_id=ids[step.ended_by], mentorship_id=mentorship_id, outcome=step.outcome, reason=None
        )
        for check_in in finals:
            await _check_in(db, check_in, ids, mentorship_id, ago(check_in.days_ago))
        moments["ended"] = ago(ended)
        await _sql(
            db, "UPDATE mentorships SET ended_at = :at WHERE id = :id", at=moments["ended"], id=mentorship_id
        )
    if "rematch" in moments:
        await _sql(
            db,
            "UPDATE mentorships SET rematch_offered_at = :at"
            " WHERE id = :id AND rematch_offered_at IS NOT NULL",
            at=moments["rematch"],
            id=mentorship_id,
        )
    return moments


async def _check_in(
    db: Db, step: CheckInStep, ids: dict[str, uuid.UUID], mentorship_id: uuid.UUID, at: datetime
) -> None:
    """A check-in through the feedback service, given at `at`."""
    given = await feedback.submit_feedback(
        db,
        viewer_id=ids[step.by],
        mentorship_id=mentorship_id,
        rating=step.rating,
        good_fit=step.good_fit,
        progress=[feedback.ProgressInput(objective, value) for objective, value in step.progress],
        comment=step.comment,
    )
    await _sql(db, "UPDATE feedback SET created_at = :at WHERE id = :id", at=at, id=given.id)


async def _date_notifications(
    db: Db,
    request_id: uuid.UUID,
    mentorship_id: uuid.UUID | None,
    moments: dict[str, datetime],
    *,
    read_before: datetime,
) -> None:
    """The step's notifications, dated when what they tell happened; those older than READ_AFTER read."""
    await _sql(
        db,
        """
        UPDATE notifications SET created_at = CASE kind
            WHEN 'REQUEST_RECEIVED' THEN CAST(:sent AS timestamptz)
            WHEN 'REQUEST_EXPIRED' THEN CAST(:expires AS timestamptz)
            WHEN 'REQUEST_ACCEPTED' THEN CAST(:decided AS timestamptz)
            WHEN 'REQUEST_DECLINED' THEN CAST(:decided AS timestamptz)
            WHEN 'MENTORSHIP_ENDED' THEN CAST(:ended AS timestamptz)
            WHEN 'FEEDBACK_DUE' THEN CAST(:ended AS timestamptz)
            WHEN 'REMATCH_OFFERED' THEN CAST(:rematch AS timestamptz)
            ELSE created_at END
        WHERE request_id = :request_id OR mentorship_id = :mentorship_id
        """,
        sent=moments["sent"],
        expires=moments["expires"],
        decided=moments["decided"],
        ended=moments.get("ended", moments["decided"]),
        rematch=moments.get("rematch", moments["decided"]),
        request_id=request_id,
        mentorship_id=mentorship_id,
    )
    await _sql(
        db,
        "UPDATE notifications SET read_at = created_at + interval '1 hour'"
        " WHERE (request_id = :request_id OR mentorship_id = :mentorship_id) AND created_at < :before",
        request_id=request_id,
        mentorship_id=mentorship_id,
        before=read_before,
    )


async def _date_joining(db: Db, ids: dict[str, uuid.UUID], *, now: datetime) -> None:
    """Move each demo participant's account and profile back to when the story says they joined (only
    ever earlier, so a later run of the story never moves anyone forward)."""
    for name, user_id in ids.items():
        joined = now - timedelta(days=JOINED_DAYS_AGO.get(name, MENTORS_JOINED_DAYS_AGO))
        await _sql(
            db, "UPDATE users SET created_at = LEAST(created_at, :at) WHERE id = :id", at=joined, id=user_id
        )
        await _sql(
            db,
            "UPDATE profiles SET created_at = LEAST(created_at, :at) WHERE user_id = :id",
            at=joined,
            id=user_id,
        )


async def _sql(db: Db, statement: str, **params: object) -> None:
    async with db.begin() as session:
        await session.execute(text(statement), params)


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
