"""Polars pieces the DfE rules share: code tests, ages, joins with header, episode order, care status."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from queries.dfe_rules.model import Context
from queries.dfe_rules.prepare import BAD

TEMPORARY_PLACES = ("T0", "T1", "T2", "T3", "T4")
RESPITE = ("V3", "V4")


def col(name: str) -> pl.Expr:
    return pl.col(name)


def given(name: str) -> pl.Expr:
    return pl.col(name).is_not_null()


def blank(name: str) -> pl.Expr:
    return pl.col(name).is_null()


def any_given(names: Iterable[str]) -> pl.Expr:
    return pl.any_horizontal([given(name) for name in names])


def all_given(names: Iterable[str]) -> pl.Expr:
    return pl.all_horizontal([given(name) for name in names])


def any_blank(names: Iterable[str]) -> pl.Expr:
    return pl.any_horizontal([blank(name) for name in names])


def all_blank(names: Iterable[str]) -> pl.Expr:
    return pl.all_horizontal([blank(name) for name in names])


def is_in(name: str, codes: Iterable[str]) -> pl.Expr:
    """The value is one of ``codes`` (null is not)."""
    return pl.col(name).is_in(list(codes)).fill_null(value=False)


def not_in(name: str, codes: Iterable[str]) -> pl.Expr:
    """A value is given and is not one of ``codes``."""
    return given(name) & ~pl.col(name).is_in(list(codes)).fill_null(value=False)


def invalid_code(name: str, codes: Iterable[str], *, required: bool = False) -> pl.Expr:
    return (blank(name) | not_in(name, codes)) if required else not_in(name, codes)


def invalid_date(name: str, *, required: bool = False) -> pl.Expr:
    """Text given that is not a date; with ``required``, an empty date too."""
    return pl.col(name + BAD) | (blank(name) if required else pl.lit(value=False))


def birthday(name: str, years: int) -> pl.Expr:
    """The date ``years`` after the date in ``name`` (29 February gives 28 February)."""
    return pl.col(name).dt.offset_by(f"{years}y")


def days_between(first: str, then: str) -> pl.Expr:
    return (pl.col(then) - pl.col(first)).dt.total_days()


def is_male() -> pl.Expr:
    # SEX is 1/2 up to 2023/24 and M/F/U after: a rule about sex reads either list.
    return is_in("sex", ("1", "M"))


def is_female() -> pl.Expr:
    return is_in("sex", ("2", "F"))


def with_header(frame: pl.LazyFrame, ctx: Context, *columns: str, suffix: str = "_header") -> pl.LazyFrame:
    """``frame`` with the child's ``columns`` of header (renamed with ``suffix`` when they clash)."""
    header = ctx["header"].select("child", *columns).unique("child", keep="first")
    existing = frame.collect_schema().names()
    renames = {name: name + suffix for name in columns if name in existing}
    return frame.join(header.rename(renames), on="child", how="left")


def children(frame: pl.LazyFrame) -> pl.LazyFrame:
    return frame.select("child").unique()


def child_in(frame: pl.LazyFrame, others: pl.LazyFrame) -> pl.LazyFrame:
    return frame.join(children(others), on="child", how="semi")


def child_not_in(frame: pl.LazyFrame, others: pl.LazyFrame) -> pl.LazyFrame:
    return frame.join(children(others), on="child", how="anti")


def episode_order(episodes: pl.LazyFrame, *columns: str) -> pl.LazyFrame:
    """Episodes in order of DECOM per child, with ``prev_<c>`` and ``next_<c>`` for each of ``columns``."""
    ordered = episodes.filter(given("decom")).sort("child", "decom", "source_row")
    return ordered.with_columns(
        *(pl.col(name).shift(1).over("child").alias(f"prev_{name}") for name in columns),
        *(pl.col(name).shift(-1).over("child").alias(f"next_{name}") for name in columns),
        (pl.int_range(pl.len()).over("child") == 0).alias("is_first"),
        (pl.int_range(pl.len()).over("child") == pl.len().over("child") - 1).alias("is_last"),
    )


