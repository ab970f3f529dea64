"""The DfE's rules on ad1.csv (children adopted in the year) and placed_for_adoption.csv (decisions that a
child should, or should no longer, be placed for adoption), alone and against the episodes."""

from __future__ import annotations

import polars as pl

from queries.dfe_rules.common import (
    RESPITE,
    all_given,
    any_blank,
    any_given,
    blank,
    child_in,
    child_not_in,
    given,
    in_files,
    is_in,
    with_header,
)
from queries.dfe_rules.model import Context, rule
from queries.dfe_rules.shapes import code_rule, date_rule, row_rule

PLACED_FOR_ADOPTION = ("A3", "A4", "A5", "A6")  # PLACE: placed for adoption
ADOPTED = ("E11", "E12")  # REC: adopted
AD1_ITEMS = ("date_int", "date_match", "foster_care", "nb_adoptr", "sex_adoptr", "ls_adoptr")
AD1_FIELDS = tuple(name.upper() for name in AD1_ITEMS)
COUPLES = ("MM", "FF", "MF")
SINGLE = ("M1", "F1")

date_rule("112", "Date should be placed for adoption is not a valid date.", "ad1", "DATE_INT")
date_rule("113", "Date matching child and adopter(s) is not a valid date.", "ad1", "DATE_MATCH")
code_rule(
    "114",
    "Data entry to record the status of former carer(s) of an adopted child is invalid.",
    "ad1",
    "FOSTER_CARE",
    ("0", "1"),
)
date_rule(
    "115",
    "Date of Local Authority's (LA) decision that a child should be placed for adoption is not a valid date.",
    "placed_for_adoption",
    "DATE_PLACED",
)
date_rule(
    "116",
    (
        "Date of Local Authority's (LA) decision that a child should no longer be placed for adoption is not "
        "a valid date."
    ),
    "placed_for_adoption",
    "DATE_PLACED_CEASED",
)
row_rule(
    "119",
    (
        "If the decision is made that a child should no longer be placed for adoption, then the date of this "
        "decision and the reason why this decision was made must be completed."
    ),
    "placed_for_adoption",
    ("REASON_PLACED_CEASED", "DATE_PLACED_CEASED"),
    given("date_placed_ceased") != given("reason_placed_ceased"),
)
code_rule(
    "120",
    "The reason for the reversal of the decision that the child should be placed for adoption code "
    "is not valid.",
    "placed_for_adoption",
    "REASON_PLACED_CEASED",
    ("RD1", "RD2", "RD3", "RD4"),
)
row_rule(
    "151",
    "All data items relating to a childs adoption must be coded or left blank.",
    "ad1",
    AD1_FIELDS,
    any_given(AD1_ITEMS) & ~all_given(AD1_ITEMS),
)
code_rule("175", "The number of adopter(s) code is not a valid code.", "ad1", "NB_ADOPTR", ("1", "2"))
code_rule(
    "176",
    "The gender of adopter(s) at the date of adoption code is not a valid code.",
    "ad1",
    "SEX_ADOPTR",
    (*SINGLE, *COUPLES),
)
code_rule(
    "177",
    "The legal status of adopter(s) code is not a valid code.",
    "ad1",
    "LS_ADOPTR",
    ("L0", "L11", "L12", "L2", "L3", "L4"),
)
row_rule(
    "333",
    "Date should be placed for adoption must be on or prior to the date of matching child with adopter(s).",
    "ad1",
    "DATE_INT",
    given("date_match") & (blank("date_int") | (pl.col("date_int") > pl.col("date_match"))),
)
row_rule(
    "511",
    (
        "If reporting that the number of person(s) adopting the looked after child is two adopters then the "
        "code should only be MM, FF or MF. MM = the adopting couple are both males; FF = the adopting couple "
        "are both females; MF = The adopting couple are male and female."
    ),
    "ad1",
    ("NB_ADOPTR", "SEX_ADOPTR"),
    (pl.col("nb_adoptr") == "2") & is_in("sex_adoptr", SINGLE),
)


def adopters_sexes(code: str, message: str, legal_status: str, sexes: tuple[str, ...]) -> None:
    """Declare the rule: adopters of legal status ``legal_status`` whose sexes are not one of ``sexes``."""
    row_rule(
        code,
        message,
        "ad1",
        ("LS_ADOPTR", "SEX_ADOPTR"),
        (pl.col("ls_adoptr") == legal_status).fill_null(value=False) & ~is_in("sex_adoptr", sexes),
    )


