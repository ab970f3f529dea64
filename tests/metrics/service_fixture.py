"""A hand-worked return of three services, shared by the service measure and early-warning tests.

Reporting date D = 31/03/2025; the 12 months to D run from S = 01/04/2024.

Services (services.csv):
- H1 children's home, on island, own provision, 2 places, £3,500 a week (no price history).
- H2 children's home, on island, 3 places, no price, no children.
- F1 fostering service, off island, independent, 10 places; service_costs.csv: £700 from 01/01/2024 (and so
  before it too), £840 from 01/12/2024.

Episodes (each placement's service is the URN of the episode that starts it):
- A: 01/01/2024 S at H1, ends 01/06/2024 X1 with ALLEG (the reason is on the episode that ends);
     01/06/2024 P at F1, still open.
- B: 01/05/2024 S at H1 (V2); 01/07/2024 L at H1 (C2: legal status only, the same placement), ends 01/10/2024
     X1 with CARPL; 01/10/2024 P at F1, ends 31/01/2025 E13 (left care).
- C: 01/01/2023 S at H1, still open.
- D: a short break (V3) at H1 01/08/2024-05/08/2024: never counted.
- E: 01/02/2024 S at ZZZ (not a listed service), still open: counts for no service.

Missing incidents: A 01/03/2024 (before S), A 01/05/2024 (at H1), A 01/06/2024 (the day of the move: H1's
placement has ended, so at F1), C 01/02/2025 (at H1), B 10/02/2025 (after leaving care: no service).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.data import CareData, care_data
from tests.metrics.episode_builders import day

D = date(2025, 3, 31)

EPISODES = [
    ("A", "01/01/2024", "S", "C2", "K2", "01/06/2024", "X1", "ALLEG", "H1"),
    ("A", "01/06/2024", "P", "C2", "U4", None, None, None, "F1"),
    ("B", "01/05/2024", "S", "V2", "K2", "01/07/2024", "X1", None, "H1"),
    ("B", "01/07/2024", "L", "C2", "K2", "01/10/2024", "X1", "CARPL", "H1"),
    ("B", "01/10/2024", "P", "C2", "U4", "31/01/2025", "E13", None, "F1"),
    ("C", "01/01/2023", "S", "C2", "K2", None, None, None, "H1"),
    ("D", "01/08/2024", "S", "V3", "K2", "05/08/2024", "E13", None, "H1"),
    ("E", "01/02/2024", "S", "C2", "K2", None, None, None, "ZZZ"),
]


def episodes() -> pl.DataFrame:
    columns = ("child", "decom", "rne", "ls", "place", "dec", "rec", "reason_place_change", "urn")
    rows = [
        {
            name: (day(value) if name in ("decom", "dec") and value else value)
            for name, value in zip(columns, row, strict=True)
        }
        for row in EPISODES
    ]
    return pl.DataFrame(
        rows, schema={name: pl.Date if name in ("decom", "dec") else pl.String for name in columns}
    )


def services(**changes: list) -> pl.DataFrame:
    frame = {
        "service_id": ["H1", "H2", "F1"],
        "name": ["Harbour House", "Hill House", "Far Fostering"],
        "provider": ["Government of Jersey", "Government of Jersey", "Far Fostering Ltd"],
        "kind": ["CHILDRENS_HOME", "CHILDRENS_HOME", "FOSTERING"],
        "on_island": [True, True, False],
        "own_provision": [True, True, False],
        "capacity": [2, 3, 10],
        "weekly_cost": [3500.0, None, 840.0],
        "contract_end": [None, None, None],
        "inspection_grade": [None, None, None],
        "inspection_date": [None, None, None],
    }
    frame.update(changes)
    return pl.DataFrame(frame, schema_overrides={"contract_end": pl.Date, "inspection_date": pl.Date})


def service_costs() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "service_id": ["F1", "F1"],
            "effective": [date(2024, 1, 1), date(2024, 12, 1)],
            "weekly_cost": [700.0, 840.0],
        }
    )


def missing() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "child": ["A", "A", "A", "C", "B"],
            "missing": ["M"] * 5,
            "mis_start": [
                day(text) for text in ("01/03/2024", "01/05/2024", "01/06/2024", "01/02/2025", "10/02/2025")
            ],
        }
    )


def fixture_data(**frames: pl.DataFrame) -> CareData:
    given = {
        "episodes": episodes(),
        "services": services(),
        "service_costs": service_costs(),
        "missing": missing(),
    }
    given.update(frames)
    return care_data(**given)
