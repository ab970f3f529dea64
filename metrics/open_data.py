"""The JSON that travels with the public open data, and the rules it states.

The open data itself (`metrics.ees_files`: a data CSV and its metadata CSV in the DfE's Explore Education
Statistics layout) is written from the public report rows (`metrics.report` with the public role), so
disclosure control was applied once, on the server, before anything reaches a public page, a download or a
published file (README.md, "Disclosure control"). This module writes ``metadata.json``: what each column and
indicator means, the GSS symbols, the status legend and how the figures were protected.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date
from typing import Any

from metrics import formatting
from metrics.catalogue import BREAKDOWN_LABELS, catalogue
from metrics.disclosure import DisclosureConfig
from metrics.ees_files import COLUMN_DESCRIPTIONS, DATA_FILE, METADATA_FILE
from metrics.roles import Role, visible_catalogue

PUBLIC = Role.parse("public")

SOURCE = (
    "Government of Jersey, Children, Young People, Education and Skills: the children looked after return "
    "(SSDA903 format) with local education, health, care leaver, visits and workforce files; population "
    "from the mid-year estimate."
)

WITHHELD_WORDS = {"ethnic_group": "ethnic group", "location": "where a child lives (in Jersey or away)"}


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
        "files": {
            DATA_FILE: "Every public figure for every period (the DfE's open-data standard: data file)",
            METADATA_FILE: "Which columns of the data file are filters and which are figures (its metadata)",
            "metadata.json": "This file: definitions, symbols and how the figures were protected",
        },
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
        "columns": [{"name": name, "description": text} for name, text in COLUMN_DESCRIPTIONS.items()],
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
    """The disclosure rules (README.md, "Disclosure control"), with this publication's settings."""
    withheld = " or by ".join(WITHHELD_WORDS.get(name, name) for name in config.withheld_breakdowns)
    return [
        f"Counts of children from 1 to {config.min_count - 1} are withheld and shown as c.",
        f"Every other count of children is rounded to the nearest {config.rounding_base}, and "
        "percentages are worked out from the rounded counts."
        if config.rounds
        else "Every other count of children is shown exactly.",
        f"A percentage is shown only when neither of its counts is withheld and it is out of at least "
        f"{config.min_denominator}; an average only when it rests on at least {config.min_children_for_mean} "
        "children.",
        "When a figure is withheld, the counts it rests on are withheld with it.",
        "One more figure is withheld wherever a total, the other groups or the year before would let a "
        "reader work out a withheld one by subtraction.",
        f"There is no public breakdown by {withheld}, and none that is true by definition (such as children "
        "in foster homes by type of home).",
        "Staff figures (workforce) are not about children: they are not withheld or rounded.",
    ]


def _jsonable(value: Any) -> Any:
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    if isinstance(value, (frozenset, set, tuple)):
        return sorted(value) if isinstance(value, (frozenset, set)) else list(value)
    return value