adopters_sexes(
    "514",
    (
        "Data entry on the legal status of adopters shows a single adopter but data entry for the numbers of "
        "adopters shows it as a couple."
    ),
    "L0",
    SINGLE,
)
adopters_sexes(
    "517",
    (
        "If reporting legal status of adopters is L3 then the genders of adopters should be coded as MF. MF ="
        " the adopting couple are male and female."
    ),
    "L3",
    ("MF",),
)
adopters_sexes(
    "518",
    (
        "If reporting legal status of adopters is L4 then the genders of adopters should be coded as "
        "MM or FF."
        " MM = the adopting couple are both males. FF = the adopting couple are both females."
    ),
    "L4",
    ("MM", "FF"),
)
adopters_sexes(
    "519",
    (
        "Data entered on the legal status of adopters shows civil partnership couple, but data entered on "
        "genders of adopters does not show it as a couple."
    ),
    "L2",
    COUPLES,
)
adopters_sexes(
    "520",
    (
        "Data entry on the legal status of adopters shows different gender married couple but data entry on "
        "genders of adopters shows it as a same gender couple."
    ),
    "L11",
    ("MF",),
)
adopters_sexes(
    "524",
    (
        "If reporting legal status of adopters is L12 then the genders of adopters should be coded as MM or "
        "FF. MM = the adopting couple are both males. FF = the adopting couple are both females"
    ),
    "L12",
    ("MM", "FF"),
)
row_rule(
    "522",
    (
        "Date of decision that the child should be placed for adoption must be on or before the date that a "
        "child should no longer be placed for adoption."
    ),
    "placed_for_adoption",
    ("DATE_PLACED", "DATE_PLACED_CEASED"),
    pl.col("date_placed_ceased") < pl.col("date_placed"),
)
row_rule(
    "563",
    (
        "The child should no longer be placed for adoption but the date of the decision that the child should"
        " be placed for adoption is blank"
    ),
    "placed_for_adoption",
    ("DATE_PLACED", "REASON_PLACED_CEASED", "DATE_PLACED_CEASED"),
    given("reason_placed_ceased") & given("date_placed_ceased") & blank("date_placed"),
)


def _decisions(ctx: Context) -> pl.LazyFrame:
    return ctx["placed_for_adoption"]


def _episodes(ctx: Context, *columns: str) -> pl.LazyFrame:
    return ctx["episodes"].filter(given("decom")).select("child", *columns)


def _first(frame: pl.LazyFrame, by: str) -> pl.LazyFrame:
    return frame.sort(by).unique("child", keep="first")


def _latest(frame: pl.LazyFrame, by: str) -> pl.LazyFrame:
    return frame.sort(by).unique("child", keep="last")


@rule(
    "117",
    (
        "Date of decision that a child should/should no longer be placed for adoption is beyond the current "
        "collection year or after the child ceased to be looked after."
    ),
    ("placed_for_adoption", "episodes"),
    ("DATE_PLACED_CEASED", "DATE_PLACED", "DEC", "REC", "DECOM"),
)
def rule_117(ctx: Context) -> pl.LazyFrame:
    # against the child's latest episode that is not a continuing one (REC X1)
    latest = _latest(
        _episodes(ctx, "decom", "dec", "rec").filter(pl.col("rec").ne_missing(pl.lit("X1"))), "decom"
    )
    joined = _decisions(ctx).join(latest.select("child", "dec"), on="child", how="inner")
    late = pl.any_horizontal(
        (pl.col(name) > ctx.end) | (pl.col(name) > pl.col("dec"))
        for name in ("date_placed", "date_placed_ceased")
    )
    return joined.filter(late.fill_null(value=False))


@rule(
    "118",
    (
        "Date of decision that a child should no longer be placed for adoption is before the current "
        "collection year or before the date the child started to be looked after."
    ),
    ("placed_for_adoption", "episodes"),
    ("DATE_PLACED_CEASED", "DECOM", "LS"),
)
def rule_118(ctx: Context) -> pl.LazyFrame:
    # against the child's earliest episode that is not respite (LS V3/V4)
    first = _first(_episodes(ctx, "decom", "ls").filter(~is_in("ls", RESPITE)), "decom").select(
        "child", "decom"
    )
    joined = _decisions(ctx).filter(given("date_placed_ceased")).join(first, on="child", how="inner")
    return joined.filter(
        (pl.col("date_placed_ceased") < pl.col("decom")) | (pl.col("date_placed_ceased") < ctx.start)
    )


