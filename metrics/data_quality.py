"""Data-quality notes the indicator definitions ask for, with child ids: for the analyst role only.

The education indicators leave out "pupils without an education row ... and [count them] in a data-quality
note" (shared/indicators.md, Education). The note names children, so the role check is here, in the data
layer, not only on the page.
"""

from __future__ import annotations

import polars as pl

from metrics.data import CareData
from metrics.indicators.education import education_rows_missing
from metrics.roles import Role

NOTE_SCHEMA = {"year": pl.Int64, "note": pl.String, "child": pl.String}
NO_EDUCATION_ROW = (
    "In the outcomes cohort but no education.csv row for the year: left out of education figures"
)


def data_quality_notes(data: CareData, role: Role) -> pl.DataFrame:
    """One row per child a note is about (year, note, child), newest year first.

    Raises PermissionError for every role but the analyst's, since the rows carry child ids.
    """
    if not role.sees_data_quality:
        raise PermissionError(f"the {role} role may not see child-level data-quality notes")
    years = sorted(
        set(data.education.get_column("year").to_list()) | set(data.oc2.get_column("year").to_list())
    )
    notes = [
        education_rows_missing(data, year).select(
            pl.lit(year, pl.Int64).alias("year"), pl.lit(NO_EDUCATION_ROW).alias("note"), "child"
        )
        for year in years
    ]
    if not notes:
        return pl.DataFrame(schema=NOTE_SCHEMA)
    return pl.concat(notes).sort("year", "child", descending=[True, False])
