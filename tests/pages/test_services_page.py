"""The Services page in AppTest: drawn for leadership, analysts and children's social care; refused to the
public and to every other department, whose sessions receive nothing from services.csv.

The sample's stories (`sample_data.services`) are what the page must flag at its latest quarter end,
30/09/2026: Brook House (inspected inadequate, down from requires improvement), Dorset Cove (its weekly price
up 14% in a year) and Solent View (its contract ends on 31/01/2027).
"""

from __future__ import annotations

import polars as pl
import pytest
from page_harness import charts, direct_run, everything_shown, grids, texts

from metrics.catalogue import Owner
from sample_data.generator import SAMPLE_RETURN_DIR

PAGE = "pages/services.py"
STAFF = ["leadership", "analyst", f"department:{Owner.CHILDRENS_SOCIAL_CARE.value}"]
OTHER_DEPARTMENTS = [owner for owner in Owner if owner != Owner.CHILDRENS_SOCIAL_CARE]
REFUSED = ["public", *(f"department:{owner.value}" for owner in OTHER_DEPARTMENTS)]


def service_names() -> list[str]:
    return pl.read_csv(SAMPLE_RETURN_DIR / "services.csv", columns=["NAME"]).get_column("NAME").to_list()


def flagged_cards(app) -> dict[str, str]:
    """Each at-risk service's card: its name (the bold first line) and its list of reasons."""
    shown = [text.value for text in app.markdown]
    cards = {}
    for number, text in enumerate(shown):
        if text.startswith("**⚠ "):
            cards[text.removeprefix("**⚠ ").split("**")[0]] = shown[number + 1]
    return cards


@pytest.mark.parametrize("role", STAFF)
def test_the_page_flags_the_samples_services_at_risk_with_their_reasons(open_dashboard, role):
    app = open_dashboard(role, PAGE)

    assert "Commissioned services" in [title.value for title in app.title]
    assert not app.error
    cards = flagged_cards(app)
    assert {"Brook House", "Dorset Cove", "Solent View"} <= set(cards)
    assert (
        "Inspection graded requires improvement or inadequate:** inspected on 3 June 2026: inadequate"
        in (cards["Brook House"])
    )
    assert "requires improvement (19 February 2025) to inadequate (3 June 2026)" in cards["Brook House"]
    assert "weekly cost £8,950, up 14% from £7,850 a year before" in cards["Dorset Cove"]
    assert "contract ends on 31 January 2027" in cards["Solent View"]
    headers = [header.value for header in app.header]
    assert f"At risk: {len(cards)} of {len(service_names())} services" in headers


@pytest.mark.parametrize("role", STAFF)
def test_every_service_is_in_the_table_flagged_first(open_dashboard, role):
    app = open_dashboard(role, PAGE)
    table = grids(app)[0]

    assert sorted(table.get_column("Service").to_list()) == sorted(service_names())
    at_risk = table.get_column("At risk").to_list()
    assert at_risk == sorted(at_risk, key=lambda flag: flag != "⚠ yes")  # flagged services first
    assert set(table.get_column("Service").filter(table.get_column("At risk") == "⚠ yes")) == set(
        flagged_cards(app)
    )
    assert table.row(by_predicate=pl.col("Service") == "Dorset Cove", named=True)["Weekly cost"] == "£8,950"


def test_the_trend_and_the_kinds_are_drawn_with_their_words(open_dashboard):
    app = open_dashboard("leadership", PAGE)

    assert len(charts(app)) == 2  # the service's trend and the cost per child-year by kind
    kinds = grids(app)[-1]
    assert {"Children's home", "Fostering service"} <= set(kinds.get_column("Kind"))
    captions = [caption.value for caption in app.caption]
    # The first service (at risk, by name) and the first measure are chosen to begin with.
    assert "Unplanned endings of Brook House: 0% in the 12 months to 30 September 2026." in captions
    assert "Cost per child-year by kind:" in "\n".join(texts(app))


def test_an_earlier_quarter_end_shows_brook_houses_unplanned_endings(open_dashboard):
    app = open_dashboard("leadership", PAGE, query={"period": "2025-06-30"})

    assert "Unplanned endings: special cause, concerning" in flagged_cards(app)["Brook House"]


@pytest.mark.parametrize("role", REFUSED)
def test_the_page_is_refused_and_sends_nothing_from_services(sample_database, role):
    app = direct_run(PAGE, role)

    assert not app.exception
    assert len(app.error) == 1
    assert "not available" in app.error[0].value
    assert not app.dataframe
    assert not charts(app)
    shown = everything_shown(app)
    assert not [name for name in service_names() if name in shown]


@pytest.fixture
def database_without_services(sample_database, tmp_path, monkeypatch):
    """The dashboard on a small return without services.csv (nor its histories), for one test."""
    from pages import data
    from queries.bootstrap import ensure_loaded
    from queries.engine import make_engine
    from sample_data.generator import write_return

    folder = tmp_path / "return"
    write_return(folder, children=8)
    for name in ("services.csv", "inspections.csv", "service_costs.csv"):
        (folder / name).unlink()
    url = f"sqlite:///{tmp_path / 'cpo.sqlite'}"
    engine = make_engine(url)
    ensure_loaded(engine, folder)
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    data.engine.clear()
    data.clear()
    yield url
    monkeypatch.undo()
    data.engine.clear()
    data.clear()


def test_without_services_the_page_says_what_it_would_show_and_how(database_without_services):
    app = direct_run(PAGE, "leadership")

    assert not app.exception
    assert not app.error
    assert "No services.csv has been loaded." in app.info[0].value
    assert any("`cpo ingest DIR`" in text.value and "`SERVICE_ID`" in text.value for text in app.markdown)
    assert not app.dataframe
    assert not charts(app)
