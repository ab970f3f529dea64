"""A deliberately literal, row-by-row reading of shared/indicators.md: the oracle the catalogue is tested
against.

Nothing here is clever or fast: plain loops over the dicts of ``frame.to_dicts()`` and standard-library dates,
one small function per indicator id with its definition quoted, so that a reader can check each line against
the words. It shares no code with ``metrics/`` beyond the ``CareData`` container.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date, timedelta

from metrics.data import CareData

Rows = dict[str, list[dict]]

SHORT_BREAKS = {"V3", "V4"}
NEW_PLACEMENT = {"S", "P", "T", "U", "B"}
NEW_CARER = {"S", "P", "B"}
TEMPORARY = {"T0", "T1", "T2", "T3", "T4"}
ADOPTION_PLACES = {"A3", "A4", "A5", "A6"}
FOSTER_PLACES = {"U1", "U2", "U3", "U4", "U5", "U6"}
RESIDENTIAL_PLACES = {"K1", "K2", "R1", "S1"}
PERMANENCE_RECS = {"E11", "E12", "E45", "E46", "E47", "E48", "E41"}
RETURNED_HOME_RECS = {"E4A", "E4B"}
ADOPTED_RECS = {"E11", "E12"}
EET_ACTIVITIES = {"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"}
HIGHER_EDUCATION = {"F1", "P1"}
NEET_ACTIVITIES = {"G4", "G5", "G6"}


@dataclass
class Figure:
    """The headline numerator, denominator and value; ``groups`` holds breakdown figures where computed."""

    numerator: float | None
    denominator: float | None
    value: float | None
    groups: dict[tuple[str, str], Figure] = field(default_factory=dict)


# ---------------------------------------------------------------- dates and ages


def minus_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def minus_months(day: date, months: int) -> date:
    index = day.year * 12 + (day.month - 1) - months
    year, month = index // 12, index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def period_start(d: date) -> date:
    """Period: "S = D minus one year plus one day (D = 31/03/2025 gives S = 01/04/2024)"."""
    return minus_years(d, 1) + timedelta(days=1)


def age_at(dob: date, d: date) -> int:
    """Shared term: "Age at D: whole years between DOB and D"."""
    return d.year - dob.year - ((d.month, d.day) < (dob.month, dob.day))


def in_period(day: date | None, d: date) -> bool:
    return day is not None and period_start(d) <= day <= d


# ---------------------------------------------------------------- shared terms


def tables(data: CareData) -> Rows:
    return {table.name: getattr(data, table.name).to_dicts() for table in fields(data)}


def episodes_of(rows: Rows) -> dict[str, list[dict]]:
    by_child: dict[str, list[dict]] = {}
    for episode in rows["episodes"]:
        by_child.setdefault(episode["child"], []).append(episode)
    for episodes in by_child.values():
        episodes.sort(key=lambda episode: episode["decom"])
    return by_child


def open_on(episode: dict, x: date) -> bool:
    """Shared term: "Episode open on a day X: DECOM <= X and (DEC is empty or DEC > X)"."""
    return episode["decom"] <= x and (episode["dec"] is None or episode["dec"] > x)


def periods_of_care(episodes: list[dict]) -> list[list[dict]]:
    """Period of care: "The run of episodes from an episode with RNE = S up to the next episode that ends with
    a REC other than X1"."""
    periods: list[list[dict]] = []
    current: list[dict] | None = None
    for episode in episodes:
        if episode["rne"] == "S" or current is None:
            current = []
            periods.append(current)
        current.append(episode)
        if episode["dec"] is not None and episode["rec"] != "X1":
            current = None
    return periods


def open_episode_at(episodes: list[dict], d: date) -> dict | None:
    """Shared term: "Looked after at D: the child has an episode open on D whose LS is not V3 or V4": that
    episode."""
    for episode in episodes:
        if open_on(episode, d) and episode["ls"] not in SHORT_BREAKS:
            return episode
    return None


def looked_after_during(episodes: list[dict], d: date) -> bool:
    """Looked after during the period: "An episode with DECOM <= D and (DEC empty or DEC >= S), LS not
    V3/V4"."""
    s = period_start(d)
    return any(
        e["decom"] <= d and (e["dec"] is None or e["dec"] >= s) and e["ls"] not in SHORT_BREAKS
        for e in episodes
    )


