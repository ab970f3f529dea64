"""The DfE's rules on oc3.csv: care leavers in the year of their 17th to 21st birthday."""

from __future__ import annotations

import polars as pl

from queries.codes import ACTIV, IN_TOUCH
from queries.dfe_rules.common import (
    RESPITE,
    all_blank,
    all_given,
    any_given,
    birthday,
    blank,
    child_in,
    child_not_in,
    given,
    invalid_code,
    is_in,
    last_episodes,
    not_in,
    with_cla,
    with_header,
)
from queries.dfe_rules.model import Context, rule
from queries.dfe_rules.shapes import row_rule

LEAVER = ("in_touch", "activ", "accom")
ADOPTION = ("date_int", "date_match", "foster_care", "nb_adoptr", "sex_adoptr", "ls_adoptr")
# The accommodation letter and 1 (suitable) or 2 (not suitable); S and X only with 2; 0 when not applicable.
ACCOM_CODES = (*(f"{kind}{suitable}" for kind in "BCDEGHKRTUVWYZ" for suitable in "12"), "S2", "X2", "0")
OTHER_TABLES = ("placed_for_adoption", "missing", "reviews", "ad1", "previous_permanence", "oc2")


def _oc3(ctx: Context) -> pl.LazyFrame:
    return ctx["oc3"]


def _leavers(ctx: Context) -> pl.LazyFrame:
    return ctx["oc3"].filter(any_given(LEAVER))


def _episodes_with_last(ctx: Context) -> pl.LazyFrame:
    frames = [ctx["episodes"]]
    if ctx.has_last("episodes"):
        frames.append(ctx.last("episodes"))
    return pl.concat(frames, how="diagonal_relaxed").filter(given("decom"))


def _birthday_this_year(dob: pl.Expr, ctx: Context) -> pl.Expr:
    """The child's last birthday on or before 31 March of the collection year."""
    this_year = dob.dt.offset_by(pl.concat_str(pl.lit(ctx.year) - dob.dt.year(), pl.lit("y")))
    return pl.when(this_year > ctx.end).then(this_year.dt.offset_by("-1y")).otherwise(this_year)


row_rule(
    "131",
    "Data entry for being in touch after leaving care is invalid.",
    "oc3",
    "IN_TOUCH",
    invalid_code("in_touch", IN_TOUCH, required=True),
)


row_rule(
    "132",
    "Data entry for activity after leaving care is invalid.",
    "oc3",
    "ACTIV",
    not_in("activ", ACTIV),
)


row_rule(
    "133",
    (
        "Data entry for accommodation after leaving care is invalid. If reporting on a childs "
        "accommodation after leaving care the data entry must be valid"
    ),
    "oc3",
    "ACCOM",
    not_in("accom", ACCOM_CODES),
)


row_rule(
    "153",
    (
        "All data items relating to a child's activity or accommodation after leaving care must be coded "
        "or left blank."
    ),
    "oc3",
    ("IN_TOUCH", "ACTIV", "ACCOM"),
    ~all_given(LEAVER) & ~all_blank(LEAVER),
)


row_rule(
    "344",
    (
        "The record shows the young person has died or returned home to live with parent(s) or someone "
        "with parental responsibility for a continuous period of 6 months or more, but activity and/or "
        "accommodation on leaving care have been completed."
    ),
    "oc3",
    ("ACTIV", "ACCOM", "IN_TOUCH"),
    is_in("in_touch", ("DIED", "RHOM"))
    & (pl.col("activ").ne_missing(pl.lit("0")) | pl.col("accom").ne_missing(pl.lit("0"))),
)


row_rule(
    "345",
    (
        "The data collection record shows the local authority is in touch with this young person, but "
        "activity and/or accommodation data items are zero."
    ),
    "oc3",
    ("ACTIV", "ACCOM", "IN_TOUCH"),
    (pl.col("in_touch") == "YES")
    & ((pl.col("activ") == "0") | (pl.col("accom") == "0")).fill_null(value=False),
)


row_rule(
    "347",
    "Care leavers aged under 18 years, can not be accommodated in a Foyer.",
    "oc3",
    ("ACCOM", "DOB"),
    lambda ctx: (
        pl.col("accom").str.starts_with("T").fill_null(value=False) & (birthday("dob", 18) > ctx.start)
    ),
    edition=2024,
)


