"""An attacker's audit of a public frame, written from the rules a reader can know, not from the code.

A reader of the public figures knows that a breakdown's groups add up to its headline, that children in
care now are those of a year before plus the periods of care that started less those that ended, and that
a value is its numerator over its denominator. Each of those is a linear equation between published cells.
A withheld count is recoverable when those equations pin it down: with the withheld cells as unknowns, when
its unit vector lies in the row space of the system, i.e. every vector of the null space is 0 there.
Rounded counts do not add up exactly, so the audit is stricter than any reader: it treats them as exact.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

COUNT_UNITS_NUMERATOR = ("percent", "count", "rate")
COUNT_UNITS_DENOMINATOR = ("percent", "count", "score", "days", "average")
FLOWS = (("cla_count", "started_count", "ceased_count"),)
# Stock now = stock a year before + started - ended holds group by group only where a child's group cannot
# change: sex. A child's age band and placement type move between the two dates.
STABLE_BREAKDOWNS = ("all", "sex")
SCALE = {"percent": 100.0, "rate": 10_000.0}

Cell = tuple[str, date, str, str, str]  # indicator, period_end, breakdown, group, numerator|denominator


@dataclass(frozen=True)
class Audit:
    small_counts: list[Cell]
    recoverable: list[Cell]
    values_beside_counts: list[tuple[str, date, str, str]]

    @property
    def clean(self) -> bool:
        return not (self.small_counts or self.recoverable or self.values_beside_counts)


def _is_count(cell: str, unit: str) -> bool:
    return unit in (COUNT_UNITS_NUMERATOR if cell == "numerator" else COUNT_UNITS_DENOMINATOR)


def _year_before(day: date) -> date:
    return day.replace(year=day.year - 1)


def audit(public: pl.DataFrame, units: dict[str, str], *, children: set[str] | None = None) -> Audit:
    """``public`` rows (indicator, period_end, breakdown, group, numerator, denominator, value, suppressed);
    ``units`` maps indicator to unit; ``children`` limits it to the indicators that count children."""
    rows = [row for row in public.iter_rows(named=True) if children is None or row["indicator"] in children]
    known: dict[Cell, float] = {}
    unknown: set[Cell] = set()
    small, beside = [], []
    for row in rows:
        unit = units[row["indicator"]]
        withheld = set(row.get("suppressed") or [])
        key = (row["indicator"], row["period_end"], row["breakdown"], row["group"])
        for cell in ("numerator", "denominator"):
            if not _is_count(cell, unit):
                if row[cell] is not None:
                    known[(*key, cell)] = row[cell]
                continue
            if cell in withheld:
                unknown.add((*key, cell))
            elif row[cell] is not None:
                known[(*key, cell)] = row[cell]
                if 1 <= row[cell] <= 4:
                    small.append((*key, cell))
        if unit == "count" and row["value"] is not None and 1 <= row["value"] <= 4:
            small.append((*key, "value"))
        if "value" in withheld and unit in SCALE:
            counts_shown = all(
                row[cell] is not None and cell not in withheld for cell in ("numerator", "denominator")
            )
            if counts_shown:
                beside.append(key)
        if "value" in withheld and unit == "count" and row["numerator"] is not None:
            beside.append(key)
    equations = _equations(rows, units, known, unknown)
    return Audit(small, sorted(_determined(equations, unknown)), beside)


def _equations(rows: list[dict], units: dict[str, str], known: dict, unknown: set) -> list[dict[Cell, float]]:
    """Each equation as {unknown cell: coefficient}; known cells only move the constant, which the audit
    does not need (whether a cell is pinned down depends on the coefficients alone)."""
    present = known.keys() | unknown
    equations: list[dict[Cell, float]] = []
    by_breakdown: dict[tuple, list[str]] = defaultdict(list)
    for row in rows:
        if row["breakdown"] != "all":
            by_breakdown[(row["indicator"], row["period_end"], row["breakdown"])].append(row["group"])
    for (indicator, day, breakdown), groups in by_breakdown.items():
        for cell in ("numerator", "denominator"):
            headline = (indicator, day, "all", "all", cell)
            parts = [(indicator, day, breakdown, group, cell) for group in groups]
            if headline in present and all(part in present for part in parts):
                equations.append(_only_unknown({headline: 1.0, **dict.fromkeys(parts, -1.0)}, unknown))
    for row in rows:
        unit = units[row["indicator"]]
        key = (row["indicator"], row["period_end"], row["breakdown"], row["group"])
        if row["value"] is not None and unit in SCALE:
            # value = scale * n / d, so n - (value / scale) * d = 0
            ratio = row["value"] / SCALE[unit]
            equations.append(
                _only_unknown({(*key, "numerator"): 1.0, (*key, "denominator"): -ratio}, unknown)
            )
        if row["value"] is not None and unit == "count":
            equations.append(_only_unknown({(*key, "numerator"): 1.0}, unknown))
    # Only where a child's group cannot change between the two dates does the sum hold group by group; on
    # any other breakdown it is false (a child fostered a year ago may be in residential care now), and a
    # reader solving it would get a wrong number, not a withheld one.
    stocks = {
        (row["period_end"], row["breakdown"], row["group"])
        for row in rows
        if row["indicator"] in {s for s, _, _ in FLOWS} and row["breakdown"] in STABLE_BREAKDOWNS
    }
    for stock, inflow, outflow in FLOWS:
        for day, breakdown, group in stocks:
            cells = {
                (stock, day, breakdown, group, "numerator"): 1.0,
                (stock, _year_before(day), breakdown, group, "numerator"): -1.0,
                (inflow, day, breakdown, group, "numerator"): -1.0,
                (outflow, day, breakdown, group, "numerator"): 1.0,
            }
            if all(cell in present for cell in cells):
                equations.append(_only_unknown(cells, unknown))
    return [equation for equation in equations if equation]


def _only_unknown(equation: dict[Cell, float], unknown: set) -> dict[Cell, float]:
    return {cell: coefficient for cell, coefficient in equation.items() if cell in unknown}


def _determined(equations: list[dict[Cell, float]], unknown: set[Cell]) -> set[Cell]:
    """The unknowns the equations pin down, solved one connected group of unknowns at a time."""
    parent = {cell: cell for cell in unknown}

    def find(cell: Cell) -> Cell:
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    for equation in equations:
        first, *rest = equation
        for cell in rest:
            parent[find(cell)] = find(first)
    components: dict[Cell, list[dict[Cell, float]]] = defaultdict(list)
    for equation in equations:
        components[find(next(iter(equation)))].append(equation)
    determined: set[Cell] = set()
    for group in components.values():
        cells = sorted({cell for equation in group for cell in equation})
        index = {cell: i for i, cell in enumerate(cells)}
        matrix = np.zeros((len(group), len(cells)))
        for row, equation in enumerate(group):
            for cell, coefficient in equation.items():
                matrix[row, index[cell]] = coefficient
        _, singular, vt = np.linalg.svd(matrix)
        rank = int((singular > 1e-9 * max(1.0, singular.max(initial=0.0))).sum())
        null_space = vt[rank:]
        for cell, i in index.items():
            if null_space.size == 0 or np.all(np.abs(null_space[:, i]) < 1e-9):
                determined.add(cell)
    return determined
