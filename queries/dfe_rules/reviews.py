"""The DfE's rules on reviews.csv: looked-after reviews and the child's participation."""

from __future__ import annotations

import polars as pl

from queries.codes import REVIEW_CODE
from queries.dfe_rules.common import RESPITE, birthday, given, invalid_code, invalid_date, is_in
from queries.dfe_rules.model import Context, rule
from queries.dfe_rules.shapes import row_rule

row_rule(
    "166",
    "Date of review is invalid or blank.",
    "reviews",
    "REVIEW",
    invalid_date("review", required=True),
)


@rule(
    "167",
    "Data entry for participation is invalid or blank.",
    "reviews",
    ("REVIEW_CODE", "REVIEW"),
)
def rule_167(ctx: Context) -> pl.LazyFrame:
    reviews = ctx["reviews"]
    return reviews.filter(
        given("review") & invalid_code("review_code", REVIEW_CODE, required=True)
        | (pl.col("review").is_null() & given("review_code"))
    )


row_rule(
    "440",
    (
        "Participation method indicates child was under 4 years old at the time of the review, but date "
        "of birth and review date indicates the child was 4 years old or over."
    ),
    "reviews",
    ("REVIEW_CODE", "REVIEW", "DOB"),
    (pl.col("review_code") == "PN0") & (pl.col("review") > birthday("dob", 4)),
)


row_rule(
    "441",
    (
        "Participation method indicates child was 4 years old or over at the time of the review, but the "
        "date of birth and review date indicates the child was under 4 years old."
    ),
    "reviews",
    ("REVIEW_CODE", "REVIEW", "DOB"),
    is_in("review_code", REVIEW_CODE[1:]) & (pl.col("review") < birthday("dob", 4)),
)


@rule(
    "399",
    (
        "Mother field, review field or participation field are completed but child is looked after under "
        "legal status V3 or V4."
    ),
    ("reviews", "episodes"),
    ("REVIEW", "REVIEW_CODE", "LS"),
    partly="reports the reviews; the DfE also names the episodes and a MOTHER given in header",
)
def rule_399(ctx: Context) -> pl.LazyFrame:
    respite_only = ctx["episodes"].group_by("child").agg(is_in("ls", RESPITE).all().alias("respite_only"))
    reviews = ctx["reviews"].join(respite_only.filter(pl.col("respite_only")), on="child", how="semi")
    return reviews.filter(given("review") | given("review_code"))
