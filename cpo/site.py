"""The static transparency site: one self-contained ``index.html`` (inline CSS and SVG, no JavaScript).

The page is `templates/index.html`, a Jinja2 template with autoescaping on: everything that came from data
or the catalogue is escaped by the engine, so an escape cannot be forgotten. The only markup let through as
it is is our own stylesheet (`templates/site.css`) and the chart SVG, which vl-convert renders from our own
chart spec. Every number goes through `metrics.formatting`, the formatter the dashboard uses, and every
chart has a one-sentence caption and a table of the same numbers under it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from metrics import formatting
from metrics.catalogue import BREAKDOWN_LABELS, Theme
from metrics.ees_files import DATA_FILE, METADATA_FILE
from metrics.plain_english import (
    ABOUT_THE_FIGURES,
    DIRECTION_MEANINGS,
    ROUNDING_NOTE,
    STATUS_MEANINGS,
    Card,
    long_date,
)

TEMPLATES = Environment(
    loader=PackageLoader("cpo", "templates"),
    autoescape=select_autoescape(["html"], default=True),
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class SiteText:
    """The words around the figures that do not come from the catalogue."""

    as_at: date
    rules: list[str]
    source: str
    csv_name: str = DATA_FILE
    csv_metadata_name: str = METADATA_FILE
    metadata_name: str = "metadata.json"
    about: tuple[str, ...] = field(default=ABOUT_THE_FIGURES)
    rounded: bool = False


def render_index(
    cards: list[Card], charts: Mapping[str, str], captions: Mapping[str, str], text: SiteText
) -> str:
    """The whole ``index.html``: ``charts`` maps an indicator id to its SVG, ``captions`` to its summary."""
    by_theme: dict[Theme, list[Card]] = {}
    for card in cards:
        by_theme.setdefault(card.entry.theme, []).append(card)
    legend = dict(formatting.GSS_SYMBOLS) | ({"Rounded": ROUNDING_NOTE} if text.rounded else {})
    return TEMPLATES.get_template("index.html").render(
        css=Markup(files("cpo").joinpath("templates/site.css").read_text(encoding="utf-8")),
        as_at=long_date(text.as_at),
        about=text.about,
        themes=[
            {
                "id": _theme_id(theme),
                "name": str(theme),
                "cards": [
                    _card(card, charts.get(card.entry.id), captions.get(card.entry.id, "")) for card in group
                ],
            }
            for theme, group in by_theme.items()
        ],
        legend=legend,
        statuses={formatting.status_label(key): words for key, words in STATUS_MEANINGS.items()},
        directions={direction.label: words for direction, words in DIRECTION_MEANINGS.items()},
        rules=text.rules,
        csv_name=text.csv_name,
        csv_metadata_name=text.csv_metadata_name,
        metadata_name=text.metadata_name,
        source=text.source,
    )


def _theme_id(theme: Theme) -> str:
    return "theme-" + "".join(ch if ch.isalnum() else "-" for ch in theme.name.lower())


def _period_heading(card: Card) -> str:
    return "Year to" if card.entry.frequency == "annual" else "Figures to"


def _cell_names(card: Card) -> list[str]:
    unit = card.entry.unit
    has_denominator = formatting.applicable("denominator", unit) and unit not in ("score", "days", "average")
    return ["value", "numerator", *(["denominator"] if has_denominator else [])]


def _cells(row: Mapping[str, Any], card: Card) -> list[tuple[str, str]]:
    entry, suppressed = card.entry, row.get("suppressed") or []
    return [
        (name, formatting.format_cell(name, row.get(name), entry.unit, entry.decimals, suppressed))
        for name in _cell_names(card)
    ]


def _card(card: Card, svg: str | None, caption: str) -> dict[str, Any]:
    entry, headline = card.entry, card.headline
    badges = []
    if headline.get("status") in formatting.STATUSES_AGAINST_A_TARGET:
        target = formatting.format_value(headline.get("target"), entry.unit, entry.decimals)
        badges.append(f"{formatting.status_label(headline['status'])} (target {target})")
    badges.append(f"{card.explanation.direction.label} on a year before")
    headings = {"value": "Value", "numerator": "Count", "denominator": "Out of"}
    breakdowns = [
        {
            "label": BREAKDOWN_LABELS.get(breakdown, breakdown),
            "rows": [
                {"label": str(row["group"]), "cells": _cells(row, card)}
                for row in card.groups
                if row["breakdown"] == breakdown
            ],
        }
        for breakdown in dict.fromkeys(row["breakdown"] for row in card.groups)
    ]
    return {
        "id": f"indicator-{entry.id}",
        "title": entry.title,
        "period_heading": _period_heading(card),
        "period_end": long_date(headline["period_end"]),
        "value": formatting.format_cell(
            "value", headline.get("value"), entry.unit, entry.decimals, headline.get("suppressed") or []
        ),
        "badges": badges,
        "meaning": card.explanation.meaning,
        "trend": card.explanation.trend,
        # vl-convert's SVG of our own chart spec: the one piece of markup not written by the template.
        "svg": Markup(svg) if svg else None,
        "caption": caption,
        "headings": [headings[name] for name in _cell_names(card)],
        "history": [
            {"label": long_date(row["period_end"]), "cells": _cells(row, card)}
            for row in reversed(card.history)
        ],
        "breakdowns": breakdowns,
    }
