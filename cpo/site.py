"""The static transparency site: one self-contained ``index.html`` (inline CSS and SVG, no JavaScript).

Everything that came from data or the catalogue is escaped with `html.escape` before it is placed in the
page; the only markup not written here is the chart SVG, which vl-convert renders from our own chart spec.
Every number goes through `metrics.formatting`, the formatter the dashboard uses, and every chart has a
one-sentence caption and a table of the same numbers under it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from html import escape
from string import Template
from typing import Any

from metrics import formatting
from metrics.catalogue import BREAKDOWN_LABELS, Theme
from metrics.plain_english import (
    ABOUT_THE_FIGURES,
    DIRECTION_MEANINGS,
    ROUNDING_NOTE,
    STATUS_MEANINGS,
    Card,
    long_date,
)

STATUSES_AGAINST_A_TARGET = ("met", "near", "off_track")


@dataclass(frozen=True)
class SiteText:
    """The words around the figures that do not come from the catalogue."""

    as_at: date
    rules: list[str]
    source: str
    csv_name: str = "open-data.csv"
    metadata_name: str = "metadata.json"


PAGE = Template("""<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>How are Jersey's children in care doing? Figures to $as_at</title>
<style>
$css
</style>
</head>
<body>
<a class="skip" href="#main">Skip to the figures</a>
<header>
<h1>How are Jersey's children in care doing?</h1>
<p class="lede">Figures about children in care and young people who have left care in Jersey, up to $as_at.
No child can be identified from this page.</p>
</header>
<main id="main">
<section aria-labelledby="about">
<h2 id="about">About these figures</h2>
$about
</section>
<nav aria-labelledby="contents">
<h2 id="contents">Contents</h2>
<ul>
$contents
<li><a href="#symbols">What the symbols mean</a></li>
<li><a href="#privacy">How we protect children's privacy</a></li>
<li><a href="#download">Download the data</a></li>
</ul>
</nav>
$themes
<section aria-labelledby="symbols">
<h2 id="symbols">What the symbols mean</h2>
<dl class="legend">
$legend
</dl>
<h3>Progress against the plan's targets</h3>
<dl class="legend">
$statuses
</dl>
<h3>Compared with a year before</h3>
<dl class="legend">
$directions
</dl>
</section>
<section aria-labelledby="privacy">
<h2 id="privacy">How we protect children's privacy</h2>
<ul>
$rules
</ul>
</section>
<section aria-labelledby="download">
<h2 id="download">Download the data</h2>
<ul>
<li><a href="$csv_name" download>Open data (CSV)</a>: every figure on this page, for every period.</li>
<li><a href="$metadata_name">What the data means (JSON)</a>: the definitions, the symbols and the privacy
rules.</li>
</ul>
</section>
</main>
<footer>
<p>Source: $source</p>
<p>Figures to $as_at. This page works without JavaScript; every chart has a table of the same numbers.</p>
</footer>
</body>
</html>
""")

CSS = """
:root { --ink: #1b1b1b; --muted: #4a4a4a; --rule: #b1b4b6; --panel: #f3f2f1; --link: #1d4f91; }
* { box-sizing: border-box; }
body { margin: 0; font: 1.0625rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: var(--ink); background: #fff; }
header, main, footer { max-width: 68rem; margin: 0 auto; padding: 0 1.25rem; }
header { padding-top: 1.5rem; border-bottom: 4px solid var(--link); }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .5rem; }
h2 { font-size: 1.5rem; margin: 2.5rem 0 .75rem; padding-bottom: .25rem;
  border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.2rem; margin: 0 0 .5rem; }
a { color: var(--link); }
a:focus, summary:focus { outline: 3px solid #ffbf47; outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #ffbf47; padding: .5rem; }
.lede { font-size: 1.15rem; color: var(--muted); }
.indicator { border: 1px solid var(--rule); border-radius: 6px; padding: 1rem 1.25rem; margin: 0 0 1.25rem; }
.figure { display: flex; flex-wrap: wrap; align-items: baseline; gap: .5rem 1.25rem; margin: 0 0 .5rem; }
.value { font-size: 2.25rem; font-weight: 700; line-height: 1.1; }
.badge { display: inline-block; border: 2px solid var(--ink); border-radius: 4px; padding: 0 .5rem;
  font-weight: 600; }
.trend { color: var(--ink); }
.period { color: var(--muted); margin: 0 0 .25rem; font-size: .95rem; }
figure { margin: .75rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: .95rem; }
details { margin: .5rem 0; }
summary { cursor: pointer; color: var(--link); font-weight: 600; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: .5rem 0; min-width: 20rem; }
caption { text-align: left; font-weight: 600; padding-bottom: .25rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .3rem .75rem .3rem 0; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.legend { display: grid; grid-template-columns: minmax(6rem, max-content) 1fr; gap: .4rem 1.25rem; }
.legend dt { font-weight: 700; }
.legend dd { margin: 0; }
footer { border-top: 1px solid var(--rule); margin-top: 3rem; padding-bottom: 2rem; color: var(--muted); }
@media (max-width: 700px) { h1 { font-size: 1.6rem; } .value { font-size: 1.8rem; } }
"""


def render_index(
    cards: list[Card], charts: Mapping[str, str], captions: Mapping[str, str], text: SiteText
) -> str:
    """The whole ``index.html``: ``charts`` maps an indicator id to its SVG, ``captions`` to its summary."""
    by_theme: dict[Theme, list[Card]] = {}
    for card in cards:
        by_theme.setdefault(card.entry.theme, []).append(card)
    contents = "\n".join(
        f'<li><a href="#{_theme_id(theme)}">{escape(str(theme))}</a></li>' for theme in by_theme
    )
    themes = "\n".join(
        _theme_section(theme, theme_cards, charts, captions) for theme, theme_cards in by_theme.items()
    )
    return PAGE.substitute(
        css=CSS,
        as_at=escape(long_date(text.as_at)),
        contents=contents,
        themes=themes,
        about="\n".join(f"<p>{escape(paragraph)}</p>" for paragraph in ABOUT_THE_FIGURES),
        legend=_definitions(dict(formatting.GSS_SYMBOLS) | {"Rounded": ROUNDING_NOTE}),
        statuses=_definitions({formatting.status_label(key): text for key, text in STATUS_MEANINGS.items()}),
        directions=_definitions({direction.label: text for direction, text in DIRECTION_MEANINGS.items()}),
        rules="\n".join(f"<li>{escape(rule)}</li>" for rule in text.rules),
        csv_name=escape(text.csv_name, quote=True),
        metadata_name=escape(text.metadata_name, quote=True),
        source=escape(text.source),
    )


def _theme_id(theme: Theme) -> str:
    return "theme-" + "".join(ch if ch.isalnum() else "-" for ch in theme.name.lower())


def _definitions(items: Mapping[str, str]) -> str:
    return "\n".join(f"<dt>{escape(term)}</dt><dd>{escape(meaning)}</dd>" for term, meaning in items.items())


def _theme_section(
    theme: Theme, cards: list[Card], charts: Mapping[str, str], captions: Mapping[str, str]
) -> str:
    heading_id = _theme_id(theme)
    articles = "\n".join(
        _article(card, charts.get(card.entry.id), captions.get(card.entry.id, "")) for card in cards
    )
    return (
        f'<section aria-labelledby="{heading_id}">\n<h2 id="{heading_id}">{escape(str(theme))}</h2>\n'
        f"{articles}\n</section>"
    )


def _cell(name: str, row: Mapping[str, Any], unit: str, decimals: int) -> str:
    shown = formatting.format_cell(name, row.get(name), unit, decimals, row.get("suppressed") or [])
    return f'<td class="num" data-cell="{name}">{escape(shown)}</td>'


def _article(card: Card, svg: str | None, caption: str) -> str:
    entry, headline = card.entry, card.headline
    unit, decimals = entry.unit, entry.decimals
    value = formatting.format_cell(
        "value", headline.get("value"), unit, decimals, headline.get("suppressed") or []
    )
    status = headline.get("status")
    badges = []
    if status in STATUSES_AGAINST_A_TARGET:
        target = formatting.format_value(headline.get("target"), unit, decimals)
        badges.append(
            f'<span class="badge">{escape(formatting.status_label(status))} (target {escape(target)})</span>'
        )
    direction = card.explanation.direction
    badges.append(f'<span class="badge">{escape(direction.label)} on a year before</span>')
    article_id = escape(f"indicator-{entry.id}", quote=True)
    parts = [
        f'<article class="indicator" id="{article_id}" aria-labelledby="{article_id}-title">',
        f'<h3 id="{article_id}-title">{escape(entry.title)}</h3>',
        f'<p class="period">{escape(_period_heading(card))} {escape(long_date(headline["period_end"]))}</p>',
        f'<p class="figure"><span class="value" data-cell="headline-value">{escape(value)}</span> '
        f"{' '.join(badges)}</p>",
        f"<p>{escape(card.explanation.meaning)}</p>",
        f'<p class="trend">{escape(card.explanation.trend)}</p>',
    ]
    if svg:
        parts.append(
            f'<figure><div role="img" aria-label="{escape(caption, quote=True)}">{svg}</div>'
            f"<figcaption>{escape(caption)}</figcaption></figure>"
        )
    parts.append(_history_table(card))
    if card.groups:
        parts.append(_groups_table(card))
    parts.append("</article>")
    return "\n".join(parts)


def _period_heading(card: Card) -> str:
    return "Year to" if card.entry.frequency == "annual" else "Figures to"


def _history_table(card: Card) -> str:
    unit, decimals = card.entry.unit, card.entry.decimals
    has_denominator = formatting.applicable("denominator", unit) and unit not in ("score", "days", "average")
    header = f"<th scope='col'>{_period_heading(card)}</th><th scope='col' class='num'>Value</th>"
    header += "<th scope='col' class='num'>Count</th>"
    if has_denominator:
        header += "<th scope='col' class='num'>Out of</th>"
    rows = []
    for row in reversed(card.history):
        cells = _cell("value", row, unit, decimals) + _cell("numerator", row, unit, decimals)
        if has_denominator:
            cells += _cell("denominator", row, unit, decimals)
        rows.append(f"<tr><th scope='row'>{escape(long_date(row['period_end']))}</th>{cells}</tr>")
    return (
        "<details><summary>Table of the figures over time</summary><div class='table-wrap'><table>"
        f"<caption>{escape(card.entry.title)}: every period</caption>"
        f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table></div></details>"
    )


def _groups_table(card: Card) -> str:
    unit, decimals = card.entry.unit, card.entry.decimals
    has_denominator = formatting.applicable("denominator", unit) and unit not in ("score", "days", "average")
    header = "<th scope='col'>Group</th><th scope='col' class='num'>Value</th>"
    header += "<th scope='col' class='num'>Count</th>"
    if has_denominator:
        header += "<th scope='col' class='num'>Out of</th>"
    bodies = []
    for breakdown in dict.fromkeys(row["breakdown"] for row in card.groups):
        rows = [
            f"<tr><th scope='row'>{escape(str(row['group']))}</th>"
            + _cell("value", row, unit, decimals)
            + _cell("numerator", row, unit, decimals)
            + (_cell("denominator", row, unit, decimals) if has_denominator else "")
            + "</tr>"
            for row in card.groups
            if row["breakdown"] == breakdown
        ]
        label = escape(BREAKDOWN_LABELS.get(breakdown, breakdown))
        bodies.append(f"<tbody><tr><th colspan='4' scope='rowgroup'>{label}</th></tr>{''.join(rows)}</tbody>")
    when = long_date(card.headline["period_end"])
    return (
        "<details><summary>Table of the figures by group</summary><div class='table-wrap'><table>"
        f"<caption>{escape(card.entry.title)} by group, {escape(_period_heading(card).lower())} "
        f"{escape(when)}</caption>"
        f"<thead><tr>{header}</tr></thead>{''.join(bodies)}</table></div></details>"
    )
