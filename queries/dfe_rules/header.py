"""The DfE's rules on header.csv: one row per child (sex, date of birth, ethnicity, UPN, motherhood)."""

from __future__ import annotations

import polars as pl

from queries.codes import ETHNIC
from queries.dfe_rules.common import (
    RESPITE,
    birthday,
    blank,
    child_in,
    child_not_in,
    differs,
    first_episodes,
    given,
    in_year,
    invalid_code,
    invalid_date,
    is_female,
    is_in,
    is_male,
    last_episodes,
    sex_letter,
    with_header,
    with_last,
)
from queries.dfe_rules.model import Context, rule
from queries.dfe_rules.shapes import row_rule

UPN_UNKNOWN = ("UN1", "UN2", "UN3", "UN4", "UN5")
# A UPN is a letter (not I, O or S), then 12 digits or 11 digits and a letter; or an unknown code.
UPN_PATTERN = r"^(([A-HJ-NPQRT-Z](\d{12}|\d{11}[A-Z]))|(UN[1-5]))$"


def _not_respite(ctx: Context) -> pl.LazyFrame:
    return ctx["episodes"].filter(~is_in("ls", RESPITE))


row_rule(
    "101",
    "Gender code is not valid.",
    "header",
    "SEX",
    invalid_code("sex", ("1", "2"), required=True),
)


row_rule(
    "101",
    "The child or young person’s reported sex is not valid.",
    "header",
    "SEX",
    invalid_code("sex", ("M", "F", "U"), required=True),
    edition=2025,
)


row_rule(
    "102",
    "Date of birth is not a valid date.",
    "header",
    "DOB",
    invalid_date("dob", required=True),
)


row_rule(
    "103",
    "The ethnicity code is either not valid or has not been entered.",
    "header",
    "ETHNIC",
    invalid_code("ethnic", ETHNIC, required=True),
)


row_rule(
    "168",
    (
        "Unique Pupil Number (UPN) is not valid. If unknown, default codes should be UN1, UN2, UN3, UN4 "
        "or UN5."
    ),
    "header",
    "UPN",
    given("upn") & ~pl.col("upn").str.contains(UPN_PATTERN),
)


row_rule(
    "171",
    "Date of birth of mother's child is not a valid date.",
    "header",
    "MC_DOB",
    invalid_date("mc_dob"),
)


@rule(
    "174",
    "Mother's child date of birth is recorded but sex shows that the child is a male.",
    "header",
    ("SEX", "MC_DOB"),
    edition=2025,
)
@rule(
    "174",
    "Mother's child date of birth is recorded but gender shows that the child is a male.",
    "header",
    ("SEX", "MC_DOB"),
)
def rule_174(ctx: Context) -> pl.LazyFrame:
    return ctx["header"].filter(is_male() & given("mc_dob"))


@rule(
    "209",
    (
        "Child looked after is of school age and should not have an unknown Unique Pupil Number (UPN) "
        "code of UN1."
    ),
    "header",
    ("UPN", "DOB"),
)
def rule_209(ctx: Context) -> pl.LazyFrame:
    # school age: four or over on 31 August before the collection year began
    reference = pl.lit(ctx.start_date.replace(year=ctx.year - 2, month=8, day=31))
    return ctx["header"].filter((birthday("dob", 4) <= reference) & (pl.col("upn") == "UN1"))


@rule(
    "210",
    (
        "Children looked after for more than a week at 31 March should not have an unknown Unique Pupil "
        "Number (UPN) code of UN4."
    ),
    ("header", "episodes"),
    ("UPN", "DECOM"),
)
def rule_210(ctx: Context) -> pl.LazyFrame:
    # UN4 (not yet obtained) is for children who came into care in the last week of the year
    late = ctx["episodes"].filter(pl.col("decom") >= pl.lit(ctx.end_date.replace(day=24)))
    return child_in(ctx["header"].filter(pl.col("upn") == "UN4"), late)


@rule(
    "231",
    (
        "We expect that unaccompanied asylum seeking children are generally older young people. Please "
        "check the date of birth is correct. If the date of birth is correct then please provide details "
        "in a bypass request."
    ),
    ("header", "uasc"),
    ("DOB", "UASC"),
    edition=2025,
)
def rule_231_2025(ctx: Context) -> pl.LazyFrame:
    young = pl.col("dob") > pl.lit(ctx.end_date).dt.offset_by("-11y")
    return child_in(ctx["header"].filter(young), ctx["uasc"])


row_rule(
    "232",
    "Sex of the child/young person has been reported as unknown.",
    "header",
    "SEX",
    is_in("sex", ("U",)),
    edition=2025,
)


