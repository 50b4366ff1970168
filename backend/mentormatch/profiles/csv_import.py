"""CSV files, the format HR systems export, as import rows: each row becomes the fields one JSON Lines line
holds, so `profiles.bulk` validates and upserts it exactly as it does a JSON line.

A mapping says which column holds which import field (`displayName` from "Full name"); a list field
(expertise, objectives, skills, languages) may come from several columns, and one cell may hold several
items split by the list separator (`;` by default) or by line breaks within a quoted cell. A skill is
`name:level` ("Python:4"). An empty cell leaves its field out, so an upsert keeps what is stored. Cells
are converted only as far as their type needs (`yes` to true, `12` to 12); whether a value is allowed
is decided by the same validation as JSON Lines, never here.

A mapping that cannot work (an unknown field, a column the header lacks, email or displayName left
unmapped) is refused before any row is read, as InvalidInput on `mapping.<field>`.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentormatch.audit import service as audit
from mentormatch.embeddings import Embedder
from mentormatch.errors import ErrorCode, InvalidInput, ServiceError
from mentormatch.profiles.bulk import (
    ACCOUNT_FIELDS,
    ImportStopped,
    ImportSummary,
    Row,
    RowPlan,
    import_rows,
    plan_import,
)
from mentormatch.profiles.service import Db
from mentormatch.profiles.validation import BIG_FIVE_TRAITS, PROFILE_FIELDS

# Every import field, in the order a mapping form lists them: JSON Lines' keys, with `personality` split
# into the one-value fields a spreadsheet column can hold.
IMPORT_FIELDS = (
    *ACCOUNT_FIELDS,
    *(name for name in PROFILE_FIELDS if name != "personality"),
    "personality.mbti",
    *(f"personality.bigFive.{trait}" for trait in BIG_FIVE_TRAITS),
)
REQUIRED_FIELDS = ("email", "displayName")
LIST_FIELDS = frozenset({"expertise", "objectives", "skills", "languages"})
BOOLEAN_FIELDS = frozenset({"canMentor", "seeksMentoring", "acceptingRequests"})
INTEGER_FIELDS = frozenset(
    {"yearsOfExperience", "capacity", *(f"personality.bigFive.{trait}" for trait in BIG_FIVE_TRAITS)}
)
DELIMITERS = ",;\t"
LIST_SEPARATOR = ";"
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}
_INTEGER = re.compile(r"[+-]?\d+")
# The sample the delimiter is guessed from: the header and the first rows.
_SNIFF_CHARACTERS = 16_384

# (field, column) pairs, in order; a list field may appear more than once.
ColumnMapping = list[tuple[str, str]]


def _comparable(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.casefold())


def default_mapping(header: Sequence[str]) -> ColumnMapping:
    """The columns named like an import field (case, spaces and punctuation aside: "Display name")."""
    by_name = {_comparable(name): name for name in IMPORT_FIELDS}
    mapping: ColumnMapping = []
    taken: set[str] = set()
    for column in header:
        name = by_name.get(_comparable(column))
        if name is not None and name not in taken:
            taken.add(name)
            mapping.append((name, column))
    return mapping


def parse_mapping_options(options: Sequence[str]) -> ColumnMapping:
    """`FIELD=COLUMN` pairs as given on the command line (`--map displayName=Full name`)."""
    mapping: ColumnMapping = []
    for option in options:
        name, equals, column = option.partition("=")
        if not equals or not name.strip() or not column.strip():
            raise InvalidInput([("mapping", f"{option!r} must be FIELD=COLUMN, e.g. email=Work Email.")])
        mapping.append((name.strip(), column.strip()))
    return mapping


def read_mapping_file(path: Path) -> ColumnMapping:
    """A mapping file: a TOML table or JSON object of field = column (or a list of columns)."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
        data = json.loads(raw) if path.suffix.lower() == ".json" else tomllib.loads(raw)
    except (OSError, ValueError) as exc:
        raise InvalidInput([("mapping", f"{path} cannot be read as a mapping: {exc}")]) from None
    if not isinstance(data, dict):
        raise InvalidInput([("mapping", f"{path} must hold field = column pairs.")])
    mapping: ColumnMapping = []
    for name, columns in data.items():
        values = columns if isinstance(columns, list) else [columns]
        if not values or not all(isinstance(column, str) and column.strip() for column in values):
            raise InvalidInput([(f"mapping.{name}", "Must name a column, or a list of columns.")])
        mapping.extend((name, column.strip()) for column in values)
    return mapping


