"""Plain-English sentences for the public page: what a number means and whether it is getting better.

Written for a reading age of about 12: short sentences, everyday words, the number in the sentence. The
trend sentence follows the README ("Privacy"): with 60-80 children, "one child
moves a percentage by more than a point" and the page "never implies a change that one child explains".
So a change is only called better or worse when it is larger than what two children (or, for staff
figures, two members of staff) could explain AND the previous value lies outside this year's 95% interval
and this year's value outside last year's. A suppressed cell is never compared: a change cannot be
claimed from a number the reader is not allowed to see.

Pure functions over one report row (a mapping with the `metrics.report.REPORT_COLUMNS`), the same
indicator's row a year before, and its catalogue entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

import polars as pl

from metrics import formatting
from metrics.catalogue import Indicator
from metrics.disclosure import DisclosureConfig
from metrics.periods import minus_years
from metrics.tidy import ALL

Row = Mapping[str, Any]

# Children move a value by one "step" each; staff figures (workforce) by one member of staff.
CHANGE_ONE_PERSON_EXPLAINS = 2  # "within what one or two children explain" → about the same


class Direction(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    ABOUT_THE_SAME = "about the same"
    UP = "up"  # context indicators: a change that is neither good nor bad in itself
    DOWN = "down"
    NOT_KNOWN = "not known"

    @property
    def label(self) -> str:
        """``"≈ About the same"``: the symbol and the word together."""
        return f"{self.symbol} {self.value.capitalize()}"

    @property
    def symbol(self) -> str:
        """A text symbol to show beside the word: direction never rests on colour alone."""
        return {
            Direction.BETTER: "✓",
            Direction.WORSE: "✗",
            Direction.ABOUT_THE_SAME: "≈",
            Direction.UP: "↑",
            Direction.DOWN: "↓",
            Direction.NOT_KNOWN: "?",
        }[self]


@dataclass(frozen=True)
class Explanation:
    meaning: str
    trend: str
    direction: Direction

    @property
    def text(self) -> str:
        return f"{self.meaning} {self.trend}"


# The words the public page and the published site both use around the figures.
PRIVACY_EXACT = (
    "To protect children's privacy, numbers about 1 to 4 children are hidden and shown as c, and so is any "
    "number that would let someone work a hidden one out. No child can be identified from these figures."
)
ABOUT_THE_FIGURES = (
    "The Government of Jersey looks after children who cannot live safely at home. These figures show how "
    "they are doing: whether they have a stable home, go to school, stay healthy and safe, and how young "
    "people get on after they leave care.",
    "Only a few dozen children are in care in Jersey, so one child can change a percentage by more than a "
    "point. We only say a number got better or worse when the change is bigger than one or two children "
    "could explain.",
    "To protect children's privacy, numbers about fewer than 5 children are hidden and shown as c, and other "
    "counts of children are rounded to the nearest 5. No child can be identified from these figures.",
)
STATUS_MEANINGS = {
    "met": "The figure is at or better than the plan's target.",
    "near": "The figure is close to the target but not there yet.",
    "off_track": "The figure is further from the target.",
    "no_target": "The plan sets no target for this figure.",
}
DIRECTION_MEANINGS = {
    Direction.BETTER: "It changed by more than one or two children could explain, in the right direction.",
    Direction.WORSE: "It changed by more than one or two children could explain, in the wrong direction.",
    Direction.ABOUT_THE_SAME: "The change is small enough that one or two children could explain it.",
    Direction.UP: "Higher than a year before, for a number where going up is neither good nor bad.",
    Direction.DOWN: "Lower than a year before, for a number where going down is neither good nor bad.",
    Direction.NOT_KNOWN: "We cannot compare, because a number is hidden or missing.",
}


def about_the_figures(config: DisclosureConfig) -> tuple[str, ...]:
    """The opening paragraphs, with the privacy paragraph of the profile in use."""
    return (*ABOUT_THE_FIGURES[:2], ABOUT_THE_FIGURES[2] if config.rounds else PRIVACY_EXACT)


ROUNDING_NOTE = (
    "Counts of children are rounded to the nearest 5, so totals may not add up exactly. Percentages are "
    "worked out from the rounded counts."
)


def explain(
    row: Row, previous: Row | None, entry: Indicator, *, rounded_to: int = 1, decided: str | None = None
) -> Explanation:
    """The meaning and trend sentences for ``row``, compared with ``previous`` (a year before).

    ``rounded_to`` is the base public counts are rounded to (5 on the public page), so that a change the
    rounding could have made is not read as a real one.
    ``decided`` is the direction already decided on the true figures (the ``change`` of a public row); the
    shown figures then only fill in the sentence.
    """
    direction = (
        Direction(decided)
        if decided is not None
        else direction_of_change(row, previous, entry, rounded_to=rounded_to)
    )
    return Explanation(
        meaning(row, entry, rounded=rounded_to > 1),
        trend_sentence(direction, row, previous, entry),
        direction,
    )


def meaning(row: Row, entry: Indicator, *, rounded: bool = False) -> str:
    """One sentence: what the number is, with the number in it; ``rounded`` counts read "about 60"."""
    period_end: date = row["period_end"]
    if is_withheld(row):
        return (
            f"{entry.title}, {period_phrase(entry, period_end)}: this number is hidden "
            f"({formatting.SUPPRESSED}) because it is about so few children that someone might be identified."
        )
    if row.get("value") is None:
        return f"{entry.title}, {period_phrase(entry, period_end)}: there is no number for this yet."
    # The declaration's sentence (metrics.catalogue.Indicator.sentence) and what its counts count.
    template, counted_in = entry.sentence, entry.counts_of
    # A rate's sentence says "for every 10,000 children" itself.
    value_text = formatting.format_value(
        row["value"], entry.unit, entry.decimals, suffix=entry.unit != "rate"
    )
    if entry.unit == "count" and rounded:
        value_text = f"about {value_text}"
    sentence = template.format(
        value=value_text,
        date=long_date(period_end),
        period=period_phrase(entry, period_end),
        title=entry.title,
    )
    sentence = sentence[0].upper() + sentence[1:]
    if counted_in and row.get("numerator") is not None and row.get("denominator") is not None:
        numerator = formatting.format_count(row["numerator"])
        denominator = formatting.format_count(row["denominator"])
        # A rounded count is "about" one; 0 is never rounded (disclosure control shows it as it is).
        if rounded and row["numerator"] == 0:
            counts = f"0 out of about {denominator}"
        else:
            counts = f"{'about ' if rounded else ''}{numerator} out of {denominator}"
        sentence = f"{sentence[:-1]} ({counts} {counted_in})."
    return sentence


def direction_of_change(
    row: Row, previous: Row | None, entry: Indicator, *, rounded_to: int = 1
) -> Direction:
    """Better, worse or about the same as ``previous``; up or down for context indicators."""
    if previous is None or is_withheld(row) or is_withheld(previous) or has_suppressed_cell(previous):
        return Direction.NOT_KNOWN
    if has_suppressed_cell(row):
        return Direction.NOT_KNOWN
    now, before = row.get("value"), previous.get("value")
    if now is None or before is None:
        return Direction.NOT_KNOWN
    change = now - before
    # Published values are rounded to the catalogue's decimals, so each may be half a last place out.
    display_rounding = 0.0 if entry.unit == "count" else 10.0**-entry.decimals
    explained = _change_people_explain(row, previous, entry, rounded_to) + display_rounding
    if abs(change) <= explained * (1 + 1e-9) or _inside_intervals(row, previous):
        return Direction.ABOUT_THE_SAME
    if entry.unit == "rate" and not _children_moved_with(row, previous, change):
        # A rate per 10,000 moves with its children: it gets the words its count of children gets, so that
        # "about the same" children is never an "up" rate (the population estimate moves the rate too).
        return Direction.ABOUT_THE_SAME
    if entry.polarity == "context":
        return Direction.UP if change > 0 else Direction.DOWN
    went_up_is_better = entry.polarity == "higher"
    return Direction.BETTER if (change > 0) == went_up_is_better else Direction.WORSE


def _children_moved_with(row: Row, previous: Row, change: float) -> bool:
    now, before = row.get("numerator"), previous.get("numerator")
    if now is None or before is None:
        return False
    moved: float = now - before
    return abs(moved) > CHANGE_ONE_PERSON_EXPLAINS and (moved > 0) == (change > 0)


CHANGE = "change"


def with_changes(tidy: pl.DataFrame, entries: Mapping[str, Indicator]) -> pl.DataFrame:
    """``tidy`` with ``change``: each row's `Direction` against the same row a year before, decided on these
    (true, unsuppressed) figures with `direction_of_change`, the test staff pages use.

    Run before disclosure control, so the public words rest on the true figures and a count and its rate
    never disagree; the words travel on the public rows, which need not show the numbers behind them.
    """
    keys = ("indicator", "breakdown", "group", "period_end")
    rows = {tuple(row[key] for key in keys): row for row in tidy.iter_rows(named=True)}
    changes = []
    for key, row in rows.items():
        entry = entries.get(row["indicator"])
        previous = rows.get((*key[:3], minus_years(key[3], 1)))
        changes.append(
            None if entry is None or previous is None else direction_of_change(row, previous, entry).value
        )
    return tidy.with_columns(pl.Series(CHANGE, changes, dtype=pl.String))


def trend_sentence(direction: Direction, row: Row, previous: Row | None, entry: Indicator) -> str:
    """One sentence on whether ``row`` is getting better than ``previous``, for ``direction``."""
    before = (
        formatting.format_value(previous["value"], entry.unit, decimals=entry.decimals)
        if previous is not None and previous.get("value") is not None and not is_withheld(previous)
        else None
    )
    who = "staff" if not entry.counts_children else "children"
    aim = {"higher": " Higher is better.", "lower": " Lower is better."}.get(entry.polarity, "")
    # The number of a year before only when it is shown: the words were decided on the true figures.
    was = f" ({before})" if before is not None and before != formatting.NOT_AVAILABLE else ""
    more, fewer = ("more", "fewer") if entry.unit == "count" else ("higher", "lower")
    match direction:
        case Direction.BETTER:
            return f"This is better than a year before{was}.{aim}"
        case Direction.WORSE:
            return f"This is worse than a year before{was}.{aim}"
        case Direction.UP:
            thing = f"There were {more} {who} than a year before" if more == "more" else "This is higher"
            tail = "" if more == "more" else " than a year before"
            return f"{thing}{tail}{was}. Higher is not better or worse in itself."
        case Direction.DOWN:
            thing = f"There were {fewer} {who} than a year before" if fewer == "fewer" else "This is lower"
            tail = "" if fewer == "fewer" else " than a year before"
            return f"{thing}{tail}{was}. Lower is not better or worse in itself."
        case Direction.ABOUT_THE_SAME:
            return (
                f"This is about the same as a year before{was}: a change this small could come from "
                f"just one or two {who}.{aim}"
            )
    if has_suppressed_cell(row) or row.get("value") is None:
        return "We cannot say if this is getting better, because this number is hidden or missing."
    if previous is None:
        return "There is no number from a year before to compare with."
    if is_withheld(previous) or has_suppressed_cell(previous) or previous.get("value") is None:
        return (
            "We cannot say if this is getting better, because the number from a year before is hidden or "
            "missing."
        )
    return "We cannot say if this is getting better."


def is_withheld(row: Row) -> bool:
    """True when disclosure control withheld the value itself."""
    return "value" in (row.get("suppressed") or [])


def has_suppressed_cell(row: Row) -> bool:
    return bool(row.get("suppressed"))


def period_phrase(entry: Indicator, period_end: date) -> str:
    if entry.frequency == "annual":
        return f"in the year to {long_date(period_end)}"
    return f"in the 12 months to {long_date(period_end)}"


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _change_people_explain(row: Row, previous: Row, entry: Indicator, rounded_to: int) -> float:
    """The largest change in the value that one or two people (children, or staff) could explain."""
    people = CHANGE_ONE_PERSON_EXPLAINS
    if entry.unit == "count":
        # Each rounded count is at most half a rounding step from the true one (62 shows as 60, 63 as 65).
        return people + 2 * (rounded_to // 2)
    denominators = [d for d in (row.get("denominator"), previous.get("denominator")) if d]
    if not denominators:
        return float("inf")  # no base to judge a change by: never claim one
    smallest: float = min(denominators)
    if entry.unit == "percent":
        return people * 100.0 / smallest
    if entry.unit == "rate":
        return people * 10_000.0 / smallest
    # A mean of n: one person can move it by (the widest one value can be) / n; without a fixed scale,
    # take a person whose value is twice the mean, who moves it by about the mean / n.
    spread: float = entry.score_range or max(abs(row["value"]), abs(previous["value"]))
    return people * spread / smallest


def _inside_intervals(row: Row, previous: Row) -> bool:
    """True when either value lies inside the other's 95% interval (percentages only carry one)."""

    def inside(value: float, low: float | None, high: float | None) -> bool:
        return low is not None and high is not None and low <= value <= high

    return inside(previous["value"], row.get("ci_low"), row.get("ci_high")) or inside(
        row["value"], previous.get("ci_low"), previous.get("ci_high")
    )