def period_containing(episodes: list[dict], episode: dict) -> list[dict]:
    for period in periods_of_care(episodes):
        if any(member is episode for member in period):
            return period
    raise AssertionError("every episode is in a period of care")


def carer_start(period: list[dict], index: int) -> date:
    """Carer: "A new carer starts with every episode whose RNE is S, P or B. T and U ... keep the carer; L
    keeps both"."""
    for episode in reversed(period[: index + 1]):
        if episode["rne"] in NEW_CARER:
            return episode["decom"]
    return period[0]["decom"]


def placements(episodes: list[dict]) -> list[list[dict]]:
    """Placement: "A new placement starts with every episode whose RNE is S, P, T, U or B. An episode with RNE
    = L continues the placement of the episode before it"."""
    result: list[list[dict]] = []
    for episode in episodes:
        if episode["rne"] in NEW_PLACEMENT or not result:
            result.append([episode])
        else:
            result[-1].append(episode)
    return result


def counted_placements_in_period(episodes: list[dict], d: date) -> int:
    """Placements "counted are the placement that started before S and was still open on S (if any), plus
    each placement that started on or after S and on or before D"; "episodes whose PLACE is a temporary
    placement (T0-T4) are not counted as placements". A placement runs from its first DECOM to its last DEC
    ("an episode with RNE = L continues the placement of the episode before it")."""
    s = period_start(d)
    count = 0
    for placement in placements(episodes):
        if placement[0]["place"] in TEMPORARY:
            continue
        start, end = placement[0]["decom"], placement[-1]["dec"]
        open_on_s = start < s and (end is None or end > s)
        if open_on_s or s <= start <= d:
            count += 1
    return count


def looked_after(rows: Rows, d: date) -> list[tuple[str, dict, list[dict], list[dict]]]:
    """Children looked after at D as (child, open episode, current period of care, all episodes)."""
    result = []
    for child, episodes in episodes_of(rows).items():
        episode = open_episode_at(episodes, d)
        if episode is not None:
            result.append((child, episode, period_containing(episodes, episode), episodes))
    return result


def outcomes_cohort(rows: Rows, year: int) -> set[str]:
    """Outcomes cohort: "Looked after at D = 31 March and the current period of care started on or before D
    minus 12 months plus one day (i.e. on or before 1 April of the year before)"."""
    d = date(year, 3, 31)
    latest_start = minus_years(d, 1) + timedelta(days=1)
    return {child for child, _, period, _ in looked_after(rows, d) if period[0]["decom"] <= latest_start}


def ended_periods(rows: Rows, d: date) -> list[tuple[str, list[dict]]]:
    """Ceased: "Periods of care that ended in the period (last episode of the period of care,
    DEC in the period, REC not X1)", short breaks excluded ("from every looked-after count")."""
    result = []
    for child, episodes in episodes_of(rows).items():
        for period in periods_of_care(episodes):
            last = period[-1]
            if (
                last["dec"] is not None
                and last["rec"] != "X1"
                and in_period(last["dec"], d)
                and last["ls"] not in SHORT_BREAKS
            ):
                result.append((child, period))
    return result


def header_of(rows: Rows) -> dict[str, dict]:
    return {row["child"]: row for row in rows["header"]}


# ---------------------------------------------------------------- figures


def share(numerator: float, denominator: float, scale: float = 100.0) -> Figure:
    """Units: "A denominator of 0 gives no value (null), never 0"."""
    return Figure(numerator, denominator, scale * numerator / denominator if denominator else None)


def count(numerator: int) -> Figure:
    return Figure(numerator, None, numerator)


def mean(values: list[float]) -> Figure:
    return Figure(sum(values), len(values), sum(values) / len(values) if values else None)


def shares_by(units: list[tuple[dict[str, str], bool]], scale: float = 100.0) -> Figure:
    """Headline share of ``units`` (groups, counted?) and the share within each (breakdown, group)."""
    headline = share(sum(counted for _, counted in units), len(units), scale)
    tallies: dict[tuple[str, str], list[int]] = {}
    for groups, counted in units:
        for key in groups.items():
            tally = tallies.setdefault(key, [0, 0])
            tally[0] += counted
            tally[1] += 1
    headline.groups = {key: share(n, total, scale) for key, (n, total) in tallies.items()}
    return headline


AGE_BANDS = ((1, "Under 1"), (5, "1-4"), (10, "5-9"), (16, "10-15"))


