"""The DfE's episodes.csv rules, each with a failing and a passing example (collection year 2022/23 unless
the example says otherwise: 1 April 2022 to 31 March 2023)."""

from __future__ import annotations

import pytest

from tests.queries.dfe_rules.examples import Example, check_example


def ep(decom: str = "01/05/2022", **values: str | int | None) -> dict[str, str | int | None]:
    return {"decom": decom, **values}


def x(row: dict[str, str | int | None]) -> dict[str, str | int | None]:
    """The row the rule must flag."""
    return {**row, "x": 1}


def one(column: str, bad: str | None, good: str | None, **values: str) -> Example:
    """An example about one value of one episode."""
    return Example(
        {"episodes": [ep(**{column: bad}, **values)]}, {"episodes": [ep(**{column: good}, **values)]}
    )


def aged(dob: str, fail: dict, passing: dict, **kw) -> Example:
    return Example(
        {"episodes": [fail], "header": [{"dob": dob}]},
        {"episodes": [passing], "header": [{"dob": dob}]},
        **kw,
    )


X1 = {"rec": "X1"}
TWO = (ep("01/04/2022", dec="01/06/2022", rec="X1"), ep("01/06/2022"))

EXAMPLES = {
    "141": Example({"episodes": [ep("32/01/2022"), ep(None)]}, {"episodes": [ep("31/01/2022")]}),
    "142": Example(
        {"episodes": [x(ep("01/04/2022")), ep("01/06/2022")]},
        {"episodes": [ep("01/04/2022", dec="01/06/2022", rec="X1"), ep("01/06/2022")]},
    ),
    "143": one("rne", "Q", "S"),
    "144": one("ls", "C9", "C2"),
    "145": one("cin", "N9", "N1"),
    "146": one("place", "K3", "H5"),
    "146@2025": Example({"episodes": [ep(place="Z11")]}, {"episodes": [ep(place="K3")]}, year=2025),
    "146@2026": Example({"episodes": [ep(place="Z1"), ep(place="P2")]}, {"episodes": [ep(place="Z12")]}),
    "147": one("dec", "31/13/2022", "31/12/2022", rec="E2"),
    "148": Example(
        {"episodes": [ep(dec="01/06/2022"), ep(rec="E2")]},
        {"episodes": [ep(dec="01/06/2022", rec="E2"), ep()]},
    ),
    "149": one("rec", "E99", "E2"),
    "1009": one("reason_place_change", "OTHR", "OTHER"),
    "178": Example(
        {"episodes": [ep(place_provider="PR9"), ep(place="T1", place_provider="PR1")]},
        {"episodes": [ep(place="U1", place_provider="PR1"), ep(place="T1")]},
    ),
    "178@2026": Example(
        {"episodes": [ep(place="Z11", place_provider="PR1")]},
        {"episodes": [ep(place="T4", place_provider="PR1")]},
    ),
    "213": one("place_provider", "PR1", None, place="T2"),
    "213@2026": one("place_provider", "PR1", None, place="Z13"),
    "214": Example(
        {"episodes": [ep(ls="V3", pl_post="AB1"), ep(ls="V4", urn="1")]},
        {"episodes": [ep(ls="V3"), ep(ls="C2", urn="1")]},
    ),
    "217": one("rne", "P", "T", place="A3"),
    "218": Example(
        {"episodes": [ep(place="U1")]},
        {
            "episodes": [
                ep(place="U1", urn="SC1"),
                ep(place="U1", pl_post="JE2"),
                ep(place="H5"),
                ep("01/01/2022", place="U1", dec="31/03/2022", rec="E2"),
            ]
        },
    ),
    "218@2025": Example(
        {"episodes": [ep(place="K2"), ep(place="H5")]},
        {"episodes": [ep(place="P2"), ep(place="K2", urn="SC1")]},
        year=2025,
    ),
    "218@2026": Example({"episodes": [ep(place="P2")]}, {"episodes": [ep(place="Z11")]}),
    "222": one("urn", "SC1", "XXXXXXX", place="H5"),
    "222@2024": Example(
        {"episodes": [ep(place="P2", urn="SC1")]}, {"episodes": [ep(place="H5", urn="SC1")]}, year=2024
    ),
    "222@2025": Example(
        {"episodes": [ep(place="P1", urn="SC1")]}, {"episodes": [ep(place="P2", urn="SC1")]}, year=2025
    ),
    "222@2026": Example(
        {"episodes": [ep(place="Z11", urn="SC1")]}, {"episodes": [ep(place="Z1", urn="SC1")]}
    ),
    "225": Example(
        {
            "episodes": [
                x(ep("01/04/2022", dec="01/06/2022", rec="X1", place="U1")),
                ep("01/06/2022", rne="P", place="U4"),
            ]
        },
        {
            "episodes": [
                ep("01/04/2022", dec="01/06/2022", rec="X1", place="U1", reason_place_change="CARPL"),
                ep("01/06/2022", rne="P", place="U4"),
                ep("01/04/2022", child="C2", dec="01/06/2022", rec="X1", place="U1"),
                ep("01/06/2022", child="C2", rne="T", place="T1"),
            ]
        },
    ),
    "226": Example(
        {
            "episodes": [
                ep("01/04/2022", dec="01/06/2022", rec="X1", reason_place_change="CARPL"),
                x(ep("01/06/2022", place="T1")),
            ]
        },
        {"episodes": [ep("01/04/2022", dec="01/06/2022", rec="X1"), ep("01/06/2022", place="T1")]},
    ),
    "226@2026": Example(
        {"episodes": [ep(place="T0", reason_place_change="OTHER", dec="01/06/2025", rec="X1")]},
        {"episodes": [ep(place="U1", reason_place_change="OTHER")]},
    ),
    "233@2026": one("reason_place_change", "CARPL", None),
    "234@2026": aged(
        "01/06/2016",
        ep("01/05/2025", reason_place_change="CUSTOD"),
        ep("01/05/2025", reason_place_change="CARPL"),
    ),
    "217t@2024": Example(
        {"episodes": [ep(place="P2", dec="29/10/2023", rec="E2"), ep(place="P2")]},
        {"episodes": [ep(place="P2", dec="28/10/2023", rec="E2")]},
        year=2024,
    ),
    "230@2024": Example(
        {"episodes": [ep(place="H5", dec="29/10/2023", rec="E2")]},
        {"episodes": [ep(place="H5", dec="28/10/2023", rec="E2"), ep(place="H5", urn="SC1")]},
        year=2024,
    ),
    "336": Example(
        {"episodes": [ep("01/04/2022", place="K2"), x(ep("01/06/2022", place="A3"))]},
        {
            "episodes": [
                ep("01/04/2022", place="U4"),
                ep("01/06/2022", place="A3"),
                ep(child="C2", place="A4"),
            ]
        },
    ),
    "352": aged("01/05/2004", ep(rne="S"), ep(rne="P")),
    "353": one("decom", "13/10/1991", "14/10/1991"),
    "354": Example({"episodes": [ep("01/04/2023")]}, {"episodes": [ep("31/03/2023")]}),
    "355": one("dec", "01/05/2022", "02/05/2022", rec="E2"),
    "356": one("dec", "30/04/2022", "01/05/2022", rec="E2"),
    "357": Example(
        {"episodes": [ep(rne="P")]}, {"episodes": [ep(rne="S"), ep("01/01/2022", child="C2", rne="P")]}
    ),
    "358": aged("01/05/2012", ep(ls="J1"), ep(ls="C2")),
    "359": aged("01/01/2005", ep(ls="C2", place="U1"), ep(ls="V2", place="K2")),
    "361": Example(
        {"episodes": [ep(ls="L1", dec="05/05/2022", rec="E2")]},
        {"episodes": [ep(ls="L1", dec="04/05/2022", rec="E2")]},
    ),
    "362": Example(
        {
            "episodes": [
                ep(ls="L2", dec="15/05/2022", rec="X1"),
                ep("15/05/2022", ls="L2", dec="23/05/2022", rec="E2"),
            ]
        },
        {
            "episodes": [
                ep(ls="L2", dec="15/05/2022", rec="X1"),
                ep("15/05/2022", ls="C1", dec="23/05/2022", rec="E2"),
            ]
        },
    ),
    "363": Example(
        {"episodes": [ep(ls="L3", dec="09/05/2022", rec="E2")]},
        {"episodes": [ep(ls="L3", dec="08/05/2022", rec="E2")]},
    ),
    "364": Example({"episodes": [ep(ls="J2")]}, {"episodes": [ep(ls="J2", dec="22/05/2022", rec="E2")]}),
    "365": Example(
        {"episodes": [ep(ls="V3", dec="19/05/2022", rec="E2")]},
        {"episodes": [ep(ls="V3", dec="18/05/2022", rec="E2")]},
    ),
    "366": one("rne", "P", "S", ls="V3"),
    "367": Example(
        {
            "episodes": [
                ep("01/05/2022", ls="V3", dec="01/07/2022", rec="E2"),
                ep("01/09/2022", ls="V3", dec="16/09/2022", rec="E2"),
            ]
        },
        {
            "episodes": [
                ep("01/05/2022", ls="V3", dec="01/07/2022", rec="E2"),
                ep("01/09/2022", ls="V3", dec="15/09/2022", rec="E2"),
            ]
        },
    ),
    "370": aged("02/05/2007", ep(place="P2", dec="01/06/2022", rec="E2"), ep(place="P2")),
    "370@2024": aged(
        "02/05/2007",
        ep("01/05/2023", place="P2", dec="01/06/2023", rec="E2"),
        ep("01/05/2023", place="P2", dec="01/06/2023", rec="E2", child="C2"),
        year=2024,
    ),
    "371": aged(
        "02/05/2008",
        ep(place="H5", dec="01/06/2022", rec="E2"),
        ep(place="H5", dec="01/06/2022", rec="E2", decom="02/05/2022"),
    ),
    "371@2024": aged(
        "02/05/2007",
        ep("01/05/2023", place="H5", dec="01/06/2023", rec="E2"),
        ep("02/05/2023", place="H5", dec="01/06/2023", rec="E2"),
    ),
    "371@2025": aged(
        "02/05/2008",
        ep("01/05/2024", place="K3", dec="01/06/2024", rec="E2"),
        ep("02/05/2024", place="K3", dec="01/06/2024", rec="E2"),
    ),
    "372": aged(
        "02/05/2012",
        ep(place="R5", dec="01/06/2022", rec="E2"),
        ep(place="R5", dec="01/06/2022", rec="E2", decom="02/05/2022"),
    ),
    "373": aged(
        "02/05/2018",
        ep(place="S1", dec="01/06/2022", rec="E2"),
        ep(place="S1", dec="01/06/2022", rec="E2", decom="02/05/2022"),
    ),
    "374": aged(
        "02/05/2008",
        ep(place="P3", dec="01/06/2022", rec="E2"),
        ep(place="P3", dec="01/06/2022", rec="E2", decom="02/05/2022"),
    ),
    "375": one("dec", "13/06/2022", "12/06/2022", place="T1", rec="X1"),
    "376": one("dec", "23/05/2022", "22/05/2022", place="T3", rec="X1"),
    "377": Example(
        {
            "episodes": [
                ep("01/05/2022", place="T3"),
                ep("01/06/2022", place="T3"),
                ep("01/07/2022", place="T3"),
            ]
        },
        {
            "episodes": [
                ep("01/05/2022", place="T3"),
                ep("01/06/2022", place="T3"),
                ep("01/07/2022", place="T2"),
            ]
        },
    ),
    "378": one("ls", "V2", "C2", place="P1"),
    "379": one("dec", "09/05/2022", "08/05/2022", place="T4", rec="X1"),
    "380": one("rne", "S", "P", place="T0"),
    "381": one("rec", "E2", "X1", place="T0"),
    "382": one("place", "T1", "U1", ls="V3"),
    "383": Example(
        {
            "episodes": [
                ep("01/04/2022", place="U1"),
                ep("01/05/2022", place="T1", rne="P"),
                x(ep("01/06/2022", place="U4", rne="P")),
            ]
        },
        {
            "episodes": [
                ep("01/04/2022", place="U1"),
                ep("01/05/2022", place="T1", rne="P"),
                ep("01/06/2022", place="U1", rne="P"),
            ]
        },
    ),
    "383@2026": Example(
        {
            "episodes": [
                ep("01/04/2025", place="U1", pl_post="AB1"),
                ep("01/05/2025", place="T1", rne="P"),
                x(ep("01/06/2025", place="U1", rne="P", pl_post="AB2")),
            ]
        },
        {
            "episodes": [
                ep("01/04/2025", place="U1", pl_post="AB1"),
                ep("01/05/2025", place="T1", rne="P"),
                ep("01/06/2025", place="U1", rne="P", pl_post="AB1"),
            ]
        },
    ),
    "384": one("place", "U4", "U2", ls="V4"),
    "385": one("dec", "01/04/2023", "31/03/2023", rec="E2"),
    "386": aged(
        "01/05/2004",
        ep("01/01/2022", rec="E11", dec="01/05/2022"),
        ep("01/01/2022", rec="E11", dec="30/04/2022"),
    ),
    "387": aged(
        "01/05/2008",
        ep("01/01/2022", rec="E5", dec="30/04/2022"),
        ep("01/01/2022", rec="E5", dec="01/05/2022"),
    ),
    "388": Example(
        {
            "episodes": [
                x(ep("01/04/2022", dec="01/05/2022", rec="X1")),
                ep("02/05/2022"),
                x(ep(child="C2", dec="01/06/2022", rec="X1")),
            ]
        },
        {
            "episodes": [
                ep("01/04/2022", dec="01/05/2022", rec="X1"),
                ep("01/05/2022"),
                ep(child="C2", dec="01/06/2022", rec="E2"),
            ]
        },
    ),
    "389": aged(
        "01/05/2006",
        ep("01/01/2022", rec="E7", dec="30/04/2022"),
        ep("01/01/2022", rec="E7", dec="01/05/2022"),
    ),
    "390": one("place", "U1", "A3", rec="E11"),
    "392b": Example(
        {"episodes": [ep(home_post="AB1"), ep(child="C2")], "uasc": [{"child": "C3"}]},
        {
            "episodes": [ep(home_post="AB1", pl_post="AB2"), ep(child="C3"), ep(child="C2", ls="V3")],
            "uasc": [{"child": "C3"}],
        },
    ),
    "392d": Example(
        {"episodes": [ep(place="U1", home_post="AB1", pl_post="AB1")]},
        {"episodes": [ep(place="P1", home_post="AB1", pl_post="AB1")]},
    ),
    "398": one("ls", "V3", "C2", home_post="AB1"),
    "407": aged(
        "01/05/2004",
        ep("01/01/2022", rec="E45", dec="02/05/2022"),
        ep("01/01/2022", rec="E45", dec="01/05/2022"),
    ),
    "408": one("ls", "C2", "E1", place="A5"),
    "426": Example(
        {"episodes": [ep("01/04/2022", ls="V3"), ep("01/06/2022", ls="V4")]},
        {"episodes": [ep("01/04/2022", ls="V3"), ep("01/06/2022", ls="V3")]},
    ),
    "431": Example(
        {"episodes": [ep("01/04/2022", dec="01/06/2022", rec="E13"), x(ep("01/06/2022", rne="S"))]},
        {"episodes": [ep("01/04/2022", dec="01/06/2022", rec="E13"), ep("02/06/2022", rne="S")]},
    ),
    "432": Example(
        {"episodes": [ep("01/04/2022", dec="01/06/2022", rec="E13"), x(ep("02/06/2022", rne="P"))]},
        {"episodes": [ep("01/04/2022", dec="01/06/2022", rec="E13"), ep("02/06/2022", rne="S")]},
    ),
    "433": Example(
        {"episodes": [ep("01/04/2022", dec="01/06/2022", rec="X1"), x(ep("02/06/2022", rne="P"))]},
        {"episodes": [ep("01/04/2022", dec="01/06/2022", rec="X1"), ep("01/06/2022", rne="P")]},
    ),
    "434": Example(
        {
            "episodes": [
                ep("01/04/2022", ls="C1", place="U1"),
                x(ep("01/06/2022", rne="L", ls="C2", place="U4")),
            ]
        },
        {"episodes": [ep("01/04/2022", ls="C1", place="U1"), ep("01/06/2022", rne="L", ls="C2", place="U1")]},
    ),
    "435": Example(
        {
            "episodes": [
                ep("01/04/2022", ls="C1", place="U1"),
                x(ep("01/06/2022", rne="P", ls="C1", place="U1")),
            ]
        },
        {"episodes": [ep("01/04/2022", ls="C1", place="U1"), ep("01/06/2022", rne="P", ls="C1", place="U4")]},
    ),
    "436": Example(
        {
            "episodes": [
                ep("01/04/2022", ls="C1", place="U1"),
                x(ep("01/06/2022", rne="B", ls="C1", place="U4")),
            ]
        },
        {"episodes": [ep("01/04/2022", ls="C1", place="U1"), ep("01/06/2022", rne="B", ls="C2", place="U4")]},
    ),
    "437": Example(
        {"episodes": [x(ep("01/04/2022", dec="01/06/2022", rec="E2")), ep("01/07/2022")]},
        {
            "episodes": [
                ep("01/04/2022", dec="01/06/2022", rec="E13"),
                ep("01/07/2022"),
                ep(child="C2", rec="E2", dec="01/06/2022"),
            ]
        },
    ),
    "445": one("decom", "01/01/2006", "31/12/2005", ls="D1"),
    "446": one("decom", "30/11/2005", "01/12/2005", ls="E1"),
    "451": one("ls", "D1", "E1"),
    "460": aged(
        "01/05/2004",
        ep("01/01/2022", rec="E17", dec="30/04/2022"),
        ep("01/01/2022", rec="E17", dec="01/05/2022"),
    ),
    "501": Example(
        {"episodes": [ep("01/04/2022", dec="01/06/2022", rec="X1"), x(ep("31/05/2022"))]},
        {"episodes": [ep("01/04/2022", dec="01/06/2022", rec="X1"), ep("01/06/2022")]},
    ),
    "504": Example(
        {"episodes": [ep("01/04/2022", dec="01/06/2022", rec="X1", cin="N1"), x(ep("01/06/2022", cin="N2"))]},
        {"episodes": [ep("01/04/2022", dec="01/06/2022", rec="X1", cin="N1"), ep("01/06/2022", cin="N1")]},
    ),
    "516": one("place", "K2", "U3", rec="E45"),
    "526": one("place_provider", None, "PR1", place="U1"),
    "526@2026": Example({"episodes": [ep(place="Z1")]}, {"episodes": [ep(place="Z11")]}),
    "527": one("place", "R2", "U1", place_provider="PR1"),
    "528": one("place", "R5", "U1", place_provider="PR2"),
    "529": one("place", "K2", "R1", place_provider="PR3"),
    "530": one("place", "P1", "R1", place_provider="PR4"),
    "531": one("place", "P1", "R1", place_provider="PR5"),
    "550": one("place", "U1", "P1", place_provider="PR0"),
    "199": Example(
        {"episodes": [ep("01/06/2022", rne="S")]},
        {"episodes": [ep("01/06/2022", rne="S", child="C2")]},
        last={"episodes": [ep("01/01/2021", dec="01/02/2022", rec="E11")]},
    ),
}


@pytest.mark.parametrize("key", EXAMPLES)
def test_episodes_rule(key: str) -> None:
    check_example(key, EXAMPLES[key])
