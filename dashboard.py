"""Corporate Parenting Outcomes: the dashboard (`cpo serve`; `streamlit run streamlit_app/main.py`).

Page configuration, the session's role (`pages.session`), and navigation grouped by audience. The menu is
built from the role on every run: a page the role may not open is not registered at all, so its address
leads nowhere, and each page checks the role again itself before it draws anything.

Why Streamlit starts from `streamlit_app/main.py`, which runs this file: Streamlit treats a folder named
``pages/`` beside its entry script as its legacy multipage layout (every file of it a page, run directly,
bypassing this navigation and its role gate), and it decides that from the folder alone. No ``pages/`` is
beside `streamlit_app/main.py`, so Streamlit only ever runs the pages registered below with ``st.navigation``,
from the first run on.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

import pages
from metrics.catalogue import Theme
from metrics.services import may_see_services
from pages import auditing, session
from pages.errors import run_page
from pages.session import Audience, Viewer, may_open, role_label
from pages.theme import menu_label

PAGES = Path(pages.__file__).resolve().parent  # the page files, wherever the package is installed

st.set_page_config(
    page_title="Corporate Parenting Outcomes",
    # A file of our own: a Material icon here makes every browser fetch the favicon from a font server.
    page_icon=str(PAGES / "icon.png"),
    layout="wide",
    # "auto": open on a wide screen, folded on a phone, where an open menu covers most of the page.
    initial_sidebar_state="auto",
)

# One small page file per theme, each calling the one theme renderer (pages/theme.py) with its Theme.
THEME_PAGE_FILES = {
    Theme.STABILITY: "theme_stability.py",
    Theme.EDUCATION: "theme_education.py",
    Theme.HEALTH: "theme_health.py",
    Theme.CARE_LEAVERS: "theme_care_leavers.py",
    Theme.JUSTICE_MISSING: "theme_justice_missing.py",
    Theme.VOICE: "theme_voice.py",
    Theme.WORKFORCE: "theme_workforce.py",
}


def landing_audience(viewer: Viewer) -> Audience:
    """The page a role opens on: the plan (leadership, analysts), its department, else the public page."""
    if may_open(Audience.PLAN, viewer.role):
        return Audience.PLAN
    if may_open(Audience.PARTNERS, viewer.role):
        return Audience.PARTNERS
    return Audience.PUBLIC


def navigation(viewer: Viewer) -> dict[str, list[st.Page]]:
    """The menu for this viewer: only the sections, and pages, their role may open.

    The app's root address is a hidden page that moves on to the role's landing page, so that every page
    keeps its own address (Streamlit serves its default page only at the root) and a shared link such as
    ``/partners?department=health`` always opens that page.
    """
    sections: dict[Audience, list[st.Page]] = {
        Audience.PLAN: [
            st.Page(
                PAGES / "overview.py",
                title="Overview",
                icon=":material/dashboard:",
                url_path="overview",
            )
        ],
        Audience.THEMES: [
            st.Page(PAGES / name, title=str(theme), url_path=name.removesuffix(".py"))
            for theme, name in THEME_PAGE_FILES.items()
        ],
        Audience.PARTNERS: [
            st.Page(
                PAGES / "partners.py",
                title="Partner departments",
                icon=":material/handshake:",
                url_path="partners",
            )
        ],
        Audience.PUBLIC: [
            st.Page(
                PAGES / "transparency.py",
                title="Transparency",
                icon=":material/public:",
                url_path="transparency",
            )
        ],
        Audience.ABOUT: [
            st.Page(
                PAGES / "methodology.py",
                title="Methodology",
                icon=":material/menu_book:",
                url_path="methodology",
            )
        ],
        Audience.ANALYST: [
            st.Page(
                PAGES / "data_quality.py",
                title="Data quality",
                icon=":material/fact_check:",
                url_path="data_quality",
            ),
            st.Page(
                PAGES / "audit_trail.py",
                title="Audit trail",
                icon=":material/history:",
                url_path="audit_trail",
            ),
        ],
    }
    if may_see_services(viewer.role):
        sections[Audience.PARTNERS].append(
            st.Page(PAGES / "services.py", title="Services", icon=":material/home_work:", url_path="services")
        )
    menu = {str(audience): pages for audience, pages in sections.items() if may_open(audience, viewer.role)}
    landing = sections[landing_audience(viewer)][0]
    home = st.Page(
        # A link to the root with filters (``/?department=health``) keeps them on the landing page.
        lambda: st.switch_page(landing, query_params=st.query_params.to_dict()),
        title="Home",
        url_path="home",
        default=True,
        visibility="hidden",
    )
    first_section = next(iter(menu))
    menu[first_section] = [home, *menu[first_section]]
    return menu


def sign_in_box(viewer: Viewer) -> None:
    """The sidebar's account box: who is signed in and as what, or the sign-in button."""
    with st.sidebar:
        if viewer.source == "signed_in":
            st.markdown(f"Signed in as **{viewer.user}**  \nView: **{role_label(viewer.role)}**")
            st.button("Sign out", on_click=st.logout, icon=":material/logout:")
        elif viewer.source == "signed_out":
            st.markdown("You are seeing the public view. Staff: sign in to see your view.")
            if st.button("Sign in", type="primary", icon=":material/login:"):
                st.login(session.login_provider())
        elif viewer.source == "demo":
            st.markdown(f"View: **{role_label(viewer.role)}** (demo)")
        elif not viewer.role.is_public:
            # How the view was set is for staff; a member of the public just sees the public pages.
            st.markdown(f"View: **{role_label(viewer.role)}** (set locally)")


def role_banner(viewer: Viewer) -> None:
    """Say plainly which view is on screen when it was not chosen by signing in."""
    if viewer.problem:
        st.warning(f"Showing the public view: {viewer.problem}.", icon=":material/warning:")
    if viewer.source == "demo":
        st.info(
            f"**Demo: showing the {role_label(viewer.role)} view.** Sign-in is not configured; set "
            "`CPO_ROLE` "
            "(or `cpo serve --role`) to see another view, such as `public` or `department:health`.",
            icon=":material/visibility:",
        )
    elif viewer.source == "local" and not viewer.role.is_public:
        st.caption(f"Local configuration: showing the {role_label(viewer.role)} view.")


# The view a link carries from page to page: the reporting date, theme, breakdown and department.
SHARED_VIEW_PARAMS = ("period", "theme", "breakdown", "department")


def menu(sections: dict[str, list[st.Page]]) -> None:
    """The sidebar menu as a heading and plain links per section, each link carrying the view's address
    parameters (`SHARED_VIEW_PARAMS`) to the next page.

    Streamlit's own grouped menu puts its sections' ``div`` straight inside a ``ul`` (axe-core: "list" and
    "listitem", WCAG 1.3.1), so the navigation is registered hidden and drawn here with `st.page_link`.
    """
    carried = {name: st.query_params[name] for name in SHARED_VIEW_PARAMS if name in st.query_params}
    with st.sidebar:
        for section, pages in sections.items():
            shown = [page for page in pages if page.visibility != "hidden"]
            if not shown:
                continue
            st.markdown(f"**{section}**")
            for page in shown:
                st.page_link(page, label=menu_label(page.title), query_params=carried, width="stretch")


viewer = session.current_viewer()
auditing.note_sign_in(viewer)
sections = navigation(viewer)
page = st.navigation(sections, position="hidden")
menu(sections)
sign_in_box(viewer)
role_banner(viewer)
run_page(page)
