"""The DfE's rules on previous_permanence.csv (the child's permanence before this period of care) and
uasc.csv (unaccompanied asylum-seeking children)."""

from __future__ import annotations

from datetime import date

import polars as pl

from queries.dfe_rules.common import any_given, birthday, blank, child_not_in, given, is_in, not_in
from queries.dfe_rules.model import Context, rule
from queries.dfe_rules.shapes import code_rule, row_rule

PREVIOUS_PERMANENCE = ("P1", "P2", "P3", "P4", "Z1")
PERMANENCE_COLLECTED_FROM = date(2016, 4, 1)
PERMANENCE_ITEMS = ("prev_perm", "la_perm", "date_perm")
# The DfE's local authority codes (LA_PERM), and the codes for an order made outside England.
_ENGLISH_LAS = (
    "800 889 822 301 304 303 330 825 837 302 846 370 350 890 867 380 305 801 351 873 823 895 896 381 909 202 "
    "908 331 306 841 830 831 878 371 835 332 840 307 308 811 881 845 390 916 203 876 850 311 204 884 312 205 "
    "313 805 919 310 309 420 921 206 207 886 810 382 314 340 888 208 856 383 855 209 925 341 201 821 352 806 "
    "887 826 315 929 812 391 926 892 813 802 928 891 392 316 815 353 931 879 836 851 874 807 354 317 870 318 "
    "372 857 333 935 343 803 373 342 893 356 355 871 394 334 933 882 936 861 852 319 860 808 393 866 210 357 "
    "894 883 880 358 211 937 869 320 359 865 384 335 336 212 868 872 885 344 877 213 938 816 999"
)
LA_CODES = (*_ENGLISH_LAS.split(" "), "WAL", "SCO", "NUK", "NIR")


def permanence_date() -> tuple[pl.Expr, pl.Expr]:
    """DATE_PERM as a date, and whether it is text that is no date.

    The DfE allows ZZ for an unknown day or month: the date read is then the latest it can be (ZZ/03/2020 is
    31/03/2020, ZZ/ZZ/2020 is 31/12/2020), so a comparison never fails on what is not known; ZZ/ZZ/ZZZZ is a
    date not known at all (no date, and not invalid).
    """
    text = pl.col("date_perm")
    parts = text.str.split("/")
    day, month, year = (
        parts.list.get(0, null_on_oob=True),
        parts.list.get(1, null_on_oob=True),
        parts.list.get(2, null_on_oob=True),
    )
    month_read = pl.when(month == "ZZ").then(pl.lit("12")).otherwise(month)
    first = pl.concat_str(pl.lit("01/"), month_read, pl.lit("/"), year).str.strptime(
        pl.Date, "%d/%m/%Y", strict=False
    )
    exact = pl.concat_str(day, pl.lit("/"), month_read, pl.lit("/"), year).str.strptime(
        pl.Date, "%d/%m/%Y", strict=False
    )
    unknown = text == "ZZ/ZZ/ZZZZ"
    parsed = pl.when(unknown).then(None).when(day == "ZZ").then(first.dt.month_end()).otherwise(exact)
    invalid = given("date_perm") & ~unknown.fill_null(value=False) & parsed.is_null()
    return parsed.alias("date_perm_read"), invalid.alias("date_perm_invalid")


def _permanence(ctx: Context) -> pl.LazyFrame:
    return ctx["previous_permanence"].with_columns(*permanence_date())


@rule(
    "630",
    "Information on previous permanence option should be returned.",
    ("episodes", "previous_permanence"),
    ("RNE", "PREV_PERM", "LA_PERM", "DATE_PERM"),
)
def rule_630(ctx: Context) -> pl.LazyFrame:
    # a period of care started this year needs a previous permanence row, and its details unless Z1
    started = ctx["episodes"].filter((pl.col("rne") == "S") & (pl.col("decom") >= ctx.start))
    permanence = ctx["previous_permanence"]
    incomplete = permanence.filter(
        blank("prev_perm") | ((pl.col("prev_perm") != "Z1") & (blank("la_perm") | blank("date_perm")))
    )
    complete = permanence.join(incomplete.select("child"), on="child", how="anti")
    return child_not_in(started, complete)


code_rule(
    "631",
    "Previous permanence option not a valid value.",
    "previous_permanence",
    "PREV_PERM",
    PREVIOUS_PERMANENCE,
)


@rule(
    "632",
    (
        "Date of previous permanence order not a valid value. NOTE: This rule may result in false negatives "
        "where the period of care started before the current collection year"
    ),
    ("previous_permanence", "episodes"),
    ("DATE_PERM", "DECOM"),
)
def rule_632(ctx: Context) -> pl.LazyFrame:
    # an order must come before the child's first episode of this return
    first = ctx["episodes"].filter(given("decom")).group_by("child").agg(pl.col("decom").min())
    joined = _permanence(ctx).join(first, on="child", how="inner")
    return joined.filter(
        pl.col("date_perm_invalid") | (pl.col("date_perm_read") >= pl.col("decom")).fill_null(value=False)
    )


row_rule(
    "633",
    "Local authority code where previous permanence option was arranged is not a valid value.",
    "previous_permanence",
    "LA_PERM",
    not_in("la_perm", LA_CODES),
)


@rule(
    "634",
    (
        "There are entries for previous permanence options, but child has not started to be looked after from"
        " 1 April 2016 onwards."
    ),
    ("previous_permanence", "episodes"),
    ("LA_PERM", "PREV_PERM", "DATE_PERM", "DECOM"),
)
def rule_634(ctx: Context) -> pl.LazyFrame:
    # previous permanence is collected for periods of care begun from 1 April 2016, the DfE's start of the
    # item: the child's latest episode of the return must have begun on or after it
    latest = ctx["episodes"].filter(given("decom")).group_by("child").agg(pl.col("decom").max())
    joined = (
        ctx["previous_permanence"].filter(any_given(PERMANENCE_ITEMS)).join(latest, on="child", how="inner")
    )
    return joined.filter(pl.col("decom") < pl.lit(PERMANENCE_COLLECTED_FROM))


row_rule(
    "635",
    (
        "There are entries for date of order and local authority code where previous permanence option was "
        "arranged but previous permanence code is Z1"
    ),
    "previous_permanence",
    ("PREV_PERM", "LA_PERM", "DATE_PERM"),
    # Z1 (no previous permanence) or no code at all, with the order's details given
    (given("la_perm") | given("date_perm")) & (blank("prev_perm") | is_in("prev_perm", ("Z1",))),
)

row_rule(
    "104",
    "Date for Unaccompanied Asylum-Seeking Children (UASC) status ceased is not a valid date.",
    "uasc",
    "DUC",
    # the DfE also refuses a date before the collection year began
    lambda ctx: pl.col("duc__bad") | (pl.col("duc") < ctx.start).fill_null(value=False),
)
row_rule(
    "304",
    (
        "Date unaccompanied asylum-seeking child (UASC) status ceased must be on or before the 18th "
        "birthday of"
        " a child."
    ),
    "uasc",
    ("DUC", "DOB"),
    pl.col("duc") > birthday("dob", 18),
)
