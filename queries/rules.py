"""Every check of a return, declared once: its code, the DfE rule it stands for, whether it blocks, and the
files and columns it reads.

The layout follows the Data to Insight SSDA903 validator: a rule is metadata (this module), its check is a
function (`queries.checks`), and each rule has its own failing example in ``tests/queries/test_rules.py``.
A data officer looks a finding up by its DfE code (``103``, ``225``): ``Rule.dfe`` is the DfE rule where the
DfE has one; a generic check (a code not in its list) names the DfE rule of each column it guards in
``DFE_BY_COLUMN``; everything else carries a code of ours, ``CPO-<RULE>``. Severity: an ``error`` blocks the
whole return; a ``finding`` is a DfE validation finding (the return loads; ``--strict`` rejects on it); a
``warning`` is a note about the file itself (an extra column, blank lines). The file specifications below are
the data contract of docs/returns.md written as data: one entry a column, with its kind, whether a value is
required, its code list or its range.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from queries import codes

Severity = Literal["error", "finding", "warning"]


@dataclass(frozen=True)
class Rule:
    code: str
    message: str
    severity: Severity = "error"
    files: tuple[str, ...] = ()  # empty: any file
    columns: tuple[str, ...] = ()  # empty: the columns the finding names
    dfe: str | None = None  # the DfE rule code, where the DfE has an equivalent

    @property
    def blocking(self) -> bool:
        return self.severity == "error"

    @property
    def own_code(self) -> str:
        """The code a data officer looks the rule up by: the DfE's, else ours (``CPO-KEY-DUPLICATE``)."""
        return self.dfe or "CPO-" + self.code.replace("_", "-")


_EPISODES = ("episodes.csv",)
_CHILD_FILES = (
    "episodes.csv", "reviews.csv", "missing.csv", "oc2.csv", "oc3.csv", "uasc.csv", "ad1.csv",
    "placed_for_adoption.csv", "previous_permanence.csv", "sw_episodes.csv", "dolo.csv", "education.csv",
    "visits.csv", "leaver_support.csv",
)  # fmt: skip

RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        # The file as a whole.
        Rule("FILE_MISSING", "a file the return needs is missing from the folder"),
        Rule("FILE_NOT_UTF8", "the file is not UTF-8 text (save it as CSV UTF-8)"),
        Rule("FILE_EMPTY", "the file is empty: it needs at least a header row"),
        Rule("FILE_NOT_CSV", "the file cannot be read as CSV"),
        Rule("FILE_NOT_XML", "the XML return cannot be read"),
        Rule(
            "ROW_WIDTH",
            "the row has more or fewer fields than the header row (a row cut short, or a comma too many)",
        ),
        Rule("FILE_NO_ROWS", "the file has a header row but no data rows", "warning"),
        Rule(
            "HEADER_NO_ROWS", "header.csv has no children: a return needs at least one", files=("header.csv",)
        ),
        Rule("FILE_UNKNOWN", "a file that is not part of the return is ignored", "warning"),
        Rule("FILE_TWICE", "two files of the folder are the same file of the return"),
        Rule("YEAR_UNKNOWN", "the collection year cannot be inferred: give it with --year YYYY"),
        # Its columns.
        Rule("COLUMN_MISSING", "a required column is missing"),
        Rule(
            "COLUMN_ABSENT_OPTIONAL", "an optional column is absent: its values are not recorded", "warning"
        ),
        Rule("COLUMN_EXTRA", "an extra column is ignored", "warning"),
        Rule("COLUMN_DUPLICATE", "the column appears more than once (names are case-insensitive)"),
        Rule("COLUMN_UNNAMED", "a column without a name in the header row is ignored", "warning"),
        Rule("ROW_EMPTY", "blank lines are skipped", "warning"),
        # One value.
        Rule("VALUE_REQUIRED", "a value is required"),
        Rule("DATE_INVALID", "not a valid date from 1900 on: write dd/mm/yyyy or yyyy-mm-dd"),
        Rule("DATE_FUTURE", "the date is in the future"),
        Rule("MONTH_INVALID", "not a valid month: write yyyy-mm"),
        Rule("INTEGER_INVALID", "not a whole number"),
        Rule("NUMBER_INVALID", "not a number"),
        Rule("NUMBER_RANGE", "the number is outside its allowed range"),
        Rule("NUMBER_ROUNDED", "more decimal places than are stored: the value is rounded", "warning"),
        Rule("BOOLEAN_INVALID", "not 0 or 1"),
        Rule("CODE_INVALID", "not a code from its list"),
        Rule("CHILD_INVALID", "a child id is 1-10 letters and digits"),
        Rule("TEXT_TOO_LONG", "the text is longer than the column holds"),
        Rule(
            "TEXT_FORMULA",
            "the text begins with =, +, -, @, a tab or a carriage return, as a spreadsheet formula does: no "
            "code, postcode, pupil number, id or name of an area or a source begins so",
        ),
        Rule("KEY_DUPLICATE", "the same record appears more than once in the file"),
        Rule(
            "INDICATOR_UNKNOWN",
            "not an indicator id of the catalogue",
            files=("plan_targets.csv", "comparators.csv"),
        ),
        # Across files.
        Rule("CHILD_NOT_IN_HEADER", "the child is not in header.csv", files=_CHILD_FILES, columns=("CHILD",)),
        Rule(
            "DOB_DIFFERS",
            "the date of birth differs from header.csv",
            "warning",
            files=("reviews.csv", "missing.csv", "oc2.csv", "oc3.csv"),
            columns=("DOB",),
        ),
        # header.csv
        Rule(
            "MC_DOB_REQUIRED",
            "MC_DOB is required when MOTHER = 1",
            files=("header.csv",),
            columns=("MC_DOB",),
        ),
        Rule(
            "MC_DOB_WITHOUT_MOTHER",
            "MC_DOB is given but MOTHER is not 1",
            "warning",
            files=("header.csv",),
            columns=("MC_DOB",),
        ),
        Rule("MC_DOB_BEFORE_DOB", "MC_DOB is before the mother's own DOB", files=("header.csv",)),
        # episodes.csv
        Rule(
            "DECOM_BEFORE_DOB",
            "First episode starts before child was born.",
            files=_EPISODES,
            columns=("DECOM",),
            dfe="302",
        ),
        Rule(
            "DEC_BEFORE_DECOM",
            "The date the episode ceased is before the date the same episode started.",
            files=_EPISODES,
            columns=("DEC",),
            dfe="356",
        ),
        Rule(
            "REC_WITHOUT_DEC",
            "Date episode ceased and reason episode ceased must both be coded, or both left blank.",
            files=_EPISODES,
            dfe="148",
        ),
        Rule(
            "DEC_WITHOUT_REC",
            "Date episode ceased and reason episode ceased must both be coded, or both left blank.",
            files=_EPISODES,
            dfe="148",
        ),
        Rule(
            "REASON_PLACE_CHANGE_REQUIRED",
            "Reason for placement change must be recorded (on the episode that ends with REC X1 when the "
            "next starts with RNE P, B, T or U and neither is a temporary placement).",
            "finding",
            files=_EPISODES,
            columns=("REASON_PLACE_CHANGE",),
            dfe="225",
        ),
        Rule(
            "REASON_PLACE_CHANGE_ON_TEMPORARY",
            "Reason for placement change is not required (a temporary placement T0-T4, or the episode "
            "before one).",
            "finding",
            files=_EPISODES,
            columns=("REASON_PLACE_CHANGE",),
            dfe="226",
        ),
        Rule(
            "REASON_PLACE_CHANGE_ON_OPEN",
            "Reason for placement change should not be given on an episode that has not ended.",
            "finding",
            files=_EPISODES,
            columns=("REASON_PLACE_CHANGE",),
            dfe="233",
        ),
        Rule(
            "PLACE_NOT_VALID_FOR_YEAR",
            "Placement type code is not a valid code (in the collection year of DECOM).",
            files=_EPISODES,
            columns=("PLACE",),
            dfe="146",
        ),
        Rule(
            "EPISODES_OVERLAP",
            "the episode starts before the child's previous episode ended",
            files=_EPISODES,
        ),
        Rule(
            "EPISODE_OPEN_NOT_LAST",
            "A new episode has started, but the previous episode has not ended.",
            files=_EPISODES,
            dfe="142",
        ),
        Rule(
            "EPISODES_MORE_THAN_ONE_OPEN",
            "the child has more than one open episode",
            files=_EPISODES,
        ),
        # Other files.
        Rule("REVIEW_BEFORE_DOB", "the review is before the child's DOB", files=("reviews.csv",)),
        Rule(
            "MIS_END_BEFORE_START",
            "MIS_END is before MIS_START",
            files=("missing.csv",),
            columns=("MIS_END",),
        ),
        Rule(
            "SW_DEC_BEFORE_SW_DECOM",
            "SW_DEC is before SW_DECOM",
            files=("sw_episodes.csv",),
            columns=("SW_DEC",),
        ),
        Rule(
            "DOLO_END_BEFORE_START",
            "DOLO_END is before DOLO_START",
            files=("dolo.csv",),
            columns=("DOLO_END",),
        ),
        Rule(
            "ACTIV_WHEN_NOT_IN_TOUCH",
            "ACTIV should be empty when the care leaver is not in touch",
            "warning",
            files=("oc3.csv",),
            columns=("ACTIV",),
        ),
        Rule(
            "SESSIONS_MISSED_EXCEED_POSSIBLE",
            "SESSIONS_MISSED is more than SESSIONS_POSSIBLE",
            files=("education.csv",),
            columns=("SESSIONS_MISSED",),
        ),
        Rule(
            "SERVICE_UNKNOWN",
            "the SERVICE_ID is not in services.csv",
            files=("inspections.csv", "service_costs.csv"),
            columns=("SERVICE_ID",),
        ),
        Rule(
            "URN_NOT_A_SERVICE",
            "the placement's URN is not a SERVICE_ID of services.csv: the placement counts for no service",
            "warning",
            files=_EPISODES,
            columns=("URN",),
        ),
        Rule(
            "SUPERVISIONS_ON_TIME_EXCEED_DUE",
            "SUPERVISIONS_ON_TIME is more than SUPERVISIONS_DUE",
            files=("workforce.csv",),
            columns=("SUPERVISIONS_ON_TIME",),
        ),
    )
}

