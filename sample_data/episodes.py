"""The episodes of one period of care: legal status changes, placement moves, temporary placements,
adoption.

A period of care is a chain of episodes: the first has RNE = S, each later one starts on the day the one
before ended (that one ending with REC = X1), and the last ends with the period's own reason (or stays open).
"""

from __future__ import annotations

import random

from sample_data.care import Child, PeriodOfCare
from sample_data.chance import between, pick
from sample_data.dates import CUTOFF, Trend, add_years

# Placement stability improves over the years: placements last longer (a factor on their mean length) and
# fewer children are in a run of short, breaking placements.
PLACEMENT_LENGTH_FACTOR = Trend({2019.0: 0.85, 2021.0: 0.9, 2023.0: 1.1, 2026.75: 1.5})
UNSETTLED_SHARE = Trend({2019.0: 0.14, 2021.0: 0.13, 2023.0: 0.07, 2026.75: 0.02})
# A child in a run of breaking placements stays in it at the next move with this chance.
STAYS_UNSETTLED = Trend({2019.0: 0.75, 2021.0: 0.72, 2023.0: 0.55, 2026.75: 0.30})
# Foster placements confirmed as long-term with the same carer (a T episode), more often as practice improves.
LONG_TERM_MATCH = Trend({2019.0: 0.55, 2021.0: 0.6, 2026.75: 0.9})
# Off-island placements grow: more residential and more foster placements are found off the island.
OFF_ISLAND_RESIDENTIAL = Trend({2019.0: 0.25, 2021.0: 0.30, 2023.5: 0.65, 2026.75: 0.90})
OFF_ISLAND_FOSTER = Trend({2019.0: 0.02, 2021.0: 0.03, 2023.5: 0.12, 2026.75: 0.25})

OFF_ISLAND_POSTS = (
    ("SO15", 3), ("SO16", 2), ("BH8", 2), ("PO4", 2), ("GU14", 1), ("EX2", 2), ("TQ2", 1), ("PL6", 1),
    ("B23", 1), ("M20", 1), ("LS9", 1), ("BS5", 1), ("DT1", 1), ("GY1", 1), ("RG2", 1), ("SN3", 1),
)  # fmt: skip
JERSEY_POSTS = (("JE2", 40), ("JE3", 35), ("JE1", 15), ("JE4", 10))
PLACE_CHANGE_REASONS = (
    ("CARPL", 38), ("CREQB", 16), ("CREQO", 9), ("CHILD", 8), ("LAREQ", 8), ("ALLEG", 3), ("STAND", 3),
    ("CLOSE", 2), ("APPRR", 2), ("OTHER", 11),
)  # fmt: skip
RESIDENTIAL = (("K2", 72), ("R1", 10), ("S1", 10), ("K1", 8))
FOSTER_CODES = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
NEVER = 10**9


class _Placement:
    __slots__ = ("pl_post", "place", "provider", "urn")

    def __init__(self, place: str, provider: str | None, pl_post: str | None, urn: str | None) -> None:
        self.place, self.provider, self.pl_post, self.urn = place, provider, pl_post, urn


def _choose_placement(
    rng: random.Random, child: Child, when: int, *, first: bool, unsettled: bool
) -> _Placement:
    age = (when - child.dob) // 365
    residential_share = 0.03 if age < 10 else (0.2 if age < 16 else 0.26)
    if unsettled:
        residential_share *= 2
    draw = rng.random()
    if age < 1 and first and draw < 0.08:
        return _Placement("R3", "PR1", pick(rng, JERSEY_POSTS), None)
    if draw < residential_share:
        place = pick(rng, RESIDENTIAL)
        if rng.random() < OFF_ISLAND_RESIDENTIAL.at(when):
            provider = pick(rng, (("PR4", 75), ("PR5", 15), ("PR2", 10)))
            return _Placement(
                place, provider, _post(rng, OFF_ISLAND_POSTS), f"SC{between(rng, 0, 10**6):06d}"
            )
        provider = "PR1" if place in {"K2", "K1"} else "PR5"
        return _Placement(place, provider, _post(rng, JERSEY_POSTS), f"JCC{between(rng, 100, 140)}")
    if not first and draw < residential_share + 0.04:
        # Placed with parents (P1) under a care order: the only placement without a provider code.
        return _Placement("P1", None if rng.random() < 0.5 else "PR0", child.home_post, None)
    if first:
        place = "U3" if rng.random() < 0.2 else "U6"
    else:
        place = pick(rng, (("U6", 75), ("U3", 15), ("U4", 10)))
    if rng.random() < OFF_ISLAND_FOSTER.at(when):
        provider = pick(rng, (("PR4", 60), ("PR2", 40)))
        return _Placement(place, provider, _post(rng, OFF_ISLAND_POSTS), None)
    provider = "PR1" if place in {"U1", "U2", "U3"} or rng.random() < 0.88 else "PR4"
    return _Placement(place, provider, _post(rng, JERSEY_POSTS), None)


