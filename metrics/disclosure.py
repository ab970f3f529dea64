"""Statistical disclosure control for public outputs (README.md, "Disclosure control").

`apply_disclosure` is pure and is applied once, by `metrics.roles.restrict` for the ``public`` role, to the
tidy frame before anything reaches a public page, a download or a published file. It keeps the tidy columns
and adds ``suppressed``: the names of the cells it withheld (they are null; shown as the GSS symbol ``c``).

Two profiles (`DisclosureConfig.profile`), as Jersey's own publications and the DfE's do:

- ``exact`` (the default): counts of 5 or more are shown exactly; 1 to 4 are withheld, and so is every cell
  that would let a reader work a withheld one out.
- ``rounded``: the same cells are withheld, and every published count of children is then rounded to the
  nearest ``rounding_base``, with percentages and rates worked out again from the rounded counts.

Rules (thresholds are `DisclosureConfig`):
1. No public breakdown by ethnicity or by placement location, and none that is true by definition (children
   in foster placements by placement type: "foster 100%"): those breakdown rows are dropped.
2. Primary: a count of children (numerator or denominator) from 1 to ``min_count - 1`` is withheld. 0 is
   shown: it is not a small number of children who could be identified.
3. A percentage is shown only when neither count is withheld and it rests on at least ``min_denominator``
   children; a mean (score, days, average) only on at least ``min_children_for_mean`` children; a count or
   rate only when its count is shown. When a value is withheld, the counts of children on its row go with it
   (a ``c`` beside "10 of 10" gives the value away), and its interval too. The numerator of a mean is a sum
   of scores or days, not a count: with the mean it gives the number of children, so it is never published.
4. Totals and breakdown groups: a breakdown's groups add up to its headline (every child has exactly one
   group, "Not recorded" included). Wherever exactly one cell of that sum (a group or the headline) is
   withheld, one more is: the smallest other group that is shown (a non-zero one first: a withheld 0 protects
   little), else the headline. Numerators and denominators are done separately.
5. The previous period: children in care at D are those in care a year before, plus the periods of care that
   started, minus those that ended (the stock's declared ``flows``). Where either stock of that sum is
   withheld, or one of the two flows is, both flows of that group are withheld, so no stock or flow is the
   difference of the others.
   Rules 3 to 5 are repeated until nothing more is withheld. Everything else about the previous period has
   no additive relation: a rolling 12-month window is not the one before plus a quarter. Partner filters: a
   public frame has one-way breakdowns only (no cross-tabulation a filter could difference), so rule 4 covers
   them.
6. Counts that are not children (school sessions, for absence) are judged by the number of children
   behind each cell, borrowed from an indicator over the same cohort and groups (the declaration's
   ``children_counted_by``); without that number the cell is withheld.
7. Values are rounded to the decimals the catalogue displays, so no public file is more precise than the page.
Workforce indicators (``counts_children = False``) count staff, not children, and pass through untouched.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

import polars as pl

from metrics.catalogue import Indicator
from metrics.tidy import ALL, TIDY_COLUMNS, wilson_exprs

Profile = Literal["exact", "rounded"]
PROFILES: tuple[Profile, ...] = ("exact", "rounded")
MEAN_UNITS = ("score", "days", "average")
# Which cells of a row are counts of children, by unit. A rate's denominator is the published population
# estimate of all children under 18, not a count of children in care; a count's denominator, when it has
# one, is its cohort (pupils of the outcomes cohort for permanent exclusions).
NUMERATOR_IS_COUNT = ("percent", "count", "rate")
DENOMINATOR_IS_COUNT = ("percent", "count", *MEAN_UNITS)
CELLS = ("numerator", "denominator", "value", "ci_low", "ci_high")
COUNT_CELLS = ("numerator", "denominator")
PERIOD_KEY = ("indicator", "period_end")
BREAKDOWN_KEY = ("indicator", "period_end", "breakdown")
GROUP_KEY = ("period_end", "breakdown", "group")
MAX_ROUNDS = 50


@dataclass(frozen=True)
class DisclosureConfig:
    profile: Profile = "exact"
    min_count: int = 5
    rounding_base: int = 5  # the rounded profile only
    min_denominator: int = 10
    min_children_for_mean: int = 10
    withheld_breakdowns: tuple[str, ...] = ("ethnic_group", "location")
    # None: as the declarations say. (indicator, breakdown) true by definition (``true_by_definition``), and
    # (stock, inflow, outflow): stock at D = stock a year before + inflow - outflow (``flows``).
    definitional_breakdowns: tuple[tuple[str, str], ...] | None = None
    flows: tuple[tuple[str, str, str], ...] | None = None
    round_values_to_display: bool = True
    # Indicators whose counts are not children (school sessions) take the number of children of each cell
    # from an indicator over the same cohort and groups; None: as each declaration says
    # (`metrics.catalogue.Indicator.children_counted_by`).
    children_counted_by: tuple[tuple[str, str], ...] | None = None

    def __post_init__(self) -> None:
        if self.min_count < 1 or self.rounding_base < 1:
            raise ValueError("min_count and rounding_base must be at least 1")
        if self.profile not in PROFILES:
            raise ValueError(f"unknown disclosure profile {self.profile!r}: use {' or '.join(PROFILES)}")

    @classmethod
    def named(cls, profile: str | None) -> DisclosureConfig:
        """The settings of a profile by name (``exact``, the default, or ``rounded``)."""
        return cls(profile=(profile or "exact").strip().lower())  # type: ignore[arg-type]

    @property
    def rounds(self) -> bool:
        return self.profile == "rounded" and self.rounding_base > 1

    @property
    def published_rounding(self) -> int:
        """The base public counts of children are rounded to: 1 when they are exact."""
        return self.rounding_base if self.rounds else 1

    def with_profile(self, profile: Profile) -> DisclosureConfig:
        return replace(self, profile=profile)


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


def as_declared(config: DisclosureConfig, entries: Mapping[str, Indicator]) -> DisclosureConfig:
    """``config`` with what it leaves to the declarations (None) filled in from ``entries``."""
    declared: dict[str, Any] = {}  # one value type per field of DisclosureConfig
    if config.children_counted_by is None:
        declared["children_counted_by"] = tuple(
            (e.id, e.children_counted_by) for e in entries.values() if e.children_counted_by
        )
    if config.definitional_breakdowns is None:
        declared["definitional_breakdowns"] = tuple(
            (e.id, breakdown) for e in entries.values() for breakdown in e.true_by_definition
        )
    if config.flows is None:
        declared["flows"] = tuple((e.id, *e.flows) for e in entries.values() if e.flows)
    return replace(config, **declared)


def published_breakdowns(frame: pl.DataFrame, config: DisclosureConfig) -> pl.Expr:
    """True on the rows of a breakdown the public may see (rule 1)."""
    definitional = pl.lit(value=False)
    for indicator_id, breakdown in config.definitional_breakdowns or ():
        definitional = definitional | (
            (pl.col("indicator") == indicator_id) & (pl.col("breakdown") == breakdown)
        )
    return ~pl.col("breakdown").is_in(list(config.withheld_breakdowns)) & ~definitional


def apply_disclosure(
    tidy: pl.DataFrame, entries: Mapping[str, Indicator], config: DisclosureConfig | None = None
) -> pl.DataFrame:
    """The public version of ``tidy``: the same columns (extra ones kept as they are) and ``suppressed``."""
    config = config or DisclosureConfig()
    config = as_declared(config, entries)
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
    children = _protect(frame.filter(pl.col("counts_children") & published_breakdowns(frame, config)), config)
    columns = [*TIDY_COLUMNS, *extra, "suppressed"]
    return (
        pl.concat([children.select("_row", *columns), staff.select("_row", *columns)], how="vertical")
        .sort("_row")
        .drop("_row")
    )


def _protect(frame: pl.DataFrame, config: DisclosureConfig) -> pl.DataFrame:
    flagged = _primary(_with_children(frame, config), config)
    for _ in range(MAX_ROUNDS):
        before = flagged.select(f"{cell}_hidden" for cell in (*COUNT_CELLS, "value"))
        flagged = _withhold_with_values(flagged)
        for cell in COUNT_CELLS:
            flagged = _secondary(flagged, cell)
        flagged = _flows(flagged, config)
        if flagged.select(f"{cell}_hidden" for cell in (*COUNT_CELLS, "value")).equals(before):
            break
    return _publish(flagged, config)


def _primary(frame: pl.DataFrame, config: DisclosureConfig) -> pl.DataFrame:
    """Rules 2, 3 and 6 on each row by itself: small counts, and values resting on too few children."""
    n, d, unit = pl.col("numerator"), pl.col("denominator"), pl.col("unit")

    def small(count: pl.Expr) -> pl.Expr:
        return (count > 0) & (count < config.min_count)

    borrowed = pl.col("_borrowed")
    # A cell counted in sessions stands for the children behind it: with fewer than min_count of them (or
    # no known number) its sessions are withheld like a small count, and the groups are protected the same.
    few_children = borrowed & (small(pl.col("_children")) | pl.col("_children").is_null())
    is_mean = unit.is_in(MEAN_UNITS)
    too_few_for_value = (
        ((unit == "percent") & (pl.col("_children") < config.min_denominator))
        | (is_mean & (d < config.min_children_for_mean))
    ).fill_null(value=False)
    return frame.with_columns(
        numerator_is_count=unit.is_in(NUMERATOR_IS_COUNT) | borrowed,
        denominator_is_count=unit.is_in(DENOMINATOR_IS_COUNT) | borrowed,
    ).with_columns(
        numerator_hidden=((pl.col("numerator_is_count") & small(n)) | few_children).fill_null(value=False),
        denominator_hidden=((pl.col("denominator_is_count") & small(d)) | few_children).fill_null(
            value=False
        ),
        value_hidden=too_few_for_value,
    )


def _withhold_with_values(frame: pl.DataFrame) -> pl.DataFrame:
    """A value goes with a withheld count; the counts of children on its row go with a withheld value."""
    value_hidden = pl.col("value_hidden") | pl.col("numerator_hidden") | pl.col("denominator_hidden")
    return frame.with_columns(value_hidden=value_hidden).with_columns(
        (pl.col(f"{cell}_hidden") | (pl.col("value_hidden") & pl.col(f"{cell}_is_count"))).alias(
            f"{cell}_hidden"
        )
        for cell in COUNT_CELLS
    )


def _secondary(frame: pl.DataFrame, cell: str) -> pl.DataFrame:
    """Rule 4: wherever exactly one cell of "headline = sum of groups" is withheld, withhold one more.

    Hiding the smallest other shown group (else the headline) leaves two unknowns with a known sum.
    """
    hidden, applies = f"{cell}_hidden", f"{cell}_is_count"
    member = pl.col(applies) & pl.col(cell).is_not_null()
    headline = frame.filter(pl.col("breakdown") == ALL).select(
        *PERIOD_KEY,
        _headline_hidden=pl.col(hidden),
        _headline_member=member,
    )
    is_group = (pl.col("breakdown") != ALL) & member
    candidate = is_group & ~pl.col(hidden)
    ranked = (
        frame.join(headline, on=list(PERIOD_KEY), how="left")
        .with_columns(
            _unknowns=(is_group & pl.col(hidden)).sum().over(BREAKDOWN_KEY)
            + pl.col("_headline_hidden").fill_null(value=False).cast(pl.UInt32),
            _shown_groups=candidate.sum().over(BREAKDOWN_KEY),
            _zero=pl.col(cell) == 0,
            _candidate=candidate,
        )
        # Candidates first in order: non-zero before zero, then smallest, then by name.
        .sort([*BREAKDOWN_KEY, pl.col("_zero"), cell, "group"])
        .with_columns(
            _rank=pl.when(pl.col("_candidate"))
            .then(pl.int_range(pl.len()))
            .over([*BREAKDOWN_KEY, "_candidate"])
        )
    )
    needs_one_more = (
        (pl.col("breakdown") != ALL)
        & (pl.col("_unknowns") == 1)
        & pl.col("_headline_member").fill_null(value=False)
    )
    headline_goes = (
        ranked.filter(needs_one_more & (pl.col("_shown_groups") == 0))
        .select(*PERIOD_KEY)
        .unique()
        .with_columns(_headline_goes=pl.lit(value=True))
    )
    return (
        ranked.with_columns(
            pl.col(hidden)
            | (pl.col("_candidate") & needs_one_more & (pl.col("_rank") == 0)).fill_null(value=False)
        )
        .join(headline_goes, on=list(PERIOD_KEY), how="left")
        .with_columns(
            pl.col(hidden)
            | ((pl.col("breakdown") == ALL) & member & pl.col("_headline_goes").fill_null(value=False))
        )
        .sort("_row")
        .drop(
            "_headline_hidden", "_headline_member", "_unknowns", "_shown_groups", "_zero", "_candidate",
            "_rank", "_headline_goes",
        )
    )  # fmt: skip


def _flows(frame: pl.DataFrame, config: DisclosureConfig) -> pl.DataFrame:
    """Rule 5: both flows of a group go when either stock or the other flow of that group is withheld.

    A stock a year before that is not in the frame counts as withheld: it may be published elsewhere.
    """
    for stock, inflow, outflow in config.flows or ():
        stocks = frame.filter(pl.col("indicator") == stock).select(
            *GROUP_KEY, _stock_hidden=pl.col("numerator_hidden") | pl.col("numerator").is_null()
        )
        flows = frame.filter(pl.col("indicator").is_in([inflow, outflow]))
        if flows.is_empty():
            continue
        either_flow = flows.group_by(GROUP_KEY).agg(
            _flow_hidden=(pl.col("numerator_hidden") | pl.col("numerator").is_null()).any()
        )
        before = stocks.with_columns(pl.col("period_end").dt.offset_by("1y")).rename(
            {"_stock_hidden": "_before_hidden"}
        )
        affected = (
            either_flow.join(stocks, on=GROUP_KEY, how="left")
            .join(before, on=GROUP_KEY, how="left")
            .select(
                *GROUP_KEY,
                _flows_go=pl.col("_flow_hidden")
                | pl.col("_stock_hidden").fill_null(value=True)
                | pl.col("_before_hidden").fill_null(value=True),
            )
            .with_columns(_flow=pl.lit(value=True))
        )
        frame = (
            frame.with_columns(_flow=pl.col("indicator").is_in([inflow, outflow]))
            .join(affected, on=[*GROUP_KEY, "_flow"], how="left")
            .with_columns(
                numerator_hidden=pl.col("numerator_hidden")
                | (pl.col("_flows_go").fill_null(value=False) & pl.col("numerator").is_not_null())
            )
            .sort("_row")
            .drop("_flow", "_flows_go")
        )
    return frame


def _publish(flagged: pl.DataFrame, config: DisclosureConfig) -> pl.DataFrame:
    """Null the withheld cells, name them in ``suppressed``, and round what the profile rounds."""
    n, d, unit = pl.col("numerator"), pl.col("denominator"), pl.col("unit")
    is_mean = unit.is_in(MEAN_UNITS)
    withheld = flagged.with_columns(
        numerator_withheld=pl.col("numerator_hidden") | is_mean,
        denominator_withheld=pl.col("denominator_hidden"),
        value_withheld=pl.col("value_hidden"),
        ci_low_withheld=pl.col("value_hidden"),
        ci_high_withheld=pl.col("value_hidden"),
    )
    suppressed = pl.concat_list(
        pl.when(pl.col(f"{cell}_withheld") & pl.col(cell).is_not_null())
        .then(pl.lit([cell], dtype=pl.List(pl.String)))
        .otherwise(pl.lit([], dtype=pl.List(pl.String)))
        for cell in CELLS
    ).alias("suppressed")
    base = config.published_rounding
    shown_numerator = round_to_base(n, base) if base > 1 else n
    value_hidden = pl.col("value_hidden")
    published = withheld.with_columns(suppressed).with_columns(
        numerator=pl.when(pl.col("numerator_withheld"))
        .then(None)
        .when(pl.col("numerator_is_count"))
        .then(shown_numerator)
        .otherwise(n),
        denominator=pl.when(pl.col("denominator_withheld"))
        .then(None)
        .when(pl.col("denominator_is_count") & (base > 1))
        .then(round_to_base(d, base))
        .otherwise(d),
        value=pl.when(value_hidden)
        .then(None)
        .when(unit == "count")
        .then(shown_numerator)
        .otherwise(pl.col("value")),
        ci_low=pl.when(value_hidden).then(None).otherwise(pl.col("ci_low")),
        ci_high=pl.when(value_hidden).then(None).otherwise(pl.col("ci_high")),
    )
    if base > 1:
        published = _values_from_published_counts(published)
    if config.round_values_to_display:
        published = published.with_columns(_round_to_decimals(published, name) for name in CELLS[2:])
    return published


def _values_from_published_counts(frame: pl.DataFrame) -> pl.DataFrame:
    """Percentages and rates worked out again from the rounded counts the public sees.

    An exact percentage beside rounded counts gives the exact count back (10.1% of "about 70" can only be 7
    of 69), and so does an exact rate beside the published population. Worked out from the published counts,
    a value tells a reader nothing the counts do not; the price is a difference from the staff figure, which
    the methodology and the legend say.
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
    borrowing = dict(config.children_counted_by or ())
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
