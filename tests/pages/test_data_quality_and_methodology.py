"""Data quality (analysts) and Methodology (everyone, generated from the catalogue)."""

from __future__ import annotations

import re

import pytest
from page_harness import grids

from metrics.catalogue import catalogue
from metrics.public_methodology import Section
from metrics.roles import Role
from pages import data


def test_data_quality_lists_the_latest_loads_findings_with_rows_rules_and_children(open_dashboard):
    app = open_dashboard("analyst", "pages/data_quality.py")
    findings = data.findings(Role.parse("analyst"))

    assert any(text.value.startswith("**Latest load:**") for text in app.markdown)
    if findings.is_empty():
        assert any("no warnings" in success.value for success in app.success)
        return
    every_finding = grids(app)[-1]
    assert every_finding.columns == ["Code", "Severity", "File", "Row", "Column", "Value", "Rule", "Child"]
    assert every_finding.height == findings.height
    assert set(every_finding.get_column("Rule")) == set(findings.get_column("rule"))


@pytest.mark.parametrize("role", ["public", "department:health", "leadership"])
def test_findings_are_refused_to_every_role_but_the_analyst(sample_database, role):
    with pytest.raises(PermissionError):
        data.findings(Role.parse(role))
    with pytest.raises(PermissionError):
        data.quality_notes(Role.parse(role))


def test_data_quality_counts_pupils_left_out_of_the_education_figures(open_dashboard):
    app = open_dashboard("analyst", "pages/data_quality.py")
    notes = data.quality_notes(Role.parse("analyst"))
    heading = next(header.value for header in app.header if header.value.startswith("Notes on the figures"))
    assert heading.startswith(f"Notes on the figures: {notes.height:,}")


def test_methodology_is_generated_from_the_catalogue(open_dashboard):
    app = open_dashboard("leadership", "pages/methodology.py")
    text = "\n".join(element.value for element in app.markdown)

    for entry in catalogue().values():
        assert f"### {entry.title}" in text
        assert entry.definition in text


def test_public_methodology_is_the_plain_one_with_contents_and_only_public_indicators(open_dashboard):
    app = open_dashboard("public", "pages/methodology.py")
    text = "\n".join(element.value for element in app.markdown)
    headers = [header.value for header in app.header]

    assert headers[0] == "Contents"
    for heading in ("How small numbers are protected", "What c, x and z mean",
                    "How often the figures change, and why they may be revised"):  # fmt: skip
        assert heading in headers
        assert f"](#{Section(heading, '').anchor})" in text
    for entry in catalogue().values():
        assert (f"**{entry.title}.** {entry.plain_definition}" in text) == entry.public, entry.id
        assert entry.definition not in text
    assert not re.search(r"\.csv|\b[A-Z0-9]+_[A-Z0-9_]+\b", text), "no file or column names for the public"
    # Each theme's definitions are folded, so the page opens short.
    assert len(app.expander) == len({entry.theme for entry in catalogue().values() if entry.public})
    assert not [caption.value for caption in app.caption if "Local configuration" in caption.value]
