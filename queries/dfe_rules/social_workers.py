"""The DfE's rules on sw_episodes.csv (social worker episodes, collected from 2023/24).

A child's social worker episodes run one after another: each has its social worker (SW_ID, beginning SW or
XX), a start (SW_DECOM), an end (SW_DEC, blank while it goes on) and the reason the social worker changed
(SW_REASON). The rules read them in order of SW_DECOM per child.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from queries.dfe_rules.common import RESPITE, any_blank, blank, child_in, child_not_in, given, is_in, not_in
from queries.dfe_rules.model import Context, rule
from queries.dfe_rules.shapes import date_rule, row_rule

SW_REASON = (
    "MANAGE",
    "FCONTA",
    "LEFTRL",
    "ORGRST",
    "TSPROC",
    "ABSENC",
    "CHCHAN",
    "PCCHAN",
    "SWDIED",
    "OTHERS",
)
SW_ITEMS = ("sw_id", "sw_decom", "sw_reason")
REASON_COLLECTED_FROM = date(2023, 4, 1)  # SW_REASON is required for episodes begun from 1 April 2023


def _ordered(ctx: Context) -> pl.LazyFrame:
    """The social worker episodes in order per child, with the previous and next episode's dates."""
    episodes = ctx["sw_episodes"].sort("child", "sw_decom", "sw_dec", "source_row", nulls_last=True)
    return episodes.with_columns(
        pl.col("sw_dec").shift(1).over("child").alias("prev_sw_dec"),
        pl.col("sw_decom").shift(-1).over("child").alias("next_sw_decom"),
        (pl.int_range(pl.len()).over("child") > 0).alias("has_previous"),
        (pl.int_range(pl.len()).over("child") < pl.len().over("child") - 1).alias("has_next"),
        (pl.int_range(pl.len()).over("child") == pl.len().over("child") - 1).alias("is_last"),
    )


def _within(name: str, other: str, days: int) -> pl.Expr:
    """``name`` is within ``days`` days either side of ``other``."""
    return pl.col(name).is_between(
        pl.col(other).dt.offset_by(f"-{days}d"), pl.col(other).dt.offset_by(f"{days}d")
    )


@rule(
    "SW01STG1",
    "Child looked after on 31 March, but no social worker episode information is reported",
    ("episodes", "sw_episodes"),
    ("DEC", "SW_ID", "SW_DECOM", "SW_REASON"),
    edition=2024,
)
def rule_sw01stg1_2024(ctx: Context) -> pl.LazyFrame:
    # looked after at 31 March: an open episode, not respite; needs some SW_ID, SW_DECOM and SW_REASON
    looked_after = ctx["episodes"].filter(blank("dec") & ~is_in("ls", RESPITE))
    items = ctx["sw_episodes"].group_by("child").agg(*(given(name).any().alias(name) for name in SW_ITEMS))
    reported = items.filter(pl.all_horizontal(SW_ITEMS))
    return child_not_in(looked_after, reported)


row_rule(
    "SW01aSTG1",
    "For each social worker episode, information should be complete",
    "sw_episodes",
    ("SW_DECOM", "SW_ID"),
    blank("sw_decom") | ((pl.col("sw_decom") < pl.lit(REASON_COLLECTED_FROM)) & blank("sw_id")),
    edition=2025,
)
row_rule(
    "SW01bSTG1",
    "For each social worker episode, information should be complete",
    "sw_episodes",
    ("SW_DECOM", "SW_ID", "SW_REASON"),
    blank("sw_decom")
    | ((pl.col("sw_decom") >= pl.lit(REASON_COLLECTED_FROM)) & any_blank(("sw_id", "sw_reason"))),
    edition=2025,
)
row_rule(
    "SW02STG1",
    "Social worker ID does not begin with the characters ‘SW’ or ‘XX’.",
    "sw_episodes",
    "SW_ID",
    given("sw_id") & ~pl.col("sw_id").str.slice(0, 2).is_in(["SW", "XX"]),
    edition=2024,
)
row_rule(
    "SW03STG1",
    "For each social worker episode, information should be complete.",
    "sw_episodes",
    ("SW_ID", "SW_DECOM", "SW_REASON"),
    any_blank(SW_ITEMS),
    edition=2024,
)
date_rule(
    "SW04STG1",
    "Date social worker episode began is not a valid date.",
    "sw_episodes",
    "SW_DECOM",
    edition=2024,
)
date_rule(
    "SW05STG1", "Date social worker episode ended is not a valid date.", "sw_episodes", "SW_DEC", edition=2024
)
row_rule(
    "SW06STG2",
    "Social worker episode data should be within the social worker data reporting year.",
    "sw_episodes",
    "SW_DECOM",
    lambda ctx: pl.col("sw_decom") > ctx.end,
    edition=2024,
)
_SW07 = (
    "Social worker episode end date should be on or after the start of the social worker reporting "
    "period, and "
    "should be on or before the collection end date."
)
row_rule(
    "SW07STG2",
    _SW07,
    "sw_episodes",
    "SW_DEC",
    lambda ctx: (pl.col("sw_dec") < ctx.start) | (pl.col("sw_dec") > ctx.end),
    edition=2024,
)
row_rule(
    "SW07STG2",
    _SW07,
    "sw_episodes",
    "SW_DEC",
    # from 2024/25 the reporting period reaches back a year before the collection year
    lambda ctx: (pl.col("sw_dec") < ctx.start.dt.offset_by("-1y")) | (pl.col("sw_dec") > ctx.end),
    edition=2025,
)


