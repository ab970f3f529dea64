"""The input of every indicator: the frames of one return, with the column names and types metrics expect.

Column names are the return's (docs/returns.md), lower case. `queries.extract.read_care_data` builds it from
the database; tests build it from small literal frames with `care_data(...)`, which fills absent tables with
empty frames and casts what is given to the types below, so a test states only the columns it is about.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import polars as pl

D, S, N, F, B = pl.Date(), pl.String(), pl.Int64(), pl.Float64(), pl.Boolean()

SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "header": {"child": S, "sex": S, "dob": D, "ethnic": S, "upn": S, "mother": B, "mc_dob": D},
    "episodes": {
        "child": S, "decom": D, "rne": S, "ls": S, "cin": S, "place": S, "place_provider": S, "dec": D,
        "rec": S, "reason_place_change": S, "home_post": S, "pl_post": S, "urn": S,
    },
    "reviews": {"child": S, "dob": D, "review": D, "review_code": S},
    "missing": {"child": S, "dob": D, "missing": S, "mis_start": D, "mis_end": D},
    "oc2": {
        "child": S, "year": N, "dob": D, "sdq_score": N, "sdq_reason": S, "convicted": B, "health_check": B,
        "immunisations": B, "teeth_check": B, "health_assessment": B, "substance_misuse": B,
        "intervention_received": B, "intervention_offered": B,
    },
    "oc3": {"child": S, "year": N, "dob": D, "in_touch": S, "activ": S, "accom": S},
    "uasc": {"child": S, "sex": S, "dob": D, "duc": D},
    "ad1": {
        "child": S, "dob": D, "date_int": D, "date_match": D, "foster_care": B, "nb_adoptr": S,
        "sex_adoptr": S, "ls_adoptr": S,
    },
    "placed_for_adoption": {
        "child": S, "dob": D, "date_placed": D, "date_placed_ceased": D, "reason_placed_ceased": S,
    },
    "previous_permanence": {"child": S, "dob": D, "prev_perm": S, "la_perm": S, "date_perm": S},
    "sw_episodes": {"child": S, "dob": D, "sw_id": S, "sw_decom": D, "sw_dec": D, "sw_reason": S},
    "dolo": {"child": S, "dob": D, "dolo_start": D, "dolo_end": D},
    "education": {
        "child": S, "year": N, "sessions_possible": N, "sessions_missed": N, "suspensions": N,
        "permanent_exclusion": B, "sen": S, "ks2_expected": B, "ks4_attainment8": F, "school_moves": N,
    },
    "visits": {"child": S, "visit_date": D},
    "leaver_support": {"child": S, "year": N, "pathway_plan": B, "personal_adviser": B, "staying_put": B},
    "workforce": {
        "month": D, "sw_fte": F, "vacant_fte": F, "agency_fte": F, "leavers_fte": F, "open_cases": N,
        "supervisions_due": N, "supervisions_on_time": N,
    },
    "population": {"year": N, "children_under_18": N},
    "plan_targets": {"indicator": S, "year": N, "baseline": F, "target": F},
    "comparators": {"indicator": S, "year": N, "area": S, "value": F, "source": S},
    "services": {
        "service_id": S, "name": S, "provider": S, "kind": S, "on_island": B, "own_provision": B,
        "capacity": N, "weekly_cost": F, "contract_end": D, "inspection_grade": S, "inspection_date": D,
    },
    "inspections": {"service_id": S, "date": D, "grade": S},
    "service_costs": {"service_id": S, "effective": D, "weekly_cost": F},
}  # fmt: skip


@dataclass(frozen=True)
class CareData:
    """One return's frames. Every frame has exactly the columns and types of `SCHEMAS`."""

    header: pl.DataFrame
    episodes: pl.DataFrame
    reviews: pl.DataFrame
    missing: pl.DataFrame
    oc2: pl.DataFrame
    oc3: pl.DataFrame
    education: pl.DataFrame
    visits: pl.DataFrame
    leaver_support: pl.DataFrame
    workforce: pl.DataFrame
    population: pl.DataFrame
    plan_targets: pl.DataFrame
    comparators: pl.DataFrame
    uasc: pl.DataFrame = field(default_factory=lambda: conform("uasc", None))
    ad1: pl.DataFrame = field(default_factory=lambda: conform("ad1", None))
    placed_for_adoption: pl.DataFrame = field(default_factory=lambda: conform("placed_for_adoption", None))
    previous_permanence: pl.DataFrame = field(default_factory=lambda: conform("previous_permanence", None))
    sw_episodes: pl.DataFrame = field(default_factory=lambda: conform("sw_episodes", None))
    dolo: pl.DataFrame = field(default_factory=lambda: conform("dolo", None))
    # Commissioned services (optional local files): empty frames when the return has none.
    services: pl.DataFrame = field(default_factory=lambda: conform("services", None))
    inspections: pl.DataFrame = field(default_factory=lambda: conform("inspections", None))
    service_costs: pl.DataFrame = field(default_factory=lambda: conform("service_costs", None))
    # The files ever loaded (header.csv, sw_episodes.csv, ...); None when unknown (a test's frames): then a
    # table is taken as loaded. An indicator whose input file was never loaded is "not available". Not a
    # dataclass field (a ClassVar never is), so that code walking the fields walks the tables only;
    # `care_data` sets it on the instance.
    loaded_files: ClassVar[frozenset[str] | None] = None

    def not_loaded(self, *files: str) -> list[str]:
        """Those of ``files`` that were never loaded (none when the loaded files are unknown)."""
        if self.loaded_files is None:
            return []
        return [file for file in files if file not in self.loaded_files]


def conform(name: str, frame: pl.DataFrame | None) -> pl.DataFrame:
    """``frame`` with exactly the columns of table ``name``: missing ones added as nulls, types cast."""
    schema = SCHEMAS[name]
    if frame is None:
        return pl.DataFrame(schema=schema)
    return frame.select(
        (pl.col(column) if column in frame.columns else pl.lit(None)).cast(dtype).alias(column)
        for column, dtype in schema.items()
    )


def not_available_reason(files: list[str]) -> str:
    """What an indicator says when its input files were never loaded."""
    return "not available: " + ", ".join(files) + (" not loaded" if files else "")


def care_data(*, loaded_files: frozenset[str] | set[str] | None = None, **frames: pl.DataFrame) -> CareData:
    """A `CareData` from whichever frames are given; the rest are empty. ``loaded_files``: the files ever
    loaded (`queries.extract.loaded_files`), so that an indicator can say which of its inputs is missing."""
    unknown = set(frames) - set(SCHEMAS)
    if unknown:
        raise ValueError(f"unknown tables: {sorted(unknown)}")
    data = CareData(**{name: conform(name, frames.get(name)) for name in SCHEMAS})
    if loaded_files is not None:
        object.__setattr__(data, "loaded_files", frozenset(loaded_files))  # frozen: set once, here
    return data