def _post(rng: random.Random, posts: tuple[tuple[str, int], ...]) -> str | None:
    # A few placements have no postcode recorded: they drop out of the off-island denominator.
    return None if rng.random() < 0.03 else pick(rng, posts)


def _initial_legal_status(rng: random.Random, pathway: str) -> str:
    if pathway == "remand":
        return pick(rng, (("J2", 70), ("J1", 20), ("J3", 10)))
    if pathway == "home":
        return pick(rng, (("V2", 70), ("C1", 15), ("L1", 8), ("L2", 7)))
    if pathway == "adoption":
        return pick(rng, (("C1", 75), ("L2", 15), ("V2", 10)))
    return pick(rng, (("V2", 42), ("C1", 38), ("L1", 8), ("L2", 7), ("C2", 5)))


def _legal_changes(rng: random.Random, start: int, ls: str, pathway: str) -> list[tuple[int, str, bool]]:
    """Dated changes of legal status (with True when the child moves on the same day: RNE = B)."""
    changes = []
    when = start
    if ls in {"L1", "L2"}:
        # Police or emergency protection lasts days; half of the children move on with the new order (B).
        when += between(rng, 2, 9)
        ls = "C1" if pathway != "home" or rng.random() < 0.3 else "V2"
        changes.append((when, ls, rng.random() < 0.5))
    if ls == "V2" and pathway in {"long", "sgo"} and rng.random() < 0.45:
        when += between(rng, 30, 150)
        ls = "C1"
        changes.append((when, ls, False))
    if ls == "C1" and pathway != "home":
        when += between(rng, 120, 300)
        changes.append((when, "C2", False))
    return changes


def period_episodes(rng: random.Random, child: Child, period: PeriodOfCare) -> list[tuple]:
    """Episode tuples: DECOM, RNE, LS, CIN, PLACE, PLACE_PROVIDER, DEC, REC, REASON_PLACE_CHANGE,
    HOME_POST, PL_POST, URN."""
    horizon = period.end if period.end is not None else CUTOFF + 1
    ls = _initial_legal_status(rng, period.pathway)
    unsettled = rng.random() < UNSETTLED_SHARE.at(period.start) * (
        1.5 if child.dob < period.start - 3650 else 0.5
    )
    if period.pathway == "remand":
        off = rng.random() < 0.5
        placement = _Placement(
            "K1" if not off or rng.random() < 0.6 else "R5",
            "PR1" if not off else "PR3",
            pick(rng, OFF_ISLAND_POSTS) if off else "JE3",
            None,
        )
    else:
        placement = _choose_placement(rng, child, period.start, first=True, unsettled=unsettled)

    segments: list[list] = [[period.start, "S", ls, placement, None]]
    pending = _legal_changes(rng, period.start, ls, period.pathway)
    events: list[tuple[int, str, object]] = [
        (when, "legal_move" if moves else "legal", status) for when, status, moves in pending
    ]
    if period.pathway == "adoption":
        order = period.start + int((horizon - period.start) * rng.uniform(0.35, 0.5))
        placed = order + between(rng, 25, 90)
        if rng.random() < 0.8:
            if rng.random() < 0.7:
                # The placement order a while before the adoptive placement (RNE = L), otherwise on the
                # same day (U with the current carer, B with new adopters).
                events.append((order, "legal", "E1"))
            events.append((placed, "adopt", "A5" if rng.random() < 0.3 else "A6"))
        else:
            events.append((placed, "adopt", "A3" if rng.random() < 0.3 else "A4"))
    elif period.pathway in {"long", "sgo"} and rng.random() < 0.08:
        temporary = period.start + between(rng, 30, max(31, min(900, horizon - period.start)))
        events.append((temporary, "temporary", pick(rng, (("T1", 50), ("T0", 20), ("T3", 15), ("T4", 15)))))
    if period.pathway in {"long", "sgo"} and rng.random() < LONG_TERM_MATCH.at(period.start):
        events.append((period.start + between(rng, 150, 450), "long_term", None))
    events.sort(key=lambda event: event[0])

    settled = False  # with a long-term carer: moves become rare

    def next_move(since: int) -> int:
        if period.pathway in {"remand"}:
            return NEVER
        if settled:
            mean = 2600
        elif unsettled:
            mean = 120 if (since - child.dob) // 365 >= 10 else 240
        else:
            mean = 650
        mean *= PLACEMENT_LENGTH_FACTOR.at(since)
        return since + max(7, int(rng.expovariate(1 / mean)))

    move_at = next_move(period.start)
    adopted_placement = False
    while True:
        event_day = events[0][0] if events else NEVER
        when = min(event_day, move_at)
        if when >= horizon or when >= NEVER:
            break
        last = segments[-1]
        when = max(when, last[0] + 1)
        if when >= horizon:
            break
        if move_at <= event_day:
            move_at = NEVER
            if adopted_placement:
                continue
            settled = False
            if unsettled:
                unsettled = rng.random() < STAYS_UNSETTLED.at(when)
            else:
                unsettled = rng.random() < UNSETTLED_SHARE.at(when) * 0.5
            new = _choose_placement(rng, child, when, first=False, unsettled=unsettled)
            segments.append([when, "P", last[2], new, pick(rng, PLACE_CHANGE_REASONS)])
            move_at = next_move(when)
            if period.pathway in {"long", "sgo"} and rng.random() < LONG_TERM_MATCH.at(when):
                events.append((when + between(rng, 120, 400), "long_term", None))
                events.sort(key=lambda event: event[0])
            continue
        _, kind, payload = events.pop(0)
        current = last[3]
        if kind == "legal":
            segments.append([when, "L", payload, current, None])
        elif kind == "legal_move":
            new = _choose_placement(rng, child, when, first=False, unsettled=unsettled)
            segments.append([when, "B", payload, new, "CARPL"])
            move_at = next_move(when)
        elif kind == "adopt":
            same_carer = payload in {"A3", "A5"} and current.place in FOSTER_CODES
            place = payload if same_carer else {"A3": "A4", "A5": "A6"}.get(payload, payload)
            status = "E1" if place in {"A5", "A6"} else last[2]
            provider = "PR1" if rng.random() < 0.8 else "PR5"
            adoptive = _Placement(
                place, provider, current.pl_post if same_carer else _post(rng, JERSEY_POSTS), None
            )
            # With the current foster carer it is a change of placement only (T, or U with the legal status);
            # with new adopters a change of placement and carer (P, or B with the legal status).
            status_changes = status != last[2]
            rne = ("U" if status_changes else "T") if same_carer else ("B" if status_changes else "P")
            segments.append([when, rne, status, adoptive, "CARPL"])
            adopted_placement = True
            move_at = NEVER
        elif kind == "temporary":
            if current.place not in FOSTER_CODES or adopted_placement:
                continue
            segments.append([when, "P", last[2], _Placement(payload, "PR3", "JE2", None), "OTHER"])
            back = when + between(rng, 3, 15)
            if back < horizon:
                returned = _Placement(current.place, current.provider, current.pl_post, current.urn)
                segments.append([back, "P", last[2], returned, "CARPL"])
                move_at = next_move(back)
        elif kind == "long_term" and current.place in {"U6", "U3"} and not adopted_placement:
            # The same carer becomes the long-term carer: a change of placement only.
            long_term = _Placement(
                "U4" if current.place == "U6" else "U1", current.provider, current.pl_post, None
            )
            settled = True
            move_at = next_move(when)
            segments.append([when, "T", last[2], long_term, pick(rng, (("PLACE", 70), ("CARPL", 30)))])

    return _finish(rng, child, period, segments)