row_rule(
    "391",
    "Young person was not 17, 18, 19, 20 or 21 during the current collection year.",
    "oc3",
    ("DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    lambda ctx: (birthday("dob", 17) > ctx.end) & any_given(LEAVER),
)


@rule(
    "3001",
    (
        "Where care leavers information is being returned for a young person around their 17th birthday, "
        "the accommodation cannot be with their former foster carer(s)."
    ),
    ("oc3", "header"),
    ("ACCOM", "DOB"),
)
def rule_3001(ctx: Context) -> pl.LazyFrame:
    seventeen = birthday("dob_header", 17).is_between(ctx.start, ctx.end)
    return with_header(_oc3(ctx), ctx, "dob").filter(is_in("accom", ("Z1", "Z2")) & seventeen)


@rule(
    "134",
    "Data on adoption should not be entered for the OC3 cohort.",
    ("ad1", "oc3"),
    (
        "DATE_INT",
        "DATE_MATCH",
        "FOSTER_CARE",
        "NB_ADOPTR",
        "SEX_ADOPTR",
        "LS_ADOPTR",
        "IN_TOUCH",
        "ACTIV",
        "ACCOM",
    ),
)
def rule_134(ctx: Context) -> pl.LazyFrame:
    return child_in(ctx["ad1"].filter(any_given(ADOPTION)), _leavers(ctx))


@rule(
    "187",
    (
        "Child cannot be looked after continuously for 12 months at 31 March (OC2) and have any of "
        "adoption or care leavers returns completed."
    ),
    ("oc3", "episodes"),
    ("IN_TOUCH", "ACTIV", "ACCOM"),
    partly="reports the oc3 rows; AD1 rows of the same children are not named",
)
def rule_187(ctx: Context) -> pl.LazyFrame:
    return with_cla(_oc3(ctx), ctx).filter(pl.col("cla") & any_given(LEAVER))


@rule(
    "1000",
    (
        "This child is recorded as having died in care and therefore should not have the care leaver "
        "information completed. [NOTE: This only tests the current and previous year data loaded into the"
        " tool]"
    ),
    ("oc3", "episodes"),
    ("IN_TOUCH", "ACTIV", "ACCOM"),
)
def rule_1000(ctx: Context) -> pl.LazyFrame:
    return child_in(_oc3(ctx), _episodes_with_last(ctx).filter(pl.col("rec") == "E2"))


@rule(
    "1011",
    (
        "This child is recorded as having his/her care transferred to another local authority for the "
        "final episode and therefore should not have the care leaver information completed."
    ),
    ("oc3", "episodes"),
    ("IN_TOUCH", "ACTIV", "ACCOM"),
)
def rule_1011(ctx: Context) -> pl.LazyFrame:
    return child_in(
        _oc3(ctx).filter(any_given(LEAVER)), last_episodes(ctx["episodes"]).filter(pl.col("rec") == "E3")
    )


@rule(
    "1014",
    "UASC information is not required for care leavers",
    ("oc3", "uasc", "episodes"),
    ("IN_TOUCH", "ACTIV", "ACCOM", "DUC"),
    partly="reports the oc3 rows; the DfE also names the uasc rows",
)
def rule_1014(ctx: Context) -> pl.LazyFrame:
    in_year = ctx["episodes"].filter(
        (pl.col("decom") <= ctx.end) & ((pl.col("dec") >= ctx.start) | blank("dec"))
    )
    leavers = child_in(_leavers(ctx), ctx["uasc"])
    return child_not_in(leavers, in_year)


@rule(
    "1007",
    (
        "Care leaver information is not required for 17- or 18-year olds who are still looked after [on "
        "their 17th or 18th birthday.]"
    ),
    ("oc3", "episodes"),
    ("IN_TOUCH", "ACTIV", "ACCOM"),
)
def rule_1007(ctx: Context) -> pl.LazyFrame:
    aged_17_or_18 = (birthday("dob", 17) <= ctx.end) & (birthday("dob", 19) > ctx.end)
    leavers = (
        _leavers(ctx)
        .filter(aged_17_or_18)
        .with_columns(_birthday_this_year(pl.col("dob"), ctx).alias("bday"))
    )
    episodes = ctx["episodes"].select("child", "decom", pl.col("dec").alias("dec_episode"))
    joined = leavers.join(episodes, on="child", how="inner")
    in_care = (pl.col("decom") <= pl.col("bday")) & (
        (pl.col("dec_episode") > pl.col("bday")) | blank("dec_episode")
    )
    return joined.filter(in_care).unique("source_row")


@rule(
    "1016",
    (
        "Care leaver information is not required for 17- or 18-year olds who cease to be looked after, "
        "after their birthday."
    ),
    ("oc3", "episodes"),
    ("IN_TOUCH", "ACTIV", "ACCOM"),
    edition=2024,
)
def rule_1016_2024(ctx: Context) -> pl.LazyFrame:
    seventeen = (birthday("dob", 17) <= ctx.end) & (birthday("dob", 18) > ctx.end)
    eighteen = (birthday("dob", 18) <= ctx.end) & (birthday("dob", 19) > ctx.end)
    episodes = ctx["episodes"].select("child", pl.col("dec").alias("dec_episode"))
    joined = _leavers(ctx).join(episodes, on="child", how="inner")
    ceased_after = (seventeen & (pl.col("dec_episode") >= birthday("dob", 17))) | (
        eighteen & (pl.col("dec_episode") >= birthday("dob", 18))
    )
    return joined.filter(ceased_after).unique("source_row")


@rule(
    "628",
    ("Motherhood details are not required for care leavers who have not been looked after during the year."),
    ("header", "episodes", "oc3"),
    "MOTHER",
)
def rule_628(ctx: Context) -> pl.LazyFrame:
    not_looked_after = child_not_in(ctx["header"], ctx["episodes"])
    return child_in(not_looked_after.filter(given("mother")), _leavers(ctx))


@rule(
    "1012",
    "No other data should be returned for OC3 children who had no episodes in the current year",
    "episodes",
    "CHILD",
    partly="names the other files' rows; the check needs episodes and any of them",
)
def rule_1012(ctx: Context) -> pl.LazyFrame:
    flagged = [
        child_not_in(ctx[table], ctx["episodes"]).select(
            "source_row", "child", pl.lit(f"{table}.csv").alias("file")
        )
        for table in OTHER_TABLES
        if ctx.has(table)
    ]
    if not flagged:
        return ctx["episodes"].select("source_row", "child").clear()
    return pl.concat(flagged)


@rule(
    "1002",
    (
        "This child has no previous episodes of care, therefore should not have care leaver information "
        "recorded. [NOTE: This tool can only test the current and previous year data loaded into the tool"
        " - this check may generate false positives if a child had episodes prior to last year's "
        "collection.]"
    ),
    ("oc3", "episodes"),
    ("IN_TOUCH", "ACTIV", "ACCOM"),
    previous=True,
)
def rule_1002(ctx: Context) -> pl.LazyFrame:
    return child_not_in(child_not_in(_oc3(ctx), ctx["episodes"]), ctx.last("episodes"))


@rule(
    "1010",
    (
        "This child has no episodes loaded for current year even though there was an open episode of care"
        " at the end of the previous year, and care leaver data has been entered."
    ),
    ("oc3", "episodes"),
    ("IN_TOUCH", "ACTIV", "ACCOM"),
    previous=True,
)
def rule_1010(ctx: Context) -> pl.LazyFrame:
    open_last = last_episodes(ctx.last("episodes")).filter(blank("dec"))
    return child_in(child_not_in(_oc3(ctx), ctx["episodes"]), open_last)


@rule(
    "1001",
    (
        "The episodes recorded for this young person suggest they are not a relevant or a former relevant"
        " child and therefore should not have care leaver information completed. [NOTE: This tool can "
        "only test the current and previous year data loaded into the tool - this check may generate "
        "false positives if a child had episodes prior to last year's collection.]"
    ),
    ("oc3", "episodes", "header"),
    ("IN_TOUCH", "ACTIV", "ACCOM"),
    previous=True,
    partly="sees the care of this and the previous year's returns only",
)
def rule_1001(ctx: Context) -> pl.LazyFrame:
    # relevant or former relevant: 13 weeks in care from 14, some after 16, not adopted at the end
    header = ctx["header"].filter(given("dob") & (birthday("dob", 20) > ctx.end)).select("child", "dob")
    episodes = (
        _episodes_with_last(ctx)
        .sort("child", "decom", pl.col("dec").is_null())
        .unique(["child", "decom"], keep="first")
        .sort("child", "decom")
    )
    last_rec = episodes.group_by("child").agg(pl.col("rec").last().alias("last_rec"))
    filled = episodes.with_columns(
        pl.when(blank("dec") & (pl.int_range(pl.len()).over("child") == pl.len().over("child") - 1))
        .then(ctx.end)
        .otherwise(pl.col("dec"))
        .alias("until")
    ).filter(~is_in("ls", RESPITE))
    days_from = {
        age: (pl.col("until") - pl.max_horizontal("decom", birthday("dob", age)))
        .dt.total_days()
        .clip(lower_bound=0)
        for age in (14, 16)
    }
    totals = (
        filled.join(header, on="child", how="inner")
        .group_by("child")
        .agg(days_from[14].sum().alias("from_14"), days_from[16].sum().alias("from_16"))
    )
    leavers = _oc3(ctx).join(totals, on="child", how="left").join(last_rec, on="child", how="left")
    relevant = (pl.col("from_14") >= 91) & (pl.col("from_16") >= 1)
    adopted = is_in("last_rec", ("E11", "E12"))
    in_header = child_in(leavers, header)
    return in_header.filter(adopted | ~relevant.fill_null(value=False))


@rule(
    "348",
    "Care leaver has previously been reported as having died.",
    "oc3",
    "IN_TOUCH",
    previous=True,
    edition=2026,
)
def rule_348_2026(ctx: Context) -> pl.LazyFrame:
    last = ctx.last("oc3").select("child", pl.col("in_touch").alias("in_touch_last"))
    joined = _oc3(ctx).join(last, on="child", how="left")
    return joined.filter((pl.col("in_touch_last") == "DIED") & pl.col("in_touch").ne_missing(pl.lit("DIED")))
