"""What happens while a child is looked after: reviews, social workers' visits, missing and away incidents.

Short-break periods (LS V3/V4) have none of these: those children are not in any looked-after count.
"""

from __future__ import annotations

import random

from sample_data.care import Child, PeriodOfCare
from sample_data.chance import between, pick
from sample_data.dates import ACTIVITY_START, CUTOFF, Trend, add_years

# Reviews: a steady share late, easing slightly; participation improves as advocacy grows.
REVIEW_LATE = Trend({2019.0: 0.07, 2022.0: 0.08, 2026.75: 0.05})
VIEWS_NOT_CONVEYED = Trend({2019.0: 0.16, 2022.0: 0.14, 2026.75: 0.06})
# Visits: social workers' visits slip as caseloads and agency use grow (every 4-6 weeks, some gaps longer).
VISIT_LATE = Trend({2019.0: 0.03, 2021.0: 0.05, 2023.5: 0.16, 2026.75: 0.35})
# Missing from placement: a little more common over time.
MISSING_RATE = Trend({2019.0: 1.0, 2022.0: 1.1, 2026.75: 1.35})

FIRST_REVIEW, SECOND_REVIEW, LATER_REVIEWS = 28, 91, 183  # days: the statutory review intervals


def reviews(rng: random.Random, child: Child, period: PeriodOfCare, out: dict[str, list]) -> None:
    """Reviews at the statutory intervals, each due counted from the review before, some held late."""
    stop = min(period.end if period.end is not None else CUTOFF + 1, CUTOFF + 1)
    due = period.start + FIRST_REVIEW
    interval = SECOND_REVIEW
    while True:
        late = rng.random() < REVIEW_LATE.at(due)
        held = due + between(rng, 1, 35) if late else due - between(rng, 0, 15)
        if held >= stop:
            return
        out["CHILD"].append(child.child_id)
        out["DOB"].append(child.dob)
        out["REVIEW"].append(held)
        out["REVIEW_CODE"].append(_participation(rng, child, held))
        due, interval = held + interval, LATER_REVIEWS


def _participation(rng: random.Random, child: Child, held: int) -> str:
    if held < add_years(child.dob, 4):
        return "PN0"
    if rng.random() < VIEWS_NOT_CONVEYED.at(held):
        return "PN7"
    return pick(rng, (("PN1", 62), ("PN2", 10), ("PN3", 6), ("PN4", 4), ("PN5", 9), ("PN6", 9)))


def visits(rng: random.Random, child: Child, period: PeriodOfCare, out: dict[str, list]) -> None:
    """Statutory visits: within a week of the start, then every 3-6 weeks, with some gaps over 6 weeks."""
    stop = min(period.end if period.end is not None else CUTOFF + 1, CUTOFF + 1)
    if period.start >= ACTIVITY_START:
        visit = period.start + between(rng, 1, 8)
    else:
        visit = ACTIVITY_START - between(rng, 0, 42)
    while visit < stop:
        if visit >= ACTIVITY_START:
            out["CHILD"].append(child.child_id)
            out["VISIT_DATE"].append(visit)
        if rng.random() < VISIT_LATE.at(visit):
            visit += between(rng, 45, 95)
        else:
            visit += between(rng, 21, 43)


def missing(rng: random.Random, child: Child, period: PeriodOfCare, out: dict[str, list]) -> None:
    """Missing (M) and away (A) incidents for a minority of children aged 10 and over, a few of them often."""
    stop = min(period.end if period.end is not None else CUTOFF + 1, CUTOFF + 1)
    first = max(period.start, ACTIVITY_START, add_years(child.dob, 10))
    if first >= stop:
        return
    draw = rng.random()
    if draw < 0.70:
        return
    per_year = 14.0 if draw > 0.955 else 1.8
    when = first
    while True:
        when += max(1, int(rng.expovariate(per_year * MISSING_RATE.at(when) / 365)))
        if when >= stop:
            return
        kind = "M" if rng.random() < 0.72 else "A"
        length = 0 if rng.random() < 0.5 else (1 if rng.random() < 0.6 else between(rng, 2, 6))
        end = when + length
        out["CHILD"].append(child.child_id)
        out["DOB"].append(child.dob)
        out["MISSING"].append(kind)
        out["MIS_START"].append(when)
        # Still missing at the cutoff: MIS_END stays empty.
        out["MIS_END"].append(end if end <= CUTOFF else None)
        when = end