row_rule(
    "301",
    "Date of birth falls after the year ended.",
    "header",
    "DOB",
    lambda ctx: pl.col("dob") > ctx.end,
)


row_rule(
    "351",
    "Child was over 25 at the start of the current collection year.",
    "header",
    "DOB",
    lambda ctx: ctx.start > birthday("dob", 25),
)


@rule(
    "393",
    "Child is looked after but mother field is not completed.",
    ("header", "episodes"),
    "MOTHER",
    edition=2025,
)
@rule(
    "393",
    "Child is looked after but mother field is not completed.",
    ("header", "episodes"),
    "MOTHER",
)
def rule_393(ctx: Context) -> pl.LazyFrame:
    return child_in(ctx["header"].filter(is_female() & blank("mother")), _not_respite(ctx))


@rule(
    "442",
    "Unique Pupil Number (UPN) field is not completed.",
    ("header", "episodes"),
    "UPN",
)
def rule_442(ctx: Context) -> pl.LazyFrame:
    return child_in(ctx["header"].filter(blank("upn")), _not_respite(ctx))


@rule(
    "444",
    "Duplicate UPN has been reported",
    "header",
    "UPN",
    edition=2026,
)
def rule_444_2026(ctx: Context) -> pl.LazyFrame:
    known = ctx["header"].filter(given("upn") & ~is_in("upn", UPN_UNKNOWN))
    return known.filter(pl.len().over("upn") > 1)


@rule(
    "607",
    "Child ceased to be looked after in the year, but mother field has not been completed.",
    ("header", "episodes"),
    ("MOTHER", "DEC", "REC", "LS", "SEX"),
    edition=2025,
)
@rule(
    "607",
    "Child ceased to be looked after in the year, but mother field has not been completed.",
    ("header", "episodes"),
    ("MOTHER", "DEC", "REC", "LS", "SEX"),
)
def rule_607(ctx: Context) -> pl.LazyFrame:
    ceased = ctx["episodes"].filter(
        given("dec") & given("rec") & (pl.col("rec") != "X1") & ~is_in("ls", RESPITE) & in_year(ctx, "dec")
    )
    return child_in(ctx["header"].filter(is_female() & blank("mother")), ceased)


row_rule(
    "611",
    "Date of birth field is blank, but child is a mother.",
    "header",
    ("MC_DOB", "MOTHER"),
    (pl.col("mother") == "1") & blank("mc_dob"),
)


@rule(
    "612",
    "Date of birth field has been completed but mother field indicates child is not a mother.",
    "header",
    ("MC_DOB", "MOTHER", "SEX"),
    edition=2025,
)
@rule(
    "612",
    "Date of birth field has been completed but mother field indicates child is not a mother.",
    "header",
    ("MC_DOB", "MOTHER", "SEX"),
)
def rule_612(ctx: Context) -> pl.LazyFrame:
    return ctx["header"].filter(((pl.col("mother") == "0") | blank("mother")) & is_female() & given("mc_dob"))


row_rule(
    "620",
    (
        "Child has been recorded as a mother, but date of birth shows that the mother is under 11 years "
        "of age."
    ),
    "header",
    ("MOTHER", "DOB"),
    lambda ctx: (pl.col("mother") == "1") & (birthday("dob", 11) > ctx.start),
)


row_rule(
    "621",
    "Mother’s field has been completed but date of birth shows that the mother is younger than her child.",
    "header",
    ("MC_DOB", "DOB"),
    pl.col("mc_dob") <= pl.col("dob"),
)


@rule(
    "625",
    (
        "Date of birth of the first child is beyond the end of this reporting year or the date the child "
        "ceased to be looked after."
    ),
    ("header", "episodes"),
    ("MC_DOB", "DEC"),
)
def rule_625(ctx: Context) -> pl.LazyFrame:
    latest = last_episodes(ctx["episodes"].filter(given("dec"))).select("child", "dec")
    header = ctx["header"].join(latest, on="child", how="left")
    return header.filter((pl.col("mc_dob") > ctx.end) | (pl.col("mc_dob") > pl.col("dec")))


@rule(
    "165",
    "Data entry for mother status is invalid.",
    ("header", "episodes", "oc3"),
    ("MOTHER", "SEX"),
    partly="the OC3-only branch (a mother with no episode this year) is left out",
)
def rule_165(ctx: Context) -> pl.LazyFrame:
    valid = ~pl.col("mother").is_in(["0", "1"]).fill_null(value=True)
    in_year_episodes = ctx["episodes"].filter(
        ~is_in("ls", RESPITE) & (pl.col("decom") <= ctx.end) & ((pl.col("dec") >= ctx.start) | blank("dec"))
    )
    missing = child_in(ctx["header"].filter(is_female() & blank("mother")), in_year_episodes)
    return pl.concat([ctx["header"].filter(valid | (is_male() & given("mother"))), missing]).unique(
        "source_row"
    )


