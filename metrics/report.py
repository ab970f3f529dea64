"""What a role may see, as rows ready for the command line, pages and the published site.

`report_frame` (one reporting date) and `trend_frame` (every period the data covers) are the only way
pages and commands get indicator figures; both pass through `metrics.roles.restrict`, so the public role
only ever receives disclosure-controlled rows.

Reporting date (shared/design.md, "cpo report"): quarterly indicators "for the 12 months ending on that
date", so D is the as-at date itself (at a quarter end this is the trend's figure); annual indicators "for
the year ending 31 March on or before it".
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import polars as pl

from metrics.catalogue import BREAKDOWN_LABELS, Indicator, catalogue
from metrics.data import CareData
from metrics.disclosure import DisclosureConfig
from metrics.engine import compute, reporting_periods
from metrics.periods import minus_years
from metrics.roles import Role, restrict, visible_catalogue
from metrics.targets import COMPARATOR_DTYPE, with_plan

REPORT_COLUMNS = [
    "indicator", "title", "theme", "owner", "unit", "polarity", "period_end", "breakdown", "group",
    "numerator", "denominator", "value", "ci_low", "ci_high", "target", "baseline", "status", "comparators",
    "suppressed", "change",
]  # fmt: skip
REPORT_SCHEMA: dict[str, pl.DataType] = {
    "indicator": pl.String, "title": pl.String, "theme": pl.String, "owner": pl.String, "unit": pl.String,
    "polarity": pl.String, "period_end": pl.Date, "breakdown": pl.String, "group": pl.String,
    "numerator": pl.Float64, "denominator": pl.Float64, "value": pl.Float64, "ci_low": pl.Float64,
    "ci_high": pl.Float64, "target": pl.Float64, "baseline": pl.Float64, "status": pl.String,
    "comparators": COMPARATOR_DTYPE, "suppressed": pl.List(pl.String), "change": pl.String,
}  # fmt: skip
BREAKDOWN_ORDER = list(BREAKDOWN_LABELS)


def _catalogue_frame(entries: Mapping[str, Indicator]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "indicator": [entry.id for entry in entries.values()],
            "title": [entry.title for entry in entries.values()],
            "theme": [str(entry.theme) for entry in entries.values()],
            "owner": [str(entry.owner) for entry in entries.values()],
            "unit": [entry.unit for entry in entries.values()],
            "polarity": [entry.polarity for entry in entries.values()],
            "_order": list(range(len(entries))),
        },
        schema={
            "indicator": pl.String, "title": pl.String, "theme": pl.String, "owner": pl.String,
            "unit": pl.String, "polarity": pl.String, "_order": pl.Int64,
        },
    )  # fmt: skip


def _finish(
    tidy: pl.DataFrame,
    data: CareData,
    role: Role,
    entries: Mapping[str, Indicator],
    config: DisclosureConfig | None,
) -> pl.DataFrame:
    visible = restrict(tidy, role, entries, config)
    planned = with_plan(visible, data.plan_targets, data.comparators, entries)
    breakdown_rank = pl.col("breakdown").replace_strict(
        BREAKDOWN_ORDER,
        list(range(len(BREAKDOWN_ORDER))),
        default=len(BREAKDOWN_ORDER),
        return_dtype=pl.Int64,
    )
    return (
        planned.join(_catalogue_frame(entries), on="indicator", how="left", maintain_order="left")
        .with_row_index("_within")
        .sort("_order", "period_end", breakdown_rank, "_within")
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
    # year before + started - ended) rest on it; only the reporting date's rows are returned.
    before = compute(data, [minus_years(as_at, 1)], ids=list(visible), entries=entries)
    wanted = tidy.select("indicator", "period_end").unique()
    return _finish(pl.concat([before, tidy], how="vertical_relaxed"), data, role, entries, config).join(
        wanted, on=["indicator", "period_end"], how="semi", maintain_order="left"
    )


def trend_frame(
    data: CareData,
    role: Role,
    *,
    entries: Mapping[str, Indicator] | None = None,
    config: DisclosureConfig | None = None,
    workers: int = 1,
) -> pl.DataFrame:
    """The same columns for every period the data covers: quarterly at every quarter end, annual at every
    31 March on or before one of them."""
    entries = catalogue() if entries is None else entries
    visible = visible_catalogue(role, entries)
    tidy = compute(data, reporting_periods(data), ids=list(visible), entries=entries, workers=workers)
    return _finish(tidy, data, role, entries, config)


def report_rows(frame: pl.DataFrame) -> list[dict]:
    """JSON-ready rows: dates as ISO strings, nulls as None, comparators as dicts, suppressed as lists."""
    rows = frame.with_columns(pl.col("period_end").dt.to_string("%Y-%m-%d")).to_dicts()
    for row in rows:
        row["comparators"] = list(row.get("comparators") or [])
        row["suppressed"] = list(row.get("suppressed") or [])
    return rows
