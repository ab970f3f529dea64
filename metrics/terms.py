"""The definitions' shared terms (README, "Where the definitions are"), computed once, used by all.

Period, looked after at D, looked after during the period, period of care, placement, carer, age at D, the
12-month outcomes cohort and the children's breakdown groups are defined here and nowhere else; indicator
functions only filter and count what these return.

Everything that needs the order of a child's episodes (periods of care, placements, carers) is derived in one
sorted pass by `episode_facts`, once per return: every indicator at every reporting date reads the same
derived episodes, so they are kept for the last few episode frames seen (by identity: the frames of a
`CareData` are never changed in place). Nothing else is kept here; the engine keeps results
(`metrics.engine`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from datetime import date, timedelta

import polars as pl

from metrics.data import CareData
from metrics.periods import Period, minus_years
from metrics.tidy import NOT_RECORDED

Frame = pl.DataFrame | pl.LazyFrame

# "short breaks are excluded from every looked-after count, as the official statistics do"
SHORT_BREAK_LEGAL_STATUSES = ("V3", "V4")
# "a new placement starts with every episode whose RNE is S, P, T, U or B"; L continues it.
NEW_PLACEMENT_REASONS = ("S", "P", "T", "U", "B")
# "a new carer starts with every episode whose RNE is S, P or B. T and U change the placement but keep the
# carer"
NEW_CARER_REASONS = ("S", "P", "B")
TEMPORARY_PLACEMENTS = ("T0", "T1", "T2", "T3", "T4")
ADOPTION_PLACEMENTS = ("A3", "A4", "A5", "A6")
# "X1 episode ends and a new one starts the same day": the only ending that keeps a period of care going.
CONTINUING_REC = "X1"

FOSTER_PLACEMENTS = ("U1", "U2", "U3", "U4", "U5", "U6")
RESIDENTIAL_PLACEMENTS = ("K1", "K2", "R1", "S1")
WITH_PARENTS_PLACEMENTS = ("P1",)
INDEPENDENT_LIVING_PLACEMENTS = ("P2", "H5", "K3")

AGE_BANDS = ("Under 1", "1-4", "5-9", "10-15", "16+")
ETHNIC_GROUPS = {"W": "White", "M": "Mixed", "A": "Asian", "B": "Black", "C": "Other", "O": "Other"}
ETHNIC_NOT_KNOWN = "Not known"
# SEX is stored as the return's text: 1/2 up to 2023/24, M/F/U from 2024/25 (U, not known, is "Not recorded").
SEX_GROUPS = {"1": "Male", "2": "Female", "M": "Male", "F": "Female"}
PLACEMENT_TYPES = ("Foster", "Residential", "With parents", "Independent living", "Adoption", "Other")
LOCATIONS = ("On island", "Off island")
# Each child breakdown's groups in their natural order (ages youngest first), "Not recorded" last.
GROUP_ORDERS = {
    name: tuple(dict.fromkeys([*groups, NOT_RECORDED]))
    for name, groups in {
        "sex": SEX_GROUPS.values(),
        "ethnic_group": [*ETHNIC_GROUPS.values(), ETHNIC_NOT_KNOWN],
        "age_band": AGE_BANDS,
        "placement_type": PLACEMENT_TYPES,
        "location": LOCATIONS,
    }.items()
}
_STILL_OPEN = date(9999, 12, 31)


class _IdentityCache:
    """Results computed from frames, kept for the last few (frames, key) seen; frames match by identity.

    Holding the source frames themselves keeps their ids from being reused by other frames. The dashboard
    serves sessions from several threads: the list is only read and changed under a lock (a value computed
    twice by two threads at once is harmless).
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: list[tuple[tuple[pl.DataFrame, ...], Hashable, pl.DataFrame]] = []
        self.lock = threading.Lock()

    def get(
        self, sources: tuple[pl.DataFrame, ...], key: Hashable, compute: Callable[[], pl.DataFrame]
    ) -> pl.DataFrame:
        with self.lock:
            for cached_sources, cached_key, value in self.entries:
                if cached_key == key and all(a is b for a, b in zip(cached_sources, sources, strict=True)):
                    return value
        value = compute()
        with self.lock:
            self.entries.append((sources, key, value))
            del self.entries[: -self.size]
        return value

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


