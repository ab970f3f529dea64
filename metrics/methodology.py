"""Methodology text generated from the catalogue, for the methodology page and the published site.

Nothing here is written per indicator: definition, source, cohort, period, polarity and owner all come from
the catalogue entries, so the text cannot drift from what is computed. The disclosure rules and the status
rule are written from `DisclosureConfig` and the constants of `metrics.targets`.
"""

from __future__ import annotations

from collections.abc import Mapping

from metrics.catalogue import BREAKDOWN_LABELS, Indicator, Theme, catalogue
from metrics.disclosure import DisclosureConfig
from metrics.early_warning import (
    ASSURANCE_WORDS,
    MIN_POINTS,
    RULE_WORDS,
    VARIATION_WORDS,
    assurance_label,
    variation_label,
)
from metrics.formatting import GSS_SYMBOLS, STATUS_LABELS
from metrics.targets import (
    COUNT_CHILDREN_EXPLAIN,
    MIN_CHILDREN_TO_SAY,
    NEAR_POINTS_WITHOUT_BASELINE,
    NEAR_SHARE_OF_DISTANCE,
    NEAR_SHARE_OF_TARGET_WITHOUT_BASELINE,
)

UNIT_WORDS = {
    "percent": "percentage",
    "rate": "rate per 10,000 children under 18",
    "count": "count",
    "days": "days (mean)",
    "score": "score (mean)",
    "average": "average (mean)",
}
POLARITY_WORDS = {
    "higher": "higher is better",
    "lower": "lower is better",
    "context": "context: neither higher nor lower is better, so there is no target",
}
PERIOD_WORDS = {
    "quarterly": (
        "Quarterly: the 12 months ending on each quarter end (30 June, 30 September, 31 December, 31 March)."
    ),
    "annual": "Annual: the year ending 31 March (the rows whose YEAR is that year).",
}


def indicator_methodology(entry: Indicator, withheld_breakdowns: tuple[str, ...] = ()) -> str:
    """One indicator's methodology as a markdown section, without the breakdowns that are not published."""
    published = [
        name for name in entry.breakdowns if not (entry.counts_children and name in withheld_breakdowns)
    ]
    breakdowns = ", ".join(BREAKDOWN_LABELS.get(name, name).lower() for name in published) or "none"
    lines = [
        f"### {entry.title}",
        "",
        f"- **Definition:** {entry.definition}",
        f"- **Measure:** {UNIT_WORDS.get(entry.unit, entry.unit)}; {POLARITY_WORDS[entry.polarity]}.",
        f"- **Period:** {PERIOD_WORDS[entry.frequency]}",
        f"- **Breakdowns:** {breakdowns}.",
        f"- **Owner:** {entry.owner.label}.",
        f"- **Source:** {entry.source}",
        f"- **On the public page:** {'yes' if entry.public else 'no'}"
        + ("." if entry.counts_children else " (counts staff, not children: no disclosure control)."),
        f"- **Identifier:** `{entry.id}`",
    ]
    return "\n".join(lines)


def theme_methodology(
    theme: Theme, entries: Mapping[str, Indicator] | None = None, withheld_breakdowns: tuple[str, ...] = ()
) -> str:
    """The methodology of every indicator of ``theme``, in catalogue order."""
    entries = catalogue() if entries is None else entries
    sections = [
        indicator_methodology(entry, withheld_breakdowns)
        for entry in entries.values()
        if entry.theme == theme
    ]
    return "\n\n".join([f"## {theme}", *sections])


def status_rule_text() -> str:
    distance = round(NEAR_SHARE_OF_DISTANCE * 100)
    share = round(NEAR_SHARE_OF_TARGET_WITHOUT_BASELINE * 100)
    labels = "; ".join(STATUS_LABELS.values())
    return "\n".join(
        [
            "## Targets and status",
            "",
            "Each figure is compared with the three-year plan's target for the plan year that contains the "
            "reporting date (the year ending 31 March).",
            "",
            "- **Met:** the value is at or better than the target (higher or lower, as the measure says).",
            f"- **Near:** worse than the target by no more than {distance}% of the distance between the "
            f"baseline and the target; without a baseline, by no more than {NEAR_POINTS_WITHOUT_BASELINE:g} "
            f"percentage points (for measures that are not percentages, {share}% of the target).",
            "- **Off track:** further from the target than that.",
            "- **No target:** a context measure, or no target set for that year.",
            "- **No data:** no value for the period (or the value is withheld to protect privacy).",
            "",
            f"Status is always shown in words with a symbol, never by colour alone: {labels}.",
            "With 60 to 80 children in care one child moves a percentage by more than a point, so every "
            "percentage is shown with its numerator and denominator.",
        ]
    )


