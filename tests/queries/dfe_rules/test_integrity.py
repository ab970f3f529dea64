"""The DfE's internal checks (INT), each with a failing and a passing example (collection year 2022/23)."""

from __future__ import annotations

import polars as pl
import pytest

from queries.dfe_rules.model import Context
from queries.dfe_rules.prepare import prepare_table
from queries.dfe_rules.runner import findings_of
from tests.queries.dfe_rules.examples import Example, check_example, frame, rule_by_key

HEADER = {"sex": "1", "dob": "01/06/2010"}
IN_HEADER = {
    "INT01": "ad1",
    "INT02": "placed_for_adoption",
    "INT03": "episodes",
    "INT04": "missing",
    "INT05": "oc2",
    "INT06": "oc3",
    "INT07": "previous_permanence",
    "INT08": "reviews",
    "INT09": "uasc",
}
SAME_DOB = {
    "INT11": "ad1",
    "INT12": "placed_for_adoption",
    "INT13": "missing",
    "INT14": "oc2",
    "INT15": "oc3",
    "INT16": "previous_permanence",
    "INT17": "reviews",
    "INT18": "uasc",
}
ONCE = {
    "INT31": "ad1",
    "INT32": "header",
    "INT33": "oc2",
    "INT34": "oc3",
    "INT35": "previous_permanence",
    "INT36": "uasc",
}


def in_header(table: str) -> Example:
    return Example(
        {table: [{"child": "C2"}, {"child": "C1"}, {"child": "C2"}], "header": [HEADER]},
        {table: [{"child": "C1"}], "header": [HEADER]},
    )


def same_dob(table: str) -> Example:
    return Example(
        {table: [{"dob": "02/06/2010"}], "header": [HEADER]},
        {table: [{"dob": "01/06/2010"}, {"dob": None}], "header": [HEADER]},
    )


def once(table: str) -> Example:
    return Example({table: [{}, {}]}, {table: [{}, {"child": "C2"}]})


def _marked(example: Example, table: str) -> Example:
    # the example's rows of the file that fail: C2's (not in header)
    rows = [{**row, "x": 1} if row.get("child") == "C2" else row for row in example.fail[table]]
    return Example({**example.fail, table: rows}, example.passing)


EXAMPLES = {
    **{code: _marked(in_header(table), table) for code, table in IN_HEADER.items()},
    **{code: same_dob(table) for code, table in SAME_DOB.items()},
    "INT21": Example(
        {"uasc": [{"sex": "2"}, {"sex": "F"}], "header": [HEADER]},
        {"uasc": [{"sex": "1"}, {"sex": "M"}, {"sex": None}], "header": [HEADER]},
    ),
    **{code: once(table) for code, table in ONCE.items()},
}


@pytest.mark.parametrize("key", EXAMPLES)
def test_integrity_rule(key: str) -> None:
    check_example(key, EXAMPLES[key])


def test_a_full_extract_holds_a_child_once_per_year_in_oc2() -> None:
    # the committed extract's oc2.csv carries YEAR: one row per child and year is not a duplicate
    oc2 = frame("oc2", [{}, {}, {}]).with_columns(pl.Series("year", ["2022", "2023", "2023"]))
    ctx = Context({"oc2": prepare_table("oc2", oc2)}, {}, 2023)
    assert findings_of(rule_by_key("INT33"), ctx).collect()["row"].to_list() == [3, 4]