# header.csv: "1 male, 2 female (to 2023/24); M, F, U (from 2024/25)", stored as the text the return gives.
SEX_LABELS = {"1": "Male", "2": "Female", "M": "Male", "F": "Female"}


def age_band(age: int) -> str:
    """Breakdowns: "Age band at D (under 1, 1-4, 5-9, 10-15, 16+)"."""
    for below, label in AGE_BANDS:
        if age < below:
            return label
    return "16+"


def child_groups(rows: Rows, child: str, d: date) -> dict[str, str]:
    header = header_of(rows)[child]
    return {
        "age_band": age_band(age_at(header["dob"], d)),
        "sex": SEX_LABELS.get(header["sex"], "Not recorded"),
    }


# ---------------------------------------------------------------- stability and permanence


def cla_count(rows: Rows, d: date) -> Figure:
    """cla_count: "children looked after at D" (count)."""
    children = looked_after(rows, d)
    figure = count(len(children))
    for child, *_ in children:
        for key in child_groups(rows, child, d).items():
            figure.groups.setdefault(key, count(0)).numerator += 1
    for group in figure.groups.values():
        group.value = group.numerator
    return figure


def cla_rate_per_10k(rows: Rows, d: date) -> Figure:
    """cla_rate_per_10k: "cla_count per 10,000 children under 18 (population.csv, YEAR of D)"; YEAR of D read
    by the data spec's rule "the years are years ending 31 March", so D = 30/09/2025 uses YEAR 2026."""
    year_of_d = d.year + 1 if d.month > 3 else d.year
    population = [row["children_under_18"] for row in rows["population"] if row["year"] == year_of_d]
    if not population:
        return Figure(len(looked_after(rows, d)), None, None)
    return share(len(looked_after(rows, d)), population[0], scale=10_000.0)


def started_count(rows: Rows, d: date) -> Figure:
    """started_count: "periods of care that started in the period (episodes with RNE = S, LS not V3/V4, DECOM
    in the period)"."""
    return count(
        sum(
            1
            for e in rows["episodes"]
            if e["rne"] == "S" and e["ls"] not in SHORT_BREAKS and in_period(e["decom"], d)
        )
    )


def ceased_count(rows: Rows, d: date) -> Figure:
    """ceased_count: "periods of care that ended in the period (last episode of the period of care, DEC in the
    period, REC not X1)"."""
    return count(len(ended_periods(rows, d)))


def placements_3plus_pct(rows: Rows, d: date) -> Figure:
    """placements_3plus_pct: "of children looked after at D, the share who had 3 or more placements during the
    period; placements counted are the placement that started before S and was still open on S (if any), plus
    each placement that started on or after S and on or before D"."""
    return shares_by(
        [
            (child_groups(rows, child, d), counted_placements_in_period(episodes, d) >= 3)
            for child, _, _, episodes in looked_after(rows, d)
        ]
    )


def long_term_stability_pct(rows: Rows, d: date) -> Figure:
    """long_term_stability_pct: "of children looked after at D, aged under 16 at D, whose period of care
    started 30 months or more before D, the share who have lived with their current carer for 24 months or
    more at D (the carer started with the latest episode whose RNE is S, P or B); a child placed for adoption
    (PLACE A3-A6) counts if the adoptive placement together with the carer just before it has lasted 24 months
    or more"."""
    return _long_term_stability(rows, d, carer_start)


def _long_term_stability(rows: Rows, d: date, carer: Callable[[list[dict], int], date]) -> Figure:
    header = header_of(rows)
    threshold = minus_years(d, 2)
    units = []
    for child, episode, period, _ in looked_after(rows, d):
        if age_at(header[child]["dob"], d) >= 16 or period[0]["decom"] > minus_months(d, 30):
            continue
        index = next(i for i, member in enumerate(period) if member is episode)
        stable = carer(period, index) <= threshold
        if not stable and episode["place"] in ADOPTION_PLACES:
            first = max(i for i in range(index + 1) if period[i]["rne"] in NEW_PLACEMENT)
            together_since = carer(period, first - 1) if first > 0 else period[first]["decom"]
            stable = together_since <= threshold
        units.append((child_groups(rows, child, d), stable))
    return shares_by(units)


def _placed_share(rows: Rows, d: date, places: set[str]) -> Figure:
    return shares_by(
        [
            (child_groups(rows, child, d), episode["place"] in places)
            for child, episode, _, _ in looked_after(rows, d)
        ]
    )


