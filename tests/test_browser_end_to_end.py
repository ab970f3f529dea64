"""End to end: `cpo serve` on a free port over a SQLite file holding the sample, read in headless Chromium.

Debian's Chromium (``apt-get install chromium``) is driven by Playwright through ``executable_path``; no
browser is ever downloaded. Without /usr/bin/chromium the test is skipped, except in CI (``CI=true``), where
that fails the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from queries.bootstrap import ensure_loaded
from queries.engine import make_engine
from sample_data.generator import SAMPLE_RETURN_DIR, write_return
from tests.serving import chromium_browser, require_chromium, serve_dashboard

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIRST_RUN_MS = 180_000  # the first run computes every indicator for every period of the sample


@pytest.fixture(scope="module")
def chromium() -> Path:
    return require_chromium()


@pytest.fixture(scope="module")
def server(chromium, tmp_path_factory) -> Iterator[str]:
    """`cpo serve` (the demo's leadership view, which may open every page here) over the sample return."""
    folder = tmp_path_factory.mktemp("browser")
    sample = SAMPLE_RETURN_DIR
    if not (sample / "header.csv").is_file():
        sample = folder / "return"
        write_return(sample)
    database_url = f"sqlite:///{folder / 'cpo.sqlite'}"
    engine = make_engine(database_url)
    ensure_loaded(engine, sample)
    engine.dispose()
    with serve_dashboard(folder, database_url) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium) -> Iterator:
    with chromium_browser() as launched:
        yield launched


def _open(browser, url: str, *headings: str):
    """The page at ``url`` once every one of ``headings`` is on screen and the script run has finished."""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(url)
    for heading in headings:
        page.get_by_role("heading", name=heading).first.wait_for(state="visible", timeout=FIRST_RUN_MS)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=FIRST_RUN_MS)
    return page


def test_the_overview_loads_with_its_figures(server, browser):
    page = _open(browser, server, "The plan at a glance", "Needs attention")
    body = page.locator("body").inner_text()
    assert "Needs attention" in body
    assert "Traceback" not in body
    page.close()


def test_the_transparency_page_shows_public_figures_in_words(server, browser):
    page = _open(browser, server, "The plan at a glance")
    # Reached the way a reader does: from the menu, the dashboard's own navigation.
    page.get_by_role("link", name="Transparency").click()
    for heading in ("How are Jersey's children in care doing?", "What the symbols mean", "Download the data"):
        page.get_by_role("heading", name=heading).first.wait_for(state="visible", timeout=FIRST_RUN_MS)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=FIRST_RUN_MS)
    body = page.locator("body").inner_text()
    assert "Children in care" in body
    assert "were in care on" in body  # the plain-English sentence under the headline figure
    assert "on a year before" in body
    assert "Counts of children from 1 to 4 are withheld and shown as c." in body
    legend = page.get_by_text("confidential: withheld to protect children's privacy").first
    legend.scroll_into_view_if_needed()
    assert legend.is_visible()
    assert page.get_by_role("button", name="Open data (CSV)").is_visible()
    assert "Traceback" not in body
    page.close()


def test_the_board_pack_is_built_when_its_button_is_clicked(server, browser):
    # The PDF libraries are imported on the first click, not by the server: the click must still give a PDF.
    page = _open(browser, server, "The plan at a glance")
    button = page.get_by_role("button", name="Download the board pack (PDF)")
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=FIRST_RUN_MS) as download:
        button.click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert download.value.suggested_filename.startswith("board_pack_")
    page.close()
