"""The input of every indicator: the frames of one return, with the column names and types metrics expect.

Column names are the data-spec names in lower case. `queries.extract.read_care_data` builds this from the
database; tests build it from small literal frames with `care_data(...)`, which fills absent tables with
empty frames and casts what is given to the types below, so a test states only the columns it is about.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import polars as pl

D, S, N, F, B = pl.Date, pl.String, pl.Int64, pl.Float64, pl.Boolean

SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "header": {"child": S, "sex": N, "dob": D, "ethnic": S, "upn": S, "mother": B, "mc_dob": D},
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
    # Optional local files: empty frames when the return has none.
    services: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=SCHEMAS["services"]))
    inspections: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=SCHEMAS["inspections"]))
    service_costs: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=SCHEMAS["service_costs"]))


def conform(name: str, frame: pl.DataFrame | None) -> pl.DataFrame:
    """``frame`` with exactly the columns of table ``name``: missing ones added as nulls, types cast."""
    schema = SCHEMAS[name]
    if frame is None:
        return pl.DataFrame(schema=schema)
    return frame.select(
        (pl.col(column) if column in frame.columns else pl.lit(None)).cast(dtype).alias(column)
        for column, dtype in schema.items()
    )


def care_data(**frames: pl.DataFrame) -> CareData:
    """A `CareData` from whichever frames are given; the rest are empty."""
    unknown = set(frames) - set(SCHEMAS)
    if unknown:
        raise ValueError(f"unknown tables: {sorted(unknown)}")
    return CareData(**{field.name: conform(field.name, frames.get(field.name)) for field in fields(CareData)})