# A generic check stands for the DfE rule of the column it guards: (rule, file, COLUMN) -> DfE code.
DFE_BY_COLUMN: dict[tuple[str, str, str], str] = {
    **{
        ("CODE_INVALID", file, column): code
        for file, column, code in (
            ("header.csv", "SEX", "101"), ("header.csv", "ETHNIC", "103"), ("episodes.csv", "RNE", "143"),
            ("episodes.csv", "LS", "144"), ("episodes.csv", "CIN", "145"), ("episodes.csv", "PLACE", "146"),
            ("episodes.csv", "PLACE_PROVIDER", "178"), ("episodes.csv", "REC", "149"),
            ("episodes.csv", "REASON_PLACE_CHANGE", "1009"), ("reviews.csv", "REVIEW_CODE", "167"),
            ("missing.csv", "MISSING", "1006"), ("oc3.csv", "IN_TOUCH", "131"), ("oc3.csv", "ACTIV", "132"),
            ("oc3.csv", "ACCOM", "133"),
        )
    },
    **{
        ("VALUE_REQUIRED", file, column): code
        for file, column, code in (
            ("header.csv", "ETHNIC", "103"), ("header.csv", "SEX", "101"), ("header.csv", "DOB", "102"),
            ("episodes.csv", "DECOM", "141"), ("episodes.csv", "RNE", "143"), ("episodes.csv", "LS", "144"),
            ("episodes.csv", "CIN", "145"), ("episodes.csv", "PLACE", "146"),
            ("reviews.csv", "REVIEW", "166"), ("reviews.csv", "REVIEW_CODE", "167"),
            ("missing.csv", "MISSING", "1006"),
            ("missing.csv", "MIS_START", "1004"), ("oc3.csv", "IN_TOUCH", "131"),
        )
    },
    **{
        ("DATE_INVALID", file, column): code
        for file, column, code in (
            ("header.csv", "DOB", "102"), ("header.csv", "MC_DOB", "171"), ("episodes.csv", "DECOM", "141"),
            ("episodes.csv", "DEC", "147"), ("reviews.csv", "REVIEW", "166"),
            ("missing.csv", "MIS_START", "1004"), ("missing.csv", "MIS_END", "1005"),
            ("uasc.csv", "DUC", "104"), ("ad1.csv", "DATE_INT", "112"), ("ad1.csv", "DATE_MATCH", "113"),
            ("placed_for_adoption.csv", "DATE_PLACED", "115"),
            ("placed_for_adoption.csv", "DATE_PLACED_CEASED", "116"),
        )
    },
    # the DfE's internal checks: a child of a file missing from header.csv (INT01-INT09)
    **{
        ("CHILD_NOT_IN_HEADER", file, "CHILD"): code
        for file, code in (
            ("ad1.csv", "INT01"), ("placed_for_adoption.csv", "INT02"), ("episodes.csv", "INT03"),
            ("missing.csv", "INT04"), ("oc2.csv", "INT05"), ("oc3.csv", "INT06"),
            ("previous_permanence.csv", "INT07"), ("reviews.csv", "INT08"), ("uasc.csv", "INT09"),
        )
    },
    ("DATE_FUTURE", "header.csv", "DOB"): "301",
    ("BOOLEAN_INVALID", "ad1.csv", "FOSTER_CARE"): "114",
}  # fmt: skip


