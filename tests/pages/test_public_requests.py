"""Nothing from outside: headless Chromium records every request the public pages and the published site
make, and every resource address in their documents, and finds none to a host but the dashboard's own.

Headless Chromium does not fetch a favicon, so the addresses in the document (icons, scripts, styles,
images, frames) are read as well as the requests made: an icon from a font server shows up either way.
"""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from serving import CHROMIUM, CHROMIUM_FLAGS, in_ci, open_every_fold, serve_dashboard

from cpo.cli import main

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PUBLIC_PAGES = ("/", "/transparency", "/methodology")
DRAWN = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app && app.getAttribute('data-test-script-state') === 'notRunning'
        && document.querySelector('[data-testid="stMain"] h1')
        && !document.querySelector('[data-stale="true"]');
}"""
RESOURCE_ELEMENTS = ", ".join(
    (
        "link[href]",
        "script[src]",
        "img[src]",
        "iframe[src]",
        "source[src]",
        "video[src]",
        "audio[src]",
        "object[data]",
    )
)
RESOURCES = f"""() => Array.from(document.querySelectorAll('{RESOURCE_ELEMENTS}'))
    .map(element => element.href || element.src || element.data)"""
STAFF_WORDS = ("Local configuration", "set locally", "Demo:")


@pytest.fixture(scope="module")
def chromium() -> str:
    if not CHROMIUM.is_file():
        if in_ci():
            pytest.fail("Chromium is missing (CI=true: the browser test must run)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return str(CHROMIUM)


@contextmanager
def recording_browser(chromium: str) -> Iterator[tuple[object, list[str]]]:
    """A fresh page of headless Chromium and the list every request it makes is appended to."""
    from playwright.sync_api import sync_playwright

    requested: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("request", lambda request: requested.append(request.url))
        try:
            yield page, requested
        finally:
            browser.close()


def _drawn(page) -> None:
    page.wait_for_timeout(300)  # a click's rerun starts after the browser has sent it
    page.wait_for_function(DRAWN, timeout=180_000)


def other_hosts(addresses: list[str], own: str) -> list[str]:
    """The addresses that go anywhere but ``own`` (``data:`` and ``blob:`` stay in the page)."""
    return [
        address
        for address in addresses
        if address
        and urlsplit(address).scheme not in ("data", "blob", "about")
        and urlsplit(address).netloc != own
    ]


def test_the_public_pages_fetch_nothing_from_another_host(sample_database, tmp_path, chromium):
    with serve_dashboard(tmp_path, os.environ["DATABASE_URL"], role="public") as address:
        own = urlsplit(address).netloc
        with recording_browser(chromium) as (page, requested):
            resources: list[str] = []
            for path in PUBLIC_PAGES:
                page.goto(address + path, timeout=180_000)
                page.wait_for_function(DRAWN, timeout=180_000)
                # What a fold draws only once opened (the public page's charts and tables) is fetched too.
                open_every_fold(page, lambda: _drawn(page))
                resources += page.evaluate(RESOURCES)
                text = page.evaluate("() => document.body.innerText")
                assert not [words for words in STAFF_WORDS if words in text], (path, "a staff-only caption")
            page.wait_for_timeout(2_000)  # late requests (icons, fonts) of the last page
    assert requested, "the browser made requests"
    assert any(urlsplit(url).path.endswith((".woff2", ".woff", ".ttf")) for url in requested), "fonts load"
    assert not other_hosts(requested, own), sorted(set(other_hosts(requested, own)))
    assert not other_hosts(resources, own), sorted(set(other_hosts(resources, own)))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def test_the_published_site_fetches_nothing_from_another_host(sample_database, tmp_path, chromium):
    site = tmp_path / "site"
    assert main(["publish", "--out", str(site), "--database-url", os.environ["DATABASE_URL"]]) == 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        own = f"127.0.0.1:{server.server_address[1]}"
        with recording_browser(chromium) as (page, requested):
            page.goto(f"http://{own}/index.html", timeout=60_000, wait_until="networkidle")
            resources = page.evaluate(RESOURCES)
            links = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    finally:
        server.shutdown()
        server.server_close()
    assert any(url.endswith("/index.html") for url in requested)
    assert not other_hosts(requested, own), sorted(set(other_hosts(requested, own)))
    assert not other_hosts(resources, own), sorted(set(other_hosts(resources, own)))
    # The page's own links (contents, downloads) stay on the site too.
    assert not other_hosts(links, own), sorted(set(other_hosts(links, own)))
    assert {Path(urlsplit(link).path).name for link in links} >= {
        "children-in-care-outcomes.csv", "children-in-care-outcomes.meta.csv", "metadata.json",
    }  # fmt: skip
