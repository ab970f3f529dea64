"""Methodology text comes from the catalogue and the configured rules."""

from __future__ import annotations

from tiny_catalogue import tiny_catalogue

from metrics.disclosure import DisclosureConfig
from metrics.methodology import disclosure_text, indicator_methodology, methodology_markdown

ENTRIES = tiny_catalogue()


def test_each_indicator_section_carries_its_catalogue_entry():
    text = indicator_methodology(ENTRIES["sdq_mean"])
    for expected in (
        "### Sdq mean",
        "Test definition of sdq_mean.",
        "score (mean); lower is better",
        "Annual: the year ending 31 March",
        "Owner:** Health",
        "Source:** Test source.",
        "`sdq_mean`",
    ):
        assert expected in text


def test_the_document_has_every_theme_the_status_rule_and_the_disclosure_rules():
    text = methodology_markdown(ENTRIES)
    assert text.index("## Stability and permanence") < text.index("## Health and wellbeing")
    assert "## Targets and status" in text
    assert "10% of the distance" in text
    assert "## Protecting children's privacy" in text
    assert "private_count" in text
    assert "private_count" not in methodology_markdown(ENTRIES, public_only=True)


def test_disclosure_text_follows_the_configuration():
    text = disclosure_text(DisclosureConfig(profile="rounded", min_count=10, rounding_base=10))
    assert "counts of 1 to 9 children are withheld" in text
    assert "nearest 10" in text


def test_the_public_methodology_lists_no_breakdown_the_public_never_sees():
    public = methodology_markdown(public_only=True)
    staff = methodology_markdown()
    assert "ethnic group" in staff
    listed = [line for line in public.splitlines() if line.startswith("- **Breakdowns:**")]
    assert listed
    assert not [line for line in listed if "ethnic group" in line or "on or off island" in line]
    assert any("ethnic group" in line for line in staff.splitlines() if line.startswith("- **Breakdowns:**"))


def test_the_document_explains_the_early_warning_signals_and_the_trajectory():
    """Every signal the cards show is explained in the same words, with the method's own thresholds."""
    text = methodology_markdown(ENTRIES)
    assert text.index("## Targets and status") < text.index("## Trajectory and how sure a status is")
    assert text.index("## Early warning (statistical process control)") < text.index("## Protecting")
    for expected in (
        "glide path",
        "too close to call",
        "fewer than 10 children",
        "not a clear change",
        "2.66",
        "a run of 7 points on one side of the mean",
        "▼ Special cause: concerning",
        "F Consistently failing the target",
        "Too few figures yet to judge variation (12 in a row are needed)",
        "Worse and worsening",
    ):
        assert expected in text, expected
