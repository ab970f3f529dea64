"""The sample's own indicator values at a reporting date, for the plan's baselines: computed by the engine.

The baseline of each target is the value the dashboard itself gives for the sample at the year ending
31 March 2024, so the return files just written are read as a load reads them (`queries.ingest`) and the
catalogue is computed on them (`metrics.engine.compute`): the definitions live only in their declarations.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from metrics.data import care_data
from metrics.engine import compute
from queries.ingest import read_validated_return

# The latest date the sample's rows can carry (sample_data.dates.CUTOFF): values are typed the same whatever
# it is, but the check of future dates needs one, and the files must not depend on the day they are written.
SAMPLE_CUTOFF = date(2026, 9, 30)


def headline_values(folder: Path, on: date) -> dict[str, float | None]:
    """Each indicator's headline value at ``on`` for the return in ``folder``, as the dashboard gives it."""
    _, tables = read_validated_return(Path(folder), as_of=SAMPLE_CUTOFF)
    data = care_data(**{name: table.drop("source_row", strict=False) for name, table in tables.items()})
    headline = compute(data, [on]).filter(pl.col("breakdown") == "all")
    return dict(headline.select("indicator", "value").iter_rows())
