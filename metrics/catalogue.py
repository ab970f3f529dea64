"""The indicator catalogue: one entry per indicator, declared beside its function.

An indicator is declared once, with `@indicator(...)` on its function in `metrics/indicators/<theme>.py`;
every page, download, methodology text, report and the published site read `catalogue()`; nothing about
one indicator lives anywhere else. Adding an indicator is that one declaration and its function.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

import polars as pl

from metrics.data import CareData


class Theme(StrEnum):
    STABILITY = "Stability and permanence"
    EDUCATION = "Education"
    HEALTH = "Health and wellbeing"
    CARE_LEAVERS = "Care leavers and housing"
    JUSTICE_MISSING = "Youth justice and missing"
    VOICE = "Voice of the child and practice standards"
    WORKFORCE = "Workforce"


class Owner(StrEnum):
    """Owning departments; the value is the suffix of the role ``department:<owner>``."""

    CHILDRENS_SOCIAL_CARE = "childrens_social_care"
    EDUCATION = "education"
    HEALTH = "health"
    JUSTICE = "justice"
    EMPLOYMENT = "employment"
    HOUSING = "housing"

    @property
    def label(self) -> str:
        return OWNER_LABELS[self]


OWNER_LABELS = {
    Owner.CHILDRENS_SOCIAL_CARE: "Children's social care",
    Owner.EDUCATION: "Education",
    Owner.HEALTH: "Health",
    Owner.JUSTICE: "Justice",
    Owner.EMPLOYMENT: "Employment",
    Owner.HOUSING: "Housing",
}

Unit = Literal["percent", "rate", "count", "days", "score", "average"]
Polarity = Literal["higher", "lower", "context"]
Frequency = Literal["quarterly", "annual"]
# What span of time a figure describes, which is how its date is said on every page and download:
# ``point_in_time`` "at 30 September 2026" (children looked after on D); ``twelve_months`` "in the 12 months
# to 30 September 2026"; ``year`` "in the year to 31 March 2026" (annual indicators); ``month`` "in the month
# of September 2026" (workforce figures read from D's month). Unset, it follows the frequency.
PeriodKind = Literal["point_in_time", "twelve_months", "year", "month"]

# Breakdown ids (README.md, "Where the definitions are"). "all" is the headline row.
CHILD_BREAKDOWNS = ("age_band", "sex", "ethnic_group", "placement_type", "location")
LEAVER_BREAKDOWNS = ("age_group",)
BREAKDOWN_LABELS = {
    "all": "All",
    "age_band": "Age band",
    "sex": "Sex",
    "ethnic_group": "Ethnic group",
    "placement_type": "Placement type",
    "location": "On or off island",
    "age_group": "Age group",
}

# What an indicator's function returns at one reporting date: its units (see `Kind`).
UnitsFn = Callable[[CareData, date], pl.LazyFrame | pl.DataFrame]
# The population a rate is per (children under 18 for the YEAR of D); None when it is not known.
PopulationFn = Callable[[CareData, date], int | None]
# Whether the indicator can be counted at D (its input file was loaded, its collection covers the period);
# where it cannot, the engine gives the headline without counts ("not available", shown as x).
AvailableFn = Callable[[CareData, date], bool]
# The same units at several reporting dates in one pass, with a ``period_end`` column: only where one pass
# is much faster than date by date (the benchmark shows it); tests/metrics/test_dated.py holds the engine's
# figures from it equal to those of the function at every quarter end.
ManyDatesFn = Callable[[CareData, list[date]], pl.LazyFrame | pl.DataFrame]

Kind = Literal["count", "share", "mean", "ratio", "rate"]
# How the engine turns the units into a numerator and denominator (metrics.engine):
# - count: each unit counts one; no denominator.
# - share: the units whose ``meets`` is true (an empty ``meets`` is not met) out of all the units. With unit
#   "count" the value is the number meeting it, the units kept as its denominator.
# - mean: the sum of each unit's ``amount`` over the number of units.
# - ratio: the sum of each unit's ``numerator`` over the sum of each unit's ``denominator``.
# - rate: each unit counts one, per the declared ``population`` (per 10,000 for unit "rate").
KIND_COLUMNS: dict[str, tuple[str, ...]] = {
    "count": (),
    "share": ("meets",),
    "mean": ("amount",),
    "ratio": ("numerator", "denominator"),
    "rate": (),
}


@dataclass(frozen=True)
class Indicator:
    """Everything about one indicator: its metadata, its public words and how its units are counted."""

    id: str
    title: str
    theme: Theme
    owner: Owner
    definition: str
    unit: Unit
    polarity: Polarity
    frequency: Frequency
    public: bool
    source: str
    breakdowns: tuple[str, ...]
    kind: Kind
    units: UnitsFn
    # The public page's sentence (metrics.plain_english): ``{value}`` the formatted figure, ``{date}`` the
    # reporting date, ``{period}`` "in the 12 months to ..." or "in the year to ...".
    sentence: str = "{title}: {value} {period}."
    # What the counts count, in everyday words, for the sentence's "(10 out of 80 children)"; None where
    # counts would not help a reader.
    counts_of: str | None = None
    # The widest one unit's score can be (SDQ 0-40): how far one child can move a mean.
    score_range: float | None = None
    # Counts that are not children (school sessions) rest on the children of another indicator over the same
    # cohort and groups: disclosure control judges each cell by that indicator's denominator.
    children_counted_by: str | None = None
    population: PopulationFn | None = None
    available: AvailableFn | None = None
    many_dates: ManyDatesFn | None = None
    # Staff counts (workforce) are not about children: disclosure control does not apply to them.
    counts_children: bool = True
    decimals: int = 1
    # The public methodology's definition: everyday words, no file or column names.
    plain_definition: str = ""
    # The return's files the definition reads: while one was never loaded the indicator is "not available"
    # with that reason (metrics.inputs), never a figure from an empty table.
    reads: tuple[str, ...] = ()
    # Breakdowns whose groups the definition decides (a foster placement is in the "Foster" group): true by
    # definition, so never offered to the public.
    true_by_definition: tuple[str, ...] = ()
    # (inflow, outflow) for a stock: the stock at D is the stock a year before plus the inflow less the
    # outflow over the 12 months to D, an identity disclosure control must not let a reader subtract through.
    flows: tuple[str, str] | None = None
    # What a value covers: a point in time, the 12 months to D, the year to 31 March or the month.
    period: PeriodKind = "twelve_months"
    # The plural noun the numerator and denominator count ("615 of 8,625 sessions", "12.1 of 69.2 FTE"); for
    # a mean, what it is averaged over ("based on 12 children").
    counted: str = "children"

    def compute(self, data: CareData, period_end: date) -> pl.DataFrame:
        """The tidy frame at one reporting date: the plain reading of the definition (metrics.engine)."""
        from metrics.engine import tidy_at

        return tidy_at(self, data, period_end)

    def __call__(self, data: CareData, period_end: date) -> pl.DataFrame:
        return self.compute(data, period_end)


_REGISTRY: dict[str, Indicator] = {}


def indicator(
    *,
    id: str,
    title: str,
    theme: Theme,
    owner: Owner,
    definition: str,
    unit: Unit,
    polarity: Polarity,
    frequency: Frequency,
    source: str,
    kind: Kind,
    sentence: str,
    counts_of: str | None = None,
    public: bool = True,
    breakdowns: tuple[str, ...] = CHILD_BREAKDOWNS,
    score_range: float | None = None,
    children_counted_by: str | None = None,
    population: PopulationFn | None = None,
    available: AvailableFn | None = None,
    many_dates: ManyDatesFn | None = None,
    counts_children: bool = True,
    decimals: int = 1,
    plain_definition: str = "",
    reads: tuple[str, ...] = (),
    true_by_definition: tuple[str, ...] = (),
    flows: tuple[str, str] | None = None,
    period: PeriodKind | None = None,
    counted: str = "children",
) -> Callable[[UnitsFn], Indicator]:
    """Declare ``fn`` as the indicator ``id``; the name ``fn`` had becomes its `Indicator`.

    ``fn(data, D)`` returns the units at the reporting date D (a 31 March for annual indicators): one row per
    child, leaver, review, incident or month counted, with the columns its ``kind`` reads (`KIND_COLUMNS`)
    and, for a child breakdown the units do not carry, a ``child`` column (the engine adds the child's groups
    at D). Calling the declared name, ``fn(data, D)``, gives the tidy frame at D. ``period`` unset: the
    year to 31 March for annual indicators, the 12 months to D for quarterly ones.
    """

    def register(fn: UnitsFn) -> Indicator:
        if id in _REGISTRY:
            raise ValueError(f"indicator {id!r} is declared twice")
        if (kind == "rate") != (population is not None):
            raise ValueError(f"{id}: a rate, and only a rate, names its population")
        entry = Indicator(
            id=id, title=title, theme=theme, owner=owner, definition=definition, unit=unit,
            polarity=polarity, frequency=frequency, public=public, source=source, breakdowns=breakdowns,
            kind=kind, units=fn, sentence=sentence, counts_of=counts_of, score_range=score_range,
            children_counted_by=children_counted_by, population=population, available=available,
            many_dates=many_dates, counts_children=counts_children, decimals=decimals,
            plain_definition=plain_definition, reads=reads, true_by_definition=true_by_definition,
            flows=flows, counted=counted,
            period=period or ("year" if frequency == "annual" else "twelve_months"),
        )  # fmt: skip
        _REGISTRY[id] = entry
        return entry

    return register


def catalogue() -> dict[str, Indicator]:
    """Every indicator, in the order of the themes (themes in declaration order)."""
    import metrics.indicators  # noqa: F401 - importing the theme modules fills the registry

    return dict(_REGISTRY)


CATALOGUE_FRAME_SCHEMA = {
    "indicator": pl.String, "title": pl.String, "theme": pl.String, "owner": pl.String, "unit": pl.String,
    "polarity": pl.String, "frequency": pl.String, "public": pl.Boolean, "counts_children": pl.Boolean,
    "definition": pl.String, "source": pl.String,
}  # fmt: skip


def catalogue_frame(entries: Mapping[str, Indicator] | None = None) -> pl.DataFrame:
    """The metadata of ``entries`` (else the whole catalogue) as a frame, one row per indicator in catalogue
    order, for joins: columns `CATALOGUE_FRAME_SCHEMA`; ``theme`` is the title, ``owner`` the role suffix."""
    entries = catalogue() if entries is None else entries
    return pl.DataFrame(
        [
            {
                "indicator": entry.id, "title": entry.title, "theme": str(entry.theme),
                "owner": str(entry.owner), "unit": entry.unit, "polarity": entry.polarity,
                "frequency": entry.frequency, "public": entry.public,
                "counts_children": entry.counts_children,
                "definition": entry.definition, "source": entry.source,
            }
            for entry in entries.values()
        ],
        schema=CATALOGUE_FRAME_SCHEMA,
    )  # fmt: skip
