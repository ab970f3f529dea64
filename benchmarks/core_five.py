"""The five core indicators read from the return's CSV files three ways: our engine, DuckDB SQL and pandas.

Each reading starts from the CSV files (reading and parsing them is part of its time) and gives the headline
numerator and denominator at one reporting date D (a 31 March, so that the annual care-leaver figure is
also at D):
- children in care (`cla_count`): children with an episode open on D, short breaks (LS V3, V4) excluded;
- three or more placements (`placements_3plus_pct`), long-term stability (`long_term_stability_pct`),
  missing (`missing_pct`) and care leavers in education, employment or training (`leavers_eet_pct`), as
  their declarations in `metrics/indicators/` define them.
The DuckDB and pandas readings are written here, independently of the engine, from those definitions;
`run` checks that all three agree before any time is printed. duckdb and pandas are benchmark-only
dependencies (``pip install -e '.[benchmarks]'``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from metrics.periods import Period, minus_months

CORE_FIVE = (
    "cla_count",
    "placements_3plus_pct",
    "long_term_stability_pct",
    "missing_pct",
    "leavers_eet_pct",
)
EET = ("F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5")
NEW_PLACEMENT = ("S", "P", "T", "U", "B")
NEW_CARER = ("S", "P", "B")
TEMPORARY = ("T0", "T1", "T2", "T3", "T4")
ADOPTION = ("A3", "A4", "A5", "A6")
Counts = dict[str, tuple[float, float | None]]
INPUTS = ("header", "episodes", "missing", "oc3")  # the files the five read, and all that each reading reads


def dates_of(d: date) -> dict[str, date]:
    return {
        "d": d,
        "s": Period(d).start,
        "stable_since": minus_months(d, 24),
        "in_care_since": minus_months(d, 30),
    }


# --- our engine ------------------------------------------------------------------------------------------


def engine_counts(folder: Path, d: date) -> Counts:
    from benchmarks.metrics_benchmark import read_return
    from metrics.catalogue import catalogue
    from metrics.engine import compute
    from metrics.terms import clear_caches

    clear_caches()
    data = read_return(folder, names=INPUTS)
    # Headlines only, as the other two readings give.
    entries = {key: replace(catalogue()[key], breakdowns=()) for key in CORE_FIVE}
    tidy = compute(data, [d], entries=entries)
    return {row["indicator"]: (row["numerator"], row["denominator"]) for row in tidy.iter_rows(named=True)}


# --- DuckDB SQL ------------------------------------------------------------------------------------------


def _sql_list(codes: tuple[str, ...]) -> str:
    return ", ".join(f"'{code}'" for code in codes)


def duckdb_counts(folder: Path, d: date) -> Counts:
    import duckdb

    days = {name: f"DATE '{day.isoformat()}'" for name, day in dates_of(d).items()}
    connection = duckdb.connect()
    connection.execute("SET enable_progress_bar = false")

    def csv(name: str) -> str:
        return f"read_csv('{folder / name}.csv', all_varchar = true, header = true)"

    def day(column: str) -> str:
        return f"CAST(strptime(NULLIF({column}, ''), '%d/%m/%Y') AS DATE)"

    connection.execute(
        f"""
        CREATE TEMP TABLE episodes AS
        SELECT CHILD AS child, {day("DECOM")} AS decom, {day("DEC")} AS dec, NULLIF(RNE, '') AS rne,
               NULLIF(REC, '') AS rec, COALESCE(LS IN ('V3', 'V4'), false) AS short_break,
               NULLIF(PLACE, '') AS place
        FROM {csv("episodes")};
        CREATE TEMP TABLE facts AS
        WITH ordered AS (
            SELECT *, LAG(child) OVER w AS p_child, LAG(rec) OVER w AS p_rec, LAG(dec) OVER w AS p_dec,
                   LAG(short_break) OVER w AS p_short_break
            FROM episodes WINDOW w AS (ORDER BY child, decom)
        ), continuing AS (
            SELECT *, COALESCE(p_child = child AND p_rec = 'X1' AND rne <> 'S' AND decom <= p_dec + 1
                               AND p_short_break = short_break, false) AS continues
            FROM ordered
        ), starts AS (
            SELECT *, (NOT continues OR COALESCE(rne <> 'L', true)) AS starts_placement,
                   (NOT continues OR COALESCE(rne IN ({_sql_list(NEW_CARER)}), false)) AS starts_carer
            FROM continuing
        ), filled AS (
            SELECT *,
                MAX(CASE WHEN NOT continues THEN decom END) OVER c AS period_start,
                MAX(CASE WHEN starts_placement THEN decom END) OVER c AS placement_start,
                MAX(CASE WHEN starts_carer THEN decom END) OVER c AS carer_start,
                SUM(CASE WHEN starts_placement THEN 1 ELSE 0 END) OVER c AS placement_number
            FROM starts WINDOW c AS (PARTITION BY child ORDER BY decom ROWS UNBOUNDED PRECEDING)
        ), before_placement AS (
            SELECT *, CASE WHEN starts_placement THEN COALESCE(
                       CASE WHEN continues THEN LAG(carer_start) OVER (ORDER BY child, decom) END, decom)
                   END AS carer_before_at_start
            FROM filled
        )
        SELECT *,
            LAST_VALUE(carer_before_at_start IGNORE NULLS) OVER (
                PARTITION BY child ORDER BY decom ROWS UNBOUNDED PRECEDING) AS carer_before_placement
        FROM before_placement;
        """
    )
    d_, s_ = days["d"], days["s"]
    looked_after = f"""
        SELECT * FROM (
            SELECT *, ROW_NUMBER() OVER (PARTITION BY child ORDER BY decom DESC) AS latest FROM facts
            WHERE decom <= {d_} AND (dec IS NULL OR dec > {d_}) AND NOT short_break
        ) WHERE latest = 1
    """
    counts: Counts = {}
    counts["cla_count"] = (connection.execute(f"SELECT COUNT(*) FROM ({looked_after})").fetchone()[0], None)
    row = connection.execute(
        f"""
        WITH placements AS (
            SELECT child, placement_number, MIN(decom) AS started,
                   CASE WHEN COUNT(*) = COUNT(dec) THEN MAX(dec) END AS ended,
                   FIRST(place ORDER BY decom) AS first_place, FIRST(short_break ORDER BY decom) AS sb
            FROM facts GROUP BY child, placement_number
        ), counted AS (
            SELECT child, COUNT(*) AS placements FROM placements
            WHERE NOT sb AND COALESCE(first_place NOT IN ({_sql_list(TEMPORARY)}), true)
              AND ((started < {s_} AND (ended IS NULL OR ended > {s_})) OR started BETWEEN {s_} AND {d_})
            GROUP BY child
        )
        SELECT COUNT(*) FILTER (WHERE placements >= 3), COUNT(*)
        FROM ({looked_after}) AS l LEFT JOIN counted USING (child)
        """
    ).fetchone()
    counts["placements_3plus_pct"] = (row[0], row[1])
    row = connection.execute(
        f"""
        WITH header AS (SELECT CHILD AS child, {day("DOB")} AS dob FROM {csv("header")}),
        cohort AS (
            SELECT l.*, CASE WHEN place IN ({_sql_list(ADOPTION)})
                             THEN LEAST(carer_start, carer_before_placement) ELSE carer_start END AS since
            FROM ({looked_after}) AS l JOIN header USING (child)
            WHERE date_diff('year', dob, {d_})
                  - CASE WHEN strftime(dob, '%m%d') > strftime({d_}, '%m%d') THEN 1 ELSE 0 END < 16
              AND period_start <= {days["in_care_since"]}
        )
        SELECT COUNT(*) FILTER (WHERE since <= {days["stable_since"]}), COUNT(*) FROM cohort
        """
    ).fetchone()
    counts["long_term_stability_pct"] = (row[0], row[1])
    row = connection.execute(
        f"""
        WITH during AS (
            SELECT DISTINCT child FROM episodes
            WHERE decom <= {d_} AND (dec IS NULL OR dec >= {s_}) AND NOT short_break
        ), went AS (
            SELECT DISTINCT CHILD AS child FROM {csv("missing")}
            WHERE upper(trim(MISSING)) = 'M' AND {day("MIS_START")} BETWEEN {s_} AND {d_}
        )
        SELECT COUNT(went.child), COUNT(*) FROM during LEFT JOIN went USING (child)
        """
    ).fetchone()
    counts["missing_pct"] = (row[0], row[1])
    row = connection.execute(
        f"""
        SELECT COUNT(*) FILTER (WHERE ACTIV IN ({_sql_list(EET)})), COUNT(*) FROM {csv("oc3")}
        WHERE CAST(YEAR AS INTEGER) = {d.year} AND COALESCE(IN_TOUCH, '') <> 'DIED'
        """
    ).fetchone()
    counts["leavers_eet_pct"] = (row[0], row[1])
    connection.close()
    return {key: (float(n), None if m is None else float(m)) for key, (n, m) in counts.items()}


# --- pandas ----------------------------------------------------------------------------------------------


def pandas_counts(folder: Path, d: date) -> Counts:
    import pandas as pd

    days = {name: pd.Timestamp(day) for name, day in dates_of(d).items()}
    d_, s_ = days["d"], days["s"]

    def read(name: str, columns: list[str]) -> pd.DataFrame:
        return pd.read_csv(folder / f"{name}.csv", dtype=str, usecols=columns, keep_default_na=False)

    def parse(values: pd.Series) -> pd.Series:
        return pd.to_datetime(values.replace("", None), format="%d/%m/%Y")

    raw = read("episodes", ["CHILD", "DECOM", "DEC", "RNE", "REC", "LS", "PLACE"])
    e = pd.DataFrame(
        {
            "child": raw["CHILD"],
            "decom": parse(raw["DECOM"]),
            "dec": parse(raw["DEC"]),
            "rne": raw["RNE"].replace("", None),
            "rec": raw["REC"].replace("", None),
            "short_break": raw["LS"].isin(["V3", "V4"]),
            "place": raw["PLACE"].replace("", None),
        }
    ).sort_values(["child", "decom"], kind="stable", ignore_index=True)
    previous = e.shift(1)
    same_child = previous["child"] == e["child"]
    e["continues"] = (
        same_child
        & (previous["rec"] == "X1")
        & (e["rne"] != "S")
        & (e["decom"] <= previous["dec"] + timedelta(days=1))
        & (previous["short_break"] == e["short_break"])
    ).fillna(value=False)
    e["starts_placement"] = ~e["continues"] | (e["rne"] != "L") | e["rne"].isna()
    starts_carer = ~e["continues"] | e["rne"].isin(NEW_CARER)
    by_child = e.groupby("child", sort=False)
    e["period_start"] = e["decom"].where(~e["continues"]).groupby(e["child"]).ffill()
    e["carer_start"] = e["decom"].where(starts_carer).groupby(e["child"]).ffill()
    e["placement_number"] = by_child["starts_placement"].cumsum()
    before = e["carer_start"].shift(1).where(e["continues"]).fillna(e["decom"])
    e["carer_before_placement"] = before.where(e["starts_placement"]).groupby(e["child"]).ffill()

    open_at_d = (e["decom"] <= d_) & (e["dec"].isna() | (e["dec"] > d_)) & ~e["short_break"]
    looked_after = e[open_at_d].drop_duplicates("child", keep="last")
    counts: Counts = {"cla_count": (float(len(looked_after)), None)}

    e["still_open"] = e["dec"].isna()
    placements = e.groupby(["child", "placement_number"], sort=False).agg(
        started=("decom", "min"),
        last_ended=("dec", "max"),
        still_open=("still_open", "any"),
        first_place=("place", "first"),
        short_break=("short_break", "first"),
    )
    placements = placements.reset_index()
    placements["ended"] = placements["last_ended"].where(~placements["still_open"])
    counted = placements[
        ~placements["short_break"]
        & ~placements["first_place"].isin(TEMPORARY)
        & (
            ((placements["started"] < s_) & (placements["ended"].isna() | (placements["ended"] > s_)))
            | placements["started"].between(s_, d_)
        )
    ]
    per_child = counted.groupby("child").size()
    moved = looked_after["child"].map(per_child).fillna(0)
    counts["placements_3plus_pct"] = (float((moved >= 3).sum()), float(len(looked_after)))

    header = read("header", ["CHILD", "DOB"])
    dob = pd.Series(parse(header["DOB"]).values, index=header["CHILD"])
    born = looked_after["child"].map(dob)
    age = d_.year - born.dt.year - ((born.dt.month * 100 + born.dt.day) > d_.month * 100 + d_.day)
    cohort = looked_after[(age < 16) & (looked_after["period_start"] <= days["in_care_since"])]
    adopted = cohort["place"].isin(ADOPTION)
    since = cohort["carer_start"].where(
        ~adopted, cohort[["carer_start", "carer_before_placement"]].min(axis=1)
    )
    counts["long_term_stability_pct"] = (
        float((since <= days["stable_since"]).sum()),
        float(len(cohort)),
    )

    during = e[(e["decom"] <= d_) & (e["dec"].isna() | (e["dec"] >= s_)) & ~e["short_break"]]
    children = during["child"].unique()
    missing = read("missing", ["CHILD", "MISSING", "MIS_START"])
    started = parse(missing["MIS_START"])
    went = missing.loc[
        (missing["MISSING"].str.strip().str.upper() == "M") & started.between(s_, d_), "CHILD"
    ].unique()
    counts["missing_pct"] = (float(pd.Series(children).isin(went).sum()), float(len(children)))

    oc3 = read("oc3", ["CHILD", "YEAR", "IN_TOUCH", "ACTIV"])
    leavers = oc3[(oc3["YEAR"].astype(int) == d.year) & (oc3["IN_TOUCH"] != "DIED")]
    counts["leavers_eet_pct"] = (float(leavers["ACTIV"].isin(EET).sum()), float(len(leavers)))
    return counts


# --- side by side ----------------------------------------------------------------------------------------

READINGS: dict[str, Callable[[Path, date], Counts]] = {
    "our engine": engine_counts,
    "DuckDB SQL": duckdb_counts,
    "pandas": pandas_counts,
}


def run(folder: Path, d: date, repeats: int = 3) -> dict[str, float]:
    """The median seconds of each reading over ``repeats`` runs, taken in turn; raises if they disagree."""
    seconds: dict[str, list[float]] = {name: [] for name in READINGS}
    answers: dict[str, Counts] = {}
    for _ in range(repeats):
        for name, reading in READINGS.items():
            started = time.perf_counter()
            answers[name] = reading(folder, d)
            seconds[name].append(time.perf_counter() - started)
    for name, counts in answers.items():
        if counts != answers["our engine"]:
            raise AssertionError(f"{name} disagrees with the engine: {counts} != {answers['our engine']}")
    return {name: sorted(times)[len(times) // 2] for name, times in seconds.items()}
