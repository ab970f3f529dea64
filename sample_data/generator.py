"""A seeded, deterministic synthetic return: every file of docs/returns.md, realistic for Jersey.

`write_return(out, children=70, seed=2026)` writes the 17 CSV files; the same seed and size always give
byte-identical files (one `random.Random` per part of the return, seeded from the seed; nothing depends on
the clock or on global random state). `children` is the approximate number looked after at any one time:
70 is Jersey, 80,000 is England (about a million episodes) for benchmarks.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from sample_data.activity import missing, reviews, visits
from sample_data.care import JERSEY_CHILDREN, Child, PeriodOfCare, new_child, simulate_care
from sample_data.chance import between, pick
from sample_data.dates import RETURN_START, add_years, day, to_date_strings
from sample_data.episodes import period_episodes, short_break_periods
from sample_data.local_files import comparators, population, workforce
from sample_data.outcomes import annual_outcomes, care_leaver_years, care_leavers
from sample_data.services import assign_services, inspections_file, service_costs_file, services_file
from sample_data.social_work import COLUMNS as SW_COLUMNS
from sample_data.social_work import social_worker_episodes
from sample_data.targets import plan_targets

DEFAULT_SEED = 2026
SAMPLE_RETURN_DIR = Path(__file__).resolve().parent / "jersey"

COLUMNS: dict[str, tuple[str, ...]] = {
    "header": ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    "episodes": ("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                 "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"),
    "reviews": ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
    "missing": ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
    "oc2": ("CHILD", "YEAR", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS",
            "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED",
            "INTERVENTION_OFFERED"),
    "oc3": ("CHILD", "YEAR", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    "education": ("CHILD", "YEAR", "SESSIONS_POSSIBLE", "SESSIONS_MISSED", "SUSPENSIONS",
                  "PERMANENT_EXCLUSION", "SEN", "KS2_EXPECTED", "KS4_ATTAINMENT8", "SCHOOL_MOVES"),
    "visits": ("CHILD", "VISIT_DATE"),
    "leaver_support": ("CHILD", "YEAR", "PATHWAY_PLAN", "PERSONAL_ADVISER", "STAYING_PUT"),
    "sw_episodes": SW_COLUMNS,
}  # fmt: skip
DATE_COLUMNS = frozenset({
    "DOB", "MC_DOB", "DECOM", "DEC", "REVIEW", "MIS_START", "MIS_END", "VISIT_DATE", "SW_DECOM", "SW_DEC",
})  # fmt: skip
INTEGER_COLUMNS = frozenset({
    "MOTHER", "YEAR", "SDQ_SCORE", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK",
    "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED",
    "SESSIONS_POSSIBLE", "SESSIONS_MISSED", "SUSPENSIONS", "PERMANENT_EXCLUSION", "KS2_EXPECTED",
    "SCHOOL_MOVES", "PATHWAY_PLAN", "PERSONAL_ADVISER", "STAYING_PUT", "OPEN_CASES", "SUPERVISIONS_DUE",
    "SUPERVISIONS_ON_TIME", "CHILDREN_UNDER_18",
})  # fmt: skip
FLOAT_COLUMNS = frozenset({
    "KS4_ATTAINMENT8", "SW_FTE", "VACANT_FTE", "AGENCY_FTE", "LEAVERS_FTE", "VALUE", "BASELINE", "TARGET",
})  # fmt: skip
SEX_CODES = {1: "M", 2: "F"}  # a full extract written today codes SEX as the 2024/25 list does
SHORT_BREAK_CHILDREN = 2  # at Jersey size: disabled children with an agreed series of short breaks (V3/V4)


def _rng(seed: int, part: str) -> random.Random:
    # A string seed is hashed with SHA-512 by `random`: stable across runs and Python processes.
    return random.Random(f"{seed}/{part}")


def _columns(name: str) -> dict[str, list]:
    return {column: [] for column in COLUMNS[name]}


def frame(columns: dict[str, list]) -> pl.DataFrame:
    """Lists of values as a frame ready for the CSV: dates dd/mm/yyyy, booleans and counts as integers."""
    series = []
    for name, values in columns.items():
        if name in DATE_COLUMNS:
            series.append(to_date_strings(values).alias(name))
        elif name in INTEGER_COLUMNS:
            series.append(pl.Series(name, values, dtype=pl.Int64))
        elif name in FLOAT_COLUMNS:
            series.append(pl.Series(name, values, dtype=pl.Float64))
        else:
            series.append(pl.Series(name, values, dtype=pl.String))
    return pl.DataFrame(series)


def _add_short_breaks(rng: random.Random, children: list[Child], scale: float) -> None:
    for _ in range(max(1, round(SHORT_BREAK_CHILDREN * scale))):
        first = day(2020, 1, 1) + between(rng, 0, 4 * 365)
        child = new_child(rng, first)
        child.dob = first - between(rng, 6 * 365, 14 * 365)
        short_break_periods(rng, child, first, first + between(rng, 365, 3 * 365))
        children.append(child)


def _in_return(period: PeriodOfCare) -> bool:
    return period.end is None or period.end >= RETURN_START


def _children_in_return(seed: int, scale: float) -> list[Child]:
    """Everyone the return mentions: looked after on or after 1 April 2020, or a care leaver of its years."""
    everyone = simulate_care(_rng(seed, "care"), scale)
    _add_short_breaks(_rng(seed, "short-breaks"), everyone, scale)
    in_return = []
    for child in everyone:
        child.leaver_years = care_leaver_years(child)
        if child.leaver_years or any(_in_return(period) for period in child.periods):
            in_return.append(child)
    width = max(4, len(str(len(in_return))))
    for number, child in enumerate(in_return, start=1):
        child.child_id = f"C{number:0{width}d}"
    episode_rng = _rng(seed, "episodes")
    for child in in_return:
        for period in child.periods:
            if _in_return(period) and not period.episodes:
                period.episodes = period_episodes(episode_rng, child, period)
    return in_return


TEMPORARY = frozenset({"T0", "T1", "T2", "T3", "T4"})


def as_the_dfe_records(episodes: list[tuple]) -> list[tuple]:
    """One period's episodes as the DfE records them: the reason for a placement change on the episode that
    ENDS with the move (DfE 225), none on a temporary placement or an open episode (226, 233), and no
    placement provider for a temporary placement (213). The simulation draws the reason with the new
    placement; moving it here leaves every random draw, and so every other file, as it was."""
    recorded = []
    for number, episode in enumerate(episodes):
        decom, rne, ls, cin, place, provider, dec, rec, _reason, *rest = episode
        following = episodes[number + 1] if number + 1 < len(episodes) else None
        moves = (
            following is not None
            and rec == "X1"
            and following[1] in ("P", "B", "T", "U")
            and place not in TEMPORARY
            and following[4] not in TEMPORARY
        )
        # A change of placement status only (T: the same carers, now long-term) is the DfE's PLACE.
        reason = (following[8] or ("PLACE" if following[1] == "T" else "CARPL")) if moves else None
        provider = None if place in TEMPORARY else provider
        recorded.append((decom, rne, ls, cin, place, provider, dec, rec, reason, *rest))
    return recorded


def _episodes(children: list[Child]) -> dict[str, list]:
    out = _columns("episodes")
    lists = [out[column] for column in COLUMNS["episodes"]]
    for child in children:
        for period in child.periods:
            if not _in_return(period):
                continue
            for episode in as_the_dfe_records(period.episodes):
                lists[0].append(child.child_id)
                for values, value in zip(lists[1:], episode, strict=True):
                    values.append(value)
    return out


def _while_looked_after(seed: int, name: str, children: list[Child], activity) -> dict[str, list]:
    # One random stream per file, so that each file can be built (and freed) on its own.
    rng, out = _rng(seed, name), _columns(name)
    for child in children:
        for period in child.periods:
            if _in_return(period) and period.pathway != "short_breaks":
                activity(rng, child, period, out)
    return out


def _files(seed: int, scale: float) -> Iterator[tuple[str, dict[str, list]]]:
    """Each file's columns in turn (a file at a time keeps England size within memory)."""
    children = _children_in_return(seed, scale)
    yield "episodes", assign_services(_episodes(children), _rng(seed, "services"))
    for child in children:
        for period in child.periods:
            period.episodes = []  # written; nothing later needs them (England size: hundreds of MB)
    yield "reviews", _while_looked_after(seed, "reviews", children, reviews)
    yield "visits", _while_looked_after(seed, "visits", children, visits)
    yield "missing", _while_looked_after(seed, "missing", children, missing)
    yield "sw_episodes", _while_looked_after(seed, "sw_episodes", children, social_worker_episodes)
    header = _columns("header")
    _header(_rng(seed, "header"), children, header)
    yield "header", header
    annual = {"oc2": _columns("oc2"), "education": _columns("education")}
    annual_outcomes(_rng(seed, "outcomes"), children, annual)
    yield from annual.items()
    leavers = {"oc3": _columns("oc3"), "leaver_support": _columns("leaver_support")}
    care_leavers(_rng(seed, "leavers"), children, leavers)
    yield from leavers.items()
    yield "workforce", workforce(_rng(seed, "workforce"), scale)
    yield "population", population(scale)
    yield "comparators", comparators()
    yield "services", services_file()
    yield "inspections", inspections_file()
    yield "service_costs", service_costs_file()


