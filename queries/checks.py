"""The checks behind `queries.rules`: each turns text frames into typed frames and findings, in polars.

Checks are vectorised (one filter per rule over a whole file) so that an England-sized return validates in
seconds. A value that fails its own format is null in the typed frame, so the rules that compare it with
another value skip it rather than report the same cell twice. Raw text stays beside the typed value (as
``<column>__raw``) until loading, so findings quote the value as the file wrote it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import polars as pl

from queries import codes
from queries.rules import ColumnSpec, FileSpec, Kind

RAW = "__raw"
CHILD_PATTERN = r"^[A-Za-z0-9]{1,10}$"
# What a spreadsheet runs as a formula (OWASP "CSV Injection"); no text field of the return may start so.
FORMULA_START = r"^[=+\-@\t\r]"
EARLIEST_DATE = date(1900, 1, 1)


def raw(name: str) -> str:
    return name + RAW


def findings_where(
    frame: pl.DataFrame,
    mask: pl.Expr | pl.Series,
    *,
    file: str,
    rule: str,
    column: str | None,
    value: pl.Expr | None,
    child: bool = True,
    detail: str | pl.Expr | None = None,
) -> pl.DataFrame:
    """One finding for every row of ``frame`` where ``mask`` holds (null counts as not holding)."""
    hits = frame.filter(mask)
    has_child = child and "child" in frame.columns
    return hits.select(
        pl.lit(file, dtype=pl.String).alias("file"),
        pl.col("source_row").cast(pl.Int64).alias("row"),
        pl.lit(column, dtype=pl.String).alias("column"),
        (value.cast(pl.String) if value is not None else pl.lit(None, dtype=pl.String)).alias("value"),
        pl.lit(rule, dtype=pl.String).alias("rule"),
        (pl.col(raw("child")) if has_child else pl.lit(None, dtype=pl.String)).alias("child"),
        (detail.cast(pl.String) if isinstance(detail, pl.Expr) else pl.lit(detail, dtype=pl.String)).alias(
            "detail"
        ),
    )


def _date(text: pl.Expr) -> pl.Expr:
    # dd/mm/yyyy as the statutory extracts write dates; ISO yyyy-mm-dd is accepted too (docs/returns.md).
    # A two-digit year parses as the year 23 AD: `_typed` refuses dates before 1900, which catches it.
    return (
        pl.when(text.str.contains("/", literal=True))
        .then(text.str.strptime(pl.Date, "%d/%m/%Y", strict=False))
        .otherwise(text.str.strptime(pl.Date, "%Y-%m-%d", strict=False))
    )


def _typed(column: ColumnSpec) -> pl.Expr:
    text = pl.col(raw(column.name))
    match column.kind:
        case Kind.CHILD:
            return pl.when(text.str.contains(CHILD_PATTERN)).then(text)
        case Kind.DATE:
            parsed = _date(text)
            return pl.when(parsed >= EARLIEST_DATE).then(parsed)
        case Kind.MONTH:
            return pl.when(text.str.contains(r"^\d{4}-\d{2}$")).then(
                (text + "-01").str.strptime(pl.Date, "%Y-%m-%d", strict=False)
            )
        case Kind.INTEGER:
            number = text.cast(pl.Int64, strict=False)
            if column.codes is not None:
                number = pl.when(text.is_in(column.codes)).then(number)
            return _in_range(number, column)
        case Kind.NUMBER:
            number = text.cast(pl.Float64, strict=False)
            number = pl.when(number.is_finite()).then(number)
            return _in_range(number, column).round(column.decimals if column.decimals is not None else 6)
        case Kind.BOOLEAN:
            return pl.when(text.is_in(["0", "1"])).then(text == "1")
        case Kind.CODE if column.codes is not None:
            return pl.when(text.is_in(column.codes)).then(text)
        case _:
            return pl.when(text.str.len_chars() <= (column.length or 1_000_000)).then(text)


def _in_range(number: pl.Expr, column: ColumnSpec) -> pl.Expr:
    low = column.low if column.low is not None else float("-inf")
    high = column.high if column.high is not None else float("inf")
    return pl.when(number.is_between(low, high)).then(number)


def _range_text(column: ColumnSpec) -> str:
    return f"allowed {column.low:g} to {column.high:g}"


def _value_rules(column: ColumnSpec, as_of: date) -> Iterable[tuple[str, pl.Expr, str | None]]:
    """(rule, mask, detail) for each way one value of ``column`` can be wrong.

    The masks read the typed column where they can (a value that did not parse is null there), so that each
    value is parsed once however many rules look at it.
    """
    text = pl.col(raw(column.name))
    typed = pl.col(column.name)
    given = text.is_not_null()
    unparsed = given & typed.is_null()
    number_text = text.cast(pl.Float64, strict=False)
    if column.required:
        yield "VALUE_REQUIRED", text.is_null(), None
    match column.kind:
        case Kind.CHILD:
            yield "CHILD_INVALID", unparsed, None
        case Kind.DATE:
            yield "DATE_INVALID", unparsed, None
            if column.past:
                yield "DATE_FUTURE", typed > as_of, f"after {as_of.isoformat()}"
        case Kind.MONTH:
            yield "MONTH_INVALID", unparsed, None
            yield "DATE_FUTURE", typed > as_of, f"after {as_of.isoformat()}"
        case Kind.INTEGER if column.codes is not None:
            yield "CODE_INVALID", unparsed, "codes " + ", ".join(column.codes)
        case Kind.INTEGER:
            number = text.cast(pl.Int64, strict=False)
            yield "INTEGER_INVALID", given & number.is_null(), None
            yield "NUMBER_RANGE", number.is_not_null() & pl.col(column.name).is_null(), _range_text(column)
        case Kind.NUMBER:
            yield "NUMBER_INVALID", given & ~number_text.is_finite().fill_null(value=False), None
            in_form = number_text.is_finite()
            yield "NUMBER_RANGE", in_form & _in_range(number_text, column).is_null(), _range_text(column)
            if column.decimals is not None:
                rounded = pl.col(column.name) != number_text
                yield "NUMBER_ROUNDED", rounded, f"stored with {column.decimals} decimal place(s)"
        case Kind.BOOLEAN:
            yield "BOOLEAN_INVALID", unparsed, None
        case Kind.CODE if column.codes is not None:
            shown = ", ".join(column.codes) if len(column.codes) <= 24 else f"list {column.label}"
            yield "CODE_INVALID", unparsed, "codes " + shown
        case Kind.TEXT:
            yield "TEXT_FORMULA", text.str.contains(FORMULA_START), None
            if column.length is not None:
                yield "TEXT_TOO_LONG", unparsed, f"at most {column.length} characters"


def type_file(
    spec: FileSpec, frame: pl.DataFrame, spelled: dict[str, str], as_of: date
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """The typed frame of one file (raw text kept beside it) and the findings about single values and keys."""
    frame = frame.rename({column.name: raw(column.name) for column in spec.columns})
    frame = frame.with_columns(_typed(column).alias(column.name) for column in spec.columns)
    rules = [
        (column, rule, mask.fill_null(value=False), detail)
        for column in spec.columns
        for rule, mask, detail in _value_rules(column, as_of)
    ]
    # Every mask in one parallel pass; only the rules that hit somewhere build findings.
    masks = frame.select(mask.alias(str(number)) for number, (_, _, mask, _) in enumerate(rules))
    hits = masks.select(pl.all().any()).row(0)
    found = [
        findings_where(
            frame,
            masks[str(number)],
            file=spec.file,
            rule=rule,
            column=spelled[column.name],
            value=pl.col(raw(column.name)),
            detail=detail,
        )
        for number, ((column, rule, _, detail), hit) in enumerate(zip(rules, hits, strict=True))
        if hit
    ]
    found.append(_duplicate_keys(spec, frame, spelled))
    return frame, found


def _duplicate_keys(spec: FileSpec, frame: pl.DataFrame, spelled: dict[str, str]) -> pl.DataFrame:
    key = list(spec.key)
    # Sorting and comparing neighbours is several times faster here than hashing a struct of the key.
    complete = frame.filter(pl.all_horizontal(pl.col(key).is_not_null())).sort([*key, "source_row"])
    repeated = pl.all_horizontal(pl.col(name) == pl.col(name).shift(1) for name in key)
    return findings_where(
        complete,
        repeated,
        file=spec.file,
        rule="KEY_DUPLICATE",
        column=", ".join(spelled[name] for name in key),
        value=pl.concat_str([pl.col(raw(name)) for name in key], separator=", "),
        detail="key " + ", ".join(spelled[name] for name in key),
    )


# Cross-column and cross-file rules -------------------------------------------------------------------------


def header_rules(header: pl.DataFrame, spelled: dict[str, str]) -> list[pl.DataFrame]:
    file = "header.csv"
    mc_dob_given = pl.col(raw("mc_dob")).is_not_null()
    return [
        findings_where(
            header,
            (pl.col("mother") == True) & ~mc_dob_given,  # noqa: E712 - polars expression, not a Python test
            file=file,
            rule="MC_DOB_REQUIRED",
            column=spelled["mc_dob"],
            value=pl.col(raw("mc_dob")),
        ),
        findings_where(
            header,
            mc_dob_given & ~(pl.col("mother") == True).fill_null(value=False),  # noqa: E712
            file=file,
            rule="MC_DOB_WITHOUT_MOTHER",
            column=spelled["mc_dob"],
            value=pl.col(raw("mc_dob")),
        ),
        findings_where(
            header,
            pl.col("mc_dob") < pl.col("dob"),
            file=file,
            rule="MC_DOB_BEFORE_DOB",
            column=spelled["mc_dob"],
            value=pl.col(raw("mc_dob")),
        ),
    ]


def child_rules(
    spec: FileSpec, frame: pl.DataFrame, spelled: dict[str, str], header: pl.DataFrame | None
) -> list[pl.DataFrame]:
    """Rules that every child-level file shares: the child exists in header.csv; DOB agrees with it."""
    if header is None:
        return []
    children = header.filter(pl.col("child").is_not_null()).select("child", pl.col("dob").alias("header_dob"))
    known = frame.filter(pl.col("child").is_not_null())
    # Anti-joins (a hash of header.csv's few hundred thousand children) rather than a join of every row.
    unknown = known.join(children, on="child", how="anti")
    found = [
        findings_where(
            unknown,
            pl.lit(value=True),
            file=spec.file,
            rule="CHILD_NOT_IN_HEADER",
            column=spelled["child"],
            value=pl.col(raw("child")),
        )
    ]
    if "dob" in frame.columns:
        pairs = children.rename({"header_dob": "dob"})
        differs = (
            known.filter(pl.col("dob").is_not_null())
            .join(pairs, on=["child", "dob"], how="anti")
            .join(children, on="child", how="inner", maintain_order="left")
        )
        found.append(
            findings_where(
                differs,
                pl.lit(value=True),
                file=spec.file,
                rule="DOB_DIFFERS",
                column=spelled["dob"],
                value=pl.col(raw("dob")),
                detail=pl.lit("header.csv has ") + pl.col("header_dob").dt.strftime("%d/%m/%Y"),
            )
        )
    return found


def episode_rules(
    episodes: pl.DataFrame, spelled: dict[str, str], header: pl.DataFrame | None
) -> tuple[list[pl.DataFrame], dict[str, list[str]], dict[str, str]]:
    """The episode rules; also the PLACE lists used (label: codes) and the years of DECOM each served."""
    file = "episodes.csv"
    found = []

    def where(
        mask: pl.Expr, rule: str, column: str, frame: pl.DataFrame = episodes, detail: str | None = None
    ) -> None:
        found.append(
            findings_where(
                frame,
                mask,
                file=file,
                rule=rule,
                column=spelled[column],
                value=pl.col(raw(column)),
                detail=detail,
            )
        )

    if header is not None:
        dobs = header.filter(pl.col("child").is_not_null()).select("child", pl.col("dob").alias("header_dob"))
        starts = episodes.select("source_row", "child", raw("child"), "decom", raw("decom"))
        with_dob = starts.join(dobs, on="child", how="inner")
        where(pl.col("decom") < pl.col("header_dob"), "DECOM_BEFORE_DOB", "decom", with_dob)
    dec_given = pl.col(raw("dec")).is_not_null()
    rec_given = pl.col(raw("rec")).is_not_null()
    where(pl.col("dec") < pl.col("decom"), "DEC_BEFORE_DECOM", "dec")
    where(rec_given & ~dec_given, "REC_WITHOUT_DEC", "rec")
    where(dec_given & ~rec_given, "DEC_WITHOUT_REC", "dec")
    # Codes change over time (docs/returns.md): PLACE is valid in the year ending 31 March that holds DECOM.
    year = codes.year_ending_31_march(pl.col("decom"))
    for first, last, place_codes in codes.PLACE.epochs():
        in_epoch = year.is_between(first or 0, last or 9999)
        label = codes.PLACE.label(first if first is not None else (last or 0))
        where(
            in_epoch & pl.col(raw("place")).is_not_null() & ~pl.col(raw("place")).is_in(place_codes),
            "PLACE_NOT_VALID_FOR_YEAR",
            "place",
            detail=f"{label}: " + ", ".join(place_codes),
        )
    years = sorted(set(episodes.select(year.drop_nulls().unique()).to_series().to_list()))
    place_lists: dict[str, list[str]] = {}
    place_years: dict[str, list[int]] = {}
    for collection_year in years:
        label = codes.PLACE.label(collection_year)
        place_lists[label] = list(codes.PLACE.codes_for(collection_year))
        place_years.setdefault(label, []).append(collection_year)
    used = {
        label: codes.year_label(min(span)) + ("" if len(span) == 1 else f" to {codes.year_label(max(span))}")
        for label, span in place_years.items()
    }

    # Episodes of one child must not overlap; at most one is open. An episode may start the day the previous
    # one ended (REC = X1: the same period of care continues), so only a start before that end overlaps.
    needed = ["source_row", "child", raw("child"), "decom", raw("decom"), "dec", raw("dec")]
    ordered = (
        episodes.select(needed)
        .filter(pl.col("child").is_not_null() & pl.col("decom").is_not_null())
        .sort("child", "decom", "source_row")
    )
    same_child_before = pl.col("child").shift(1) == pl.col("child")
    same_child_after = pl.col("child").shift(-1) == pl.col("child")
    is_open = pl.col(raw("dec")).is_null()
    where(
        same_child_before & (pl.col("decom") < pl.col("dec").shift(1)), "EPISODES_OVERLAP", "decom", ordered
    )
    where(same_child_after & is_open, "EPISODE_OPEN_NOT_LAST", "dec", ordered)
    open_episodes = ordered.filter(is_open)
    where(pl.col("child").is_duplicated(), "EPISODES_MORE_THAN_ONE_OPEN", "dec", open_episodes)
    found.extend(_reason_place_change_rules(episodes, spelled))
    return found, place_lists, used


def _reason_place_change_rules(episodes: pl.DataFrame, spelled: dict[str, str]) -> list[pl.DataFrame]:
    """REASON_PLACE_CHANGE is recorded on the episode that ENDS with a change of placement (DfE 225), never
    on a temporary placement or the episode before one (226), nor on an episode still open (233)."""
    columns = ["source_row", "child", raw("child"), "decom", "rne", "place", "rec", raw("dec")]
    ordered = (
        episodes.select(*columns, raw("reason_place_change"))
        .filter(pl.col("child").is_not_null() & pl.col("decom").is_not_null())
        .sort("child", "decom", "source_row")
    )
    reason = pl.col(raw("reason_place_change"))
    temporary = pl.col("place").is_in(codes.TEMPORARY_PLACEMENTS)
    next_same_child = pl.col("child").shift(-1) == pl.col("child")
    previous_same_child = pl.col("child").shift(1) == pl.col("child")
    ends_with_move = (
        next_same_child
        & (pl.col("rec") == "X1")
        & ~temporary
        & pl.col("rne").shift(-1).is_in(["P", "B", "T", "U"])
        & ~pl.col("place").shift(-1).is_in(codes.TEMPORARY_PLACEMENTS)
    )
    previous_reason = pl.when(previous_same_child).then(reason.shift(1))

    def where(mask: pl.Expr, rule: str) -> pl.DataFrame:
        return findings_where(
            ordered,
            mask,
            file="episodes.csv",
            rule=rule,
            column=spelled["reason_place_change"],
            value=reason,
        )

    return [
        where(ends_with_move & reason.is_null(), "REASON_PLACE_CHANGE_REQUIRED"),
        where(
            temporary & (reason.is_not_null() | previous_reason.is_not_null()),
            "REASON_PLACE_CHANGE_ON_TEMPORARY",
        ),
        where(pl.col(raw("dec")).is_null() & reason.is_not_null(), "REASON_PLACE_CHANGE_ON_OPEN"),
    ]


def yearly_code_rules(
    spec: FileSpec, frame: pl.DataFrame, spelled: dict[str, str], year: int | None
) -> tuple[list[pl.DataFrame], dict[str, str]]:
    """A code of a list that changes by year (SEX) checked against the list of the return's collection year;
    a full extract (no one year) accepts any year's code. Also the list used, for the report."""
    found, used = [], {}
    for column in spec.columns:
        if column.yearly is None or column.yearly == "PLACE":
            continue  # PLACE goes by the year of each episode's DECOM (episode_rules)
        lists = codes.YEARLY_LISTS[column.yearly]
        if year is None:
            used[column.label] = f"any {column.label} list of {codes.year_label(codes.FIRST_YEAR)} to " + (
                f"{codes.year_label(codes.LAST_YEAR)} (a full extract spans years)"
            )
            continue
        allowed = lists.codes_for(year)
        label = lists.label(year)
        used[column.label] = f"{label}: " + ", ".join(allowed)
        found.append(
            findings_where(
                frame,
                pl.col(raw(column.name)).is_not_null() & ~pl.col(raw(column.name)).is_in(allowed),
                file=spec.file,
                rule="CODE_INVALID",
                column=spelled[column.name],
                value=pl.col(raw(column.name)),
                detail=f"{label} for {codes.year_label(year)}: " + ", ".join(allowed),
            )
        )
    return found, used


