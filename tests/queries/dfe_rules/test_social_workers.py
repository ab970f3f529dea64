"""The DfE's sw_episodes.csv rules, each with a failing and a passing example (collection year 2023/24,
1 April 2023 to 31 March 2024, unless the version is later)."""

from __future__ import annotations

import pytest

from tests.queries.dfe_rules.examples import Example, check_example


def sw(start: str | None = "01/05/2023", end: str | None = None, **values: str | None) -> dict:
    return {"sw_id": "SW1", "sw_decom": start, "sw_dec": end, "sw_reason": "MANAGE", **values}


def x(row: dict) -> dict:
    return {**row, "x": 1}


def sws(bad: list[dict], good: list[dict], **kw) -> Example:
    return Example({"sw_episodes": bad}, {"sw_episodes": good}, **kw)


IN_CARE = {"decom": "01/04/2023", "ls": "C2"}

EXAMPLES = {
    "SW01STG1@2024": Example(
        {"episodes": [IN_CARE], "sw_episodes": [sw(sw_reason=None), {"child": "C2", **sw()}]},
        {
            "episodes": [IN_CARE, {**IN_CARE, "child": "C3", "ls": "V3"}],
            "sw_episodes": [sw(sw_reason=None), sw()],
        },
    ),
    "SW01aSTG1@2025": sws([sw(None), sw("01/03/2023", sw_id=None)], [sw("01/04/2023", sw_id=None)]),
    "SW01bSTG1@2025": sws([sw(None), sw("01/04/2023", sw_reason=None)], [sw("31/03/2023", sw_reason=None)]),
    "SW02STG1@2024": sws([sw(sw_id="AB12")], [sw(sw_id="XX12"), sw(sw_id=None)]),
    "SW03STG1@2024": sws([sw(sw_id=None), sw(sw_reason=None)], [sw()]),
    "SW04STG1@2024": sws([sw("30/02/2024")], [sw("29/02/2024")]),
    "SW05STG1@2024": sws([sw(end="2024-02-30")], [sw(end="2024-02-29"), sw()]),
    "SW06STG2@2024": sws([sw("01/04/2024")], [sw("31/03/2024")]),
    "SW07STG2@2024": sws(
        [sw("01/01/2023", "31/03/2023"), sw(end="01/04/2024")], [sw("01/01/2023", "01/04/2023")]
    ),
    "SW07STG2@2025": sws([sw("01/01/2023", "31/03/2023")], [sw("01/01/2023", "01/04/2023")]),
    "SW08STG2@2024": sws([x(sw()), sw("01/06/2023")], [sw(end="01/06/2023"), sw("01/06/2023")]),
    "SW14STG2@2024": sws([x(sw()), sw("01/06/2023")], [sw(end="01/06/2023"), sw("01/06/2023")]),
    "SW09STG2@2024": sws([sw(end="01/05/2023")], [sw(end="02/05/2023")]),
    "SW10STG2@2024": sws(
        [sw(end="01/06/2023"), x(sw("09/06/2023", sw_reason="FCONTA"))],
        [sw(end="01/06/2023"), sw("08/06/2023")],
    ),
    "SW10STG2@2025": sws(
        [sw("01/05/2024", "01/06/2024"), x(sw("09/06/2024"))],
        [sw("01/05/2024", "01/06/2024"), sw("09/06/2024", sw_reason="FCONTA")],
    ),
    "SW11aSTG2@2024": sws(
        [
            x(sw(end="01/06/2023")),
            sw("07/06/2023"),
            {"child": "C2", **x(sw(end="01/03/2024"))},
            {"child": "C2", **sw(None)},
        ],
        # C2's only episode ended early: the child left care, nothing need follow
        [sw(end="01/06/2023"), sw("06/06/2023"), {"child": "C2", **sw(end="01/03/2024")}],
    ),
    "SW11bSTG2@2024": sws([sw(end="26/03/2024")], [sw(end="25/03/2024"), {"child": "C2", **sw()}]),
    "SW13STG1@2024": sws([sw(sw_reason="LAZY"), sw(sw_reason=None)], [sw()]),
    "SW13STG1@2025": sws(
        [sw(sw_reason="LAZY"), sw("01/04/2023", sw_reason=None)], [sw("31/03/2023", sw_reason=None), sw()]
    ),
    "SW17STG2@2026": Example(
        {"sw_episodes": [sw("01/05/2025", "01/06/2025")], "episodes": [{"decom": "01/04/2025", "ls": "C2"}]},
        {
            "sw_episodes": [
                sw("01/05/2025", "01/06/2025"),
                {"child": "C2", **sw("01/05/2025", "01/06/2025")},
            ],
            "episodes": [{"decom": "01/04/2025", "ls": "C2", "dec": "01/06/2025", "rec": "E13"}],
        },
    ),
}


@pytest.mark.parametrize("key", EXAMPLES)
def test_social_worker_rule(key: str) -> None:
    check_example(key, EXAMPLES[key])
