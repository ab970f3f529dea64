"""The DfE's reviews.csv rules, each with a failing and a passing example (collection year 2022/23)."""

from __future__ import annotations

import pytest

from tests.queries.dfe_rules.examples import Example, check_example

EXAMPLES = {
    "166": Example({"reviews": [{"review": "31/11/2022"}, {}]}, {"reviews": [{"review": "30/11/2022"}]}),
    "167": Example(
        {"reviews": [{"review": "01/06/2022", "review_code": "PN8"}, {"review_code": "PN1"}]},
        {"reviews": [{"review": "01/06/2022", "review_code": "PN1"}, {}]},
    ),
    "440": Example(
        {"reviews": [{"dob": "01/06/2018", "review": "02/06/2022", "review_code": "PN0"}]},
        {"reviews": [{"dob": "01/06/2018", "review": "01/06/2022", "review_code": "PN0"}]},
    ),
    "441": Example(
        {"reviews": [{"dob": "01/06/2018", "review": "31/05/2022", "review_code": "PN1"}]},
        {"reviews": [{"dob": "01/06/2018", "review": "01/06/2022", "review_code": "PN1"}]},
    ),
    "399": Example(
        {
            "reviews": [{"review": "01/06/2022", "review_code": "PN1"}],
            "episodes": [{"ls": "V3"}, {"ls": "V4"}],
        },
        {
            "reviews": [{"review": "01/06/2022", "review_code": "PN1"}],
            "episodes": [{"ls": "V3"}, {"ls": "C2"}],
        },
    ),
}


@pytest.mark.parametrize("key", EXAMPLES)
def test_reviews_rule(key: str) -> None:
    check_example(key, EXAMPLES[key])