def first_episodes(episodes: pl.LazyFrame) -> pl.LazyFrame:
    return episodes.filter(given("decom")).sort("decom", "source_row").unique("child", keep="first")


def last_episodes(episodes: pl.LazyFrame) -> pl.LazyFrame:
    return episodes.filter(given("decom")).sort("decom", "source_row").unique("child", keep="last")


def in_year(ctx: Context, name: str) -> pl.Expr:
    return pl.col(name).is_between(ctx.start, ctx.end)


def continuously_looked_after(ctx: Context) -> pl.LazyFrame:
    """Children looked after for the whole collection year: ``child`` and a Boolean ``cla``.

    The DfE's definition (SSDA903 validation rules): in care during the year and no episode that starts a
    period of care after 1 April (RNE S), ends one before 31 March (REC other than X1), or is respite (V3/V4).
    """
    episodes = ctx["episodes"]
    during = (pl.col("decom") <= ctx.end) & ((pl.col("dec") >= ctx.start) | blank("dec"))
    enters = (pl.col("rne") == "S") & (pl.col("decom") > ctx.start) & (pl.col("decom") <= ctx.end)
    leaves = (pl.col("rec") != "X1") & (pl.col("dec") >= ctx.start) & (pl.col("dec") < ctx.end)
    respite = is_in("ls", RESPITE) & during
    return episodes.group_by("child").agg(
        (
            during.fill_null(value=False).any() & ~(enters | leaves | respite).fill_null(value=False).any()
        ).alias("cla")
    )


def with_cla(frame: pl.LazyFrame, ctx: Context) -> pl.LazyFrame:
    """``frame`` with ``cla``: the child was looked after continuously all year (False without episodes)."""
    return frame.join(continuously_looked_after(ctx), on="child", how="left").with_columns(
        pl.col("cla").fill_null(value=False)
    )


def with_last(frame: pl.LazyFrame, ctx: Context, table: str, *columns: str) -> pl.LazyFrame:
    """Rows of ``frame`` whose child is in last year's ``table``, with its ``columns`` as ``<c>_last``."""
    last = ctx.last(table).select("child", *columns).unique("child", keep="first")
    return frame.join(last.rename({name: name + "_last" for name in columns}), on="child", how="inner")


def differs(name: str, other: str) -> pl.Expr:
    """The two values differ, a blank differing from a value (two blanks do not)."""
    return pl.col(name).ne_missing(pl.col(other))


def sex_letter(name: str) -> pl.Expr:
    # the DfE's 2024/25 list replaced 1 and 2 with M and F: the same child keeps the same sex
    return pl.col(name).replace({"1": "M", "2": "F"})


def periods_of_care(ctx: Context) -> pl.LazyFrame:
    """Each child's periods of care: ``child``, ``period_start`` and ``period_end`` (null while open).

    A period is an unbroken run of episodes: the next starts on the day the previous ended.
    """
    episodes = ctx["episodes"].filter(given("decom")).sort("child", "decom", "source_row")
    starts_new = (pl.col("decom") > pl.col("dec").shift(1).over("child")).fill_null(value=True)
    numbered = episodes.with_columns(starts_new.cast(pl.Int32).cum_sum().over("child").alias("period"))
    return numbered.group_by("child", "period").agg(
        pl.col("decom").min().alias("period_start"),
        pl.col("dec").last().alias("period_end"),
    )


def in_files(column: str, *parts: tuple[pl.LazyFrame, str]) -> pl.LazyFrame:
    """Flagged rows of several files as one frame (``source_row``, ``child``, ``file``, ``column`` as text),
    for a rule the DfE reports in each of the files it reads."""
    selected = []
    for frame, table in parts:
        names = frame.collect_schema().names()
        value = pl.col(column).cast(pl.String) if column in names else pl.lit(None, pl.String)
        selected.append(
            frame.select("source_row", "child", pl.lit(f"{table}.csv").alias("file"), value.alias(column))
        )
    return pl.concat(selected)
