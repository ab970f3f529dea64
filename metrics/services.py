"""Commissioned services: what happens to the children each service cares for, and what it costs.

Services come from the optional local files services.csv (one row per service), inspections.csv (every
inspection) and service_costs.csv (the weekly price over time). A placement's service is the URN of the
episode that starts the placement, matched to SERVICE_ID.

A **placement** is counted as the DfE counts it (and as `metrics.terms.episode_facts` derives it): it starts
with an episode whose RNE is S, P, T, U or B and runs on through changes of legal status only (L). Short
breaks (LS V3, V4) are left out, as from every looked-after count. It **ends** on the DEC of its last episode;
it ended **unplanned** when that episode ends with REC X1 and its REASON_PLACE_CHANGE is one of
`UNPLANNED_ENDING_REASONS`: the DfE records the reason on the episode that ends (DfE rule 225), not on the
one that starts the next placement.

Each measure is one `ServiceMeasure` declaration: its counts are columns of `service_counts`, and its value
is numerator over denominator (times 100 for a percentage), so a kind's or the whole department's value is
worked out from summed counts, never by averaging services. Measures over a period are for the ``months``
to the reporting date D (12 for the table, a quarterly series of 12-month windows for trends and early
warning); measures "at D" count the placements open on D.

Services are few and named, and contracts are commercial: nothing here is public. `services_for_role` is the
one way a page reaches these frames, and it refuses every role but leadership, analysts and children's
social care.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import polars as pl

from metrics import formatting
from metrics.catalogue import Owner
from metrics.data import CareData
from metrics.engine import kept, reporting_periods
from metrics.periods import minus_months
from metrics.roles import Role
from metrics.terms import episode_facts

# "a placement change for an allegation, standards of care, the carer's request, the provider closing or
# approval removed"
UNPLANNED_ENDING_REASONS = ("ALLEG", "STAND", "CREQB", "CREQO", "CLOSE", "APPRR")
DAYS_IN_YEAR = 365
WEEK_DAYS = 7
PERIOD_MONTHS = 12

KIND_LABELS = {
    "CHILDRENS_HOME": "Children's home",
    "FOSTERING": "Fostering service",
    "SUPPORTED_ACCOMMODATION": "Supported accommodation",
    "SECURE": "Secure children's home",
    "RESIDENTIAL_SCHOOL": "Residential school",
    "OTHER": "Other",
}
# Best first: a later grade worse than an earlier one is "down a grade".
GRADE_ORDER = ("OUTSTANDING", "GOOD", "REQUIRES_IMPROVEMENT", "INADEQUATE")
NOT_INSPECTED = "NOT_INSPECTED"
GRADE_LABELS = {
    "OUTSTANDING": "outstanding",
    "GOOD": "good",
    "REQUIRES_IMPROVEMENT": "requires improvement",
    "INADEQUATE": "inadequate",
    NOT_INSPECTED: "not inspected",
}

ServiceUnit = Literal["count", "percent", "days", "pounds", "per_child"]
ServicePolarity = Literal["higher", "lower", "context"]


@dataclass(frozen=True)
class ServiceMeasure:
    """One measure of a service: its words, and the counts of `service_counts` it is worked out from."""

    id: str
    title: str
    unit: ServiceUnit
    polarity: ServicePolarity
    definition: str
    numerator: str
    denominator: str | None = None
    decimals: int = 0

    def value(self) -> pl.Expr:
        """The value from the counts: null, never zero, when the denominator is zero or not known."""
        numerator = pl.col(self.numerator).cast(pl.Float64)
        if self.denominator is None:
            return numerator.alias(self.id)
        scale = 100.0 if self.unit == "percent" else 1.0
        denominator = pl.col(self.denominator).cast(pl.Float64)
        return pl.when(denominator > 0).then(scale * numerator / denominator).alias(self.id)


MEASURES: dict[str, ServiceMeasure] = {
    measure.id: measure
    for measure in (
        ServiceMeasure(
            "children_placed",
            "Children placed at D",
            "count",
            "context",
            "Children in a placement with the service on the reporting date D.",
            "placed",
        ),
        ServiceMeasure(
            "occupancy_pct",
            "Occupancy",
            "percent",
            "context",
            "Children placed at D as a share of the service's places (CAPACITY in services.csv); services "
            "without a capacity are left out.",
            "placed_in_places",
            "capacity",
        ),
        ServiceMeasure(
            "placement_starts",
            "Placement starts",
            "count",
            "context",
            "Placements with the service that started in the period (the 12 months to D).",
            "starts",
        ),
        ServiceMeasure(
            "placement_endings",
            "Placement endings",
            "count",
            "context",
            "Placements with the service that ended in the period, for any reason (a move or leaving care).",
            "endings",
        ),
        ServiceMeasure(
            "unplanned_endings_pct",
            "Unplanned endings",
            "percent",
            "lower",
            "Placements that ended in the period with a move for an allegation, standards of care, the "
            "carer's request (the child's behaviour or other), the provider closing or approval removed "
            "(REASON_PLACE_CHANGE ALLEG, STAND, CREQB, CREQO, CLOSE, APPRR on the episode that ends), as a "
            "share of all placements with the service that ended in the period.",
            "unplanned",
            "endings",
        ),
        ServiceMeasure(
            "missing_per_child",
            "Missing incidents per child placed",
            "per_child",
            "lower",
            "Missing and away-from-placement incidents that started in the period while the child was "
            "placed with the service, per child placed with it at any time in the period.",
            "missing_incidents",
            "children_served",
            decimals=2,
        ),
        ServiceMeasure(
            "average_placement_days",
            "Average length of placement",
            "days",
            "higher",
            "Average days from start to end of the placements with the service that ended in the period.",
            "ended_days",
            "endings",
        ),
        ServiceMeasure(
            "spend",
            "Spend in the period",
            "pounds",
            "context",
            "Placement days in the period times the weekly cost in force on each day, divided by 7.",
            "spend",
        ),
        ServiceMeasure(
            "cost_per_child_year",
            "Cost per child-year",
            "pounds",
            "lower",
            "Spend in the period divided by the child-years placed with the service (placement days / 365).",
            "spend",
            "costed_child_years",
        ),
        ServiceMeasure(
            "children_off_island",
            "Children placed off-island",
            "count",
            "context",
            "Children placed at D with a service that is off the island (ON_ISLAND = 0 in services.csv).",
            "placed_off_island",
        ),
    )
}

COUNT_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "placed": pl.Int64,
    "placed_in_places": pl.Int64,
    "capacity": pl.Int64,
    "starts": pl.Int64,
    "endings": pl.Int64,
    "unplanned": pl.Int64,
    "missing_incidents": pl.Int64,
    "children_served": pl.Int64,
    "ended_days": pl.Int64,
    "spend": pl.Float64,
    "costed_child_years": pl.Float64,
    "placed_off_island": pl.Int64,
}
SERVICE_COLUMNS = ("service_id", "name", "provider", "kind", "on_island", "own_provision")
_OPEN = date(9999, 12, 31)
_EARLIEST = date(1900, 1, 1)


def has_services(data: CareData) -> bool:
    """Whether the return has services.csv: without it there is nothing for this module to show."""
    return data.services.height > 0


def window_start(period_end: date, months: int = PERIOD_MONTHS) -> date:
    """S: the first day of the ``months`` ending on D (12 months: D minus one year plus one day)."""
    return minus_months(period_end, months) + timedelta(days=1)


def placements(data: CareData) -> pl.DataFrame:
    """Every placement with a listed service: child, service_id, start, end (null while open), and how it
    ended (``rec`` and ``reason_place_change`` of its last episode). Found once per data set."""
    known = data.services.select("service_id")

    def found() -> pl.DataFrame:
        return (
            episode_facts(data.episodes)
            .filter(~pl.col("short_break"))
            .group_by("child", "placement_start", maintain_order=True)
            .agg(
                pl.col("urn").first().alias("service_id"),
                pl.col("placement_end").first().alias("end"),
                pl.col("rec").last(),
                pl.col("reason_place_change").last(),
            )
            .rename({"placement_start": "start"})
            .join(known.lazy(), on="service_id", how="semi")
            .collect()
        )

    return kept(data, ("service_placements",), found)


def weekly_costs(data: CareData) -> pl.DataFrame:
    """The price list of each service: service_id, cost_from, cost_to (exclusive), weekly_cost.

    service_costs.csv gives each price from its EFFECTIVE date until the next; the first price of a service
    also stands for the time before it (nothing earlier is known). A service with no rows there is priced
    at its WEEKLY_COST in services.csv throughout; a service with neither has no cost.
    """
    history = data.service_costs.sort("service_id", "effective").with_columns(
        cost_from=pl.when(pl.col("service_id").is_first_distinct())
        .then(pl.lit(_EARLIEST))
        .otherwise(pl.col("effective")),
        cost_to=pl.col("effective").shift(-1).over("service_id").fill_null(_OPEN),
    )
    current = data.services.filter(pl.col("weekly_cost").is_not_null()).join(
        history.select("service_id").unique(), on="service_id", how="anti"
    )
    return pl.concat(
        [
            history.select("service_id", "cost_from", "cost_to", "weekly_cost"),
            current.select(
                "service_id",
                pl.lit(_EARLIEST).alias("cost_from"),
                pl.lit(_OPEN).alias("cost_to"),
                "weekly_cost",
            ),
        ]
    )


def weekly_cost_on(data: CareData, day: date) -> pl.DataFrame:
    """service_id, weekly_cost: the price in force on ``day`` for every service that has one."""
    return (
        weekly_costs(data)
        .filter((pl.col("cost_from") <= day) & (pl.col("cost_to") > day))
        .select("service_id", "weekly_cost")
    )


def _days_between(first: pl.Expr, after_last: pl.Expr) -> pl.Expr:
    """Whole days from ``first`` up to (not including) ``after_last``; none when the span is empty."""
    return (after_last - first).dt.total_days().clip(lower_bound=0)


def _stays(data: CareData) -> pl.DataFrame:
    """`placements` with ``end_or_open``: the end, or a day after every reporting date while open."""
    return kept(
        data,
        ("service_stays",),
        lambda: placements(data).with_columns(end_or_open=pl.col("end").fill_null(_OPEN)),
    )


def _missing_by_service(data: CareData) -> pl.DataFrame:
    """service_id, mis_start: each missing incident with the service the child was placed with when it began
    (a placement holds the incident when it started on or before MIS_START and had not ended by it)."""

    def found() -> pl.DataFrame:
        return (
            data.missing.select("child", "mis_start")
            .join(_stays(data), on="child", how="inner")
            .filter((pl.col("start") <= pl.col("mis_start")) & (pl.col("end_or_open") > pl.col("mis_start")))
            .select("service_id", "mis_start")
        )

    return kept(data, ("service_missing",), found)


def _priced_stays(data: CareData) -> pl.DataFrame:
    """Each placement beside each price of its service in force at some time during it: service_id, start,
    end_or_open, cost_from, cost_to, weekly_cost (a price that never overlaps the placement adds no day)."""

    def found() -> pl.DataFrame:
        return (
            _stays(data)
            .select("service_id", "start", "end_or_open")
            .join(weekly_costs(data), on="service_id", how="inner")
            .filter((pl.col("start") < pl.col("cost_to")) & (pl.col("end_or_open") > pl.col("cost_from")))
        )

    return kept(data, ("service_priced_stays",), found)


def service_counts(data: CareData, period_end: date, months: int = PERIOD_MONTHS) -> pl.DataFrame:
    """One row per service of services.csv: its columns, ``period_end`` and every count of `COUNT_SCHEMA`
    for the ``months`` to ``period_end`` (D); the counts "at D" are of placements open on D."""
    start, after_end = window_start(period_end, months), period_end + timedelta(days=1)
    stays = _stays(data)
    # A placement is open on a day X when it started on or before X and had not ended by X (DEC > X).
    open_on_d = (pl.col("start") <= period_end) & (pl.col("end_or_open") > period_end)
    ended = pl.col("end").is_between(start, period_end)
    in_window = _days_between(
        pl.max_horizontal("start", pl.lit(start)), pl.min_horizontal("end_or_open", pl.lit(after_end))
    )
    per_service = stays.group_by("service_id").agg(
        placed=pl.col("child").filter(open_on_d).n_unique(),
        starts=pl.col("start").is_between(start, period_end).sum(),
        endings=ended.sum(),
        unplanned=(
            ended & (pl.col("rec") == "X1") & pl.col("reason_place_change").is_in(UNPLANNED_ENDING_REASONS)
        ).sum(),
        children_served=pl.col("child").filter(in_window > 0).n_unique(),
        ended_days=_days_between(pl.col("start"), pl.col("end")).filter(ended).sum(),
    )
    missing = (
        _missing_by_service(data)
        .filter(pl.col("mis_start").is_between(start, period_end))
        .group_by("service_id")
        .agg(missing_incidents=pl.len())
    )
    costed = (
        _priced_stays(data)
        .with_columns(
            days=_days_between(
                pl.max_horizontal("start", "cost_from", pl.lit(start)),
                pl.min_horizontal("end_or_open", "cost_to", pl.lit(after_end)),
            )
        )
        .group_by("service_id")
        .agg(
            spend=(pl.col("days") * pl.col("weekly_cost") / WEEK_DAYS).sum(),
            costed_child_years=pl.col("days").sum() / DAYS_IN_YEAR,
        )
    )
    services = data.services.select(*SERVICE_COLUMNS, "capacity")
    return (
        services.join(per_service, on="service_id", how="left")
        .join(missing, on="service_id", how="left")
        .join(costed, on="service_id", how="left")
        .with_columns(
            pl.col(name).fill_null(0)
            for name in COUNT_SCHEMA
            if name not in {"capacity", "placed_in_places", "placed_off_island"}
        )
        .with_columns(
            placed_in_places=pl.when(pl.col("capacity").is_not_null()).then("placed"),
            placed_off_island=pl.when(~pl.col("on_island")).then("placed").otherwise(0),
            period_end=pl.lit(period_end),
        )
        .select(
            *SERVICE_COLUMNS,
            "period_end",
            *(pl.col(name).cast(dtype) for name, dtype in COUNT_SCHEMA.items()),
        )
        .sort("service_id")
    )


def with_measures(counts: pl.DataFrame) -> pl.DataFrame:
    """``counts`` with one column per measure of `MEASURES`, named by its id."""
    return counts.with_columns(measure.value() for measure in MEASURES.values())


def by_kind(counts: pl.DataFrame) -> pl.DataFrame:
    """The counts summed over the services of each kind (and each date), with every measure."""
    summed = counts.group_by("period_end", "kind").agg(
        *(pl.col(name).sum() for name in COUNT_SCHEMA), services=pl.len()
    )
    return with_measures(summed).sort("period_end", "kind")


def service_series(
    data: CareData, months: int = PERIOD_MONTHS, dates: Iterable[date] | None = None
) -> pl.DataFrame:
    """`service_counts` with measures at every quarter end the return covers (or at ``dates``).

    Computed once per data set: the Services page reads it at every date and for every role it shows (at
    England size it takes 20 s)."""
    days = list(dates) if dates is not None else reporting_periods(data)
    if not has_services(data) or not days:
        return pl.DataFrame()
    return kept(
        data,
        ("service_series", months, tuple(days)),
        lambda: with_measures(pl.concat([service_counts(data, day, months) for day in days])),
    )


def counts_on(data: CareData, day: date, series: pl.DataFrame) -> pl.DataFrame:
    """`service_counts` at ``day`` (12-month window): the rows of ``series`` (a `service_series`, whose rows
    are exactly those counts, with their measures) when it covers ``day``, else counted."""
    rows = series.filter(pl.col("period_end") == day) if "period_end" in series.columns else series.clear()
    return rows if rows.height else service_counts(data, day)


def inspections_at(data: CareData, day: date) -> pl.DataFrame:
    """Every graded inspection on or before ``day``: service_id, date, grade, newest first by service.

    The history of inspections.csv and the latest inspection of services.csv are read together; one
    inspection given in both counts once. "Not inspected" is no grade and is left out.
    """
    latest = data.services.select(
        "service_id", pl.col("inspection_date").alias("date"), pl.col("inspection_grade").alias("grade")
    )
    return (
        pl.concat([data.inspections, latest])
        .filter(pl.col("date").is_not_null() & (pl.col("date") <= day) & pl.col("grade").is_in(GRADE_ORDER))
        .unique(["service_id", "date"], keep="first", maintain_order=True)
        .sort(["service_id", "date"], descending=[False, True])
    )


def latest_grades(data: CareData, day: date) -> pl.DataFrame:
    """service_id, grade, grade_date, previous_grade, previous_date: the last two inspections by ``day``."""
    ranked = inspections_at(data, day).with_columns(rank=pl.int_range(pl.len()).over("service_id"))
    latest = ranked.filter(pl.col("rank") == 0).select(
        "service_id", "grade", pl.col("date").alias("grade_date")
    )
    previous = ranked.filter(pl.col("rank") == 1).select(
        "service_id", pl.col("grade").alias("previous_grade"), pl.col("date").alias("previous_date")
    )
    return latest.join(previous, on="service_id", how="left")


def format_measure(measure: ServiceMeasure, value: float | None) -> str:
    """A value as people read it: ``50%``, ``0.67``, ``152 days``, ``£182,500``; missing is ``x``."""
    if value is None or value != value:  # null or NaN
        return formatting.NOT_AVAILABLE
    if measure.unit == "pounds":
        return f"£{value:,.0f}"
    if measure.unit == "per_child":
        return formatting.format_number(value, measure.decimals or 2)
    return formatting.format_value(value, measure.unit, measure.decimals)


def may_see_services(role: Role) -> bool:
    """Leadership, analysts and the children's social care department; never the public or another
    department (services are named, and their contracts commercial)."""
    return role.kind in ("leadership", "analyst") or role.department == Owner.CHILDRENS_SOCIAL_CARE


def require_services_role(role: Role) -> None:
    if not may_see_services(role):
        raise PermissionError(
            f"commissioned services are for leadership, analysts and children's social care, not {role}"
        )