def _header(rng: random.Random, children: list[Child], out: dict[str, list]) -> None:
    for child in children:
        mother, first_child = None, None
        if child.sex == 2:
            mother = 0
            # A few young women in care are mothers themselves.
            if add_years(child.dob, 16) < child.periods[-1].start + 700 and rng.random() < 0.06:
                first_child = add_years(child.dob, 16) + between(rng, 0, 700)
                mother = 1 if first_child <= day(2026, 9, 30) else 0
                first_child = first_child if mother else None
        upn = None
        if rng.random() < 0.85:
            upn = (
                pick(rng, tuple((letter, 1) for letter in "ABCDEFGHJKLMNPRTUVWXYZ"))
                + f"{between(rng, 0, 10**12):012d}"
            )
        for column, value in zip(
            COLUMNS["header"],
            (child.child_id, SEX_CODES[child.sex], child.dob, child.ethnic, upn, mother, first_child),
            strict=True,
        ):
            out[column].append(value)


def write_return(out: Path, *, children: int = JERSEY_CHILDREN, seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Write every CSV file of the return into ``out`` (created if needed); return rows per file written.

    ``children`` is the approximate number looked after at any one time (70 for Jersey); ``seed`` fixes every
    random draw, so the same arguments always write byte-identical files.
    """
    if children < 1:
        raise ValueError("children must be at least 1")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    # Millions of small objects and no reference cycles: the cyclic collector would rescan them over and over
    # (it doubled the England-size run time), so it is paused while the return is built.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _write(out, children, seed)
    finally:
        if collecting:
            gc.enable()


def _write(out: Path, children: int, seed: int) -> dict[str, int]:
    rows = {}
    for name, columns in _files(seed, children / JERSEY_CHILDREN):
        data = frame(columns)
        del columns
        data.write_csv(out / f"{name}.csv")
        rows[f"{name}.csv"] = data.height
        del data
    # The plan's baselines are the sample's own 2024 values, computed from the files just written.
    targets = frame(plan_targets(out))
    targets.write_csv(out / "plan_targets.csv")
    rows["plan_targets.csv"] = targets.height
    return dict(sorted(rows.items()))
