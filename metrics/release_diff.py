"""Comparing a new data load with the previous one before anyone publishes.

"A data load ends with a short report against the previous load (rows per file, children added and gone,
indicators that moved by more than their interval)". This module is the pure part of that report:

- `compare_releases` puts two headline tidy frames side by side and says which indicators moved by more
  than their interval;
- `children_added_and_gone` and `row_count_changes` count what changed in the return itself;
- `compare_loads` runs the catalogue on both data sets at the latest reporting date both cover (leadership
  view) and gathers everything into a `LoadComparison`, which prints as text or as a JSON-ready dict.

Child ids go in and only counts come out: the printed report goes to people who may not see child ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from metrics.catalogue import Indicator, catalogue, catalogue_frame
from metrics.data import CareData
from metrics.engine import reporting_periods
from metrics.formatting import format_cell
from metrics.periods import latest_year_end
from metrics.report import report_frame
from metrics.roles import Role
from metrics.tidy import ALL

FIGURES = ("numerator", "denominator", "value", "ci_low", "ci_high")
COMPARISON_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "indicator": pl.String,
    "period_end": pl.Date,
    **{f"previous_{name}": pl.Float64 for name in FIGURES},
    **{f"current_{name}": pl.Float64 for name in FIGURES},
    "change": pl.Float64,
    "test": pl.String,
    "moved": pl.Boolean,
}
# Tests a headline is judged by (the `test` column).
INTERVAL, COUNTS, ONLY_PREVIOUS, ONLY_CURRENT = "interval", "counts", "only_previous", "only_current"
# Numerators of workforce indicators are sums of full-time equivalents (12.14); a difference below this is
# the rounding of adding the same decimals in another order, not a change in the data.
COUNT_TOLERANCE = 1e-9
LEADERSHIP = Role("leadership")


def _headline(frame: pl.DataFrame, side: str) -> pl.DataFrame:
    return frame.filter((pl.col("breakdown") == ALL) & (pl.col("group") == ALL)).select(
        "indicator",
        pl.col("period_end").cast(pl.Date),
        *(pl.col(name).cast(pl.Float64).alias(f"{side}_{name}") for name in FIGURES),
    )


def _count_changed(name: str) -> pl.Expr:
    before, after = pl.col(f"previous_{name}"), pl.col(f"current_{name}")
    return (before.is_null() != after.is_null()) | ((after - before).abs() > COUNT_TOLERANCE).fill_null(
        value=False
    )


def _outside(value: str, side: str) -> pl.Expr:
    return (pl.col(value) < pl.col(f"{side}_ci_low")) | (pl.col(value) > pl.col(f"{side}_ci_high"))


def compare_releases(previous: pl.DataFrame, current: pl.DataFrame) -> pl.DataFrame:
    """Each headline of ``previous`` and ``current`` side by side; whether it moved more than its interval.

    Both are tidy frames (extra columns such as a report's ``title`` are ignored) of the same reporting
    date; only the headline rows (breakdown and group ``all``) are compared, matched on indicator and
    period_end. Columns: `COMPARISON_SCHEMA`, one row per indicator, in the order of ``current`` and then
    the indicators only ``previous`` has. ``change`` is current minus previous value.

    ``moved`` is decided by ``test``:

    - ``interval``, when both releases carry a 95% Wilson interval (percentages of counted children): the
      current value lies outside the previous interval, or the previous value outside the current one. A
      move inside both intervals is what chance alone gives with 60-80 children, where one child moves a
      percentage by more than a point (README, "Privacy").
    - ``counts``, for every other headline (counts, rates per 10,000, days, scores, averages, and
      workforce percentages of full-time equivalents): any change of its numerator or denominator larger
      than 0. These carry no interval to test against. A count of children looked after or of
      incidents is a census of every child, not a sample, so any change is a change in the records
      themselves; a mean's interval would need the spread of the child-level values, which a headline
      does not keep. With so few children each such change is a handful of records that the reviewer
      should see before publishing: listing too much is the safe error here, missing a change is not.
      The same test is used when one release has an interval and the other has not (a denominator that
      became 0), where the counts have necessarily changed.
    - ``only_previous`` or ``only_current``: the headline is in one release only (an indicator dropped or
      added, or a different reporting date); always moved.
    """
    before = _headline(previous, "previous")
    after = _headline(current, "current")
    joined = after.with_columns(_current=True).join(
        before.with_columns(_previous=True),
        on=["indicator", "period_end"],
        how="full",
        coalesce=True,
        maintain_order="left_right",
    )
    with_intervals = pl.all_horizontal(
        pl.col(f"{side}_{bound}").is_not_null()
        for side in ("previous", "current")
        for bound in ("value", "ci_low", "ci_high")
    )
    test = (
        pl.when(pl.col("_current").is_null())
        .then(pl.lit(ONLY_PREVIOUS))
        .when(pl.col("_previous").is_null())
        .then(pl.lit(ONLY_CURRENT))
        .when(with_intervals)
        .then(pl.lit(INTERVAL))
        .otherwise(pl.lit(COUNTS))
    )
    moved = (
        pl.col("test").is_in([ONLY_PREVIOUS, ONLY_CURRENT])
        | (
            (pl.col("test") == INTERVAL)
            & (_outside("current_value", "previous") | _outside("previous_value", "current"))
        )
        | ((pl.col("test") == COUNTS) & (_count_changed("numerator") | _count_changed("denominator")))
    ).fill_null(value=False)
    return (
        joined.with_columns(test=test, change=pl.col("current_value") - pl.col("previous_value"))
        .with_columns(moved=moved)
        .select(pl.col(name).cast(dtype) for name, dtype in COMPARISON_SCHEMA.items())
    )


@dataclass(frozen=True)
class ChildrenChange:
    """How many children header.csv held before and after, and how many came and went (never who)."""

    before: int
    after: int
    added: int
    gone: int

    def to_dict(self) -> dict[str, int]:
        return {"before": self.before, "after": self.after, "added": self.added, "gone": self.gone}


def children_added_and_gone(previous_ids: Iterable[str], current_ids: Iterable[str]) -> ChildrenChange:
    """Counts of the children in the previous and current header, and of those added and gone."""
    before, after = set(previous_ids), set(current_ids)
    return ChildrenChange(
        before=len(before), after=len(after), added=len(after - before), gone=len(before - after)
    )


ROW_COUNT_SCHEMA = {"file": pl.String, "before": pl.Int64, "after": pl.Int64, "change": pl.Int64}


def row_count_changes(previous: Mapping[str, int], current: Mapping[str, int]) -> pl.DataFrame:
    """Rows per file before and after (columns file, before, after, change), files of ``current`` first.

    A file one load does not have counts 0 rows: a load replaces the whole data set, so its table is empty.
    """
    files = list(current) + [file for file in previous if file not in current]
    before = [int(previous.get(file, 0)) for file in files]
    after = [int(current.get(file, 0)) for file in files]
    return pl.DataFrame(
        {
            "file": files,
            "before": before,
            "after": after,
            "change": [b - a for a, b in zip(before, after, strict=True)],
        },
        schema=ROW_COUNT_SCHEMA,
    )


def common_reporting_date(previous: CareData, current: CareData) -> date | None:
    """The latest quarter end that both data sets cover (`metrics.engine.reporting_periods`), or None."""
    shared = set(reporting_periods(previous)) & set(reporting_periods(current))
    return max(shared) if shared else None


@dataclass(frozen=True)
class LoadComparison:
    """The report that ends a load: rows per file, children added and gone, indicators that moved.

    ``previous_load_id`` None means the load was the first: there was nothing to compare with, and
    every other field is empty. ``quarter_end`` None (with a previous load) means the two data sets share
    no reporting date, so no indicator was compared.
    """

    previous_load_id: int | None
    row_counts: pl.DataFrame
    children: ChildrenChange | None
    quarter_end: date | None
    indicators: pl.DataFrame  # compare_releases rows with each indicator's title and unit
    entries: Mapping[str, Indicator]

    @property
    def first_load(self) -> bool:
        return self.previous_load_id is None

    @property
    def year_end(self) -> date | None:
        return latest_year_end(self.quarter_end) if self.quarter_end else None

    @property
    def moved(self) -> pl.DataFrame:
        return self.indicators.filter(pl.col("moved"))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the moved indicators only, with both releases' figures (numbers unrounded)."""
        return {
            "first_load": self.first_load,
            "previous_load_id": self.previous_load_id,
            "row_counts": self.row_counts.to_dicts(),
            "children": self.children.to_dict() if self.children else None,
            "quarter_end": _iso(self.quarter_end),
            "year_end": _iso(self.year_end),
            "role": str(LEADERSHIP),
            "indicators_compared": self.indicators.height,
            "indicators_moved": [
                {
                    "indicator": row["indicator"],
                    "title": row["title"],
                    "unit": row["unit"],
                    "period_end": _iso(row["period_end"]),
                    "test": row["test"],
                    "previous": {name: row[f"previous_{name}"] for name in FIGURES},
                    "current": {name: row[f"current_{name}"] for name in FIGURES},
                    "change": row["change"],
                }
                for row in self.moved.iter_rows(named=True)
            ],
        }

    def to_text(self) -> str:
        if self.first_load:
            return "Compared with the previous load: nothing to compare, this is the first load."
        lines = [f"Compared with the previous load (load {self.previous_load_id}):", "Rows per file:"]
        width = max(len(file) for file in self.row_counts.get_column("file")) if self.row_counts.height else 0
        for file, before, after, change in self.row_counts.iter_rows():
            lines.append(f"  {file.ljust(width)}  {before:>9,} → {after:>9,}  {_signed(change):>8}")
        if self.children is not None:
            lines.append(
                f"Children in header.csv: {self.children.before:,} → {self.children.after:,} "
                f"(added {self.children.added:,}, gone {self.children.gone:,})"
            )
        if self.quarter_end is None:
            lines.append("Indicators: not compared, the two loads share no reporting date.")
            return "\n".join(lines)
        moved = self.moved
        lines.append(
            f"Indicators that moved by more than their interval (leadership view; quarterly at "
            f"{self.quarter_end:%d/%m/%Y}, annual at {self.year_end:%d/%m/%Y}): "
            f"{moved.height} of {self.indicators.height}"
        )
        lines.extend(f"  {_describe(row, self.entries)}" for row in moved.iter_rows(named=True))
        if moved.height:
            lines.append(
                "  (percentages: outside the other load's 95% interval; other units: any change of a count)"
            )
        return "\n".join(lines)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _signed(change: int) -> str:
    return f"{change:+,}" if change else "0"


def _figure(row: Mapping[str, Any], side: str, decimals: int) -> str:
    unit = row["unit"]
    value = format_cell("value", row[f"{side}_value"], unit, decimals)
    if unit == "count":
        # A count's denominator, where it has one, is its cohort (pupils of the year): a cohort that changed
        # lists the count even when the count itself did not, so the cohort is shown beside it.
        cohort = row[f"{side}_denominator"]
        return value if cohort is None else f"{value} (of {format_cell('denominator', cohort, unit)})"
    numerator = format_cell("numerator", row[f"{side}_numerator"], unit, decimals)
    denominator = format_cell("denominator", row[f"{side}_denominator"], unit, decimals)
    return f"{value} ({numerator}/{denominator})"


def _describe(row: Mapping[str, Any], entries: Mapping[str, Indicator]) -> str:
    entry = entries.get(row["indicator"])
    decimals = entry.decimals if entry else 1
    where = f"at {row['period_end']:%d/%m/%Y}"
    if row["test"] in (ONLY_PREVIOUS, ONLY_CURRENT):
        side = "previous" if row["test"] == ONLY_PREVIOUS else "new"
        return f"{row['title']} ({row['indicator']}) {where}: only in the {side} load"
    return (
        f"{row['title']} ({row['indicator']}) {where}: "
        f"{_figure(row, 'previous', decimals)} → {_figure(row, 'current', decimals)}"
    )


def compare_loads(
    previous: CareData,
    current: CareData,
    *,
    previous_load_id: int,
    previous_row_counts: Mapping[str, int],
    current_row_counts: Mapping[str, int],
    previous_child_ids: Iterable[str],
    current_child_ids: Iterable[str],
    entries: Mapping[str, Indicator] | None = None,
) -> LoadComparison:
    """The comparison of two loads; the catalogue runs once on each data set (leadership view) at the
    latest quarter end both cover, annual indicators at the 31 March on or before it."""
    entries = catalogue() if entries is None else entries
    quarter_end = common_reporting_date(previous, current)
    indicators = _empty_indicators()
    if quarter_end is not None:
        before = report_frame(previous, quarter_end, LEADERSHIP, entries=entries)
        after = report_frame(current, quarter_end, LEADERSHIP, entries=entries)
        labels = catalogue_frame(entries).select("indicator", "title", "unit")
        indicators = compare_releases(before, after).join(
            labels, on="indicator", how="left", maintain_order="left"
        )
    return LoadComparison(
        previous_load_id=previous_load_id,
        row_counts=row_count_changes(previous_row_counts, current_row_counts),
        children=children_added_and_gone(previous_child_ids, current_child_ids),
        quarter_end=quarter_end,
        indicators=indicators,
        entries=entries,
    )


def first_load_comparison() -> LoadComparison:
    """The comparison of a first load: nothing before it, so nothing to compare."""
    return LoadComparison(
        previous_load_id=None,
        row_counts=row_count_changes({}, {}),
        children=None,
        quarter_end=None,
        indicators=_empty_indicators(),
        entries={},
    )


def _empty_indicators() -> pl.DataFrame:
    return pl.DataFrame(schema={**COMPARISON_SCHEMA, "title": pl.String, "unit": pl.String})
