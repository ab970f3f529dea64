"""The DfE's rules comparing this year's episodes and adoption decisions with last year's return, each with a
failing and a passing example (collection year 2022/23; last year 2021/22)."""

from __future__ import annotations

import pytest

from tests.queries.dfe_rules.examples import Example, check_example

OPEN = {"decom": "01/01/2022", "rne": "S", "ls": "C2", "cin": "N1", "place": "U1", "place_provider": "PR1"}
CLOSED_LAST = {**OPEN, "dec": "01/03/2022", "rec": "E13"}
LAST = {"episodes": [OPEN]}


def carried(**changes: str | None) -> Example:
    """This year's first episode carries last year's open one, but for ``changes``."""
    return Example({"episodes": [{**OPEN, **changes}]}, {"episodes": [OPEN]}, last=LAST)


DECIDED = {"date_placed": "01/02/2022"}
REVERSED = {**DECIDED, "date_placed_ceased": "01/03/2022", "reason_placed_ceased": "RD1"}

EXAMPLES = {
    "502": Example(
        {"episodes": [{**OPEN, "decom": "02/01/2022", "x": 1}, {**OPEN, "decom": "01/06/2022", "rne": "P"}]},
        {"episodes": [OPEN, {**OPEN, "decom": "01/06/2022", "rne": "P"}]},
        last=LAST,
    ),
    "503A": carried(rne="L"),
    "503B": carried(ls="C1"),
    "503C": carried(cin="N2"),
    "503D": carried(place="U2"),
    "503E": carried(place_provider=None),
    "503F": carried(urn="SC123456"),
    "562": Example(
        {"episodes": [{**OPEN, "decom": "01/02/2022"}]},
        {"episodes": [OPEN]},
        last={"episodes": [{**OPEN, "decom": "01/12/2021", "dec": "01/01/2022", "rec": "X1"}, OPEN]},
    ),
    "NoE": Example(
        {"episodes": [OPEN, {"child": "C2", **OPEN, "x": 1}]},
        {"episodes": [OPEN, {"child": "C2", **OPEN, "decom": "01/04/2022"}]},
        last={"episodes": [CLOSED_LAST]},
    ),
    "559": Example(
        {"placed_for_adoption": [DECIDED]},
        {"placed_for_adoption": [DECIDED, {"child": "C2", "date_placed": "01/04/2022"}]},
        last={"placed_for_adoption": [{"child": "C3", **DECIDED}]},
        last_passing={"placed_for_adoption": [DECIDED]},
    ),
    "560": Example(
        {"placed_for_adoption": [{"date_placed": "02/02/2022"}]},
        {"placed_for_adoption": [DECIDED]},
        last={"placed_for_adoption": [DECIDED]},
    ),
    "561": Example(
        {"placed_for_adoption": [DECIDED]},
        {"placed_for_adoption": [{"date_placed": "01/06/2022"}]},
        last={"placed_for_adoption": [REVERSED]},
    ),
    "584": Example(
        {"placed_for_adoption": [{"date_placed": "01/01/2022"}, {"date_placed": None}]},
        {"placed_for_adoption": [{"date_placed": "01/06/2022"}]},
        last={"placed_for_adoption": [REVERSED]},
    ),
}


@pytest.mark.parametrize("key", EXAMPLES)
def test_previous_year_rule(key: str) -> None:
    check_example(key, EXAMPLES[key])


def test_503d_takes_a_placement_renamed_by_the_dfe_list_as_the_same() -> None:
    # H5 became K3 in 2024/25: the episode open across 31 March 2024 is H5 last year and K3 this year
    h5 = {**OPEN, "decom": "01/01/2024", "place": "H5"}
    check_example(
        "503D",
        Example(
            {"episodes": [{**h5, "place": "K2"}]},
            {"episodes": [{**h5, "place": "K3"}]},
            year=2025,
            last={"episodes": [h5]},
        ),
    )