@rule(
    "184",
    "Date of decision that a child should be placed for adoption is before the child was born.",
    ("placed_for_adoption", "header"),
    ("DATE_PLACED", "DOB"),
)
def rule_184(ctx: Context) -> pl.LazyFrame:
    return with_header(_decisions(ctx), ctx, "dob").filter(pl.col("date_placed") < pl.col("dob_header"))


@rule(
    "331",
    "Date of matching child and adopter(s) should be the same as, or prior to, the date of placement "
    "of adoption.",
    ("ad1", "episodes"),
    ("DATE_MATCH", "DECOM", "REC"),
)
def rule_331(ctx: Context) -> pl.LazyFrame:
    adoptions = _episodes(ctx, "decom", "rec").filter(is_in("rec", ADOPTED)).select("child", "decom")
    return ctx["ad1"].join(adoptions, on="child", how="inner").filter(pl.col("date_match") > pl.col("decom"))


def before_care_started(code: str, message: str, table: str, field: str, *, latest: bool) -> None:
    """Declare the rule: ``field`` of a row of ``table`` is before the child started to be looked after: the
    DECOM of the child's first episode with RNE S, or of the latest (its latest period of care)."""
    name = field.lower()

    def check(ctx: Context) -> pl.LazyFrame:
        starts = _episodes(ctx, "decom", "rne").filter(pl.col("rne") == "S")
        started = (_latest if latest else _first)(starts, "decom").select("child", "decom")
        return ctx[table].join(started, on="child", how="inner").filter(pl.col(name) < pl.col("decom"))

    rule(code, message, (table, "episodes"), (field, "DECOM", "RNE"))(check)


before_care_started(
    "334",
    (
        "Date child started to be looked after in latest period of care must be on or prior to the date "
        "should be placed for adoption."
    ),
    "ad1",
    "DATE_INT",
    latest=True,
)
before_care_started(
    "1003",
    (
        "Date of LA's decision that a child should be placed for adoption is before the child started to be "
        "looked after."
    ),
    "placed_for_adoption",
    "DATE_PLACED",
    latest=False,
)


@rule(
    "335",
    (
        "The current foster value (0) suggests that child is not adopted by current foster carer, but last "
        "placement is A2, A3, or A5. Or the current foster value (1) suggests that child is adopted "
        "by current"
        " foster carer, but last placement is A1, A4 or A6."
    ),
    ("ad1", "episodes"),
    ("FOSTER_CARE", "PLACE"),
)
def rule_335(ctx: Context) -> pl.LazyFrame:
    adoptions = _episodes(ctx, "place", "rec").filter(is_in("rec", ("E1", *ADOPTED))).select("child", "place")
    joined = ctx["ad1"].join(adoptions, on="child", how="inner")
    by_foster_carer = is_in("place", ("A2", "A3", "A5"))
    by_others = is_in("place", ("A1", "A4", "A6"))
    wrong = (by_foster_carer & (pl.col("foster_care") == "0")) | (by_others & (pl.col("foster_care") == "1"))
    return joined.filter(wrong.fill_null(value=False))


@rule(
    "521",
    (
        "Date of local authority's decision (LA) that adoption is in the best interests of the child (date "
        "should be placed) must be on or prior to the date the child is placed for adoption."
    ),
    ("ad1", "episodes"),
    ("DATE_INT", "PLACE", "DECOM"),
)
def rule_521(ctx: Context) -> pl.LazyFrame:
    placed = (
        _episodes(ctx, "decom", "place").filter(is_in("place", PLACED_FOR_ADOPTION)).select("child", "decom")
    )
    return ctx["ad1"].join(placed, on="child", how="inner").filter(pl.col("date_int") > pl.col("decom"))


@rule(
    "523",
    (
        "Date of decision that the child should be placed for adoption should be the same date as "
        "the decision"
        " that adoption is in the best interest (date should be placed)."
    ),
    ("placed_for_adoption", "ad1"),
    ("DATE_PLACED", "DATE_INT"),
)
def rule_523(ctx: Context) -> pl.LazyFrame:
    best_interest = ctx["ad1"].filter(given("date_int")).select("child", "date_int")
    joined = _decisions(ctx).filter(given("date_placed")).join(best_interest, on="child", how="inner")
    return joined.filter(pl.col("date_placed") != pl.col("date_int"))


@rule(
    "525",
    "A child for whom the decision to be placed for adoption has been reversed cannot be adopted "
    "during the year.",
    ("placed_for_adoption", "ad1"),
    ("DATE_PLACED_CEASED", *AD1_FIELDS),
)
def rule_525(ctx: Context) -> pl.LazyFrame:
    adopted = ctx["ad1"].filter(any_given(AD1_ITEMS))
    return child_in(_decisions(ctx).filter(given("date_placed_ceased")), adopted)


