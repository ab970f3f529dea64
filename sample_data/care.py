"""Who is looked after, and when: children, their periods of care, a stock that follows Jersey's figures.

The care system is simulated month by month from `SIMULATION_START`. Each month brings new starts (30-40
a year at Jersey size), each start is given a pathway (return home, special guardianship, adoption,
long-term care to 18, remand, other) with a planned length, and the number looked after at each month end
is steered towards `STOCK` (78 at 31 December 2022 and 61 at 31 December 2023, as Jersey published) by
bringing forward or putting back the planned ends of children whose plans are short-term anyway.
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass, field
from datetime import date

from sample_data.chance import between, pick
from sample_data.dates import CUTOFF, SIMULATION_START, Trend, add_years, day

JERSEY_CHILDREN = 70  # looked after at any one time: `children` is measured against this

# Children looked after at each month end at Jersey size (Government of Jersey: 78 at 31/12/2022, 61 at
# 31/12/2023); in between, about 70.
STOCK = Trend(
    {
        2010.25: 70, 2019.9: 66, 2020.25: 68, 2021.25: 70, 2021.99: 72, 2022.5: 76, 2022.99: 78,
        2023.5: 70, 2023.99: 61, 2024.5: 62, 2024.99: 64, 2025.5: 66, 2025.99: 67, 2026.75: 68,
    }
)  # fmt: skip
# New periods of care a year at Jersey size (30-40 a year; fewer in 2023 as the numbers fell).
STARTS_PER_YEAR = Trend(
    {2010.25: 35, 2020.5: 34, 2021.5: 37, 2022.5: 39, 2023.5: 31, 2024.5: 33, 2025.5: 36, 2026.5: 35}
)

# (pathway, weight) by age band at the start of care.
PATHWAYS = {
    0: (("adoption", 25), ("home", 30), ("sgo", 20), ("long", 22), ("other", 3)),
    1: (("adoption", 12), ("home", 36), ("sgo", 22), ("long", 27), ("other", 3)),
    5: (("home", 46), ("sgo", 15), ("long", 36), ("other", 3)),
    10: (("remand", 4), ("home", 52), ("sgo", 5), ("long", 36), ("other", 3)),
    16: (("remand", 5), ("home", 37), ("long", 55), ("other", 3)),
}
AGE_BANDS = ((0, 0, 20), (1, 4, 14), (5, 9, 16), (10, 15, 36), (16, 17, 14))  # (from, to, weight %)
SHORT_TERM = frozenset({"home", "sgo", "other"})  # plans whose end can move to steer the stock

ETHNIC = (
    ("WBRI", 55), ("WOTH", 17), ("WIRI", 2), ("WROM", 1), ("MWBC", 4), ("MWBA", 2), ("MWAS", 2),
    ("MOTH", 4), ("AIND", 1), ("AOTH", 1), ("BAFR", 2), ("BCRB", 1), ("BOTH", 1), ("CHNE", 1),
    ("OOTH", 2), ("REFU", 1), ("NOBT", 3),
)  # fmt: skip
CIN = {
    "home": (("N1", 50), ("N4", 16), ("N5", 20), ("N3", 6), ("N8", 4), ("N7", 1), ("N6", 3)),
    "long": (("N1", 70), ("N5", 10), ("N4", 7), ("N2", 5), ("N3", 4), ("N8", 4)),
    "sgo": (("N1", 80), ("N5", 10), ("N4", 6), ("N3", 4)),
    "adoption": (("N1", 92), ("N3", 4), ("N5", 4)),
    "remand": (("N6", 80), ("N5", 20)),
    "other": (("N1", 50), ("N8", 25), ("N4", 15), ("N5", 10)),
    "short_breaks": (("N2", 100),),
}
HOME_POSTS = (("JE2", 40), ("JE3", 30), ("JE1", 15), ("JE4", 15))


@dataclass(slots=True)
class PeriodOfCare:
    start: int
    end: int | None  # None: still looked after at the cutoff
    pathway: str
    cin: str
    rec: str | None = None  # "AT18" until the last placement is known
    episodes: list[tuple] = field(default_factory=list)


@dataclass(slots=True)
class Child:
    sex: int
    dob: int
    ethnic: str
    home_post: str | None
    periods: list[PeriodOfCare] = field(default_factory=list)
    child_id: str = ""
    leaver_years: list[tuple[int, int]] = field(
        default_factory=list
    )  # (YEAR, age at 31 March) as a care leaver


def new_child(rng: random.Random, start: int) -> Child:
    low, high, _ = rng.choices(AGE_BANDS, weights=[weight for _, _, weight in AGE_BANDS])[0]
    # Under 18 at the start, whatever the leap days: at most (high + 1) * 365 - 2 days old.
    age_days = between(rng, low * 365, (high + 1) * 365 - 31) + between(rng, 1, 30)
    home_post = pick(rng, HOME_POSTS) if rng.random() > 0.02 else None
    return Child(
        sex=1 if rng.random() < 0.54 else 2,
        dob=start - age_days,
        ethnic=pick(rng, ETHNIC),
        home_post=home_post,
    )


def _planned_length(rng: random.Random, pathway: str, age: int) -> int:
    if pathway == "home":
        if rng.random() < 0.55:
            return int(rng.lognormvariate(4.0, 0.9)) + 2  # median about 8 weeks
        return between(rng, 180, 760)
    if pathway == "sgo":
        return between(rng, 270, 1050)
    if pathway == "adoption":
        return between(rng, 430, 920)
    if pathway == "remand":
        return between(rng, 20, 130)
    if pathway == "other":
        return between(rng, 30, 700)
    # long-term care: to 18 for older children, several years for younger ones
    return 40_000 if age >= 8 else between(rng, 2 * 365, 8 * 365)


def _rec_for(rng: random.Random, pathway: str) -> str:
    if pathway == "home":
        return pick(rng, (("E4A", 68), ("E4B", 12), ("E13", 20)))
    if pathway == "sgo":
        return pick(rng, (("E45", 35), ("E46", 15), ("E47", 20), ("E48", 10), ("E41", 20)))
    if pathway == "adoption":
        return pick(rng, (("E11", 85), ("E12", 15)))
    if pathway == "remand":
        return pick(rng, (("E14", 70), ("E9", 30)))
    if pathway == "other":
        return pick(rng, (("E3", 35), ("E16", 15), ("E8", 35), ("E7", 15)))
    return pick(rng, (("E13", 60), ("E8", 25), ("E41", 15)))


def start_period(rng: random.Random, child: Child, start: int) -> PeriodOfCare:
    age = (start - child.dob) // 365
    band = max(band for band in PATHWAYS if band <= age)
    pathway = pick(rng, PATHWAYS[band])
    end = start + max(1, _planned_length(rng, pathway, age))
    eighteenth = add_years(child.dob, 18)
    rec = _rec_for(rng, pathway)
    if end >= eighteenth:
        # Nobody is looked after past their 18th birthday; how they leave depends on the last placement.
        end, rec = eighteenth, "AT18"
    period = PeriodOfCare(start=start, end=end, pathway=pathway, cin=pick(rng, CIN[pathway]), rec=rec)
    child.periods.append(period)
    return period


@dataclass
class _Stock:
    """The periods open during the simulation, with their planned ends in a heap (stale entries skipped)."""

    rng: random.Random
    open_periods: dict[int, tuple[Child, PeriodOfCare]] = field(default_factory=dict)
    ends: list[tuple[int, int]] = field(default_factory=list)
    serial: int = 0

    def add(self, child: Child, period: PeriodOfCare) -> None:
        self.serial += 1
        self.open_periods[self.serial] = (child, period)
        heapq.heappush(self.ends, (period.end, self.serial))

    def reschedule(self, key: int, end: int) -> None:
        self.open_periods[key][1].end = end
        heapq.heappush(self.ends, (end, key))

    def pop_ended(self, last_day: int) -> list[tuple[Child, PeriodOfCare]]:
        ended = []
        while self.ends and self.ends[0][0] <= last_day:
            end, key = heapq.heappop(self.ends)
            entry = self.open_periods.get(key)
            if entry is not None and entry[1].end == end:
                ended.append(self.open_periods.pop(key))
        return ended


def simulate_care(rng: random.Random, scale: float) -> list[Child]:
    """Every child who was ever looked after from `SIMULATION_START` to the cutoff, with periods of care."""
    children: list[Child] = []
    stock = _Stock(rng)
    reentries: dict[int, list[Child]] = {}

    # An initial stock so that the simulation starts near its steady state.
    for _ in range(round(STOCK.at(SIMULATION_START) * scale)):
        start = SIMULATION_START - between(rng, 1, 4 * 365)
        child = new_child(rng, start)
        children.append(child)
        period = start_period(rng, child, start)
        if period.end <= SIMULATION_START:
            period.end = min(add_years(child.dob, 18), SIMULATION_START + between(rng, 1, 3 * 365))
        stock.add(child, period)

    first = date.fromordinal(SIMULATION_START)
    month_index = first.year * 12 + first.month - 1
    carry = 0.0
    while True:
        year, month = divmod(month_index, 12)
        first_day = day(year, month + 1, 1)
        if first_day > CUTOFF:
            break
        next_year, next_month = divmod(month_index + 1, 12)
        last_day = day(next_year, next_month + 1, 1) - 1
        width = last_day - first_day + 1

        # Starts: an even flow with a little noise, so that each year lands inside 30-40 at Jersey size.
        carry += STARTS_PER_YEAR.at(first_day) * scale / 12 * rng.uniform(0.55, 1.45)
        arrivals = int(carry)
        carry -= arrivals
        returning = reentries.pop(month_index, [])
        for index in range(arrivals):
            start = first_day + between(rng, 0, width)
            if (
                index < len(returning)
                and start > returning[index].periods[-1].end + 30
                and start < add_years(returning[index].dob, 17)
            ):
                child = returning[index]
            else:
                child = new_child(rng, start)
                children.append(child)
            stock.add(child, start_period(rng, child, start))

        for child, period in stock.pop_ended(last_day):
            if period.pathway == "home" and period.end < add_years(child.dob, 16) and rng.random() < 0.18:
                # Some children who go home come back into care: a new period of care, RNE = S again.
                when = month_index + between(rng, 2, 20)
                reentries.setdefault(when, []).append(child)

        _steer(rng, stock, round(STOCK.at(last_day) * scale), last_day)
        month_index += 1

    for child in children:
        for period in child.periods:
            if period.end > CUTOFF:
                period.end, period.rec = None, None
    return children


def _steer(rng: random.Random, stock: _Stock, target: int, last_day: int) -> None:
    """Bring the number looked after at the month end within a small band of the target.

    Too many: the short-term plans due to end soonest end this month instead. Too few: the plans due to end
    soonest (before the child is 18) are put back by two to eight months. Either way the heap of planned
    ends gives the candidates in order, so steering costs little even at England size.
    """
    band = max(1, round(target * 0.015))
    surplus = len(stock.open_periods) - (target + band)
    deficit = (target - band) - len(stock.open_periods)
    wanted = max(surplus, deficit)
    if wanted <= 0:
        return
    changed, kept = 0, []  # kept: entries looked at and left alone, earliest end first
    while stock.ends and changed < wanted and len(kept) < 20 * wanted + 50:
        end, key = heapq.heappop(stock.ends)
        entry = stock.open_periods.get(key)
        if entry is None or entry[1].end != end:
            continue  # stale: the period already ended or was rescheduled
        child, period = entry
        if surplus > 0 and period.pathway not in SHORT_TERM:
            kept.append((end, key))
        elif surplus > 0:
            if period.start >= last_day - 7:
                kept.append((end, key))
                continue
            # Leaves this month, so is not looked after at the month end.
            period.end = max(period.start + 1, last_day - between(rng, 0, 25))
            stock.open_periods.pop(key)
            changed += 1
        else:
            new_end = end + between(rng, 60, 240)
            if new_end < add_years(child.dob, 18):
                stock.reschedule(key, new_end)
                changed += 1
            else:
                kept.append((end, key))
    if surplus > 0 and changed < wanted:
        # Not enough short-term plans: children due to leave soonest go home or to family sooner.
        for index, (_, key) in enumerate(kept):
            if changed >= wanted:
                break
            period = stock.open_periods[key][1]
            if period.pathway in {"adoption", "remand"} or period.start >= last_day - 7:
                continue
            period.end = max(period.start + 1, last_day - between(rng, 0, 25))
            period.rec = pick(rng, (("E4A", 40), ("E13", 30), ("E45", 20), ("E41", 10)))
            stock.open_periods.pop(key)
            kept[index] = None
            changed += 1
    for item in kept:
        if item is not None:
            heapq.heappush(stock.ends, item)
