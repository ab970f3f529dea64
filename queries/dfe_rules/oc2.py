"""The DfE's rules on oc2.csv: children looked after continuously for 12 months at 31 March."""

from __future__ import annotations

import polars as pl

from queries.codes import SDQ_REASON
from queries.dfe_rules.common import (
    all_blank,
    any_blank,
    any_given,
    birthday,
    blank,
    given,
    invalid_code,
    not_in,
    with_cla,
)
from queries.dfe_rules.model import Context, rule
from queries.dfe_rules.shapes import Condition, resolve, row_rule

OUTCOMES = (
    "convicted", "health_check", "immunisations", "teeth_check", "health_assessment", "substance_misuse",
    "intervention_received", "intervention_offered",
)  # fmt: skip
HEALTH = ("immunisations", "teeth_check", "health_assessment", "substance_misuse")
SDQ = ("sdq_score", "sdq_reason")


def _oc2(ctx: Context) -> pl.LazyFrame:
    return ctx["oc2"]


def _cla(ctx: Context) -> pl.LazyFrame:
    return with_cla(ctx["oc2"], ctx)


def cla_rule(
    code: str,
    message: str,
    fields: str | tuple[str, ...],
    condition: Condition,
    *,
    partly: str = "",
) -> None:
    """Declare a rule on the oc2 rows with ``cla`` (the child was looked after continuously all year, from
    the episodes): the rows meeting ``condition``."""

    def check(ctx: Context) -> pl.LazyFrame:
        return _cla(ctx).filter(resolve(condition, ctx))

    rule(code, message, ("oc2", "episodes"), fields, partly=partly)(check)


row_rule(
    "180",
    "Data entry for the strengths and difficulties questionnaire (SDQ) score is invalid.",
    "oc2",
    "SDQ_SCORE",
    given("sdq_score") & ~pl.col("sdq_score").is_between(0, 40),
)


row_rule(
    "181",
    (
        "Data items relating to children looked after continuously for 12 months should be completed with"
        " a 0 or 1."
    ),
    "oc2",
    (
        "CONVICTED",
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ),
    pl.any_horizontal([not_in(name, ("0", "1")) for name in OUTCOMES]),
)


row_rule(
    "182",
    (
        "Data entries on immunisations, teeth checks, health assessments and substance misuse problem "
        "identified should be completed or all OC2 fields should be left blank."
    ),
    "oc2",
    (
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "CONVICTED",
        "HEALTH_CHECK",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ),
    any_blank(HEALTH)
    & ~all_blank(("convicted", "health_check", "intervention_received", "intervention_offered")),
)


row_rule(
    "196",
    "Strengths and Difficulties (SDQ) reason is not a valid code.",
    "oc2",
    "SDQ_REASON",
    invalid_code("sdq_reason", SDQ_REASON),
)


row_rule(
    "197a",
    (
        "Reason for no Strengths and Difficulties (SDQ) score is not required if Strengths and "
        "Difficulties Questionnaire score is filled in."
    ),
    "oc2",
    ("SDQ_REASON", "SDQ_SCORE"),
    given("sdq_score") & given("sdq_reason"),
)


row_rule(
    "158",
    (
        "If a child has been recorded as receiving an intervention for their substance misuse problem, "
        "then the additional item on whether an intervention was offered should be left blank."
    ),
    "oc2",
    ("INTERVENTION_OFFERED", "INTERVENTION_RECEIVED"),
    (pl.col("intervention_received") == "1") & given("intervention_offered"),
)


