"""The rules a profile's input must follow, shared by `updateMyProfile` and `mentormatch import`.

Input is a mapping with the camelCase keys of GraphQL's `ProfileInput`; a key that is absent leaves that
field unchanged. Every problem is reported with the path of the field at fault (`objectives[2]`,
`skills[0].level`, `personality.bigFive.openness`) and nothing is written when there is any.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mentormatch.errors import InvalidInput
from mentormatch.profiles.models import CareerStage
from mentormatch.profiles.timezones import known_timezones
from mentormatch.text import CONTROL_CHARACTERS, has_control_characters

MAX_BIO = 4000
MAX_HEADLINE = 200
MAX_CONTACT_NOTE = 500
MAX_ITEM = 300
MAX_ITEMS = 20
MAX_SHORT_TEXT = 100
MAX_LANGUAGE = 50
MAX_CAPACITY = 20
MAX_YEARS = 70
BIG_FIVE_TRAITS = ("openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism")
_MBTI = re.compile(r"^[EI][SN][TF][JP]$")

# The input's keys, in the order forms list them.
PROFILE_FIELDS = (
    "canMentor",
    "seeksMentoring",
    "headline",
    "bio",
    "expertise",
    "objectives",
    "skills",
    "careerStage",
    "yearsOfExperience",
    "department",
    "location",
    "timezone",
    "languages",
    "personality",
    "capacity",
    "acceptingRequests",
    "contactNote",
)
PROFILE_KEYS = frozenset(PROFILE_FIELDS)

# Model attributes set from the scalar fields of the input (items and skills are handled apart).
PROFILE_ATTRIBUTES = (
    "can_mentor",
    "seeks_mentoring",
    "headline",
    "bio",
    "career_stage",
    "years_of_experience",
    "department",
    "location",
    "timezone",
    "languages",
    "big_five",
    "mbti",
    "capacity",
    "accepting_requests",
    "contact_note",
)


@dataclass(frozen=True)
class Skill:
    name: str
    level: int

    @property
    def key(self) -> str:
        return skill_key(self.name)


@dataclass
class ProfileChanges:
    """Validated values of the fields that were given, by model attribute; `items` by kind."""

    values: dict[str, Any] = field(default_factory=dict)
    expertise: list[str] | None = None
    objectives: list[str] | None = None
    skills: list[Skill] | None = None


def skill_key(name: str) -> str:
    """Skills compare case- and spacing-insensitively across profiles."""
    return " ".join(name.lower().split())


class _Problems:
    def __init__(self) -> None:
        self.found: list[tuple[str, str]] = []

    def add(self, path: str, message: str) -> None:
        self.found.append((path, message))

    def text(self, path: str, value: Any, limit: int, *, multiline: bool = False) -> str | None:
        """A trimmed text within `limit` characters and without control characters, or None."""
        if not isinstance(value, str):
            self.add(path, "Must be text.")
            return None
        cleaned = unicodedata.normalize("NFC", value).strip()
        if has_control_characters(cleaned, allowed="\n\t" if multiline else ""):
            self.add(path, CONTROL_CHARACTERS)
            return None
        if len(cleaned) > limit:
            self.add(path, f"Must be at most {limit} characters (got {len(cleaned)}).")
            return None
        return cleaned

    def optional_text(self, path: str, value: Any, limit: int, *, multiline: bool = False) -> str | None:
        if value is None:
            return None
        return self.text(path, value, limit, multiline=multiline) or None

    def integer(self, path: str, value: Any, low: int, high: int) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(path, "Must be a whole number.")
            return None
        if not low <= value <= high:
            self.add(path, f"Must be between {low} and {high}.")
            return None
        return value

    def boolean(self, path: str, value: Any) -> bool | None:
        if not isinstance(value, bool):
            self.add(path, "Must be true or false.")
            return None
        return value

    def text_list(self, path: str, value: Any, limit: int) -> list[str] | None:
        """Up to MAX_ITEMS distinct, non-empty texts."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(path, "Must be a list of texts.")
            return None
        if len(value) > MAX_ITEMS:
            self.add(path, f"At most {MAX_ITEMS} items (got {len(value)}).")
            return None
        items: list[str] = []
        seen: set[str] = set()
        for index, raw in enumerate(value):
            item = self.text(f"{path}[{index}]", raw, limit)
            if item is None:
                continue
            if not item:
                self.add(f"{path}[{index}]", "Must not be empty.")
            elif item.casefold() in seen:
                self.add(f"{path}[{index}]", "Is listed twice.")
            else:
                seen.add(item.casefold())
                items.append(item)
        return items