@rule(
    "EPI",
    (
        "WARNING: Episodes need to be loaded for this child before further validation is possible [NOTE: "
        "This refers to the DfE portal - here, all checks that can be performed with only the available "
        "data will be.]"
    ),
    "header",
    "CHILD",
)
def rule_epi(ctx: Context) -> pl.LazyFrame:
    header = child_not_in(ctx["header"], ctx["episodes"]) if ctx.has("episodes") else ctx["header"]
    return child_not_in(header, ctx["oc3"]) if ctx.has("oc3") else header


@rule(
    "202",
    "The gender code conflicts with the gender already recorded for this child.",
    "header",
    "SEX",
    previous=True,
)
def rule_202(ctx: Context) -> pl.LazyFrame:
    header = with_last(ctx["header"], ctx, "header", "sex")
    return header.filter(differs("sex", "sex_last") & (sex_letter("sex") != sex_letter("sex_last")))


@rule(
    "203",
    "Date of birth disagrees with the date of birth already recorded for this child.",
    "header",
    "DOB",
    previous=True,
)
def rule_203(ctx: Context) -> pl.LazyFrame:
    return with_last(ctx["header"], ctx, "header", "dob").filter(differs("dob", "dob_last"))


@rule(
    "204",
    "Ethnic origin code disagrees with the ethnic origin already recorded for this child.",
    "header",
    "ETHNIC",
    previous=True,
)
def rule_204(ctx: Context) -> pl.LazyFrame:
    return with_last(ctx["header"], ctx, "header", "ethnic").filter(differs("ethnic", "ethnic_last"))


@rule(
    "207",
    ("Mother status for the current year disagrees with the mother status already recorded for this child."),
    ("header", "episodes"),
    "MOTHER",
    previous=True,
)
def rule_207(ctx: Context) -> pl.LazyFrame:
    header = child_in(with_last(ctx["header"], ctx, "header", "mother"), ctx["episodes"])
    return header.filter((pl.col("mother_last") == "1") & differs("mother", "mother_last"))


@rule(
    "208",
    (
        "Unique Pupil Number (UPN) for the current year disagrees with the Unique Pupil Number (UPN) "
        "already recorded for this child."
    ),
    "header",
    "UPN",
    previous=True,
)
def rule_208(ctx: Context) -> pl.LazyFrame:
    header = with_last(ctx["header"], ctx, "header", "upn")
    now, before = pl.col("upn"), pl.col("upn_last")
    unknown_before = before.is_null() | before.is_in(UPN_UNKNOWN)
    # from blank or UN1 to another unknown code, or from unknown to a known UPN, is a change the DfE allows
    allowed = ((before.is_null() | (before == "UN1")) & now.is_in(UPN_UNKNOWN[1:])) | (
        unknown_before & now.is_not_null() & ~now.is_in(UPN_UNKNOWN)
    )
    return header.filter(differs("upn", "upn_last") & ~allowed.fill_null(value=False))


@rule(
    "624",
    (
        "Date of birth of the first child contradicts the date of birth of the first child previously "
        "recorded."
    ),
    "header",
    "MC_DOB",
    previous=True,
)
def rule_624(ctx: Context) -> pl.LazyFrame:
    header = with_last(ctx["header"], ctx, "header", "mc_dob")
    return header.filter(given("mc_dob_last") & differs("mc_dob", "mc_dob_last"))


@rule(
    "626",
    (
        "Child was reported as a mother but the date of birth of the first child is before the current "
        "year which contradicts with the mother status recorded last year."
    ),
    "header",
    ("MOTHER", "MC_DOB"),
    previous=True,
)
def rule_626(ctx: Context) -> pl.LazyFrame:
    header = with_last(ctx["header"].filter(given("mc_dob")), ctx, "header", "mother")
    now_mother = (pl.col("mother") == "1") & (pl.col("mother_last") == "0")
    return header.filter(now_mother & (pl.col("mc_dob") < ctx.start))


@rule(
    "302",
    "First episode starts before child was born.",
    ("episodes", "header"),
    ("DECOM", "DOB"),
)
def rule_302(ctx: Context) -> pl.LazyFrame:
    # the first episode of this return: the one that began the period of care may be in an earlier year
    first = first_episodes(ctx["episodes"])
    return with_header(first, ctx, "dob").filter(pl.col("decom") < pl.col("dob"))