def open_before_the_last(code: str, message: str) -> None:
    """Declare the rule: an episode other than the child's latest has no end (SW08STG2, SW14STG2)."""

    def check(ctx: Context) -> pl.LazyFrame:
        return _ordered(ctx).filter(given("sw_decom") & ~pl.col("is_last") & blank("sw_dec"))

    rule(code, message, "sw_episodes", "SW_DEC", edition=2024)(check)


open_before_the_last(
    "SW08STG2", "A new social worker episode has started, but the previous episode has not ended."
)
open_before_the_last("SW14STG2", "Social worker episode date ceased is blank.")

row_rule(
    "SW09STG2",
    "Social worker episode appears to have lasted for less than 24 hours.",
    "sw_episodes",
    ("SW_DECOM", "SW_DEC"),
    pl.col("sw_dec") == pl.col("sw_decom"),
    edition=2024,
)


def starts_where_the_last_ended(code: str, edition: int, *, unless_fconta: bool) -> None:
    """Declare an edition of SW10STG2: an episode starts more than 7 days before or after the previous one
    ended (from 2024/25 not when the change is a foster carer's contact, FCONTA)."""

    def check(ctx: Context) -> pl.LazyFrame:
        ordered = _ordered(ctx).filter(pl.col("has_previous") & given("prev_sw_dec"))
        exempt = (
            (pl.col("sw_reason") == "FCONTA").fill_null(value=False) if unless_fconta else pl.lit(value=False)
        )
        return ordered.filter(~_within("sw_decom", "prev_sw_dec", 7).fill_null(value=False) & ~exempt)

    message = (
        "A new social worker episode has started before the end date of the previous social worker episode."
    )
    rule(code, message, "sw_episodes", "SW_DECOM", edition=edition)(check)


starts_where_the_last_ended("SW10STG2", 2024, unless_fconta=False)
starts_where_the_last_ended("SW10STG2", 2025, unless_fconta=True)

_SW11 = (
    "Social worker episode has ended before 31 March and no subsequent social worker episode has been "
    "provided."
)


@rule("SW11aSTG2", _SW11, "sw_episodes", "SW_DEC", edition=2024)
def rule_sw11a_2024(ctx: Context) -> pl.LazyFrame:
    # ended more than 5 days before 31 March and followed by an episode that does not start within 5 days of
    # the end (a child's last episode ends when the child leaves care: nothing need follow it)
    ended_early = pl.col("sw_dec") <= ctx.end.dt.offset_by("-5d")
    followed = _within("next_sw_decom", "sw_dec", 5).fill_null(value=False)
    return _ordered(ctx).filter(ended_early & pl.col("has_next") & ~followed)


@rule("SW11bSTG2", _SW11, "sw_episodes", "SW_DEC", edition=2024)
def rule_sw11b_2024(ctx: Context) -> pl.LazyFrame:
    # the child's latest episode ended in the last 5 days of the year, and none follows it
    return _ordered(ctx).filter(
        pl.col("is_last") & pl.col("sw_dec").is_between(ctx.end.dt.offset_by("-5d"), ctx.end)
    )


row_rule(
    "SW13STG1",
    "The reason for social worker change is either not valid or has not been entered.",
    "sw_episodes",
    "SW_REASON",
    blank("sw_reason") | not_in("sw_reason", SW_REASON),
    edition=2024,
)
row_rule(
    "SW13STG1",
    "The reason for social worker change is not valid.",
    "sw_episodes",
    "SW_REASON",
    not_in("sw_reason", SW_REASON)
    | (blank("sw_reason") & (pl.col("sw_decom") >= pl.lit(REASON_COLLECTED_FROM))),
    edition=2025,
)


@rule(
    "SW17STG2",
    "There is no social worker episode open at 31 March",
    ("sw_episodes", "episodes"),
    ("SW_DEC", "SW_DECOM"),
    edition=2026,
)
def rule_sw17_2026(ctx: Context) -> pl.LazyFrame:
    # of the children looked after at 31 March (an open episode, not respite): a child who left care during
    # the year has rightly no social worker episode open
    looked_after = ctx["episodes"].filter(blank("dec") & ~is_in("ls", RESPITE))
    return child_in(_ordered(ctx).filter(pl.col("is_last") & given("sw_dec")), looked_after)
