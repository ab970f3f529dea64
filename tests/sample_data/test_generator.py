"""The synthetic return: deterministic, valid against every rule of the data spec, and shaped like Jersey."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from cpo.cli import main
from metrics.catalogue import catalogue
from metrics.data import care_data
from metrics.engine import compute
from queries.ingest import read_validated_return, validate_return
from sample_data.generator import DEFAULT_SEED, SAMPLE_RETURN_DIR, write_return

CUTOFF = date(2026, 9, 30)
FILES = (
    "header", "episodes", "reviews", "missing", "oc2", "oc3", "education", "visits", "leaver_support",
    "workforce", "population", "plan_targets", "comparators", "sw_episodes", "services", "inspections",
    "service_costs",
)  # fmt: skip
DATE_COLUMNS = {
    "header": ("DOB", "MC_DOB"),
    "episodes": ("DECOM", "DEC"),
    "reviews": ("DOB", "REVIEW"),
    "missing": ("DOB", "MIS_START", "MIS_END"),
    "oc2": ("DOB",),
    "oc3": ("DOB",),
    "visits": ("VISIT_DATE",),
    "sw_episodes": ("DOB", "SW_DECOM", "SW_DEC"),
}


def _read(folder: Path, name: str) -> pl.DataFrame:
    frame = pl.read_csv(folder / f"{name}.csv", infer_schema=False)
    return frame.with_columns(pl.col(column).str.to_date("%d/%m/%Y") for column in DATE_COLUMNS.get(name, ()))


@pytest.fixture(scope="module")
def sample() -> dict[str, pl.DataFrame]:
    return {name: _read(SAMPLE_RETURN_DIR, name) for name in FILES}


def _age(dob: pl.Expr, on: date) -> pl.Expr:
    before_birthday = (dob.dt.month() > on.month) | ((dob.dt.month() == on.month) & (dob.dt.day() > on.day))
    return on.year - dob.dt.year() - before_birthday.cast(pl.Int32)


def _looked_after_on(episodes: pl.DataFrame, day: date) -> pl.DataFrame:
    """Children with an episode open on ``day`` whose LS is not V3/V4 (shared terms: looked after at D)."""
    return episodes.filter(
        pl.col("DECOM") <= day,
        pl.col("DEC").is_null() | (pl.col("DEC") > day),
        ~pl.col("LS").is_in(["V3", "V4"]),
    )


def test_same_seed_and_size_write_byte_identical_files(tmp_path: Path) -> None:
    first = write_return(tmp_path / "first", children=70, seed=11)
    second = write_return(tmp_path / "second", children=70, seed=11)
    assert first == second
    assert sorted(first) == sorted(f"{name}.csv" for name in FILES)
    for name in first:
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes(), name


def test_another_seed_gives_another_return(tmp_path: Path) -> None:
    write_return(tmp_path / "a", children=70, seed=1)
    write_return(tmp_path / "b", children=70, seed=2)
    assert (tmp_path / "a" / "episodes.csv").read_bytes() != (tmp_path / "b" / "episodes.csv").read_bytes()


def test_committed_jersey_sample_is_what_the_generator_writes(tmp_path: Path) -> None:
    # If this fails the generator changed: regenerate with `cpo sample --out sample_data/jersey`.
    write_return(tmp_path, seed=DEFAULT_SEED)
    for name in FILES:
        assert (tmp_path / f"{name}.csv").read_bytes() == (SAMPLE_RETURN_DIR / f"{name}.csv").read_bytes(), (
            name
        )


def test_jersey_sample_passes_the_loaders_validation_with_no_error() -> None:
    report = validate_return(SAMPLE_RETURN_DIR, known_indicators=list(catalogue()), as_of=CUTOFF)
    assert [(f.file, f.row, f.column, f.value, f.rule) for f in report.errors] == []
    assert report.warnings == []
    assert report.row_counts["episodes.csv"] > 500


def test_columns_are_uppercase_and_nothing_is_dated_after_the_latest_quarter_end(sample) -> None:
    for name, frame in sample.items():
        assert all(column == column.upper() for column in frame.columns), name
        for column in DATE_COLUMNS.get(name, ()):
            latest = frame[column].max()
            assert latest is None or latest <= CUTOFF, (name, column)
    assert sample["workforce"]["MONTH"].max() == "2026-09"


@pytest.mark.parametrize("seed", range(1, 9))
def test_no_seed_dates_anything_after_the_latest_quarter_end(tmp_path: Path, seed: int) -> None:
    write_return(tmp_path, children=30, seed=seed)
    for name, columns in DATE_COLUMNS.items():
        frame = _read(tmp_path, name)
        for column in columns:
            latest = frame[column].max()
            assert latest is None or latest <= CUTOFF, (seed, name, column)


def test_codes_withdrawn_or_introduced_by_year_are_not_used(sample) -> None:
    # H5 ends and K3 starts on 1 April 2024; Z1 splits into Z11-Z14 and P2 ends on 1 April 2025: the sample
    # avoids all of them, so every episode is valid whichever year's list applies.
    assert not set(sample["episodes"]["PLACE"]) & {"H5", "K3", "Z1", "Z11", "Z12", "Z13", "Z14", "P2"}


def test_periods_of_care_chain_without_overlap(sample) -> None:
    episodes = sample["episodes"].sort("CHILD", "DECOM")
    following = episodes.with_columns(
        next_decom=pl.col("DECOM").shift(-1).over("CHILD"), next_rne=pl.col("RNE").shift(-1).over("CHILD")
    )
    continuing = following.filter(pl.col("REC") == "X1")
    assert (continuing["next_decom"] == continuing["DEC"]).all()
    assert (continuing["next_rne"] != "S").all()
    ended = following.filter(pl.col("next_decom").is_not_null(), pl.col("REC") != "X1")
    assert (ended["next_decom"] > ended["DEC"]).all()
    assert (ended["next_rne"] == "S").all()
    assert episodes.filter(pl.col("DEC").is_null()).group_by("CHILD").len()["len"].max() == 1


def test_about_seventy_looked_after_with_jersey_published_year_ends(sample) -> None:
    episodes = sample["episodes"]
    counts = {
        day: _looked_after_on(episodes, day)["CHILD"].n_unique()
        for day in (date(2022, 12, 31), date(2023, 12, 31))
    }
    assert 74 <= counts[date(2022, 12, 31)] <= 82  # Jersey published 78
    assert 57 <= counts[date(2023, 12, 31)] <= 65  # and 61
    for year in range(2021, 2027):
        day = date(year, 3, 31)
        assert 55 <= _looked_after_on(episodes, day)["CHILD"].n_unique() <= 85, day
    starts = episodes.filter(pl.col("RNE") == "S", ~pl.col("LS").is_in(["V3", "V4"]))
    for year in range(2021, 2027):
        started = starts.filter(pl.col("DECOM").is_between(date(year - 1, 4, 1), date(year, 3, 31))).height
        assert 27 <= started <= 43, (year, started)


def test_placement_mix_and_edge_cases_are_present(sample) -> None:
    episodes = sample["episodes"]
    open_on = _looked_after_on(episodes, date(2025, 3, 31))
    foster = open_on.filter(pl.col("PLACE").str.starts_with("U")).height / open_on.height
    assert foster > 0.6
    codes = {column: set(episodes[column].drop_nulls()) for column in ("LS", "RNE", "PLACE", "REC")}
    assert {"V3", "V4"} <= codes["LS"] or codes["LS"] & {"V3", "V4"}
    assert {"S", "L", "P", "T", "B"} <= codes["RNE"]
    assert codes["PLACE"] & {"T0", "T1", "T2", "T3", "T4"}
    assert codes["PLACE"] & {"A3", "A4", "A5", "A6"}
    assert codes["PLACE"] & {"K1", "K2", "R1", "S1"}
    assert codes["REC"] & {"E11", "E12"}
    assert codes["REC"] & {"E45", "E46", "E47", "E48"}
    assert codes["REC"] & {"E4A", "E4B"}
    assert not episodes.filter(
        pl.col("PL_POST").is_not_null() & ~pl.col("PL_POST").str.starts_with("JE")
    ).is_empty()
    assert "DIED" in set(sample["oc3"]["IN_TOUCH"])
    moves = episodes.filter(pl.col("RNE").is_in(["S", "P", "T", "U", "B"]), pl.col("DECOM").dt.year() == 2022)
    assert moves.group_by("CHILD").len()["len"].max() >= 3
    assert not sample["missing"].filter(pl.col("MISSING") == "M").is_empty()
    assert not sample["missing"].filter(pl.col("MISSING") == "A").is_empty()


def test_oc2_rows_are_exactly_the_children_looked_after_for_twelve_months(sample) -> None:
    episodes = (
        sample["episodes"]
        .sort("CHILD", "DECOM")
        .with_columns(
            period_start=pl.when(pl.col("RNE") == "S").then(pl.col("DECOM")).forward_fill().over("CHILD")
        )
    )
    oc2 = sample["oc2"]
    for year in range(2021, 2027):
        census = date(year, 3, 31)
        cohort = _looked_after_on(episodes, census).filter(pl.col("period_start") <= date(year - 1, 4, 1))
        rows = oc2.filter(pl.col("YEAR") == str(year))
        assert set(rows["CHILD"]) == set(cohort["CHILD"]), year
        aged = rows.with_columns(age=_age(pl.col("DOB"), census))
        scored = aged.filter(pl.col("SDQ_SCORE").is_not_null())
        assert scored["age"].is_between(4, 16).all()
        assert (scored["SDQ_SCORE"].cast(pl.Int64).is_between(0, 40)).all()
        assert aged.filter(pl.col("SDQ_SCORE").is_null())["SDQ_REASON"].is_not_null().all()


def test_education_rows_follow_the_outcomes_cohort_and_key_stage_ages(sample) -> None:
    education = sample["education"].join(
        sample["oc2"].select("CHILD", "YEAR", "DOB"), on=["CHILD", "YEAR"], how="left"
    )
    assert education["DOB"].is_not_null().all()
    assert education.height < sample["oc2"].height  # not of school age, or a record not found
    for year in range(2021, 2027):
        rows = education.filter(pl.col("YEAR") == str(year)).with_columns(
            age=_age(pl.col("DOB"), date(year, 3, 31))
        )
        assert rows.filter(pl.col("KS2_EXPECTED").is_not_null())["age"].is_between(10, 11).all()
        assert rows.filter(pl.col("KS4_ATTAINMENT8").is_not_null())["age"].is_between(15, 16).all()


def test_care_leaver_rows_have_ages_17_to_21_and_activity_only_when_in_touch(sample) -> None:
    oc3 = sample["oc3"]
    for year in range(2021, 2027):
        rows = oc3.filter(pl.col("YEAR") == str(year)).with_columns(
            age=_age(pl.col("DOB"), date(year, 3, 31))
        )
        assert rows["age"].is_between(17, 21).all(), year
    not_in_touch = oc3.filter(pl.col("IN_TOUCH").is_in(["NO", "DIED", "REFU"]))
    assert not_in_touch["ACTIV"].is_null().all()
    assert not_in_touch["ACCOM"].is_null().all()
    assert oc3.filter(pl.col("ACCOM").is_not_null())["ACCOM"].str.contains(r"^[BCDEGHKRSTUVWXYZ][12]$").all()
    support = sample["leaver_support"].join(oc3, on=["CHILD", "YEAR"], how="anti")
    assert support.is_empty()
    eet = (
        oc3.filter(pl.col("IN_TOUCH") != "DIED")["ACTIV"]
        .is_in(["F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"])
        .fill_null(False)
    )
    assert 0.3 < eet.mean() < 0.7  # about half, over the six years


def test_local_files_cover_the_years_the_spec_names(sample) -> None:
    months = sample["workforce"]["MONTH"].to_list()
    assert months[0] == "2020-04"
    assert months[-1] == "2026-09"
    assert len(months) == len(set(months)) == 78
    assert sample["population"]["YEAR"].to_list() == [str(year) for year in range(2020, 2028)]
    targets = sample["plan_targets"]
    assert set(targets["YEAR"]) == {"2025", "2026", "2027"}
    entries = catalogue()
    assert {entries[i].polarity for i in targets["INDICATOR"]} <= {"higher", "lower"}
    assert targets["TARGET"].is_not_null().all()
    comparators = sample["comparators"]
    assert set(comparators["AREA"]) == {"England"}
    assert comparators["SOURCE"].str.starts_with("DfE, ").all()
    assert set(comparators["INDICATOR"]) <= set(entries)


def test_targets_lie_in_the_better_direction_from_the_baseline(sample) -> None:
    entries = catalogue()
    targets = sample["plan_targets"].with_columns(pl.col("BASELINE", "TARGET").cast(pl.Float64))
    for indicator, _year, baseline, target in targets.iter_rows():
        if entries[indicator].polarity == "higher":
            assert target >= baseline, indicator
        else:
            assert target <= baseline, indicator


def test_plan_baselines_are_the_dashboards_own_2024_values() -> None:
    # The plan fixes each baseline at the year ending 31 March 2024, from the engine on the written files.
    _, tables = read_validated_return(SAMPLE_RETURN_DIR, as_of=CUTOFF)
    data = care_data(**{name: table.drop("source_row", strict=False) for name, table in tables.items()})
    headline = compute(data, [date(2024, 3, 31)]).filter(pl.col("breakdown") == "all")
    computed = dict(headline.select("indicator", "value").iter_rows())
    baselines = _read(SAMPLE_RETURN_DIR, "plan_targets").filter(pl.col("YEAR") == "2025")
    assert baselines.height >= 40
    for indicator, baseline in baselines.select("INDICATOR", "BASELINE").iter_rows():
        assert computed[indicator] is not None, indicator
        assert float(baseline) == pytest.approx(computed[indicator], abs=0.051), indicator


def test_children_scales_the_return(tmp_path: Path) -> None:
    rows = write_return(tmp_path, children=350, seed=5)
    episodes = _read(tmp_path, "episodes")
    looked_after = _looked_after_on(episodes, date(2025, 3, 31))["CHILD"].n_unique()
    assert 290 <= looked_after <= 400
    assert rows["episodes.csv"] > 3_000


def test_cpo_sample_writes_the_return_and_prints_rows_per_file(tmp_path: Path, capsys) -> None:
    assert main(["sample", "--out", str(tmp_path / "return"), "--children", "20", "--seed", "3"]) == 0
    printed = capsys.readouterr().out
    for name in FILES:
        assert f"{name}.csv" in printed
        assert (tmp_path / "return" / f"{name}.csv").is_file()


def test_cpo_sample_rejects_a_size_below_one(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["sample", "--out", str(tmp_path), "--children", "0"])