# Enough for the return being viewed and one being loaded.
_facts_cache = _IdentityCache(size=4)
# Who is looked after at (or during the period to) each reporting date, kept by episode frame: most
# indicators start from the same children at the same dates. Enough for two returns' dates.
_looked_after_cache = _IdentityCache(size=256)


def clear_caches() -> None:
    """Forget the derived episodes (for tests, or after loading a new return to free memory)."""
    _facts_cache.clear()
    _looked_after_cache.clear()


# --- dates ---------------------------------------------------------------------------------------------


def age_at(dob: pl.Expr, day: date | pl.Expr) -> pl.Expr:
    """Whole years between ``dob`` and ``day`` ("Age at D"); a birthday on ``day`` counts as reached.

    ``day`` is a date, or a date expression (each row's own reporting date in a frame of several dates).
    """
    day_month_day: int | pl.Expr
    if isinstance(day, date):
        day_year, day_month_day = pl.lit(day.year, pl.Int32), day.month * 100 + day.day
    else:
        day_year = day.dt.year().cast(pl.Int32)
        day_month_day = day.dt.month().cast(pl.Int32) * 100 + day.dt.day().cast(pl.Int32)
    birthday_not_reached = (dob.dt.month().cast(pl.Int32) * 100 + dob.dt.day().cast(pl.Int32)) > day_month_day
    return (day_year - dob.dt.year().cast(pl.Int32) - birthday_not_reached.cast(pl.Int32)).cast(pl.Int64)


def open_on(day: date) -> pl.Expr:
    """Whether the episode is open on ``day``: "DECOM <= X and (DEC is empty or DEC > X)"."""
    return (pl.col("decom") <= day) & (pl.col("dec").is_null() | (pl.col("dec") > day))


def is_short_break() -> pl.Expr:
    return pl.col("ls").is_in(SHORT_BREAK_LEGAL_STATUSES).fill_null(value=False)


# --- episode facts: periods of care, placements and carers in one sorted pass ---------------------------


def episode_facts(episodes: Frame) -> pl.LazyFrame:
    """The episodes, sorted by child and DECOM, with everything derived from their order.

    Added columns:
    - ``short_break``: LS is V3 or V4.
    - ``period_of_care_start`` / ``period_of_care_end``: DECOM of the episode that starts the run, DEC of its
      last episode (null while open); ``period_of_care_ends_here``: this is the run's last episode.
    - ``placement_start`` and ``placement_counted``: DECOM of the episode that started this episode's
      placement, and whether that placement counts (not a temporary placement T0-T4).
    - ``starts_placement``: this episode starts a placement; ``placement_end``: DEC of the placement's last
      episode (null while open).
    - ``carer_start``: DECOM of the episode that started the current carer.
    - ``stability_start``: the date long-term stability counts from: ``carer_start``, or for an adoptive
      placement (A3-A6) the start of the carer just before that placement, if earlier.
    """
    if isinstance(episodes, pl.LazyFrame):
        return _derive_facts(episodes)
    return _facts_cache.get(
        (episodes,),
        None,
        lambda: _derive_facts(episodes.lazy(), in_order=_in_child_order(episodes)).collect(),
    ).lazy()


def _in_child_order(episodes: pl.DataFrame) -> bool:
    """Whether the episodes already come sorted by child and DECOM, none empty (then sorting changes nothing,
    and a return read in that order skips it)."""
    child, decom = pl.col("child"), pl.col("decom")
    following_child, following_decom = child.shift(-1), decom.shift(-1)
    out_of_order = (following_child < child) | ((following_child == child) & (following_decom < decom))
    check = episodes.select(
        out_of_order.any().alias("out_of_order"),
        (child.null_count() + decom.null_count()).alias("empty"),
    )
    return not check.item(0, "out_of_order") and check.item(0, "empty") == 0


