"""What a role may see, as rows ready for the command line, pages and the published site.

`report_frame` (one reporting date) and `trend_frame` (every period the data covers) are the only way
pages and commands get indicator figures; both pass through `metrics.roles.restrict`, so the public role
only ever receives disclosure-controlled rows.

Reporting date (README.md, "The command line"): quarterly indicators "for the 12 months ending on that
date", so D is the as-at date itself (at a quarter end this is the trend's figure); annual indicators "for
the year ending 31 March on or before it".
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from metrics.catalogue import BREAKDOWN_LABELS, Indicator, catalogue, catalogue_frame
from metrics.data import CareData, care_data
from metrics.disclosure import PROFILES, DisclosureConfig
from metrics.early_warning import early_warning_frame
from metrics.engine import compute, reporting_periods
from metrics.periods import latest_year_end, minus_years
from metrics.roles import Role, restrict, visible_catalogue
from metrics.service_report import StoredFrame
from metrics.service_report import stored_frames as service_frames
from metrics.targets import COMPARATOR_DTYPE, with_certainty, with_plan, with_trajectory
from metrics.terms import GROUP_ORDERS
from metrics.tidy import NOT_RECORDED

REPORT_COLUMNS = [
    "indicator", "title", "theme", "owner", "unit", "polarity", "period_end", "breakdown", "group",
    "numerator", "denominator", "value", "ci_low", "ci_high", "target", "baseline", "status", "comparators",
    "suppressed", "change", "trajectory", "on_trajectory", "certainty", "variation", "assurance",
    "worse_and_worsening", "signal_rules",
]  # fmt: skip
REPORT_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "indicator": pl.String, "title": pl.String, "theme": pl.String, "owner": pl.String, "unit": pl.String,
    "polarity": pl.String, "period_end": pl.Date, "breakdown": pl.String, "group": pl.String,
    "numerator": pl.Float64, "denominator": pl.Float64, "value": pl.Float64, "ci_low": pl.Float64,
    "ci_high": pl.Float64, "target": pl.Float64, "baseline": pl.Float64, "status": pl.String,
    "comparators": COMPARATOR_DTYPE, "suppressed": pl.List(pl.String), "change": pl.String,
    "trajectory": pl.Float64, "on_trajectory": pl.Boolean, "certainty": pl.String, "variation": pl.String,
    "assurance": pl.String, "worse_and_worsening": pl.Boolean, "signal_rules": pl.String,
}  # fmt: skip
# The early-warning columns; ``signal_rules``: the special-cause rules flagging the latest point, as
# comma-separated `metrics.early_warning.RULES` ids ("shift,trend"), empty when none does.
SIGNAL_COLUMNS = ("variation", "assurance", "worse_and_worsening", "signal_rules")
BREAKDOWN_ORDER = list(BREAKDOWN_LABELS)
# Breakdown groups in their natural order (ages youngest first, never as text: "10-15" before "5-9"), then
# any group not listed in the order it was computed.
LEAVER_AGE_GROUPS = ("17-18", "19-21")
GROUP_ORDER = pl.DataFrame(
    [
        {"breakdown": breakdown, "group": group, "_group_rank": rank}
        for breakdown, groups in {
            **{name: list(groups) for name, groups in GROUP_ORDERS.items()},
            "age_group": [*LEAVER_AGE_GROUPS, NOT_RECORDED],
        }.items()
        for rank, group in enumerate(groups)
    ],
    schema={"breakdown": pl.String, "group": pl.String, "_group_rank": pl.Int64},
)


def _finish(
    tidy: pl.DataFrame,
    data: CareData,
    role: Role,
    entries: Mapping[str, Indicator],
    config: DisclosureConfig | None,
) -> pl.DataFrame:
    visible = restrict(tidy, role, entries, config)
    planned = with_certainty(
        with_trajectory(
            with_plan(visible, data.plan_targets, data.comparators, entries), data.plan_targets, entries
        ),
        entries,
    )
    breakdown_rank = pl.col("breakdown").replace_strict(
        BREAKDOWN_ORDER,
        list(range(len(BREAKDOWN_ORDER))),
        default=len(BREAKDOWN_ORDER),
        return_dtype=pl.Int64,
    )
    return (
        planned.join(
            catalogue_frame(entries)
            .select("indicator", "title", "theme", "owner", "unit", "polarity")
            .with_row_index("_order"),
            on="indicator",
            how="left",
            maintain_order="left",
        )
        .join(GROUP_ORDER, on=["breakdown", "group"], how="left", maintain_order="left")
        .with_row_index("_within")
        .sort(
            "_order",
            "period_end",
            breakdown_rank,
            pl.col("_group_rank").fill_null(len(GROUP_ORDER)),
            "_within",
        )
        .with_columns(pl.lit(None).alias(name) for name in SIGNAL_COLUMNS)
        .select(pl.col(name).cast(dtype) for name, dtype in REPORT_SCHEMA.items())
    )


def report_frame(
    data: CareData,
    as_at: date,
    role: Role,
    *,
    entries: Mapping[str, Indicator] | None = None,
    config: DisclosureConfig | None = None,
) -> pl.DataFrame:
    """Every indicator ``role`` may see at ``as_at``, columns `REPORT_COLUMNS`."""
    entries = catalogue() if entries is None else entries
    visible = visible_catalogue(role, entries)
    tidy = compute(data, [as_at], ids=list(visible), entries=entries)
    # The year before goes in too: the words of change and the suppression of flows (stock now = stock a
    # year before + started - ended) rest on it; only the reporting date's rows are returned. Only a year
    # before that the data covers (as the trend does): a period before the return starts would count 0.
    covered = _covered_period_ends(data)
    before = compute(data, [minus_years(as_at, 1)], ids=list(visible), entries=entries).filter(
        pl.col("period_end").is_in(covered)
    )
    wanted = tidy.select("indicator", "period_end").unique()
    return _finish(pl.concat([before, tidy], how="vertical_relaxed"), data, role, entries, config).join(
        wanted, on=["indicator", "period_end"], how="semi", maintain_order="left"
    )


def _covered_period_ends(data: CareData) -> list[date]:
    """The period ends the trend has rows at: every reporting quarter end, and the 31 March on or before
    each (annual indicators)."""
    days = reporting_periods(data)
    return sorted({*days, *(latest_year_end(day) for day in days)})


def trend_frame(
    data: CareData,
    role: Role,
    *,
    entries: Mapping[str, Indicator] | None = None,
    config: DisclosureConfig | None = None,
    workers: int = 1,
) -> pl.DataFrame:
    """The same columns for every period the data covers: quarterly at every quarter end, annual at every
    31 March on or before one of them, with the early-warning signals of each series at each date."""
    entries = catalogue() if entries is None else entries
    visible = visible_catalogue(role, entries)
    tidy = compute(data, reporting_periods(data), ids=list(visible), entries=entries, workers=workers)
    return with_signals(_finish(tidy, data, role, entries, config), role, entries)


def with_signals(trend: pl.DataFrame, role: Role, entries: Mapping[str, Indicator]) -> pl.DataFrame:
    """``trend`` with the `metrics.early_warning` signals of each row's series as they stood at its date.

    Staff roles only: the signals are worked out on the true figures, and the public reads rounded and
    withheld ones, on which a signal could hint at what was withheld; public rows keep null signals. A
    single reporting date (`report_frame`) has no series to judge, so its signals are null too.
    """
    if role.is_public or trend.is_empty():
        return trend
    signals = early_warning_frame(trend, entries).select(
        "indicator", "breakdown", "group", "period_end", "variation", "assurance", "worse_and_worsening",
        signal_rules=pl.col("rules").list.join(","),
    )  # fmt: skip
    return (
        trend.drop(*SIGNAL_COLUMNS)
        .join(
            signals, on=["indicator", "breakdown", "group", "period_end"], how="left", maintain_order="left"
        )
        .select(pl.col(name).cast(dtype) for name, dtype in REPORT_SCHEMA.items())
    )


def report_rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready rows: dates as ISO strings, nulls as None, comparators as dicts, suppressed as lists."""
    rows = frame.with_columns(pl.col("period_end").dt.to_string("%Y-%m-%d")).to_dicts()
    for row in rows:
        row["comparators"] = list(row.get("comparators") or [])
        row["suppressed"] = list(row.get("suppressed") or [])
    return rows