def foster_placement_pct(rows: Rows, d: date) -> Figure:
    """foster_placement_pct: "of children looked after at D, the share whose placement is a foster placement
    (U1-U6)"."""
    return _placed_share(rows, d, FOSTER_PLACES)


def residential_placement_pct(rows: Rows, d: date) -> Figure:
    """residential_placement_pct: "of children looked after at D, the share in K1, K2, R1 or S1"."""
    return _placed_share(rows, d, RESIDENTIAL_PLACES)


def off_island_pct(rows: Rows, d: date) -> Figure:
    """off_island_pct: "of children looked after at D with PL_POST recorded, the share whose PL_POST does not
    start with JE"."""
    return shares_by(
        [
            (child_groups(rows, child, d), not episode["pl_post"].startswith("JE"))
            for child, episode, _, _ in looked_after(rows, d)
            if episode["pl_post"] is not None
        ]
    )


def left_to_permanence_pct(rows: Rows, d: date) -> Figure:
    """left_to_permanence_pct: "of periods of care that ended in the period, the share ending by adoption
    (E11, E12), special guardianship (E45-E48) or child arrangement order (E41)"."""
    ended = ended_periods(rows, d)
    return share(sum(period[-1]["rec"] in PERMANENCE_RECS for _, period in ended), len(ended))


def returned_home_pct(rows: Rows, d: date) -> Figure:
    """returned_home_pct: "of periods of care that ended in the period, the share ending with REC E4A or
    E4B"."""
    ended = ended_periods(rows, d)
    return share(sum(period[-1]["rec"] in RETURNED_HOME_RECS for _, period in ended), len(ended))


def adoption_days_avg(rows: Rows, d: date) -> Figure:
    """adoption_days_avg: "for children adopted in the period (REC E11/E12), the mean number of days from the
    start of their period of care to the start of the adoptive placement (first episode with PLACE A3-A6 in
    that period of care); for A3/A5 (adopted by the current foster carer) the start of the placement with that
    carer is used"."""
    days = []
    for _, period in ended_periods(rows, d):
        if period[-1]["rec"] not in ADOPTED_RECS:
            continue
        adoptive = [i for i, episode in enumerate(period) if episode["place"] in ADOPTION_PLACES]
        if not adoptive:
            continue
        first = adoptive[0]
        start = period[first]["decom"]
        if period[first]["place"] in {"A3", "A5"}:
            start = carer_start(period, first)
        days.append((start - period[0]["decom"]).days)
    return mean(days)


# ---------------------------------------------------------------- education


def pupils(rows: Rows, d: date) -> list[dict]:
    """Education's cohort: "children looked after continuously for 12 months at 31 March of YEAR, joined to
    education.csv on CHILD and YEAR. Pupils without an education row are left out of the denominator"."""
    cohort = outcomes_cohort(rows, d.year)
    return [row for row in rows["education"] if row["year"] == d.year and row["child"] in cohort]


def _pupil_share(rows: Rows, d: date, test: Callable[[dict], bool]) -> Figure:
    group = pupils(rows, d)
    return share(sum(test(row) for row in group), len(group))


def absence_rate(rows: Rows, d: date) -> Figure:
    """absence_rate: "100 x sum SESSIONS_MISSED / sum SESSIONS_POSSIBLE"."""
    group = pupils(rows, d)
    missed = sum(row["sessions_missed"] or 0 for row in group)
    possible = sum(row["sessions_possible"] or 0 for row in group)
    return share(missed, possible)


def persistent_absence_pct(rows: Rows, d: date) -> Figure:
    """persistent_absence_pct: "share of pupils with SESSIONS_MISSED >= 10% of SESSIONS_POSSIBLE" (compared in
    whole numbers: 10 x missed >= possible)."""
    return _pupil_share(
        rows,
        d,
        lambda row: (
            row["sessions_missed"] is not None
            and row["sessions_possible"] is not None
            and 10 * row["sessions_missed"] >= row["sessions_possible"]
        ),
    )


def suspension_pct(rows: Rows, d: date) -> Figure:
    """suspension_pct: "share of pupils with SUSPENSIONS >= 1"."""
    return _pupil_share(rows, d, lambda row: (row["suspensions"] or 0) >= 1)