def trajectory_and_certainty_text() -> str:
    return "\n".join(
        [
            "## Trajectory and how sure a status is",
            "",
            "**Trajectory.** Each target with a baseline has a glide path: a straight line, quarter by "
            "quarter, from the baseline at 31 March before the plan's first year to the final year's target "
            "at the final 31 March; after that it stays at the final target. A figure is *on trajectory* "
            "when it is at or better than the glide path at its reporting date. Trend charts draw the path.",
            "",
            "**How sure.** The plan's status rule above stays as it is; beside it the page says whether the "
            "figures can bear it:",
            "",
            "- *too few to say*: a percentage or average resting on fewer than "
            f"{MIN_CHILDREN_TO_SAY} children;",
            "- *too close to call*: the target lies inside the figure's 95% interval, so the true rate "
            f"could be on either side of it; for a count, within {COUNT_CHILDREN_EXPLAIN} children of it;",
            "- *clear*: the target lies outside the interval (or further than that from a count).",
            "",
            "**Words of change.** A change on a year before is called better or worse only when it is more "
            "than one or two children could explain and neither year's figure lies inside the other's 95% "
            "interval; otherwise it is *not a clear change*. Every page, download and the board pack use "
            "this one test.",
        ]
    )


def early_warning_text() -> str:
    rules = "; ".join(RULE_WORDS.values())
    return "\n".join(
        [
            "## Early warning (statistical process control)",
            "",
            "Every indicator's series of figures, one per reporting date, is checked the way NHS England's "
            "*Making Data Count* describes, so that a worsening shows before the target is missed:",
            "",
            "- **Limits.** For percentages of children a p-chart: the pooled percentage plus or minus three "
            "standard errors of each quarter's own number of children. For counts, rates, averages and "
            "staff figures an XmR chart: the mean plus or minus 2.66 times the average change from one "
            "figure to the next. A figure outside the limits is unlikely to be chance.",
            f"- **Special-cause rules.** Any of: {rules}.",
            "- **Variation** (the latest figure): "
            + "; ".join(variation_label(key) for key in VARIATION_WORDS)
            + ". Improving or concerning follows whether higher or lower is better.",
            "- **Assurance** (against the plan's target): "
            + "; ".join(assurance_label(key) for key in ASSURANCE_WORDS)
            + ". Consistently passing or failing means the target lies outside the limits.",
            "- **Worse and worsening:** off track and a concerning special cause; these lead the Overview.",
            "",
            f"The method needs {MIN_POINTS} figures in a row before it judges; until then each signal says "
            "so in words. Quarterly figures cover the 12 months to each quarter end, so neighbouring "
            "quarters share nine months: runs and trends come more easily than for independent figures. A "
            "signal is a prompt to look, not a verdict, and is shown as a symbol with words, never by "
            "colour alone.",
        ]
    )


def disclosure_text(config: DisclosureConfig | None = None) -> str:
    config = config or DisclosureConfig()
    symbols = "; ".join(f"`{symbol}` {meaning}" for symbol, meaning in GSS_SYMBOLS.items())
    return "\n".join(
        [
            "## Protecting children's privacy (disclosure control)",
            "",
            "The public page, its downloads and the published site never identify a child. Before anything "
            "is published:",
            "",
            f"- counts of 1 to {config.min_count - 1} children are withheld (`c`);",
            (
                f"- every other count of children is rounded to the nearest {config.rounding_base}; "
                "percentages and rates are worked out from the rounded counts (so that they cannot give an "
                "exact count back, and may differ a little from the figures staff see), and percentages and "
                "averages are shown to the decimals on the page;"
                if config.rounds
                else "- every other count of children is shown exactly, as Jersey's own publications do;"
            ),
            "- when a figure is withheld, the counts it rests on are withheld with it;",
            "- a percentage is shown only when neither its numerator nor its denominator is withheld and the "
            f"denominator is at least {config.min_denominator};",
            f"- an average (such as a score or a number of days) is shown only when it rests on at least "
            f"{config.min_children_for_mean} children;",
            "- where one group of a breakdown is withheld, another is withheld too, so that no withheld "
            "figure can be worked out by subtracting the others from the total; where children in care now "
            "and a year before would give away the children who started or stopped being in care, those "
            "are withheld too;",
            "- a figure counted in school sessions is judged by the number of pupils behind it;",
            "- there is no public breakdown by ethnicity or by where a child is placed, and none that is "
            "true by definition (children in foster homes by type of home);",
            "- workforce figures count staff, not children, and are shown as they are.",
            "",
            f"Symbols: {symbols}.",
        ]
    )


def methodology_markdown(
    entries: Mapping[str, Indicator] | None = None,
    config: DisclosureConfig | None = None,
    *,
    public_only: bool = False,
) -> str:
    """The whole methodology document: every theme's indicators, the status rule and the disclosure rules.

    ``public_only`` limits the indicators to those on the public page (for the published site).
    """
    entries = catalogue() if entries is None else entries
    withheld = (config or DisclosureConfig()).withheld_breakdowns if public_only else ()
    shown = {key: entry for key, entry in entries.items() if entry.public or not public_only}
    themes = [theme for theme in Theme if any(entry.theme == theme for entry in shown.values())]
    return "\n\n".join(
        [
            "# Methodology",
            "Every figure follows the definitions below, generated from the indicator catalogue.",
            *(theme_methodology(theme, shown, withheld) for theme in themes),
            status_rule_text(),
            trajectory_and_certainty_text(),
            early_warning_text(),
            disclosure_text(config),
        ]
    )
