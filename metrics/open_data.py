"""The public open data: a flat CSV of every public figure over time, and the JSON that describes it.

Rows come only from `metrics.report.trend_frame` with the public role, so disclosure control has already
been applied once, to the tidy frame, on the server, before anything reaches a public page, a download or
a published file (README, "Privacy"). This module only flattens those rows into CSV-safe columns: numbers
stay numbers (empty when withheld) and the GSS symbol that explains an empty cell goes in a ``*_note``
column, so a spreadsheet can still add the figures up.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date
from typing import Any

import polars as pl

from metrics import formatting
from metrics.catalogue import BREAKDOWN_LABELS, catalogue
from metrics.data import CareData
from metrics.disclosure import DisclosureConfig
from metrics.report import trend_frame
from metrics.roles import Role, visible_catalogue

PUBLIC = Role.parse("public")

SOURCE = (
    "Government of Jersey, Children, Young People, Education and Skills: the children looked after return "
    "(SSDA903 format) with local education, health, care leaver, visits and workforce files; population "
    "from the mid-year estimate."
)

# Name and meaning of every open-data column, in order; `metadata_document` publishes this list.
OPEN_DATA_COLUMNS: dict[str, str] = {
    "indicator": "Indicator id (stable; see the indicators list in the metadata)",
    "title": "Indicator name",
    "theme": "Theme of the plan",
    "unit": "percent, rate (per 10,000), count, days, score or average",
    "polarity": "Whether a higher or lower value is better, or context (neither)",
    "period_end": "Last day of the period (ISO date); quarterly figures cover the 12 months to this day",
    "breakdown": "The breakdown: all (headline) or the grouping used",
    "group": "The group within the breakdown",
    "numerator": "Count on top of the fraction; counts of children are rounded to the nearest 5",
    "numerator_note": "GSS symbol when numerator is empty: c withheld, x not available, z not applicable",
    "denominator": "Count the value is out of; counts of children are rounded to the nearest 5",
    "denominator_note": "GSS symbol when denominator is empty",
    "value": "The figure, to the decimals shown on the page",
    "value_note": "GSS symbol when value is empty: c withheld, x not available, z not applicable",
    "ci_low": "Lower end of the 95% Wilson interval of a percentage",
    "ci_high": "Upper end of the 95% Wilson interval of a percentage",
    "target": "The plan's target for the year of this period, where there is one",
    "status": "met, near, off_track, no_target or no_data (see the status legend)",
    "comparators": "Published figures for other areas: area, year and value, separated by semicolons",
}

NOTED_CELLS = ("numerator", "denominator", "value")
WITHHELD_WORDS = {"ethnic_group": "ethnic group", "location": "where a child lives (in Jersey or away)"}


def open_data_frame(data: CareData, as_at: date | None = None) -> pl.DataFrame:
    """Every public figure for every period up to ``as_at`` (all periods when None), flattened for CSV."""
    trend = trend_frame(data, PUBLIC)
    if as_at is not None:
        trend = trend.filter(pl.col("period_end") <= as_at)
    return flatten(trend)


def flatten(public_rows: pl.DataFrame) -> pl.DataFrame:
    """Public report rows as the open-data columns (see `OPEN_DATA_COLUMNS`).

    Values and intervals are rounded to the catalogue's decimals, the precision the page shows: with
    rounded counts beside them, a full-precision percentage would let a reader work the exact count back
    out (12.8205…% of "about 80" can only be 10 of 78).
    """
    entries = catalogue()
    records = []
    for row in public_rows.sort("indicator", "period_end", "breakdown", "group").iter_rows(named=True):
        entry = entries[row["indicator"]]
        withheld = list(row["suppressed"] or [])
        notes = {
            f"{cell}_note": formatting.symbol_for(cell, row[cell], entry.unit, withheld) or ""
            for cell in NOTED_CELLS
        }
        shown = {cell: (None if notes[f"{cell}_note"] else row[cell]) for cell in NOTED_CELLS}
        value_shown = shown["value"] is not None
        records.append(
            {
                "indicator": row["indicator"],
                "title": entry.title,
                "theme": str(entry.theme),
                "unit": entry.unit,
                "polarity": entry.polarity,
                "period_end": row["period_end"].isoformat(),
                "breakdown": row["breakdown"],
                "group": row["group"],
                "numerator": shown["numerator"],
                "numerator_note": notes["numerator_note"],
                "denominator": shown["denominator"],
                "denominator_note": notes["denominator_note"],
                "value": _rounded(shown["value"], entry.decimals),
                "value_note": notes["value_note"],
                # An interval or a status next to a withheld value would hint at it: keep them only with it.
                "ci_low": _rounded(row["ci_low"], entry.decimals) if value_shown else None,
                "ci_high": _rounded(row["ci_high"], entry.decimals) if value_shown else None,
                "target": row["target"],
                "status": row["status"] if value_shown else "no_data",
                "comparators": comparators_text(row["comparators"], entry.unit, entry.decimals),
            }
        )
    schema = {
        name: pl.Float64
        if name in ("numerator", "denominator", "value", "ci_low", "ci_high", "target")
        else pl.String
        for name in OPEN_DATA_COLUMNS
    }
    return pl.DataFrame(records, schema=schema, orient="row")


def open_data_csv(frame: pl.DataFrame) -> str:
    """The open-data frame as CSV text (UTF-8, header row, empty cells for missing numbers)."""
    return frame.write_csv()


def comparators_text(comparators: list[dict[str, Any]] | None, unit: str, decimals: int) -> str:
    """``England 2024: 68.0%; Wales 2024: 61.0%`` — published figures, never a league table."""
    parts = [
        f"{item['area']} {item['year']}: {formatting.format_value(item['value'], unit, decimals)}"
        for item in comparators or []
    ]
    return "; ".join(parts)


def metadata_document(
    as_at: date, config: DisclosureConfig | None = None, *, source: str = SOURCE
) -> dict[str, Any]:
    """The JSON that travels with the open data: what each column and indicator means, and how the figures
    were protected."""
    config = config or DisclosureConfig()
    public_entries = visible_catalogue(PUBLIC, catalogue())
    return {
        "title": "Corporate Parenting Outcomes: how Jersey's children in care and care leavers are doing",
        "reporting_date": as_at.isoformat(),
        "source": source,
        "files": {"open-data.csv": "Every public figure for every period", "metadata.json": "This file"},
        "disclosure_control": {
            "rules": disclosure_rules(config),
            "settings": {field.name: _jsonable(getattr(config, field.name)) for field in fields(config)},
        },
        "suppression_legend": [
            {"symbol": symbol, "meaning": meaning} for symbol, meaning in formatting.GSS_SYMBOLS.items()
        ],
        "status_legend": [
            {"status": status, "label": formatting.status_label(status)} for status in formatting.STATUSES
        ],
        "columns": [{"name": name, "description": text} for name, text in OPEN_DATA_COLUMNS.items()],
        "indicators": [
            {
                "id": entry.id,
                "title": entry.title,
                "theme": str(entry.theme),
                "owner": entry.owner.label,
                "definition": entry.definition,
                "unit": entry.unit,
                "polarity": entry.polarity,
                "frequency": entry.frequency,
                "source": entry.source,
                "subject_to_disclosure_control": entry.counts_children,
                "breakdowns": [BREAKDOWN_LABELS.get(name, name) for name in entry.breakdowns],
            }
            for entry in public_entries.values()
        ],
    }


def disclosure_rules(config: DisclosureConfig) -> list[str]:
    """The disclosure rules (README, "Privacy"), with this publication's settings."""
    withheld = " or by ".join(WITHHELD_WORDS.get(name, name) for name in config.withheld_breakdowns)
    return [
        f"Counts of children from 1 to {config.min_count - 1} are withheld and shown as c.",
        f"Every other count of children is rounded to the nearest {config.rounding_base}.",
        f"A percentage is shown only when neither of its counts is withheld and it is out of at least "
        f"{config.min_denominator}; an average only when it rests on at least {config.min_children_for_mean} "
        "children.",
        "One more group is withheld wherever a total or the other groups would let a reader work out a "
        "withheld group by subtraction.",
        f"There is no public breakdown by {withheld}.",
        "Staff figures (workforce) are not about children: they are not withheld or rounded.",
    ]


def _rounded(value: float | None, decimals: int) -> float | None:
    return None if value is None else round(value, decimals)


def _jsonable(value: Any) -> Any:
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    if isinstance(value, (frozenset, set, tuple)):
        return sorted(value) if isinstance(value, (frozenset, set)) else list(value)
    return value
