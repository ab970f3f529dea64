"""The sample's own indicator values at a reporting date, for the plan's baselines (and the README's trends).

These follow the catalogue definitions closely enough to set a plausible plan: the baseline of
each target is the value the sample itself gives for the year ending 31 March 2024. They are not the
dashboard's figures (those come from `metrics/`, which `sample_data/` may not import); small differences in
edge cases do not matter here, because the plan fixes its baseline once, as a number.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import polars as pl

PLACEMENT_STARTS = frozenset("SPTUB")
CARER_STARTS = frozenset("SPB")
TEMPORARY = frozenset({"T0", "T1", "T2", "T3", "T4"})
SHORT_BREAKS = ("V3", "V4")
ADOPTION_PLACEMENTS = frozenset({"A3", "A4", "A5", "A6"})
RESIDENTIAL = ("K1", "K2", "R1", "S1")
EET = ("F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5")


def _dates(frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
    return frame.with_columns(pl.col(column).str.to_date("%d/%m/%Y") for column in columns)


def _age(dob: pl.Expr, on: date) -> pl.Expr:
    before_birthday = (dob.dt.month() > on.month) | ((dob.dt.month() == on.month) & (dob.dt.day() > on.day))
    return on.year - dob.dt.year() - before_birthday.cast(pl.Int32)


def _whole_years(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def _pct(numerator: float, denominator: float) -> float | None:
    return None if not denominator else 100 * numerator / denominator


def _mean(values: pl.Series) -> float | None:
    values = values.drop_nulls()
    return None if values.is_empty() else float(values.mean())


def _years_before(day: date, years: int, months: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - years * 12 - months
    year, month = divmod(index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


# Columns these calculations use as numbers; everything else is read as text.
NUMBERS = {
    "YEAR": pl.Int64, "SDQ_SCORE": pl.Int64, "CONVICTED": pl.Int64, "HEALTH_CHECK": pl.Int64,
    "IMMUNISATIONS": pl.Int64, "TEETH_CHECK": pl.Int64, "HEALTH_ASSESSMENT": pl.Int64,
    "SUBSTANCE_MISUSE": pl.Int64, "SESSIONS_POSSIBLE": pl.Int64, "SESSIONS_MISSED": pl.Int64,
    "SUSPENSIONS": pl.Int64, "PERMANENT_EXCLUSION": pl.Int64, "KS2_EXPECTED": pl.Int64,
    "KS4_ATTAINMENT8": pl.Float64, "SCHOOL_MOVES": pl.Int64, "PATHWAY_PLAN": pl.Int64,
    "PERSONAL_ADVISER": pl.Int64, "STAYING_PUT": pl.Int64, "SW_FTE": pl.Float64, "VACANT_FTE": pl.Float64,
    "AGENCY_FTE": pl.Float64, "LEAVERS_FTE": pl.Float64, "OPEN_CASES": pl.Int64, "SUPERVISIONS_DUE": pl.Int64,
    "SUPERVISIONS_ON_TIME": pl.Int64,
}  # fmt: skip
FILES = ("header", "episodes", "reviews", "missing", "oc2", "oc3", "education", "visits", "leaver_support",
         "workforce")  # fmt: skip


def _scan(folder: Path, name: str) -> pl.LazyFrame:
    frame = pl.scan_csv(Path(folder) / f"{name}.csv", infer_schema=False)
    columns = frame.collect_schema().names()
    return frame.with_columns(
        pl.col(column).cast(kind) for column, kind in NUMBERS.items() if column in columns
    )


def _date(column: str) -> pl.Expr:
    return pl.col(column).str.to_date("%d/%m/%Y")


def read_return(folder: Path, around: date | None = None) -> dict[str, pl.DataFrame]:
    """The files of a generated return, text except for the `NUMBERS` columns.

    With ``around``, only the rows the values at that date need: the children looked after in the 12 months
    ending then, the year's annual rows, the visits and incidents near it. An England-size return then reads
    in a fraction of the memory.
    """
    lazy = {name: _scan(folder, name) for name in FILES}
    if around is not None:
        start = _years_before(around, 1)
        year = around.year if around.month <= 3 else around.year + 1
        current = (
            lazy["episodes"]
            .filter(_date("DECOM") <= around, pl.col("DEC").is_null() | (_date("DEC") >= start))
            .select("CHILD")
            .unique()
            .collect()
            .lazy()
        )
        for name in ("header", "episodes", "reviews"):
            lazy[name] = lazy[name].join(current, on="CHILD", how="semi")
        lazy["visits"] = lazy["visits"].filter(
            _date("VISIT_DATE").is_between(around - timedelta(days=41), around)
        )
        lazy["missing"] = lazy["missing"].filter(_date("MIS_START").is_between(start, around))
        for name in ("oc2", "oc3", "education", "leaver_support"):
            lazy[name] = lazy[name].filter(pl.col("YEAR") == year)
    return {name: frame.collect() for name, frame in lazy.items()}


class SampleIndicators:
    """Indicator values of one generated return (frames as `read_return` gives them)."""

    @classmethod
    def from_folder(cls, folder: Path, around: date | None = None) -> SampleIndicators:
        """Read a return; with ``around``, only what the values at that date need (see `read_return`)."""
        return cls(read_return(folder, around))

    def __init__(self, frames: dict[str, pl.DataFrame]) -> None:
        self.frames = frames
        episodes = _dates(frames["episodes"], "DECOM", "DEC").sort("CHILD", "DECOM")
        self.episodes = episodes
        self.dob = dict(_dates(frames["header"], "DOB").select("CHILD", "DOB").iter_rows())
        # Each child's episodes as plain tuples, grouped into periods of care.
        self.periods: dict[str, list[list[tuple]]] = defaultdict(list)
        for row in episodes.select(
            "CHILD", "DECOM", "DEC", "RNE", "LS", "PLACE", "REC", "PL_POST"
        ).iter_rows():
            child = row[0]
            if row[3] == "S" or not self.periods[child]:
                self.periods[child].append([])
            self.periods[child][-1].append(row[1:])

    # -- children looked after -------------------------------------------------------------------------
    def _period_open_on(self, child: str, day: date) -> list[tuple] | None:
        for period in self.periods[child]:
            first, last = period[0], period[-1]
            if first[3] in SHORT_BREAKS:
                continue
            if first[0] <= day and (last[1] is None or last[1] > day):
                return period
        return None

    def _looked_after(self, day: date) -> dict[str, list[tuple]]:
        found = {}
        for child in self.periods:
            period = self._period_open_on(child, day)
            if period is not None:
                found[child] = period
        return found

    def values(self, end: date) -> dict[str, float | None]:
        start = _years_before(end, 1) + timedelta(days=1)
        year = end.year if end.month <= 3 else end.year + 1
        looked_after = self._looked_after(end)
        result: dict[str, float | None] = {}
        result.update(self._placements(looked_after, start, end))
        result.update(self._endings(start, end))
        result.update(self._practice(looked_after, start, end))
        result.update(self._missing(start, end))
        result.update(self._annual(year))
        result.update(self._workforce(start, end))
        return result

    def _placements(self, looked_after: dict[str, list[tuple]], start: date, end: date) -> dict:
        three_plus = stable = stable_cohort = foster = residential = off_island = with_post = 0
        long_term_from = _years_before(end, 2, 6)  # period of care started 30 months or more before D
        for child, period in looked_after.items():
            current = next(e for e in reversed(period) if e[0] <= end)
            place = current[4]
            foster += place.startswith("U")
            residential += place in RESIDENTIAL
            if current[6] is not None:
                with_post += 1
                off_island += not current[6].startswith("JE")
            open_on_start = any(
                e[0] < start and (e[1] is None or e[1] > start) and e[4] not in TEMPORARY for e in period
            )
            moves = sum(
                1
                for e in period
                if start <= e[0] <= end and e[2] in PLACEMENT_STARTS and e[4] not in TEMPORARY
            )
            three_plus += (int(open_on_start) + moves) >= 3
            if _whole_years(self.dob[child], end) < 16 and period[0][0] <= long_term_from:
                stable_cohort += 1
                carers = [e for e in period if e[0] <= end and e[2] in CARER_STARTS]
                carer_start = carers[-1][0]
                if place in ADOPTION_PLACEMENTS:
                    adoptive = next(e[0] for e in period if e[4] in ADOPTION_PLACEMENTS)
                    before = [e[0] for e in carers if e[0] < adoptive]
                    carer_start = before[-1] if before else carer_start
                stable += carer_start <= _years_before(end, 2)
        total = len(looked_after)
        return {
            "placements_3plus_pct": _pct(three_plus, total),
            "long_term_stability_pct": _pct(stable, stable_cohort),
            "foster_placement_pct": _pct(foster, total),
            "residential_placement_pct": _pct(residential, total),
            "off_island_pct": _pct(off_island, with_post),
        }

    def _endings(self, start: date, end: date) -> dict:
        ended = permanence = 0
        adoption_days = []
        for periods in self.periods.values():
            for period in periods:
                last = period[-1]
                if period[0][3] in SHORT_BREAKS or last[1] is None or not start <= last[1] <= end:
                    continue
                ended += 1
                permanence += last[5] in {"E11", "E12", "E41", "E45", "E46", "E47", "E48"}
                if last[5] in {"E11", "E12"}:
                    index, adoptive = next(
                        (i, e) for i, e in enumerate(period) if e[4] in ADOPTION_PLACEMENTS
                    )
                    placed = adoptive[0]
                    if adoptive[4] in {"A3", "A5"}:
                        # Adopted by the current foster carer: from the start of the placement with them.
                        placed = next(e[0] for e in reversed(period[:index]) if e[2] in CARER_STARTS)
                    adoption_days.append((placed - period[0][0]).days)
        return {
            "left_to_permanence_pct": _pct(permanence, ended),
            "adoption_days_avg": sum(adoption_days) / len(adoption_days) if adoption_days else None,
        }

    def _practice(self, looked_after: dict[str, list[tuple]], start: date, end: date) -> dict:
        reviews = _dates(self.frames["reviews"], "REVIEW")
        in_period = reviews.filter(pl.col("REVIEW").is_between(start, end), pl.col("REVIEW_CODE") != "PN0")
        conveyed = in_period.filter(pl.col("REVIEW_CODE") != "PN7").height
        held: dict[str, list[date]] = defaultdict(list)
        for child, review in reviews.sort("CHILD", "REVIEW").select("CHILD", "REVIEW").iter_rows():
            held[child].append(review)
        visits = _dates(self.frames["visits"], "VISIT_DATE").filter(
            pl.col("VISIT_DATE").is_between(end - timedelta(days=41), end)
        )
        visited = set(visits["CHILD"])
        on_time = cohort = visit_cohort = visited_cohort = 0
        for child, period in looked_after.items():
            began = period[0][0]
            if (end - began).days >= 42:
                visit_cohort += 1
                visited_cohort += child in visited
            if (end - began).days < 28:
                continue
            cohort += 1
            late, due, gap = False, began + timedelta(days=28), 91
            for review in (r for r in held[child] if began <= r <= end):
                # Held after its due date, with the review or its due date inside the period.
                late = late or (review > due and (review >= start or due >= start))
                due, gap = review + timedelta(days=gap), 183
            late = late or due <= end  # due on or before D and not held by D
            on_time += not late
        return {
            "review_participation_pct": _pct(conveyed, in_period.height),
            "reviews_on_time_pct": _pct(on_time, cohort),
            "visits_on_time_pct": _pct(visited_cohort, visit_cohort),
        }

    def _missing(self, start: date, end: date) -> dict:
        during = set()
        for child, periods in self.periods.items():
            for period in periods:
                if period[0][3] in SHORT_BREAKS:
                    continue
                if period[0][0] <= end and (period[-1][1] is None or period[-1][1] >= start):
                    during.add(child)
        incidents = _dates(self.frames["missing"], "MIS_START").filter(
            pl.col("MIS_START").is_between(start, end), pl.col("CHILD").is_in(list(during))
        )
        missing = incidents.filter(pl.col("MISSING") == "M")
        away = incidents.filter(pl.col("MISSING") == "A")
        missing_children = missing["CHILD"].n_unique()
        return {
            "missing_pct": _pct(missing_children, len(during)),
            "missing_incidents_per_child": missing.height / missing_children if missing_children else None,
            "away_pct": _pct(away["CHILD"].n_unique(), len(during)),
        }

    def _annual(self, year: int) -> dict:
        census = date(year, 3, 31)
        oc2 = (
            _dates(self.frames["oc2"], "DOB")
            .filter(pl.col("YEAR") == year)
            .with_columns(age=_age(pl.col("DOB"), census))
        )
        scored = oc2.filter(pl.col("age").is_between(4, 16), pl.col("SDQ_SCORE").is_not_null())
        under5 = oc2.filter(pl.col("age") < 5)
        youth = oc2.filter(pl.col("age").is_between(10, 17))
        education = self.frames["education"].filter(pl.col("YEAR") == year)
        pupils = education.height
        oc3 = self.frames["oc3"].filter(pl.col("YEAR") == year, pl.col("IN_TOUCH") != "DIED")
        oc3 = _dates(oc3, "DOB").with_columns(age=_age(pl.col("DOB"), census))
        support = self.frames["leaver_support"].filter(pl.col("YEAR") == year)
        oc3 = oc3.join(support.drop("YEAR"), on="CHILD", how="left")
        leavers = oc3.height
        aged_18 = oc3.filter(pl.col("age") == 18)

        def share(frame: pl.DataFrame, expression: pl.Expr) -> float | None:
            return _pct(frame.filter(expression).height, frame.height)

        return {
            "health_assessment_pct": share(oc2, pl.col("HEALTH_ASSESSMENT") == 1),
            "dental_check_pct": share(oc2, pl.col("TEETH_CHECK") == 1),
            "immunisations_pct": share(oc2, pl.col("IMMUNISATIONS") == 1),
            "development_check_pct": share(under5, pl.col("HEALTH_CHECK") == 1),
            "sdq_avg": _mean(scored["SDQ_SCORE"]),
            "sdq_concern_pct": share(scored, pl.col("SDQ_SCORE") >= 17),
            "substance_misuse_pct": share(oc2, pl.col("SUBSTANCE_MISUSE") == 1),
            "convicted_pct": share(youth, pl.col("CONVICTED") == 1),
            "absence_rate": _pct(education["SESSIONS_MISSED"].sum(), education["SESSIONS_POSSIBLE"].sum()),
            "persistent_absence_pct": share(
                education, pl.col("SESSIONS_MISSED") * 10 >= pl.col("SESSIONS_POSSIBLE")
            ),
            "suspension_pct": share(education, pl.col("SUSPENSIONS") >= 1),
            "permanent_exclusion_count": float(education["PERMANENT_EXCLUSION"].sum()) if pupils else None,
            "ks2_expected_pct": share(
                education.filter(pl.col("KS2_EXPECTED").is_not_null()), pl.col("KS2_EXPECTED") == 1
            ),
            "attainment8_avg": _mean(education["KS4_ATTAINMENT8"]),
            "school_moves_pct": share(education, pl.col("SCHOOL_MOVES") >= 1),
            "leavers_in_touch_pct": share(oc3, pl.col("IN_TOUCH") == "YES"),
            "leavers_eet_pct": share(oc3, pl.col("ACTIV").is_in(EET)),
            "leavers_higher_education_pct": share(oc3, pl.col("ACTIV").is_in(("F1", "P1"))),
            "leavers_neet_pct": share(oc3, pl.col("ACTIV").is_in(("G4", "G5", "G6"))),
            "leavers_suitable_accommodation_pct": share(oc3, pl.col("ACCOM").str.ends_with("1")),
            "leavers_homeless_or_emergency_pct": share(
                oc3, pl.col("ACCOM").str.slice(0, 1).is_in(("S", "V", "W"))
            ),
            "leavers_pathway_plan_pct": share(oc3, pl.col("PATHWAY_PLAN") == 1) if leavers else None,
            "leavers_personal_adviser_pct": share(oc3, pl.col("PERSONAL_ADVISER") == 1) if leavers else None,
            "staying_put_pct": share(aged_18, pl.col("STAYING_PUT") == 1),
        }  # fmt: skip

    def _workforce(self, start: date, end: date) -> dict:
        months = (
            self.frames["workforce"]
            .with_columns(month=pl.col("MONTH").str.to_date("%Y-%m"))
            .filter(pl.col("month").is_between(date(start.year, start.month, 1), end))
        )
        if months.is_empty():
            return {}
        latest = months.sort("month").row(-1, named=True)
        return {
            "sw_turnover_pct": _pct(months["LEAVERS_FTE"].sum(), months["SW_FTE"].mean()),
            "sw_vacancy_pct": _pct(latest["VACANT_FTE"], latest["SW_FTE"] + latest["VACANT_FTE"]),
            "sw_agency_pct": _pct(latest["AGENCY_FTE"], latest["SW_FTE"]),
            "caseload_avg": latest["OPEN_CASES"] / latest["SW_FTE"],
            "supervision_on_time_pct": _pct(
                months["SUPERVISIONS_ON_TIME"].sum(), months["SUPERVISIONS_DUE"].sum()
            ),
        }
