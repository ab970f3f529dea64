"""Local files that are not about one child: workforce, population and published comparators."""

from __future__ import annotations

import random

from sample_data.dates import Trend, day, decimal_year

# Children's social workers at Jersey size. Agency use rose to a peak in 2023 and falls as permanent staff
# are recruited; vacancies and turnover follow the same curve; supervision on time improves.
SOCIAL_WORKERS = Trend({2020.25: 62.0, 2023.0: 64.0, 2026.75: 70.0})
AGENCY_SHARE = Trend({2020.25: 0.20, 2021.5: 0.28, 2023.25: 0.42, 2024.5: 0.30, 2025.5: 0.22, 2026.75: 0.17})
VACANCY_SHARE = Trend({2020.25: 0.10, 2023.25: 0.21, 2026.75: 0.09})
ANNUAL_TURNOVER = Trend({2020.25: 0.17, 2023.0: 0.28, 2026.75: 0.14})
SUPERVISION_ON_TIME = Trend({2020.25: 0.72, 2023.0: 0.70, 2026.75: 0.90})
OPEN_CASES = Trend({2020.25: 930, 2022.9: 1010, 2023.9: 940, 2026.75: 960})

# Mid-year estimates of children under 18 in Jersey (about 18,000, slowly falling).
CHILDREN_UNDER_18 = {2020: 18240, 2021: 18190, 2022: 18120, 2023: 18010, 2024: 17930, 2025: 17860,
                     2026: 17790, 2027: 17720}  # fmt: skip

_LOOKED_AFTER_2024 = "DfE, Children looked after in England including adoptions, 2024"
_WORKFORCE_2023 = "DfE, Children's social work workforce, 2023 (at 30 September 2023)"
# England values from the published national statistics, source named exactly.
COMPARATORS = (
    ("cla_count", 2024, 83630, _LOOKED_AFTER_2024),
    ("cla_rate_per_10k", 2024, 70, _LOOKED_AFTER_2024),
    (
        "long_term_stability_pct",
        2024,
        68,
        "DfE, Stability measures for children looked after in England, 2024",
    ),
    ("missing_pct", 2022, 11, "DfE, Children looked after in England including adoptions, 2022"),
    ("development_check_pct", 2024, 88, _LOOKED_AFTER_2024),
    ("caseload_avg", 2023, 16.0, _WORKFORCE_2023),
    ("sw_turnover_pct", 2023, 15.9, _WORKFORCE_2023),
    (
        "sw_agency_pct",
        2023,
        17.8,
        _WORKFORCE_2023[:-1] + "; agency FTE as a share of all FTE including agency)",
    ),
    ("sw_vacancy_pct", 2023, 18.9, _WORKFORCE_2023),
)


def workforce(rng: random.Random, scale: float) -> dict[str, list]:
    out: dict[str, list] = {
        column: []
        for column in ("MONTH", "SW_FTE", "VACANT_FTE", "AGENCY_FTE", "LEAVERS_FTE", "OPEN_CASES",
                       "SUPERVISIONS_DUE", "SUPERVISIONS_ON_TIME")
    }  # fmt: skip
    for year, month in [(y, m) for y in range(2020, 2027) for m in range(1, 13)]:
        if (year, month) < (2020, 4) or (year, month) > (2026, 9):
            continue
        when = decimal_year(day(year, month, 15))
        social_workers = SOCIAL_WORKERS.at_year(when) * scale * rng.uniform(0.98, 1.02)
        vacancy = VACANCY_SHARE.at_year(when)
        due = round(social_workers * rng.uniform(0.9, 1.0))
        out["MONTH"].append(f"{year:04d}-{month:02d}")
        out["SW_FTE"].append(round(social_workers, 2))
        out["VACANT_FTE"].append(round(social_workers * vacancy / (1 - vacancy), 2))
        out["AGENCY_FTE"].append(
            round(social_workers * AGENCY_SHARE.at_year(when) * rng.uniform(0.95, 1.05), 2)
        )
        out["LEAVERS_FTE"].append(
            round(social_workers * ANNUAL_TURNOVER.at_year(when) / 12 * rng.uniform(0.3, 1.7), 2)
        )
        out["OPEN_CASES"].append(round(OPEN_CASES.at_year(when) * scale * rng.uniform(0.97, 1.03)))
        out["SUPERVISIONS_DUE"].append(due)
        out["SUPERVISIONS_ON_TIME"].append(
            min(due, round(due * SUPERVISION_ON_TIME.at_year(when) * rng.uniform(0.95, 1.05)))
        )
    return out


def population(scale: float) -> dict[str, list]:
    years = sorted(CHILDREN_UNDER_18)
    return {"YEAR": years, "CHILDREN_UNDER_18": [round(CHILDREN_UNDER_18[year] * scale) for year in years]}


def comparators() -> dict[str, list]:
    return {
        "INDICATOR": [row[0] for row in COMPARATORS],
        "YEAR": [row[1] for row in COMPARATORS],
        "AREA": ["England"] * len(COMPARATORS),
        "VALUE": [row[2] for row in COMPARATORS],
        "SOURCE": [row[3] for row in COMPARATORS],
    }
