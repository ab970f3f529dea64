"""Small builders for hand-worked episode cases: dates written as in the statutory extracts (dd/mm/yyyy)."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl

from metrics.data import CareData, care_data


def day(text: str) -> date:
    return datetime.strptime(text, "%d/%m/%Y").date()


def chain(
    child: str,
    steps: list[tuple[str, str, str]],
    *,
    ls: str = "C2",
    end: str | None = None,
    rec: str | None = None,
    pl_post: str | None = "JE2",
) -> list[dict]:
    """Episodes of one child from ``(decom, rne, place)`` steps, each ending with X1 the day the next starts.

    The last episode stays open unless ``end`` (its DEC) and ``rec`` (its REC) are given.
    """
    rows = []
    for index, (decom, rne, place) in enumerate(steps):
        last = index == len(steps) - 1
        rows.append(
            {
                "child": child,
                "decom": day(decom),
                "rne": rne,
                "ls": ls,
                "place": place,
                "dec": (day(end) if end else None) if last else day(steps[index + 1][0]),
                "rec": rec if last else "X1",
                "pl_post": pl_post,
            }
        )
    return rows


def episodes_frame(*chains: list[dict]) -> pl.DataFrame:
    rows = [row for rows in chains for row in rows]
    return pl.DataFrame(
        rows,
        schema={
            "child": pl.String, "decom": pl.Date, "rne": pl.String, "ls": pl.String, "place": pl.String,
            "dec": pl.Date, "rec": pl.String, "pl_post": pl.String,
        },
    )  # fmt: skip


def header_frame(children: dict[str, str], *, sex: int = 1, ethnic: str = "WBRI") -> pl.DataFrame:
    """One header row per child from ``{child: dob}``."""
    return pl.DataFrame(
        {
            "child": list(children),
            "dob": [day(dob) for dob in children.values()],
            "sex": [sex] * len(children),
            "ethnic": [ethnic] * len(children),
        }
    )


def data_with(*chains: list[dict], dobs: dict[str, str] | None = None, **frames: pl.DataFrame) -> CareData:
    """A `CareData` of these episode chains; every child gets a header row (DOB 01/01/2015 unless given)."""
    episodes = episodes_frame(*chains)
    children = dict.fromkeys(episodes["child"].unique(maintain_order=True).to_list(), "01/01/2015")
    children.update(dobs or {})
    return care_data(episodes=episodes, header=header_frame(children), **frames)


def headline(tidy: pl.DataFrame) -> dict:
    """The headline row (breakdown = group = "all") of a tidy frame, as a dict."""
    rows = tidy.filter((pl.col("breakdown") == "all") & (pl.col("group") == "all")).to_dicts()
    assert len(rows) == 1
    return rows[0]


def group_numerator_sums(tidy: pl.DataFrame) -> dict[str, float]:
    """Per breakdown, the sum of its groups' numerators (each must equal the headline numerator)."""
    parts = tidy.filter(pl.col("breakdown") != "all").group_by("breakdown").agg(pl.col("numerator").sum())
    return dict(parts.iter_rows())
