"""Early warning per service: a service is "at risk" when any rule below holds, with every reason in words.

The rules and their thresholds are data, in `RULES` and nowhere else; each rule is one function of the
service measures (`metrics.services`) at the reporting date D and has its own test. The issue's words:
inspection graded requires improvement or inadequate, or down a grade since the last; occupancy above
capacity, or below half for two quarters (a provider's finances); a special-cause concerning signal in
unplanned endings or missing incidents; the contract ending within six months; the cost per week rising by
more than a tenth in a year.

The special-cause test (`special_cause_concerning`) is the indicators' early warning (`metrics.early_warning`,
NHS England's Making Data Count) applied to a service's quarterly series of 12-month values: p-chart limits
(p̄ ± 3√(p̄(1-p̄)/n)) for unplanned endings, XmR limits (mean ± 2.66 × mean moving range) for missing incidents
per child; concerning when a special-cause rule (a point beyond the limits, a run of 7 on one side of the
mean, 6 rising or falling, 2 of 3 close to a limit) flags the latest point on the worse side.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from metrics.data import CareData
from metrics.early_warning import (
    MIN_POINTS,
    RULE_WORDS,
    Variation,
    assess,
    p_limits,
    variation_signal,
    xmr_limits,
)
from metrics.periods import latest_quarter_end, minus_months, minus_years
from metrics.plain_english import long_date
from metrics.services import (
    GRADE_LABELS,
    GRADE_ORDER,
    MEASURES,
    ServiceMeasure,
    counts_on,
    latest_grades,
    service_series,
    weekly_cost_on,
)


@dataclass(frozen=True)
class WarningRule:
    """One reason a service can be at risk, with the threshold it uses."""

    id: str
    title: str
    threshold: float | None
    description: str


RULES: dict[str, WarningRule] = {
    rule.id: rule
    for rule in (
        WarningRule(
            "inspection_poor",
            "Inspection graded requires improvement or inadequate",
            None,
            "The latest inspection on or before D graded the service requires improvement or inadequate.",
        ),
        WarningRule(
            "inspection_down",
            "Inspection down a grade",
            None,
            "The latest inspection graded the service lower than the inspection before it.",
        ),
        WarningRule(
            "over_capacity",
            "Occupancy above capacity",
            1.0,
            "More children placed at D than the service has places.",
        ),
        WarningRule(
            "under_occupied",
            "Occupancy below half for two quarters",
            0.5,
            "Occupancy below this share of places at D and at the quarter end before it: a provider's "
            "finances are at risk when its places stand empty.",
        ),
        WarningRule(
            "unplanned_endings_signal",
            "Unplanned endings: special cause, concerning",
            None,
            "The quarterly series of unplanned endings (12 months to each quarter end) shows a special-cause "
            "concerning signal at D.",
        ),
        WarningRule(
            "missing_signal",
            "Missing incidents: special cause, concerning",
            None,
            "The quarterly series of missing incidents per child placed shows a special-cause concerning "
            "signal at D.",
        ),
        WarningRule(
            "contract_ending",
            "Contract ending within six months",
            6,
            "CONTRACT_END falls within this many months after D (or has passed while children are placed).",
        ),
        WarningRule(
            "cost_rising",
            "Cost per week up by more than a tenth in a year",
            0.10,
            "The weekly cost in force at D is more than this share above the one in force a year before.",
        ),
    )
}

REASON_SCHEMA = {"service_id": pl.String, "rule": pl.String, "reason": pl.String}


def _children(count: int) -> str:
    return f"{count:,} {'child' if count == 1 else 'children'}"


def _threshold(rule: str) -> float:
    threshold = RULES[rule].threshold
    assert threshold is not None, f"{rule} has a threshold"
    return threshold


def _money(value: float) -> str:
    return f"£{value:,.0f}"


# --- the special-cause test ------------------------------------------------------------------------------


def special_cause_concerning(
    numerators: Sequence[float | None],
    denominators: Sequence[float | None],
    *,
    percent: bool,
    higher_is_worse: bool = True,
) -> str | None:
    """The concerning special-cause signal at the last point of a series, in words, or None.

    The method of the indicators' early warning (`metrics.early_warning`, Making Data Count): p-chart limits
    for a percentage, XmR limits for anything else, the four special-cause rules, and a signal only when the
    latest point is flagged on the worse side. Points with no denominator are left out; fewer than
    `MIN_POINTS` points give no signal.
    """
    points = [
        (float(n), float(d))
        for n, d in zip(numerators, denominators, strict=True)
        if n is not None and d is not None and d > 0
    ]
    if len(points) < MIN_POINTS:
        return None
    scale = 100.0 if percent else 1.0
    values = [scale * n / d for n, d in points]
    tops, bottoms = [n for n, _ in points], [d for _, d in points]
    limits = p_limits(tops, bottoms, scale) if percent else xmr_limits(values)
    assessment = assess(values, limits)
    polarity = "lower" if higher_is_worse else "higher"
    if variation_signal(assessment.latest_side, polarity, len(values)) is not Variation.CONCERNING:
        return None
    return ", ".join(RULE_WORDS[rule] for rule in assessment.rules[-1])


# --- the rules ---------------------------------------------------------------------------------------------


def inspection_reasons(data: CareData, period_end: date) -> pl.DataFrame:
    """inspection_poor and inspection_down, from the last two inspections on or before D."""
    rows = []
    for grade in latest_grades(data, period_end).iter_rows(named=True):
        when = long_date(grade["grade_date"])
        if grade["grade"] in ("REQUIRES_IMPROVEMENT", "INADEQUATE"):
            rows.append(
                (
                    grade["service_id"],
                    "inspection_poor",
                    f"inspected on {when}: {GRADE_LABELS[grade['grade']]}",
                )
            )
        previous = grade["previous_grade"]
        if previous is not None and GRADE_ORDER.index(grade["grade"]) > GRADE_ORDER.index(previous):
            rows.append(
                (
                    grade["service_id"],
                    "inspection_down",
                    f"inspection grade fell from {GRADE_LABELS[previous]} "
                    f"({long_date(grade['previous_date'])}) to {GRADE_LABELS[grade['grade']]} ({when})",
                )
            )
    return _reasons(rows)


def occupancy_reasons(counts_now: pl.DataFrame, counts_before: pl.DataFrame) -> pl.DataFrame:
    """over_capacity at D; under_occupied at D and at the quarter end before (counts of `service_counts`)."""
    low = RULES["under_occupied"].threshold
    before = counts_before.select("service_id", pl.col("placed").alias("placed_before"))
    rows = []
    for row in counts_now.join(before, on="service_id", how="left").iter_rows(named=True):
        places = row["capacity"]
        if not places:
            continue
        if row["placed"] > places * RULES["over_capacity"].threshold:
            rows.append(
                (row["service_id"], "over_capacity", f"{row['placed']} children placed in {places} places")
            )
        before_placed = row["placed_before"]
        if row["placed"] < places * low and before_placed is not None and before_placed < places * low:
            rows.append(
                (
                    row["service_id"],
                    "under_occupied",
                    f"{row['placed']} of {places} places filled, and {before_placed} a quarter before: below "
                    f"half for two quarters",
                )
            )
    return _reasons(rows)


def signal_reasons(series: pl.DataFrame, period_end: date) -> pl.DataFrame:
    """unplanned_endings_signal and missing_signal, from the quarterly series up to D of each service."""
    rows = []
    checks: tuple[tuple[str, ServiceMeasure, str, Callable[[int, int], str]], ...] = (
        (
            "unplanned_endings_signal",
            MEASURES["unplanned_endings_pct"],
            "unplanned endings",
            lambda n, d: f"{n:,} of {d:,} {'ending' if d == 1 else 'endings'}",
        ),
        (
            "missing_signal",
            MEASURES["missing_per_child"],
            "missing incidents",
            lambda n, d: f"{n:,} {'incident' if n == 1 else 'incidents'}, {_children(d)}",
        ),
    )
    history = series.filter(pl.col("period_end") <= period_end).sort("service_id", "period_end")
    for (service_id,), points in history.group_by("service_id", maintain_order=True):
        if points.get_column("period_end").max() != period_end:
            continue
        for rule, measure, words, counted in checks:
            denominator = measure.denominator
            assert denominator is not None  # both signals are of a measure per denominator
            signal = special_cause_concerning(
                points.get_column(measure.numerator).to_list(),
                points.get_column(denominator).to_list(),
                percent=measure.unit == "percent",
                higher_is_worse=measure.polarity == "lower",
            )
            if signal:
                latest = points.row(-1, named=True)
                counts = counted(latest[measure.numerator], latest[denominator])
                value = latest[measure.id]
                shown = f"{value:.0f}%" if measure.unit == "percent" else f"{value:.2f} per child"
                rows.append(
                    (
                        service_id,
                        rule,
                        f"{words} {shown} ({counts}) in the 12 months to {long_date(period_end)}: {signal}",
                    )
                )
    return _reasons(rows)


def contract_reasons(data: CareData, counts_now: pl.DataFrame, period_end: date) -> pl.DataFrame:
    """contract_ending: CONTRACT_END within the months of the rule after D, or passed with children placed."""
    months = int(_threshold("contract_ending"))
    horizon = minus_months(period_end, -months)
    placed = counts_now.select("service_id", "placed")
    rows = []
    for row in data.services.join(placed, on="service_id", how="left").iter_rows(named=True):
        end = row["contract_end"]
        if end is None:
            continue
        if period_end < end <= horizon:
            rows.append((row["service_id"], "contract_ending", f"contract ends on {long_date(end)}"))
        elif end <= period_end and (row["placed"] or 0) > 0:
            rows.append(
                (
                    row["service_id"],
                    "contract_ending",
                    f"contract ended on {long_date(end)} with {_children(row['placed'])} still placed",
                )
            )
    return _reasons(rows)


def cost_reasons(data: CareData, period_end: date) -> pl.DataFrame:
    """cost_rising: the weekly cost at D against the one in force a year before."""
    rise = _threshold("cost_rising")
    year_before = minus_years(period_end, 1)
    now = weekly_cost_on(data, period_end)
    then = weekly_cost_on(data, year_before).rename({"weekly_cost": "cost_before"})
    rows = [
        (
            row["service_id"],
            "cost_rising",
            f"weekly cost {_money(row['weekly_cost'])}, up {row['weekly_cost'] / row['cost_before'] - 1:.0%} "
            f"from {_money(row['cost_before'])} a year before",
        )
        for row in now.join(then, on="service_id", how="inner").iter_rows(named=True)
        if row["cost_before"] > 0 and row["weekly_cost"] > row["cost_before"] * (1 + rise)
    ]
    return _reasons(rows)


def previous_quarter_end(period_end: date) -> date:
    """The quarter end before the one on or before ``period_end``."""
    return latest_quarter_end(latest_quarter_end(period_end).replace(day=1) - timedelta(days=1))


def _reasons(rows: list[tuple[str, str, str]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=REASON_SCHEMA, orient="row")


def service_warnings(data: CareData, period_end: date, series: pl.DataFrame | None = None) -> pl.DataFrame:
    """Every reason any service is at risk at D: service_id, rule, reason (in words), in `RULES` order.

    ``series``: the quarterly `service_series` (12-month windows) when the caller has it already.
    """
    if data.services.is_empty():
        return pl.DataFrame(schema=REASON_SCHEMA)
    if series is None:
        series = service_series(data)
    counts_now = counts_on(data, period_end, series)
    counts_before = counts_on(data, previous_quarter_end(period_end), series)
    parts: list[Callable[[], pl.DataFrame]] = [
        lambda: inspection_reasons(data, period_end),
        lambda: occupancy_reasons(counts_now, counts_before),
        lambda: signal_reasons(series, period_end) if not series.is_empty() else _reasons([]),
        lambda: contract_reasons(data, counts_now, period_end),
        lambda: cost_reasons(data, period_end),
    ]
    order = {rule: number for number, rule in enumerate(RULES)}
    return (
        pl.concat([part() for part in parts])
        .with_columns(order=pl.col("rule").replace_strict(order, return_dtype=pl.Int64))
        .sort("service_id", "order")
        .drop("order")
    )
