"""Commissioned services (leadership, analysts, children's social care): which services are at risk and why,
what each achieves for the children placed with it, and what it costs.

Services are few and named, and contracts commercial: this page is never public and never in the published
site. The frames come from `metrics.service_report`, which refuses every other role in the data layer.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from metrics.service_charts import kind_cost_chart, kind_cost_summary, service_points, service_trend_chart
from metrics.service_report import ServicesReport
from metrics.service_warnings import RULES
from metrics.services import MEASURES, format_measure
from pages import components, data
from pages.session import Audience, require, role_label, run_page

FILTER_WIDTH = 320
TREND_MEASURES = (
    "unplanned_endings_pct", "missing_per_child", "children_placed", "occupancy_pct", "placement_starts",
    "average_placement_days", "cost_per_child_year", "spend",
)  # fmt: skip
TABLE_MEASURES = (
    "children_placed", "occupancy_pct", "placement_starts", "placement_endings", "unplanned_endings_pct",
    "missing_per_child", "average_placement_days", "spend", "cost_per_child_year",
)  # fmt: skip
KIND_MEASURES = (
    "children_placed", "spend", "cost_per_child_year", "unplanned_endings_pct", "average_placement_days",
    "missing_per_child",
)  # fmt: skip


def no_services_yet() -> None:
    """What the page would show, and how to give it what it needs."""
    st.info(
        "**No services.csv has been loaded.** With it, this page shows every service that cares for the "
        "children (homes, fostering services, supported accommodation, secure and residential schools): "
        "which are at risk of failing and why, what each achieves for the children placed with it (children "
        "placed and occupancy, placement starts, unplanned endings, missing incidents, length of placement) "
        "and what it costs (spend, cost per child-year, by service and by kind).",
        icon=":material/info:",
    )
    st.markdown(
        "Add `services.csv` to the return folder and load it with `cpo ingest DIR`: one row per service with "
        "`SERVICE_ID` (the registration number episodes.csv gives in `URN`), `NAME`, `PROVIDER`, `KIND`, "
        "`ON_ISLAND`, `OWN_PROVISION`, `CAPACITY`, `WEEKLY_COST`, `CONTRACT_END`, `INSPECTION_GRADE`, "
        "`INSPECTION_DATE`. `inspections.csv` (inspection history) and `service_costs.csv` (price history) "
        "are optional. The README's *Local files* section describes every column."
    )


def _counts(numerator: int, denominator: int) -> str:
    return f"{numerator:,} of {denominator:,}"


def at_risk_section(report: ServicesReport) -> None:
    flagged = report.services.filter("at_risk")
    if flagged.is_empty():
        st.success(f"✔ No service is at risk on {components.long_date(report.period_end)}.")
        return
    st.header(f"At risk: {flagged.height} of {report.services.height} services")
    for service in flagged.iter_rows(named=True):
        reasons = report.reasons.filter(service_id=service["service_id"])
        with st.container(border=True):
            st.markdown(
                f"**⚠ {service['name']}** · {service['kind_label']} · "
                f"{service['provider'] or 'provider not given'} · "
                f"{'on island' if service['on_island'] else 'off island'}"
            )
            st.markdown(
                "\n".join(f"- **{row['title']}:** {row['reason']}" for row in reasons.iter_rows(named=True))
            )


def services_table(report: ServicesReport) -> pl.DataFrame:
    """Every service at D as shown and downloaded: words and formatted figures, at-risk services first."""
    rows = []
    for service in report.services.iter_rows(named=True):
        record = {
            "Service": service["name"],
            "At risk": "⚠ yes" if service["at_risk"] else "no",
            "Kind": service["kind_label"],
            "Where": "On island" if service["on_island"] else "Off island",
            "Places": "" if service["capacity"] is None else f"{service['capacity']:,}",
        }
        for measure_id in TABLE_MEASURES:
            measure = MEASURES[measure_id]
            text = format_measure(measure, service[measure_id])
            if measure_id == "unplanned_endings_pct" and service["endings"]:
                text += f" ({_counts(service['unplanned'], service['endings'])})"
            record[measure.title] = text
        record["Weekly cost"] = "" if service["weekly_cost"] is None else f"£{service['weekly_cost']:,.0f}"
        record["Contract ends"] = (
            components.long_date(service["contract_end"]) if service["contract_end"] else ""
        )
        record["Inspection"] = (
            f"{service['inspection']} ({components.long_date(service['inspected'])})"
            if service["inspection"]
            else ""
        )
        # Who runs it, and why it is at risk (the cards above say it at length), come last.
        record["Provider"] = service["provider"] or ""
        record["Own provision"] = "yes" if service["own_provision"] else "no"
        record["Reasons"] = service["reasons"] or ""
        rows.append(record)
    return pl.DataFrame(rows, schema=dict.fromkeys(rows[0], pl.String))


def trend_section(report: ServicesReport) -> None:
    st.header("Trend by service")
    names = report.services.get_column("name").to_list()
    with st.container(horizontal=True, vertical_alignment="bottom"):
        name = st.selectbox("Service", names, key="services-trend-service", width=FILTER_WIDTH)
        measure_id = st.selectbox(
            "Measure",
            TREND_MEASURES,
            format_func=lambda key: MEASURES[key].title,
            key="services-trend-measure",
            width=FILTER_WIDTH,
        )
    measure = MEASURES[measure_id]
    points = service_points(
        report.series.filter(pl.col("name") == name, pl.col("period_end") <= report.period_end), measure
    )
    st.caption(f"{measure.title} of {name}, for the 12 months to each quarter end. {measure.definition}")
    chart = service_trend_chart(points, measure)
    latest = points.drop_nulls("value").tail(1)
    summary = (
        f"{measure.title} of {name}: {latest.item(0, 'shown')} in the 12 months to "
        f"{components.long_date(latest.item(0, 'period_end'))}."
        if latest.height
        else f"{measure.title} of {name}: no value in any period."
    )
    st.altair_chart(chart, width="stretch")
    st.caption(summary)
    with st.expander("The chart as a table"):
        st.dataframe(
            points.select(
                pl.col("period_end")
                .map_elements(components.long_date, return_dtype=pl.String)
                .alias("12 months to"),
                pl.col("shown").alias(measure.title),
            ),
            hide_index=True,
        )


def kinds_section(report: ServicesReport) -> None:
    st.header("Spend and outcomes by kind of service")
    st.caption(
        "Value for money: what a year of a child's placement costs beside how stable and safe those "
        "placements are. Each kind's figures are worked out from the summed counts of its services."
    )
    kinds = report.kinds
    table = pl.DataFrame(
        [
            {
                "Kind": row["kind_label"],
                "Services": f"{row['services']:,}",
                **{MEASURES[key].title: format_measure(MEASURES[key], row[key]) for key in KIND_MEASURES},
            }
            for row in kinds.iter_rows(named=True)
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch", height="content")
    st.altair_chart(kind_cost_chart(kinds), width="stretch")
    st.caption(kind_cost_summary(kinds))
    components.downloads(table, f"services_by_kind_{report.period_end.isoformat()}", key="services-kinds")


def render() -> None:
    viewer = require(Audience.PARTNERS)
    st.title("Commissioned services")
    st.caption(
        "The homes, fostering services and other providers that care for the children: early warning when "
        "one is at risk of failing, what each achieves, and what it costs. Not public: services are named "
        "and contracts are commercial."
    )
    try:
        dates = data.services_dates(viewer.role)
    except PermissionError:
        st.error(
            f"This page is not available to the {role_label(viewer.role)} view: commissioned services are "
            "for leadership, analysts and children's social care."
        )
        st.stop()
    if not dates:
        no_services_yet()
        return
    as_at: date = components.reporting_date_choice(dates, width=FILTER_WIDTH)
    report = data.services(as_at, viewer.role)
    if report is None:
        no_services_yet()
        return
    at_risk_section(report)
    st.header("Every service")
    st.caption(
        f"Placements in the 12 months to {components.long_date(as_at)}; children placed and occupancy on "
        "that day. `x`: no value (no placement ended, no places or no price given)."
    )
    table = services_table(report)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height="content",  # every service in view, no scrolling inside the table
    )
    components.downloads(table, f"services_{as_at.isoformat()}", key="services")
    trend_section(report)
    kinds_section(report)
    with st.expander("What the measures and warnings mean"):
        st.markdown(
            "\n".join(f"- **{measure.title}:** {measure.definition}" for measure in MEASURES.values())
        )
        st.markdown("\n".join(f"- **{rule.title}:** {rule.description}" for rule in RULES.values()))


if __name__ == "__main__":
    run_page(render)