def _finish(rng: random.Random, child: Child, period: PeriodOfCare, segments: list[list]) -> list[tuple]:
    rec = period.rec
    last_place = segments[-1][3].place
    if rec == "AT18":
        if last_place in FOSTER_CODES:
            rec = pick(rng, (("E17", 70), ("E5", 15), ("E6", 7), ("E13", 8)))
        elif last_place in {"K1", "K2", "R1", "S1", "R2"}:
            rec = pick(rng, (("E5", 50), ("E6", 15), ("E7", 12), ("E13", 18), ("E8", 5)))
        else:
            rec = pick(rng, (("E5", 40), ("E6", 25), ("E13", 25), ("E8", 10)))
    elif rec in {"E11", "E12"} and last_place not in {"A3", "A4", "A5", "A6"}:
        rec = "E45"  # the adoption plan changed to special guardianship before a placement was found
    period.rec = rec
    episodes = []
    for index, (decom, rne, ls, placement, reason) in enumerate(segments):
        if index + 1 < len(segments):
            dec, reason_ceased = segments[index + 1][0], "X1"
        else:
            dec, reason_ceased = period.end, rec
        episodes.append(
            (decom, rne, ls, period.cin, placement.place, placement.provider, dec, reason_ceased, reason,
             child.home_post, placement.pl_post, placement.urn)
        )  # fmt: skip
    return episodes


def short_break_periods(rng: random.Random, child: Child, first: int, last: int) -> None:
    """Agreed series of short breaks: V3 (one episode per agreement) or V4 (one episode per break)."""
    series = "V3" if rng.random() < 0.5 else "V4"
    when = first
    while when < last:
        end = when + (between(rng, 300, 366) if series == "V3" else between(rng, 1, 4))
        if end > min(last, add_years(child.dob, 18), CUTOFF):
            break
        period = PeriodOfCare(start=when, end=end, pathway="short_breaks", cin="N2", rec="E13")
        placement = _Placement("U6" if series == "V4" else "K2", "PR1", pick(rng, JERSEY_POSTS), None)
        period.episodes = [
            (when, "S", series, "N2", placement.place, placement.provider, end, "E13", None, child.home_post,
             placement.pl_post, placement.urn)
        ]  # fmt: skip
        child.periods.append(period)
        when = end + (between(rng, 25, 60) if series == "V4" else between(rng, 20, 60))