# The frames stored with every load (`queries.results`): the staff frame is every row leadership and analysts
# see (a department's rows are a subset of it: its own indicators and the headline context); the public frames
# are disclosure-controlled, one per profile, computed here on the server and never derived from the staff
# frame later. `public_frame_name` is the naming `queries.results` reads them by.
STAFF_FRAME = "staff"
STAFF_ROLE = Role("leadership")
PUBLIC_ROLE = Role("public")
# Report columns that are lists: stored as JSON text, so that both databases keep one plain column type.
JSON_COLUMNS = ("comparators", "suppressed")
METRICS_FOLDER = Path(__file__).resolve().parent


@functools.cache
def catalogue_version() -> str:
    """A stable hash of every source file of `metrics/`: any change to a definition, the engine, targets or
    disclosure control gives a new version, so results stored by other code are never shown as this code's.
    Read once per process: the version of the code this process runs."""
    digest = hashlib.sha256()
    for path in sorted(METRICS_FOLDER.rglob("*.py")):
        digest.update(path.relative_to(METRICS_FOLDER).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def stored_frames(
    data: CareData,
    *,
    entries: Mapping[str, Indicator] | None = None,
    workers: int = 1,
) -> dict[str, pl.DataFrame]:
    """Every frame stored with a load, by name: ``staff`` is `trend_frame` for leadership, and
    `public_frame_name` of each disclosure profile is `trend_frame` for the public under that profile (the
    indicators are computed once for every frame: `restrict` cuts each down to its role)."""
    entries = catalogue() if entries is None else entries
    tidy = compute(data, reporting_periods(data), ids=list(entries), entries=entries, workers=workers)
    frames = {STAFF_FRAME: with_signals(_finish(tidy, data, STAFF_ROLE, entries, None), STAFF_ROLE, entries)}
    for profile in PROFILES:
        frames[public_frame_name(profile)] = _finish(
            tidy, data, PUBLIC_ROLE, entries, DisclosureConfig.named(profile)
        )
    return frames


def public_frame_name(profile: str) -> str:
    """The stored frame of the public figures under disclosure ``profile``: ``public`` for the default
    (exact), ``public-<profile>`` for another (as `queries.results.public_frame` names it)."""
    return "public" if profile == PROFILES[0] else f"public-{profile}"


def at_reporting_date(
    trend: pl.DataFrame, as_at: date, entries: Mapping[str, Indicator] | None = None
) -> pl.DataFrame:
    """The rows of ``trend`` that `report_frame` gives at ``as_at`` (a date the trend covers): quarterly
    indicators at ``as_at`` itself, annual ones at the 31 March on or before it."""
    entries = catalogue() if entries is None else entries
    annual = [key for key, entry in entries.items() if entry.frequency == "annual"]
    return trend.filter(
        pl.when(pl.col("indicator").is_in(annual))
        .then(pl.col("period_end") == latest_year_end(as_at))
        .otherwise(pl.col("period_end") == as_at)
    )


def to_storable(frame: pl.DataFrame) -> pl.DataFrame:
    """A report frame with its list columns as JSON text (the way `queries.results` stores them)."""
    return frame.with_columns(
        pl.struct(name)
        .struct.json_encode()
        .str.strip_prefix(f'{{"{name}":')
        .str.strip_suffix("}")
        .alias(name)
        for name in JSON_COLUMNS
    )


def from_stored(frame: pl.DataFrame) -> pl.DataFrame:
    """A frame read back from storage as a report frame: JSON text decoded, every column its REPORT_SCHEMA
    type."""
    decoded = frame.with_columns(
        pl.col(name).str.json_decode(REPORT_SCHEMA[name]).alias(name)
        for name in JSON_COLUMNS
        if name in frame.columns
    )
    return decoded.select(pl.col(name).cast(dtype) for name, dtype in REPORT_SCHEMA.items())


class CatalogueResults:
    """What a load stores beside its data: called by `queries.results` with the data set's tables (as
    `queries.extract.read_care_data` gives them), it returns the reporting dates and the storable frames."""

    def __init__(self, *, workers: int = 1) -> None:
        self.version = catalogue_version()
        self.workers = workers

    def __call__(
        self, tables: Mapping[str, pl.DataFrame]
    ) -> tuple[list[date], dict[str, pl.DataFrame | StoredFrame]]:
        data = care_data(loaded_files=None, **tables)  # the files loaded are not known here
        frames = stored_frames(data, workers=self.workers)
        built: dict[str, pl.DataFrame | StoredFrame] = {
            name: to_storable(frame) for name, frame in frames.items()
        }
        built.update(service_frames(data))  # stored whole, each with the roles that may read it
        return reporting_periods(data), built
