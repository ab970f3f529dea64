"""The public methodology: a contents list, a plain definition for every public indicator, the protection of
small numbers for the profile in use, the symbols, and how often figures change; no file or column name."""

from __future__ import annotations

import re

from metrics.catalogue import catalogue
from metrics.disclosure import DisclosureConfig
from metrics.public_methodology import Section, contents, public_methodology_markdown, public_sections

PUBLIC = {key: entry for key, entry in catalogue().items() if entry.public}
TECHNICAL = re.compile(r"\.csv|\b[A-Z0-9]+_[A-Z0-9_]+\b|`")


def test_every_public_indicator_has_one_plain_definition_and_no_other_does():
    for key, text in ((key, entry.plain_definition) for key, entry in PUBLIC.items()):
        assert text, f"{key}: no plain definition"
        assert not TECHNICAL.search(text), key
        assert len(text) <= 260, f"{key}: a short definition"


def test_the_contents_link_every_section_in_order():
    sections = public_sections()
    lines = contents(sections).splitlines()
    assert lines == [f"{n}. [{s.heading}](#{s.anchor})" for n, s in enumerate(sections, 1)]
    headings = [section.heading for section in sections]
    assert headings[0] == "What the figures cover"
    assert {"How small numbers are protected", "What c, x and z mean", "Targets"} <= set(headings)
    assert "How often the figures change, and why they may be revised" in headings


def test_anchors_are_what_a_markdown_heading_gets():
    assert Section("What c, x and z mean", "").anchor == "what-c-x-and-z-mean"
    assert Section("Voice of the child and practice standards", "").anchor == (
        "voice-of-the-child-and-practice-standards"
    )


def test_the_document_is_plain_and_names_no_file_or_column():
    text = public_methodology_markdown()
    assert not TECHNICAL.search(text)
    for entry in PUBLIC.values():
        assert entry.plain_definition in text
        assert entry.definition not in text
    private = [entry for entry in catalogue().values() if not entry.public]
    assert private, "the catalogue keeps one indicator private"
    assert all(f"**{entry.title}.**" not in text for entry in private)
    for symbol in ("**c**", "**x**", "**z**"):
        assert symbol in text


def test_the_protection_section_follows_the_profile():
    exact = public_methodology_markdown(DisclosureConfig())
    rounded = public_methodology_markdown(DisclosureConfig(profile="rounded"))
    assert "shown exactly" in exact
    assert "nearest 5" not in exact
    assert "nearest 5" in rounded
    assert "from 1 to 4" in exact
