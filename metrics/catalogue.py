"""The indicator catalogue: one entry per indicator, declared beside its function.

An indicator is declared once, with `@indicator(...)` on its function in `metrics/indicators/<theme>.py`;
every page, download, methodology text, report and the published site read `catalogue()`. Adding an
indicator is that one decorated function and nothing else.
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

ComputeFn = Callable[[CareData, date], pl.DataFrame]


@dataclass(frozen=True)
class Indicator:
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
    compute: ComputeFn
    # Staff counts (workforce) are not about children: disclosure control does not apply to them.
    counts_children: bool = True
    decimals: int = 1


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
    public: bool = True,
    breakdowns: tuple[str, ...] = CHILD_BREAKDOWNS,
    counts_children: bool = True,
    decimals: int = 1,
) -> Callable[[ComputeFn], ComputeFn]:
    """Declare ``fn`` as the indicator ``id``: ``fn(data, period_end)`` returns its tidy frame.

    ``period_end`` is the reporting date D for quarterly indicators and always a 31 March for annual ones.
    """

    def register(fn: ComputeFn) -> ComputeFn:
        if id in _REGISTRY:
            raise ValueError(f"indicator {id!r} is declared twice")
        _REGISTRY[id] = Indicator(
            id=id, title=title, theme=theme, owner=owner, definition=definition, unit=unit,
            polarity=polarity, frequency=frequency, public=public, source=source,
            breakdowns=breakdowns, compute=fn, counts_children=counts_children, decimals=decimals,
        )  # fmt: skip
        return fn

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
