"""A theme of the plan (leadership and analysts): every indicator of the theme, one section each.

One renderer for all seven themes; the theme's indicators come from the catalogue, so a new indicator
appears here without any page edit. `dashboard.py` registers one small page file per theme
(``pages/theme_<name>.py``) that calls `render` with its `Theme`.
"""

from __future__ import annotations

import streamlit as st

from metrics.catalogue import Theme
from pages import components, data
from pages.session import Audience, require

# Menu labels for theme titles too long for the sidebar: Streamlit cuts a page link's label at one line.
SHORT_MENU_LABELS = {str(Theme.VOICE): "Voice and practice standards"}


def menu_label(title: str) -> str:
    """The sidebar menu's label for the page ``title``."""
    return SHORT_MENU_LABELS.get(title, title)


THEME_INTRODUCTIONS = {
    Theme.STABILITY: "How many children are in care, how settled their homes are, and how they leave care.",
    Theme.EDUCATION: "School attendance, suspensions, attainment and special educational needs of children "
    "looked after for at least 12 months at 31 March.",
    Theme.HEALTH: "Health checks, immunisations and emotional wellbeing of children looked after for at "
    "least 12 months at 31 March.",
    Theme.CARE_LEAVERS: "Whether young people who have left care are in touch, in education, training or "
    "work, and suitably housed.",
    Theme.JUSTICE_MISSING: "Convictions, and children missing or away from their placement.",
    Theme.VOICE: "Whether children's views are heard at reviews, and whether reviews and visits are on time.",
    Theme.WORKFORCE: "The children's social work workforce: turnover, vacancies, agency staff, caseloads and "
    "supervision. These figures count staff, not children.",
}


def render(theme: Theme) -> None:
    viewer = require(Audience.THEMES)
    role = viewer.role
    st.title(theme.value)
    st.caption(THEME_INTRODUCTIONS.get(theme, ""))
    entries = [entry for entry in data.indicators(role).values() if entry.theme == theme]
    dates = data.reporting_dates(role)
    if not dates:
        st.info("No return has been loaded yet: load one with `cpo ingest`.")
        return
    as_at = components.reporting_date_choice(dates)
    at_date = data.report(as_at, role)
    components.share_link()
    trend = data.trends(role)
    if not entries:
        st.info("No indicators in this theme.")
        return
    with st.expander(f"The {len(entries)} indicators on this page"):
        st.markdown("\n".join(f"- [{entry.title}](#{entry.id})" for entry in entries))
    components.symbols_note()
    unavailable = data.unavailable(role)
    for entry in entries:
        st.divider()
        components.indicator_section(
            entry, at_date, trend, breakdown=None, key=entry.id, not_available=unavailable.get(entry.id)
        )
