"""Every page under every role: in its navigation and drawn, or absent and refused when run directly."""

from __future__ import annotations

import pytest
from page_harness import charts, direct_run, error_texts
from streamlit.testing.v1 import AppTest

from metrics.catalogue import Owner

THEME_PAGES = [
    "pages/theme_stability.py",
    "pages/theme_education.py",
    "pages/theme_health.py",
    "pages/theme_care_leavers.py",
    "pages/theme_justice_missing.py",
    "pages/theme_voice.py",
    "pages/theme_workforce.py",
]
ALL_PAGES = [
    "pages/overview.py",
    *THEME_PAGES,
    "pages/partners.py",
    "pages/services.py",
    "pages/transparency.py",
    "pages/methodology.py",
    "pages/data_quality.py",
    "pages/audit_trail.py",
]
EVERYONE = {"pages/transparency.py", "pages/methodology.py"}
# Written out, not derived from pages.session, so that a change to who may see what has to change this too.
ALLOWED = {
    "public": EVERYONE,
    **{f"department:{owner.value}": EVERYONE | {"pages/partners.py"} for owner in Owner},
    # Commissioned services: named providers and commercial contracts, for children's social care only.
    "department:childrens_social_care": EVERYONE | {"pages/partners.py", "pages/services.py"},
    "leadership": EVERYONE | {"pages/overview.py", *THEME_PAGES, "pages/partners.py", "pages/services.py"},
    "analyst": set(ALL_PAGES),
}
# The full render matrix uses two departments; the navigation test covers all six.
RENDER_ROLES = ["public", "department:health", "department:education", "leadership", "analyst"]
TITLES = {
    "pages/overview.py": "The plan at a glance",
    "pages/partners.py": "Partner departments",
    "pages/services.py": "Commissioned services",
    "pages/transparency.py": "How are Jersey's children in care doing?",
    "pages/data_quality.py": "Data quality",
    "pages/audit_trail.py": "Audit trail",
}


def registered(app: AppTest) -> set[str]:
    """The page files the run's navigation registered (switch_page refuses any other)."""
    found = set()
    for page in ALL_PAGES:
        try:
            app.switch_page(page)
        except ValueError:
            continue
        found.add(page)
    return found


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_navigation_holds_exactly_the_pages_of_the_role(open_dashboard, role):
    app = open_dashboard(role)

    assert registered(app) == ALLOWED[role]


@pytest.mark.parametrize("role", RENDER_ROLES)
def test_every_page_the_role_may_open_renders_without_error(open_dashboard, role):
    for page in sorted(ALLOWED[role]):
        app = open_dashboard(role, page)

        assert not error_texts(app), (page, error_texts(app))
        titles = [title.value for title in app.title]
        if page in TITLES:
            assert TITLES[page] in titles, (page, titles)
        if page == "pages/methodology.py":
            assert any("# Methodology" in text.value for text in app.markdown)


@pytest.mark.parametrize("role", RENDER_ROLES)
def test_a_page_outside_the_role_refuses_when_reached_directly(sample_database, role):
    for page in sorted(set(ALL_PAGES) - ALLOWED[role]):
        app = direct_run(page, role)

        assert not app.exception, page
        assert len(app.error) == 1, page
        assert "not available" in app.error[0].value, page
        assert not app.metric, page
        assert not app.dataframe, page
        assert not app.table, page
        assert not charts(app), page


def test_a_page_the_role_may_open_draws_when_reached_directly(sample_database):
    app = direct_run("pages/methodology.py", "public")

    assert not app.error
    assert any("# Methodology" in text.value for text in app.markdown)


def test_landing_page_follows_the_role(open_dashboard):
    assert "The plan at a glance" in [title.value for title in open_dashboard("leadership").title]
    assert "Partner departments" in [title.value for title in open_dashboard("department:housing").title]
    assert "How are Jersey's children in care doing?" in [
        title.value for title in open_dashboard("public").title
    ]
