"""Differential test: every catalogue indicator against the literal oracle (tests/metrics/oracle.py).

For every indicator id and several reporting dates, the headline numerator, denominator and value (and, where the
oracle computes them, breakdown groups) must equal the oracle's, on (a) hypothesis-generated small returns with
valid episode chains whose dates cluster on the edges of the definitions (S, D, D-28, D-42, 24 and 30 months,
birthdays), (b) the five worked examples of shared/indicators.md and (c) the committed Jersey sample return.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics.catalogue import Indicator, catalogue
from metrics.data import SCHEMAS, CareData, care_data
from tests.metrics import oracle
from tests.metrics.oracle import Figure, minus_months, minus_years, period_start

QUARTER_ENDS = (date(2022, 6, 30), date(2023, 12, 31), date(2025, 3, 31), date(2026, 9, 30))
YEARS = (2022, 2023, 2024, 2025, 2026)
YEAR_ENDS = tuple(date(year, 3, 31) for year in YEARS)
SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "jersey"

# Disagreements judged against the words of shared/indicators.md (see the report): the implementation is wrong.
KNOWN_WRONG: dict[str, str] = {}


def reporting_dates(entry: Indicator) -> tuple[date, ...]:
    return QUARTER_ENDS if entry.frequency == "quarterly" else YEAR_ENDS


def same(expected: float | None, got: float | None) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    return math.isclose(expected, got, rel_tol=1e-9, abs_tol=1e-9)


def mismatches(entry: Indicator, data: CareData, d: date) -> list[str]:
    """Every way the catalogue's figures for ``entry`` at ``d`` differ from the oracle's, as readable lines."""
    expected = oracle.oracle_figure(data, entry.id, d)
    frame = entry.compute(data, d)
    rows = {(row["breakdown"], row["group"]): row for row in frame.to_dicts()}
    problems = []

    def compare(key: tuple[str, str], figure: Figure) -> None:
        row = rows.get(key)
        if row is None:
            problems.append(f"{entry.id} at {d} {key}: no row; oracle {figure_text(figure)}")
            return
        checks = [("value", figure.value)]
        # A figure without counts (no workforce month, no population row) is compared by its null value only.
        if figure.numerator is not None:
            checks.append(("numerator", figure.numerator))
        if figure.numerator is not None and entry.unit != "count":
            checks.append(("denominator", figure.denominator))
        if not all(same(want, row[name]) for name, want in checks):
            got = Figure(row["numerator"], row["denominator"], row["value"])
            problems.append(f"{entry.id} at {d} {key}: oracle {figure_text(figure)}, implementation {figure_text(got)}")

    compare(("all", "all"), expected)
    for key, figure in sorted(expected.groups.items()):
        compare(key, figure)
    return problems


def figure_text(figure: Figure) -> str:
    return f"{figure.numerator}/{figure.denominator} = {figure.value}"


def all_mismatches(entry: Indicator, data: CareData) -> list[str]:
    return [line for d in reporting_dates(entry) for line in mismatches(entry, data, d)]


def indicator_params() -> list:
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_WRONG[name]))
        if name in KNOWN_WRONG
        else name
        for name in catalogue()
    ]


# ---------------------------------------------------------------- generated returns


def edge_dates() -> list[date]:
    """The days where the definitions change their answer: D, S, D-28, D-41/42, D-24 and D-30 months, 1 April."""
    days = set()
    for d in (*QUARTER_ENDS, *YEAR_ENDS):
        days |= {d, period_start(d), d - timedelta(28), d - timedelta(41), d - timedelta(42)}
        days |= {minus_years(d, 2), minus_months(d, 30), minus_years(d, 1) + timedelta(1)}
    return sorted(days)


EDGES = edge_dates()
FIRST_DAY, LAST_DAY = date(2016, 1, 1), date(2026, 12, 31)


def days_between(first: date, last: date) -> st.SearchStrategy[date]:
    return st.integers(0, (last - first).days).map(lambda n: first + timedelta(n))


near_edge = st.builds(lambda day, shift: day + timedelta(shift), st.sampled_from(EDGES), st.integers(-2, 2))
any_day = st.one_of(near_edge, days_between(FIRST_DAY, LAST_DAY))
birthday_edge = st.builds(
    lambda d, years, shift: minus_years(d, years) + timedelta(shift),
    st.sampled_from((*QUARTER_ENDS, *YEAR_ENDS)),
    st.sampled_from((0, 1, 4, 5, 10, 15, 16, 17, 18, 19, 21, 22)),
    st.integers(-1, 1),
)
date_of_birth = st.one_of(birthday_edge, days_between(date(2003, 1, 1), date(2025, 12, 31)))

PLACES = ("U1", "U3", "U4", "U5", "U6", "K1", "K2", "R1", "S1", "P1", "P2", "Z1", "T0", "T2", "A3", "A4", "A5", "A6")
CARE_STATUSES = ("C1", "C2", "E1", "V2", "J2", "L1")
CHANGES = ("L", "P", "T", "U", "B")
ENDINGS = ("E11", "E12", "E13", "E2", "E3", "E4A", "E4B", "E41", "E45", "E48", "E5", "E8", "E17")
POSTCODES = ("JE1", "JE2", "JE4", "GY1", "SO14", None)


@st.composite
def episode_chain(draw: st.DrawFn, child: str, dob: date) -> list[dict]:
    """Valid episodes: each period of care starts with RNE = S; within it each episode ends with X1 and the next
    starts the same day or the day after; L changes only the legal status; adoption endings leave from A3-A6."""
    days = sorted({day for day in draw(st.lists(any_day, min_size=1, max_size=7)) if day >= dob})
    if not days:
        return []
    short_breaks = draw(st.integers(0, 6)) == 0
    statuses = ("V3", "V4") if short_breaks else CARE_STATUSES
    episodes: list[dict] = []
    current = {
        "child": child, "decom": days[0], "rne": "S", "ls": draw(st.sampled_from(statuses)),
        "place": draw(st.sampled_from(PLACES)), "pl_post": draw(st.sampled_from(POSTCODES)),
    }  # fmt: skip
    index = 1
    while True:
        if index >= len(days):
            episodes.append({**current, "dec": None, "rec": None})
            return episodes
        end = days[index]
        if draw(st.integers(0, 3)) > 0:
            episodes.append({**current, "dec": end, "rec": "X1"})
            rne = draw(st.sampled_from(CHANGES))
            following = {**current, "decom": end + timedelta(draw(st.sampled_from((0, 0, 1)))), "rne": rne}
            if rne in {"L", "B", "U"}:
                following["ls"] = draw(st.sampled_from(statuses))
            if rne != "L":
                following["place"] = draw(st.sampled_from(PLACES))
                following["pl_post"] = draw(st.sampled_from(POSTCODES))
            current = following
            index += 1
            continue
        ending = draw(st.sampled_from(ENDINGS))
        if ending in {"E11", "E12"} and current["place"] not in oracle.ADOPTION_PLACES:
            ending = "E13"
        episodes.append({**current, "dec": end, "rec": ending})
        if index + 1 >= len(days):
            return episodes
        current = {
            "child": child, "decom": days[index + 1], "rne": "S", "ls": draw(st.sampled_from(statuses)),
            "place": draw(st.sampled_from(PLACES)), "pl_post": draw(st.sampled_from(POSTCODES)),
        }  # fmt: skip
        index += 2


@st.composite
def review_dates(draw: st.DrawFn, episodes: list[dict]) -> list[date]:
    """Reviews near their due dates (28, then 91, then 183 days after the one before), plus a few stray ones."""
    reviews = draw(st.lists(any_day, max_size=2))
    for period in oracle.periods_of_care(episodes):
        if draw(st.integers(0, 4)) == 0:
            continue
        due, gap = period[0]["decom"] + timedelta(28), 91
        while due <= LAST_DAY and draw(st.integers(0, 12)) > 0:
            held = due + timedelta(draw(st.sampled_from((-20, -1, 0, 0, 1, 5, 60))))
            reviews.append(held)
            due, gap = held + timedelta(gap), 183
    return sorted(set(reviews))


flag = st.sampled_from((True, True, False, False, None))


@st.composite
def care_return(draw: st.DrawFn) -> CareData:
    """A small return: a few children in care, a few care leavers, and every local file."""
    rows: dict[str, list[dict]] = {name: [] for name in SCHEMAS}
    for number in range(draw(st.integers(1, 5))):
        child, dob = f"C{number}", draw(date_of_birth)
        rows["header"].append(
            {"child": child, "sex": draw(st.sampled_from((1, 2))), "dob": dob, "ethnic": draw(st.sampled_from(ETHNIC))}
        )
        episodes = draw(episode_chain(child, dob))
        rows["episodes"].extend(episodes)
        for day in draw(review_dates(episodes)):
            code = draw(st.sampled_from(("PN0", "PN1", "PN3", "PN5", "PN6", "PN7", "PN7", None)))
            rows["reviews"].append({"child": child, "dob": dob, "review": day, "review_code": code})
        for start in draw(st.lists(any_day, max_size=4)):
            kind = draw(st.sampled_from(("M", "M", "A")))
            rows["missing"].append({"child": child, "dob": dob, "missing": kind, "mis_start": start, "mis_end": None})
        rows["visits"].extend({"child": child, "visit_date": day} for day in draw(st.lists(any_day, max_size=4)))
    add_outcomes(draw, rows)
    add_leavers(draw, rows)
    add_workforce(draw, rows)
    return care_data(**{name: pl.DataFrame(table, schema=SCHEMAS[name]) for name, table in rows.items()})


ETHNIC = ("WBRI", "WIRI", "MWBC", "AIND", "BCRB", "CHNE", "OOTH", "REFU", "NOBT")


def add_outcomes(draw: st.DrawFn, rows: dict[str, list[dict]]) -> None:
    """oc2.csv rows for exactly the continuously-looked-after cohort (valid data), and education rows for some
    cohort children and some others (education.csv is not limited to the cohort)."""
    header = {row["child"]: row for row in rows["header"]}
    for year in YEARS:
        cohort = oracle.outcomes_cohort({"episodes": rows["episodes"]}, year)
        for child in sorted(cohort):
            rows["oc2"].append(
                {
                    "child": child, "year": year, "dob": header[child]["dob"],
                    "sdq_score": draw(st.one_of(st.none(), st.sampled_from((0, 12, 16, 17, 18, 40)))),
                    **{name: draw(flag) for name in ("convicted", "health_check", "immunisations", "teeth_check",
                                                      "health_assessment", "substance_misuse")},
                }
            )  # fmt: skip
        for child in header:
            if draw(st.integers(0, 2)) == 0:
                continue
            possible = draw(st.sampled_from((150, 190, 300, 333, 380)))
            missed = draw(st.sampled_from((0, possible // 10, possible // 10 + 1, possible // 10 - 1, possible // 3)))
            rows["education"].append(
                {
                    "child": child, "year": year, "sessions_possible": possible, "sessions_missed": missed,
                    "suspensions": draw(st.sampled_from((0, 1, 3, None))), "permanent_exclusion": draw(flag),
                    "sen": draw(st.sampled_from(("N", "K", "E", None))), "ks2_expected": draw(flag),
                    "ks4_attainment8": draw(st.sampled_from((None, 0.0, 23.5, 41.0, 90.0))),
                    "school_moves": draw(st.sampled_from((0, 1, 2, None))),
                }
            )  # fmt: skip


def add_leavers(draw: st.DrawFn, rows: dict[str, list[dict]]) -> None:
    """Care leavers aged 16 to 22 at 31 March, some in touch, some DIED, with and without support rows."""
    for number in range(draw(st.integers(0, 4))):
        child = f"L{number}"
        dob = minus_years(date(2024, 3, 31), draw(st.integers(16, 22))) + timedelta(draw(st.integers(-2, 2)))
        rows["header"].append({"child": child, "sex": 2, "dob": dob, "ethnic": "WBRI"})
        for year in draw(st.lists(st.sampled_from(YEARS), max_size=3, unique=True)):
            rows["oc3"].append(
                {
                    "child": child, "year": year, "dob": dob,
                    "in_touch": draw(st.sampled_from(("YES", "YES", "NO", "DIED", "REFU", "NREQ", "RHOM"))),
                    "activ": draw(st.sampled_from(("F1", "P2", "F4", "P5", "G4", "G6", "0", None))),
                    "accom": draw(st.sampled_from(("B1", "D2", "S1", "V2", "W1", "Z1", "U2", None))),
                }
            )  # fmt: skip
            if draw(st.integers(0, 2)) > 0:
                rows["leaver_support"].append(
                    {
                        "child": child, "year": draw(st.sampled_from((year, year, year - 1))),
                        "pathway_plan": draw(flag), "personal_adviser": draw(flag), "staying_put": draw(flag),
                    }
                )  # fmt: skip


def add_workforce(draw: st.DrawFn, rows: dict[str, list[dict]]) -> None:
    """A monthly workforce row for most months of 2021-2026 (some months missing) and the population by year."""
    for year in range(2021, 2027):
        for month in range(1, 13):
            if draw(st.integers(0, 7)) == 0:
                continue
            sw_fte = draw(st.integers(20, 90)) / 2
            due = draw(st.integers(0, 40))
            rows["workforce"].append(
                {
                    "month": date(year, month, 1), "sw_fte": sw_fte, "vacant_fte": draw(st.integers(0, 20)) / 2,
                    "agency_fte": draw(st.integers(0, 20)) / 2, "leavers_fte": draw(st.integers(0, 6)) / 2,
                    "open_cases": draw(st.integers(100, 900)), "supervisions_due": due,
                    "supervisions_on_time": draw(st.integers(0, due)),
                }
            )  # fmt: skip
    for year in range(2021, 2028):
        if draw(st.integers(0, 9)) > 0:
            rows["population"].append({"year": year, "children_under_18": draw(st.integers(15_000, 20_000))})


@pytest.mark.parametrize("indicator_id", indicator_params())
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=care_return())
def test_catalogue_matches_oracle_on_generated_returns(indicator_id: str, data: CareData) -> None:
    problems = all_mismatches(catalogue()[indicator_id], data)
    assert not problems, "\n".join(problems)
