"""Nothing from the services files reaches any public output: no service's name, id, provider or price.

Services are few and named, and their contracts commercial. Every public output is searched, on a database
that holds the sample's services: the Transparency page on every tab and the Methodology page in AppTest
(the public's session), every file `cpo publish` writes (the page, the open data, the metadata), and
`cpo report` for the public role in every format.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from page_harness import dashboard, direct_run, everything_shown, with_every_fold_open

from cpo.cli import main
from metrics.catalogue import catalogue
from metrics.ees_files import DATA_FILE, METADATA_FILE
from pages.transparency import THEME_KEY
from queries.engine import make_engine
from queries.extract import read_care_data

LATEST = date(2026, 9, 30)
PUBLIC_THEMES = list(dict.fromkeys(str(entry.theme) for entry in catalogue().values() if entry.public))
# The department's own name is on every page for other reasons: it names no service.
NOT_A_SECRET = {"Government of Jersey"}


def prices(frame: pl.DataFrame) -> set[str]:
    """Each weekly price as a page (£8,950) or a file (8950.00) would write it. Not as a bare number: 980.0
    is also a figure of the workforce, and no search could tell the two apart."""
    found = set()
    for value in frame.get_column("WEEKLY_COST").drop_nulls().to_list():
        found |= {f"£{value:,.0f}", f"{value:.2f}"}
    return found


@pytest.fixture(scope="module")
def secrets(sample_database: Path) -> set[str]:
    """What no public output may carry: every service's id, name and provider, and every price."""
    services = pl.read_csv(sample_database / "services.csv", infer_schema_length=None)
    history = pl.read_csv(sample_database / "service_costs.csv", infer_schema_length=None)
    words = set(services.get_column("SERVICE_ID")) | set(services.get_column("NAME"))
    words |= set(services.get_column("PROVIDER").drop_nulls()) - NOT_A_SECRET
    return words | prices(services) | prices(history)


def leaked(text: str, secrets: set[str]) -> list[str]:
    """The secrets in ``text``, each as a whole token (JCC101 is not in JCC1010, 980.00 not in 1980.00)."""
    return sorted(
        secret for secret in secrets if re.search(rf"(?<![\w.]){re.escape(secret)}(?![\w]|\.\d)", text)
    )


def test_the_database_holds_the_services_being_searched_for(sample_database, secrets):
    # Without this, a search for names that were never loaded could not fail.
    tables = read_care_data(make_engine(os.environ["DATABASE_URL"]))
    assert tables["services"].height == 14
    assert tables["service_costs"].height > 0
    assert {"Brook House", "JCC101", "£8,950", "Cove Residential Ltd"} <= secrets


def test_the_services_page_shows_what_this_test_searches_for(sample_database, secrets):
    # The same search finds the names and prices that the leadership's Services page does show.
    shown = everything_shown(direct_run("pages/services.py", "leadership"))
    assert {"Brook House", "Dorset Cove", "£8,950"} <= set(leaked(shown, secrets))


@pytest.mark.parametrize("theme", PUBLIC_THEMES)
def test_no_tab_of_the_transparency_page_carries_services(sample_database, secrets, theme):
    app = dashboard("public").run()
    app.session_state[THEME_KEY] = theme
    with_every_fold_open(app)

    assert not app.exception
    assert leaked(everything_shown(app), secrets) == []


def test_the_methodology_page_carries_no_service(sample_database, secrets):
    app = direct_run("pages/methodology.py", "public")

    assert not app.exception
    assert leaked(everything_shown(app), secrets) == []


def test_no_published_file_carries_services(sample_database, secrets, tmp_path):
    out = tmp_path / "site"
    assert main(["publish", "--out", str(out), "--database-url", os.environ["DATABASE_URL"]]) == 0

    files = sorted(out.iterdir())
    # Every file the site holds is searched: the page, the open data and its metadata, the JSON.
    assert {path.name for path in files} == {"index.html", DATA_FILE, METADATA_FILE, "metadata.json"}
    for path in files:
        assert leaked(path.read_text(encoding="utf-8"), secrets) == [], path.name


@pytest.mark.parametrize("output", ["json", "csv", "table"])
def test_the_public_report_carries_no_service(sample_database, secrets, capsys, output):
    url = os.environ["DATABASE_URL"]
    argv = ["report", "--as-at", LATEST.isoformat(), "--role", "public", "--format", output]
    assert main([*argv, "--database-url", url]) == 0

    printed = capsys.readouterr().out
    assert len(printed) > 1000
    assert leaked(printed, secrets) == []