def permanent_exclusion_count(rows: Rows, d: date) -> Figure:
    """permanent_exclusion_count: "pupils with PERMANENT_EXCLUSION = 1". The pupils are the theme's
    denominator ("pupils without an education row are left out of the denominator"), so a year without pupils
    has no figure ("a denominator of 0 gives no value (null), never 0") rather than a count of 0."""
    group = pupils(rows, d)
    excluded = sum(row["permanent_exclusion"] is True for row in group)
    return Figure(excluded, len(group), excluded if group else None)


def ks2_expected_pct(rows: Rows, d: date) -> Figure:
    """ks2_expected_pct: "of pupils with KS2_EXPECTED recorded, the share with 1"."""
    recorded = [row for row in pupils(rows, d) if row["ks2_expected"] is not None]
    return share(sum(row["ks2_expected"] for row in recorded), len(recorded))


def attainment8_avg(rows: Rows, d: date) -> Figure:
    """attainment8_avg: "mean KS4_ATTAINMENT8 of pupils with it recorded"."""
    return mean([row["ks4_attainment8"] for row in pupils(rows, d) if row["ks4_attainment8"] is not None])


def school_moves_pct(rows: Rows, d: date) -> Figure:
    """school_moves_pct: "share of pupils with SCHOOL_MOVES >= 1"."""
    return _pupil_share(rows, d, lambda row: (row["school_moves"] or 0) >= 1)


def sen_plan_pct(rows: Rows, d: date) -> Figure:
    """sen_plan_pct: "share of pupils with SEN = E"."""
    return _pupil_share(rows, d, lambda row: row["sen"] == "E")


# ---------------------------------------------------------------- health and wellbeing


def oc2_rows(rows: Rows, d: date) -> list[dict]:
    """Health: "Cohort: oc2.csv rows of YEAR"."""
    return [row for row in rows["oc2"] if row["year"] == d.year]


def _oc2_share(rows: Rows, d: date, column: str) -> Figure:
    group = oc2_rows(rows, d)
    return share(sum(row[column] is True for row in group), len(group))


def health_assessment_pct(rows: Rows, d: date) -> Figure:
    """health_assessment_pct: "share with HEALTH_ASSESSMENT = 1"."""
    return _oc2_share(rows, d, "health_assessment")


def dental_check_pct(rows: Rows, d: date) -> Figure:
    """dental_check_pct: "share with TEETH_CHECK = 1"."""
    return _oc2_share(rows, d, "teeth_check")


def immunisations_pct(rows: Rows, d: date) -> Figure:
    """immunisations_pct: "share with IMMUNISATIONS = 1"."""
    return _oc2_share(rows, d, "immunisations")


def substance_misuse_pct(rows: Rows, d: date) -> Figure:
    """substance_misuse_pct: "share with SUBSTANCE_MISUSE = 1"."""
    return _oc2_share(rows, d, "substance_misuse")


def development_check_pct(rows: Rows, d: date) -> Figure:
    """development_check_pct: "of children aged under 5 at 31 March, the share with HEALTH_CHECK = 1"."""
    group = [row for row in oc2_rows(rows, d) if age_at(row["dob"], d) < 5]
    return share(sum(row["health_check"] is True for row in group), len(group))


def _scored(rows: Rows, d: date) -> list[int]:
    return [
        row["sdq_score"]
        for row in oc2_rows(rows, d)
        if 4 <= age_at(row["dob"], d) <= 16 and row["sdq_score"] is not None
    ]


def sdq_avg(rows: Rows, d: date) -> Figure:
    """sdq_avg: "mean SDQ_SCORE of children aged 4 to 16 at 31 March with a score"."""
    return mean(_scored(rows, d))


def sdq_concern_pct(rows: Rows, d: date) -> Figure:
    """sdq_concern_pct: "of children aged 4 to 16 with a score, the share scoring 17 or more"."""
    scores = _scored(rows, d)
    return share(sum(score >= 17 for score in scores), len(scores))


# ---------------------------------------------------------------- youth justice and missing


def convicted_pct(rows: Rows, d: date) -> Figure:
    """convicted_pct: "of oc2.csv rows of YEAR aged 10 to 17 at 31 March, the share with CONVICTED = 1"."""
    group = [row for row in oc2_rows(rows, d) if 10 <= age_at(row["dob"], d) <= 17]
    return share(sum(row["convicted"] is True for row in group), len(group))


