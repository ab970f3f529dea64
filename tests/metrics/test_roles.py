"""Roles: parsing, and what `restrict` lets each role see."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from tiny_catalogue import tiny_catalogue, tiny_data

from metrics.catalogue import Owner
from metrics.disclosure import DisclosureConfig
from metrics.engine import compute
from metrics.roles import Role, all_roles, restrict, visible_catalogue

ENTRIES = tiny_catalogue()


@pytest.mark.parametrize(
    "text", ["public", "leadership", "analyst", "department:health", " department:housing "]
)
def test_parse_round_trips(text):
    assert str(Role.parse(text)) == text.strip()


@pytest.mark.parametrize("text", ["", "admin", "department", "department:", "department:police", "Public"])
def test_parse_refuses_unknown_roles(text):
    with pytest.raises(ValueError, match="unknown role"):
        Role.parse(text)


def test_a_department_role_needs_an_owner():
    with pytest.raises(ValueError, match="owner"):
        Role("department")
    with pytest.raises(ValueError, match="owner"):
        Role("leadership", Owner.HEALTH)


def test_only_analysts_see_data_quality():
    assert [str(role) for role in all_roles() if role.sees_data_quality] == ["analyst"]


def test_visible_catalogue_per_role():
    assert list(visible_catalogue(Role.parse("public"), ENTRIES)) == [
        "children_open",
        "fostered_pct",
        "health_pct",
        "sdq_mean",
        "vacancy_pct",
    ]
    # Education owns only private_count; it sees the context children_open too.
    assert list(visible_catalogue(Role.parse("department:education"), ENTRIES)) == [
        "children_open",
        "private_count",
    ]
    assert list(visible_catalogue(Role.parse("leadership"), ENTRIES)) == list(ENTRIES)


@pytest.fixture(scope="module")
def tidy() -> pl.DataFrame:
    return compute(tiny_data(), [date(2025, 3, 31)], entries=ENTRIES)


def test_public_gets_disclosure_control(tidy):
    public = restrict(tidy, Role.parse("public"), ENTRIES)
    assert "private_count" not in public.get_column("indicator").to_list()
    assert "ethnic_group" not in public.get_column("breakdown").to_list()
    children = public.filter(pl.col("indicator") != "vacancy_pct")
    for column in ("numerator", "denominator"):
        shown = children.get_column(column).drop_nulls().to_list()
        assert not [n for n in shown if 1 <= n <= 4]
    rounded = restrict(tidy, Role.parse("public"), ENTRIES, DisclosureConfig(profile="rounded"))
    for column in ("numerator", "denominator"):
        shown = rounded.filter(pl.col("indicator") != "vacancy_pct").get_column(column).drop_nulls()
        assert all(n % 5 == 0 for n in shown)
    # Staff are not children: the workforce figure passes through as it is.
    assert public.filter(pl.col("indicator") == "vacancy_pct").get_column("numerator").to_list() == [2.0]


def test_department_sees_its_own_unsuppressed_and_others_context_as_headline(tidy):
    seen = restrict(tidy, Role.parse("department:education"), ENTRIES)
    assert set(seen.get_column("indicator")) == {"children_open", "private_count"}
    assert seen.filter(pl.col("indicator") == "children_open").get_column("breakdown").to_list() == ["all"]
    own = seen.filter(pl.col("indicator") == "private_count")
    assert own.get_column("numerator").to_list() == [33.0, 30.0, 3.0]
    assert seen.get_column("suppressed").to_list() == [[]] * seen.height


def test_owner_of_a_context_indicator_sees_its_breakdowns(tidy):
    seen = restrict(tidy, Role.parse("department:childrens_social_care"), ENTRIES)
    assert seen.filter(pl.col("indicator") == "children_open").height == 3


@pytest.mark.parametrize("role", ["leadership", "analyst"])
def test_leadership_and_analysts_see_everything_unsuppressed(tidy, role):
    seen = restrict(tidy, Role.parse(role), ENTRIES)
    assert seen.drop("suppressed", "change").equals(tidy)


def test_rows_of_unknown_indicators_reach_no_role(tidy):
    stray = tidy.head(1).with_columns(indicator=pl.lit("not_in_catalogue"))
    for role in all_roles():
        seen = restrict(pl.concat([tidy, stray]), role, ENTRIES)
        assert "not_in_catalogue" not in seen.get_column("indicator").to_list()
