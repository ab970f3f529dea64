"""Social worker episodes (the DfE's sw_episodes, collected from 2023/24): who is each child's social worker.

Each period of care has a chain of allocations: a new social worker every 3 to 18 months, more often while
agency use peaked in 2023 (`CHANGE_RATE`), each with the DfE's reason for the change (SW_REASON) on the new
allocation. Only allocations still running on or after 1 April 2023 are written, as the DfE collects them.
"""

from __future__ import annotations

import random

from sample_data.care import Child, PeriodOfCare
from sample_data.chance import between, pick
from sample_data.dates import CUTOFF, Trend, day

SW_START = day(2023, 4, 1)
# The chance that an allocation is cut short (about 3 months instead of up to 18): highest with the 2023
# peak in agency social workers, easing after.
CHANGE_RATE = Trend({2022.0: 0.35, 2023.5: 0.5, 2026.75: 0.2})
SW_REASONS = (
    ("LEFTRL", 35), ("MANAGE", 20), ("ORGRST", 12), ("TSPROC", 10), ("ABSENC", 6), ("CHCHAN", 5),
    ("PCCHAN", 4), ("OTHERS", 8),
)  # fmt: skip
COLUMNS = ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON")


def social_worker_episodes(
    rng: random.Random, child: Child, period: PeriodOfCare, out: dict[str, list]
) -> None:
    stop = period.end if period.end is not None else None
    if stop is not None and stop < SW_START:
        return
    start, worker, reason = period.start, None, None
    while True:
        short = rng.random() < CHANGE_RATE.at(start)
        end = start + (between(rng, 60, 120) if short else between(rng, 150, 540))
        previous, worker = worker, f"SW{between(rng, 1, 1000):04d}"
        while worker == previous:
            worker = f"SW{between(rng, 1, 1000):04d}"
        last = (stop is not None and end >= stop) or (stop is None and end > CUTOFF)
        finish = (stop if stop is not None else None) if last else end
        if finish is None or finish >= SW_START:
            for column, value in zip(
                COLUMNS, (child.child_id, child.dob, worker, start, finish, reason), strict=True
            ):
                out[column].append(value)
        if last:
            return
        start, reason = end, pick(rng, SW_REASONS)
