"""The one formatter for numbers, GSS symbols and status words: screen, CSV and published site all use it.

GSS symbols (Government Statistical Service guidance on symbols in tables):
``c`` confidential (withheld by disclosure control), ``x`` not available, ``z`` not applicable.
Status is always a word with a symbol, never colour alone (README, "Privacy").
"""

from __future__ import annotations

import math
from collections.abc import Iterable

SUPPRESSED = "c"
NOT_AVAILABLE = "x"
NOT_APPLICABLE = "z"

GSS_SYMBOLS = {
    SUPPRESSED: "confidential: withheld to protect children's privacy (disclosure control)",
    NOT_AVAILABLE: "not available: no data for this period or group",
    NOT_APPLICABLE: "not applicable: this measure has no such figure",
}

STATUSES = ("met", "near", "off_track", "no_target", "no_data")
STATUSES_AGAINST_A_TARGET = ("met", "near", "off_track")  # the statuses of a value measured against a target
STATUS_SYMBOLS = {"met": "✔", "near": "◐", "off_track": "✖", "no_target": "–", "no_data": "x"}
STATUS_WORDS = {
    "met": "Met",
    "near": "Near",
    "off_track": "Off track",
    "no_target": "No target",
    "no_data": "No data",
}
STATUS_LABELS = {status: f"{STATUS_SYMBOLS[status]} {STATUS_WORDS[status]}" for status in STATUSES}

UNIT_SUFFIXES = {"percent": "%", "rate": " per 10,000", "days": " days"}
# Cells that only some units have: a count has no denominator; only a percentage has an interval.
CI_UNITS = frozenset({"percent"})


def status_label(status: str | None) -> str:
    """``"✔ Met"`` and so on; an unknown or missing status reads as no data."""
    return STATUS_LABELS.get(status or "no_data", STATUS_LABELS["no_data"])


def _is_missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_count(n: float | None) -> str:
    """A count with thousands separators (``83,630``); a missing count is ``x``."""
    if n is None or math.isnan(n):
        return NOT_AVAILABLE
    return f"{round(n):,}"


def format_number(value: float | None, decimals: int = 1) -> str:
    """A plain number to ``decimals`` places with thousands separators; missing is ``x``."""
    if _is_missing(value):
        return NOT_AVAILABLE
    return f"{value:,.{decimals}f}"


def format_value(value: float | None, unit: str, decimals: int = 1, *, suffix: bool = True) -> str:
    """An indicator value as people read it: ``12.3%``, ``34.2 per 10,000``, ``61``, ``412 days``.

    Counts are whole numbers; a percentage is "rounded to one decimal only when displayed"
    (README, "Where the definitions are"), and other units use the catalogue's ``decimals``.
    """
    if _is_missing(value):
        return NOT_AVAILABLE
    text = format_count(value) if unit == "count" else format_number(value, decimals)
    return text + (UNIT_SUFFIXES.get(unit, "") if suffix else "")


def applicable(cell: str, unit: str) -> bool:
    """Whether a row of this unit normally has ``cell`` (a missing one is ``z`` otherwise)."""
    if cell == "denominator":
        return unit != "count"
    if cell in ("ci_low", "ci_high"):
        return unit in CI_UNITS
    return True


def symbol_for(cell: str, value: float | None, unit: str, suppressed: Iterable[str] = ()) -> str | None:
    """The GSS symbol to show instead of ``value`` in ``cell``, or None when the value itself is shown.

    ``c`` when disclosure control withheld the cell, ``z`` when the unit has no such cell, ``x`` when the
    figure is simply missing (for example a denominator of 0 gives no value).
    """
    if cell in set(suppressed):
        return SUPPRESSED
    if not _is_missing(value):
        return None
    return NOT_APPLICABLE if not applicable(cell, unit) else NOT_AVAILABLE


def format_cell(
    cell: str, value: float | None, unit: str, decimals: int = 1, suppressed: Iterable[str] = ()
) -> str:
    """One cell of a report row for a screen or the published site: the symbol, else the formatted figure."""
    symbol = symbol_for(cell, value, unit, suppressed)
    if symbol is not None:
        return symbol
    assert value is not None  # symbol_for gives every missing value a symbol
    if cell in ("numerator", "denominator"):
        return format_count(value) if float(value).is_integer() else format_number(value, decimals)
    if cell in ("ci_low", "ci_high", "target", "baseline", "value"):
        return format_value(value, unit, decimals, suffix=cell == "value")
    return format_number(value, decimals)


def csv_cell(cell: str, value: float | None, unit: str, suppressed: Iterable[str] = ()) -> str:
    """One cell of a CSV download: the full-precision number for machines, or its GSS symbol."""
    symbol = symbol_for(cell, value, unit, suppressed)
    if symbol is not None:
        return symbol
    assert value is not None  # symbol_for gives every missing value a symbol
    if float(value).is_integer() and cell in ("numerator", "denominator"):
        return str(int(value))
    return repr(float(value))
