"""Changes of social worker against a hand-worked year of sw_episodes.csv (the stability index measure)."""

from datetime import date

import polars as pl

from metrics.catalogue import catalogue
from metrics.data import care_data
from metrics.indicators.social_work import social_worker_changes_2plus_pct
from tests.metrics.episode_builders import chain, data_with, day, headline

D = date(2025, 3, 31)  # the 12 months are 1 April 2024 to 31 March 2025


def sw(child: str, sw_id: str, start: str, end: str | None) -> dict:
    return {"child": child, "sw_id": sw_id, "sw_decom": day(start), "sw_dec": day(end) if end else None}


def year_of_social_workers() -> pl.DataFrame:
    """On paper, for 1 April 2024 to 31 March 2025:
    A: SW1 to 01/06/2024, SW2 to 01/12/2024, SW3 open: 3 distinct workers, 2 changes (counted).
    B: SW1 ended 31/03/2024 (before the period), SW4 open from then: only SW4 overlaps... and SW5 from
       01/01/2025: 2 distinct, 1 change (not counted).
    C: SW6 from 2023 ended 01/04/2024 (the first day: overlaps), SW7 to 01/02/2025, SW7 again (same worker,
       a new episode) from 01/02/2025, SW8 from 01/03/2025: SW6, SW7, SW8 distinct = 3, 2 changes (counted).
    D: no social worker episode at all: 0 changes (in the denominator, not the numerator).
    E: SW9 to 01/03/2025 and SW10, SW11 after, but E left care on 01/02/2025: not looked after at D,
       outside the denominator whatever its changes.
    Looked after at D: A, B, C, D (4). Two or more changes: A and C (2). 2 / 4 = 50%.
    """
    rows = [
        sw("A", "SW1", "01/01/2024", "01/06/2024"),
        sw("A", "SW2", "01/06/2024", "01/12/2024"),
        sw("A", "SW3", "01/12/2024", None),
        sw("B", "SW1", "01/01/2023", "31/03/2024"),
        sw("B", "SW4", "31/03/2024", "01/01/2025"),
        sw("B", "SW5", "01/01/2025", None),
        sw("C", "SW6", "01/05/2023", "01/04/2024"),
        sw("C", "SW7", "01/04/2024", "01/02/2025"),
        sw("C", "SW7", "01/02/2025", "01/03/2025"),
        sw("C", "SW8", "01/03/2025", None),
        sw("E", "SW9", "01/04/2024", "01/09/2024"),
        sw("E", "SW10", "01/09/2024", "01/12/2024"),
        sw("E", "SW11", "01/12/2024", "01/02/2025"),
    ]
    return pl.DataFrame(rows)


def looked_after():
    return [
        chain("A", [("01/01/2024", "S", "U4")]),
        chain("B", [("01/01/2023", "S", "U4")]),
        chain("C", [("01/05/2023", "S", "K2")]),
        chain("D", [("01/10/2024", "S", "U1")]),
        chain("E", [("01/04/2024", "S", "U4")], end="01/02/2025", rec="E13"),
    ]


def test_two_or_more_changes_of_social_worker_hand_worked():
    data = data_with(*looked_after(), sw_episodes=year_of_social_workers())

    row = headline(social_worker_changes_2plus_pct(data, D))

    assert (row["numerator"], row["denominator"], row["value"]) == (2.0, 4.0, 50.0)


def test_not_available_before_sw_episodes_are_loaded():
    data = data_with(*looked_after(), sw_episodes=year_of_social_workers())
    without = care_data(
        episodes=data.episodes, header=data.header, loaded_files={"header.csv", "episodes.csv"}
    )

    row = headline(social_worker_changes_2plus_pct(without, D))

    assert row["value"] is None
    assert without.not_loaded("sw_episodes.csv") == ["sw_episodes.csv"]


def test_not_available_for_12_months_before_the_dfe_collected_them():
    data = data_with(*looked_after(), sw_episodes=year_of_social_workers())

    assert headline(social_worker_changes_2plus_pct(data, date(2024, 3, 30)))["value"] is None
    assert headline(social_worker_changes_2plus_pct(data, date(2024, 3, 31)))["value"] is not None


def test_declared_as_the_issue_asks():
    entry = catalogue()["social_worker_changes_2plus_pct"]

    assert (entry.owner, entry.frequency, entry.polarity, entry.public, entry.unit) == (
        "childrens_social_care",
        "quarterly",
        "lower",
        True,
        "percent",
    )
