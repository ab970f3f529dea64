"""Load: concurrent browser sessions read the dashboard; errors, page times, server memory and machine load.

    .venv/bin/python benchmarks/concurrent_sessions_benchmark.py [--checkout LABEL=DIR ...] [--sessions 20]

For each checkout (default: this one), in turn: a fresh SQLite file is loaded with that checkout's committed
sample by its own ``cpo ingest``, and its own ``cpo serve`` (from its ``.venv``) serves it in the leadership
view. One warming session opens every page once; then ``--sessions`` sessions at once, each its own browser
context in one headless Chromium (Debian's, through Playwright; never a downloaded browser), open the
dashboard and visit every page of the leadership menu through the menu, as a reader does.

A page's time runs from the click on its menu entry (for the first page, from opening the address) until it
is fully drawn: Streamlit has ended the script run, the page's title is shown and nothing is left stale. A
page view is an error when it is not drawn within ``--page-timeout`` seconds, or shows an exception or the
"figures not available" notice. Server memory is the resident set (RSS) of the Streamlit process, sampled
twice a second. Client and server share this machine, and other work may be running on it: the load average
is printed with the figures. Everything is bounded: page and run timeouts, then the server is stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from page_switch_benchmark import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    DONE,
    PAGES,
    free_port,
    menu_entry,
    rss_mb,
    stop_server,
    streamlit_pid,
    wait_until_healthy,
)
from playwright.async_api import async_playwright

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ERROR_ON_PAGE = '[data-testid="stException"], [data-testid="stMain"] h2:text-is("Figures not available")'


@dataclass
class Checkout:
    label: str
    folder: Path

    def python(self) -> Path:
        return self.folder / ".venv" / "bin" / "python"


@dataclass
class Run:
    """What one checkout's run measured."""

    label: str
    pages: list[tuple[str, str]]
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    warm_up_s: float = 0.0
    wall_s: float = 0.0
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def __post_init__(self) -> None:
        self.times = {label: [] for label, _ in self.pages}


def load_sample(checkout: Checkout, database_url: str) -> None:
    """The checkout's own committed sample, loaded by its own ``cpo ingest`` (with whatever it stores)."""
    command = [str(checkout.python()), "-m", "cpo.cli", "ingest", "sample_data/jersey"]
    done = subprocess.run(
        [*command, "--database-url", database_url],
        cwd=checkout.folder,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"cpo ingest in {checkout.folder} failed: {done.stdout}{done.stderr}")


def start_server(checkout: Checkout, port: int, database_url: str, log: Path) -> subprocess.Popen:
    command = [str(checkout.python()), "-m", "cpo.cli", "serve", "--port", str(port), "--role", "leadership"]
    environment = dict(os.environ, STREAMLIT_SERVER_FILE_WATCHER_TYPE="none")
    with log.open("w") as output:
        server = subprocess.Popen(
            [*command, "--database-url", database_url],
            cwd=checkout.folder,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopping it stops the streamlit it starts
        )
    wait_until_healthy(server, port, seconds=120)
    return server


async def sample_memory(pid: int, into: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        into.append(rss_mb(pid))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=0.5)


async def drawn(page, title: str, timeout_s: float) -> None:
    await page.wait_for_function(DONE, arg=[title], polling=100, timeout=timeout_s * 1000)
    if await page.locator(ERROR_ON_PAGE).count():
        raise RuntimeError("the page shows an error")


async def session(browser, url: str, pages: list[tuple[str, str]], run: Run | None, timeout_s: float) -> None:
    """One reader: open the dashboard, then each page through the menu; times and errors into ``run``."""
    context = await browser.new_context(viewport={"width": 1366, "height": 900})
    page = await context.new_page()
    try:
        for index, (label, title) in enumerate(pages):
            started = time.perf_counter()
            try:
                if index == 0:
                    await page.goto(url, timeout=timeout_s * 1000)
                else:
                    await menu_entry(page, label).click(timeout=timeout_s * 1000)
                await drawn(page, title, timeout_s)
            except Exception as error:  # a timeout, a lost connection, an error on the page: all errors
                if run is not None:
                    run.errors.append(f"{label}: {str(error).splitlines()[0][:120]}")
                continue
            if run is not None:
                run.times[label].append(time.perf_counter() - started)
    finally:
        await context.close()


