"""The code lists of the return (docs/returns.md), including the codes that change by year (SEX, PLACE).

A list that changes is declared the way the Data to Insight SSDA903 validator declares a new collection year:
the first year's list, then for each later year only what was added and what was removed. Years are years
ending 31 March (2025 = 1 April 2024 to 31 March 2025), labelled the way the return is: ``2024/25``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

ETHNIC = (
    "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH",
    "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
)  # fmt: skip
# SEX changes by collection year (SEX_BY_YEAR below); this is every code any year allows.
SEX = ("1", "2", "M", "F", "U")
RNE = ("S", "L", "P", "T", "B", "U")
LS = ("C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4")
CIN = tuple(f"N{n}" for n in range(1, 9))
PLACE_PROVIDER = ("PR0", "PR1", "PR2", "PR3", "PR4", "PR5")
REC = (
    "X1", "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48", "E5", "E6", "E7",
    "E8", "E9", "E14", "E15", "E16", "E17",
)  # fmt: skip
REASON_PLACE_CHANGE = (
    "CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE", "CUSTOD",
    "OTHER",
)  # fmt: skip
REVIEW_CODE = tuple(f"PN{n}" for n in range(8))
MISSING = ("M", "A")
SDQ_REASON = ("SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5")
IN_TOUCH = ("YES", "NO", "DIED", "REFU", "NREQ", "RHOM")
ACTIV = ("F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0")
# ACCOM: the kind of accommodation followed by 1 (suitable) or 2 (not suitable); S (no fixed abode) and X
# (custody) are only ever unsuitable; 0 (with ACTIV 0) when the young person has died or returned home.
ACCOM = (
    *(f"{kind}{suitable}" for kind in "BCDEGHKRTUVWYZ" for suitable in "12"),
    "S2",
    "X2",
    "0",
)
SEN = ("N", "K", "E")
# services.csv and inspections.csv (local files): the kinds of commissioned service and the inspection grades
# (Ofsted's four judgements, and a service not yet inspected).
SERVICE_KIND = (
    "CHILDRENS_HOME", "FOSTERING", "SUPPORTED_ACCOMMODATION", "SECURE", "RESIDENTIAL_SCHOOL", "OTHER",
)  # fmt: skip
INSPECTION_GRADE = ("OUTSTANDING", "GOOD", "REQUIRES_IMPROVEMENT", "INADEQUATE", "NOT_INSPECTED")

FIXED_LISTS: dict[str, tuple[str, ...]] = {
    "SEX": SEX,
    "ETHNIC": ETHNIC,
    "RNE": RNE,
    "LS": LS,
    "CIN": CIN,
    "PLACE_PROVIDER": PLACE_PROVIDER,
    "REC": REC,
    "REASON_PLACE_CHANGE": REASON_PLACE_CHANGE,
    "REVIEW_CODE": REVIEW_CODE,
    "MISSING": MISSING,
    "SDQ_REASON": SDQ_REASON,
    "IN_TOUCH": IN_TOUCH,
    "ACTIV": ACTIV,
    "ACCOM": ACCOM,
    "SEN": SEN,
    "KIND": SERVICE_KIND,
    "INSPECTION_GRADE": INSPECTION_GRADE,
    "GRADE": INSPECTION_GRADE,
}


def year_label(year: int) -> str:
    """``2025`` (the year ending 31 March 2025) as the return writes it: ``2024/25``."""
    return f"{year - 1}/{year % 100:02d}"


def year_ending_31_march(day: pl.Expr) -> pl.Expr:
    """The year ending 31 March that contains ``day`` (a Date expression)."""
    return day.dt.year() + (day.dt.month() >= 4).cast(pl.Int32)


def collection_year(day: date) -> int:
    return day.year + (1 if day.month >= 4 else 0)


@dataclass(frozen=True)
class CodeChange:
    """What a collection year added to and removed from the previous year's list."""

    year: int
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    why: str = ""


_PLACE_FIRST = (
    "A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1",
    "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1",
)  # fmt: skip

PLACE_CHANGES = (
    CodeChange(
        2025, added=("K3",), removed=("H5",), why="from 2024/25 H5 gives way to K3 (supported accommodation)"
    ),
    CodeChange(
        2026,
        added=("Z11", "Z12", "Z13", "Z14"),
        removed=("Z1", "P2"),
        why="from 2025/26 Z1 splits into Z11-Z14 and P2 is withdrawn",
    ),
)


@dataclass(frozen=True)
class YearlyCodes:
    """A code list that changes by collection year: ``codes_for(year)`` gives the list valid that year."""

    name: str
    first: tuple[str, ...]
    changes: tuple[CodeChange, ...]

    def codes_for(self, year: int) -> tuple[str, ...]:
        codes = list(self.first)
        for change in self.changes:
            if change.year <= year:
                codes = [code for code in codes if code not in change.removed] + list(change.added)
        return tuple(codes)

    def epochs(self) -> list[tuple[int | None, int | None, tuple[str, ...]]]:
        """``(first year, last year, codes)`` for each span of years that shares one list; None = open."""
        bounds = [change.year for change in self.changes]
        starts: list[int | None] = [None, *bounds]
        ends: list[int | None] = [bound - 1 for bound in bounds] + [None]
        return [
            (start, end, self.codes_for(start if start is not None else bounds[0] - 1))
            for start, end in zip(starts, ends, strict=True)
        ]

    def label(self, year: int) -> str:
        """The name of the list used for ``year``, as the report shows it."""
        starts = [change.year for change in self.changes if change.year <= year]
        if not starts:
            return f"{self.name} list up to {year_label(self.changes[0].year - 1)}"
        return f"{self.name} list from {year_label(max(starts))}"


PLACE = YearlyCodes("PLACE", _PLACE_FIRST, PLACE_CHANGES)

SEX_BY_YEAR = YearlyCodes(
    "SEX",
    ("1", "2"),
    (
        CodeChange(
            2025,
            added=("M", "F", "U"),
            removed=("1", "2"),
            why="from 2024/25 SEX is M, F or U (1 male, 2 female up to 2023/24)",
        ),
    ),
)

# The lists that change by year, by column name: a row is checked against the list of its collection year.
YEARLY_LISTS: dict[str, YearlyCodes] = {"SEX": SEX_BY_YEAR, "PLACE": PLACE}
FIRST_YEAR, LAST_YEAR = 2023, 2027  # 2022/23 to 2026/27: the collection years whose layout we know
TEMPORARY_PLACEMENTS = ("T0", "T1", "T2", "T3", "T4")
NO_PROVIDER_PLACEMENTS = (*TEMPORARY_PLACEMENTS, "Z1", "Z11", "Z12", "Z13", "Z14")