@dataclass(frozen=True)
class Card:
    """One public indicator's headline, ready to render: its rows, the year before, and the sentences."""

    entry: Indicator
    headline: dict[str, Any]
    previous: dict[str, Any] | None
    history: list[dict[str, Any]]  # headline rows of every period, oldest first
    groups: list[dict[str, Any]]  # breakdown rows at the headline's period end
    explanation: Explanation

    @property
    def shown_points(self) -> int:
        """How many periods have a value shown: a trend chart needs at least two."""
        return sum(row.get("value") is not None for row in self.history)


def cards(
    report: pl.DataFrame, trend: pl.DataFrame, entries: Mapping[str, Indicator], *, rounded_to: int = 1
) -> list[Card]:
    """A card per indicator of ``report`` (in catalogue order), compared with the same date a year before.

    ``report`` and ``trend`` must be the same role's rows (the public role's, on the public page).
    """
    headlines = {
        (row["indicator"], row["period_end"]): row
        for row in trend.filter(pl.col("breakdown") == ALL).iter_rows(named=True)
    }
    result = []
    for indicator_id, entry in entries.items():
        rows = report.filter(pl.col("indicator") == indicator_id)
        headline_rows = rows.filter(pl.col("breakdown") == ALL).to_dicts()
        if not headline_rows:
            continue
        headline = headline_rows[0]
        previous = headlines.get((indicator_id, minus_years(headline["period_end"], 1)))
        history = sorted(
            (
                row
                for key, row in headlines.items()
                if key[0] == indicator_id and key[1] <= headline["period_end"]
            ),
            key=lambda row: row["period_end"],
        )
        rounding = rounded_to if entry.counts_children else 1
        result.append(
            Card(
                entry=entry,
                headline=headline,
                previous=previous,
                history=history,
                groups=rows.filter(pl.col("breakdown") != ALL).to_dicts(),
                explanation=explain(
                    headline, previous, entry, rounded_to=rounding, decided=headline.get(CHANGE)
                ),
            )
        )
    return result