def _incidents(rows: Rows, d: date, kind: str) -> dict[str, int]:
    """Incidents of ``kind`` starting in the period, per child looked after during the period (worked example
    3: a child in no looked-after count has "its missing incidents ... not counted either")."""
    during = {child for child, episodes in episodes_of(rows).items() if looked_after_during(episodes, d)}
    tally = dict.fromkeys(during, 0)
    for row in rows["missing"]:
        if row["child"] in during and row["missing"] == kind and in_period(row["mis_start"], d):
            tally[row["child"]] += 1
    return tally


def missing_pct(rows: Rows, d: date) -> Figure:
    """missing_pct: "of children looked after during the period, the share with at least one MISSING = M
    incident starting in the period"."""
    tally = _incidents(rows, d, "M")
    return shares_by([(child_groups(rows, child, d), n >= 1) for child, n in tally.items()])


def missing_incidents_per_child(rows: Rows, d: date) -> Figure:
    """missing_incidents_per_child: "of children with a missing incident starting in the period, the mean
    number of such incidents"."""
    return mean([n for n in _incidents(rows, d, "M").values() if n >= 1])


def away_pct(rows: Rows, d: date) -> Figure:
    """away_pct: "of children looked after during the period, the share with at least one MISSING = A incident
    starting in the period"."""
    tally = _incidents(rows, d, "A")
    return share(sum(n >= 1 for n in tally.values()), len(tally))


# ---------------------------------------------------------------- care leavers


def age_group(age: int) -> str | None:
    """Care leavers: "Age group by age at 31 March of YEAR: 17-18 and 19-21"."""
    if 17 <= age <= 18:
        return "17-18"
    if 19 <= age <= 21:
        return "19-21"
    return None


def leavers(rows: Rows, d: date) -> list[dict]:
    """Care leavers: "The oc3.csv rows whose YEAR is that year ... Rows with IN_TOUCH = DIED are excluded from
    every care-leaver denominator"."""
    return [row for row in rows["oc3"] if row["year"] == d.year and row["in_touch"] != "DIED"]


def _leaver_share(rows: Rows, d: date, test: Callable[[dict], bool]) -> Figure:
    units = []
    for row in leavers(rows, d):
        group = age_group(age_at(row["dob"], d))
        units.append(({"age_group": group} if group else {}, test(row)))
    return shares_by(units)


def _support(rows: Rows, d: date, column: str) -> Callable[[dict], bool]:
    """Support: "In leaver_support.csv for the same YEAR (no row counts as 0)"."""
    flagged = {
        row["child"] for row in rows["leaver_support"] if row["year"] == d.year and row[column] is True
    }
    return lambda row: row["child"] in flagged


def leavers_in_touch_pct(rows: Rows, d: date) -> Figure:
    """leavers_in_touch_pct: "share with IN_TOUCH = YES"."""
    return _leaver_share(rows, d, lambda row: row["in_touch"] == "YES")


def leavers_eet_pct(rows: Rows, d: date) -> Figure:
    """leavers_eet_pct: "share with ACTIV in F1, P1, F2, P2, F4, P4, F5, P5"."""
    return _leaver_share(rows, d, lambda row: row["activ"] in EET_ACTIVITIES)


def leavers_higher_education_pct(rows: Rows, d: date) -> Figure:
    """leavers_higher_education_pct: "share with ACTIV in F1, P1"."""
    return _leaver_share(rows, d, lambda row: row["activ"] in HIGHER_EDUCATION)


def leavers_neet_pct(rows: Rows, d: date) -> Figure:
    """leavers_neet_pct: "share with ACTIV in G4, G5, G6"."""
    return _leaver_share(rows, d, lambda row: row["activ"] in NEET_ACTIVITIES)


def leavers_suitable_accommodation_pct(rows: Rows, d: date) -> Figure:
    """leavers_suitable_accommodation_pct: "share whose ACCOM ends in 1"."""
    return _leaver_share(rows, d, lambda row: row["accom"] is not None and row["accom"].endswith("1"))


def leavers_homeless_or_emergency_pct(rows: Rows, d: date) -> Figure:
    """leavers_homeless_or_emergency_pct: "share whose ACCOM starts with S, V or W"."""
    return _leaver_share(
        rows, d, lambda row: row["accom"] is not None and row["accom"][:1] in {"S", "V", "W"}
    )


