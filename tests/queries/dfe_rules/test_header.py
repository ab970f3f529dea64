"""The DfE's header.csv rules, each with a failing and a passing example (collection year 2022/23 unless
the example says otherwise: 1 April 2022 to 31 March 2023)."""

from __future__ import annotations

import pytest

from tests.queries.dfe_rules.examples import Example, check_example

EP = {"decom": "01/05/2022", "ls": "C2", "rne": "S"}  # an episode in the year, not respite

EXAMPLES = {
    "101": Example({"header": [{"sex": "3"}, {"sex": None}]}, {"header": [{"sex": "1"}, {"sex": "2"}]}),
    "101@2025": Example({"header": [{"sex": "1"}]}, {"header": [{"sex": "M"}, {"sex": "F"}, {"sex": "U"}]}),
    "102": Example({"header": [{"dob": "31/02/2010"}, {"dob": None}]}, {"header": [{"dob": "28/02/2010"}]}),
    "103": Example({"header": [{"ethnic": "wbri"}, {"ethnic": None}]}, {"header": [{"ethnic": "WBRI"}]}),
    "168": Example(
        {"header": [{"upn": "I123456789012"}, {"upn": "UN6"}]},
        {"header": [{"upn": "A123456789012"}, {"upn": "A12345678901B"}, {"upn": "UN3"}, {"upn": None}]},
    ),
    "171": Example({"header": [{"mc_dob": "2020-13-01"}]}, {"header": [{"mc_dob": "01/01/2020"}, {}]}),
    "174": Example(
        {"header": [{"sex": "1", "mc_dob": "01/01/2020"}]}, {"header": [{"sex": "2", "mc_dob": "01/01/2020"}]}
    ),
    "174@2025": Example(
        {"header": [{"sex": "M", "mc_dob": "01/01/2020"}]}, {"header": [{"sex": "F", "mc_dob": "01/01/2020"}]}
    ),
    "209": Example(
        # four on 31 August 2021, before the year began: school age
        {"header": [{"dob": "31/08/2017", "upn": "UN1"}]},
        {"header": [{"dob": "01/09/2017", "upn": "UN1"}, {"dob": "01/01/2010", "upn": "UN2"}]},
    ),
    "210": Example(
        {"header": [{"upn": "UN4"}], "episodes": [{"decom": "24/03/2023"}]},
        {"header": [{"upn": "UN4"}], "episodes": [{"decom": "23/03/2023"}]},
    ),
    "231@2025": Example(
        {"header": [{"dob": "01/04/2014"}], "uasc": [{}]},
        {"header": [{"dob": "31/03/2014"}, {"child": "C2", "dob": "01/04/2020"}], "uasc": [{}]},
        year=2025,
    ),
    "232@2025": Example({"header": [{"sex": "U"}]}, {"header": [{"sex": "F"}]}),
    "301": Example({"header": [{"dob": "01/04/2023"}]}, {"header": [{"dob": "31/03/2023"}]}),
    "351": Example({"header": [{"dob": "31/03/1997"}]}, {"header": [{"dob": "01/04/1997"}]}),
    "393": Example(
        {"header": [{"sex": "2"}], "episodes": [EP]},
        {
            "header": [{"sex": "2", "mother": "0"}, {"child": "C2", "sex": "1"}],
            "episodes": [EP, {**EP, "child": "C2"}],
        },
    ),
    "393@2025": Example(
        {"header": [{"sex": "F"}], "episodes": [EP]},
        {"header": [{"sex": "F"}], "episodes": [{**EP, "ls": "V3"}]},
    ),
    "442": Example(
        {"header": [{}], "episodes": [EP]},
        {"header": [{"upn": "UN1"}, {"child": "C2"}], "episodes": [EP, {**EP, "child": "C2", "ls": "V4"}]},
    ),
    "444@2026": Example(
        {"header": [{"upn": "A123456789012"}, {"child": "C2", "upn": "A123456789012"}]},
        {"header": [{"upn": "UN1"}, {"child": "C2", "upn": "UN1"}, {"child": "C3", "upn": "A123456789012"}]},
    ),
    "607": Example(
        {"header": [{"sex": "2"}], "episodes": [{**EP, "dec": "01/06/2022", "rec": "E13"}]},
        {"header": [{"sex": "2"}], "episodes": [{**EP, "dec": "01/06/2022", "rec": "X1"}]},
    ),
    "607@2025": Example(
        {
            "header": [{"sex": "F"}],
            "episodes": [{**EP, "decom": "01/05/2024", "dec": "01/06/2024", "rec": "E13"}],
        },
        {"header": [{"sex": "F", "mother": "0"}], "episodes": [{**EP, "dec": "01/06/2024", "rec": "E13"}]},
    ),
    "611": Example({"header": [{"mother": "1"}]}, {"header": [{"mother": "1", "mc_dob": "01/01/2020"}]}),
    "612": Example(
        {
            "header": [
                {"sex": "2", "mother": "0", "mc_dob": "01/01/2020"},
                {"sex": "2", "mc_dob": "01/01/2020"},
            ]
        },
        {"header": [{"sex": "2", "mother": "1", "mc_dob": "01/01/2020"}]},
    ),
    "612@2025": Example(
        {"header": [{"sex": "F", "mother": "0", "mc_dob": "01/01/2020"}]},
        {"header": [{"sex": "F", "mother": "1", "mc_dob": "01/01/2020"}]},
    ),
    "620": Example(
        {"header": [{"mother": "1", "dob": "02/04/2011"}]}, {"header": [{"mother": "1", "dob": "01/04/2011"}]}
    ),
    "621": Example(
        {"header": [{"dob": "01/01/2008", "mc_dob": "01/01/2008"}]},
        {"header": [{"dob": "01/01/2008", "mc_dob": "01/01/2023"}]},
    ),
    "625": Example(
        {
            "header": [{"mc_dob": "01/04/2023"}, {"child": "C2", "mc_dob": "02/06/2022"}],
            "episodes": [{"child": "C2", "decom": "01/01/2022", "dec": "01/06/2022"}],
        },
        {
            "header": [{"mc_dob": "31/03/2023"}, {"child": "C2", "mc_dob": "01/06/2022"}],
            "episodes": [{"child": "C2", "decom": "01/01/2022", "dec": "01/06/2022"}],
        },
    ),
    "165": Example(
        {
            "header": [
                {"mother": "2"},
                {"child": "C2", "sex": "1", "mother": "0"},
                {"child": "C3", "sex": "2"},
            ],
            "episodes": [{**EP, "child": "C3"}],
            "oc3": [],
        },
        {"header": [{"sex": "2", "mother": "0"}, {"child": "C2", "sex": "1"}], "episodes": [EP], "oc3": []},
    ),
    "EPI": Example(
        {"header": [{}], "episodes": [{"child": "C2"}], "oc3": []},
        {"header": [{}, {"child": "C2"}], "episodes": [{"child": "C1"}], "oc3": [{"child": "C2"}]},
    ),
    "202": Example(
        {"header": [{"sex": "2"}]},
        {"header": [{"sex": "1"}, {"child": "C2", "sex": "2"}]},
        last={"header": [{"sex": "1"}]},
    ),
    "203": Example(
        {"header": [{"dob": "01/01/2010"}]},
        {"header": [{"dob": "02/01/2010"}]},
        last={"header": [{"dob": "02/01/2010"}]},
    ),
    "204": Example(
        {"header": [{"ethnic": "WBRI"}]},
        {"header": [{"ethnic": "WIRI"}]},
        last={"header": [{"ethnic": "WIRI"}]},
    ),
    "207": Example(
        {"header": [{"mother": "0"}], "episodes": [EP]},
        {"header": [{"mother": "1"}, {"child": "C2", "mother": "0"}], "episodes": [EP]},
        last={"header": [{"mother": "1"}, {"child": "C2", "mother": "1"}]},
    ),
    "208": Example(
        {"header": [{"upn": "A123456789012"}, {"child": "C2", "upn": "UN2"}]},
        {
            "header": [
                {"upn": "A123456789012"},
                {"child": "C2", "upn": "A123456789013"},
                {"child": "C3", "upn": "UN3"},
            ]
        },
        last={"header": [{"upn": "B123456789012"}, {"child": "C2", "upn": "A123456789012"}]},
        last_passing={"header": [{"upn": "A123456789012"}, {"child": "C2", "upn": "UN1"}, {"child": "C3"}]},
    ),
    "624": Example(
        {"header": [{"mc_dob": "01/01/2021"}]},
        {"header": [{"mc_dob": "01/01/2020"}]},
        last={"header": [{"mc_dob": "01/01/2020"}]},
    ),
    "626": Example(
        {"header": [{"mother": "1", "mc_dob": "31/03/2022"}]},
        {"header": [{"mother": "1", "mc_dob": "01/04/2022"}]},
        last={"header": [{"mother": "0"}]},
    ),
    "302": Example(
        # only the child's first episode is flagged
        {
            "episodes": [{"decom": "31/05/2022"}, {"decom": "30/05/2022", "x": 1}],
            "header": [{"dob": "01/06/2022"}],
        },
        {"episodes": [{"decom": "01/06/2022"}], "header": [{"dob": "01/06/2022"}]},
    ),
}


@pytest.mark.parametrize("key", EXAMPLES)
def test_header_rule(key: str) -> None:
    check_example(key, EXAMPLES[key])
