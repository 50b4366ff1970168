"""CSV rows as import fields: the delimiter found, cells converted only as far as their type needs, the
file's own line numbers (header = 1), and a mapping that cannot work refused before any row."""

from __future__ import annotations

import pytest

from mentormatch.errors import InvalidInput
from mentormatch.profiles.csv_import import MappingRefused, default_mapping, read_csv


def test_a_tab_separated_export_with_personality_columns_reads_as_json_fields() -> None:
    text = (
        "email\tDisplay Name\tMBTI\tOpenness\tConscientiousness\tExtraversion\tAgreeableness\tNeuroticism\t"
        "Years\tLanguages\n"
        "a@example.com\tAna\tintj\t70\t60\t50\t40\tlots\t12\tEnglish; Portuguese\n"
    )
    mapping = [
        *default_mapping(["email", "Display Name"]),
        ("personality.mbti", "MBTI"),
        *(
            (f"personality.bigFive.{trait.lower()}", trait)
            for trait in ("Openness", "Conscientiousness", "Extraversion", "Agreeableness", "Neuroticism")
        ),
        ("yearsOfExperience", "Years"),
        ("languages", "Languages"),
    ]
    table = read_csv(text, mapping)
    assert table.delimiter == "\t"
    assert table.rows == [
        (
            2,
            {
                "email": "a@example.com",
                "displayName": "Ana",
                "personality": {
                    "mbti": "intj",
                    "bigFive": {
                        "openness": 70,
                        "conscientiousness": 60,
                        "extraversion": 50,
                        "agreeableness": 40,
                        # Not a number: left as text, for the validation to say so in its own words.
                        "neuroticism": "lots",
                    },
                },
                "yearsOfExperience": 12,
                "languages": ["English", "Portuguese"],
            },
        )
    ]


def test_rows_keep_the_files_line_numbers_and_extra_cells_are_refused() -> None:
    text = 'email,displayName,bio\n\na@example.com,Ana,"two\nlines"\nb@example.com,Ben,,surplus\n'
    rows = read_csv(text).rows
    assert [number for number, _ in rows] == [3, 5]
    assert rows[0][1] == {"email": "a@example.com", "displayName": "Ana", "bio": "two\nlines"}
    assert isinstance(rows[1][1], InvalidInput)
    assert rows[1][1].problems == [("line", "Has 4 cells; the header names 3.")]


def test_an_empty_file_or_an_unworkable_mapping_is_refused_whole() -> None:
    with pytest.raises(InvalidInput) as empty:
        read_csv("\ufeff\n")
    assert empty.value.problems[0][0] == "file"
    with pytest.raises(MappingRefused) as refused:
        read_csv("Mail;Name\nx@example.com;X\n", [("email", "Mail"), ("email", "Name")])
    assert refused.value.header == ["Mail", "Name"]
    assert refused.value.problems == [
        ("mapping.email", "Only a list field may take several columns."),
        ("mapping.displayName", "Must be mapped to a column."),
    ]
