"""Partner departments: one department's indicators, with its period and breakdown, as a shareable link.

The department, reporting date and breakdown live in the URL (``?department=health&period=2025-09-30&
breakdown=sex``). A department's own role is fixed to that department whatever the URL says; the data it is
shown is what `metrics.report` returns for that role, so a URL can choose among what the role may see and
never more.
"""

from __future__ import annotations

import streamlit as st

from metrics.catalogue import Owner
from pages import components, data
from pages.session import Audience, require, run_page

FILTER_WIDTH = 240


def department_choice(fixed: Owner | None) -> Owner:
    """The department shown: a department role's own, else the one chosen (and kept in the URL)."""
    if fixed is not None:
        if st.query_params.get("department") != fixed.value:
            st.query_params["department"] = fixed.value
        st.markdown(f"**Department:** {fixed.label}", width=FILTER_WIDTH)
        return fixed
    chosen = components.url_choice(
        "Department",
        [owner.value for owner in Owner],
        param="department",
        format_func=lambda v: Owner(v).label,
        width=FILTER_WIDTH,
    )
    return Owner(chosen)


def render() -> None:
    viewer = require(Audience.PARTNERS)
    role = viewer.role
    st.title("Partner departments")
    st.caption(
        "Each department's share of the corporate parenting plan. Copy the address bar to share this view: "
        "the department, reporting date and breakdown are in the link."
    )
    dates = data.reporting_dates(role)
    if not dates:
        st.info("No return has been loaded yet: load one with `cpo ingest`.")
        return
    # The filters sit side by side and wrap onto more lines on a narrow screen.
    with st.container(horizontal=True, vertical_alignment="bottom"):
        department = department_choice(role.department)
        entries = [entry for entry in data.indicators(role).values() if entry.owner == department]
        as_at = components.reporting_date_choice(dates, width=FILTER_WIDTH)
        at_date = data.report(as_at, role)
        offered = list(
            dict.fromkeys(name for entry in entries for name in components.breakdown_choices(entry, at_date))
        ) or ["all"]
        breakdown = components.url_choice(
            "Breakdown",
            offered,
            param="breakdown",
            format_func=components.breakdown_label,
            width=FILTER_WIDTH,
        )
    if not entries:
        st.info(f"{department.label} owns no indicators in the plan.")
        return
    st.header(f"{department.label}: {len(entries)} indicators")
    components.symbols_note()
    trend = data.trends(role)
    for entry in entries:
        st.divider()
        components.indicator_section(entry, at_date, trend, breakdown=breakdown, key=f"partner-{entry.id}")


if __name__ == "__main__":
    run_page(render)
