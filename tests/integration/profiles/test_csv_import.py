"""`mentormatch import people.csv`: an HR export imported through a column mapping (flags or a file), with
the same upsert, validation and per-line errors as JSON Lines, numbered by the CSV file's lines."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from sqlalchemy import select

from mentormatch.accounts.models import User
from mentormatch.cli import cli
from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.profiles.models import ItemKind, Profile, ProfileItem, ProfileSkill
from tests.integration.profiles.test_import import table_state

# An HR export: its own column names, `;` between cells, a UTF-8 BOM, a column the import does not use,
# lists in one cell and across two columns, a quoted cell spanning two lines.
HR_EXPORT = (
    "\ufeffWork Email;Full name;Employee no;Mentor?;Strength 1;Strength 2;Wants to learn;Skills;Bio\n"
    "zoe@example.com;Zoe Park;1001;yes;running TikTok ad campaigns;community management on Discord;;"
    "Paid social:5;\n"
    'ken@example.com;Ken Ito;1002;no;;;"understand social media marketing; hiring";;"Ken leads sales.\n'
    'He is new to social media."\n'
    "bad-email;Nobody;1003;;;;;;\n"
    "ana@example.com;Ana Silva;1004;maybe;data storytelling;;;;\n"
    "lee@example.com;Lee Chen;1005;true;;;;SQL:expert;\n"
    "ZOE@example.com;Zoe Again;1006;;;;;;\n"
)
MAP_FLAGS = [
    "--map",
    "email=Work Email",
    "--map",
    "displayName=Full name",
    "--map",
    "canMentor=Mentor?",
    "--map",
    "expertise=Strength 1",
    "--map",
    "expertise=Strength 2",
    "--map",
    "objectives=Wants to learn",
    "--map",
    "skills=Skills",
    "--map",
    "bio=Bio",
]


def run_import(database_url: str, *args: str) -> Any:
    env = {"DATABASE_URL": database_url, "MENTORMATCH_ENV": "development", "SECRET_KEY": "k" * 40}
    return CliRunner().invoke(cli, ["import", *args], env=env)


async def people(database_url: str) -> dict[str, dict[str, Any]]:
    """Each participant's name, flags, items by kind and skills, by email."""
    engine = create_engine(database_url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session:
            found: dict[str, dict[str, Any]] = {}
            for user in await session.scalars(select(User)):
                profile = await session.get(Profile, user.id)
                items = await session.scalars(
                    select(ProfileItem).where(ProfileItem.user_id == user.id).order_by(ProfileItem.position)
                )
                by_kind: dict[str, list[str]] = {}
                for item in items:
                    by_kind.setdefault(ItemKind(item.kind).name, []).append(item.text)
                skills = await session.scalars(select(ProfileSkill).where(ProfileSkill.user_id == user.id))
                found[user.email] = {
                    "name": user.display_name,
                    "canMentor": profile.can_mentor if profile else None,
                    "bio": profile.bio if profile else None,
                    "items": by_kind,
                    "skills": [(s.name, s.level) for s in skills],
                }
            return found
    finally:
        await engine.dispose()


async def test_an_hr_export_is_imported_through_flags_with_errors_on_its_own_lines(
    database_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(HR_EXPORT, encoding="utf-8")
    result = await asyncio.to_thread(run_import, database_url, str(path), *MAP_FLAGS)

    assert result.exit_code == 1, "rejected rows make the exit status non-zero, as with JSON Lines"
    output = result.output
    assert "2 created, 0 updated, 0 unchanged, 4 rejected" in output
    # The header is line 1; Ken's bio spans lines 3-4, so the rows after it start one line later.
    assert "line 5: email:" in output
    assert "line 6: canMentor: Must be true or false." in output
    assert "line 7: skills[0].level: Must be a whole number." in output
    assert "line 8: email: Already on line 2." in output

    found = await people(database_url)
    assert set(found) == {"zoe@example.com", "ken@example.com"}
    zoe, ken = found["zoe@example.com"], found["ken@example.com"]
    assert zoe["name"] == "Zoe Park" and zoe["canMentor"] is True
    assert zoe["items"]["EXPERTISE"] == ["running TikTok ad campaigns", "community management on Discord"]
    assert zoe["skills"] == [("Paid social", 5)]
    assert ken["canMentor"] is False
    assert ken["items"]["OBJECTIVE"] == ["understand social media marketing", "hiring"]
    assert ken["bio"] == "Ken leads sales.\nHe is new to social media."


async def test_a_mapping_file_and_a_second_import_upsert_by_email(database_url: str, tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        'email = "E-mail"\ndisplayName = "Name"\nexpertise = ["Topics"]\nlanguages = "Languages"\n',
        encoding="utf-8",
    )
    first = tmp_path / "first.csv"
    first.write_text(
        'E-mail,Name,Topics,Languages\nmia@example.com,Mia Roy,"pricing; negotiation",English;French\n',
        encoding="utf-8",
    )
    result = await asyncio.to_thread(run_import, database_url, str(first), "--mapping", str(mapping))
    assert result.exit_code == 0, result.output
    assert "1 created, 0 updated, 0 unchanged, 0 rejected" in result.output

    # The same person again (the email in another case), renamed, one topic changed: updated, not added.
    second = tmp_path / "second.txt"
    second.write_text(
        'E-mail,Name,Topics,Languages\nMIA@example.com,Mia Roy-Martin,"pricing\nsales coaching",\n',
        encoding="utf-8",
    )
    result = await asyncio.to_thread(
        run_import, database_url, str(second), "--format", "csv", "--mapping", str(mapping)
    )
    assert result.exit_code == 0, result.output
    assert "0 created, 1 updated, 0 unchanged, 0 rejected" in result.output
    found = await people(database_url)
    assert list(found) == ["mia@example.com"]
    assert found["mia@example.com"]["name"] == "Mia Roy-Martin"
    assert found["mia@example.com"]["items"]["EXPERTISE"] == ["pricing", "sales coaching"]

    again = await asyncio.to_thread(
        run_import, database_url, str(second), "--format", "csv", "--mapping", str(mapping)
    )
    assert "0 created, 0 updated, 1 unchanged, 0 rejected" in again.output


async def test_a_mapping_that_cannot_work_is_refused_before_anything_is_written(
    database_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(HR_EXPORT, encoding="utf-8")
    before = await table_state(database_url)

    unknown = await asyncio.to_thread(
        run_import, database_url, str(path), *MAP_FLAGS, "--map", "favouriteColour=Employee no"
    )
    assert unknown.exit_code == 2, unknown.output
    assert "mapping.favouriteColour: Is not an import field" in unknown.output

    missing = await asyncio.to_thread(
        run_import, database_url, str(path), "--map", "email=Email", "--map", "displayName=Full name"
    )
    assert missing.exit_code == 2, missing.output
    assert "mapping.email: Column 'Email' is not in the file's header" in missing.output
    assert "'Work Email'" in missing.output, "the message lists the columns there are"

    # Without a mapping, only columns named like a field count: this file has no email column.
    unmapped = await asyncio.to_thread(run_import, database_url, str(path))
    assert unmapped.exit_code == 2, unmapped.output
    assert "mapping.email: Must be mapped to a column." in unmapped.output

    assert await table_state(database_url) == before, "nothing was written"
