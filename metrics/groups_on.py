"""The children's breakdown groups at many reporting dates in one pass: the engine's fast path.

`metrics.terms.child_attributes` is the definition: each child's age, sex, ethnic group, and the placement
type and location of the child's latest episode with DECOM on or before the date. Run once per date over
every child, it is the largest cost of a trend (two dozen quarter ends, each joined to the units of every
indicator). `groups_on` gives the same groups for the (``child``, ``period_end``) rows of the stacked units
of all dates at once: the dated part by one as-of join on an integer key, computed on the two key columns
alone. `tests/metrics/test_dated.py` holds the engine's figures to the plain reading at every quarter end.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from metrics.data import CareData
from metrics.terms import (
    SEX_GROUPS,
    age_at,
    age_band,
    episode_facts,
    ethnic_group,
    location,
    placement_type,
)

# An as-of join per child without a `by` (slow on many string keys): one integer key orders rows by child
# number, then by day, so the latest start on or before D is the nearest key below (child, D) whenever it
# belongs to the same child. Days from 1970 plus 2**19 fit in 20 bits for any date from 535 to 3405.
_DAY_BITS, _DAY_OFFSET = 20, 2**19


def _numbered_day_key(number: pl.Expr, day: pl.Expr) -> pl.Expr:
    return number.cast(pl.Int64) * (1 << _DAY_BITS) + day.cast(pl.Int32).cast(pl.Int64) + _DAY_OFFSET


def _by_distinct_values(column: pl.Expr, group: Callable[[pl.Expr], pl.Expr]) -> pl.Expr:
    """``group(column)`` worked out once per distinct value of ``column`` (a few codes, many rows)."""
    codes = column.unique(maintain_order=True)
    return column.replace_strict(codes, group(codes), return_dtype=pl.String)


def _numbered_facts(data: CareData) -> pl.LazyFrame:
    """`episode_facts` with ``_child_number``: children numbered in the facts' order (sorted by child)."""
    return episode_facts(data.episodes).with_columns(_child_number=pl.col("child").rle_id().cast(pl.Int64))


def header_groups(data: CareData) -> pl.DataFrame:
    """The groups that do not depend on the date, one row per header row, with the child's number (null
    for a child without episodes)."""
    numbers = (
        _numbered_facts(data)
        .select("child", "_child_number")
        .filter(pl.col("_child_number").is_first_distinct() & pl.col("child").is_not_null())
    )
    return (
        data.header.lazy()
        .select(
            "child",
            pl.col("dob").alias("_dob"),
            pl.col("sex").replace_strict(SEX_GROUPS, default=None, return_dtype=pl.String),
            ethnic_group(pl.col("ethnic")).alias("ethnic_group"),
            _in_header=pl.lit(value=True),
        )
        .join(numbers, on="child", how="left")
        .collect()
    )


def episode_starts(data: CareData) -> pl.DataFrame:
    """Placement type and location of the last episode (in `episode_facts` order) starting on each day, per
    child, sorted by child number and that day."""
    return (
        _numbered_facts(data)
        .filter(pl.col("decom").is_not_null() & pl.col("child").is_not_null())
        .select(
            _key=_numbered_day_key(pl.col("_child_number"), pl.col("decom")),
            _start_child=pl.col("_child_number"),
            _placement_type=_by_distinct_values(pl.col("place"), placement_type),
            _location=_by_distinct_values(pl.col("pl_post"), location),
        )
        .sort("_key", maintain_order=True)  # already in key order (facts are sorted by child and DECOM)
        # The last of the child's episodes starting that day, in episode_facts order (`child_attributes`
        # takes the last episode with DECOM <= D).
        .filter(pl.col("_key") != pl.col("_key").shift(-1).fill_null(-1))
        .collect()
    )


def groups_on(
    units: pl.DataFrame, header: pl.DataFrame, starts: pl.DataFrame, names: list[str]
) -> pl.DataFrame:
    """``units`` (columns ``child`` and ``period_end``) with the groups ``names`` of `child_attributes` of
    the row's child at the row's ``period_end``; ``header`` and ``starts`` are `header_groups` and
    `episode_starts` of the data set. A child missing from header has null groups; a child twice in header
    has two rows, as the join on `child_attributes` gives."""
    in_header = pl.col("_in_header").fill_null(value=False)
    age = age_at(pl.col("_dob"), pl.col("period_end"))
    latest_start_of_child = pl.col("_start_child") == pl.col("_child_number")
    every = {
        "sex": pl.col("sex"),
        "ethnic_group": pl.col("ethnic_group"),
        "age": age,
        "age_band": age_band(age),
        "placement_type": pl.when(in_header & latest_start_of_child).then("_placement_type"),
        # In header, with no episode on or before D: no placement postcode, "Not recorded".
        "location": pl.when(in_header).then(
            pl.when(latest_start_of_child).then("_location").otherwise(location(pl.lit(None, pl.String)))
        ),
    }
    groups = (
        units.lazy()
        .select("child", "period_end")
        .with_row_index("_unit")
        .join(header.lazy(), on="child", how="left")
        .with_columns(_key=_numbered_day_key(pl.col("_child_number"), pl.col("period_end")).fill_null(-1))
        .sort("_key")
        .join_asof(starts.lazy(), on="_key", strategy="backward")
        .select("_unit", *(every[name].alias(name) for name in names))
        .sort("_unit")
        .collect()
    )
    frame = units if groups.height == units.height else units[groups.get_column("_unit")]
    return pl.concat([frame, groups.drop("_unit")], how="horizontal")
