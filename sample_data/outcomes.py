"""Annual outcomes: oc2 (health and offending), education, oc3 (care leavers) and leaver support.

oc2 and education describe the children looked after continuously for 12 months at 31 March of YEAR
(looked after on 31 March and in a period of care that started on or before 1 April of the year before).
oc3 and leaver_support describe care leavers in the year of their 17th to 21st birthday: young people who
ceased to be looked after on or after their 16th birthday having been looked after for at least 13 weeks
after their 14th.
"""

from __future__ import annotations

import random
from datetime import date

from sample_data.care import Child
from sample_data.chance import between, pick
from sample_data.dates import ANNUAL_YEARS, Trend, add_years, age_on, day, year_end

# Dental checks collapsed in 2020/21 (dentists closed) and recover; immunisations dip and recover.
DENTAL = Trend({2021: 0.45, 2022: 0.68, 2023: 0.80, 2024: 0.84, 2025: 0.87, 2026: 0.89})
IMMUNISATIONS = Trend({2021: 0.76, 2022: 0.80, 2023: 0.84, 2024: 0.85, 2025: 0.86, 2026: 0.87})
HEALTH_ASSESSMENT = Trend({2021: 0.86, 2024: 0.90, 2026: 0.93})
DEVELOPMENT_CHECK = Trend({2021: 0.80, 2024: 0.88, 2026: 0.90})
SDQ_SHIFT = Trend({2021: 0.8, 2023: 0.6, 2026: -1.2})  # emotional wellbeing improves slowly
# Absence rose after the pandemic and eases from 2024.
ABSENCE = Trend({2021: 0.060, 2022: 0.082, 2023: 0.098, 2024: 0.092, 2025: 0.084, 2026: 0.078})
KS2_EXPECTED = Trend({2022: 0.34, 2026: 0.42})
# Care leavers: EET improves from under half to nearly three in five; pathway plans improve.
EET = Trend({2021: 0.40, 2022: 0.44, 2023: 0.49, 2024: 0.53, 2025: 0.58, 2026: 0.63})
PATHWAY_PLAN = Trend({2021: 0.78, 2023: 0.82, 2026: 0.93})
SUITABLE = Trend({2021: 0.87, 2026: 0.89})

IN_EDUCATION_OR_WORK = (
    ("F1", 12),
    ("P1", 3),
    ("F2", 30),
    ("P2", 6),
    ("F4", 8),
    ("P4", 2),
    ("F5", 30),
    ("P5", 15),
)
PERMANENCE = frozenset({"E11", "E12", "E41", "E45", "E46", "E47", "E48"})
NOT_IN_EDUCATION_OR_WORK = (("G5", 62), ("G4", 20), ("G6", 14), ("0", 4))


class _Traits:
    """What stays with a child from year to year: emotional wellbeing, special needs, attendance."""

    __slots__ = ("absence", "sdq", "sen")

    def __init__(self, rng: random.Random) -> None:
        self.sdq = rng.gauss(14.5, 6.0)
        self.sen = pick(rng, (("N", 45), ("K", 31), ("E", 24)))
        self.absence = rng.gammavariate(1.6, 1 / 1.6)


def _continuously_looked_after(child: Child, year: int) -> bool:
    census, cohort_start = year_end(year), day(year - 1, 4, 1)
    return any(
        period.pathway != "short_breaks"
        and period.start <= cohort_start
        and (period.end is None or period.end > census)
        for period in child.periods
    )


def annual_outcomes(rng: random.Random, children: list[Child], out: dict[str, dict[str, list]]) -> None:
    for child in children:
        traits = None
        for year in ANNUAL_YEARS:
            if not _continuously_looked_after(child, year):
                continue
            traits = traits or _Traits(rng)
            _oc2_row(rng, child, year, traits, out["oc2"])
            _education_row(rng, child, year, traits, out["education"])


def _flag(rng: random.Random, probability: float) -> int:
    return 1 if rng.random() < probability else 0


