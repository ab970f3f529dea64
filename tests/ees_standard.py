"""A reader of the DfE's Explore Education Statistics (EES) open-data standard, written from its published
description (the DfE analysts' guide, "Open data standards"), not from the code that writes our files.

`read_ees` reads a data CSV and its metadata CSV, checks them against the standard and returns the data with
its indicators as numbers (and the GSS symbol of every cell that holds none). Every breach found is listed in
the `NotTheStandard` it raises, so that a test shows them all at once. What it checks:

- file names: lower case letters, digits, ``_`` and ``-`` only, ``.csv``; the metadata file has the data
  file's name with ``.meta`` before ``.csv``; both are UTF-8 CSV with a header row;
- column names: unique, snake case, not starting with a digit, at most 50 characters;
- the mandatory columns ``time_period``, ``time_identifier``, ``geographic_level``, ``country_code`` and
  ``country_name``; time identifiers of one kind only (the standard's separate tables may not be mixed), each
  with its number of digits in ``time_period``, a six-digit period being two consecutive years; a known
  geographic level with the columns that level requires; a country code and name on every row;
- the metadata: exactly the standard's columns; a row for every filter and indicator of the data file (not
  for time and geography, nor for a column that only groups another filter, nor needed for a filter of one
  item), none for a column that is not there; ``col_type`` ``Filter`` or ``Indicator``; a label (at most 80
  characters); an indicator unit from the standard's list; decimal places a whole number; indicator fields
  only on indicators and filter fields only on filters; a grouping column that exists;
- the cells: every filter item filled in (at most 120 characters), every indicator cell a number or a GSS
  symbol, and no two rows for the same time, place and filter items (one observation per row).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

TIME_COLUMNS = ("time_period", "time_identifier")
GEOGRAPHY_COLUMNS = ("geographic_level", "country_code", "country_name")
MANDATORY = (*TIME_COLUMNS, *GEOGRAPHY_COLUMNS)
METADATA_COLUMNS = (
    "col_name", "col_type", "label", "indicator_grouping", "indicator_unit", "indicator_dp", "filter_hint",
    "filter_grouping_column",
)  # fmt: skip
INDICATOR_FIELDS = ("indicator_grouping", "indicator_unit", "indicator_dp")
FILTER_FIELDS = ("filter_hint", "filter_grouping_column")
INDICATOR_UNITS = ("", "£", "£m", "%", "pp")
# GSS symbols: z not applicable, x not available, c confidential, low rounds to 0, u low reliability.
SYMBOLS = ("z", "x", "c", "low", "u")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip
# Time identifiers that may share a file, with the digits of their time_period.
TIME_FAMILIES: tuple[dict[str, int], ...] = (
    {"Calendar year": 4},
    {"Reporting year": 4},
    {"Academic year": 6},
    {"Financial year": 6},
    {f"Financial year Q{n}": 6 for n in range(1, 5)},
    {"Part 1 (April to September)": 6, "Part 2 (October to March)": 6},
    {"Tax year": 6},
    {"Autumn term": 6, "Spring term": 6, "Summer term": 6},
    {"Autumn and spring term": 6},
    dict.fromkeys(MONTHS, 4),
    {f"Week {n}": 4 for n in range(1, 53)},
)
# The columns each geographic level requires beside country_code and country_name.
LEVEL_COLUMNS: dict[str, tuple[str, ...]] = {
    "National": (),
    "Regional": ("region_code", "region_name"),
    "Local authority": ("old_la_code", "new_la_code", "la_name"),
    "RSC region": ("rsc_region_lead_name",),
    "Parliamentary constituency": ("pcon_code", "pcon_name"),
    "Local authority district": ("lad_code", "lad_name"),
    "Local skills improvement plan area": ("lsip_code", "lsip_name"),
    "Local enterprise partnership": (
        "local_enterprise_partnership_code",
        "local_enterprise_partnership_name",
    ),
    "English devolved area": ("english_devolved_area_code", "english_devolved_area_name"),
    "Opportunity area": ("opportunity_area_code", "opportunity_area_name"),
    "Ward": ("ward_code", "ward_name"),
    "MAT": ("trust_id", "trust_name"),
    "Sponsor": ("sponsor_id", "sponsor_name"),
    "School": ("school_name", "school_urn", "school_laestab", "old_la_code", "new_la_code", "la_name"),
    "Provider": ("provider_name", "provider_ukprn"),
    "Planning area": (),
    "Institution": (),
}
FILE_NAME = re.compile(r"^[a-z0-9_-]+\.csv$")
COLUMN_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
NUMBER = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
MAX_NAME, MAX_LABEL, MAX_ITEM = 50, 80, 120


class NotTheStandard(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__(
            "; ".join(problems[:20]) + (f" (and {len(problems) - 20} more)" if len(problems) > 20 else "")
        )
        self.problems = problems


@dataclass(frozen=True)
class EesData:
    """A data file read by the standard: ``rows`` has every column as text, plus, for each indicator, the
    number (``None`` where the cell is a symbol) under its own name and the symbol under ``<name>_symbol``."""

    rows: pl.DataFrame
    filters: list[str]
    indicators: list[str]
    metadata: list[dict[str, str]]


def metadata_path(data_path: Path) -> Path:
    return data_path.with_name(data_path.name.removesuffix(".csv") + ".meta.csv")


def _read_csv(path: Path, problems: list[str]) -> tuple[list[str], list[dict[str, str]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(f"{path.name}: not UTF-8")
        return [], []
    reader = csv.DictReader(io.StringIO(text))
    header = list(reader.fieldnames or [])
    rows = list(reader)
    if not header:
        problems.append(f"{path.name}: no header row")
    for number, row in enumerate(rows, start=2):
        if None in row or any(value is None for value in row.values()):
            problems.append(f"{path.name} line {number}: not as many cells as the header has columns")
    return header, rows


def read_ees(data_path: Path) -> EesData:
    """Read and check ``data_path`` and its metadata file (see the module's list); raise `NotTheStandard`
    listing every breach, else return the data."""
    problems: list[str] = []
    meta_path = metadata_path(data_path)
    if not FILE_NAME.match(data_path.name):
        problems.append(f"{data_path.name}: a file name has lower case letters, digits, _ and - only, .csv")
    for path in (data_path, meta_path):
        if not path.is_file():
            raise NotTheStandard([f"{path.name}: missing (a data file travels with its .meta.csv)"])
    header, rows = _read_csv(data_path, problems)
    meta_header, metadata = _read_csv(meta_path, problems)
    _check_columns(header, problems)
    _check_time_and_geography(header, rows, problems)
    filters, indicators = _check_metadata(header, meta_header, metadata, rows, problems)
    _check_cells(header, rows, filters, indicators, problems)
    if problems:
        raise NotTheStandard(problems)
    return EesData(_typed(header, rows, indicators), filters, indicators, metadata)


def _check_columns(header: list[str], problems: list[str]) -> None:
    if len(set(header)) != len(header):
        problems.append("column names repeat")
    for name in header:
        if not COLUMN_NAME.match(name) or len(name) > MAX_NAME:
            problems.append(
                f"column {name!r}: snake case, starting with a letter, at most {MAX_NAME} characters"
            )
    for name in MANDATORY:
        if name not in header:
            problems.append(f"the mandatory column {name} is missing")


def _check_time_and_geography(header: list[str], rows: list[dict[str, str]], problems: list[str]) -> None:
    if any(name not in header for name in MANDATORY):
        return
    identifiers = {row["time_identifier"] for row in rows}
    families = [family for family in TIME_FAMILIES if identifiers <= family.keys()]
    if not families:
        problems.append(f"time identifiers {sorted(identifiers)} are not of one kind the standard allows")
    digits = {name: n for family in TIME_FAMILIES for name, n in family.items()}
    levels = set()
    for number, row in enumerate(rows, start=2):
        period, identifier = row["time_period"], row["time_identifier"]
        wanted = digits.get(identifier)
        if wanted is None or not period.isdigit() or len(period) != wanted:
            problems.append(f"line {number}: time_period {period!r} is not {wanted or '4 or 6'} digits")
        elif wanted == 6 and (int(period[:4]) + 1) % 100 != int(period[4:]):
            problems.append(f"line {number}: time_period {period} is not two consecutive years")
        if row["geographic_level"] not in LEVEL_COLUMNS:
            problems.append(f"line {number}: geographic_level {row['geographic_level']!r} is not a level")
        levels.add(row["geographic_level"])
        if not row["country_code"].strip() or not row["country_name"].strip():
            problems.append(f"line {number}: every row has a country code and name")
    for level in levels & LEVEL_COLUMNS.keys():
        for name in LEVEL_COLUMNS[level]:
            if name not in header:
                problems.append(f"rows at {level} level need the column {name}")


def _check_metadata(
    header: list[str],
    meta_header: list[str],
    metadata: list[dict[str, str]],
    rows: list[dict[str, str]],
    problems: list[str],
) -> tuple[list[str], list[str]]:
    if tuple(meta_header) != METADATA_COLUMNS:
        problems.append(f"the metadata columns are {meta_header}, not {list(METADATA_COLUMNS)}")
        return [], []
    filters, indicators, grouping = [], [], set()
    for row in metadata:
        name, kind = row["col_name"], row["col_type"]
        if name not in header:
            problems.append(f"metadata row {name!r}: no such column in the data file")
        if name in MANDATORY or name in (level for levels in LEVEL_COLUMNS.values() for level in levels):
            problems.append(f"metadata row {name!r}: time and geography columns are not described")
        if not row["label"].strip() or len(row["label"]) > MAX_LABEL:
            problems.append(f"metadata row {name!r}: a label of 1 to {MAX_LABEL} characters")
        if kind == "Filter":
            filters.append(name)
            if any(row[field] for field in INDICATOR_FIELDS):
                problems.append(f"metadata row {name!r}: a filter has no indicator fields")
            if row["filter_grouping_column"]:
                grouping.add(row["filter_grouping_column"])
                if row["filter_grouping_column"] not in header:
                    problems.append(f"metadata row {name!r}: grouping column not in the data file")
        elif kind == "Indicator":
            indicators.append(name)
            if any(row[field] for field in FILTER_FIELDS):
                problems.append(f"metadata row {name!r}: an indicator has no filter fields")
            if row["indicator_unit"] not in INDICATOR_UNITS:
                problems.append(
                    f"metadata row {name!r}: unit {row['indicator_unit']!r} is not one of the standard's"
                )
            if row["indicator_dp"] and not row["indicator_dp"].isdigit():
                problems.append(
                    f"metadata row {name!r}: decimal places {row['indicator_dp']!r} not a whole number"
                )
        else:
            problems.append(f"metadata row {name!r}: col_type {kind!r} is neither Filter nor Indicator")
    described = {row["col_name"] for row in metadata}
    if len(described) != len(metadata):
        problems.append("a column is described twice in the metadata")
    geography = {name for levels in LEVEL_COLUMNS.values() for name in levels}
    for name in header:
        if name in MANDATORY or name in geography or name in described:
            continue
        single_item = len({row.get(name) for row in rows}) <= 1
        if name in grouping:
            filters.append(name)
        elif single_item:
            filters.append(name)  # a filter of one item needs no metadata, and is still a filter
        else:
            problems.append(f"column {name!r} is neither described in the metadata nor a grouping column")
    return filters, indicators


def _check_cells(
    header: list[str],
    rows: list[dict[str, str]],
    filters: list[str],
    indicators: list[str],
    problems: list[str],
) -> None:
    if any(name not in header for name in MANDATORY):
        return
    seen: dict[tuple, int] = {}
    geography = [name for name in header if name in GEOGRAPHY_COLUMNS or name in
                 {column for levels in LEVEL_COLUMNS.values() for column in levels}]  # fmt: skip
    key_columns = [*TIME_COLUMNS, *geography, *filters]
    for number, row in enumerate(rows, start=2):
        for name in filters:
            item = row.get(name) or ""
            if not item.strip() or len(item) > MAX_ITEM:
                problems.append(f"line {number}: filter {name} needs an item of 1 to {MAX_ITEM} characters")
        for name in indicators:
            cell = (row.get(name) or "").strip()
            if cell not in SYMBOLS and not NUMBER.match(cell):
                problems.append(f"line {number}: {name} {cell!r} is neither a number nor a GSS symbol")
        key = tuple(row.get(name) for name in key_columns)
        if key in seen:
            problems.append(f"line {number}: the same observation as line {seen[key]}")
        seen.setdefault(key, number)


def _typed(header: list[str], rows: list[dict[str, str]], indicators: list[str]) -> pl.DataFrame:
    text = pl.DataFrame(rows, schema=dict.fromkeys(header, pl.String), orient="row")
    return text.with_columns(
        *(
            pl.when(pl.col(name).is_in(SYMBOLS))
            .then(None)
            .otherwise(pl.col(name))
            .cast(pl.Float64)
            .alias(name)
            for name in indicators
        ),
        *(
            pl.when(pl.col(name).is_in(SYMBOLS)).then(pl.col(name)).otherwise(None).alias(f"{name}_symbol")
            for name in indicators
        ),
    )
