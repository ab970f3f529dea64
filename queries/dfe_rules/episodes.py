"""The DfE's rules on episodes.csv: codes, dates, the order of episodes, placements and legal statuses."""

from __future__ import annotations

from datetime import date

import polars as pl

from queries import codes
from queries.dfe_rules.common import (
    RESPITE,
    TEMPORARY_PLACES,
    birthday,
    blank,
    days_between,
    differs,
    episode_order,
    given,
    invalid_code,
    invalid_date,
    is_in,
    not_in,
    with_header,
)
from queries.dfe_rules.model import Context, rule
from queries.dfe_rules.shapes import row_rule

ADOPTED = ("E11", "E12")
FOSTER_OR_ADOPTION = ("A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6")
# Placements that need no Ofsted URN (DfE 218 and 222), by the year their list changed.
NO_URN_2023 = ("H5", "P1", "P2", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1")
NO_URN_2024 = tuple(place for place in NO_URN_2023 if place != "H5")
NO_URN_2025 = tuple(place for place in NO_URN_2024 if place != "P2")
NO_URN_2026 = (*(place for place in NO_URN_2025 if place != "Z1"), "Z11", "Z12", "Z13", "Z14")
NO_PROVIDER_2023 = (*TEMPORARY_PLACES, "Z1")
NO_PROVIDER_2026 = ("T0", "T1", "T2", "T3", "Z11", "Z12", "Z13", "Z14")
# Placements outside England have no Ofsted URN: Jersey, Guernsey, the Isle of Man, Northern Ireland.
OUTSIDE_ENGLAND_POSTCODES = r"^(JE|GY|IM|BT)\d"
CHANGE_COLUMNS = ("place", "pl_post", "urn", "place_provider")
LEGAL_STATUS_LIMITS = {"L1": 3, "L2": 21, "L3": 7, "J2": 21}  # days (DfE 361 to 364)


def _episodes(ctx: Context) -> pl.LazyFrame:
    return ctx["episodes"]


def _ordered(ctx: Context) -> pl.LazyFrame:
    return episode_order(
        ctx["episodes"], "dec", "rec", "rne", "ls", "cin", "decom", *CHANGE_COLUMNS, "reason_place_change"
    )


def _aged(ctx: Context) -> pl.LazyFrame:
    return with_header(ctx["episodes"], ctx, "dob")


def _place_start_before(ctx: Context, place: str, years: int) -> pl.LazyFrame:
    return _aged(ctx).filter(
        (pl.col("place") == place) & given("dec") & (pl.col("decom") < birthday("dob", years))
    )


def _place_longer_than(ctx: Context, place: str, days: int) -> pl.LazyFrame:
    return _episodes(ctx).filter((pl.col("place") == place) & (days_between("decom", "dec") > days))


def _no_urn_expected(ctx: Context, places: tuple[str, ...]) -> pl.LazyFrame:
    outside = (
        pl.col("pl_post").str.to_uppercase().str.contains(OUTSIDE_ENGLAND_POSTCODES).fill_null(value=False)
    )
    ends_in_year = (pl.col("dec") >= ctx.start) | blank("dec")
    return _episodes(ctx).filter(ends_in_year & blank("urn") & ~is_in("place", places) & ~outside)


def _urn_not_expected(ctx: Context, places: tuple[str, ...]) -> pl.LazyFrame:
    return _episodes(ctx).filter(is_in("place", places) & given("urn") & (pl.col("urn") != "XXXXXXX"))


def _status_runs(ctx: Context, status: str) -> pl.LazyFrame:
    """Episodes of one legal status, with the length in days of the unbroken run of it they belong to."""
    runs = (
        _episodes(ctx)
        .filter((pl.col("ls") == status) & given("decom"))
        .with_columns(pl.col("dec").fill_null(ctx.end).alias("until"))
        .sort("child", "decom")
        .with_columns(
            (pl.col("decom") > pl.col("until").shift(1).over("child"))
            .fill_null(value=True)
            .cum_sum()
            .over("child")
            .alias("run")
        )
    )
    return runs.with_columns(
        (pl.col("until").max() - pl.col("decom").min()).dt.total_days().over("child", "run").alias("run_days")
    )


def _status_longer_than_limit(ctx: Context, status: str) -> pl.LazyFrame:
    return _status_runs(ctx, status).filter(pl.col("run_days") > LEGAL_STATUS_LIMITS[status])


def _first_place_provider_rule(places: tuple[str, ...], provider: str) -> pl.Expr:
    return is_in("place", places) & (pl.col("place_provider") == provider)


row_rule(
    "141",
    "Date episode began is not a valid date.",
    "episodes",
    "DECOM",
    invalid_date("decom", required=True),
)


@rule(
    "142",
    "A new episode has started, but the previous episode has not ended.",
    "episodes",
    ("DEC", "REC"),
)
def rule_142(ctx: Context) -> pl.LazyFrame:
    return _ordered(ctx).filter(~pl.col("is_last") & (blank("dec") | blank("rec")))


row_rule(
    "143",
    "The reason for new episode code is not a valid code.",
    "episodes",
    "RNE",
    invalid_code("rne", codes.RNE, required=True),
)


row_rule(
    "144",
    "The legal status code is not a valid code.",
    "episodes",
    "LS",
    invalid_code("ls", codes.LS, required=True),
)


row_rule(
    "145",
    "Category of need code is not a valid code.",
    "episodes",
    "CIN",
    invalid_code("cin", codes.CIN, required=True),
)


@rule(
    "146",
    "Placement type code is not a valid code.",
    "episodes",
    "PLACE",
    edition=2026,
)
@rule(
    "146",
    "Placement type code is not a valid code.",
    "episodes",
    "PLACE",
    edition=2025,
)
@rule(
    "146",
    "Placement type code is not a valid code.",
    "episodes",
    "PLACE",
)
def rule_146(ctx: Context) -> pl.LazyFrame:
    return _episodes(ctx).filter(invalid_code("place", codes.PLACE.codes_for(ctx.year), required=True))


row_rule(
    "147",
    "Date episode ceased is not a valid date.",
    "episodes",
    "DEC",
    invalid_date("dec"),
)


row_rule(
    "148",
    "Date episode ceased and reason episode ceased must both be coded, or both left blank.",
    "episodes",
    ("DEC", "REC"),
    blank("dec") != blank("rec"),
)


row_rule(
    "149",
    "Reason episode ceased code is not valid.",
    "episodes",
    "REC",
    invalid_code("rec", codes.REC),
)


row_rule(
    "1009",
    "Reason for placement change is not a valid code.",
    "episodes",
    "REASON_PLACE_CHANGE",
    invalid_code("reason_place_change", codes.REASON_PLACE_CHANGE),
)


row_rule(
    "178",
    "Placement provider code is not a valid code.",
    "episodes",
    "PLACE_PROVIDER",
    not_in("place_provider", codes.PLACE_PROVIDER)
    | (given("place_provider") & is_in("place", NO_PROVIDER_2023)),
)


row_rule(
    "178",
    "Placement provider code is not a valid code.",
    "episodes",
    "PLACE_PROVIDER",
    not_in("place_provider", codes.PLACE_PROVIDER)
    | (given("place_provider") & is_in("place", NO_PROVIDER_2026)),
    edition=2026,
)


row_rule(
    "213",
    "Placement provider information not required.",
    "episodes",
    "PLACE_PROVIDER",
    is_in("place", TEMPORARY_PLACES) & given("place_provider"),
)


row_rule(
    "213",
    "Placement provider information not required.",
    "episodes",
    "PLACE_PROVIDER",
    is_in("place", (*TEMPORARY_PLACES, "Z11", "Z12", "Z13", "Z14")) & given("place_provider"),
    edition=2026,
)


row_rule(
    "214",
    "Placement location information not required.",
    "episodes",
    ("PL_POST", "URN"),
    is_in("ls", RESPITE) & (given("pl_post") | given("urn")),
)


row_rule(
    "217",
    (
        "Children who are placed for adoption with current foster carers (placement types A3 or A5) must "
        "have a reason for new episode of S, T or U."
    ),
    "episodes",
    ("PLACE", "DECOM", "RNE"),
    is_in("place", ("A3", "A5"))
    & (pl.col("decom") >= pl.lit(date(2015, 4, 1)))
    & ~is_in("rne", ("S", "T", "U")),
)


def urn_rule(code: str, message: str, edition: int, places: tuple[str, ...], *, required: bool) -> None:
    """Declare one edition of 218 (a URN is required) or 222 (a URN is not expected): the same check with
    the year's list of placements that have no Ofsted URN."""
    check = _no_urn_expected if required else _urn_not_expected
    partly = "a placement outside England is known by its JE, GY, IM or BT postcode, not the derived LA"

    def flagged(ctx: Context) -> pl.LazyFrame:
        return check(ctx, places)

    rule(code, message, "episodes", "URN", edition=edition, partly=partly if required else "")(flagged)


for _edition, _places in ((2023, NO_URN_2023), (2025, NO_URN_2024), (2026, NO_URN_2026)):
    urn_rule("218", "Ofsted Unique reference number (URN) is required.", _edition, _places, required=True)
for _edition, _places in ((2023, NO_URN_2023), (2024, NO_URN_2024), (2025, NO_URN_2025), (2026, NO_URN_2026)):
    urn_rule(
        "222",
        "Ofsted Unique reference number (URN) should not be recorded for this placement type.",
        _edition,
        _places,
        required=False,
    )


@rule(
    "225",
    "Reason for placement change must be recorded.",
    "episodes",
    "REASON_PLACE_CHANGE",
)
def rule_225(ctx: Context) -> pl.LazyFrame:
    # recorded on the episode that ends (X1) when the next one changes placement and neither is temporary
    ordered = _ordered(ctx)
    return ordered.filter(
        (pl.col("rec") == "X1")
        & blank("reason_place_change")
        & ~is_in("place", TEMPORARY_PLACES)
        & is_in("next_rne", ("P", "B", "T", "U"))
        & ~is_in("next_place", TEMPORARY_PLACES)
    )


@rule(
    "226",
    "Reason for placement change is not required for temporary placements.",
    "episodes",
    ("REASON_PLACE_CHANGE", "PLACE"),
    edition=2026,
)
@rule(
    "226",
    "Reason for placement change is not required.",
    "episodes",
    ("REASON_PLACE_CHANGE", "PLACE"),
)
def rule_226(ctx: Context) -> pl.LazyFrame:
    return _ordered(ctx).filter(
        is_in("place", TEMPORARY_PLACES) & (given("reason_place_change") | given("prev_reason_place_change"))
    )


row_rule(
    "233",
    "Reason for placement change is not required when the episode has not ceased.",
    "episodes",
    "REASON_PLACE_CHANGE",
    blank("dec") & given("reason_place_change"),
    edition=2026,
)


@rule(
    "234",
    "A child aged under 10 can not change placement due to being admitted to custody",
    ("episodes", "header"),
    ("REASON_PLACE_CHANGE", "DOB"),
    edition=2026,
)
def rule_234_2026(ctx: Context) -> pl.LazyFrame:
    return _aged(ctx).filter(
        (birthday("dob", 10) > pl.col("decom")) & (pl.col("reason_place_change") == "CUSTOD")
    )


row_rule(
    "217t",
    "Placement type 'P2' is not a valid placement type from 28 October 2023.",
    "episodes",
    ("PLACE", "DECOM"),
    (pl.col("place") == "P2") & ((pl.col("dec") > pl.lit(date(2023, 10, 28))) | blank("dec")),
    edition=2024,
)


@rule(
    "230",
    ("Ofsted Unique reference number (URN) is required for any English H5 placements from 28 October 2023."),
    "episodes",
    ("PLACE", "DEC", "URN"),
    edition=2024,
    partly="a placement outside England is known by its JE, GY, IM or BT postcode, not the derived LA",
)
def rule_230_2024(ctx: Context) -> pl.LazyFrame:
    outside = (
        pl.col("pl_post").str.to_uppercase().str.contains(OUTSIDE_ENGLAND_POSTCODES).fill_null(value=False)
    )
    late = (pl.col("dec") >= pl.lit(date(2023, 10, 29))) | blank("dec")
    no_urn = blank("urn") | (pl.col("urn") == "XXXXXXX")
    return _episodes(ctx).filter((pl.col("place") == "H5") & late & no_urn & ~outside)


@rule(
    "336",
    "Child does not have a foster placement immediately prior to being placed for adoption.",
    "episodes",
    "PLACE",
)
def rule_336(ctx: Context) -> pl.LazyFrame:
    return _ordered(ctx).filter(
        is_in("place", ("A3", "A4")) & ~pl.col("is_first") & ~is_in("prev_place", FOSTER_OR_ADOPTION)
    )


@rule(
    "352",
    "Child who started to be looked after was aged 18 or over.",
    ("episodes", "header"),
    ("DECOM", "RNE"),
)
def rule_352(ctx: Context) -> pl.LazyFrame:
    return _aged(ctx).filter((pl.col("rne") == "S") & (birthday("dob", 18) <= pl.col("decom")))


row_rule(
    "353",
    "No episode submitted can start before 14 October 1991.",
    "episodes",
    "DECOM",
    pl.col("decom") < pl.lit(date(1991, 10, 14)),
)


row_rule(
    "354",
    "Date episode ceased must be on or before the end of the current collection year.",
    "episodes",
    "DECOM",
    lambda ctx: pl.col("decom") > ctx.end,
)


row_rule(
    "355",
    "Episode appears to have lasted for less than 24 hours",
    "episodes",
    ("DECOM", "DEC"),
    pl.col("decom") == pl.col("dec"),
)


row_rule(
    "356",
    "The date the episode ceased is before the date the same episode started.",
    "episodes",
    ("DEC", "DECOM"),
    pl.col("dec") < pl.col("decom"),
)


@rule(
    "357",
    (
        "If this is the first episode ever for this child, reason for new episode must be S. Check "
        "whether there is an episode immediately preceding this one, which has been left out. If not the "
        "reason for new episode code must be amended to S."
    ),
    "episodes",
    "RNE",
)
def rule_357(ctx: Context) -> pl.LazyFrame:
    return _ordered(ctx).filter(pl.col("is_first") & (pl.col("decom") >= ctx.start) & (pl.col("rne") != "S"))


@rule(
    "358",
    "Child with this legal status should not be under 10.",
    ("episodes", "header"),
    ("LS", "DECOM", "DOB"),
)
def rule_358(ctx: Context) -> pl.LazyFrame:
    return _aged(ctx).filter(is_in("ls", ("J1", "J2", "J3")) & (birthday("dob", 10) >= pl.col("decom")))


@rule(
    "359",
    (
        "Child being looked after following 18th birthday must be accommodated under section 20(5) of the"
        " Children Act 1989 in a community home."
    ),
    ("episodes", "header"),
    ("LS", "PLACE", "DEC"),
)
def rule_359(ctx: Context) -> pl.LazyFrame:
    return _aged(ctx).filter(
        (birthday("dob", 18) < ctx.end) & blank("dec") & ~((pl.col("ls") == "V2") & (pl.col("place") == "K2"))
    )


@rule(
    "361",
    ("Police protection legal status lasted longer than maximum 72 hours allowed in the Children Act 1989."),
    "episodes",
    ("LS", "DECOM", "DEC"),
)
def rule_361(ctx: Context) -> pl.LazyFrame:
    return _status_longer_than_limit(ctx, "L1")


@rule(
    "362",
    "Emergency protection order (EPO) lasted longer than 21 days",
    "episodes",
    ("LS", "DECOM", "DEC"),
)
def rule_362(ctx: Context) -> pl.LazyFrame:
    return _status_longer_than_limit(ctx, "L2")


@rule(
    "363",
    "Child assessment order (CAO) lasted longer than 7 days allowed in the Children Act 1989.",
    "episodes",
    ("LS", "DECOM", "DEC"),
)
def rule_363(ctx: Context) -> pl.LazyFrame:
    return _status_longer_than_limit(ctx, "L3")


@rule(
    "364",
    (
        "Sections 41-46 of Police and Criminal Evidence (PACE; 1984) severely limits the time a child can"
        " be detained in custody in Local Authority (LA) accommodation."
    ),
    "episodes",
    ("LS", "DECOM", "DEC"),
)
def rule_364(ctx: Context) -> pl.LazyFrame:
    return _status_longer_than_limit(ctx, "J2")


row_rule(
    "365",
    "Any individual short- term respite placement must not exceed 17 days.",
    "episodes",
    ("LS", "DECOM", "DEC"),
    lambda ctx: (
        (pl.col("ls") == "V3") & ((pl.col("dec").fill_null(ctx.end) - pl.col("decom")).dt.total_days() > 17)
    ),
)


row_rule(
    "366",
    "A child cannot change placement during the course of an individual short-term respite break.",
    "episodes",
    ("RNE", "LS"),
    (pl.col("ls") == "V3") & (pl.col("rne") != "S"),
)


@rule(
    "367",
    "The maximum amount of respite care allowable is 75 days in any 12-month period.",
    "episodes",
    ("LS", "DECOM", "DEC"),
)
def rule_367(ctx: Context) -> pl.LazyFrame:
    respite = _episodes(ctx).filter((pl.col("ls") == "V3") & given("decom"))
    start = pl.max_horizontal(pl.col("decom"), ctx.start)
    until = pl.min_horizontal(pl.col("dec").fill_null(ctx.end), ctx.end)
    days = (until - start).dt.total_days()
    in_year = respite.with_columns(days.alias("days")).filter(pl.col("days") > 0)
    return in_year.filter(pl.col("days").sum().over("child") > 75)


@rule(
    "370",
    "Child in independent living should be at least 15.",
    ("episodes", "header"),
    ("PLACE", "DECOM"),
)
def rule_370(ctx: Context) -> pl.LazyFrame:
    return _place_start_before(ctx, "P2", 15)


@rule(
    "370",
    "Child in independent living should be at least 16.",
    ("episodes", "header"),
    ("PLACE", "DECOM"),
    edition=2024,
)
def rule_370_2024(ctx: Context) -> pl.LazyFrame:
    return _place_start_before(ctx, "P2", 16)


@rule(
    "371",
    (
        "Child in semi-independent living accommodation not subject to children’s homes regulations "
        "should be at least 14."
    ),
    ("episodes", "header"),
    ("PLACE", "DECOM"),
)
def rule_371(ctx: Context) -> pl.LazyFrame:
    return _place_start_before(ctx, "H5", 14)


@rule(
    "371",
    (
        "Child in semi-independent living accommodation not subject to children’s homes regulations "
        "should be at least 16."
    ),
    ("episodes", "header"),
    ("PLACE", "DECOM"),
    edition=2024,
)
def rule_371_2024(ctx: Context) -> pl.LazyFrame:
    return _place_start_before(ctx, "H5", 16)


@rule(
    "371",
    ("Child in supported accomodation not subject to children’s homes regulations should be at least 16."),
    ("episodes", "header"),
    ("PLACE", "DECOM"),
    edition=2025,
)
def rule_371_2025(ctx: Context) -> pl.LazyFrame:
    return _place_start_before(ctx, "K3", 16)


@rule(
    "372",
    "Child in youth custody or prison should be at least 10.",
    ("episodes", "header"),
    ("PLACE", "DECOM"),
)
def rule_372(ctx: Context) -> pl.LazyFrame:
    return _place_start_before(ctx, "R5", 10)


@rule(
    "373",
    "Child placed in a school should be at least 4 years old.",
    ("episodes", "header"),
    ("PLACE", "DECOM"),
)
def rule_373(ctx: Context) -> pl.LazyFrame:
    return _place_start_before(ctx, "S1", 4)


@rule(
    "374",
    "Child in residential employment should be at least 14 years old.",
    ("episodes", "header"),
    ("PLACE", "DECOM"),
)
def rule_374(ctx: Context) -> pl.LazyFrame:
    return _place_start_before(ctx, "P3", 14)


@rule(
    "375",
    "Hospitalisation coded as a temporary placement exceeds six weeks.",
    ("episodes", "header"),
    ("PLACE", "DEC"),
)
def rule_375(ctx: Context) -> pl.LazyFrame:
    return _place_longer_than(ctx, "T1", 42)


@rule(
    "376",
    (
        "Temporary placements coded as being due to holiday of usual foster carer(s) cannot exceed three "
        "weeks."
    ),
    ("episodes", "header"),
    ("PLACE", "DEC"),
)
def rule_376(ctx: Context) -> pl.LazyFrame:
    return _place_longer_than(ctx, "T3", 21)


@rule(
    "377",
    (
        "Only two temporary placements coded as being due to holiday of usual foster carer(s) are allowed"
        " in any 12- month period."
    ),
    "episodes",
    "PLACE",
)
def rule_377(ctx: Context) -> pl.LazyFrame:
    holidays = _episodes(ctx).filter(pl.col("place") == "T3")
    return holidays.filter(pl.len().over("child") > 2)


row_rule(
    "378",
    (
        "A child who is placed with parent(s) cannot be looked after under a single period of "
        "accommodation under Section 20 of the Children Act 1989."
    ),
    "episodes",
    ("PLACE", "LS"),
    (pl.col("place") == "P1") & (pl.col("ls") == "V2"),
)


@rule(
    "379",
    "Temporary placements for unspecified reason (placement code T4) cannot exceed seven days.",
    ("episodes", "header"),
    ("PLACE", "DEC"),
)
def rule_379(ctx: Context) -> pl.LazyFrame:
    return _place_longer_than(ctx, "T4", 7)


row_rule(
    "380",
    "A period of care cannot start with a temporary placement.",
    "episodes",
    ("PLACE", "RNE"),
    is_in("place", TEMPORARY_PLACES) & ~is_in("rne", ("P", "B")),
)


row_rule(
    "381",
    "A period of care cannot end with a temporary placement.",
    "episodes",
    ("PLACE", "REC"),
    is_in("place", TEMPORARY_PLACES) & given("rec") & (pl.col("rec") != "X1"),
)


row_rule(
    "382",
    "A child receiving respite care cannot be in a temporary placement.",
    "episodes",
    ("PLACE", "LS"),
    is_in("ls", RESPITE) & is_in("place", TEMPORARY_PLACES),
)


@rule(
    "383",
    "A child in a temporary placement must subsequently return to his/her normal placement.",
    "episodes",
    "PLACE",
)
def rule_383(ctx: Context) -> pl.LazyFrame:
    # after a temporary placement the child returns (RNE P) to the placement before it
    ordered = _ordered(ctx).with_columns(pl.col("place").shift(2).over("child").alias("place_before"))
    return ordered.filter(
        is_in("prev_place", TEMPORARY_PLACES)
        & given("place_before")
        & ((pl.col("rne") != "P") | differs("place", "place_before"))
    )


@rule(
    "383",
    "A child in a temporary placement must subsequently return to his/her normal placement.",
    "episodes",
    ("PLACE", "RNE", "PL_POST"),
    edition=2026,
)
def rule_383_2026(ctx: Context) -> pl.LazyFrame:
    ordered = _ordered(ctx).with_columns(
        pl.col("place").shift(2).over("child").alias("place_before"),
        pl.col("pl_post").shift(2).over("child").alias("pl_post_before"),
    )
    returned = ~differs("place", "place_before") & ~differs("pl_post", "pl_post_before")
    return ordered.filter(
        is_in("prev_place", TEMPORARY_PLACES) & given("place_before") & ((pl.col("rne") != "P") | ~returned)
    )


row_rule(
    "384",
    "A child receiving respite care cannot be in a long-term foster placement",
    "episodes",
    ("PLACE", "LS"),
    is_in("ls", RESPITE) & is_in("place", ("U1", "U4")),
)


row_rule(
    "385",
    "Date episode ceased must be on or before the end of the current collection year.",
    "episodes",
    "DEC",
    lambda ctx: pl.col("dec") > ctx.end,
)


@rule(
    "386",
    "Reason episode ceased is adopted but child has reached age 18.",
    ("episodes", "header"),
    ("REC", "DEC", "DOB"),
)
def rule_386(ctx: Context) -> pl.LazyFrame:
    return _aged(ctx).filter(is_in("rec", ADOPTED) & (birthday("dob", 18) <= pl.col("dec")))


@rule(
    "387",
    (
        "Reason episode ceased is child moved into independent living arrangement, but the child is aged "
        "under 14."
    ),
    ("episodes", "header"),
    ("REC", "DEC", "DOB"),
)
def rule_387(ctx: Context) -> pl.LazyFrame:
    return _aged(ctx).filter(
        is_in("rec", ("E5", "E6")) & given("dec") & (birthday("dob", 14) > pl.col("dec"))
    )


@rule(
    "388",
    "Reason episode ceased is coded new episode begins, but there is no continuation episode.",
    "episodes",
    "REC",
)
def rule_388(ctx: Context) -> pl.LazyFrame:
    ordered = _ordered(ctx)
    not_continued = (
        (pl.col("rec") == "X1") & given("dec") & given("next_decom") & (pl.col("dec") != pl.col("next_decom"))
    )
    continued = (
        given("rec") & (pl.col("rec") != "X1") & given("dec") & (pl.col("dec") == pl.col("next_decom"))
    )
    last_x1 = pl.col("is_last") & given("dec") & (pl.col("rec") == "X1")
    return ordered.filter(not_continued | continued | last_x1)


@rule(
    "389",
    (
        "Reason episode ceased is that child transferred to care of adult social care services, but child"
        " is aged under 16."
    ),
    ("episodes", "header"),
    ("REC", "DEC", "DOB"),
)
def rule_389(ctx: Context) -> pl.LazyFrame:
    return _aged(ctx).filter(
        (pl.col("rec") == "E7") & ~(birthday("dob", 16) <= pl.col("dec")).fill_null(value=False)
    )


row_rule(
    "390",
    "Reason episode ceased is adopted but child has not been previously placed for adoption.",
    "episodes",
    ("REC", "PLACE"),
    is_in("rec", ADOPTED) & ~is_in("place", ("A3", "A4", "A5", "A6")),
)


@rule(
    "392b",
    (
        "Child is looked after but no postcodes are recorded. [NOTE: This check may result in false "
        "positives for children formerly UASC, particularly if current & prior year UASC data not loaded]"
    ),
    "episodes",
    ("HOME_POST", "PL_POST"),
    partly="children formerly UASC in last year's return are not exempted",
)
def rule_392b(ctx: Context) -> pl.LazyFrame:
    episodes = _episodes(ctx).filter(~is_in("ls", RESPITE) & (blank("home_post") | blank("pl_post")))
    return (
        episodes.join(ctx["uasc"].select("child").unique(), on="child", how="anti")
        if ctx.has("uasc")
        else episodes
    )


row_rule(
    "392d",
    "Home and placement postcodes should not be same unless the placement type is P1.",
    "episodes",
    ("HOME_POST", "PL_POST", "PLACE"),
    (pl.col("place") != "P1") & (pl.col("home_post") == pl.col("pl_post")),
)


row_rule(
    "398",
    "Distance field completed but child looked after under legal status V3 or V4.",
    "episodes",
    ("LS", "HOME_POST", "PL_POST"),
    is_in("ls", RESPITE) & (given("home_post") | given("pl_post")),
)


@rule(
    "407",
    "Reason episode ceased is Special Guardianship Order, but child has reached age 18.",
    ("episodes", "header"),
    ("REC", "DEC", "DOB"),
)
def rule_407(ctx: Context) -> pl.LazyFrame:
    return _aged(ctx).filter(
        is_in("rec", ("E45", "E46", "E47", "E48")) & (birthday("dob", 18) < pl.col("dec"))
    )


row_rule(
    "408",
    "Child is placed for adoption with a placement order, but no placement order has been recorded.",
    "episodes",
    ("PLACE", "LS"),
    is_in("place", ("A5", "A6")) & (pl.col("ls") != "E1"),
)


@rule(
    "426",
    ("A child receiving respite care cannot be recorded under a legal status of V3 and V4 in the same year."),
    "episodes",
    "LS",
)
def rule_426(ctx: Context) -> pl.LazyFrame:
    respite = _episodes(ctx).filter(is_in("ls", RESPITE))
    return respite.filter(pl.col("ls").n_unique().over("child") > 1)


@rule(
    "431",
    (
        "The reason for new episode is started to be looked after, but the previous episode ended on the "
        "same day."
    ),
    "episodes",
    ("RNE", "DECOM"),
)
def rule_431(ctx: Context) -> pl.LazyFrame:
    return _ordered(ctx).filter((pl.col("rne") == "S") & (pl.col("decom") <= pl.col("prev_dec")))


@rule(
    "432",
    (
        "The child ceased to be looked after at the end of the previous episode but the reason for the "
        "new episode is not started to be looked after."
    ),
    "episodes",
    "RNE",
)
def rule_432(ctx: Context) -> pl.LazyFrame:
    return _ordered(ctx).filter(given("prev_rec") & (pl.col("prev_rec") != "X1") & (pl.col("rne") != "S"))


@rule(
    "433",
    (
        "The reason for new episode suggests that this is a continuation episode, but the episode does "
        "not start on the same day as the last episode finished."
    ),
    "episodes",
    ("RNE", "DECOM"),
)
def rule_433(ctx: Context) -> pl.LazyFrame:
    ordered = _ordered(ctx).filter(~pl.col("is_first"))
    return ordered.filter(
        is_in("rne", ("P", "L", "T", "U", "B"))
        & (pl.col("prev_dec").ne_missing(pl.col("decom")) | blank("prev_dec"))
    )


@rule(
    "434",
    (
        "Reason for new episode is that child's legal status has changed but not the placement, but this "
        "is not reflected in the episode data."
    ),
    "episodes",
    ("RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"),
)
def rule_434(ctx: Context) -> pl.LazyFrame:
    ordered = _ordered(ctx).filter(~pl.col("is_first") & (pl.col("rne") == "L"))
    placement_changed = pl.any_horizontal([differs(name, f"prev_{name}") for name in CHANGE_COLUMNS])
    return ordered.filter((pl.col("ls") == pl.col("prev_ls")) | placement_changed)


@rule(
    "435",
    (
        "Reason for new episode is that child’s placement has changed but not the legal status, but this "
        "is not reflected in the episode data recorded."
    ),
    "episodes",
    ("RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"),
)
def rule_435(ctx: Context) -> pl.LazyFrame:
    ordered = _ordered(ctx).filter(~pl.col("is_first") & is_in("rne", ("P", "T")))
    placement_same = pl.all_horizontal([~differs(name, f"prev_{name}") for name in CHANGE_COLUMNS])
    return ordered.filter(differs("ls", "prev_ls") | placement_same)


@rule(
    "436",
    (
        "Reason for new episode is that both child’s placement and legal status have changed, but this is"
        " not reflected in the episode data."
    ),
    "episodes",
    ("RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"),
)
def rule_436(ctx: Context) -> pl.LazyFrame:
    ordered = _ordered(ctx).filter(~pl.col("is_first") & is_in("rne", ("U", "B")))
    placement_same = pl.all_horizontal([~differs(name, f"prev_{name}") for name in CHANGE_COLUMNS])
    return ordered.filter(~differs("ls", "prev_ls") | placement_same)


@rule(
    "437",
    "Reason episode ceased is child has died or is aged 18 or over but there are further episodes.",
    "episodes",
    "REC",
)
def rule_437(ctx: Context) -> pl.LazyFrame:
    return _ordered(ctx).filter(is_in("rec", ("E2", "E15")) & ~pl.col("is_last"))


row_rule(
    "445",
    "D1 is not a valid code for episodes starting after December 2005.",
    "episodes",
    ("LS", "DECOM"),
    (pl.col("ls") == "D1") & (pl.col("decom") > pl.lit(date(2005, 12, 31))),
)


row_rule(
    "446",
    "E1 is not a valid code for episodes starting before December 2005.",
    "episodes",
    ("LS", "DECOM"),
    (pl.col("ls") == "E1") & (pl.col("decom") < pl.lit(date(2005, 12, 1))),
)


row_rule(
    "451",
    (
        "Child is still freed for adoption, but freeing orders could not be applied for since 30 December"
        " 2005."
    ),
    "episodes",
    ("LS", "DEC", "REC"),
    blank("dec") & blank("rec") & (pl.col("ls") == "D1"),
)


@rule(
    "460",
    (
        "Reason episode ceased is that child stayed with current carers at age 18 (or above), but child "
        "is aged under 18."
    ),
    ("episodes", "header"),
    ("REC", "DEC"),
)
def rule_460(ctx: Context) -> pl.LazyFrame:
    return _aged(ctx).filter((pl.col("rec") == "E17") & (birthday("dob", 18) > pl.col("dec")))


@rule(
    "501",
    "A new episode has started before the end date of the previous episode.",
    "episodes",
    ("DECOM", "DEC"),
)
def rule_501(ctx: Context) -> pl.LazyFrame:
    return _ordered(ctx).filter(pl.col("decom") < pl.col("prev_dec"))


@rule(
    "504",
    ("The category of need code differs from that reported at start of current period of being looked after"),
    "episodes",
    "CIN",
)
def rule_504(ctx: Context) -> pl.LazyFrame:
    return _ordered(ctx).filter(
        (pl.col("prev_rec") == "X1") & (pl.col("prev_dec") == pl.col("decom")) & differs("cin", "prev_cin")
    )


row_rule(
    "516",
    (
        "The episode data submitted for this child does not show that he/she was with their former foster"
        " carer(s) during the year.If the code in the reason episode ceased is E45 or E46 the child must "
        "have a placement code of U1 to U6."
    ),
    "episodes",
    ("REC", "PLACE"),
    is_in("rec", ("E45", "E46")) & ~is_in("place", ("U1", "U2", "U3", "U4", "U5", "U6")),
)


row_rule(
    "526",
    "Child is missing a placement provider code for at least one episode.",
    "episodes",
    ("PLACE_PROVIDER", "PLACE"),
    ~is_in("place", NO_PROVIDER_2023) & blank("place_provider"),
)


row_rule(
    "526",
    "Child is missing a placement provider code for at least one episode.",
    "episodes",
    ("PLACE_PROVIDER", "PLACE"),
    ~is_in("place", (*TEMPORARY_PLACES, "Z11", "Z12", "Z13", "Z14")) & blank("place_provider"),
    edition=2026,
)


row_rule(
    "527",
    "A placement provider code of PR1 cannot be associated with placements P1, R2 or R5.",
    "episodes",
    ("PLACE_PROVIDER", "PLACE"),
    _first_place_provider_rule(("P1", "R2", "R5"), "PR1"),
)


row_rule(
    "528",
    "A placement provider code of PR2 cannot be associated with placements P1, R2 or R5.",
    "episodes",
    ("PLACE_PROVIDER", "PLACE"),
    _first_place_provider_rule(("P1", "R2", "R5"), "PR2"),
)


row_rule(
    "529",
    (
        "Placement provider code of PR3 cannot be associated with placements P1, A3 to A6, K1, K2 and U1 "
        "to U6 as these placements cannot be provided by other public organisations."
    ),
    "episodes",
    ("PLACE_PROVIDER", "PLACE"),
    _first_place_provider_rule(
        ("P1", "A3", "A4", "A5", "A6", "K1", "K2", "U1", "U2", "U3", "U4", "U5", "U6"), "PR3"
    ),
)


row_rule(
    "530",
    "A placement provider code of PR4 cannot be associated with placement P1.",
    "episodes",
    ("PLACE_PROVIDER", "PLACE"),
    _first_place_provider_rule(("P1",), "PR4"),
)


row_rule(
    "531",
    "A placement provider code of PR5 cannot be associated with placements P1.",
    "episodes",
    ("PLACE_PROVIDER", "PLACE"),
    _first_place_provider_rule(("P1",), "PR5"),
)


row_rule(
    "550",
    "A placement provider code of PR0 can only be associated with placement P1.",
    "episodes",
    ("PLACE_PROVIDER", "PLACE"),
    (pl.col("place") != "P1") & (pl.col("place_provider") == "PR0"),
)


@rule(
    "199",
    (
        "Episode information shows child has been previously adopted from care. [NOTE: This only tests "
        "the current and previous year data loaded into the tool]"
    ),
    "episodes",
    "REC",
    partly="with the previous year's episodes when given; earlier adoptions are not seen",
)
def rule_199(ctx: Context) -> pl.LazyFrame:
    current = _episodes(ctx).with_columns(pl.lit(value=True).alias("this_year"))
    frames = [current]
    if ctx.has_last("episodes"):
        frames.append(ctx.last("episodes").with_columns(pl.lit(value=False).alias("this_year")))
    every = (
        pl.concat(frames, how="diagonal_relaxed")
        .filter(given("decom"))
        .unique(["child", "decom"], keep="first")
    )
    adoptions_before = is_in("rec", ADOPTED).cast(pl.Int32).cum_sum().over("child", order_by="decom") - is_in(
        "rec", ADOPTED
    ).cast(pl.Int32)
    return every.filter(pl.col("this_year") & (adoptions_before > 0))
