"""Roles (README.md, "The dashboard, sign-in and roles"): what each audience may see, decided in the data
layer.

| role | sees |
|---|---|
| ``public`` | only indicators with ``public = true``, after disclosure control |
| ``department:<owner>`` | every indicator that department owns, unsuppressed, and the headline context |
| ``leadership`` | every indicator, every breakdown, plan progress |
| ``analyst`` | all of the above plus data-quality findings with child ids |

`restrict` is the one function that cuts a tidy frame down to what a role may see; `metrics.report` calls it
for every frame it returns, so a page or command cannot get more than its role allows. "The headline context"
of a department is read as the headline rows (breakdown ``all``) of the context indicators (polarity
``context``: children looked after, rate per 10,000, started and ceased) that other departments own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import polars as pl

from metrics.catalogue import Indicator, Owner
from metrics.disclosure import DisclosureConfig, apply_disclosure
from metrics.plain_english import with_changes
from metrics.tidy import ALL

RoleKind = Literal["public", "department", "leadership", "analyst"]
PLAIN_ROLES: tuple[RoleKind, ...] = ("public", "leadership", "analyst")


@dataclass(frozen=True)
class Role:
    kind: RoleKind
    department: Owner | None = None

    @classmethod
    def parse(cls, text: str) -> Role:
        """``public``, ``department:<owner>``, ``leadership`` or ``analyst``; otherwise a ValueError."""
        cleaned = text.strip()
        for kind in PLAIN_ROLES:
            if cleaned == kind:
                return cls(kind=kind)
        prefix, _, owner = cleaned.partition(":")
        if prefix == "department" and owner in {o.value for o in Owner}:
            return cls(kind="department", department=Owner(owner))
        owners = ", ".join(f"department:{o.value}" for o in Owner)
        raise ValueError(f"unknown role {text!r}: use public, leadership, analyst or one of {owners}")

    def __post_init__(self) -> None:
        if (self.kind == "department") != (self.department is not None):
            raise ValueError("a department role needs its owner, and only a department role has one")

    def __str__(self) -> str:
        return f"department:{self.department.value}" if self.department is not None else self.kind

    @property
    def is_public(self) -> bool:
        return self.kind == "public"

    @property
    def sees_data_quality(self) -> bool:
        """Only analysts see data-quality findings, which carry child ids."""
        return self.kind == "analyst"

    @property
    def sees_plan_progress(self) -> bool:
        return self.kind in ("leadership", "analyst")

    def owns(self, entry: Indicator) -> bool:
        return self.department is not None and entry.owner == self.department

    def can_see(self, entry: Indicator) -> bool:
        """Whether any row of ``entry`` may reach this role."""
        if self.kind == "public":
            return entry.public
        if self.kind == "department":
            return self.owns(entry) or entry.polarity == "context"
        return True

    def sees_breakdowns_of(self, entry: Indicator) -> bool:
        """A department sees another department's context indicators as headlines only."""
        return self.kind != "department" or self.owns(entry)


def all_roles() -> list[Role]:
    """Every role there is, in the order a menu lists them."""
    return [
        Role("public"),
        *(Role("department", owner) for owner in Owner),
        Role("leadership"),
        Role("analyst"),
    ]


def visible_catalogue(role: Role, entries: Mapping[str, Indicator]) -> dict[str, Indicator]:
    """The catalogue entries ``role`` may see, in catalogue order."""
    return {key: entry for key, entry in entries.items() if role.can_see(entry)}


def restrict(
    tidy: pl.DataFrame,
    role: Role,
    entries: Mapping[str, Indicator],
    config: DisclosureConfig | None = None,
) -> pl.DataFrame:
    """``tidy`` cut down to what ``role`` may see, with a ``suppressed`` column (list of withheld cells).

    Rows of indicators the role may not see are dropped; a department keeps only the headline of context
    indicators it does not own; for the public, disclosure control is applied here, once. Rows of an
    indicator missing from ``entries`` are dropped: nothing unknown reaches any role.
    """
    visible = visible_catalogue(role, entries)
    headline_only = [key for key, entry in visible.items() if not role.sees_breakdowns_of(entry)]
    kept = tidy.filter(
        pl.col("indicator").is_in(list(visible))
        & (~pl.col("indicator").is_in(headline_only) | (pl.col("breakdown") == ALL))
    )
    # The words of change are decided on the true figures, before disclosure, and travel on the rows.
    kept = with_changes(kept, visible)
    if role.is_public:
        return apply_disclosure(kept, visible, config or DisclosureConfig())
    return kept.with_columns(suppressed=pl.lit([], dtype=pl.List(pl.String)))