def _derive_facts(episodes: pl.LazyFrame, *, in_order: bool = False) -> pl.LazyFrame:
    def previous(column: str) -> pl.Expr:
        return pl.col(column).shift(1)

    same_child = previous("child") == pl.col("child")
    # A period of care is "the run of episodes from an episode with RNE = S up to the next episode that ends
    # with a REC other than X1"; the data spec adds that the next episode starts the day the X1 one ended or
    # the day after. A short-break episode never shares a period of care with a full-care one, so that short
    # breaks stay out of every looked-after count.
    continues = (
        same_child
        & (previous("rec") == CONTINUING_REC)
        & (pl.col("rne") != "S")
        & (pl.col("decom") <= previous("dec") + timedelta(days=1))
        & (previous("short_break") == pl.col("short_break"))
    ).fill_null(value=False)
    temporary = pl.col("place").is_in(TEMPORARY_PLACEMENTS).fill_null(value=False)
    # An episode with RNE = L "continues the placement of the episode before it"; the first episode of a
    # period of care always starts one, whatever its RNE says.
    starts_placement = ~pl.col("continues") | (pl.col("rne") != "L").fill_null(value=True)
    # "A new carer starts with every episode whose RNE is S, P or B": the words leave temporary placements
    # out of placement counts only, so a P or B into a T0-T4 placement starts a carer like any other.
    starts_carer = ~pl.col("continues") | pl.col("rne").is_in(NEW_CARER_REASONS).fill_null(value=False)
    carer_just_before = pl.when(pl.col("continues")).then(previous("carer_start"))
    ordered = episodes if in_order else episodes.sort("child", "decom", maintain_order=True)
    return (
        ordered.with_columns(short_break=is_short_break())
        .with_columns(continues=continues)
        .with_columns(
            starts_placement=starts_placement,
            starts_carer=starts_carer,
        )
        .with_columns(
            period_of_care_start=pl.when(~pl.col("continues")).then("decom").forward_fill(),
            period_of_care_ends_here=~pl.col("continues").shift(-1).fill_null(value=False),
            placement_ends_here=pl.col("starts_placement").shift(-1).fill_null(value=True),
            placement_start=pl.when("starts_placement").then("decom").forward_fill(),
            placement_counted=pl.when("starts_placement").then(~temporary).forward_fill(),
            carer_start=pl.when("starts_carer").then("decom").forward_fill(),
        )
        .with_columns(
            # The run's last DEC carried back over its episodes (a sentinel stands for "still open", which
            # a backward fill would otherwise skip over).
            period_of_care_end=pl.when("period_of_care_ends_here")
            .then(pl.col("dec").fill_null(_STILL_OPEN))
            .backward_fill()
            .replace(_STILL_OPEN, None),
            placement_end=pl.when("placement_ends_here")
            .then(pl.col("dec").fill_null(_STILL_OPEN))
            .backward_fill()
            .replace(_STILL_OPEN, None),
            carer_before_placement=pl.when("starts_placement")
            .then(pl.coalesce(carer_just_before, pl.col("placement_start")))
            .forward_fill(),
        )
        .with_columns(
            # "a child placed for adoption (PLACE A3-A6) counts if the adoptive placement together with the
            # carer just before it has lasted 24 months or more"
            stability_start=pl.when(pl.col("place").is_in(ADOPTION_PLACEMENTS))
            .then(pl.min_horizontal("carer_start", "carer_before_placement"))
            .otherwise("carer_start")
        )
        .drop("continues", "starts_carer", "carer_before_placement", "placement_ends_here")
    )


def with_periods_of_care(episodes: Frame) -> pl.LazyFrame:
    """The episodes with ``period_of_care_start`` and ``period_of_care_end`` (null while open).

    A period of care starts with an RNE = S episode and runs on while each episode ends with REC = X1.
    Also carries the other `episode_facts` columns.
    """
    return episode_facts(episodes)


# --- who is looked after ------------------------------------------------------------------------------


def looked_after_at(episodes: Frame, day: date) -> pl.LazyFrame:
    """One row per child looked after at ``day``: an episode open on ``day`` whose LS is not V3 or V4.

    The row is that open episode with its `episode_facts` columns.
    """
    facts = episode_facts(episodes)
    if isinstance(episodes, pl.LazyFrame):
        return _open_episode_per_child(facts, day)
    # Kept as the positions of those episodes in the derived episodes (small), not as a copy of them.
    rows = _looked_after_cache.get(
        (episodes,),
        ("at", day),
        lambda: _open_episode_per_child(facts.with_row_index("_row"), day).select("_row").collect(),
    )
    return facts.collect()[rows.get_column("_row")].lazy()


