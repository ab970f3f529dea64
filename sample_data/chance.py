"""Drawing from one seeded `random.Random`: weighted codes and whole numbers in a range, quickly.

`random.Random.randrange` and `choices` are general and slow; at England size the generator draws tens of
millions of values, so these two helpers keep to one `rng.random()` call each. Same seed, same draws.
"""

from __future__ import annotations

import random
from bisect import bisect_right

Weighted = tuple[tuple[str, float], ...]


# Cumulative weights by the identity of the (constant) table; the table itself is kept to check identity,
# because hashing a tuple of pairs on every draw costs more than the draw.
_TABLES: dict[int, tuple[Weighted, tuple[str, ...], tuple[float, ...]]] = {}


def _cumulative(weighted: Weighted) -> tuple[tuple[str, ...], tuple[float, ...]]:
    entry = _TABLES.get(id(weighted))
    if entry is None or entry[0] is not weighted:
        values, totals, running = [], [], 0.0
        for value, weight in weighted:
            running += weight
            values.append(value)
            totals.append(running)
        entry = _TABLES[id(weighted)] = (weighted, tuple(values), tuple(totals))
    return entry[1], entry[2]


def pick(rng: random.Random, weighted: Weighted) -> str:
    """One value of ``weighted`` ((value, weight), ...), with probability proportional to its weight."""
    values, totals = _cumulative(weighted)
    return values[min(len(values) - 1, bisect_right(totals, rng.random() * totals[-1]))]


def between(rng: random.Random, low: int, high: int) -> int:
    """A whole number from ``low`` up to but not including ``high`` (like ``randrange``)."""
    return low + int(rng.random() * (high - low))