def leavers_pathway_plan_pct(rows: Rows, d: date) -> Figure:
    """leavers_pathway_plan_pct: "share with PATHWAY_PLAN = 1 in leaver_support.csv for the same YEAR (no row
    counts as 0)"."""
    return _leaver_share(rows, d, _support(rows, d, "pathway_plan"))


def leavers_personal_adviser_pct(rows: Rows, d: date) -> Figure:
    """leavers_personal_adviser_pct: "share with PERSONAL_ADVISER = 1, as above"."""
    return _leaver_share(rows, d, _support(rows, d, "personal_adviser"))


def staying_put_pct(rows: Rows, d: date) -> Figure:
    """staying_put_pct: "of care leavers aged 18 at 31 March, the share with STAYING_PUT = 1, as above"."""
    staying_put = _support(rows, d, "staying_put")
    group = [row for row in leavers(rows, d) if age_at(row["dob"], d) == 18]
    figure = share(sum(staying_put(row) for row in group), len(group))
    figure.groups = {("age_group", "17-18"): share(figure.numerator, figure.denominator)} if group else {}
    return figure


# ---------------------------------------------------------------- voice of the child and practice standards


def review_participation_pct(rows: Rows, d: date) -> Figure:
    """review_participation_pct: "of reviews held in the period with REVIEW_CODE PN1-PN7 (PN0, under 4,
    excluded), the share with PN1-PN6 (the child's views were conveyed)"."""
    held = [
        r
        for r in rows["reviews"]
        if in_period(r["review"], d) and r["review_code"] in {f"PN{i}" for i in range(1, 8)}
    ]
    return share(sum(r["review_code"] != "PN7" for r in held), len(held))


def late_review_in_period(period_of_care_start: date, review_dates: list[date], d: date) -> bool:
    """Reviews: "The first review is due 28 days after the period of care starts, the second 91 days after the
    first, each later one 183 days after the one before; a review is late if held after its due date, or not
    held by D when due on or before D". A review held late counts as late in the period when it was held in
    the period (its lateness then falls in the period); an overdue review not held by D is late in the period
    whenever it fell due."""
    s = period_start(d)
    held = sorted(day for day in review_dates if period_of_care_start <= day <= d)
    due = period_of_care_start + timedelta(days=28)
    for number in range(1, len(held) + 2):
        if number > len(held):
            return due <= d
        review = held[number - 1]
        if review > due and review >= s:
            return True
        due = review + timedelta(days=91 if number == 1 else 183)
    raise AssertionError("unreachable")


def reviews_on_time_pct(rows: Rows, d: date) -> Figure:
    """reviews_on_time_pct: "of children looked after at D whose period of care started 28 days or more before
    D, the share with no review late in the period"."""
    units = []
    for child, _, period, _ in looked_after(rows, d):
        start = period[0]["decom"]
        if start > d - timedelta(days=28):
            continue
        dates = [r["review"] for r in rows["reviews"] if r["child"] == child and r["review"] is not None]
        units.append((child_groups(rows, child, d), not late_review_in_period(start, dates, d)))
    return shares_by(units)


def visits_on_time_pct(rows: Rows, d: date) -> Figure:
    """visits_on_time_pct: "of children looked after at D whose period of care started 42 days or more before
    D, the share with a statutory visit (visits.csv) in the 42 days up to and including D" (D - 41 to D)."""
    units = []
    for child, _, period, _ in looked_after(rows, d):
        if period[0]["decom"] > d - timedelta(days=42):
            continue
        visited = any(
            v["child"] == child
            and v["visit_date"] is not None
            and d - timedelta(days=41) <= v["visit_date"] <= d
            for v in rows["visits"]
        )
        units.append((child_groups(rows, child, d), visited))
    return shares_by(units)


# ---------------------------------------------------------------- workforce


def months_in_period(rows: Rows, d: date) -> list[dict]:
    """Workforce: "From workforce.csv; months inside the period": MONTH (its first day) from S to D."""
    return [row for row in rows["workforce"] if in_period(row["month"], d)]


def month_of(rows: Rows, d: date) -> dict | None:
    for row in rows["workforce"]:
        if (row["month"].year, row["month"].month) == (d.year, d.month):
            return row
    return None


