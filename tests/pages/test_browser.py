"""End to end: `cpo serve` starts the real server and headless Chromium loads pages as two roles."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.serving import DRAWN

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="module")
def chromium() -> str:
    if not Path(CHROMIUM).is_file() and shutil.which("chromium") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Chromium is missing (CI=true: the browser test must run)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(database_url: str, role: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "cpo.cli", "serve", "--database-url", database_url, "--port", str(port),
         "--role", role],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return server, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.3)
    os.killpg(server.pid, signal.SIGTERM)
    pytest.fail("the dashboard did not answer /_stcore/health within 60 s")


@pytest.fixture
def browser_page(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
        yield browser.new_page(viewport={"width": 1280, "height": 900})
        browser.close()


@pytest.fixture
def running(sample_database):
    servers = []

    def start(role: str) -> str:
        server, address = serve(os.environ["DATABASE_URL"], role)
        servers.append(server)
        return address

    yield start
    for server in servers:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def test_leadership_opens_the_overview_and_switches_to_a_theme(running, browser_page):
    address = running("leadership")
    browser_page.goto(address + "/", timeout=180_000)
    browser_page.wait_for_function(DRAWN, arg=["The plan at a glance"], timeout=180_000)
    # The menu is a list of page links in the sidebar (dashboard.menu), not Streamlit's own navigation.
    navigation = browser_page.get_by_test_id("stSidebar")

    assert navigation.get_by_text("Data quality", exact=True).count() == 0
    navigation.get_by_text("Health and wellbeing", exact=True).click()
    browser_page.wait_for_function(DRAWN, arg=["Health and wellbeing"], timeout=60_000)
    assert browser_page.locator('[data-testid="stVegaLiteChart"]').count() > 0
    assert "theme_health" in browser_page.url


def test_public_link_to_a_staff_page_shows_the_public_page(running, browser_page):
    address = running("public")
    browser_page.goto(address + "/overview", timeout=180_000)
    browser_page.wait_for_function(DRAWN, arg=["How are Jersey's children in care doing?"], timeout=180_000)

    assert browser_page.get_by_test_id("stSidebar").get_by_text("Overview", exact=True).count() == 0
    assert "The plan at a glance" not in browser_page.content()