def file_rules(
    spec: FileSpec, frame: pl.DataFrame, spelled: dict[str, str], known_indicators: set[str] | None
) -> list[pl.DataFrame]:
    """The rules that compare columns within one row of the other files."""

    def where(mask: pl.Expr, rule: str, column: str, detail: str | None = None) -> pl.DataFrame:
        return findings_where(
            frame,
            mask,
            file=spec.file,
            rule=rule,
            column=spelled[column],
            value=pl.col(raw(column)),
            detail=detail,
        )

    match spec.table:
        case "header":
            return header_rules(frame, spelled)
        case "reviews":
            return [where(pl.col("review") < pl.col("dob"), "REVIEW_BEFORE_DOB", "review")]
        case "missing":
            return [where(pl.col("mis_end") < pl.col("mis_start"), "MIS_END_BEFORE_START", "mis_end")]
        case "sw_episodes":
            return [where(pl.col("sw_dec") < pl.col("sw_decom"), "SW_DEC_BEFORE_SW_DECOM", "sw_dec")]
        case "dolo":
            return [where(pl.col("dolo_end") < pl.col("dolo_start"), "DOLO_END_BEFORE_START", "dolo_end")]
        case "oc3":
            not_in_touch = pl.col("in_touch").is_in(["NO", "DIED", "REFU"])
            return [
                where(not_in_touch & pl.col(raw("activ")).is_not_null(), "ACTIV_WHEN_NOT_IN_TOUCH", "activ")
            ]
        case "education":
            missed = pl.col("sessions_missed") > pl.col("sessions_possible")
            return [where(missed, "SESSIONS_MISSED_EXCEED_POSSIBLE", "sessions_missed")]
        case "workforce":
            late = pl.col("supervisions_on_time") > pl.col("supervisions_due")
            return [where(late, "SUPERVISIONS_ON_TIME_EXCEED_DUE", "supervisions_on_time")]
        case "plan_targets" | "comparators" if known_indicators is not None:
            unknown = pl.col("indicator").is_not_null() & ~pl.col("indicator").is_in(sorted(known_indicators))
            return [where(unknown, "INDICATOR_UNKNOWN", "indicator")]
    return []


