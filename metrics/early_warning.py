"""Early warning: NHS England "Making Data Count" statistical process control over each quarterly series.

For every indicator, breakdown and group, the series of values up to each reporting date gets:
- **limits**: XmR (individuals and moving range) for rates, means, counts and staff percentages:
  mean ± 2.66 × the mean moving range (2.66 = 3 / 1.128, three sigma estimated from the moving range);
  p-chart for percentages of children, whose denominators vary from quarter to quarter:
  p̄ ± 3 √(p̄ (1 − p̄) / nᵢ), with p̄ = Σ numerators / Σ denominators (limits step with each nᵢ);
- the four **special-cause rules** of Making Data Count: a point beyond the limits; a run of 7 points
  on one side of the mean (a shift); 6 consecutive points rising or falling (a trend); 2 of 3
  consecutive points beyond two sigma on the same side (close to a limit);
- a **variation** signal for the latest point: special cause improving or concerning (by the indicator's
  polarity; up or down for context indicators), common cause, or too few points to say;
- an **assurance** signal against the plan target: consistently passing (the target lies outside the limits
  on the side the process never reaches), consistently failing (outside on the other side), or hit and
  miss (the target lies inside the limits, so the process will sometimes meet it and sometimes not);
- **worse and worsening**: off track against the plan and a concerning special cause.

Decisions where the method leaves room:
- Minimum points: Making Data Count asks for 15 or more points (ideally 20) before limits are trusted; this
  plan has three years of quarters (12 points) and the NHS-R implementation of the method warns below 12.
  With fewer than `MIN_POINTS` (12) values no limits are drawn and both signals say "too few points": an
  annual indicator (one point a year) says so for a decade, which is the honest answer.
- Limits are computed over every point up to the reporting date (no frozen baseline period yet: the plan has
  not run long enough to have one).
- A point exactly on the mean breaks a run; equal neighbours break a trend.
- A point that two rules flag in opposite directions (a falling trend above the mean) counts on the side of
  the mean it lies.
- Quarterly indicators are rolling 12-month figures: consecutive quarters share nine months, so points are
  not independent; runs and trends come more easily than for independent points and the moving range is
  smaller. Signals are an early warning to look at, not a verdict.
- Lower limits of counts, rates and means are clipped at 0 (none of them can be negative); p-chart limits
  to 0-100%.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

import polars as pl

from metrics.catalogue import Indicator

MIN_POINTS = 12
SHIFT_RUN = 7
TREND_RUN = 6
XMR_SCALE = 2.66  # 3 / d2, d2 = 1.128 for moving ranges of two points
SIGMA_NEAR = 2.0  # "close to the limit": beyond two of the three sigma
NEAR_OF_LIMIT = SIGMA_NEAR / 3.0


class Chart(StrEnum):
    XMR = "xmr"
    P = "p"


class Variation(StrEnum):
    IMPROVING = "special_cause_improving"
    CONCERNING = "special_cause_concerning"
    HIGHER = "special_cause_higher"  # context indicators: unusual, neither good nor bad in itself
    LOWER = "special_cause_lower"
    COMMON = "common_cause"
    TOO_FEW = "too_few_points"


class Assurance(StrEnum):
    PASSING = "consistently_passing"
    HIT_AND_MISS = "hit_and_miss"
    FAILING = "consistently_failing"
    NO_TARGET = "no_target"
    TOO_FEW = "too_few_points"


VARIATION_WORDS = {
    Variation.IMPROVING: "Special cause: improving",
    Variation.CONCERNING: "Special cause: concerning",
    Variation.HIGHER: "Special cause: unusually high",
    Variation.LOWER: "Special cause: unusually low",
    Variation.COMMON: "Common cause: no unusual change",
    Variation.TOO_FEW: f"Too few figures yet to judge variation ({MIN_POINTS} in a row are needed)",
}
# Text symbols so that a signal never rests on colour alone.
VARIATION_SYMBOLS = {
    Variation.IMPROVING: "▲",
    Variation.CONCERNING: "▼",
    Variation.HIGHER: "↑",
    Variation.LOWER: "↓",
    Variation.COMMON: "~",
    Variation.TOO_FEW: "…",
}
ASSURANCE_WORDS = {
    Assurance.PASSING: "Consistently passing the target",
    Assurance.HIT_AND_MISS: "Hit and miss: the target is inside the limits",
    Assurance.FAILING: "Consistently failing the target",
    Assurance.NO_TARGET: "No target to assure against",
    Assurance.TOO_FEW: f"Too few figures yet to judge the target ({MIN_POINTS} in a row are needed)",
}
ASSURANCE_SYMBOLS = {
    Assurance.PASSING: "P",
    Assurance.HIT_AND_MISS: "?",
    Assurance.FAILING: "F",
    Assurance.NO_TARGET: "–",
    Assurance.TOO_FEW: "…",
}
RULES = ("beyond_limits", "shift", "trend", "two_of_three")
RULE_WORDS = {
    "beyond_limits": "a point beyond the limits",
    "shift": f"a run of {SHIFT_RUN} points on one side of the mean",
    "trend": f"{TREND_RUN} points in a row rising or falling",
    "two_of_three": "2 of 3 points close to a limit",
}

KEY = ("indicator", "breakdown", "group")
SIGNAL_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "indicator": pl.String, "breakdown": pl.String, "group": pl.String, "period_end": pl.Date,
    "chart": pl.String, "points": pl.Int64, "mean": pl.Float64, "lower": pl.Float64, "upper": pl.Float64,
    "lower_near": pl.Float64, "upper_near": pl.Float64, "rules": pl.List(pl.String),
    "variation": pl.String, "assurance": pl.String, "worse_and_worsening": pl.Boolean,
}  # fmt: skip
POINT_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "period_end": pl.Date, "value": pl.Float64, "mean": pl.Float64, "lower": pl.Float64,
    "upper": pl.Float64, "lower_near": pl.Float64, "upper_near": pl.Float64, "rules": pl.List(pl.String),
    "side": pl.String,
}  # fmt: skip


@dataclass(frozen=True)
class Limits:
    mean: float
    lower: list[float]
    upper: list[float]
    lower_near: list[float]
    upper_near: list[float]


@dataclass(frozen=True)
class Assessment:
    """A series judged as a whole: its limits, and per point the rules that flag it and on which side."""

    values: list[float]
    limits: Limits | None
    rules: list[list[str]]
    sides: list[str | None]  # "high", "low" or None for each point

    @property
    def latest_side(self) -> str | None:
        return self.sides[-1] if self.sides else None


def chart_for(entry: Indicator) -> Chart:
    """p-chart for a percentage of children (binomial counts with varying n); XmR for everything else.

    Staff percentages (workforce) divide FTEs, which are not counts of independent units, so they use XmR.
    """
    return Chart.P if entry.unit == "percent" and entry.counts_children else Chart.XMR


def xmr_limits(values: Sequence[float]) -> Limits:
    """Mean ± 2.66 × mean moving range (and the two-sigma lines at two thirds of that distance)."""
    mean = sum(values) / len(values)
    ranges = [abs(b - a) for a, b in itertools.pairwise(values)]
    spread = XMR_SCALE * (sum(ranges) / len(ranges) if ranges else 0.0)
    n = len(values)
    return Limits(
        mean=mean,
        lower=[max(0.0, mean - spread)] * n,
        upper=[mean + spread] * n,
        lower_near=[max(0.0, mean - NEAR_OF_LIMIT * spread)] * n,
        upper_near=[mean + NEAR_OF_LIMIT * spread] * n,
    )


def p_limits(numerators: Sequence[float], denominators: Sequence[float], scale: float = 100.0) -> Limits:
    """p̄ ± 3 √(p̄(1 − p̄)/nᵢ) for each point, p̄ pooled over all points; in percent (``scale``)."""
    p_bar = sum(numerators) / sum(denominators)
    sigmas = [math.sqrt(p_bar * (1.0 - p_bar) / n) for n in denominators]

    def clipped(p: float) -> float:
        return min(1.0, max(0.0, p)) * scale

    return Limits(
        mean=p_bar * scale,
        lower=[clipped(p_bar - 3 * s) for s in sigmas],
        upper=[clipped(p_bar + 3 * s) for s in sigmas],
        lower_near=[clipped(p_bar - SIGMA_NEAR * s) for s in sigmas],
        upper_near=[clipped(p_bar + SIGMA_NEAR * s) for s in sigmas],
    )


def _mark(flags: list[dict[str, set[str]]], indices: range, side: str, rule: str) -> None:
    for i in indices:
        flags[i].setdefault(rule, set()).add(side)


def _flag_runs(
    sides: Sequence[str | None], length: int, rule: str, flags: list[dict[str, set[str]]], *, back: int = 0
) -> None:
    """Flag each run of at least ``length`` consecutive equal sides (None breaks a run), and ``back`` points
    before it."""
    i = 0
    while i < len(sides):
        side = sides[i]
        if side is None:
            i += 1
            continue
        j = i
        while j + 1 < len(sides) and sides[j + 1] == side:
            j += 1
        if j - i + 1 >= length:
            _mark(flags, range(i - back, j + 1), side, rule)
        i = j + 1


def assess(values: Sequence[float], limits: Limits) -> Assessment:
    """Apply the four rules to ``values`` against ``limits``."""
    n = len(values)
    flags: list[dict[str, set[str]]] = [{} for _ in range(n)]
    mean = limits.mean
    for i, value in enumerate(values):
        if value > limits.upper[i]:
            _mark(flags, range(i, i + 1), "high", "beyond_limits")
        elif value < limits.lower[i]:
            _mark(flags, range(i, i + 1), "low", "beyond_limits")

    above_or_below = ["high" if v > mean else ("low" if v < mean else None) for v in values]
    _flag_runs(above_or_below, SHIFT_RUN, "shift", flags)
    # A trend of 6 points is 5 steps the same way; the point the first step starts from is part of it.
    steps = [None] + ["high" if b > a else ("low" if b < a else None) for a, b in itertools.pairwise(values)]
    _flag_runs(steps, TREND_RUN - 1, "trend", flags, back=1)
    for i in range(2, n):
        window = range(i - 2, i + 1)
        for side, beyond in (
            ("high", [j for j in window if values[j] > limits.upper_near[j]]),
            ("low", [j for j in window if values[j] < limits.lower_near[j]]),
        ):
            if len(beyond) >= 2:
                for j in beyond:
                    flags[j].setdefault("two_of_three", set()).add(side)

    rules = [[rule for rule in RULES if rule in point] for point in flags]
    sides: list[str | None] = []
    for i, point in enumerate(flags):
        found = set().union(*point.values()) if point else set()
        if len(found) == 1:
            sides.append(next(iter(found)))
        elif found:
            sides.append(above_or_below[i])
        else:
            sides.append(None)
    return Assessment(list(values), limits, rules, sides)


def _limits_for(
    chart: Chart, values: list[float], numerators: list[float], denominators: list[float]
) -> Limits:
    if chart is Chart.P and all(d and d > 0 for d in denominators) and sum(denominators) > 0:
        return p_limits(numerators, denominators)
    return xmr_limits(values)


def variation_signal(side: str | None, polarity: str, points: int) -> Variation:
    if points < MIN_POINTS:
        return Variation.TOO_FEW
    if side is None:
        return Variation.COMMON
    if polarity == "context":
        return Variation.HIGHER if side == "high" else Variation.LOWER
    improving = (side == "high") == (polarity == "higher")
    return Variation.IMPROVING if improving else Variation.CONCERNING


def assurance_signal(
    target: float | None, lower: float, upper: float, polarity: str, points: int
) -> Assurance:
    """Where the target lies against the latest limits: outside them the process reliably passes or fails."""
    if target is None or polarity not in ("higher", "lower"):
        return Assurance.NO_TARGET
    if points < MIN_POINTS:
        return Assurance.TOO_FEW
    if polarity == "higher":
        if target <= lower:
            return Assurance.PASSING
        if target > upper:
            return Assurance.FAILING
    else:
        if target >= upper:
            return Assurance.PASSING
        if target < lower:
            return Assurance.FAILING
    return Assurance.HIT_AND_MISS


def _series_points(rows: pl.DataFrame) -> tuple[list[date], list[float], list[float], list[float]]:
    shown = rows.filter(pl.col("value").is_not_null()).sort("period_end")
    return (
        shown.get_column("period_end").to_list(),
        [float(v) for v in shown.get_column("value").to_list()],
        [float(v or 0.0) for v in shown.get_column("numerator").to_list()],
        [float(v or 0.0) for v in shown.get_column("denominator").to_list()],
    )


def control_chart(rows: pl.DataFrame, entry: Indicator) -> pl.DataFrame:
    """One series' points (columns `POINT_SCHEMA`) with their limits and the rules flagging each, as judged
    over the whole of ``rows`` (a chart at the reporting date passes the rows up to it).

    Fewer than `MIN_POINTS` values: the points without limits or flags.
    """
    days, values, numerators, denominators = _series_points(rows)
    n = len(values)
    if n < MIN_POINTS:
        none = [None] * n
        return pl.DataFrame(
            {
                "period_end": days, "value": values, "mean": none, "lower": none, "upper": none,
                "lower_near": none, "upper_near": none, "rules": [[] for _ in days], "side": none,
            },
            schema=POINT_SCHEMA,
        )  # fmt: skip
    limits = _limits_for(chart_for(entry), values, numerators, denominators)
    judged = assess(values, limits)
    return pl.DataFrame(
        {
            "period_end": days, "value": values, "mean": [limits.mean] * n, "lower": limits.lower,
            "upper": limits.upper, "lower_near": limits.lower_near, "upper_near": limits.upper_near,
            "rules": judged.rules, "side": judged.sides,
        },
        schema=POINT_SCHEMA,
    )  # fmt: skip


def _signals_for_series(rows: pl.DataFrame, entry: Indicator) -> list[dict[str, Any]]:
    """The signals as they stood at each reporting date of one series (each judged on the points up to it)."""
    days, values, numerators, denominators = _series_points(rows)
    targets = dict(rows.select("period_end", "target").iter_rows())
    statuses = dict(rows.select("period_end", "status").iter_rows())
    chart = chart_for(entry)
    result = []
    for end in range(1, len(values) + 1):
        points = end
        base = {
            "indicator": entry.id, "chart": str(chart), "points": points, "period_end": days[end - 1],
            "mean": None, "lower": None, "upper": None, "lower_near": None, "upper_near": None, "rules": [],
        }  # fmt: skip
        target = targets.get(days[end - 1])
        if points < MIN_POINTS:
            variation = Variation.TOO_FEW
            assurance = assurance_signal(target, 0.0, 0.0, entry.polarity, points)
        else:
            limits = _limits_for(chart, values[:end], numerators[:end], denominators[:end])
            judged = assess(values[:end], limits)
            base.update(
                mean=limits.mean, lower=limits.lower[-1], upper=limits.upper[-1],
                lower_near=limits.lower_near[-1], upper_near=limits.upper_near[-1], rules=judged.rules[-1],
            )  # fmt: skip
            variation = variation_signal(judged.latest_side, entry.polarity, points)
            assurance = assurance_signal(target, limits.lower[-1], limits.upper[-1], entry.polarity, points)
        base.update(
            variation=str(variation),
            assurance=str(assurance),
            worse_and_worsening=statuses.get(days[end - 1]) == "off_track"
            and variation is Variation.CONCERNING,
        )
        result.append(base)
    return result


def early_warning_frame(trend: pl.DataFrame, entries: Mapping[str, Indicator]) -> pl.DataFrame:
    """Signals for every indicator, breakdown and group at every reporting date of ``trend``.

    ``trend``: `metrics.report.trend_frame` rows (REPORT_COLUMNS), unsuppressed (a staff role's): signals
    are worked out on the true figures. Returns one row per series and reporting date with a value, columns
    `SIGNAL_SCHEMA`: the chart used, how many points it rests on, the latest point's mean and limits, the
    rules flagging the latest point, the variation and assurance signals, and ``worse_and_worsening``.
    """
    records: list[dict[str, Any]] = []
    for key, rows in trend.group_by(KEY, maintain_order=True):
        indicator_id, breakdown, group = key
        entry = entries.get(str(indicator_id))
        if entry is None:
            continue
        for record in _signals_for_series(rows, entry):
            records.append({**record, "breakdown": breakdown, "group": group})
    return pl.DataFrame(records, schema=SIGNAL_SCHEMA) if records else pl.DataFrame(schema=SIGNAL_SCHEMA)


def variation_label(variation: str | None) -> str:
    """``"▼ Special cause: concerning"``: symbol and words together."""
    key = Variation(variation or Variation.TOO_FEW)
    return f"{VARIATION_SYMBOLS[key]} {VARIATION_WORDS[key]}"


def assurance_label(assurance: str | None) -> str:
    key = Assurance(assurance or Assurance.NO_TARGET)
    return f"{ASSURANCE_SYMBOLS[key]} {ASSURANCE_WORDS[key]}"
