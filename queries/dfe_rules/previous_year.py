"""The DfE's rules that compare this year's episodes and adoption decisions with last year's return.

They run only when the previous collection year's return is loaded (`Context.last`). The episode rules read
the child's first episode of this year against the one left open at the end of last year: a period of care
that goes on across 31 March is in both returns, and must be recorded the same way in both.
"""

from __future__ import annotations

import polars as pl

from queries.dfe_rules.common import blank, child_not_in, differs, given, is_in
from queries.dfe_rules.model import Context, rule

Z1_SPLIT = ("Z11", "Z12", "Z13", "Z14")  # from 2025/26 Z1 (other placements) is one of these


def _first_this_year(ctx: Context) -> pl.LazyFrame:
    return ctx["episodes"].filter(given("decom")).sort("decom", "source_row").unique("child", keep="first")


def _open_last_year(ctx: Context, *columns: str) -> pl.LazyFrame:
    """The child's latest episode of last year's return, when it was still open at 31 March."""
    latest = ctx.last("episodes").filter(given("decom")).sort("decom").unique("child", keep="last")
    return latest.filter(blank("dec")).select(
        "child", *(pl.col(name).alias(f"{name}_last") for name in columns)
    )


@rule(
    "502",
    (
        "Last year's record ended with an open episode. The date on which that episode started does not match"
        " the start date of the first episode on this year’s record."
    ),
    "episodes",
    "DECOM",
    previous=True,
)
def rule_502(ctx: Context) -> pl.LazyFrame:
    joined = _first_this_year(ctx).join(_open_last_year(ctx, "decom"), on="child", how="inner")
    return joined.filter(pl.col("decom") != pl.col("decom_last"))


def same_as_open_episode(code: str, message: str, field: str) -> None:
    """Declare 503A-503F: ``field`` of the child's first episode this year differs from the episode open at
    the end of last year. A PLACE that the DfE's list renamed between the years is the same placement: H5
    became K3 in 2024/25, Z1 became Z11-Z14 in 2025/26."""
    name = field.lower()

    def check(ctx: Context) -> pl.LazyFrame:
        joined = _first_this_year(ctx).join(_open_last_year(ctx, name), on="child", how="inner")
        renamed = pl.lit(value=False)
        if name == "place":
            renamed = ((pl.col("place") == "K3") & (pl.col("place_last") == "H5")) | (
                is_in("place", Z1_SPLIT) & (pl.col("place_last") == "Z1")
            )
        return joined.filter(differs(name, f"{name}_last") & ~renamed.fill_null(value=False))

    rule(code, message, "episodes", field, previous=True)(check)


for _code, _field, _what in (
    ("503A", "RNE", "The reason for new episode"),
    ("503B", "LS", "The legal status"),
    ("503C", "CIN", "The category of need"),
    ("503D", "PLACE", "The placement type"),
    ("503E", "PLACE_PROVIDER", "The placement provider"),
    ("503F", "URN", "The Ofsted URN"),
):
    same_as_open_episode(
        _code, f"{_what} in the first episode does not match open episode at end of last year.", _field
    )


@rule(
    "562",
    (
        "Episode commenced before the start of the current collection year but there is a missing continuous "
        "episode in the previous year."
    ),
    "episodes",
    "DECOM",
    previous=True,
)
def rule_562(ctx: Context) -> pl.LazyFrame:
    # the child's first episode begun before 1 April must be last year's latest episode
    before = ctx["episodes"].filter(pl.col("decom") < ctx.start).sort("decom", "source_row")
    first = before.unique("child", keep="first")
    latest_last = (
        ctx.last("episodes")
        .filter(given("decom"))
        .sort("decom")
        .unique("child", keep="last")
        .select("child", "decom")
    )
    return first.join(latest_last, on=["child", "decom"], how="anti")


@rule(
    "NoE",
    (
        "This child has no episodes loaded for previous year even though child started to be looked after "
        "before this current year."
    ),
    "episodes",
    "DECOM",
    previous=True,
)
def rule_noe(ctx: Context) -> pl.LazyFrame:
    return child_not_in(ctx["episodes"].filter(pl.col("decom") < ctx.start), ctx.last("episodes"))


def _decisions_with_last(ctx: Context, last: pl.LazyFrame) -> pl.LazyFrame:
    columns = ("date_placed", "date_placed_ceased", "reason_placed_ceased")
    renamed = last.select("child", *(pl.col(name).alias(f"{name}_last") for name in columns))
    return ctx["placed_for_adoption"].join(renamed, on="child", how="inner")


@rule(
    "559",
    (
        "Date of decision that a child should be placed for adoption was not in the current year but "
        "the date "
        "of the decision that the child should be placed for adoption was not completed in a previous return."
    ),
    "placed_for_adoption",
    "DATE_PLACED",
    previous=True,
)
def rule_559(ctx: Context) -> pl.LazyFrame:
    dated_last_year = ctx.last("placed_for_adoption").filter(given("date_placed"))
    return child_not_in(ctx["placed_for_adoption"].filter(pl.col("date_placed") < ctx.start), dated_last_year)


@rule(
    "560",
    (
        "Date of decision that the child should be placed for adoption this year is different from that "
        "recorded last year but the decision to place the child for adoption did not change."
    ),
    "placed_for_adoption",
    ("DATE_PLACED", "DATE_PLACED_CEASED"),
    previous=True,
)
def rule_560(ctx: Context) -> pl.LazyFrame:
    joined = _decisions_with_last(ctx, ctx.last("placed_for_adoption"))
    standing = given("date_placed_last") & blank("date_placed_ceased_last")
    return joined.filter(standing & differs("date_placed", "date_placed_last"))


@rule(
    "561",
    (
        "Date of the decision that the child should be placed for adoption this year is the same as that "
        "recorded last year but records show that the decision changed, and the child should no longer be "
        "placed for adoption last year."
    ),
    "placed_for_adoption",
    "DATE_PLACED",
    previous=True,
)
def rule_561(ctx: Context) -> pl.LazyFrame:
    joined = _decisions_with_last(ctx, ctx.last("placed_for_adoption"))
    reversed_last = given("date_placed_ceased_last") | given("reason_placed_ceased_last")
    return joined.filter((pl.col("date_placed") == pl.col("date_placed_last")) & reversed_last)


@rule(
    "584",
    (
        "Date of decision that the child should be placed for adoption this year is different from that "
        "recorded last year, but the decision to placed the child for adoption changed and the child should "
        "no longer be placed for adoption."
    ),
    "placed_for_adoption",
    "DATE_PLACED",
    previous=True,
)
def rule_584(ctx: Context) -> pl.LazyFrame:
    # after a decision reversed last year, this year's decision must be a new one: later, and dated
    last = ctx.last("placed_for_adoption")
    reversed_last = last.filter(given("date_placed_ceased") | given("reason_placed_ceased"))
    joined = _decisions_with_last(ctx, reversed_last)
    return joined.filter(blank("date_placed") | (pl.col("date_placed") <= pl.col("date_placed_last")))
