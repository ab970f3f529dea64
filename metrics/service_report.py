"""What the Services page shows at a reporting date, cut to the role in the data layer.

`services_report` refuses every role but leadership, analysts and children's social care
(`metrics.services.may_see_services`), so no page, download or published file can carry services to the
public or to another department by forgetting a check.

`stored_frames` is every report at every quarter end, computed with the load and stored with its results,
each frame with the roles that may read it (the data layer reads a frame only for those); `stored_report`
puts one date's report back together from them, so the Services page never reads child-level rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import polars as pl

from metrics.data import CareData
from metrics.engine import reporting_periods
from metrics.roles import Role, all_roles
from metrics.service_warnings import RULES, service_warnings
from metrics.services import (
    GRADE_LABELS,
    KIND_LABELS,
    MEASURES,
    by_kind,
    counts_on,
    has_services,
    latest_grades,
    may_see_services,
    require_services_role,
    service_series,
    weekly_cost_on,
    with_measures,
)


@dataclass(frozen=True)
class ServicesReport:
    period_end: date
    services: pl.DataFrame  # one row per service: its facts at D, every measure, at_risk and reasons
    reasons: pl.DataFrame  # service_id, name, rule, title, reason: one row per reason, flagged services only
    kinds: pl.DataFrame  # every measure by kind of service at D
    series: pl.DataFrame  # every measure of every service at every quarter end (12-month windows)


def service_dates(data: CareData, role: Role) -> list[date]:
    """The quarter ends a Services page can show, latest first (empty without services.csv)."""
    require_services_role(role)
    if not has_services(data):
        return []
    return sorted(reporting_periods(data), reverse=True)


def _kind_label(column: str = "kind") -> pl.Expr:
    return pl.col(column).replace_strict(KIND_LABELS, default=pl.col(column)).alias("kind_label")


def services_report(data: CareData, period_end: date, role: Role) -> ServicesReport | None:
    """Everything the page shows at ``period_end`` for ``role``; None when the return has no services.csv.

    Raises PermissionError for the public and for departments other than children's social care.
    """
    require_services_role(role)
    if not has_services(data):
        return None
    series = service_series(data)
    warnings = service_warnings(data, period_end, series)
    names = data.services.select("service_id", "name")
    titles = {rule.id: rule.title for rule in RULES.values()}
    reasons = warnings.join(names, on="service_id", how="left").select(
        "service_id", "name", "rule", pl.col("rule").replace_strict(titles).alias("title"), "reason"
    )
    joined = warnings.group_by("service_id", maintain_order=True).agg(reasons=pl.col("reason").str.join("; "))
    grades = latest_grades(data, period_end).select(
        "service_id",
        pl.col("grade").replace_strict(GRADE_LABELS, default=None).alias("inspection"),
        pl.col("grade_date").alias("inspected"),
    )
    counts = counts_on(data, period_end, series)
    table = (
        with_measures(counts)
        .join(weekly_cost_on(data, period_end), on="service_id", how="left")
        .join(data.services.select("service_id", "contract_end"), on="service_id", how="left")
        .join(grades, on="service_id", how="left")
        .join(joined, on="service_id", how="left")
        .with_columns(_kind_label(), at_risk=pl.col("reasons").is_not_null())
        .sort(["at_risk", "name"], descending=[True, False])
    )
    kinds = by_kind(counts).with_columns(_kind_label()).select("kind", "kind_label", "services", *MEASURES)
    return ServicesReport(period_end=period_end, services=table, reasons=reasons, kinds=kinds, series=series)


STORED_PREFIX = "services/"
STORED_PARTS = ("services", "reasons", "kinds")
SERIES = f"{STORED_PREFIX}series"
_STAFF = Role("leadership")  # the report is the same for every role that may see it
# A frame to store whole, and the roles that may read it (as `queries.results` takes them).
StoredFrame = tuple[pl.DataFrame, tuple[str, ...]]


def audience() -> tuple[str, ...]:
    """The roles that may read the stored frames, as `metrics.roles.Role` writes them."""
    return tuple(str(role) for role in all_roles() if may_see_services(role))


def stored_frames(data: CareData) -> dict[str, StoredFrame]:
    """Every frame of `services_report` at every quarter end, by name (``services/<D>/<part>``, and the
    series, the same at every date, once), each with `audience`; none without services.csv."""
    readers = audience()
    frames: dict[str, StoredFrame] = {}
    days = service_dates(data, _STAFF)
    for day in days:
        report = services_report(data, day, _STAFF)
        assert report is not None  # service_dates is empty without services.csv
        for part in STORED_PARTS:
            frames[f"{STORED_PREFIX}{day.isoformat()}/{part}"] = (getattr(report, part), readers)
    if days:
        frames[SERIES] = (service_series(data), readers)  # one series for every date, computed once
    return frames


def stored_dates(frames: Mapping[str, pl.DataFrame]) -> list[date]:
    """The quarter ends ``frames`` (as `stored_frames` names them) hold a report for, latest first."""
    days = {name.split("/")[1] for name in frames if name.count("/") == 2}
    return sorted((date.fromisoformat(day) for day in days), reverse=True)


def stored_report(frames: Mapping[str, pl.DataFrame], period_end: date) -> ServicesReport | None:
    """The report at ``period_end`` put back together from ``frames``; None when they hold none for it."""
    names = {part: f"{STORED_PREFIX}{period_end.isoformat()}/{part}" for part in STORED_PARTS}
    if not all(name in frames for name in names.values()) or SERIES not in frames:
        return None
    return ServicesReport(
        period_end=period_end,
        services=frames[names["services"]],
        reasons=frames[names["reasons"]],
        kinds=frames[names["kinds"]],
        series=frames[SERIES],
    )