def _open_episode_per_child(facts: pl.LazyFrame, day: date) -> pl.LazyFrame:
    open_full_care = facts.filter(open_on(day) & ~pl.col("short_break"))
    return open_full_care.unique("child", keep="last", maintain_order=True)


def looked_after_during(episodes: Frame, period: Period) -> pl.LazyFrame:
    """Column ``child``: each child with an episode with DECOM <= D and (DEC empty or DEC >= S), not V3/V4."""
    children = (
        episodes.lazy()
        .filter(
            (pl.col("decom") <= period.end)
            & (pl.col("dec").is_null() | (pl.col("dec") >= period.start))
            & ~is_short_break()
        )
        .select("child")
        .unique(maintain_order=True)
    )
    if isinstance(episodes, pl.LazyFrame):
        return children
    return _looked_after_cache.get((episodes,), ("during", period.start, period.end), children.collect).lazy()


def outcomes_cohort(data: CareData, year: int) -> pl.LazyFrame:
    """Column ``child``: looked after continuously for 12 months at 31 March of ``year``.

    "looked after at D = 31 March and the current period of care started on or before D minus 12 months plus
    one day (i.e. on or before 1 April of the year before)".
    """
    day = date(year, 3, 31)
    latest_start = minus_years(day, 1) + timedelta(days=1)
    return (
        looked_after_at(data.episodes, day)
        .filter(pl.col("period_of_care_start") <= latest_start)
        .select("child")
    )


# --- placements and carers ----------------------------------------------------------------------------


def placements_in_period(episodes: Frame, period: Period) -> pl.LazyFrame:
    """Columns ``child``, ``placements``: placements during the period, for each child with at least one.

    Counted: "the placement that started before S and was still open on S (if any), plus each placement that
    started on or after S and on or before D"; temporary placements (T0-T4) and short breaks are not counted.
    A placement, not an episode, is "still open on S": its episodes may be joined by an L episode that starts
    the day after an X1 ending on S, and the child is in that one placement throughout.
    """
    start, end = period.start, period.end
    open_on_start = (pl.col("decom") < start) & (
        pl.col("placement_end").is_null() | (pl.col("placement_end") > start)
    )
    started_inside = pl.col("decom").is_between(start, end)
    return (
        episode_facts(episodes)
        .filter(pl.col("starts_placement") & pl.col("placement_counted") & ~pl.col("short_break"))
        .filter(open_on_start | started_inside)
        .group_by("child")
        .agg(placements=pl.len().cast(pl.Int64))
    )


def current_carer_start(episodes: Frame, day: date) -> pl.LazyFrame:
    """For each child looked after at ``day``: ``child``, ``current_carer_start`` and ``stability_start``.

    The carer "started with the latest episode whose RNE is S, P or B"; ``stability_start`` applies the
    adoption rule of long-term stability (see `episode_facts`).
    """
    return looked_after_at(episodes, day).select(
        "child", pl.col("carer_start").alias("current_carer_start"), "stability_start"
    )


def periods_of_care_ended(episodes: Frame, period: Period) -> pl.LazyFrame:
    """The last episode of each period of care that ended in the period (DEC in the period, REC not X1).

    Short-break periods are left out, as from every looked-after count.
    """
    return episode_facts(episodes).filter(
        pl.col("period_of_care_ends_here")
        & pl.col("rec").is_not_null()
        & (pl.col("rec") != CONTINUING_REC)
        & ~pl.col("short_break")
        & pl.col("dec").is_between(period.start, period.end)
    )


def periods_of_care_started(episodes: Frame, period: Period) -> pl.LazyFrame:
    """Episodes with RNE = S, LS not V3/V4 and DECOM in the period: one row per period of care started."""
    return (
        episodes.lazy()
        .filter(
            (pl.col("rne") == "S") & ~is_short_break() & pl.col("decom").is_between(period.start, period.end)
        )
        .select("child", "decom")
    )