@rule(
    "551",
    (
        "Child has been placed for adoption but there is no date of the decision that the child should be "
        "placed for adoption."
    ),
    ("episodes", "placed_for_adoption"),
    ("PLACE", "DATE_PLACED"),
)
def rule_551(ctx: Context) -> pl.LazyFrame:
    placed = ctx["episodes"].filter(is_in("place", PLACED_FOR_ADOPTION))
    return child_not_in(placed, _decisions(ctx).filter(given("date_placed")))


@rule(
    "552",
    (
        "Date of Decision to place a child for adoption should be on or prior to the date that the child was "
        "placed for adoption."
    ),
    ("placed_for_adoption", "episodes"),
    ("DATE_PLACED", "DECOM"),
)
def rule_552(ctx: Context) -> pl.LazyFrame:
    # the child's latest decision against the child's first placement for adoption
    latest = _latest(_decisions(ctx).filter(given("date_placed")), "date_placed")
    placed = _episodes(ctx, "decom", "place").filter(is_in("place", PLACED_FOR_ADOPTION))
    first = _first(placed, "decom").select("child", "decom")
    return latest.join(first, on="child", how="inner").filter(pl.col("decom") < pl.col("date_placed"))


def order_without_decision(code: str, message: str, legal_status: str, *, partly: str = "") -> None:
    """Declare the rule: an episode under the adoption order ``legal_status`` (E1 placement order, D1 freeing
    order) of a child without a decision to place for adoption; and a decision reversed (date or reason it
    ceased given) while such an episode is open."""

    def check(ctx: Context) -> pl.LazyFrame:
        ordered = ctx["episodes"].filter(pl.col("ls") == legal_status)
        without = child_not_in(ordered, _decisions(ctx))
        open_order = ordered.filter(blank("dec"))
        reversed_while_open = child_in(
            _decisions(ctx).filter(given("date_placed_ceased") | given("reason_placed_ceased")), open_order
        )
        return in_files("date_placed", (without, "episodes"), (reversed_while_open, "placed_for_adoption"))

    fields = ("CHILD", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED")
    rule(code, message, ("episodes", "placed_for_adoption"), fields, partly=partly)(check)


order_without_decision(
    "553",
    "Placement order has been granted but there is no date of decision that the child should be "
    "placed for adoption.",
    "E1",
)
order_without_decision(
    "555",
    "Freeing order has been granted but there is no date of decision that the child should be placed "
    "for adoption.",
    "D1",
)


def decision_after_order(code: str, message: str, legal_status: str, *, first_only: bool) -> None:
    """Declare the rule: the decision to place for adoption comes after the episode under the order
    ``legal_status`` began (the child's first such episode when ``first_only``)."""

    def check(ctx: Context) -> pl.LazyFrame:
        ordered = _episodes(ctx, "decom", "ls", "source_row").filter(pl.col("ls") == legal_status)
        ordered = _first(ordered, "decom") if first_only else ordered
        joined = _decisions(ctx).join(ordered.select("child", "decom"), on="child", how="inner")
        return joined.filter(pl.col("date_placed") > pl.col("decom"))

    rule(code, message, ("placed_for_adoption", "episodes"), ("DATE_PLACED", "DECOM", "LS"))(check)


decision_after_order(
    "554",
    (
        "Date of decision that the child should be placed for adoption should be on or prior to the "
        "date that "
        "the placement order was granted. [NOTE: This rule may result in false positives or false negatives "
        "if relevant episodes are in previous years; please check carefully!]"
    ),
    "E1",
    first_only=True,
)
decision_after_order(
    "556",
    (
        "Date of decision that the child should be placed for adoption should be on or prior to the "
        "date that "
        "the freeing order was granted."
    ),
    "D1",
    first_only=False,
)


@rule(
    "557",
    (
        "Child for whom the decision was made that they should be placed for adoption has left care but was "
        "not adopted and information on the decision that they should no longer be placed for adoption items "
        "has not been completed."
    ),
    ("episodes", "placed_for_adoption"),
    ("REC", "PLACE", "LS", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
)
def rule_557(ctx: Context) -> pl.LazyFrame:
    # left care (REC given, not X1) other than by adoption, while placed for adoption or under an order
    episodes = ctx["episodes"]
    on_the_way = is_in("place", PLACED_FOR_ADOPTION) | is_in("ls", ("D1", "E1"))
    left = given("rec") & ~is_in("rec", (*ADOPTED, "X1"))
    leavers = episodes.filter(on_the_way & left)
    incomplete = _decisions(ctx).filter(any_blank(("date_placed_ceased", "reason_placed_ceased")))
    complete = _decisions(ctx).join(incomplete.select("child"), on="child", how="anti")
    flagged_episodes = child_not_in(leavers, complete)
    return in_files(
        "rec", (flagged_episodes, "episodes"), (child_in(incomplete, leavers), "placed_for_adoption")
    )


@rule(
    "558",
    (
        "If a child has been adopted, then the decision to place them for adoption has not been disrupted and"
        " the date of the decision that a child should no longer be placed for adoption should be left blank."
    ),
    ("episodes", "placed_for_adoption"),
    ("REC", "DATE_PLACED_CEASED"),
    partly="reads the child's latest decision only; the DfE's wording leaves earlier reversed decisions open",
)
def rule_558(ctx: Context) -> pl.LazyFrame:
    latest = _latest(_decisions(ctx), "date_placed").filter(given("date_placed_ceased"))
    return child_in(ctx["episodes"].filter(is_in("rec", ADOPTED)), latest)


@rule(
    "579",
    (
        "A new decision that the child should be placed for adoption this year cannot start when the previous"
        " decision is still open. Decisions to place the child for adoption should also not overlap. The date"
        " of any new decision to place the child for adoption must not be before the date placed ceased of "
        "previous decisions."
    ),
    "placed_for_adoption",
    ("DATE_PLACED", "DATE_PLACED_CEASED"),
)
def rule_579(ctx: Context) -> pl.LazyFrame:
    ordered = _decisions(ctx).sort("child", "date_placed", "source_row")
    previous_ceased = pl.col("date_placed_ceased").shift(1).over("child")
    has_previous = pl.int_range(pl.len()).over("child") > 0
    return ordered.filter(
        has_previous & (previous_ceased.is_null() | (pl.col("date_placed") < previous_ceased))
    )


@rule(
    "582",
    (
        "Child is showing as ceasing to be looked after due to adoption, but the date of adoption is "
        "the same as"
        " the date reported for being matched with adopters. In most circumstances we expect the date the "
        "child is matched with adopters to be before the date of adoption."
    ),
    ("episodes", "ad1"),
    ("DEC", "DATE_MATCH"),
)
def rule_582(ctx: Context) -> pl.LazyFrame:
    matched = ctx["ad1"].filter(given("date_match")).select("child", "date_match")
    adopted = ctx["episodes"].filter(is_in("rec", ADOPTED))
    return adopted.join(matched, on="child", how="inner").filter(pl.col("dec") == pl.col("date_match"))


@rule(
    "583",
    (
        "More than one date the child should be placed for adoption has been reported, but an "
        "earlier decision"
        " has not been revoked. Check that both dates are required and add in the date the earlier decision "
        "was revoked. Note this may be in a previous year."
    ),
    "placed_for_adoption",
    ("DATE_PLACED", "DATE_PLACED_CEASED"),
)
def rule_583(ctx: Context) -> pl.LazyFrame:
    # every decision but the child's latest must have ceased
    ordered = _decisions(ctx).sort("child", "date_placed", "source_row")
    is_latest = pl.int_range(pl.len()).over("child") == pl.len().over("child") - 1
    return ordered.filter(~is_latest & blank("date_placed_ceased"))


def _adopted_in_year(ctx: Context) -> pl.LazyFrame:
    return ctx["episodes"].filter(is_in("rec", ADOPTED) & pl.col("dec").is_between(ctx.start, ctx.end))


@rule(
    "601",
    (
        "The additional fields relating to adoption have not been completed although the episode data shows "
        "that the child was adopted during the year."
    ),
    ("ad1", "episodes"),
    ("REC", *AD1_FIELDS),
)
def rule_601(ctx: Context) -> pl.LazyFrame:
    return child_in(ctx["ad1"].filter(any_blank(AD1_ITEMS)), _adopted_in_year(ctx))


@rule(
    "602",
    "The episode data submitted for this child does not show that he/she was adopted during the year.",
    ("ad1", "episodes"),
    ("CHILD", *AD1_FIELDS),
)
def rule_602(ctx: Context) -> pl.LazyFrame:
    return child_not_in(ctx["ad1"].filter(any_given(AD1_ITEMS)), _adopted_in_year(ctx))
