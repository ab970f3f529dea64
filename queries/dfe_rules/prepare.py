"""The tables as the rules read them: every DfE column present, codes as text, dates as dates.

Validation hands over typed frames whose types may differ from table to table and year to year (SEX is an
integer up to 2023/24 and a letter after; a flag may be a Boolean). The rules compare codes as the DfE writes
them, so every code becomes its text ("1", "M", "0"), a Boolean its "0"/"1", and a date that arrives as text
is read as dd/mm/yyyy or yyyy-mm-dd; ``<date>__bad`` marks text that was given but is not a date. A column a
table lacks is added empty, so a rule never fails on a file that did not carry an optional column.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

BAD = "__bad"

# The DfE's columns of each table (lower case); D marks a date, N a number.
# fmt: off
COLUMNS: dict[str, dict[str, str]] = {
    "header": {"child": "", "sex": "", "dob": "D", "ethnic": "", "upn": "", "mother": "", "mc_dob": "D"},
    "episodes": {
        "child": "",
        "decom": "D",
        "rne": "",
        "ls": "",
        "cin": "",
        "place": "",
        "place_provider": "",
        "dec": "D",
        "rec": "",
        "reason_place_change": "",
        "home_post": "",
        "pl_post": "",
        "urn": "",
    },
    "reviews": {"child": "", "dob": "D", "review": "D", "review_code": ""},
    "missing": {"child": "", "dob": "D", "missing": "", "mis_start": "D", "mis_end": "D"},
    "oc2": {
        "child": "",
        "dob": "D",
        "sdq_score": "N",
        "sdq_reason": "",
        "convicted": "",
        "health_check": "",
        "immunisations": "",
        "teeth_check": "",
        "health_assessment": "",
        "substance_misuse": "",
        "intervention_received": "",
        "intervention_offered": "",
    },
    "oc3": {"child": "", "dob": "D", "in_touch": "", "activ": "", "accom": ""},
    "uasc": {"child": "", "sex": "", "dob": "D", "duc": "D"},
    "ad1": {
        "child": "",
        "dob": "D",
        "date_int": "D",
        "date_match": "D",
        "foster_care": "",
        "nb_adoptr": "",
        "sex_adoptr": "",
        "ls_adoptr": "",
    },
    "placed_for_adoption": {
        "child": "",
        "dob": "D",
        "date_placed": "D",
        "date_placed_ceased": "D",
        "reason_placed_ceased": "",
    },
    # DATE_PERM stays text: the DfE allows ZZ for an unknown day or month (ZZ/ZZ/ZZZZ: date not known).
    "previous_permanence": {"child": "", "dob": "D", "prev_perm": "", "la_perm": "", "date_perm": ""},
    "sw_episodes": {"child": "", "dob": "D", "sw_id": "", "sw_decom": "D", "sw_dec": "D", "sw_reason": ""},
    "dolo": {"child": "", "dob": "D", "dolo_start": "D", "dolo_end": "D"},
}
# fmt: on


def _as_text(name: str, dtype: pl.DataType) -> pl.Expr:
    column = pl.col(name)
    if dtype == pl.Boolean:
        return column.cast(pl.Int8).cast(pl.String)
    if dtype.is_float():
        # a whole number read as a float (1.0) is the code "1"
        return column.cast(pl.Int64, strict=False).cast(pl.String)
    text = column.cast(pl.String).str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text)


def _as_date(name: str, dtype: pl.DataType) -> list[pl.Expr]:
    column = pl.col(name)
    if dtype == pl.Date:
        return [column, pl.lit(value=False).alias(name + BAD)]
    if dtype == pl.Datetime:
        return [column.dt.date(), pl.lit(value=False).alias(name + BAD)]
    text = column.cast(pl.String).str.strip_chars()
    parsed = pl.coalesce(
        text.str.strptime(pl.Date, "%d/%m/%Y", strict=False),
        text.str.strptime(pl.Date, "%Y-%m-%d", strict=False),
    )
    return [parsed.alias(name), (text.is_not_null() & (text != "") & parsed.is_null()).alias(name + BAD)]


def prepare_table(table: str, frame: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    """``frame`` with every DfE column of ``table`` in the types the rules expect, and ``source_row``."""
    lazy = frame.lazy()
    schema = lazy.collect_schema()
    expressions: list[pl.Expr] = []
    if "source_row" in schema:
        expressions.append(pl.col("source_row").cast(pl.Int64))
    else:
        expressions.append(pl.int_range(2, pl.len() + 2, dtype=pl.Int64).alias("source_row"))
    if "year" in schema:
        # a full extract's local YEAR column (oc2, oc3): a child has one row per year, not one in all
        expressions.append(pl.col("year").cast(pl.Int64, strict=False))
    for name, kind in COLUMNS[table].items():
        if name not in schema:
            if kind == "D":
                expressions += [pl.lit(None, pl.Date).alias(name), pl.lit(value=False).alias(name + BAD)]
            else:
                expressions.append(pl.lit(None, pl.Int64 if kind == "N" else pl.String).alias(name))
        elif kind == "D":
            expressions += _as_date(name, schema[name])
        elif kind == "N":
            expressions.append(pl.col(name).cast(pl.Int64, strict=False))
        else:
            expressions.append(_as_text(name, schema[name]).alias(name))
    return lazy.select(expressions)


def prepare_tables(tables: Mapping[str, pl.DataFrame] | None) -> dict[str, pl.LazyFrame]:
    """The tables of a return that the DfE rules know, prepared; other tables are left out."""
    return {name: prepare_table(name, frame) for name, frame in (tables or {}).items() if name in COLUMNS}