# --- breakdown groups ---------------------------------------------------------------------------------


def age_band(age: pl.Expr, dtype: pl.DataType | type[pl.DataType] = pl.String) -> pl.Expr:
    """The age band of ``age`` (`AGE_BANDS`: under 1, 1-4, 5-9, 10-15, 16+); null when the age is."""
    # The band's position counted from the boundaries passed (a chain of when/then on strings is many times
    # slower on millions of rows).
    position = sum(((age >= boundary).cast(pl.Int8) for boundary in (1, 5, 10, 16)), start=pl.lit(0, pl.Int8))
    return position.replace_strict(dict(enumerate(AGE_BANDS)), default=None, return_dtype=dtype)


def placement_type(place: pl.Expr) -> pl.Expr:
    """The placement type group of a PLACE code; null when there is no placement."""
    return (
        pl.when(place.is_null())
        .then(pl.lit(None, pl.String))
        .when(place.is_in(FOSTER_PLACEMENTS))
        .then(pl.lit("Foster"))
        .when(place.is_in(RESIDENTIAL_PLACEMENTS))
        .then(pl.lit("Residential"))
        .when(place.is_in(WITH_PARENTS_PLACEMENTS))
        .then(pl.lit("With parents"))
        .when(place.is_in(INDEPENDENT_LIVING_PLACEMENTS))
        .then(pl.lit("Independent living"))
        .when(place.is_in(ADOPTION_PLACEMENTS))
        .then(pl.lit("Adoption"))
        .otherwise(pl.lit("Other"))
    )


def on_island(pl_post: pl.Expr) -> pl.Expr:
    """True when PL_POST starts with JE, False otherwise, null when PL_POST is not recorded."""
    postcode = pl_post.str.strip_chars().str.to_uppercase()
    return pl.when(postcode.is_null() | (postcode == "")).then(None).otherwise(postcode.str.starts_with("JE"))


def location(pl_post: pl.Expr) -> pl.Expr:
    island = on_island(pl_post)
    return (
        pl.when(island.is_null())
        .then(pl.lit(NOT_RECORDED))
        .when(island)
        .then(pl.lit("On island"))
        .otherwise(pl.lit("Off island"))
    )


def ethnic_group(ethnic: pl.Expr) -> pl.Expr:
    first_letter = ethnic.str.strip_chars().str.slice(0, 1).str.to_uppercase()
    return first_letter.replace_strict(
        ETHNIC_GROUPS, default=pl.lit(ETHNIC_NOT_KNOWN), return_dtype=pl.String
    )


def child_attributes(data: CareData, day: date) -> pl.LazyFrame:
    """One row per child in header: ``child``, ``age`` at ``day`` and one column per child breakdown.

    The breakdown columns are `metrics.catalogue.CHILD_BREAKDOWNS`. Placement type and location come from
    the child's latest episode with DECOM <= ``day``, so children who left during the period still get a
    group; a child with no such episode has them null (shown as "Not recorded").
    """
    latest_episode = (
        episode_facts(data.episodes)
        .filter(pl.col("decom") <= day)
        .group_by("child")
        .agg(pl.col("place").last(), pl.col("pl_post").last())
    )
    age = age_at(pl.col("dob"), day)
    return (
        data.header.lazy()
        .select("child", "dob", "sex", "ethnic")
        .join(latest_episode, on="child", how="left")
        .select(
            "child",
            age.alias("age"),
            age_band(age).alias("age_band"),
            pl.col("sex").replace_strict(SEX_GROUPS, default=None, return_dtype=pl.String).alias("sex"),
            ethnic_group(pl.col("ethnic")).alias("ethnic_group"),
            placement_type(pl.col("place")).alias("placement_type"),
            location(pl.col("pl_post")).alias("location"),
        )
    )


def with_child_attributes(units: pl.LazyFrame, data: CareData, day: date) -> pl.LazyFrame:
    """``units`` (with a ``child`` column) with the child's ``age`` and breakdown groups at ``day``.

    Children missing from header get null groups (shown as "Not recorded") rather than being dropped.
    """
    return units.lazy().join(child_attributes(data, day), on="child", how="left")
