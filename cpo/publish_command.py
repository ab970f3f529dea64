"""`cpo publish --out DIR [--as-at DATE] [--disclosure exact|rounded] [--database-url URL]`: the
transparency page as a static site.

Writes ``index.html`` (self-contained: inline CSS, charts as inline SVG, a table under every chart, no
JavaScript), the open data as the DfE's Explore Education Statistics standard lays it out (a data CSV and
its ``.meta.csv``, `metrics.ees_files`) and ``metadata.json`` (definitions, symbols and privacy rules). Any
web server can host the folder, so the public page scales without the app. Every figure comes from the
public frame stored with the latest load for the disclosure profile (`cpo.stored_results`): the same
disclosure-controlled rows the dashboard's transparency page shows, those of `metrics.report` with the
public role. A ``--as-at`` the stored results do not cover is computed from the child-level data for that
one date (said on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import cast

import polars as pl
import vl_convert

from cpo.disclosure_setting import add_disclosure_argument, disclosure_config
from cpo.site import SiteText, render_index
from cpo.stored_results import NothingLoaded, report_for, stored_results, trend_for
from metrics.catalogue import catalogue
from metrics.charts import describe_trend, trend_chart
from metrics.data import CareData
from metrics.disclosure import DisclosureConfig
from metrics.ees_files import DATA_FILE, METADATA_FILE, ees_data_csv, ees_metadata_csv
from metrics.open_data import PUBLIC, SOURCE, disclosure_rules, metadata_document
from metrics.plain_english import Card, about_the_figures, cards
from metrics.report import report_frame, trend_frame
from metrics.roles import visible_catalogue
from queries.engine import create_schema, make_engine

INDEX, METADATA = "index.html", "metadata.json"
CHART_WIDTH = 560


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, type=Path, help="folder to write the site into (created)")
    parser.add_argument(
        "--as-at",
        type=date.fromisoformat,
        help="reporting date YYYY-MM-DD (default: the latest period the data covers)",
    )
    parser.add_argument(
        "--database-url", help="database URL (else DATABASE_URL, else the embedded SQLite file)"
    )
    add_disclosure_argument(parser)


def run(args: argparse.Namespace) -> int:
    engine = make_engine(args.database_url)
    create_schema(engine)
    try:
        stored = stored_results(engine, "publish")
    except NothingLoaded:
        # Never publish an empty page, nor the synthetic sample by accident: a return must be loaded first.
        print("cpo publish: no return is loaded; run `cpo ingest DIR` first", file=sys.stderr)
        return 2
    config = disclosure_config(args)
    trend = trend_for(engine, stored, PUBLIC, config)
    as_at = args.as_at or latest_period_end(trend)
    report = report_for(engine, stored, PUBLIC, as_at, "publish", config)
    written = publish_frames(trend, report, args.out, as_at, config)
    print(f"cpo publish: wrote {', '.join(path.name for path in written)} to {args.out}")
    return 0


def latest_period_end(trend: pl.DataFrame) -> date:
    latest = cast(date | None, trend.get_column("period_end").max())  # a Date column
    return latest or date.today()


def publish(
    data: CareData, out: Path, as_at: date | None = None, config: DisclosureConfig | None = None
) -> list[Path]:
    """Write the four files for ``as_at`` (default: the latest period end) into ``out``, computed from
    ``data`` under ``config`` (default: the exact profile); return them."""
    config = config or DisclosureConfig()
    trend = trend_frame(data, PUBLIC, config=config)
    as_at = as_at or latest_period_end(trend)
    return publish_frames(trend, report_frame(data, as_at, PUBLIC, config=config), out, as_at, config)


def publish_frames(
    trend: pl.DataFrame, report: pl.DataFrame, out: Path, as_at: date, config: DisclosureConfig
) -> list[Path]:
    """Write the four files from the public ``trend`` and ``report`` (at ``as_at``, disclosed under
    ``config``) into ``out``."""
    trend = trend.filter(pl.col("period_end") <= as_at)
    entries = visible_catalogue(PUBLIC, catalogue())
    public_cards = cards(report, trend, entries, rounded_to=config.published_rounding)
    captions = {card.entry.id: chart_caption(card) for card in public_cards}
    charts = {card.entry.id: chart_svg(card) for card in public_cards if card.shown_points > 1}
    html = render_index(
        public_cards,
        charts,
        captions,
        SiteText(
            as_at=as_at,
            rules=disclosure_rules(config),
            source=SOURCE,
            about=about_the_figures(config),
            rounded=config.rounds,
        ),
    )
    out.mkdir(parents=True, exist_ok=True)
    files = {
        INDEX: html,
        DATA_FILE: ees_data_csv(trend),
        METADATA_FILE: ees_metadata_csv(),
        METADATA: json.dumps(metadata_document(as_at, config), indent=2, ensure_ascii=False) + "\n",
    }
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    return [out / name for name in files]


def _history(card: Card) -> pl.DataFrame:
    return pl.DataFrame(card.history).select(
        "period_end",
        "group",
        "numerator",
        "denominator",
        "value",
        "ci_low",
        "ci_high",
        "target",
        "suppressed",
    )


def chart_caption(card: Card) -> str:
    """The chart's one-sentence text alternative (the dashboard's own `describe_trend`)."""
    if not card.history:
        return ""
    return describe_trend(
        _history(card),
        title=card.entry.title,
        unit=card.entry.unit,
        decimals=card.entry.decimals,
        target=card.headline.get("target"),
        comparators=card.headline.get("comparators") or [],
    )


def chart_svg(card: Card) -> str:
    """The dashboard's trend chart for ``card``, rendered offline to SVG (no CDN, no JavaScript)."""
    rows = _history(card)
    chart = trend_chart(
        rows,
        show_interval=False,
        target_rows=rows.select("period_end", "target"),
        comparator_rows=card.headline.get("comparators") or [],
        unit=card.entry.unit,
        decimals=card.entry.decimals,
        height=220,
    ).properties(width=CHART_WIDTH)
    return vl_convert.vegalite_to_svg(chart.to_json())