def dfe_code(rule: str, file: str, column: str | None) -> str:
    """The code a finding is looked up by: the DfE rule of that column, the rule's own DfE code, or ours."""
    by_column = DFE_BY_COLUMN.get((rule, file, (column or "").upper()))
    if by_column:
        return by_column
    known = RULES.get(rule)
    return known.own_code if known is not None else rule


class Kind(StrEnum):
    CHILD = "child"
    DATE = "date"
    MONTH = "month"  # yyyy-mm, stored as the first day of the month
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    CODE = "code"
    TEXT = "text"


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a file. ``name`` is the lower-case column of the table; the file's is upper case."""

    name: str
    kind: Kind
    required: bool = False
    codes: tuple[str, ...] | None = None
    low: float | None = None
    high: float | None = None
    length: int | None = None  # the longest text the table stores
    decimals: int | None = None  # the scale of a NUMERIC column
    optional_column: bool = False  # the column may be absent from the file
    past: bool = True  # a date must not be in the future
    yearly: str | None = None  # a list that changes by collection year (codes.YEARLY_LISTS)

    @property
    def label(self) -> str:
        return self.name.upper()


@dataclass(frozen=True)
class FileSpec:
    file: str
    table: str
    columns: tuple[ColumnSpec, ...]
    key: tuple[str, ...]  # what makes a row unique (the table's primary key)
    child_level: bool = field(default=True)
    statutory: bool = True  # a DfE file (accumulates by collection year) rather than a local one
    names: tuple[str, ...] = ()  # other names the DfE's tools give the file (SSDA903_2024_25_<name>.csv)
    first_year: int | None = None  # the first collection year the DfE collects it

    @property
    def stem(self) -> str:
        return self.file.removesuffix(".csv")

    def column(self, name: str) -> ColumnSpec:
        return next(spec for spec in self.columns if spec.name == name)


YEAR_LOW, YEAR_HIGH = 1990, 2100  # a plausible collection year


def _child() -> ColumnSpec:
    return ColumnSpec("child", Kind.CHILD, required=True)


def _dob() -> ColumnSpec:
    return ColumnSpec("dob", Kind.DATE, required=True)


def _year(*, required: bool = True, optional_column: bool = False) -> ColumnSpec:
    return ColumnSpec(
        "year", Kind.INTEGER, required=required, optional_column=optional_column, low=YEAR_LOW, high=YEAR_HIGH
    )


def _outcome_year() -> ColumnSpec:
    # oc2/oc3: a full extract carries a local YEAR column; an annual return has none (its collection year).
    return _year(optional_column=True)


def _date(name: str, *, required: bool = False, past: bool = True) -> ColumnSpec:
    return ColumnSpec(name, Kind.DATE, required=required, past=past)


def _sex() -> ColumnSpec:
    return ColumnSpec("sex", Kind.CODE, required=True, codes=codes.SEX, yearly="SEX")


def _flag(name: str) -> ColumnSpec:
    return ColumnSpec(name, Kind.BOOLEAN)


def _code(name: str, *, required: bool = False, optional_column: bool = False) -> ColumnSpec:
    return ColumnSpec(
        name,
        Kind.CODE,
        required=required,
        codes=codes.FIXED_LISTS[name.upper()],
        optional_column=optional_column,
    )


def _text(name: str, length: int, *, required: bool = False, optional_column: bool = False) -> ColumnSpec:
    return ColumnSpec(name, Kind.TEXT, required=required, length=length, optional_column=optional_column)


def _count(name: str, high: float, *, required: bool = False) -> ColumnSpec:
    return ColumnSpec(name, Kind.INTEGER, required=required, low=0, high=high)


def _amount(name: str, *, required: bool = False, decimals: int = 3) -> ColumnSpec:
    # NUMERIC(12, 3) holds up to 999,999,999.999
    return ColumnSpec(
        name, Kind.NUMBER, required=required, low=-999_999_999, high=999_999_999, decimals=decimals
    )


def _service_id() -> ColumnSpec:
    # The provider's registration number, as episodes.csv writes it in URN, or a local id.
    return _text("service_id", 12, required=True)


