"""The synthetic return as an authority submits it: one folder per collection year, in that year's DfE layout.

`write_annual_returns(out)` writes the full extract of `sample_data.generator` cut into annual returns
``out/2021`` to ``out/2027`` (2021 = 2020/21; 2027 = 2026/27 up to the sample's last day, 30/09/2026) and
the local files into ``out/local``. Each year's folder holds what the DfE collects for that year:

- episodes open at any time in the year; one still open at 31 March shows no DEC, REC or reason for
  placement change (they come in a later year's return, whose row replaces it on loading);
- reviews in the year, missing incidents open in the year (MIS_END blank if after 31 March);
- oc2 and oc3 of the year, without the extract's YEAR column (an annual return is one year);
- sw_episodes (social worker episodes) from 2023/24 on, those open in the year;
- header.csv for every child the year's files mention, SEX coded 1/2 up to 2023/24 and M/F from
  2024/25 (the full extract, written today, codes it M/F).

The first year's folder also carries the earlier history (episodes, reviews and missing incidents before
April 2020 of the periods of care it continues), as an authority's first load of its backlog would. Loading
every folder, in any order, gives exactly the data of the full extract.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import polars as pl

from sample_data.care import JERSEY_CHILDREN
from sample_data.generator import DEFAULT_SEED, write_return

FIRST_YEAR, LAST_YEAR = 2021, 2027
SW_FIRST_YEAR = 2024  # the DfE collects social worker episodes from 2023/24
MF_FIRST_YEAR = 2025  # SEX is M/F/U from 2024/25
LOCAL_FILES = (
    "education", "visits", "leaver_support", "workforce", "population", "plan_targets", "comparators",
    "services", "inspections", "service_costs",
)  # fmt: skip
OPEN_AT_YEAR_END = {
    "episodes": ("DEC", ("DEC", "REC", "REASON_PLACE_CHANGE")),
    "missing": ("MIS_END", ("MIS_END",)),
    "sw_episodes": ("SW_DEC", ("SW_DEC",)),
}
STARTS = {"episodes": "DECOM", "missing": "MIS_START", "sw_episodes": "SW_DECOM"}


def _as_date(column: str) -> pl.Expr:
    return pl.col(column).str.to_date("%d/%m/%Y", strict=False)


def _spans(frame: pl.DataFrame, name: str, year: int) -> pl.DataFrame:
    """Rows of ``name`` open during ``year``; an end after 31 March is not known yet in that year's return."""
    start, end = date(year - 1, 4, 1), date(year, 3, 31)
    ended, blanked = OPEN_AT_YEAR_END[name]
    began = _as_date(STARTS[name]) <= end
    if year > FIRST_YEAR:
        began = began & (pl.col(ended).is_null() | (_as_date(ended) >= start))
    later = pl.col(ended).is_not_null() & (_as_date(ended) > end)
    rows = frame.filter(began)
    return rows.with_columns(pl.when(~later).then(pl.col(column)).alias(column) for column in blanked)


def annual_files(extract: dict[str, pl.DataFrame], year: int) -> dict[str, pl.DataFrame]:
    """The files of ``year``'s annual return cut from the full extract's text frames."""
    files = {
        "episodes": _spans(extract["episodes"], "episodes", year),
        "missing": _spans(extract["missing"], "missing", year),
    }
    review = _as_date("REVIEW")
    in_year = review <= date(year, 3, 31)
    if year > FIRST_YEAR:
        in_year = in_year & (review >= date(year - 1, 4, 1))
    files["reviews"] = extract["reviews"].filter(in_year)
    for name in ("oc2", "oc3"):
        files[name] = extract[name].filter(pl.col("YEAR") == str(year)).drop("YEAR")
    if year >= SW_FIRST_YEAR:
        files["sw_episodes"] = _spans(extract["sw_episodes"], "sw_episodes", year)
    children = pl.concat([frame.select("CHILD") for frame in files.values()]).unique()
    header = extract["header"].join(children, on="CHILD", how="semi")
    if year < MF_FIRST_YEAR:
        header = header.with_columns(pl.col("SEX").replace({"M": "1", "F": "2"}))
    return {"header": header, **files}


def write_annual_returns(
    out: Path, *, children: int = JERSEY_CHILDREN, seed: int = DEFAULT_SEED
) -> dict[str, dict[str, int]]:
    """Write ``out/<year>/`` for each collection year and ``out/local/``; return rows per file per folder."""
    out = Path(out)
    with tempfile.TemporaryDirectory() as scratch:
        write_return(Path(scratch), children=children, seed=seed)
        extract = {
            path.stem: pl.read_csv(path, infer_schema=False) for path in sorted(Path(scratch).glob("*.csv"))
        }
    written: dict[str, dict[str, int]] = {}
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        folder = out / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        written[str(year)] = {}
        for name, frame in annual_files(extract, year).items():
            frame.write_csv(folder / f"{name}.csv")
            written[str(year)][f"{name}.csv"] = frame.height
    local = out / "local"
    local.mkdir(parents=True, exist_ok=True)
    written["local"] = {}
    for name in LOCAL_FILES:
        extract[name].write_csv(local / f"{name}.csv")
        written["local"][f"{name}.csv"] = extract[name].height
    return written