def social_worker_changes_2plus_pct(rows: Rows, d: date) -> Figure:
    """social_worker_changes_2plus_pct: "of the children looked after at D, the share with two or more changes
    of social worker in the 12 months to D (distinct SW_ID whose episode overlaps the period, less one)";
    not available without social worker episodes, nor for 12 months starting before 1 April 2023."""
    s = period_start(d)
    if not rows["sw_episodes"] or s < date(2023, 4, 1):
        return Figure(None, None, None)
    workers: dict[str, set[str]] = {}
    for row in rows["sw_episodes"]:
        if row["sw_decom"] <= d and (row["sw_dec"] is None or row["sw_dec"] >= s):
            workers.setdefault(row["child"], set()).add(row["sw_id"])
    return shares_by(
        [
            (child_groups(rows, child, d), len(workers.get(child, ())) - 1 >= 2)
            for child, *_ in looked_after(rows, d)
        ]
    )


def sw_turnover_pct(rows: Rows, d: date) -> Figure:
    """sw_turnover_pct: "100 x sum LEAVERS_FTE over the period / mean SW_FTE over the period"."""
    months = months_in_period(rows, d)
    if not months:
        return Figure(None, None, None)
    return share(
        sum(row["leavers_fte"] for row in months), sum(row["sw_fte"] for row in months) / len(months)
    )


def sw_vacancy_pct(rows: Rows, d: date) -> Figure:
    """sw_vacancy_pct: "at the month of D: 100 x VACANT_FTE / (SW_FTE + VACANT_FTE)"."""
    row = month_of(rows, d)
    return (
        Figure(None, None, None)
        if row is None
        else share(row["vacant_fte"], row["sw_fte"] + row["vacant_fte"])
    )


def sw_agency_pct(rows: Rows, d: date) -> Figure:
    """sw_agency_pct: "at the month of D: 100 x AGENCY_FTE / SW_FTE"."""
    row = month_of(rows, d)
    return Figure(None, None, None) if row is None else share(row["agency_fte"], row["sw_fte"])


def caseload_avg(rows: Rows, d: date) -> Figure:
    """caseload_avg: "at the month of D: OPEN_CASES / SW_FTE"."""
    row = month_of(rows, d)
    return Figure(None, None, None) if row is None else share(row["open_cases"], row["sw_fte"], scale=1.0)


def supervision_on_time_pct(rows: Rows, d: date) -> Figure:
    """supervision_on_time_pct: "100 x sum SUPERVISIONS_ON_TIME / sum SUPERVISIONS_DUE over the period"."""
    months = months_in_period(rows, d)
    if not months:
        return Figure(None, None, None)
    return share(
        sum(row["supervisions_on_time"] for row in months), sum(row["supervisions_due"] for row in months)
    )


ORACLE: dict[str, Callable[[Rows, date], Figure]] = {
    fn.__name__: fn
    for fn in (
        cla_count,
        cla_rate_per_10k,
        started_count,
        ceased_count,
        placements_3plus_pct,
        long_term_stability_pct,
        foster_placement_pct,
        residential_placement_pct,
        off_island_pct,
        left_to_permanence_pct,
        returned_home_pct,
        adoption_days_avg,
        absence_rate,
        persistent_absence_pct,
        suspension_pct,
        permanent_exclusion_count,
        ks2_expected_pct,
        attainment8_avg,
        school_moves_pct,
        sen_plan_pct,
        health_assessment_pct,
        dental_check_pct,
        immunisations_pct,
        development_check_pct,
        sdq_avg,
        sdq_concern_pct,
        substance_misuse_pct,
        convicted_pct,
        missing_pct,
        missing_incidents_per_child,
        away_pct,
        leavers_in_touch_pct,
        leavers_eet_pct,
        leavers_higher_education_pct,
        leavers_neet_pct,
        leavers_suitable_accommodation_pct,
        leavers_homeless_or_emergency_pct,
        leavers_pathway_plan_pct,
        leavers_personal_adviser_pct,
        staying_put_pct,
        review_participation_pct,
        reviews_on_time_pct,
        visits_on_time_pct,
        social_worker_changes_2plus_pct,
        sw_turnover_pct,
        sw_vacancy_pct,
        sw_agency_pct,
        caseload_avg,
        supervision_on_time_pct,
    )
}


def oracle_figure(data: CareData, indicator_id: str, d: date) -> Figure:
    """The oracle's headline (and, for a few indicators, breakdown) figures of ``indicator_id`` at ``d``."""
    return ORACLE[indicator_id](tables(data), d)
