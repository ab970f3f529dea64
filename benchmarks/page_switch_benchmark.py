"""Page-switch timing: start the dashboard, switch pages in headless Chromium, print warm render times.

    .venv/bin/python benchmarks/page_switch_benchmark.py [--database-url URL] [--role leadership] [--rounds 3]

Uses Debian's Chromium (``/usr/bin/chromium``) through Playwright; never downloads a browser. A switch is
timed from the click on the menu entry to the moment the new page's title is shown and no element is stale
(Streamlit marks the previous page's elements stale until the run that replaces them ends) and the app reports
its script run as finished. The first pass
warms the caches; the figures printed are from the passes after it.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
# (menu label, page title) for the leadership menu, in menu order.
PAGES = [
    ("Overview", "The plan at a glance"),
    ("Stability and permanence", "Stability and permanence"),
    ("Education", "Education"),
    ("Health and wellbeing", "Health and wellbeing"),
    ("Care leavers and housing", "Care leavers and housing"),
    ("Youth justice and missing", "Youth justice and missing"),
    ("Voice and practice standards", "Voice of the child and practice standards"),
    ("Workforce", "Workforce"),
    ("Partner departments", "Partner departments"),
    ("Services", "Commissioned services"),
    ("Transparency", "How are Jersey's children in care doing?"),
    ("Methodology", "Methodology"),
]
# Done: Streamlit says the script run has ended, the new page's title is shown, and nothing is left stale.
DONE = """([title]) => {
    const app = document.querySelector('[data-testid="stApp"]');
    const heading = document.querySelector('[data-testid="stMain"] h1');
    const stale = document.querySelector('[data-stale="true"]');
    return app && app.getAttribute('data-test-script-state') === 'notRunning'
        && heading && heading.textContent.trim().startsWith(title) && !stale;
}"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int, database_url: str | None, role: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "cpo.cli", "serve", "--port", str(port), "--role", role]
    if database_url:
        command += ["--database-url", database_url]
    server = subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    wait_until_healthy(server, port, seconds=60)
    return server


def wait_until_healthy(server: subprocess.Popen, port: int, seconds: float) -> None:
    """Return once the dashboard on ``port`` answers its health check; else stop it and raise."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    stop_server(server)
    raise RuntimeError(f"the dashboard did not start within {seconds:.0f} s")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=20)


def streamlit_pid(server: subprocess.Popen) -> int:
    """The Streamlit process that ``cpo serve`` started (its only child)."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return int(children[0]) if children else server.pid


def rss_mb(pid: int) -> float:
    """The resident set of process ``pid``, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def menu_entry(page, label: str):
    """The sidebar menu's link to the page ``label``: Streamlit's own navigation or the menu of page links
    (`st.page_link`) that replaced it, so that checkouts from before and after the change compare."""
    return page.get_by_test_id("stSidebar").locator("a", has=page.get_by_text(label, exact=True)).first


def switch(page, label: str, title: str) -> float:
    started = time.perf_counter()
    menu_entry(page, label).click()
    page.wait_for_function(DONE, arg=[title], polling=10, timeout=180_000)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="else DATABASE_URL, else the embedded SQLite default")
    parser.add_argument("--role", default="leadership")
    parser.add_argument("--rounds", type=int, default=3, help="timed passes after the warming pass")
    parser.add_argument("--width", type=int, default=1366)
    args = parser.parse_args(argv)

    port = free_port()
    started = time.perf_counter()
    server = start_server(port, args.database_url or os.environ.get("DATABASE_URL"), args.role)
    print(f"server up in {time.perf_counter() - started:.1f} s on port {port}")
    timings: dict[str, list[float]] = {label: [] for label, _ in PAGES}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            page = browser.new_page(viewport={"width": args.width, "height": 900})
            started = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/", timeout=180_000)
            page.wait_for_function(DONE, arg=[PAGES[0][1]], polling=50, timeout=180_000)
            print(f"first page after a server start, fully drawn: {time.perf_counter() - started:.2f} s")
            for label, title in PAGES[1:] + PAGES[:1]:  # warming pass
                switch(page, label, title)
            for _ in range(args.rounds):
                for label, title in PAGES[1:] + PAGES[:1]:
                    timings[label].append(switch(page, label, title))
            browser.close()
        memory = rss_mb(streamlit_pid(server))
    finally:
        stop_server(server)
    print(f"app server memory (RSS) after visiting every page: {memory:.0f} MB")

    print(f"warm page switch, {args.role}, {args.rounds} rounds (median, max in seconds):")
    for label, seconds in timings.items():
        print(f"  {label:<45} {statistics.median(seconds):6.3f} {max(seconds):6.3f}")
    every = [second for seconds in timings.values() for second in seconds]
    print(f"  {'all switches':<45} {statistics.median(every):6.3f} {max(every):6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
