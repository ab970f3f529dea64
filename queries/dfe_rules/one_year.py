"""The rows of a full extract that one collection year's return would hold, for that year's DfE rules.

A full extract carries every year in one folder, but the DfE checks the return of one year (1 April to
31 March), and many of its rules read that year's dates (570: a missing incident started after 31 March; 571:
one ended outside the year). Checking an extract's whole history against the latest year's rules would flag
every earlier row, so a full extract is checked as the latest year's return: the episodes, missing incidents
and social worker episodes open at any time in the year, the reviews of the year, oc2 and oc3 of the year,
and the header of every child those rows name. The DfE's other tables (UASC, adoption, previous permanence)
are kept whole: the extract does not say which year their rows were returned in.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import polars as pl

OPEN_IN_YEAR = {
    "episodes": ("decom", "dec"),
    "missing": ("mis_start", "mis_end"),
    "sw_episodes": ("sw_decom", "sw_dec"),
}
DATED_IN_YEAR = {"reviews": "review"}
OF_THE_YEAR = ("oc2", "oc3")  # a full extract's YEAR column says which year's return the row belongs to


def collection_year_rows(tables: Mapping[str, pl.DataFrame], year: int) -> dict[str, pl.DataFrame]:
    """``tables`` cut to what the return of ``year`` (2027 = 2026/27) would hold; row numbers are kept."""
    start, end = date(year - 1, 4, 1), date(year, 3, 31)
    kept: dict[str, pl.DataFrame] = {}
    for name, frame in tables.items():
        if name in OPEN_IN_YEAR:
            began, ended = OPEN_IN_YEAR[name]
            kept[name] = frame.filter(
                (pl.col(began) <= end) & (pl.col(ended).is_null() | (pl.col(ended) >= start))
            )
        elif name in DATED_IN_YEAR:
            kept[name] = frame.filter(pl.col(DATED_IN_YEAR[name]).is_between(start, end))
        elif name in OF_THE_YEAR and "year" in frame.columns:
            kept[name] = frame.filter(pl.col("year").cast(pl.String) == str(year))
        else:
            kept[name] = frame
    if "header" in kept:
        # the local files (education, visits, ...) are not the DfE's and name children of every year
        of_year = (*OPEN_IN_YEAR, *DATED_IN_YEAR, *OF_THE_YEAR)
        named = [kept[name].select("child") for name in of_year if name in kept]
        if named:
            children = pl.concat(named).unique()
            kept["header"] = kept["header"].join(children, on="child", how="semi", maintain_order="left")
    return kept
