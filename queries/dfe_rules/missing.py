"""The DfE's rules on missing.csv: periods missing or away from placement without authorisation."""

from __future__ import annotations

import polars as pl

from queries.codes import MISSING
from queries.dfe_rules.common import birthday, blank, given, invalid_code, invalid_date, periods_of_care
from queries.dfe_rules.model import Context, rule
from queries.dfe_rules.shapes import row_rule


def _missing(ctx: Context) -> pl.LazyFrame:
    return ctx["missing"]


def _with_periods(ctx: Context) -> pl.LazyFrame:
    return _missing(ctx).join(periods_of_care(ctx), on="child", how="left")


row_rule(
    "1004",
    (
        "The start date of the missing episode or episode that the child was away from placement without "
        "authorisation is not a valid date."
    ),
    "missing",
    "MIS_START",
    invalid_date("mis_start", required=True),
)


row_rule(
    "1005",
    (
        "The end date of the missing episode or episode that the child was away from placement without "
        "authorisation is not a valid date."
    ),
    "missing",
    "MIS_END",
    invalid_date("mis_end"),
)


row_rule(
    "1006",
    "Missing type invalid.",
    "missing",
    "MISSING",
    invalid_code("missing", MISSING),
)


row_rule(
    "564",
    "Child was missing or away from placement without authorisation and the date started is blank.",
    "missing",
    ("MIS_START", "MISSING"),
    pl.col("missing").str.to_uppercase().is_in(MISSING).fill_null(value=False) & blank("mis_start"),
)


row_rule(
    "565",
    (
        "The date that the child started to be missing or away from placement without authorisation has "
        "been completed but whether the child was missing or away from placement without authorisation "
        "has not been completed."
    ),
    "missing",
    ("MISSING", "MIS_START"),
    given("mis_start") & blank("missing"),
)


row_rule(
    "566",
    (
        "The date that the child's episode of being missing or away from placement without authorisation "
        "ended has been completed but whether the child was missing or away without authorisation has not"
        " been completed."
    ),
    "missing",
    ("MISSING", "MIS_END"),
    given("mis_end") & blank("missing"),
)


row_rule(
    "567",
    (
        "The date that the missing episode or episode that the child was away from placement without "
        "authorisation ended is before the date that it started."
    ),
    "missing",
    ("MIS_END", "MIS_START"),
    pl.col("mis_start") > pl.col("mis_end"),
)


row_rule(
    "570",
    (
        "The date that the child started to be missing or away from placement without authorisation is "
        "after the end of the collection year."
    ),
    "missing",
    "MIS_START",
    lambda ctx: pl.col("mis_start") > ctx.end,
)


row_rule(
    "571",
    (
        "The date that the child ceased to be missing or away from placement without authorisation is "
        "before the start or after the end of the collection year."
    ),
    "missing",
    "MIS_END",
    lambda ctx: (pl.col("mis_end") < ctx.start) | (pl.col("mis_end") > ctx.end),
)


@rule(
    "574",
    (
        "A new missing/away from placement without authorisation period cannot start when the previous "
        "missing/away from placement without authorisation period is still open. Missing/away from "
        "placement without authorisation periods should also not overlap."
    ),
    "missing",
    ("MIS_START", "MIS_END"),
)
def rule_574(ctx: Context) -> pl.LazyFrame:
    ordered = _missing(ctx).sort("child", pl.col("mis_end").fill_null(pl.col("mis_start")), "mis_start")
    previous_end = pl.col("mis_end").shift(1).over("child")
    has_previous = pl.col("child").shift(1).over("child").is_not_null()
    return ordered.filter(has_previous & (previous_end.is_null() | (pl.col("mis_start") < previous_end)))


@rule(
    "575",
    (
        "If the placement from which the child goes missing/away from placement without authorisation "
        "ends, the missing/away from placement without authorisation period in the missing module must "
        "also have an end date."
    ),
    ("missing", "episodes"),
    "MIS_END",
)
def rule_575(ctx: Context) -> pl.LazyFrame:
    episodes = ctx["episodes"].filter(given("dec")).select("child", "decom", "dec")
    joined = _missing(ctx).filter(blank("mis_end")).join(episodes, on="child", how="inner")
    return joined.filter(pl.col("mis_start").is_between(pl.col("decom"), pl.col("dec"))).unique("source_row")


