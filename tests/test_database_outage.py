"""A database outage, for real: the pages say plainly that the figures are not available, then recover.

The test starts its own PostgreSQL (initdb + pg_ctl in a temporary folder, as the ``postgres`` user when run
as root) on a free port, loads the sample into it, serves the dashboard from it, stops the database, and reads
the leadership and public pages in Debian's Chromium until they show the plain notice, never a traceback,
a path or the server's address. Then it starts the database again and waits for the figures to come back.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from queries.bootstrap import ensure_loaded
from queries.engine import make_engine
from sample_data.generator import SAMPLE_RETURN_DIR
from tests.serving import CHROMIUM, CHROMIUM_FLAGS, free_port, in_ci, serve_dashboard

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.slow]

NOTICE = "The figures are not available just now"
RECOVERY_SECONDS = 120  # the pages re-check the database every 30 s


def _postgres_binaries() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


class OwnPostgres:
    """A throwaway PostgreSQL cluster in ``folder`` on ``port``, trust authentication, loopback only."""

    def __init__(self, binaries: Path, folder: Path, port: int) -> None:
        self.binaries, self.folder, self.port = binaries, folder, port
        self.data = folder / "data"
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"

    def _run(self, tool: str, *arguments: str) -> None:
        subprocess.run(
            [*self.as_postgres, str(self.binaries / tool), *arguments],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip

    def initialise(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.folder / "log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")


@pytest.fixture(scope="module")
def own_postgres(tmp_path_factory) -> Iterator[OwnPostgres]:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
        if in_ci():
            pytest.fail(reason)
        pytest.skip(reason)
    binaries = _postgres_binaries()
    if binaries is None or (os.geteuid() == 0 and shutil.which("runuser") is None):
        reason = "PostgreSQL's initdb and pg_ctl are not installed"
        if in_ci():
            pytest.fail(reason)
        pytest.skip(reason)
    folder = Path("/tmp") / f"cpo-outage-{os.getpid()}"  # short: the socket path has a length limit
    cluster = OwnPostgres(binaries, folder, free_port())
    cluster.initialise()
    cluster.start()
    try:
        engine = make_engine(cluster.url)
        ensure_loaded(engine, SAMPLE_RETURN_DIR)
        engine.dispose()
        yield cluster
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped by the test
            cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def page(own_postgres, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    with (
        serve_dashboard(tmp_path_factory.mktemp("outage"), own_postgres.url) as url,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        tab = browser.new_page(viewport={"width": 1366, "height": 900})
        tab.base_url = url
        yield tab
        browser.close()


def _body_of(tab, path: str) -> str:
    tab.goto(f"{tab.base_url}/{path}")
    # A page's first heading is drawn by its script: before it, the frame is still empty.
    tab.locator('[data-testid="stMain"] h1').first.wait_for(state="visible", timeout=120_000)
    tab.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=120_000)
    return tab.locator("body").inner_text()


def _wait_until(tab, path: str, holds: Callable[[str], bool]) -> str:
    deadline = time.monotonic() + RECOVERY_SECONDS
    body = ""
    while time.monotonic() < deadline:
        body = _body_of(tab, path)
        if holds(body):
            return body
        time.sleep(3)
    pytest.fail(f"/{path} never showed what was expected; last saw:\n{body[:2000]}")


def _shows_no_code(body: str, cluster: OwnPostgres) -> None:
    leaks = ("Traceback", "sqlalchemy", "psycopg", "OperationalError", str(cluster.port), "/usr/", "/tmp/")
    for leak in leaks:
        assert leak not in body


@pytest.mark.parametrize("path", ["overview", "transparency"])
def test_an_outage_shows_a_plain_notice_and_the_pages_recover(page, own_postgres, path):
    assert NOTICE not in _body_of(page, path)
    own_postgres.stop()
    try:
        # The notice and its time are drawn one after the other: wait for both, not a frame between them.
        body = _wait_until(page, path, lambda text: NOTICE in text and "Tried at" in text)
        _shows_no_code(body, own_postgres)
    finally:
        own_postgres.start()
    _wait_until(page, path, lambda text: NOTICE not in text and "Figures not available" not in text)
