"""The services that care for the sample's children: services.csv, inspections.csv, service_costs.csv, and
the URN of every placement in episodes.csv.

Fourteen services for Jersey: two on-island children's homes and a secure home (own provision), the
department's own fostering service and an independent on-island one, and off-island providers (an
independent fostering agency, five children's homes, a residential school and a secure unit).

Services are given to placements after the episodes are drawn, from their own random stream, so the
children's care (and every indicator) is the same with or without them. Two stories are written in so that
the Services page has something true to flag:
- **Brook House** (on-island home): good inspections, then requires improvement (February 2025) and
  inadequate (June 2026); from April 2024 nearly every placement there that ends in a move ends unplanned.
- **Dorset Cove** (off-island home): its weekly price climbs by 13-14% a year from April 2024.
Solent View's contract ends in January 2027, within six months of the sample's last quarter end.

REASON_PLACE_CHANGE stays where the generator writes it, as the DfE records it (rule 225): on the episode
that ENDS with the move. Only Brook House's endings are drawn again (planned or unplanned) for its story.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from sample_data.chance import pick

TEMPORARY = frozenset({"T0", "T1", "T2", "T3", "T4"})
FOSTER = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
RESIDENTIAL = frozenset({"K2", "R1", "S1"})
SAME_CARER = frozenset({"L", "T", "U"})
UNPLANNED = (("CREQB", 45), ("ALLEG", 20), ("STAND", 20), ("CREQO", 15))
PLANNED = (("CARPL", 70), ("CHILD", 15), ("LAREQ", 15))

BROOK_HOUSE = "JCC101"
DORSET_COVE = "SC517302"
# From here Brook House's placements mostly end unplanned; before it, few do.
BROOK_HOUSE_DECLINE = date(2024, 4, 1).toordinal()
BROOK_HOUSE_UNPLANNED = (0.15, 0.95)  # the chance an ending is unplanned before and after the decline


@dataclass(frozen=True)
class Service:
    service_id: str
    name: str
    provider: str
    kind: str
    on_island: bool
    own: bool
    capacity: int | None
    weekly_cost: float  # the price in April 2022; later prices rise by `uplift` a year from April
    contract_end: date | None
    grades: tuple[tuple[date, str], ...]
    uplift: float = 0.03


GOJ = "Government of Jersey"
# SERVICE_ID, NAME, PROVIDER, KIND, on island, own provision, CAPACITY, price in April 2022, CONTRACT_END,
# inspections (date, grade).
_SERVICE_ROWS = (
    (BROOK_HOUSE, "Brook House", GOJ, "CHILDRENS_HOME", True, True, 4, 4600, None,
     ((date(2021, 10, 12), "GOOD"), (date(2023, 11, 8), "GOOD"), (date(2025, 2, 19), "REQUIRES_IMPROVEMENT"),
      (date(2026, 6, 3), "INADEQUATE"))),
    ("JCC102", "Orchard View", GOJ, "CHILDRENS_HOME", True, True, 3, 4400, None,
     ((date(2022, 3, 2), "GOOD"), (date(2023, 5, 17), "OUTSTANDING"), (date(2025, 6, 11), "OUTSTANDING"))),
    ("JCC110", "Greenfields", GOJ, "SECURE", True, True, None, 9500, None,
     ((date(2022, 9, 6), "GOOD"), (date(2024, 9, 24), "GOOD"))),
    ("JFS001", "Jersey Fostering Service", GOJ, "FOSTERING", True, True, None, 560, None,
     ((date(2022, 1, 25), "GOOD"), (date(2025, 1, 14), "GOOD"))),
    ("JIF002", "Island Foster Care", "Island Foster Care Ltd", "FOSTERING", True, False, None, 980,
     date(2028, 3, 31), ((date(2022, 6, 7), "GOOD"), (date(2025, 5, 20), "GOOD"))),
    ("SC044871", "Coastline Fostering", "Coastline Care Group", "FOSTERING", False, False, None, 1150,
     date(2027, 9, 30), ((date(2023, 2, 1), "GOOD"), (date(2025, 11, 4), "GOOD"))),
    ("SC482911", "Hampshire Lodge", "Meridian Children's Services", "CHILDRENS_HOME", False, False, None,
     6300, date(2028, 3, 31), ((date(2022, 11, 15), "GOOD"), (date(2024, 12, 3), "GOOD"))),
    (DORSET_COVE, "Dorset Cove", "Cove Residential Ltd", "CHILDRENS_HOME", False, False, None, 5900,
     date(2027, 12, 31), ((date(2023, 3, 21), "GOOD"), (date(2025, 4, 8), "GOOD"))),
    ("SC530118", "Solent View", "Harbourside Care", "CHILDRENS_HOME", False, False, None, 6100,
     date(2027, 1, 31), ((date(2022, 7, 19), "OUTSTANDING"), (date(2024, 10, 1), "OUTSTANDING"))),
    ("SC601244", "Devon Meadows", "Meadows Care Partnership", "CHILDRENS_HOME", False, False, None, 6700,
     date(2028, 6, 30), ((date(2023, 1, 10), "GOOD"), (date(2025, 3, 4), "GOOD"))),
    ("SC612077", "Midlands Therapeutic Care", "Keystone Therapeutic Ltd", "CHILDRENS_HOME", False, False,
     None, 7400, date(2028, 3, 31), ((date(2022, 5, 24), "GOOD"), (date(2024, 8, 13), "GOOD"))),
    ("SC610990", "Wessex House", "Meridian Children's Services", "CHILDRENS_HOME", False, False, None, 6500,
     date(2028, 3, 31), ((date(2023, 9, 12), "GOOD"), (date(2025, 10, 21), "GOOD"))),
    ("SC700455", "Channel Residential School", "Channel Education Trust", "RESIDENTIAL_SCHOOL", False, False,
     None, 5200, date(2027, 7, 31), ((date(2023, 6, 27), "GOOD"),)),
    ("SC800210", "Aldine Secure Unit", "Aldine Secure Services", "SECURE", False, False, None, 11800,
     date(2028, 3, 31), ((date(2022, 2, 8), "GOOD"), (date(2024, 4, 16), "GOOD"))),
)  # fmt: skip
SERVICES = tuple(Service(*row) for row in _SERVICE_ROWS)
# Dorset Cove's price, April to April: an ordinary uplift, then three steep rises.
DORSET_COVE_PRICES = {2022: 5900, 2023: 6080, 2024: 6900, 2025: 7850, 2026: 8950}
PRICE_YEARS = range(2022, 2027)

# Most children placed in a home on the island go to Brook House, the larger of the two.
ON_ISLAND_HOMES = ((BROOK_HOUSE, 90), ("JCC102", 10))
OFF_ISLAND_HOMES = (
    ("SC482911", 25), (DORSET_COVE, 20), ("SC530118", 20), ("SC601244", 15), ("SC612077", 10),
    ("SC610990", 10),
)  # fmt: skip


def _on_island(pl_post: str | None) -> bool | None:
    return None if pl_post is None else pl_post.startswith("JE")


def _service_for(rng: random.Random, place: str, provider: str | None, pl_post: str | None) -> str | None:
    """The service a new placement is with; None for placements no listed service provides (parents,
    adoption, temporary, NHS, custody, another authority's carers, an unknown location)."""
    island = _on_island(pl_post)
    if island is None:
        return None
    if place == "K1":
        return "JCC110" if island else "SC800210"
    if place in RESIDENTIAL:
        if not island:
            return "SC700455" if place == "S1" else pick(rng, OFF_ISLAND_HOMES)
        return pick(rng, ON_ISLAND_HOMES)
    if place in FOSTER:
        if not island:
            return "SC044871" if provider == "PR4" else None
        return "JFS001" if provider == "PR1" else "JIF002"
    return None


def _kind(place: str) -> str:
    return "foster" if place in FOSTER else ("residential" if place in RESIDENTIAL | {"K1"} else place)


def assign_services(episodes: dict[str, list], seed_rng: random.Random) -> dict[str, list]:
    """``episodes`` (the generator's columns, episodes of each child in order) with URN given and Brook
    House's REASON_PLACE_CHANGE drawn again, as the module docstring says."""
    child, decom, dec, rec = episodes["CHILD"], episodes["DECOM"], episodes["DEC"], episodes["REC"]
    rne, place, provider, pl_post = (
        episodes["RNE"],
        episodes["PLACE"],
        episodes["PLACE_PROVIDER"],
        episodes["PL_POST"],
    )
    rows = len(child)
    continues = [
        index > 0
        and child[index] == child[index - 1]
        and rec[index - 1] == "X1"
        and decom[index] == dec[index - 1]
        for index in range(rows)
    ]
    urns: list[str | None] = []
    for index in range(rows):
        same_carer = continues[index] and rne[index] in SAME_CARER
        if same_carer and _kind(place[index]) == _kind(place[index - 1]) and place[index] not in TEMPORARY:
            urns.append(urns[index - 1])
        elif place[index] in TEMPORARY:
            urns.append(None)
        else:
            urns.append(_service_for(seed_rng, place[index], provider[index], pl_post[index]))
    # The generator already writes the reason on the episode that ends with a move (DfE 225); only Brook
    # House's endings are drawn again, to tell its story.
    reasons = list(episodes["REASON_PLACE_CHANGE"])
    for index in range(rows):
        if urns[index] == BROOK_HOUSE and reasons[index] not in (None, "PLACE"):
            chance = BROOK_HOUSE_UNPLANNED[dec[index] >= BROOK_HOUSE_DECLINE]
            reasons[index] = pick(seed_rng, UNPLANNED if seed_rng.random() < chance else PLANNED)
    return {**episodes, "URN": urns, "REASON_PLACE_CHANGE": reasons}


def _text(day: date | None) -> str | None:
    return None if day is None else day.strftime("%d/%m/%Y")


def _price(service: Service, year: int) -> float:
    if service.service_id == DORSET_COVE:
        return float(DORSET_COVE_PRICES[year])
    return round(service.weekly_cost * (1 + service.uplift) ** (year - PRICE_YEARS[0]), 2)


def services_file() -> dict[str, list]:
    latest = [service.grades[-1] for service in SERVICES]
    return {
        "SERVICE_ID": [service.service_id for service in SERVICES],
        "NAME": [service.name for service in SERVICES],
        "PROVIDER": [service.provider for service in SERVICES],
        "KIND": [service.kind for service in SERVICES],
        "ON_ISLAND": [str(int(service.on_island)) for service in SERVICES],
        "OWN_PROVISION": [str(int(service.own)) for service in SERVICES],
        "CAPACITY": [None if service.capacity is None else str(service.capacity) for service in SERVICES],
        "WEEKLY_COST": [f"{_price(service, PRICE_YEARS[-1]):.2f}" for service in SERVICES],
        "CONTRACT_END": [_text(service.contract_end) for service in SERVICES],
        "INSPECTION_GRADE": [grade for _, grade in latest],
        "INSPECTION_DATE": [_text(day) for day, _ in latest],
    }


def inspections_file() -> dict[str, list]:
    rows = [(service.service_id, day, grade) for service in SERVICES for day, grade in service.grades]
    return {
        "SERVICE_ID": [row[0] for row in rows],
        "DATE": [_text(row[1]) for row in rows],
        "GRADE": [row[2] for row in rows],
    }


def service_costs_file() -> dict[str, list]:
    rows = [(service, year) for service in SERVICES for year in PRICE_YEARS]
    return {
        "SERVICE_ID": [service.service_id for service, _ in rows],
        "EFFECTIVE": [_text(date(year, 4, 1)) for _, year in rows],
        "WEEKLY_COST": [f"{_price(service, year):.2f}" for service, year in rows],
    }