@rule(
    "577",
    (
        "Child ceased to be looked after but there is a missing/away from placement without authorisation"
        " period without an end date."
    ),
    ("missing", "episodes"),
    "MIS_END",
)
def rule_577(ctx: Context) -> pl.LazyFrame:
    # open while the period of care it began in has ended, or outside every period of care
    periods = _with_periods(ctx)
    within_ended = (
        given("period_end")
        & blank("mis_end")
        & pl.col("mis_start").is_between(pl.col("period_start"), pl.col("period_end"))
    )
    outside = (
        (blank("mis_end") & (pl.col("mis_start") < pl.col("period_start")))
        | (pl.col("mis_end") > pl.col("period_end"))
        | (pl.col("mis_end") < pl.col("period_start"))
    )
    flagged = periods.group_by("source_row").agg(
        pl.first("child"),
        pl.first("mis_end"),
        (within_ended | outside).fill_null(value=False).all().alias("out"),
    )
    return flagged.filter(pl.col("out") & blank("mis_end"))


@rule(
    "578",
    "The date that the child started to be missing is after the child ceased to be looked after.",
    ("missing", "episodes"),
    "MIS_START",
)
def rule_578(ctx: Context) -> pl.LazyFrame:
    periods = _with_periods(ctx).filter(given("mis_start"))
    outside = (pl.col("mis_start") < pl.col("period_start")) | (
        (pl.col("mis_start") > pl.col("period_end")) & given("period_end")
    )
    flagged = periods.group_by("source_row").agg(
        pl.first("child"), pl.first("mis_start"), outside.fill_null(value=False).all().alias("out")
    )
    return flagged.filter(pl.col("out"))


@rule(
    "580",
    "Child is missing when cease being looked after but reason episode ceased not ‘E8’.",
    ("episodes", "missing"),
    "REC",
)
def rule_580(ctx: Context) -> pl.LazyFrame:
    missing = ctx["missing"].select("child", "dob", "mis_end").filter(given("mis_end"))
    joined = ctx["episodes"].join(missing, on="child", how="inner")
    at_18 = (birthday("dob", 18) == pl.col("mis_end")) & (pl.col("mis_end") == pl.col("dec"))
    return joined.filter(at_18 & (pl.col("rec").ne_missing(pl.lit("E8")))).unique("source_row")


@rule(
    "581",
    "Child is missing but has not yet started to be looked after.",
    ("missing", "episodes"),
    "MIS_START",
)
def rule_581(ctx: Context) -> pl.LazyFrame:
    episodes = ctx["episodes"].select("child", "decom", "dec")
    joined = _missing(ctx).join(episodes, on="child", how="left")
    inside = (pl.col("mis_start") >= pl.col("decom")) & (
        (pl.col("mis_start") <= pl.col("dec")) | blank("dec")
    )
    flagged = joined.group_by("source_row").agg(
        pl.first("child"), pl.first("mis_start"), inside.fill_null(value=False).any().alias("inside")
    )
    return flagged.filter(~pl.col("inside"))


row_rule(
    "586",
    "Dates of missing periods are before child’s date of birth.",
    "missing",
    "MIS_START",
    given("mis_start") & (pl.col("mis_start") <= pl.col("dob")),
)


@rule(
    "576",
    (
        "There is an open missing/away from placement without authorisation period in last year’s return "
        "and there is no corresponding period recorded at the start of this year."
    ),
    "missing",
    "MIS_START",
    previous=True,
)
def rule_576(ctx: Context) -> pl.LazyFrame:
    first = _missing(ctx).sort("mis_start").unique("child", keep="first")
    open_last = (
        ctx.last("missing")
        .filter(blank("mis_end"))
        .select("child", pl.col("mis_start").alias("mis_start_last"))
    )
    joined = first.join(open_last, on="child", how="inner")
    return joined.filter(pl.col("mis_start").ne_missing(pl.col("mis_start_last")))
