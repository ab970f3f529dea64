"""Property tests: the one-pass, vectorised shared terms agree with a row-by-row reading of the definitions.

The reading below walks each child's episodes in order, as the words of shared/indicators.md do, so any slip
in the sorted shifts and fills of `metrics.terms.episode_facts` shows up as a disagreement.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.periods import Period
from metrics.terms import looked_after_at, placements_in_period, with_periods_of_care

D = date(2025, 9, 30)
PERIOD = Period(D)
FIRST_DAY = date(2023, 6, 1)

episode_steps = st.tuples(
    st.integers(0, 200),  # days from the previous episode's end (0 = same day)
    st.integers(1, 300),  # length of the episode in days
    st.sampled_from("SPTULB"),
    st.sampled_from(["U1", "U4", "T1", "A4", "K2"]),
    st.sampled_from(["C2", "C2", "V3"]),
    st.sampled_from(["X1", "X1", "E4A"]),
)
child_histories = st.lists(st.lists(episode_steps, min_size=1, max_size=6), min_size=1, max_size=5)


def build(histories: list[list[tuple]], *, last_open: bool) -> pl.DataFrame:
    rows = []
    for number, steps in enumerate(histories):
        day = FIRST_DAY + timedelta(days=number * 3)
        for index, (gap, length, rne, place, ls, rec) in enumerate(steps):
            decom = day + timedelta(days=gap if index else 0)
            if index and rows[-1]["rec"] == "X1":
                decom = rows[-1]["dec"]  # X1: the next episode starts the day the last one ended
            ends = decom + timedelta(days=length)
            still_open = last_open and index == len(steps) - 1
            rows.append(
                {
                    "child": f"c{number}",
                    "decom": decom,
                    "rne": rne if index else "S",
                    "ls": ls,
                    "place": place,
                    "dec": None if still_open else ends,
                    "rec": None if still_open else rec,
                }
            )
            day = ends
    return pl.DataFrame(
        rows,
        schema={
            "child": pl.String,
            "decom": pl.Date,
            "rne": pl.String,
            "ls": pl.String,
            "place": pl.String,
            "dec": pl.Date,
            "rec": pl.String,
        },
    )


def read_by_hand(rows: list[dict]) -> dict[str, dict]:
    """Per child: period of care start of the episode open on D, and placements in the period."""
    results: dict[str, dict] = {}
    previous = None
    for row in rows:
        short = row["ls"] in ("V3", "V4")
        new_child = previous is None or previous["child"] != row["child"]
        continues = (
            not new_child
            and previous["rec"] == "X1"
            and row["rne"] != "S"
            and row["decom"] <= previous["dec"] + timedelta(days=1)
            and previous["short"] == short
        )
        period_start = previous["period_start"] if continues else row["decom"]
        starts_placement = not continues or row["rne"] != "L"
        placement = (
            (row["decom"], row["place"] not in ("T0", "T1", "T2", "T3", "T4"))
            if starts_placement
            else (previous["placement"])
        )
        state = results.setdefault(row["child"], {"placements": 0, "period_start_at_d": None})
        if not short and placement[1]:
            open_on_s = row["decom"] <= PERIOD.start and (row["dec"] is None or row["dec"] > PERIOD.start)
            if (open_on_s and placement[0] < PERIOD.start) or (
                starts_placement and PERIOD.start <= row["decom"] <= PERIOD.end
            ):
                state["placements"] += 1
        if not short and row["decom"] <= D and (row["dec"] is None or row["dec"] > D):
            state["period_start_at_d"] = period_start
        previous = {**row, "short": short, "period_start": period_start, "placement": placement}
    return results


@settings(max_examples=60, deadline=None)
@given(histories=child_histories, last_open=st.booleans())
def test_terms_agree_with_reading_episodes_one_by_one(histories: list[list[tuple]], last_open: bool) -> None:
    episodes = build(histories, last_open=last_open)
    expected = read_by_hand(episodes.sort("child", "decom", maintain_order=True).to_dicts())

    at_d = dict(looked_after_at(episodes, D).select("child", "period_of_care_start").collect().iter_rows())
    assert at_d == {c: r["period_start_at_d"] for c, r in expected.items() if r["period_start_at_d"]}

    placements = dict(placements_in_period(episodes, PERIOD).collect().iter_rows())
    assert placements == {c: r["placements"] for c, r in expected.items() if r["placements"]}

    facts = with_periods_of_care(episodes).collect()
    assert facts.height == episodes.height
    assert (facts["period_of_care_start"] <= facts["decom"]).all()