def _oc2_row(rng: random.Random, child: Child, year: int, traits: _Traits, out: dict[str, list]) -> None:
    age = age_on(child.dob, year_end(year))
    score, reason = None, None
    if 4 <= age <= 16:
        if rng.random() < 0.85:
            score = min(40, max(0, round(traits.sdq + SDQ_SHIFT.at_year(year) + rng.gauss(0, 2.5))))
        else:
            reason = pick(rng, (("SDQ2", 30), ("SDQ3", 15), ("SDQ4", 30), ("SDQ5", 25)))
    else:
        reason = "SDQ1"
    misuse = _flag(rng, 0.09) if age >= 11 else 0
    offered = _flag(rng, 0.9) if misuse else None
    row = {
        "CHILD": child.child_id, "YEAR": year, "DOB": child.dob, "SDQ_SCORE": score, "SDQ_REASON": reason,
        "CONVICTED": _flag(rng, 0.05) if age >= 10 else 0,
        # The development check is a measure for the under-fives only; older children have none recorded.
        "HEALTH_CHECK": _flag(rng, DEVELOPMENT_CHECK.at_year(year)) if age < 5 else None,
        "IMMUNISATIONS": _flag(rng, IMMUNISATIONS.at_year(year)),
        "TEETH_CHECK": _flag(rng, DENTAL.at_year(year)),
        "HEALTH_ASSESSMENT": _flag(rng, HEALTH_ASSESSMENT.at_year(year)),
        "SUBSTANCE_MISUSE": misuse,
        # Interventions are recorded only for a child with a substance misuse problem.
        "INTERVENTION_RECEIVED": (_flag(rng, 0.65) if offered else 0) if misuse else None,
        "INTERVENTION_OFFERED": offered,
    }  # fmt: skip
    for column, value in row.items():
        out[column].append(value)


def _education_row(
    rng: random.Random, child: Child, year: int, traits: _Traits, out: dict[str, list]
) -> None:
    # Year group from age on 31 August before the academic year: reception (4) to Year 11 (15).
    school_age = age_on(child.dob, day(year - 1, 8, 31))
    if not 4 <= school_age <= 15 or rng.random() < 0.05:
        return  # not of school age, or no education record found (a data-quality gap)
    possible = 380 - between(rng, 0, 40)
    missed = min(possible, round(possible * min(0.9, ABSENCE.at_year(year) * traits.absence)))
    year_group = school_age - 4
    # KS2 tests were cancelled in 2020 and 2021; Year 6 pupils of those years have no result.
    ks2 = _flag(rng, KS2_EXPECTED.at_year(year)) if year_group == 6 and year >= 2022 else None
    attainment8 = round(min(90.0, max(0.0, rng.gauss(21.0, 12.0))), 1) if year_group == 11 else None
    suspended = rng.random() < (0.13 if school_age >= 11 else 0.04)
    row = {
        "CHILD": child.child_id, "YEAR": year, "SESSIONS_POSSIBLE": possible, "SESSIONS_MISSED": missed,
        "SUSPENSIONS": between(rng, 1, 5) if suspended else 0,
        "PERMANENT_EXCLUSION": _flag(rng, 0.006) if school_age >= 11 else 0,
        "SEN": traits.sen, "KS2_EXPECTED": ks2, "KS4_ATTAINMENT8": attainment8,
        "SCHOOL_MOVES": (1 if rng.random() < 0.85 else 2) if rng.random() < 0.12 else 0,
    }  # fmt: skip
    for column, value in row.items():
        out[column].append(value)


def _care_leaver_end(child: Child) -> int | None:
    """The day the child ceased to be looked after, if that makes them a care leaver; else None.

    Adoption, special guardianship and child arrangement orders end care for good: no care leaver follows.
    """
    periods = [period for period in child.periods if period.pathway != "short_breaks"]
    if not periods or periods[-1].end is None:
        return None
    end = periods[-1].end
    fourteenth = add_years(child.dob, 14)
    after_fourteen = sum(
        max(0, (period.end or end) - max(period.start, fourteenth)) for period in periods if period.end
    )
    if end < add_years(child.dob, 16) or after_fourteen < 91 or periods[-1].rec in PERMANENCE:
        return None
    return end


def care_leaver_years(child: Child) -> list[tuple[int, int]]:
    """The return's years in which ``child`` is a care leaver, each with age at 31 March of that year."""
    end = _care_leaver_end(child)
    return [] if end is None else _leaver_years(child, end)


