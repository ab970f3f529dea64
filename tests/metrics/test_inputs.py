"""The files each indicator reads, and "not available" for the indicators whose file was never loaded."""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.catalogue import catalogue
from metrics.data import care_data
from metrics.engine import compute
from metrics.inputs import input_files, not_available
from queries.rules import FILES

STATUTORY = {"header.csv", "episodes.csv", "reviews.csv", "missing.csv", "oc2.csv", "oc3.csv"}


def test_every_indicator_declares_the_files_it_reads_and_only_files_we_load() -> None:
    declared = input_files()
    assert set(declared) == set(catalogue())
    assert all(declared.values()), [key for key, files in declared.items() if not files]
    assert {file for files in declared.values() for file in files} <= set(FILES)


def test_an_indicator_whose_file_was_never_loaded_says_which() -> None:
    reasons = not_available(STATUTORY, catalogue())
    assert reasons["absence_rate"] == "not available: education.csv not loaded"
    assert reasons["staying_put_pct"] == "not available: leaver_support.csv not loaded"
    assert reasons["social_worker_changes_2plus_pct"] == "not available: sw_episodes.csv not loaded"
    assert "cla_count" not in reasons
    assert "leavers_in_touch_pct" not in reasons
    assert not_available({"workforce.csv"}, ["cla_count"]) == {
        "cla_count": "not available: header.csv, episodes.csv not loaded"
    }


def test_unknown_loaded_files_make_nothing_unavailable() -> None:
    assert not_available(None, catalogue()) == {}


def test_without_leaver_support_the_support_indicators_would_show_a_false_zero() -> None:
    # Why the reason matters: a leaver without a leaver_support.csv row counts as unsupported, so without
    # the file the indicator computes 0%, not "unknown"; `not_available` is what keeps it from the pages.
    oc3 = pl.DataFrame(
        {"child": ["A"], "year": [2025], "dob": [date(2006, 6, 1)], "in_touch": ["YES"], "activ": ["F1"],
         "accom": ["B1"]}
    )  # fmt: skip
    tidy = compute(care_data(oc3=oc3), [date(2025, 3, 31)], ids=["leavers_pathway_plan_pct"])
    headline = tidy.filter(pl.col("breakdown") == "all")
    assert headline["value"].to_list() == [0.0]
    assert "leavers_pathway_plan_pct" in not_available({"oc3.csv"}, ["leavers_pathway_plan_pct"])
