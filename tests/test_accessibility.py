"""axe-core on every page of every role's menu, and on the published site: WCAG 2.2 A and AA, no violation.

axe-core is the npm package, installed by `.ci/run` into ``.axe/`` (``npm install --no-package-lock --prefix
.axe axe-core@4``) and injected with Playwright into Debian's Chromium (never a downloaded browser). Each
role's pages are the links of its own sidebar menu, so a page added to a menu is checked without an edit
here; every page at a desktop width (1366 px) and the landing page at a phone's (390 px) too. Without axe-core
or Chromium the test is skipped, except in CI, where that fails.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from serving import CHROMIUM, CHROMIUM_FLAGS, in_ci, open_every_fold, serve_dashboard

from cpo.cli import main
from metrics.catalogue import catalogue
from metrics.report import CatalogueResults
from queries.engine import make_engine
from queries.ingest import ingest_return
from sample_data.generator import SAMPLE_RETURN_DIR

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = Path(__file__).resolve().parent.parent / ".axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
ROLES = ("public", "leadership", "analyst", "department:health")
DRAWN = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const heading = document.querySelector('[data-testid="stMain"] h1');
    return app && app.getAttribute('data-test-script-state') === 'notRunning' && heading
        && !document.querySelector('[data-stale="true"]')
        && !document.querySelector('[data-testid="stSkeleton"]');
}"""
RUN_AXE = """async (tags) => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
    return result.violations.map(v => ({
        rule: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.html.slice(0, 200)),
    }));
}"""
MENU_LINKS = """() => [...document.querySelectorAll('[data-testid="stSidebar"] a[href]')]
    .map(a => new URL(a.href).pathname).filter((path, i, all) => all.indexOf(path) === i)"""


def _needed() -> None:
    missing = [
        what for what, there in (("axe-core", AXE.is_file()), ("chromium", CHROMIUM.is_file())) if not there
    ]
    if missing:
        if in_ci():
            pytest.fail(f"{' and '.join(missing)} missing (CI=true: the accessibility test must run)")
        pytest.skip(f"{' and '.join(missing)} not installed (see .ci/run)")


@pytest.fixture(scope="module")
def database_url(tmp_path_factory) -> str:
    _needed()
    url = f"sqlite:///{tmp_path_factory.mktemp('axe_db') / 'cpo.sqlite'}"
    # Results stored with the load, as `cpo serve` stores them for the sample: the server starts at once.
    report = ingest_return(
        SAMPLE_RETURN_DIR, make_engine(url), known_indicators=list(catalogue()), results=CatalogueResults()
    )
    assert report.ok, report.to_text()
    return url


@pytest.fixture(scope="module")
def browser():
    _needed()
    from playwright.sync_api import sync_playwright  # only where the browser test runs

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def violations(page, address: str, *, streamlit: bool = True, open_folds: bool = False) -> list[dict]:
    """axe-core's violations on the page at ``address``; ``open_folds``: once every fold of its main area has
    been opened, one at a time, so that what a fold draws only when opened is checked too."""
    page.goto(address, timeout=180_000)
    if streamlit:
        _drawn(page, address)
        if open_folds:
            open_every_fold(page, lambda: _drawn(page, address))
        time.sleep(2)  # charts draw after the script run ends
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE, WCAG_22_A_AA)


def _drawn(page, address: str) -> None:
    time.sleep(0.3)  # a click's rerun starts after the browser has sent it
    try:
        page.wait_for_function(DRAWN, timeout=180_000)
    except PlaywrightTimeout:
        pytest.fail(f"{address} was not drawn within 3 minutes")


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_the_role_has_no_wcag_violation(role, database_url, browser, tmp_path):
    found: dict[str, list[dict]] = {}
    with serve_dashboard(tmp_path, database_url, role) as url:
        desktop = browser.new_page(viewport={"width": 1366, "height": 900})
        found[f"{role} / at 1366 px"] = violations(desktop, url)
        links = desktop.evaluate(MENU_LINKS)
        assert links, "the menu has no links"
        for path in links:
            found[f"{role} {path} at 1366 px"] = violations(desktop, url + path)
            found[f"{role} {path} at 1366 px, every fold open"] = violations(
                desktop, url + path, open_folds=True
            )
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        found[f"{role} / at 390 px"] = violations(phone, url)
        # On a phone the menu starts folded: the page is not hidden behind it.
        menu_right = phone.evaluate(
            "() => document.querySelector('[data-testid=\"stSidebar\"]').getBoundingClientRect().right"
        )
        assert menu_right <= 1, f"the menu covers {menu_right:.0f} px of a 390 px phone"
    assert {where: found_here for where, found_here in found.items() if found_here} == {}


def test_the_published_site_has_no_wcag_violation(database_url, browser, tmp_path):
    out = tmp_path / "site"
    assert main(["publish", "--out", str(out), "--database-url", database_url]) == 0
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    assert violations(page, (out / "index.html").as_uri(), streamlit=False) == []
