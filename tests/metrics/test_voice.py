"""Voice of the child and practice standards, each against a few children worked out on paper.

Reporting date D = 30/09/2025, so the period starts S = 01/10/2024.
"""

from __future__ import annotations

import polars as pl
import pytest

from metrics.catalogue import CHILD_BREAKDOWNS
from metrics.indicators.voice import review_participation_pct, reviews_on_time_pct, visits_on_time_pct
from tests.metrics.episode_builders import chain, data_with, day, group_numerator_sums, headline

D = day("30/09/2025")


def reviews(*rows: tuple[str, str, str]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"child": child, "review": day(held), "review_code": code} for child, held, code in rows],
        schema={"child": pl.String, "review": pl.Date, "review_code": pl.String},
    )


def assert_breakdowns_add_up(tidy: pl.DataFrame) -> None:
    top = headline(tidy)["numerator"]
    assert set(group_numerator_sums(tidy)) == set(CHILD_BREAKDOWNS)
    assert all(total == pytest.approx(top) for total in group_numerator_sums(tidy).values())


def test_review_participation_counts_reviews_in_period_excluding_pn0() -> None:
    data = data_with(
        chain("a", [("01/01/2020", "S", "U1")]),
        chain("b", [("01/01/2024", "S", "U1")]),
        reviews=reviews(
            ("a", "01/10/2024", "PN1"),  # on S
            ("a", "01/03/2025", "PN6"),
            ("a", "30/09/2025", "PN2"),  # on D
            ("b", "01/02/2025", "PN7"),  # views not conveyed
            ("b", "01/03/2025", "PN0"),  # under 4: excluded
            ("b", "30/09/2024", "PN3"),  # before S
            ("b", "01/10/2025", "PN1"),  # after D
        ),
    )
    tidy = review_participation_pct(data, D)
    top = headline(tidy)
    assert (top["numerator"], top["denominator"], top["value"]) == (3, 4, 75)
    assert_breakdowns_add_up(tidy)


def test_review_participation_without_reviews_is_null() -> None:
    data = data_with(chain("a", [("01/01/2020", "S", "U1")]), reviews=reviews(("a", "01/03/2025", "PN0")))
    assert headline(review_participation_pct(data, D))["value"] is None


def test_reviews_on_time_schedule_28_91_183() -> None:
    data = data_with(
        # Due 29/01/2025 (held on the due date: on time), then 30/04/2025 (held 20/04), then 20/10/2025.
        chain("on_time", [("01/01/2025", "S", "U1")]),
        chain("held_late", [("01/01/2025", "S", "U1")]),  # first held 30/01/2025, a day late
        chain("overdue", [("01/01/2025", "S", "U1")]),  # second due 30/04/2025, never held
        # Period of care started 02/09/2025 = D - 28 days: first review due on D itself, held on D.
        chain("due_on_d", [("02/09/2025", "S", "U1")]),
        chain("due_on_d_missed", [("02/09/2025", "S", "U1")]),  # due on D, not held by D: late
        chain("too_new", [("03/09/2025", "S", "U1")]),  # D - 27 days: outside the cohort
        # Late only before S: first due 29/06/2024 held 10/07/2024; then due 09/10/2024 held 01/10/2024;
        # due 02/04/2025 held 01/04/2025; next due 01/10/2025, after D.
        chain("late_before_s", [("01/06/2024", "S", "U1")]),
        chain("short_break", [("01/01/2020", "S", "U1")], ls="V3"),  # worked example 3: not looked after
        reviews=reviews(
            ("on_time", "29/01/2025", "PN1"),
            ("on_time", "20/04/2025", "PN1"),
            ("held_late", "30/01/2025", "PN1"),
            ("held_late", "20/04/2025", "PN1"),
            ("overdue", "29/01/2025", "PN1"),
            ("due_on_d", "30/09/2025", "PN1"),
            ("late_before_s", "10/07/2024", "PN1"),
            ("late_before_s", "01/10/2024", "PN1"),
            ("late_before_s", "01/04/2025", "PN1"),
        ),
    )
    tidy = reviews_on_time_pct(data, D)
    top = headline(tidy)
    assert (top["numerator"], top["denominator"]) == (3, 6)
    assert_breakdowns_add_up(tidy)


def test_reviews_on_time_ignores_reviews_of_an_earlier_period_of_care() -> None:
    # Came back into care 01/08/2025: first review due 29/08/2025; the 2024 review was of the old period.
    rows = chain("a", [("01/01/2024", "S", "U1")], end="01/06/2024", rec="E4A") + chain(
        "a", [("01/08/2025", "S", "U1")]
    )
    data = data_with(rows, reviews=reviews(("a", "20/01/2024", "PN1")))
    assert headline(reviews_on_time_pct(data, D))["numerator"] == 0
    data = data_with(rows, reviews=reviews(("a", "20/01/2024", "PN1"), ("a", "29/08/2025", "PN1")))
    assert headline(reviews_on_time_pct(data, D))["numerator"] == 1


def test_reviews_on_time_zero_denominator_is_null() -> None:
    data = data_with(chain("new", [("20/09/2025", "S", "U1")]))
    top = headline(reviews_on_time_pct(data, D))
    assert (top["denominator"], top["value"]) == (0, None)


def test_visits_in_the_42_days_up_to_and_including_d() -> None:
    data = data_with(
        chain("first_day", [("01/01/2025", "S", "U1")]),  # visited 20/08/2025 = D - 41 days
        chain("day_too_early", [("01/01/2025", "S", "U1")]),  # visited 19/08/2025 only
        chain("on_d", [("01/01/2025", "S", "U1")]),
        chain("just_in_cohort", [("19/08/2025", "S", "U1")]),  # started D - 42 days, not visited
        chain("too_new", [("20/08/2025", "S", "U1")]),  # started D - 41 days: outside
        chain("short_break", [("01/01/2025", "S", "U1")], ls="V4"),
        visits=pl.DataFrame(
            {
                "child": ["first_day", "day_too_early", "on_d", "on_d", "short_break"],
                "visit_date": [
                    day(text)
                    for text in ("20/08/2025", "19/08/2025", "30/09/2025", "01/09/2025", "01/09/2025")
                ],
            }
        ),
    )
    tidy = visits_on_time_pct(data, D)
    top = headline(tidy)
    assert (top["numerator"], top["denominator"], top["value"]) == (2, 4, 50)
    assert_breakdowns_add_up(tidy)