def parse_profile_input(data: Mapping[str, Any]) -> ProfileChanges:
    """Validate the given fields; raise InvalidInput listing every problem."""
    problems = _Problems()
    changes = ProfileChanges()
    values = changes.values
    for key in sorted(set(data) - PROFILE_KEYS):
        problems.add(key, "Is not a profile field.")

    for key, attribute in (
        ("canMentor", "can_mentor"),
        ("seeksMentoring", "seeks_mentoring"),
        ("acceptingRequests", "accepting_requests"),
    ):
        if key in data and (flag := problems.boolean(key, data[key])) is not None:
            values[attribute] = flag
    if "headline" in data:
        values["headline"] = problems.optional_text("headline", data["headline"], MAX_HEADLINE)
    if "bio" in data:
        values["bio"] = problems.optional_text("bio", data["bio"], MAX_BIO, multiline=True)
    if "contactNote" in data:
        values["contact_note"] = problems.optional_text(
            "contactNote", data["contactNote"], MAX_CONTACT_NOTE, multiline=True
        )
    for key in ("department", "location"):
        if key in data:
            values[key] = problems.optional_text(key, data[key], MAX_SHORT_TEXT)
    if "expertise" in data:
        changes.expertise = problems.text_list("expertise", data["expertise"], MAX_ITEM)
    if "objectives" in data:
        changes.objectives = problems.text_list("objectives", data["objectives"], MAX_ITEM)
    if "languages" in data:
        languages = problems.text_list("languages", data["languages"], MAX_LANGUAGE)
        if languages is not None:
            values["languages"] = languages
    if "skills" in data:
        changes.skills = _skills(problems, data["skills"])
    if "careerStage" in data:
        values["career_stage"] = _career_stage(problems, data["careerStage"])
    if "yearsOfExperience" in data:
        years = data["yearsOfExperience"]
        values["years_of_experience"] = (
            None if years is None else problems.integer("yearsOfExperience", years, 0, MAX_YEARS)
        )
    if "capacity" in data:
        capacity = problems.integer("capacity", data["capacity"], 0, MAX_CAPACITY)
        if capacity is not None:
            values["capacity"] = capacity
    if "timezone" in data:
        values["timezone"] = _timezone(problems, data["timezone"])
    if "personality" in data:
        values["big_five"], values["mbti"] = _personality(problems, data["personality"])

    if problems.found:
        raise InvalidInput(problems.found)
    return changes


def _skills(problems: _Problems, value: Any) -> list[Skill] | None:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add("skills", "Must be a list of {name, level}.")
        return None
    if len(value) > MAX_ITEMS:
        problems.add("skills", f"At most {MAX_ITEMS} skills (got {len(value)}).")
        return None
    skills: list[Skill] = []
    seen: set[str] = set()
    for index, raw in enumerate(value):
        path = f"skills[{index}]"
        if not isinstance(raw, Mapping) or set(raw) - {"name", "level"}:
            problems.add(path, "Must be {name, level}.")
            continue
        name = problems.text(f"{path}.name", raw.get("name"), MAX_SHORT_TEXT)
        level = problems.integer(f"{path}.level", raw.get("level"), 1, 5)
        if name is not None and not name:
            problems.add(f"{path}.name", "Must not be empty.")
        elif name is not None and level is not None:
            if skill_key(name) in seen:
                problems.add(f"{path}.name", "Is listed twice.")
            else:
                seen.add(skill_key(name))
                skills.append(Skill(name=" ".join(name.split()), level=level))
    return skills


def _career_stage(problems: _Problems, value: Any) -> CareerStage | None:
    if value is None:
        return None
    if isinstance(value, CareerStage):
        return value
    try:
        return CareerStage(value)
    except ValueError:
        problems.add("careerStage", f"Must be one of {', '.join(s.value for s in CareerStage)}.")
        return None


def _timezone(problems: _Problems, value: Any) -> str | None:
    if value is None:
        return None
    name = problems.text("timezone", value, 64)
    if not name:
        return None
    if name not in known_timezones():
        problems.add("timezone", "Must be an IANA time zone such as Europe/Berlin or America/New_York.")
        return None
    return name


def _personality(problems: _Problems, value: Any) -> tuple[dict[str, int] | None, str | None]:
    if value is None:
        return None, None
    if not isinstance(value, Mapping) or set(value) - {"bigFive", "mbti"}:
        problems.add("personality", "Must be {bigFive, mbti}.")
        return None, None
    big_five = value.get("bigFive")
    scores: dict[str, int] | None = None
    if big_five is not None:
        if not isinstance(big_five, Mapping) or set(big_five) != set(BIG_FIVE_TRAITS):
            problems.add("personality.bigFive", f"Must give all five scores: {', '.join(BIG_FIVE_TRAITS)}.")
        else:
            scores = {}
            for trait in BIG_FIVE_TRAITS:
                score = problems.integer(f"personality.bigFive.{trait}", big_five[trait], 0, 100)
                if score is not None:
                    scores[trait] = score
    mbti = value.get("mbti")
    if mbti is not None:
        mbti = mbti.strip().upper() if isinstance(mbti, str) else mbti
        if not isinstance(mbti, str) or not _MBTI.match(mbti):
            problems.add("personality.mbti", "Must be a four-letter MBTI type such as INTJ or ESFP.")
            mbti = None
    return scores, mbti
