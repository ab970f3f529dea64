"""Data-quality notes the indicator definitions ask for, with child ids: for the analyst role only.

The education indicators leave out "pupils without an education row ... and [count them] in a data-quality
note" (README, "Where the definitions are"). The note names children, so the role check is here, in the data
layer, not only on the page.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.data import CareData
from metrics.indicators.education import education_rows_missing
from metrics.roles import Role
from metrics.terms import age_at

NOTE_SCHEMA = {"year": pl.Int64, "note": pl.String, "child": pl.String}
NO_EDUCATION_ROW = (
    "School-age child of the outcomes cohort with no education.csv row for the year: left out of the "
    "education figures"
)
# Pupils are children of school age: reception to Year 11, aged 4 to 15 on 31 August when the academic year
# starts. A child younger or older has no school row to miss.
SCHOOL_AGES = (4, 15)


def pupils_without_education_row(data: CareData, year: int) -> pl.DataFrame:
    """Column ``child``: school-age children of the outcomes cohort of ``year`` with no education row."""
    age = age_at(pl.col("dob"), date(year - 1, 8, 31))
    school_age = data.header.lazy().filter(age.is_between(*SCHOOL_AGES)).select("child")
    return education_rows_missing(data, year).lazy().join(school_age, on="child", how="semi").collect()


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
        pupils_without_education_row(data, year).select(
            pl.lit(year, pl.Int64).alias("year"), pl.lit(NO_EDUCATION_ROW).alias("note"), "child"
        )
        for year in years
    ]
    if not notes:
        return pl.DataFrame(schema=NOTE_SCHEMA)
    return pl.concat(notes).sort("year", "child", descending=[True, False])
