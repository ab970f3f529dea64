"""Statistical disclosure control for public outputs (README, "Privacy").

`apply_disclosure` is pure and is applied once, by `metrics.roles.restrict` for the ``public`` role, to the
tidy frame before anything reaches a public page, a download or a published file. It keeps the tidy columns
and adds ``suppressed``: the names of the cells it withheld (they are null; shown as the GSS symbol ``c``).

Rules, in order (thresholds are `DisclosureConfig`):
1. No public breakdown by ethnicity or by placement location: those breakdowns are dropped.
2. Primary suppression: a count of children (numerator or denominator) from 1 to ``min_count - 1`` is
   withheld. 0 is shown: it is not a small number of children who could be identified.
3. Secondary suppression: within one breakdown of one indicator and period, the groups add up to the
   headline (every child has exactly one group, "Not recorded" included), so a single withheld group would be
   the headline minus the others. When exactly one group's count is withheld and the headline's is shown, the
   smallest other group is withheld too (a non-zero one first: a withheld 0 protects little, and readers
   learn less from hiding a small group than a large one). Numerators and denominators are done separately.
4. Values: a percentage only when neither count is withheld and the denominator is at least
   ``min_denominator``; a mean (score, days, average) only when it rests on at least
   ``min_children_for_mean`` children and that count is not withheld; a count or rate only when its count is
   shown. The interval goes with its value. The numerator of a mean is a sum of scores or days, not a count:
   with the mean it gives the exact number of children, so it is never published.
5. Rounding: every published count of children is rounded to the nearest ``rounding_base`` (a count's value
   is its rounded numerator; a percentage or rate is worked out again from the rounded counts, so that it
   cannot give the exact count back), and values are rounded to the decimals the catalogue displays, so no
   public file is more precise than the page. Rounding is also what protects against the previous period: each
   period's counts are rounded independently, so the difference between two published periods is uncertain
   by up to twice ``rounding_base`` minus 2 and never shows a change of 1 to 4 children; the rolling 12-month
   windows have no additive relation (the quarter that enters is not the quarter that leaves), so no cell is
   a difference of published cells across periods. Filters: a public tidy frame has one-way breakdowns only
   (no cross-tabulation a partner filter could difference), so rule 3 covers them.
6. Counts that are not children (absence_rate adds up school sessions) are judged by the number of children
   behind each cell, borrowed from an indicator over the same cohort and groups
   (``children_counted_by``); without that number the cell is withheld.
Workforce indicators (``counts_children = False``) count staff, not children, and pass through untouched.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from metrics.catalogue import Indicator
from metrics.tidy import ALL, TIDY_COLUMNS, wilson_exprs

MEAN_UNITS = ("score", "days", "average")
# Which cells of a row are counts of children, by unit. A rate's denominator is the published population
# estimate of all children under 18, not a count of children in care; a count's denominator, when it has
# one, is its cohort (pupils of the outcomes cohort for permanent exclusions).
NUMERATOR_IS_COUNT = ("percent", "count", "rate")
DENOMINATOR_IS_COUNT = ("percent", "count", *MEAN_UNITS)
CELLS = ("numerator", "denominator", "value", "ci_low", "ci_high")
PERIOD_KEY = ("indicator", "period_end")
BREAKDOWN_KEY = ("indicator", "period_end", "breakdown")


@dataclass(frozen=True)
class DisclosureConfig:
    min_count: int = 5
    rounding_base: int = 5
    min_denominator: int = 10
    min_children_for_mean: int = 10
    withheld_breakdowns: tuple[str, ...] = ("ethnic_group", "location")
    round_values_to_display: bool = True
    # Indicators whose counts are not children (absence_rate counts school sessions) take the number of
    # children of each cell from an indicator over the same cohort and groups: persistent_absence_pct's
    # denominator is the pupils whose sessions absence_rate adds up.
    children_counted_by: tuple[tuple[str, str], ...] = (("absence_rate", "persistent_absence_pct"),)

    def __post_init__(self) -> None:
        if self.min_count < 1 or self.rounding_base < 1:
            raise ValueError("min_count and rounding_base must be at least 1")


def round_to_base(column: pl.Expr, base: int) -> pl.Expr:
    """Nearest multiple of ``base`` (halves up); a positive count never rounds down to 0."""
    rounded = ((column / base) + 0.5).floor() * base
    return pl.when((column > 0) & (rounded == 0)).then(float(base)).otherwise(rounded)


def _metadata(entries: Mapping[str, Indicator]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "indicator": [entry.id for entry in entries.values()],
            "unit": [entry.unit for entry in entries.values()],
            "counts_children": [entry.counts_children for entry in entries.values()],
            "decimals": [entry.decimals for entry in entries.values()],
        },
        schema={
            "indicator": pl.String,
            "unit": pl.String,
            "counts_children": pl.Boolean,
            "decimals": pl.Int64,
        },
    )


def apply_disclosure(
    tidy: pl.DataFrame, entries: Mapping[str, Indicator], config: DisclosureConfig | None = None
) -> pl.DataFrame:
    """The public version of ``tidy``: the same columns (extra ones kept as they are) and ``suppressed``."""
    config = config or DisclosureConfig()
    unknown = set(tidy.get_column("indicator").unique().to_list()) - set(entries)
    if unknown:
        raise ValueError(f"no catalogue entry for {sorted(unknown)}: cannot apply disclosure control")
    extra = [name for name in tidy.columns if name not in TIDY_COLUMNS and name != "suppressed"]
    frame = (
        tidy.drop("suppressed", strict=False)
        .with_row_index("_row")
        .join(_metadata(entries), on="indicator", how="left")
    )
    staff = frame.filter(~pl.col("counts_children")).with_columns(
        suppressed=pl.lit([], dtype=pl.List(pl.String))
    )
    children = _protect(
        frame.filter(
            pl.col("counts_children") & ~pl.col("breakdown").is_in(list(config.withheld_breakdowns))
        ),
        config,
    )
    columns = [*TIDY_COLUMNS, *extra, "suppressed"]
    return (
        pl.concat([children.select("_row", *columns), staff.select("_row", *columns)], how="vertical")
        .sort("_row")
        .drop("_row")
    )


def _protect(frame: pl.DataFrame, config: DisclosureConfig) -> pl.DataFrame:
    n, d, unit = pl.col("numerator"), pl.col("denominator"), pl.col("unit")

    def small(count: pl.Expr) -> pl.Expr:
        return (count > 0) & (count < config.min_count)

    frame = _with_children(frame, config)
    borrowed = pl.col("_borrowed")
    # A cell counted in sessions stands for the children behind it: with fewer than min_count of them (or
    # no known number) its sessions are withheld like a small count, and the groups are protected the same.
    few_children = borrowed & (small(pl.col("_children")) | pl.col("_children").is_null())
    flagged = frame.with_columns(
        numerator_is_count=unit.is_in(NUMERATOR_IS_COUNT) | borrowed,
        denominator_is_count=unit.is_in(DENOMINATOR_IS_COUNT) | borrowed,
    ).with_columns(
        numerator_hidden=((pl.col("numerator_is_count") & small(n)) | few_children).fill_null(value=False),
        denominator_hidden=((pl.col("denominator_is_count") & small(d)) | few_children).fill_null(
            value=False
        ),
    )
    flagged = _secondary(flagged, "numerator")
    flagged = _secondary(flagged, "denominator")
    is_mean = unit.is_in(MEAN_UNITS)
    value_hidden = (
        pl.col("numerator_hidden")
        | pl.col("denominator_hidden")
        | ((unit == "percent") & (pl.col("_children") < config.min_denominator).fill_null(value=False))
        | (is_mean & (d < config.min_children_for_mean).fill_null(value=False))
    )
    withheld = flagged.with_columns(
        numerator_withheld=pl.col("numerator_hidden") | is_mean,
        denominator_withheld=pl.col("denominator_hidden"),
        value_withheld=value_hidden,
        ci_low_withheld=value_hidden,
        ci_high_withheld=value_hidden,
    )
    suppressed = pl.concat_list(
        pl.when(pl.col(f"{cell}_withheld") & pl.col(cell).is_not_null())
        .then(pl.lit([cell], dtype=pl.List(pl.String)))
        .otherwise(pl.lit([], dtype=pl.List(pl.String)))
        for cell in CELLS
    ).alias("suppressed")
    rounded_numerator = round_to_base(n, config.rounding_base)
    published = withheld.with_columns(suppressed).with_columns(
        numerator=pl.when(pl.col("numerator_withheld"))
        .then(None)
        .when(pl.col("numerator_is_count"))
        .then(rounded_numerator)
        .otherwise(n),
        denominator=pl.when(pl.col("denominator_withheld"))
        .then(None)
        .when(pl.col("denominator_is_count"))
        .then(round_to_base(d, config.rounding_base))
        .otherwise(d),
        value=pl.when(pl.col("value_withheld"))
        .then(None)
        .when(unit == "count")
        .then(rounded_numerator)
        .otherwise(pl.col("value")),
        ci_low=pl.when(value_hidden).then(None).otherwise(pl.col("ci_low")),
        ci_high=pl.when(value_hidden).then(None).otherwise(pl.col("ci_high")),
    )
    published = _values_from_published_counts(published)
    if config.round_values_to_display:
        published = published.with_columns(_round_to_decimals(published, name) for name in CELLS[2:])
    return published


def _values_from_published_counts(frame: pl.DataFrame) -> pl.DataFrame:
    """Percentages and rates worked out again from the rounded counts the public sees.

    An exact percentage beside rounded counts gives the exact count back (10.1% of "about 70" can only be 7
    of 69), and so does an exact rate beside the published population. Worked out from the published counts,
    a value tells a reader nothing the counts do not; the price is a small difference from the staff figure,
    which the methodology and the legend say.
    """
    recomputable = (
        pl.col("value").is_not_null()
        & pl.col("numerator_is_count")
        & pl.col("unit").is_in(["percent", "rate"])
    )
    scale = pl.when(pl.col("unit") == "rate").then(10_000.0).otherwise(100.0)
    n, d = pl.col("numerator"), pl.col("denominator")
    ci_low, ci_high = wilson_exprs("percent")
    return frame.with_columns(
        value=pl.when(recomputable & (d > 0)).then(scale * n / d).otherwise(pl.col("value")),
        ci_low=pl.when(recomputable & (pl.col("unit") == "percent")).then(ci_low).otherwise(pl.col("ci_low")),
        ci_high=pl.when(recomputable & (pl.col("unit") == "percent"))
        .then(ci_high)
        .otherwise(pl.col("ci_high")),
    )


def _round_to_decimals(frame: pl.DataFrame, name: str) -> pl.Expr:
    places = sorted(set(frame.get_column("decimals").drop_nulls().to_list()))
    expr = pl.col(name)
    rounded = expr  # the places are distinct, so at most one of them matches a row
    for decimals in places:
        rounded = pl.when(pl.col("decimals") == decimals).then(expr.round(decimals)).otherwise(rounded)
    return rounded.alias(name)


def _with_children(frame: pl.DataFrame, config: DisclosureConfig) -> pl.DataFrame:
    """``_children``: the number of children a row rests on (its denominator, or the borrowed count)."""
    borrowing = dict(config.children_counted_by)
    lender_counts = (
        frame.filter(pl.col("indicator").is_in(list(borrowing.values())))
        .select(
            pl.col("indicator").alias("_lender"), "period_end", "breakdown", "group",
            pl.col("denominator").alias("_lent"),
        )
    )  # fmt: skip
    return (
        frame.with_columns(
            _lender=pl.col("indicator").replace_strict(borrowing, default=None, return_dtype=pl.String),
            _borrowed=pl.col("indicator").is_in(list(borrowing)),
        )
        .join(lender_counts, on=["_lender", "period_end", "breakdown", "group"], how="left")
        .with_columns(
            _children=pl.when(pl.col("_borrowed")).then(pl.col("_lent")).otherwise(pl.col("denominator"))
        )
        .sort("_row")
        .drop("_lender", "_lent")
    )


def _secondary(frame: pl.DataFrame, cell: str) -> pl.DataFrame:
    """Withhold one more group wherever exactly one group of a breakdown is withheld and the headline is not.

    The headline equals the sum of the groups, so one withheld group would be recoverable by subtraction.
    Hiding the smallest other group leaves two unknowns with a known sum. A breakdown whose headline is
    withheld needs nothing more: every non-zero group is then itself a small count and withheld.
    """
    hidden, applies = f"{cell}_hidden", f"{cell}_is_count"
    headline = frame.filter(pl.col("breakdown") == ALL).select(
        *PERIOD_KEY, pl.col(hidden).alias("_headline_hidden")
    )
    groups = pl.col("breakdown") != ALL
    # Order the candidates: shown groups only, non-zero before zero, then smallest first, then by name.
    candidate = groups & pl.col(applies) & ~pl.col(hidden) & pl.col(cell).is_not_null()
    ranked = (
        frame.join(headline, on=list(PERIOD_KEY), how="left")
        .with_columns(
            _hidden_groups=(groups & pl.col(hidden)).sum().over(BREAKDOWN_KEY),
            _zero=pl.col(cell) == 0,
        )
        .sort(
            [*BREAKDOWN_KEY, pl.col("_zero").not_(), cell, "group"],
            descending=[False] * 3 + [True, False, False],
        )
        .with_columns(_rank=pl.when(candidate).then(pl.int_range(pl.len())).over([*BREAKDOWN_KEY, candidate]))
    )
    first_candidate = pl.col("_rank") == 0
    needs_partner = (pl.col("_hidden_groups") == 1) & ~pl.col("_headline_hidden").fill_null(value=False)
    return (
        ranked.with_columns(
            pl.col(hidden) | (candidate & needs_partner & first_candidate).fill_null(value=False)
        )
        .sort("_row")
        .drop("_headline_hidden", "_hidden_groups", "_zero", "_rank")
    )