def service_rules(tables: dict[str, pl.DataFrame]) -> list[pl.DataFrame]:
    """Services across files: histories name known services (an error); a placement's URN names a service
    (a warning: a provider the department does not list still counts in every child's figures).

    Without services.csv every history row names an unknown service, and URNs are not checked at all.
    """
    services = tables.get("services")
    known = (
        services.select("service_id").drop_nulls()
        if services is not None
        else pl.DataFrame(schema={"service_id": pl.String})
    )
    found = []
    for table, file in (("inspections", "inspections.csv"), ("service_costs", "service_costs.csv")):
        history = tables.get(table)
        if history is None:
            continue
        unknown = history.filter(pl.col("service_id").is_not_null()).join(known, on="service_id", how="anti")
        found.append(
            findings_where(
                unknown,
                pl.lit(value=True),
                file=file,
                rule="SERVICE_UNKNOWN",
                column="SERVICE_ID",
                value=pl.col("service_id"),
                child=False,
            )
        )
    episodes = tables.get("episodes")
    if services is not None and episodes is not None:
        unmatched = (
            episodes.filter(pl.col("urn").is_not_null())
            .join(known.rename({"service_id": "urn"}), on="urn", how="anti")
            .with_columns(pl.col("child").alias(raw("child")))
        )
        found.append(
            findings_where(
                unmatched,
                pl.lit(value=True),
                file="episodes.csv",
                rule="URN_NOT_A_SERVICE",
                column="URN",
                value=pl.col("urn"),
            )
        )
    return found
