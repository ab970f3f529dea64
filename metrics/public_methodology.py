"""The methodology a member of the public reads: short sections under a contents list, in everyday words.

The staff version (`metrics.methodology.methodology_markdown`) gives each indicator's technical definition,
with the return's file and column names; this one gives the plain definition of each public indicator
(`metrics.plain_definitions`), how small numbers are protected (the rules of the disclosure profile in
use), what ``c``, ``x`` and ``z`` mean, and how often the figures change and why they may be revised. It
names no file or column: a test holds it to that.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from metrics.catalogue import Indicator, Theme, catalogue
from metrics.disclosure import DisclosureConfig
from metrics.formatting import GSS_SYMBOLS
from metrics.open_data import disclosure_rules
from metrics.plain_english import STATUS_MEANINGS

HOW_OFTEN = {
    "quarterly": "Updated every 3 months, each time for the 12 months up to the end of the latest quarter.",
    "annual": "Updated once a year, for the year up to 31 March.",
}
WHICH_WAY = {
    "higher": "Higher is better.",
    "lower": "Lower is better.",
    "context": "Neither higher nor lower is better.",
}


@dataclass(frozen=True)
class Section:
    heading: str
    body: str
    # Long sections (every indicator of a theme) may be folded away on a page; the contents still list them.
    foldable: bool = False

    @property
    def anchor(self) -> str:
        """The link target of the heading, as Streamlit and most Markdown renderers make it."""
        return re.sub(r"[^a-z0-9]+", "-", self.heading.lower()).strip("-")


def what_the_figures_cover() -> Section:
    return Section(
        "What the figures cover",
        "These figures are about the children the Government of Jersey looks after (children in care) and "
        "the young people who have left its care. They come from the records the service keeps about each "
        "child, the same records it sends each year in the format the Department for Education uses in "
        "England, so that Jersey can be compared with other places.\n\n"
        "Most figures are for the 12 months up to the end of a quarter (30 June, 30 September, 31 December "
        "or 31 March). Figures about school, health and care leavers are for the year up to 31 March. A "
        'figure about children in care "on" a date counts the children in care on that day.',
    )


def indicator_text(entry: Indicator) -> str:
    how = f"{WHICH_WAY[entry.polarity]} {HOW_OFTEN[entry.frequency]}"
    return f"**{entry.title}.** {entry.plain_definition} {how}"


def theme_section(theme: Theme, entries: Mapping[str, Indicator]) -> Section:
    shown = [entry for entry in entries.values() if entry.theme == theme]
    return Section(str(theme), "\n\n".join(indicator_text(entry) for entry in shown), foldable=True)


def protection_section(config: DisclosureConfig) -> Section:
    rules = "\n".join(f"- {rule}" for rule in disclosure_rules(config))
    return Section(
        "How small numbers are protected",
        "Jersey has only a few dozen children in care, so a small number could point to a child someone "
        "knows. Before any figure is published:\n\n" + rules + "\n\n"
        "This is why some figures are not shown, and why a figure shown one quarter may be withheld the "
        "next.",
    )


def symbols_section() -> Section:
    lines = "\n".join(f"- **{symbol}**: {meaning}." for symbol, meaning in GSS_SYMBOLS.items())
    return Section(
        "What c, x and z mean",
        "Where a table has a letter instead of a number, it says why (these are the symbols the UK's "
        "Government Statistical Service uses):\n\n" + lines,
    )


def changes_section() -> Section:
    return Section(
        "How often the figures change, and why they may be revised",
        "The figures are worked out again each time the service loads its latest records: every quarter for "
        "most figures, once a year for school, health and care leaver figures.\n\n"
        "Figures for earlier periods can change too. Records are sometimes corrected or completed late (a "
        "move to a new home recorded after the date, a health check entered when the report arrives), and "
        "every period is worked out again from the corrected records, so the newest figures replace the "
        "earlier ones. Which small numbers must be withheld also depends on all the figures published "
        "together, so a figure withheld before may be shown now, or the other way round.",
    )


def targets_section() -> Section:
    lines = "\n".join(
        f"- **{status.replace('_', ' ').capitalize()}**: {text}" for status, text in STATUS_MEANINGS.items()
    )
    return Section(
        "Targets",
        "The corporate parenting plan sets a target for many of these figures. Beside each figure we say how "
        "it compares with its target:\n\n" + lines + "\n\n"
        "We only say a figure got better or worse than a year before when the change is bigger than one or "
        "two children could explain.",
    )


def public_sections(
    config: DisclosureConfig | None = None, entries: Mapping[str, Indicator] | None = None
) -> list[Section]:
    """The sections of the public methodology, in reading order, for the public indicators of ``entries``."""
    config = config or DisclosureConfig()
    entries = catalogue() if entries is None else entries
    public = {key: entry for key, entry in entries.items() if entry.public}
    themes = [theme for theme in Theme if any(entry.theme == theme for entry in public.values())]
    return [
        what_the_figures_cover(),
        *(theme_section(theme, public) for theme in themes),
        protection_section(config),
        symbols_section(),
        changes_section(),
        targets_section(),
    ]


def contents(sections: list[Section]) -> str:
    """The contents list: a link to every section."""
    return "\n".join(
        f"{number}. [{section.heading}](#{section.anchor})" for number, section in enumerate(sections, 1)
    )


def public_methodology_markdown(config: DisclosureConfig | None = None) -> str:
    """The whole public methodology as one Markdown document (a contents list, then every section)."""
    sections = public_sections(config)
    parts = ["# How the figures are worked out", "## Contents", contents(sections)]
    parts += [f"## {section.heading}\n\n{section.body}" for section in sections]
    return "\n\n".join(parts)