row_rule(
    "159",
    (
        "If a child has been recorded as not receiving an intervention for their substance misuse "
        "problem, then the additional item on whether an intervention was offered should be completed as "
        "well."
    ),
    "oc2",
    ("INTERVENTION_OFFERED", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED"),
    (pl.col("substance_misuse") == "1")
    & (pl.col("intervention_received") == "0")
    & blank("intervention_offered"),
)


row_rule(
    "192",
    (
        "Child has been identified as having a substance misuse problem but the additional item on "
        "whether an intervention was received has been left blank."
    ),
    "oc2",
    ("INTERVENTION_RECEIVED", "SUBSTANCE_MISUSE"),
    (pl.col("substance_misuse") == "1") & blank("intervention_received"),
)


row_rule(
    "193",
    (
        "Child not identified as having a substance misuse problem but at least one of the two additional"
        " items on whether an intervention were offered and received have been completed."
    ),
    "oc2",
    ("INTERVENTION_RECEIVED", "INTERVENTION_OFFERED", "SUBSTANCE_MISUSE"),
    (blank("substance_misuse") | (pl.col("substance_misuse") == "0"))
    & any_given(("intervention_received", "intervention_offered")),
)


row_rule(
    "188",
    (
        "Child is aged under 4 years at the end of the year, but a Strengths and Difficulties (SDQ) score"
        " or a reason for no SDQ score has been completed."
    ),
    "oc2",
    ("SDQ_SCORE", "SDQ_REASON", "DOB"),
    lambda ctx: (birthday("dob", 4) > ctx.end) & any_given(SDQ),
)


row_rule(
    "189",
    (
        "Child is aged 17 years or over at the beginning of the year, but an Strengths and Difficulties "
        "(SDQ) score or a reason for no Strengths and Difficulties (SDQ) score has been completed."
    ),
    "oc2",
    ("SDQ_SCORE", "SDQ_REASON", "DOB"),
    lambda ctx: (birthday("dob", 17) < ctx.start) & any_given(SDQ),
)


row_rule(
    "542",
    "A child aged under 10 at 31 March should not have conviction information completed.",
    "oc2",
    ("CONVICTED", "DOB"),
    lambda ctx: (birthday("dob", 10) > ctx.end) & given("convicted"),
)


row_rule(
    "544",
    (
        "Any child who has conviction information completed must also have immunisation, teeth check, "
        "health assessment and substance misuse problem identified fields completed."
    ),
    "oc2",
    ("CONVICTED", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"),
    (pl.col("convicted") == "1") & any_blank(HEALTH),
)


row_rule(
    "547",
    (
        "Any child who has health promotion information completed must also have immunisation, teeth "
        "check, health assessment and substance misuse problem identified fields completed."
    ),
    "oc2",
    ("HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"),
    (pl.col("health_check") == "1") & any_blank(HEALTH),
)


cla_rule(
    "157",
    (
        "Child is aged 4 years or over at the beginning of the year or 16 years or under at the end of "
        "the year and Strengths and Difficulties Questionnaire (SDQ) 1 has been recorded as the reason "
        "for no Strengths and Difficulties Questionnaire (SDQ) score."
    ),
    ("SDQ_REASON", "DOB"),
    lambda ctx: (
        pl.col("cla")
        & (birthday("dob", 4) <= ctx.start)
        & (birthday("dob", 16) >= ctx.end)
        & blank("sdq_score")
        & (pl.col("sdq_reason") == "SDQ1")
    ),
)


cla_rule(
    "185",
    (
        "Child has not been looked after continuously for at least 12 months at 31 March but a Strengths "
        "and Difficulties (SDQ) score has been completed."
    ),
    "SDQ_SCORE",
    given("sdq_score") & ~pl.col("cla"),
)


cla_rule(
    "186",
    (
        "Children aged 4 or over at the start of the year and children aged under 17 at the end of the "
        "year and who have been looked after for at least 12 months continuously should have a Strengths "
        "and Difficulties (SDQ) score completed."
    ),
    ("SDQ_SCORE", "SDQ_REASON"),
    lambda ctx: (
        pl.col("cla") & (birthday("dob", 4) <= ctx.start) & (birthday("dob", 17) > ctx.end) & all_blank(SDQ)
    ),
)


cla_rule(
    "190",
    (
        "Child has not been looked after continuously for at least 12 months at 31 March but one or more "
        "data items relating to children looked after for 12 months have been completed."
    ),
    (
        "CONVICTED",
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ),
    ~pl.col("cla") & any_given(OUTCOMES),
)


cla_rule(
    "191",
    (
        "Child has been looked after continuously for at least 12 months at 31 March but one or more data"
        " items relating to children looked after for 12 months have been left blank."
    ),
    ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"),
    pl.col("cla") & any_blank(HEALTH),
    partly="reports the oc2 rows; a child with no oc2 row is left to the DfE",
)


@rule(
    "197B",
    "SDQ score or reason for no SDQ should be reported for 4- or 17-year-olds.",
    ("oc2", "episodes"),
    ("SDQ_REASON", "SDQ_SCORE", "DOB"),
)
def rule_197b(ctx: Context) -> pl.LazyFrame:
    turns_4 = birthday("dob", 4).is_between(ctx.start, ctx.end)
    turns_17 = birthday("dob", 17).is_between(ctx.start, ctx.end)
    return _cla(ctx).filter((turns_4 | turns_17) & pl.col("cla") & all_blank(SDQ))


cla_rule(
    "198",
    (
        "Child has not been looked after continuously for at least 12 months at 31 March but a reason for"
        " no Strengths and Difficulties (SDQ) score has been completed."
    ),
    "SDQ_REASON",
    given("sdq_reason") & ~pl.col("cla"),
)


cla_rule(
    "543",
    (
        "Child is aged 10 or over at 31 March and has been looked after continuously for 12 months yet "
        "conviction information has not been completed."
    ),
    ("CONVICTED", "DOB"),
    lambda ctx: (ctx.end > birthday("dob", 10)) & pl.col("cla") & blank("convicted"),
)


cla_rule(
    "545",
    (
        "Child is aged under 5 at 31 March and has been looked after continuously for 12 months yet "
        "health promotion information has not been completed."
    ),
    ("HEALTH_CHECK", "DOB"),
    lambda ctx: (ctx.end < birthday("dob", 5)) & pl.col("cla") & blank("health_check"),
)


cla_rule(
    "546",
    "Children aged 5 or over at 31 March should not have health promotion information completed.",
    ("HEALTH_CHECK", "DOB"),
    lambda ctx: (ctx.end >= birthday("dob", 5)) & pl.col("cla") & given("health_check"),
)


@rule(
    "215",
    (
        "Child has care leaver information but one or more data items relating to children looked after "
        "for 12 months have been completed."
    ),
    ("oc2", "oc3"),
    (
        "CONVICTED",
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ),
)
def rule_215(ctx: Context) -> pl.LazyFrame:
    leavers = ctx["oc3"].filter(any_given(("in_touch", "activ", "accom")))
    return (
        _oc2(ctx).filter(any_given(OUTCOMES)).join(leavers.select("child").unique(), on="child", how="semi")
    )