def _pounds(name: str, *, required: bool = False) -> ColumnSpec:
    return ColumnSpec(name, Kind.NUMBER, required=required, low=0, high=1_000_000, decimals=2)


def _fte(name: str) -> ColumnSpec:
    return ColumnSpec(name, Kind.NUMBER, required=True, low=0, high=100_000, decimals=2)


FILES: dict[str, FileSpec] = {
    spec.file: spec
    for spec in (
        FileSpec(
            "header.csv",
            "header",
            (
                _child(),
                _sex(),
                _dob(),
                _code("ethnic", required=True),
                _text("upn", 13, optional_column=True),
                ColumnSpec("mother", Kind.BOOLEAN, optional_column=True),
                ColumnSpec("mc_dob", Kind.DATE, optional_column=True),
            ),
            key=("child",),
        ),
        FileSpec(
            "episodes.csv",
            "episodes",
            (
                _child(),
                ColumnSpec("decom", Kind.DATE, required=True),
                _code("rne", required=True),
                _code("ls", required=True),
                _code("cin", required=True),
                # PLACE is checked against the list of the year of DECOM (codes.PLACE), not a fixed list.
                ColumnSpec("place", Kind.CODE, required=True, yearly="PLACE"),
                _code("place_provider"),
                ColumnSpec("dec", Kind.DATE),
                _code("rec"),
                _code("reason_place_change"),
                _text("home_post", 8, optional_column=True),
                _text("pl_post", 8, optional_column=True),
                _text("urn", 12, optional_column=True),
            ),
            key=("child", "decom"),
        ),
        FileSpec(
            "reviews.csv",
            "reviews",
            (
                _child(),
                _dob(),
                ColumnSpec("review", Kind.DATE, required=True),
                _code("review_code", required=True),
            ),
            key=("child", "review"),
        ),
        FileSpec(
            "missing.csv",
            "missing",
            (
                _child(),
                _dob(),
                _code("missing", required=True),
                ColumnSpec("mis_start", Kind.DATE, required=True),
                ColumnSpec("mis_end", Kind.DATE),
            ),
            key=("child", "mis_start", "missing"),
            names=("missing_episodes",),
        ),
        FileSpec(
            "oc2.csv",
            "oc2",
            (
                _child(),
                _outcome_year(),
                _dob(),
                ColumnSpec("sdq_score", Kind.INTEGER, low=0, high=40),
                _code("sdq_reason"),
                *(
                    _flag(name)
                    for name in (
                        "convicted",
                        "health_check",
                        "immunisations",
                        "teeth_check",
                        "health_assessment",
                        "substance_misuse",
                        "intervention_received",
                        "intervention_offered",
                    )
                ),
            ),
            key=("child", "year"),
        ),
        FileSpec(
            "oc3.csv",
            "oc3",
            (
                _child(),
                _outcome_year(),
                _dob(),
                _code("in_touch", required=True),
                _code("activ"),
                _code("accom"),
            ),
            key=("child", "year"),
        ),
        FileSpec(
            "uasc.csv",
            "uasc",
            (_child(), _sex(), _dob(), _date("duc", past=False)),
            key=("child",),
        ),
        FileSpec(
            "ad1.csv",
            "ad1",
            (
                _child(),
                _dob(),
                _date("date_int"),
                _date("date_match"),
                _flag("foster_care"),
                _text("nb_adoptr", 4),
                _text("sex_adoptr", 4),
                _text("ls_adoptr", 4),
            ),
            key=("child",),
        ),
        FileSpec(
            "placed_for_adoption.csv",
            "placed_for_adoption",
            (
                _child(),
                _dob(),
                _date("date_placed", required=True),
                _date("date_placed_ceased"),
                _text("reason_placed_ceased", 4),
            ),
            key=("child", "date_placed"),
            names=("placedadoption", "placed_adoption", "placedforadoption"),
        ),
        FileSpec(
            "previous_permanence.csv",
            "previous_permanence",
            (
                _child(),
                _dob(),
                _text("prev_perm", 4),
                _text("la_perm", 10, optional_column=True),
                # The DfE allows a partly known date (zz/zz/2019): kept as the text the return gives.
                _text("date_perm", 10),
            ),
            key=("child",),
            names=("prevperm", "prev_perm", "previouspermanence"),
        ),
        FileSpec(
            "sw_episodes.csv",
            "sw_episodes",
            (
                _child(),
                _dob(),
                _text("sw_id", 20, required=True),
                _date("sw_decom", required=True),
                _date("sw_dec"),
                _text("sw_reason", 8),
            ),
            key=("child", "sw_id", "sw_decom"),
            names=("swepisodes", "sw_episode", "social_worker_episodes"),
            first_year=2024,
        ),
        FileSpec(
            "dolo.csv",
            "dolo",
            (_child(), _dob(), _date("dolo_start", required=True), _date("dolo_end")),
            key=("child", "dolo_start"),
            names=("deprivation_of_liberty",),
            first_year=2027,
        ),
        FileSpec(
            "education.csv",
            "education",
            (
                _child(),
                _year(),
                _count("sessions_possible", 1000),
                _count("sessions_missed", 1000),
                _count("suspensions", 400),
                _flag("permanent_exclusion"),
                _code("sen"),
                _flag("ks2_expected"),
                ColumnSpec("ks4_attainment8", Kind.NUMBER, low=0, high=90, decimals=1),
                _count("school_moves", 100),
            ),
            key=("child", "year"),
            statutory=False,
        ),
        FileSpec(
            "visits.csv",
            "visits",
            (_child(), ColumnSpec("visit_date", Kind.DATE, required=True)),
            key=("child", "visit_date"),
            statutory=False,
        ),
        FileSpec(
            "leaver_support.csv",
            "leaver_support",
            (_child(), _year(), _flag("pathway_plan"), _flag("personal_adviser"), _flag("staying_put")),
            key=("child", "year"),
            statutory=False,
        ),
        FileSpec(
            "workforce.csv",
            "workforce",
            (
                ColumnSpec("month", Kind.MONTH, required=True),
                _fte("sw_fte"),
                _fte("vacant_fte"),
                _fte("agency_fte"),
                _fte("leavers_fte"),
                _count("open_cases", 10_000_000, required=True),
                _count("supervisions_due", 10_000_000, required=True),
                _count("supervisions_on_time", 10_000_000, required=True),
            ),
            key=("month",),
            statutory=False,
            child_level=False,
        ),
        FileSpec(
            "population.csv",
            "population",
            (_year(), ColumnSpec("children_under_18", Kind.INTEGER, required=True, low=1, high=100_000_000)),
            key=("year",),
            statutory=False,
            child_level=False,
        ),
        FileSpec(
            "plan_targets.csv",
            "plan_targets",
            (
                _text("indicator", 64, required=True),
                _year(),
                _amount("baseline"),
                _amount("target", required=True),
            ),
            key=("indicator", "year"),
            statutory=False,
            child_level=False,
        ),
        FileSpec(
            "comparators.csv",
            "comparators",
            (
                _text("indicator", 64, required=True),
                _year(),
                _text("area", 64, required=True),
                _amount("value", required=True),
                _text("source", 100_000, required=True),
            ),
            key=("indicator", "year", "area"),
            statutory=False,
            child_level=False,
        ),
        # Commissioned services (local, optional): one row per service; WEEKLY_COST is the current price.
        FileSpec(
            "services.csv",
            "services",
            (
                _service_id(),
                _text("name", 200, required=True),
                _text("provider", 200),
                _code("kind", required=True),
                ColumnSpec("on_island", Kind.BOOLEAN, required=True),
                ColumnSpec("own_provision", Kind.BOOLEAN, required=True),
                _count("capacity", 10_000),
                _pounds("weekly_cost"),
                # A contract ends in the future as a rule: the date may be after today.
                ColumnSpec("contract_end", Kind.DATE, past=False),
                _code("inspection_grade", optional_column=True),
                ColumnSpec("inspection_date", Kind.DATE, optional_column=True),
            ),
            key=("service_id",),
            child_level=False,
            statutory=False,
        ),
        # Every inspection of a service, for its history (the latest may also be in services.csv).
        FileSpec(
            "inspections.csv",
            "inspections",
            (_service_id(), ColumnSpec("date", Kind.DATE, required=True), _code("grade", required=True)),
            key=("service_id", "date"),
            child_level=False,
            statutory=False,
        ),
        # The weekly price of a service over time: each row is the price from EFFECTIVE until the next row.
        FileSpec(
            "service_costs.csv",
            "service_costs",
            (
                _service_id(),
                ColumnSpec("effective", Kind.DATE, required=True, past=False),
                _pounds("weekly_cost", required=True),
            ),
            key=("service_id", "effective"),
            child_level=False,
            statutory=False,
        ),
    )
}


STATUTORY_FILES = tuple(spec.file for spec in FILES.values() if spec.statutory)
LOCAL_FILES = tuple(spec.file for spec in FILES.values() if not spec.statutory)