async def measure(
    checkout: Checkout, pages: list[tuple[str, str]], sessions: int, timeout_s: float, run_timeout_s: float
) -> Run:
    run = Run(label=checkout.label, pages=pages)
    with tempfile.TemporaryDirectory(prefix="cpo-load-") as folder:
        database_url = f"sqlite:///{Path(folder) / 'cpo.sqlite'}"
        load_sample(checkout, database_url)
        port = free_port()
        server = start_server(checkout, port, database_url, Path(folder) / "server.log")
        url = f"http://127.0.0.1:{port}/"
        try:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                started = time.perf_counter()
                await session(browser, url, pages, None, timeout_s)  # warming: every page once, alone
                run.warm_up_s = time.perf_counter() - started
                stop = asyncio.Event()
                sampler = asyncio.create_task(sample_memory(streamlit_pid(server), run.rss_mb, stop))
                run.load_before = os.getloadavg()
                started = time.perf_counter()
                readers = [session(browser, url, pages, run, timeout_s) for _ in range(sessions)]
                try:
                    await asyncio.wait_for(asyncio.gather(*readers), timeout=run_timeout_s)
                except TimeoutError:
                    run.errors.append(f"the run was stopped after {run_timeout_s:.0f} s")
                run.wall_s = time.perf_counter() - started
                run.load_after = os.getloadavg()
                stop.set()
                await sampler
                await browser.close()
        finally:
            stop_server(server)
    return run


def percentile_95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


def print_table(runs: list[Run], sessions: int) -> None:
    pages = runs[0].pages
    print(f"\n{sessions} concurrent sessions x {len(pages)} pages, leadership view, {os.cpu_count()} cores")
    header = (
        f"{'checkout':<28} {'views':>5} {'errors':>6} {'median s':>8} {'p95 s':>7} {'max s':>7} "
        f"{'wall s':>7} {'warm-up s':>9} {'RSS start':>9} {'RSS peak':>8} {'RSS end':>8}  load avg 1/5/15 min"
    )
    print(header)
    print("-" * len(header))
    for run in runs:
        every = [second for seconds in run.times.values() for second in seconds]
        timing = (
            f"{statistics.median(every):8.1f} {percentile_95(every):7.1f} {max(every):7.1f}"
            if every
            else f"{'-':>8} {'-':>7} {'-':>7}"
        )
        memory = (
            f"{run.rss_mb[0]:6.0f} MB {max(run.rss_mb):5.0f} MB {run.rss_mb[-1]:5.0f} MB"
            if run.rss_mb
            else "-"
        )
        load = " -> ".join(
            "/".join(f"{value:.1f}" for value in figures) for figures in (run.load_before, run.load_after)
        )
        print(
            f"{run.label:<28} {len(every):>5} {len(run.errors):>6} {timing} {run.wall_s:7.0f} "
            f"{run.warm_up_s:9.1f} {memory}  {load}"
        )
    print("\nmedian page time by page (s):")
    print(f"{'page':<45}" + "".join(f"{run.label[:14]:>16}" for run in runs))
    for label, _ in pages:
        cells = [statistics.median(run.times[label]) if run.times[label] else float("nan") for run in runs]
        print(f"{label:<45}" + "".join(f"{cell:16.1f}" for cell in cells))
    for run in runs:
        for error in run.errors[:10]:
            print(f"error, {run.label}: {error}")


def parse_checkout(text: str) -> Checkout:
    label, _, folder = text.rpartition("=")
    path = Path(folder).resolve()
    return Checkout(label=label or path.name, folder=path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--checkout",
        action="append",
        type=parse_checkout,
        help="LABEL=DIR: a checkout with its own .venv to serve (repeat to compare; default this one)",
    )
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument(
        "--pages",
        help="comma-separated menu entries each session visits, the first opened by its address "
        "(default: every page of the leadership menu)",
    )
    parser.add_argument("--page-timeout", type=float, default=180, help="seconds for one page to be drawn")
    parser.add_argument("--run-timeout", type=float, default=1200, help="seconds for all sessions together")
    args = parser.parse_args(argv)
    checkouts = args.checkout or [Checkout(label="this checkout", folder=PROJECT_ROOT)]
    pages = PAGES
    if args.pages:
        titles = dict(PAGES)
        pages = [(label, titles[label]) for label in (entry.strip() for entry in args.pages.split(","))]
    runs = []
    for checkout in checkouts:
        print(f"{checkout.label}: loading the sample and serving {checkout.folder} ...", flush=True)
        runs.append(asyncio.run(measure(checkout, pages, args.sessions, args.page_timeout, args.run_timeout)))
    print_table(runs, args.sessions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