def care_leavers(rng: random.Random, children: list[Child], out: dict[str, dict[str, list]]) -> None:
    leavers = [(child, child.leaver_years) for child in children if child.leaver_years]
    # About one care leaver in 500 a year dies; the Jersey sample keeps at least one such row (their last).
    rows = sum(len(years) for _, years in leavers)
    died = set(rng.sample(range(len(leavers)), min(max(1, round(rows * 0.002)), len(leavers))))
    offset = rng.random()
    for index, (child, years) in enumerate(leavers):
        # A young person's prospects carry from year to year; the year's EET rate moves the bar. Spreading
        # them evenly (golden-ratio steps) keeps 40 leavers a year from drowning the trend in chance.
        prospects = (offset + index * 0.6180339887498949) % 1.0
        # Left at 18 to stay with their foster carers (REC E17); for those who left before the return's
        # episodes begin, how they left at 18 was never resolved, so a share of them stayed put.
        last_rec = child.periods[-1].rec
        staying_put = last_rec == "E17" or (last_rec == "AT18" and rng.random() < 0.45)
        for position, (year, age) in enumerate(years):
            if index in died and position == len(years) - 1:
                _leaver_row(rng, child, year, age, "DIED", prospects, staying_put=False, out=out)
                break
            in_touch = pick(rng, (("YES", 89), ("NO", 5), ("REFU", 2), ("NREQ", 2), ("RHOM", 2)))
            if in_touch == "NREQ" and age < 19:
                in_touch = "YES"
            _leaver_row(rng, child, year, age, in_touch, prospects, staying_put=staying_put, out=out)


def _leaver_years(child: Child, end: int) -> list[tuple[int, int]]:
    """(YEAR, age at 31 March of YEAR) for each 17th-21st birthday after leaving care, within the return."""
    years = []
    for age in range(17, 22):
        birthday = add_years(child.dob, age)
        when = date.fromordinal(birthday)
        year = when.year if (when.month, when.day) <= (3, 31) else when.year + 1
        if year in ANNUAL_YEARS and end <= birthday:
            years.append((year, age_on(child.dob, year_end(year))))
    return years


def _leaver_row(
    rng: random.Random,
    child: Child,
    year: int,
    age: int,
    in_touch: str,
    prospects: float,
    *,
    staying_put: bool,
    out: dict,
) -> None:
    activity, accommodation = None, None
    staying = (
        staying_put
        and in_touch == "YES"
        and 18 <= age <= 20
        and rng.random() < {18: 0.9, 19: 0.6}.get(age, 0.35)
    )
    if in_touch in {"YES", "NREQ", "RHOM"}:
        eet = EET.at_year(year) + (0.04 if age <= 18 else -0.03)
        in_work = (prospects + rng.uniform(-0.04, 0.04)) < eet
        activity = pick(rng, IN_EDUCATION_OR_WORK if in_work else NOT_IN_EDUCATION_OR_WORK)
        if activity in {"F1", "P1"} and age < 18:
            activity = "F2"
        accommodation = _accommodation(rng, year, age, in_touch, staying=staying)
    leaver = out["oc3"]
    for column, value in (
        ("CHILD", child.child_id), ("YEAR", year), ("DOB", child.dob), ("IN_TOUCH", in_touch),
        ("ACTIV", activity), ("ACCOM", accommodation),
    ):  # fmt: skip
        leaver[column].append(value)
    if in_touch == "DIED":
        return
    reachable = in_touch not in {"NO", "REFU"}
    support = out["leaver_support"]
    for column, value in (
        ("CHILD", child.child_id), ("YEAR", year),
        ("PATHWAY_PLAN", _flag(rng, PATHWAY_PLAN.at_year(year) if reachable else 0.4)),
        ("PERSONAL_ADVISER", _flag(rng, 0.96 if reachable else 0.75)),
        ("STAYING_PUT", 1 if staying else 0),
    ):  # fmt: skip
        support[column].append(value)


def _accommodation(rng: random.Random, year: int, age: int, in_touch: str, *, staying: bool) -> str:
    if staying:
        return "Z1"
    if in_touch == "RHOM":
        return "B1" if rng.random() < 0.85 else "B2"
    if rng.random() < SUITABLE.at_year(year):
        kinds = (
            (("D", 30), ("E", 12), ("B", 12), ("C", 8), ("T", 4), ("U", 30), ("K", 4))
            if age <= 18
            else (("U", 50), ("B", 15), ("D", 14), ("E", 8), ("K", 9), ("T", 4))
        )
        return pick(rng, kinds) + "1"
    return pick(rng, (("S", 18), ("V", 18), ("W", 10), ("X", 14), ("B", 15), ("U", 15), ("R", 10))) + "2"
