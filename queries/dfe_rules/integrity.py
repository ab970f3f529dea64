"""The DfE's internal checks (INT): every file's children are in header, agree with it, appear once.

Three shapes, each declared by a factory for every file the DfE names: a child of the file who is not in
header.csv (INT01-INT09), a date of birth (INT11-INT18) or sex (INT21) that differs from the child's header
row, and a child with more than one row in a file that holds one row per child (INT31-INT36).
"""

from __future__ import annotations

import polars as pl

from queries.dfe_rules.common import child_not_in, given, sex_letter, with_header
from queries.dfe_rules.model import Context, rule

# the DfE's name of each of our files, as its messages write it
DFE_NAME = {
    "ad1": "AD1",
    "placed_for_adoption": "PlacedAdoption",
    "episodes": "Episodes",
    "missing": "Missing",
    "oc2": "OC2",
    "oc3": "OC3",
    "previous_permanence": "PrevPerm",
    "reviews": "Reviews",
    "uasc": "UASC",
    "header": "Header",
}


def child_in_header(code: str, table: str) -> None:
    """Declare INTnn: a row of ``table`` whose child has no row in header.csv."""

    def check(ctx: Context) -> pl.LazyFrame:
        return child_not_in(ctx[table], ctx["header"])

    kind = "Data Integrity Check" if table == "ad1" else "Internal Check"
    message = f"{kind}: Child in {DFE_NAME[table]} does not exist in Header."
    rule(code, message, (table, "header"), "CHILD")(check)


def agrees_with_header(code: str, table: str, field: str) -> None:
    """Declare INTnn: ``field`` of a row of ``table`` differs from the child's header row (both given).

    SEX is compared as the 2024/25 letters, so a child's 1 in one file and M in the other agree.
    """
    name = field.lower()

    def check(ctx: Context) -> pl.LazyFrame:
        joined = with_header(ctx[table], ctx, name)
        other = f"{name}_header"
        mine, theirs = (
            (sex_letter(name), sex_letter(other)) if name == "sex" else (pl.col(name), pl.col(other))
        )
        return joined.filter(given(name) & given(other) & (mine != theirs))

    message = f"Internal Check: {field} in {DFE_NAME[table]} is different to {field} in Header."
    rule(code, message, (table, "header"), field)(check)


def once_per_child(code: str, table: str) -> None:
    """Declare INTnn: every row of a child who has more than one row in ``table``."""

    def check(ctx: Context) -> pl.LazyFrame:
        frame = ctx[table]
        # a full extract holds a row per child for each year in its YEAR column: once per child and year
        per = ["child", "year"] if "year" in frame.collect_schema().names() else ["child"]
        return frame.filter(pl.len().over(per) > 1)

    rule(code, f"Internal Check: Child should only exist once in {DFE_NAME[table]}.", table, "CHILD")(check)


for _code, _table in (
    ("INT01", "ad1"),
    ("INT02", "placed_for_adoption"),
    ("INT03", "episodes"),
    ("INT04", "missing"),
    ("INT05", "oc2"),
    ("INT06", "oc3"),
    ("INT07", "previous_permanence"),
    ("INT08", "reviews"),
    ("INT09", "uasc"),
):
    child_in_header(_code, _table)

for _code, _table in (
    ("INT11", "ad1"),
    ("INT12", "placed_for_adoption"),
    ("INT13", "missing"),
    ("INT14", "oc2"),
    ("INT15", "oc3"),
    ("INT16", "previous_permanence"),
    ("INT17", "reviews"),
    ("INT18", "uasc"),
):
    agrees_with_header(_code, _table, "DOB")
agrees_with_header("INT21", "uasc", "SEX")

for _code, _table in (
    ("INT31", "ad1"),
    ("INT32", "header"),
    ("INT33", "oc2"),
    ("INT34", "oc3"),
    ("INT35", "previous_permanence"),
    ("INT36", "uasc"),
):
    once_per_child(_code, _table)
