"""The first page a fresh server draws comes through the dashboard's own navigation, no Streamlit internals.

Streamlit switches to its legacy multipage layout whenever a ``pages/`` folder sits beside the entry point:
its first run then lists every file of that folder in the sidebar and runs the file an address names
directly, past the navigation and its role gate. The entry point is in ``streamlit_app/`` so that this never
happens (see `streamlit_app/main.py`). Each test here starts its own server, so the page it opens is that
process's very first script run; one is opened as a staff member (a local role, ``CPO_ROLE``) and one as
the public, who open a staff page's address.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from metrics.catalogue import Theme
from pages.theme import menu_label
from tests.serving import CHROMIUM_FLAGS, DRAWN, require_chromium, serve_dashboard

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIRST_RUN_MS = 180_000  # the first run reads the whole sample
# The sidebar's menu as a reader sees it: section headings and page labels (icon ligatures left out).
MENU = """() => {
    const label = (element) => {
        const copy = element.cloneNode(true);
        copy.querySelectorAll('[data-testid="stIconMaterial"]').forEach((icon) => icon.remove());
        return copy.textContent.trim();
    };
    const nav = document.querySelector('[data-testid="stSidebar"]');
    // A section heading is a paragraph that is all bold (dashboard.menu); other sidebar text is not.
    const headings = [...nav.querySelectorAll('[data-testid="stMarkdownContainer"] p')].filter(
        (paragraph) => paragraph.children.length === 1 && paragraph.firstElementChild.tagName === "STRONG"
            && paragraph.textContent.trim() === paragraph.firstElementChild.textContent.trim()
    );
    return {
        sections: headings.map(label),
        pages: [...nav.querySelectorAll('[data-testid="stPageLink"]')].map(label),
    };
}"""
THEMES = [menu_label(str(theme)) for theme in Theme]  # one page each, in the catalogue's order


@pytest.fixture(scope="module")
def chromium() -> Path:
    return require_chromium()


@pytest.fixture
def browser(chromium) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def first_page(browser, url: str, title: str):
    """The browser page once the server's first script run has drawn a page headed ``title``."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url, timeout=FIRST_RUN_MS)
    page.wait_for_function(DRAWN, arg=[title], timeout=FIRST_RUN_MS)
    return page


def test_a_fresh_server_opens_a_staff_members_link_inside_the_dashboards_navigation(
    sample_database, tmp_path, browser
):
    with serve_dashboard(tmp_path, os.environ["DATABASE_URL"], "leadership") as url:
        page = first_page(browser, url + "/theme_health", "Health and wellbeing")
        menu = page.evaluate(MENU)

    assert urlparse(page.url).path == "/theme_health"
    assert menu["sections"] == ["Plan", "Themes", "Partners", "Public", "About"]
    assert menu["pages"] == [
        "Overview",
        *THEMES,
        "Partner departments",
        "Services",
        "Transparency",
        "Methodology",
    ]


def test_a_fresh_server_shows_the_public_the_public_page_for_a_staff_address(
    sample_database, tmp_path, browser
):
    with serve_dashboard(tmp_path, os.environ["DATABASE_URL"], "public") as url:
        page = first_page(browser, url + "/overview", "How are Jersey's children in care doing?")
        menu = page.evaluate(MENU)
        content = page.content()

    assert menu["sections"] == ["Public", "About"]
    assert menu["pages"] == ["Transparency", "Methodology"]
    assert "The plan at a glance" not in content
