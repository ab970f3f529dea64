"""The JSON metadata of the open data: indicators, symbols, the rules and the columns of the data file."""

from __future__ import annotations

import json
from datetime import date

from metrics.catalogue import catalogue
from metrics.disclosure import DisclosureConfig
from metrics.ees_files import COLUMN_DESCRIPTIONS, data_columns
from metrics.open_data import metadata_document

D = date(2025, 3, 31)


def test_metadata_lists_the_public_indicators_the_legend_and_the_rules():
    document = metadata_document(D, DisclosureConfig(profile="rounded", min_count=5, rounding_base=5))
    json.dumps(document)  # serialisable as it is
    ids = [item["id"] for item in document["indicators"]]
    assert ids == [key for key, entry in catalogue().items() if entry.public]
    assert "supervision_on_time_pct" not in ids
    assert {item["symbol"] for item in document["suppression_legend"]} == {"c", "x", "z"}
    assert document["reporting_date"] == "2025-03-31"
    rules = " ".join(document["disclosure_control"]["rules"])
    for words in ("from 1 to 4", "nearest 5", "ethnic group"):
        assert words in rules
    assert [column["name"] for column in document["columns"]] == data_columns() == list(COLUMN_DESCRIPTIONS)


def test_metadata_follows_the_configured_threshold():
    rules = metadata_document(D, DisclosureConfig(profile="rounded", min_count=10, rounding_base=10))[
        "disclosure_control"
    ]["rules"]
    assert rules[0].startswith("Counts of children from 1 to 9")
    assert "nearest 10" in rules[1]
