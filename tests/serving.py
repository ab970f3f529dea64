"""Serving the dashboard for a test: `cpo serve` on a free port, stopped with its whole process group."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# Launch flags measured to work for this websocket app on this kind of machine.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


# Done drawing: Streamlit has ended the script run, the page's title is shown, and nothing is left stale.
DRAWN = """([title]) => {
    const app = document.querySelector('[data-testid="stApp"]');
    const heading = document.querySelector('[data-testid="stMain"] h1');
    return app && app.getAttribute('data-test-script-state') === 'notRunning'
        && heading && heading.textContent.trim().startsWith(title)
        && !document.querySelector('[data-stale="true"]');
}"""

# A fold of the main area not yet opened: a fold may draw its content only once opened (a rerun).
CLOSED_FOLD = '[data-testid="stMain"] details:not([open]) > summary'


def open_every_fold(page, drawn: Callable[[], None]) -> int:
    """Open every closed fold of ``page``'s main area, one at a time, calling ``drawn`` after each (which
    waits for the rerun it starts to be drawn); returns how many were opened."""
    opened = 0
    while page.evaluate(f"() => document.querySelectorAll('{CLOSED_FOLD}').length"):
        page.evaluate(f"() => document.querySelector('{CLOSED_FOLD}').click()")
        drawn()
        opened += 1
    return opened


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def require_chromium() -> Path:
    """Debian's Chromium; without it the test is skipped, except in CI (``CI=true``), where it fails."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
        if in_ci():
            pytest.fail(reason)
        pytest.skip(reason)
    return CHROMIUM


@contextmanager
def chromium_browser() -> Iterator:
    """Headless Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(require_chromium()), args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextmanager
def serve_dashboard(
    folder: Path, database_url: str, role: str | None = None, settings: dict[str, str] | None = None
) -> Iterator[str]:
    """The dashboard's address while `cpo serve` runs over ``database_url`` (its log in ``folder``).

    ``settings``: more environment for the server, such as ``STREAMLIT_SECRETS_FILES`` for a sign-in test.
    """
    port = free_port()
    environment = dict(os.environ)
    environment.pop("CPO_ROLE", None)
    if role:
        environment["CPO_ROLE"] = role
    environment.update(settings or {})
    # Nothing watches the source files: a file saved elsewhere must not turn the page into a rerun prompt.
    environment["STREAMLIT_SERVER_FILE_WATCHER_TYPE"] = "none"
    environment["STREAMLIT_SERVER_RUN_ON_SAVE"] = "false"
    log_path = folder / "server.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "cpo.cli", "serve", "--port", str(port), "--database-url", database_url],
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopping it also stops the streamlit it starts
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            if healthy(url):
                break
            if process.poll() is not None:
                pytest.fail(f"cpo serve exited with {process.returncode}: {log_path.read_text()}")
            time.sleep(0.5)
        else:
            pytest.fail(f"cpo serve did not answer on {url}: {log_path.read_text()}")
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