class MappingRefused(InvalidInput):
    """A mapping that cannot work with this header; nothing was read past the header."""

    def __init__(self, problems: list[tuple[str, str]], header: Sequence[str]) -> None:
        super().__init__(problems)
        self.header = list(header)


def check_mapping(mapping: ColumnMapping, header: Sequence[str]) -> dict[str, list[int]]:
    """The mapping as column indexes by field; raise MappingRefused listing every problem with it."""
    problems: list[tuple[str, str]] = []
    positions: dict[str, list[int]] = {}
    duplicated = {column for column in header if header.count(column) > 1}
    for name, column in mapping:
        path = f"mapping.{name}"
        if name not in IMPORT_FIELDS:
            problems.append((path, f"Is not an import field; the fields are {', '.join(IMPORT_FIELDS)}."))
        elif column not in header:
            problems.append((path, f"Column {column!r} is not in the file's header ({_columns(header)})."))
        elif column in duplicated:
            problems.append((path, f"Column {column!r} appears more than once in the header."))
        elif name in positions and name not in LIST_FIELDS:
            problems.append((path, "Only a list field may take several columns."))
        else:
            positions.setdefault(name, []).append(header.index(column))
    problems.extend(
        (f"mapping.{name}", "Must be mapped to a column.")
        for name in REQUIRED_FIELDS
        if name not in positions and not any(p == f"mapping.{name}" for p, _ in problems)
    )
    if problems:
        raise MappingRefused(problems, header)
    return positions


def _columns(header: Sequence[str]) -> str:
    return "columns: " + ", ".join(repr(column) for column in header) if header else "no columns"


@dataclass
class CsvImport:
    """A CSV file read for an import: its header, the mapping applied and the rows it gives."""

    header: list[str]
    delimiter: str
    mapping: ColumnMapping
    rows: list[Row] = field(default_factory=list)


def detect_delimiter(text: str) -> str:
    """`,`, `;` or tab: csv.Sniffer's guess from the first lines, else the one the header uses most."""
    sample = text[:_SNIFF_CHARACTERS]
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        header = sample.split("\n", 1)[0]
        return max(DELIMITERS, key=header.count)


def read_csv(
    text: str,
    mapping: ColumnMapping | None = None,
    *,
    delimiter: str | None = None,
    list_separator: str = LIST_SEPARATOR,
) -> CsvImport:
    """The rows of a CSV file (UTF-8, with or without a BOM) as import fields, numbered by the file's
    lines with the header as line 1; `mapping` None: the columns named like fields (`default_mapping`).

    Raises InvalidInput, before any row is read, for a file without a header or a mapping that cannot work.
    """
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InvalidInput([("file", "The file is empty: its first line must name the columns.")])
    delimiter = delimiter or detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [column.strip() for column in next(reader)]
    except csv.Error as exc:
        raise InvalidInput([("file", f"Line 1: {exc}.")]) from None
    mapping = default_mapping(header) if mapping is None else mapping
    positions = check_mapping(mapping, header)
    result = CsvImport(header, delimiter, mapping)
    result.rows = list(_rows(reader, header, positions, list_separator))
    return result


def _rows(
    reader: Iterator[list[str]], header: list[str], positions: dict[str, list[int]], list_separator: str
) -> Iterator[Row]:
    line = reader.line_num  # type: ignore[attr-defined]
    while True:
        start = line + 1  # a quoted cell may span lines: a row is numbered by the line it starts on
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InvalidInput([("file", f"Line {start}: {exc}.")]) from None
        line = reader.line_num  # type: ignore[attr-defined]
        if not any(cell.strip() for cell in cells):
            continue
        if any(cell.strip() for cell in cells[len(header) :]):
            yield start, InvalidInput([("line", f"Has {len(cells)} cells; the header names {len(header)}.")])
            continue
        yield start, row_fields(cells, positions, list_separator)


