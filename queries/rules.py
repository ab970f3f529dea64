"""Every check of a return, declared once: its code, message, severity, and the files and columns it reads.

The layout follows the Data to Insight SSDA903 validator: a rule is metadata (this module), its check is a
function (`queries.checks`), and each rule has its own failing example in ``tests/queries/test_rules.py``.
The file specifications below are the data contract of shared/data-spec.md written as data: one entry a
column, with its kind, whether a value is required, its code list or its range.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from queries import codes

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Rule:
    code: str
    message: str
    severity: Severity = "error"
    files: tuple[str, ...] = ()  # empty: any file
    columns: tuple[str, ...] = ()  # empty: the columns the finding names


_EPISODES = ("episodes.csv",)
_CHILD_FILES = (
    "episodes.csv", "reviews.csv", "missing.csv", "oc2.csv", "oc3.csv", "education.csv", "visits.csv",
    "leaver_support.csv",
)  # fmt: skip

RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        # The file as a whole.
        Rule("FILE_MISSING", "the file is missing from the return folder"),
        Rule("FILE_NOT_UTF8", "the file is not UTF-8 text (save it as CSV UTF-8)"),
        Rule("FILE_EMPTY", "the file is empty: it needs at least a header row"),
        Rule("FILE_NOT_CSV", "the file cannot be read as CSV"),
        Rule("FILE_NO_ROWS", "the file has a header row but no data rows", "warning"),
        Rule(
            "HEADER_NO_ROWS", "header.csv has no children: a return needs at least one", files=("header.csv",)
        ),
        Rule("FILE_UNKNOWN", "a file that is not part of the return is ignored", "warning"),
        # Its columns.
        Rule("COLUMN_MISSING", "a required column is missing"),
        Rule(
            "COLUMN_ABSENT_OPTIONAL", "an optional column is absent: its values are not recorded", "warning"
        ),
        Rule("COLUMN_EXTRA", "an extra column is ignored", "warning"),
        Rule("COLUMN_DUPLICATE", "the column appears more than once (names are case-insensitive)"),
        Rule("COLUMN_UNNAMED", "a column without a name in the header row is ignored", "warning"),
        Rule("ROW_EMPTY", "an empty row is ignored", "warning"),
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
            "the episode starts before the child's DOB",
            files=_EPISODES,
            columns=("DECOM",),
        ),
        Rule("DEC_BEFORE_DECOM", "DEC is before DECOM", files=_EPISODES, columns=("DEC",)),
        Rule(
            "REC_WITHOUT_DEC", "REC is set but DEC is empty: REC is set exactly when DEC is", files=_EPISODES
        ),
        Rule(
            "DEC_WITHOUT_REC", "DEC is set but REC is empty: REC is set exactly when DEC is", files=_EPISODES
        ),
        Rule(
            "PLACE_PROVIDER_REQUIRED",
            "PLACE_PROVIDER is required except for PLACE P1",
            files=_EPISODES,
            columns=("PLACE_PROVIDER",),
        ),
        Rule(
            "REASON_PLACE_CHANGE_REQUIRED",
            "REASON_PLACE_CHANGE is required when RNE is P, T, U or B",
            files=_EPISODES,
            columns=("REASON_PLACE_CHANGE",),
        ),
        Rule(
            "PLACE_NOT_VALID_FOR_YEAR",
            "the PLACE code is not valid in the year of DECOM",
            files=_EPISODES,
            columns=("PLACE",),
        ),
        Rule(
            "EPISODES_OVERLAP",
            "the episode starts before the child's previous episode ended",
            files=_EPISODES,
        ),
        Rule(
            "EPISODE_OPEN_NOT_LAST",
            "an open episode (no DEC) is followed by a later episode",
            files=_EPISODES,
        ),
        Rule("EPISODES_MORE_THAN_ONE_OPEN", "the child has more than one open episode", files=_EPISODES),
        # Other files.
        Rule("REVIEW_BEFORE_DOB", "the review is before the child's DOB", files=("reviews.csv",)),
        Rule(
            "MIS_END_BEFORE_START",
            "MIS_END is before MIS_START",
            files=("missing.csv",),
            columns=("MIS_END",),
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
    # An optional file may be left out of a return: its table is then empty, and nothing it feeds is shown.
    optional: bool = False

    def column(self, name: str) -> ColumnSpec:
        return next(spec for spec in self.columns if spec.name == name)


YEAR_RANGE = {"low": 1990, "high": 2100}


def _child() -> ColumnSpec:
    return ColumnSpec("child", Kind.CHILD, required=True)


def _dob() -> ColumnSpec:
    return ColumnSpec("dob", Kind.DATE, required=True)


def _year(*, required: bool = True) -> ColumnSpec:
    return ColumnSpec("year", Kind.INTEGER, required=required, **YEAR_RANGE)


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
                ColumnSpec("sex", Kind.INTEGER, required=True, codes=codes.SEX),
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
                ColumnSpec("place", Kind.CODE, required=True),
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
        ),
        FileSpec(
            "oc2.csv",
            "oc2",
            (
                _child(),
                _year(),
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
            (_child(), _year(), _dob(), _code("in_touch", required=True), _code("activ"), _code("accom")),
            key=("child", "year"),
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
        ),
        FileSpec(
            "visits.csv",
            "visits",
            (_child(), ColumnSpec("visit_date", Kind.DATE, required=True)),
            key=("child", "visit_date"),
        ),
        FileSpec(
            "leaver_support.csv",
            "leaver_support",
            (_child(), _year(), _flag("pathway_plan"), _flag("personal_adviser"), _flag("staying_put")),
            key=("child", "year"),
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
            child_level=False,
        ),
        FileSpec(
            "population.csv",
            "population",
            (_year(), ColumnSpec("children_under_18", Kind.INTEGER, required=True, low=1, high=100_000_000)),
            key=("year",),
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
            optional=True,
        ),
        # Every inspection of a service, for its history (the latest may also be in services.csv).
        FileSpec(
            "inspections.csv",
            "inspections",
            (_service_id(), ColumnSpec("date", Kind.DATE, required=True), _code("grade", required=True)),
            key=("service_id", "date"),
            child_level=False,
            optional=True,
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
            optional=True,
        ),
    )
}
