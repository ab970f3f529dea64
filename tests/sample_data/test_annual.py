"""The sample as annual returns: each folder loads clean, in any order, to the figures of the full extract."""

from __future__ import annotations

import random
from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from metrics.data import care_data
from metrics.engine import compute
from queries.extract import loads_by_year, read_care_data
from queries.ingest import ingest_return, validate_return
from sample_data.annual import FIRST_YEAR, LAST_YEAR, write_annual_returns
from sample_data.generator import SAMPLE_RETURN_DIR

DATES = (date(2022, 3, 31), date(2024, 3, 31), date(2025, 12, 31), date(2026, 9, 30))
YEARS = [str(year) for year in range(FIRST_YEAR, LAST_YEAR + 1)]
ORDERS = {
    "forward": [*YEARS, "local"],
    "backward": ["local", *reversed(YEARS)],
    "shuffled": random.Random(7).sample([*YEARS, "local"], k=len(YEARS) + 1),
}


@pytest.fixture(scope="module")
def annual(tmp_path_factory):
    out = tmp_path_factory.mktemp("annual")
    write_annual_returns(out)
    return out


def figures(engine) -> pl.DataFrame:
    tidy = compute(care_data(**read_care_data(engine)), DATES)
    return tidy.sort("indicator", "period_end", "breakdown", "group")


@pytest.fixture(scope="module")
def extract_figures(tmp_path_factory):
    from queries.engine import create_schema, make_engine

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('extract') / 'cpo.sqlite'}")
    create_schema(engine)
    assert ingest_return(SAMPLE_RETURN_DIR, engine).loaded
    return figures(engine)


def test_each_year_is_in_the_dfe_layout_of_its_year(annual):
    header_2024 = pl.read_csv(annual / "2024" / "header.csv", infer_schema=False)
    header_2025 = pl.read_csv(annual / "2025" / "header.csv", infer_schema=False)
    assert set(header_2024["SEX"]) <= {"1", "2"}
    assert set(header_2025["SEX"]) <= {"M", "F", "U"}
    assert "YEAR" not in pl.read_csv(annual / "2025" / "oc2.csv").columns
    assert not (annual / "2023" / "sw_episodes.csv").exists()
    assert (annual / "2024" / "sw_episodes.csv").exists()


@pytest.mark.parametrize("year", YEARS)
def test_every_year_validates_clean_with_its_year_inferred(annual, year):
    report = validate_return(annual / year)

    assert report.ok, report.to_text()[:3000]
    assert (report.kind, report.collection_year) == ("annual return", int(year))
    # The synthetic sample is not yet clean of every DfE rule: its findings are reported, never blocking.


@pytest.mark.parametrize("order", list(ORDERS))
def test_any_order_of_loading_gives_the_figures_of_the_full_extract(engine, annual, extract_figures, order):
    for folder in ORDERS[order]:
        report = ingest_return(annual / folder, engine)
        assert report.loaded, report.to_text()[:3000]
    loaded = figures(engine)

    assert_frame_equal(loaded, extract_figures)

    # Reloading a year changes nothing.
    assert ingest_return(annual / "2024", engine).loaded
    assert_frame_equal(figures(engine), extract_figures)
    years = loads_by_year(engine).get_column("collection_year").unique().drop_nulls().sort().to_list()
    assert years == [int(year) for year in YEARS]