def row_fields(cells: Sequence[str], positions: dict[str, list[int]], list_separator: str) -> dict[str, Any]:
    """One row's cells as the fields of a JSON Lines line (`personality.mbti` nested as JSON nests it)."""
    data: dict[str, Any] = {}
    for name, indexes in positions.items():
        values = [cells[i] for i in indexes if i < len(cells) and cells[i].strip()]
        if not values:
            continue
        value = _value(name, values, list_separator)
        *parents, leaf = name.split(".")
        target = data
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = value
    return data


def _value(name: str, cells: list[str], list_separator: str) -> Any:
    if name in LIST_FIELDS:
        items = [
            item.strip()
            for cell in cells
            for line in cell.splitlines()
            for item in line.split(list_separator)
            if item.strip()
        ]
        return [_skill(item) for item in items] if name == "skills" else items
    cell = cells[0].strip()
    if name in BOOLEAN_FIELDS:
        folded = cell.casefold()
        return True if folded in _TRUE else False if folded in _FALSE else cell
    if name in INTEGER_FIELDS:
        return int(cell) if _INTEGER.fullmatch(cell) else cell
    # A text keeps its own spacing and line breaks: validation trims it as it trims JSON's.
    return cells[0]


def _skill(item: str) -> dict[str, Any]:
    """`Python:4` as {name, level}; without a level, validation says one is needed."""
    name, colon, level = item.rpartition(":")
    if not colon:
        return {"name": item}
    level = level.strip()
    return {"name": name.strip(), "level": int(level) if _INTEGER.fullmatch(level) else level}


@dataclass
class UploadLimits:
    max_bytes: int
    max_rows: int


@dataclass
class UploadResult:
    """What an upload did (or, dry run, would do): the header, the mapping applied, totals and rows."""

    header: list[str]
    mapping: ColumnMapping
    summary: ImportSummary
    rows: list[RowPlan]
    dry_run: bool


async def upload_people(
    db: Db,
    embedder: Embedder,
    *,
    actor_id: uuid.UUID,
    text: str,
    mapping: ColumnMapping | None,
    dry_run: bool,
    limits: UploadLimits,
) -> UploadResult:
    """An admin's CSV upload: with `dry_run`, what each row would do, with nothing written; otherwise the
    import itself (valid rows imported, bad ones reported), audited with its totals (PEOPLE_IMPORTED)."""
    size = len(text.encode())
    if size > limits.max_bytes:
        raise ServiceError(
            ErrorCode.TOO_LARGE,
            f"The file is {size:,} bytes; an upload may be at most {limits.max_bytes:,}. "
            "Import bigger files with the `mentormatch import` command.",
            "csv",
        )
    table = read_csv(text, mapping)
    if len(table.rows) > limits.max_rows:
        raise ServiceError(
            ErrorCode.TOO_LARGE,
            f"The file has {len(table.rows):,} rows; an upload may have at most {limits.max_rows:,}. "
            "Import bigger files with the `mentormatch import` command.",
            "csv",
        )
    if dry_run:
        plans, summary = await plan_import(db, table.rows)
        return UploadResult(table.header, table.mapping, summary, plans, dry_run=True)
    stopped: ImportStopped | None = None
    try:
        summary = await import_rows(db, embedder, table.rows, rebuild_indexes=False)
    except ImportStopped as exc:
        stopped, summary = exc, exc.summary
    async with db.begin() as session:
        await audit.record(
            session,
            actor_id=actor_id,
            action=audit.Action.PEOPLE_IMPORTED,
            details={
                "created": summary.created,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
                "rejected": len(summary.rejected),
                "stopped": stopped is not None,
            },
        )
    if stopped is not None:
        raise ServiceError(ErrorCode.SERVICE_UNAVAILABLE, f"The import stopped at {stopped}.")
    rejected = [RowPlan(line, None, "ERROR", reason) for line, reason in summary.rejected]
    return UploadResult(table.header, table.mapping, summary, rejected, dry_run=False)
