"""Stability and permanence indicators (README, "Where the definitions are").

Quarterly: D is the reporting date and the period is the 12 months ending on D. Each function gives the units
counted at D; every term (looked after at D, period of care, placement, carer) comes from `metrics.terms`.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.catalogue import Owner, Theme, indicator
from metrics.data import CareData
from metrics.periods import Period, minus_months
from metrics.terms import (
    ADOPTION_PLACEMENTS,
    FOSTER_PLACEMENTS,
    RESIDENTIAL_PLACEMENTS,
    age_at,
    episode_facts,
    looked_after_at,
    on_island,
    periods_of_care_ended,
    periods_of_care_started,
    placements_in_period,
)

CLA_SOURCE = "DfE SSDA903 / Children looked after in England including adoptions statistics"
STABILITY_SOURCE = "DfE SSDA903 / Stability measures for children looked after in England"
PERIOD_WORDS = "The period is the 12 months ending on the reporting date D."
PERMANENCE_RECS = ("E11", "E12", "E41", "E45", "E46", "E47", "E48")
RETURNED_HOME_RECS = ("E4A", "E4B")
ADOPTED_RECS = ("E11", "E12")
# Adopted by the current foster carer: "the start of the placement with that carer is used"
ADOPTED_BY_FOSTER_CARER_PLACEMENTS = ("A3", "A5")


def children_looked_after(data: CareData, d: date) -> pl.LazyFrame:
    """One row per child looked after at D: the open episode (not a short break) with its episode facts."""
    return looked_after_at(data.episodes, d)


def periods_of_care_ended_in_period(data: CareData, d: date) -> pl.LazyFrame:
    """One row per period of care that ended in the period: its last episode (REC not X1, no short break)."""
    return periods_of_care_ended(data.episodes, Period(d))


@indicator(
    id="cla_count",
    title="Children in care",
    theme=Theme.STABILITY,
    owner=Owner.CHILDRENS_SOCIAL_CARE,
    definition=(
        "The number of children looked after at the reporting date D: children with an episode of care open "
        "on D (started on or before D and not ended, or ended after D). Children on an agreed series of "
        "short breaks (legal status V3 or V4) are not counted, as in the official statistics."
    ),
    unit="count",
    polarity="context",
    frequency="quarterly",
    source=f"{CLA_SOURCE} (children looked after at 31 March)",
    kind="count",
    sentence="{value} children were in care on {date}.",
    plain_definition=(
        "How many children were in the care of the Government of Jersey on the last day of the period."
    ),
    reads=("header.csv", "episodes.csv"),
    flows=("started_count", "ceased_count"),
    period="point_in_time",
)
def cla_count(data: CareData, d: date) -> pl.LazyFrame:
    return children_looked_after(data, d)


def population_under_18(data: CareData, period_end: date) -> int | None:
    """CHILDREN_UNDER_18 for the YEAR of D (the year ending 31 March that contains D); None when that year is
    not in population.csv: the definition names that year, so another year's population is not used."""
    year = Period(period_end).year
    known = data.population.filter(pl.col("year") == year, pl.col("children_under_18").is_not_null())
    if known.is_empty():
        return None
    return int(known.get_column("children_under_18")[0])


@indicator(
    id="cla_rate_per_10k",
    title="Children in care per 10,000 children",
    theme=Theme.STABILITY,
    owner=Owner.CHILDRENS_SOCIAL_CARE,
    definition=(
        "Children looked after at the reporting date D (as counted for 'Children in care', short breaks "
        "excluded) per 10,000 children under 18. The population is CHILDREN_UNDER_18 in population.csv for "
        "the YEAR of D, read as the year ending 31 March that contains D (D = 30 September 2025 uses 2026); "
        "when that year is not in population.csv there is no value. No breakdowns: there "
        "is no population by age band, sex, ethnic group or placement."
    ),
    unit="rate",
    polarity="context",
    frequency="quarterly",
    source=f"{CLA_SOURCE} (rate per 10,000 children aged under 18)",
    breakdowns=(),
    kind="rate",
    population=population_under_18,
    sentence="For every 10,000 children in Jersey, {value} were in care on {date}.",
    plain_definition=(
        "Children in care for every 10,000 children under 18 living in Jersey, so that years with more or "
        "fewer children on the island can be compared."
    ),
    reads=("header.csv", "episodes.csv", "population.csv"),
    period="point_in_time",
)
def cla_rate_per_10k(data: CareData, d: date) -> pl.LazyFrame:
    return children_looked_after(data, d)


@indicator(
    id="started_count",
    title="Children who started to be looked after",
    theme=Theme.STABILITY,
    owner=Owner.CHILDRENS_SOCIAL_CARE,
    definition=(
        "The number of periods of care that started in the period: episodes with reason for new episode S "
        "(started to be looked after) whose start date is in the period, short breaks (legal status V3 or "
        f"V4) excluded. A child who started twice in the period counts twice. {PERIOD_WORDS}"
    ),
    unit="count",
    polarity="context",
    frequency="quarterly",
    source=f"{CLA_SOURCE} (children who started to be looked after during the year)",
    kind="count",
    sentence="Children started being in care {value} times {period}.",
    plain_definition=(
        "How many times a child started being in care during the 12 months. A child who came into care "
        "twice is counted twice."
    ),
    reads=("header.csv", "episodes.csv"),
    counted="periods of care",
)
def started_count(data: CareData, d: date) -> pl.LazyFrame:
    return periods_of_care_started(data.episodes, Period(d))


@indicator(
    id="ceased_count",
    title="Children who ceased to be looked after",
    theme=Theme.STABILITY,
    owner=Owner.CHILDRENS_SOCIAL_CARE,
    definition=(
        "The number of periods of care that ended in the period: the last episode of a period of care ended "
        "in the period with a reason other than X1 (X1 means a new episode of the same period of care starts "
        "the same day). Short breaks (legal status V3 or V4) are excluded, as from every looked-after count. "
        f"{PERIOD_WORDS}"
    ),
    unit="count",
    polarity="context",
    frequency="quarterly",
    source=f"{CLA_SOURCE} (children who ceased to be looked after during the year)",
    kind="count",
    sentence="Children stopped being in care {value} times {period}.",
    plain_definition="How many times a child stopped being in care during the 12 months.",
    reads=("header.csv", "episodes.csv"),
    counted="periods of care",
)
def ceased_count(data: CareData, d: date) -> pl.LazyFrame:
    return periods_of_care_ended_in_period(data, d)


@indicator(
    id="placements_3plus_pct",
    title="Children in care with three or more placements in the year",
    theme=Theme.STABILITY,
    owner=Owner.CHILDRENS_SOCIAL_CARE,
    definition=(
        "Of children looked after at the reporting date D, the percentage who had 3 or more placements "
        "during the period. Placements counted are the placement that started before the start of the "
        "period S and was still open on S (if any), plus each placement that started on or after S and on or "
        "before D. A "
        "new placement starts with every episode whose reason for new episode is S, P, T, U or B; a change "
        "of legal status only (L) continues the placement before it; temporary placements (T0-T4) and short "
        f"breaks (V3, V4) are not counted. {PERIOD_WORDS}"
    ),
    unit="percent",
    polarity="lower",
    frequency="quarterly",
    source=f"{STABILITY_SOURCE} (short-term placement stability; formerly NI 62)",
    kind="share",
    sentence="{value} of children in care on {date} lived in 3 or more different homes {period}.",
    counts_of="children",
    plain_definition=(
        "Of the children in care on the last day, the share who lived in 3 or more different homes during "
        "the 12 months."
    ),
    reads=("header.csv", "episodes.csv"),
)
def placements_3plus_pct(data: CareData, d: date) -> pl.LazyFrame:
    placements = placements_in_period(data.episodes, Period(d))
    return (
        children_looked_after(data, d)
        .join(placements, on="child", how="left")
        .with_columns(meets=pl.col("placements") >= 3)
    )


@indicator(
    id="long_term_stability_pct",
    title="Children in care long term who have lived with the same carer for two years",
    theme=Theme.STABILITY,
    owner=Owner.CHILDRENS_SOCIAL_CARE,
    definition=(
        "Of children looked after at the reporting date D, aged under 16 at D, whose period of care started "
        "30 months or more before D, the percentage who have lived with their current carer for 24 months or "
        "more at D. The current carer started with the latest episode whose reason for new episode is S, P "
        "or B (T and U change the placement but keep the carer; L keeps both); a temporary placement (T0-T4) "
        "does not start a new carer. A child placed for adoption (placement A3-A6) counts if the adoptive "
        "placement together with the carer just before it has lasted 24 months or more. England: 68% in 2024."
    ),
    unit="percent",
    polarity="higher",
    frequency="quarterly",
    source=f"{STABILITY_SOURCE} (long-term placement stability; formerly NI 63)",
    kind="share",
    sentence=(
        "{value} of children under 16 who have been in care for two and a half years or more have lived "
        "with the same carer for at least 2 years."
    ),
    counts_of="children",
    plain_definition=(
        "Of the children under 16 who had been in care for two and a half years or more, the share who had "
        "lived with the same carer for at least 2 years."
    ),
    reads=("header.csv", "episodes.csv"),
    period="point_in_time",
)
def long_term_stability_pct(data: CareData, d: date) -> pl.LazyFrame:
    ages = data.header.lazy().select("child", age=age_at(pl.col("dob"), d))
    return (
        children_looked_after(data, d)
        .join(ages, on="child", how="left")
        .filter((pl.col("age") < 16) & (pl.col("period_of_care_start") <= minus_months(d, 30)))
        .with_columns(meets=pl.col("stability_start") <= minus_months(d, 24))
    )


@indicator(
    id="foster_placement_pct",
    title="Children in care living in foster placements",
    theme=Theme.STABILITY,
    owner=Owner.CHILDRENS_SOCIAL_CARE,
    definition=(
        "Of children looked after at the reporting date D (short breaks excluded), the percentage whose "
        "placement at D is a foster placement (U1-U6: with a relative or friend, or with another foster "
        "carer)."
    ),
    unit="percent",
    polarity="higher",
    frequency="quarterly",
    source=f"{CLA_SOURCE} (placement type at 31 March)",
    kind="share",
    sentence="{value} of children in care on {date} lived with foster carers.",
    counts_of="children",
    plain_definition="Of the children in care on the last day, the share who lived with foster carers.",
    reads=("header.csv", "episodes.csv"),
    true_by_definition=("placement_type",),
    period="point_in_time",
)
def foster_placement_pct(data: CareData, d: date) -> pl.LazyFrame:
    return children_looked_after(data, d).with_columns(meets=pl.col("place").is_in(FOSTER_PLACEMENTS))


@indicator(
    id="residential_placement_pct",
    title="Children in care living in residential placements",
    theme=Theme.STABILITY,
    owner=Owner.CHILDRENS_SOCIAL_CARE,
    definition=(
        "Of children looked after at the reporting date D (short breaks excluded), the percentage whose "
        "placement at D is K1 (secure children's home), K2 (children's home), R1 (residential care home) or "
        "S1 (residential school)."
    ),
    unit="percent",
    polarity="lower",
    frequency="quarterly",
    source=f"{CLA_SOURCE} (placement type at 31 March)",
    kind="share",
    sentence="{value} of children in care on {date} lived in a children's home or another residential home.",
    counts_of="children",
    plain_definition=(
        "Of the children in care on the last day, the share who lived in a children's home or another "
        "residential home."
    ),
    reads=("header.csv", "episodes.csv"),
    true_by_definition=("placement_type",),
    period="point_in_time",
)
def residential_placement_pct(data: CareData, d: date) -> pl.LazyFrame:
    return children_looked_after(data, d).with_columns(meets=pl.col("place").is_in(RESIDENTIAL_PLACEMENTS))


@indicator(
    id="off_island_pct",
    title="Children in care placed off island",
    theme=Theme.STABILITY,
    owner=Owner.CHILDRENS_SOCIAL_CARE,
    definition=(
        "Of children looked after at the reporting date D (short breaks excluded) whose placement postcode "
        "(PL_POST) is recorded, the percentage whose placement postcode does not start with JE, that is who "
        "are placed outside Jersey. Children without a placement postcode are left out."
    ),
    unit="percent",
    polarity="lower",
    frequency="quarterly",
    source=(
        "Local measure; DfE SSDA903 / Children looked after in England statistics report the equivalent "
        "'placed outside the local authority boundary'"
    ),
    kind="share",
    sentence="{value} of children in care on {date} lived outside Jersey.",
    counts_of="children",
    plain_definition="Of the children in care on the last day, the share who lived outside Jersey.",
    reads=("header.csv", "episodes.csv"),
    true_by_definition=("location",),
    period="point_in_time",
)
def off_island_pct(data: CareData, d: date) -> pl.LazyFrame:
    return (
        children_looked_after(data, d)
        .filter(on_island(pl.col("pl_post")).is_not_null())
        .with_columns(meets=~on_island(pl.col("pl_post")))
    )


@indicator(
    id="left_to_permanence_pct",
    title="Children leaving care to adoption, special guardianship or a child arrangement order",
    theme=Theme.STABILITY,
    owner=Owner.CHILDRENS_SOCIAL_CARE,
    definition=(
        "Of periods of care that ended in the period (as counted for 'Children who ceased to be looked "
        "after'), the percentage ending by adoption (reason E11 or E12), special guardianship order "
        f"(E45-E48) or child arrangement order (E41). {PERIOD_WORDS}"
    ),
    unit="percent",
    polarity="higher",
    frequency="quarterly",
    source=f"{CLA_SOURCE} (reason episode ceased)",
    kind="share",
    sentence=(
        "{value} of children who left care {period} went to a new family for good (adoption, special "
        "guardianship or a child arrangement order)."
    ),
    counts_of="children",
    plain_definition=(
        "Of the children who left care during the 12 months, the share who went to a new family for good: "
        "adoption, special guardianship or a child arrangement order."
    ),
    reads=("header.csv", "episodes.csv"),
)
def left_to_permanence_pct(data: CareData, d: date) -> pl.LazyFrame:
    return periods_of_care_ended_in_period(data, d).with_columns(meets=pl.col("rec").is_in(PERMANENCE_RECS))


@indicator(
    id="returned_home_pct",
    title="Children leaving care to return home",
    theme=Theme.STABILITY,
    owner=Owner.CHILDRENS_SOCIAL_CARE,
    definition=(
        "Of periods of care that ended in the period (as counted for 'Children who ceased to be looked "
        "after'), the percentage ending with the child returning home to live with parents or relatives "
        f"(reason E4A or E4B). {PERIOD_WORDS}"
    ),
    unit="percent",
    polarity="context",
    frequency="quarterly",
    source=f"{CLA_SOURCE} (reason episode ceased)",
    kind="share",
    sentence="{value} of children who left care {period} went back home to their family.",
    counts_of="children",
    plain_definition=(
        "Of the children who left care during the 12 months, the share who went back to live with their "
        "family."
    ),
    reads=("header.csv", "episodes.csv"),
)
def returned_home_pct(data: CareData, d: date) -> pl.LazyFrame:
    return periods_of_care_ended_in_period(data, d).with_columns(
        meets=pl.col("rec").is_in(RETURNED_HOME_RECS)
    )


@indicator(
    id="adoption_days_avg",
    title="Average days from entering care to moving in with the adoptive family",
    theme=Theme.STABILITY,
    owner=Owner.CHILDRENS_SOCIAL_CARE,
    definition=(
        "For children adopted in the period (their period of care ended in the period with reason E11 or "
        "E12), the mean number of days from the start of their period of care to the start of the adoptive "
        "placement: the first episode with placement A3-A6 in that period of care. For A3 and A5 (adopted by "
        "the current foster carer) the start of the placement with that carer is used, as the official "
        "measure A1 does. Numerator: total days; denominator: number of children adopted. Children adopted "
        f"without any A3-A6 episode recorded are left out of both. {PERIOD_WORDS}"
    ),
    unit="days",
    polarity="lower",
    frequency="quarterly",
    source=(
        "DfE adoption scorecard measure A1 (days from entering care to moving in with the adoptive family)"
    ),
    kind="mean",
    sentence=(
        "Children adopted {period} waited {value} on average between coming into care and moving in "
        "with their new family."
    ),
    plain_definition=(
        "For children adopted during the 12 months, the average number of days between coming into care "
        "and moving in with their new family."
    ),
    reads=("header.csv", "episodes.csv"),
)
def adoption_days_avg(data: CareData, d: date) -> pl.LazyFrame:
    # The first adoptive placement (A3-A6) of each period of care, and when the child moved in.
    adoptive_placement = (
        episode_facts(data.episodes)
        .filter(pl.col("place").is_in(ADOPTION_PLACEMENTS))
        .group_by("child", "period_of_care_start")
        .agg(pl.col("decom", "place", "carer_start").first())
        .select(
            "child",
            "period_of_care_start",
            moved_in=pl.when(pl.col("place").is_in(ADOPTED_BY_FOSTER_CARER_PLACEMENTS))
            .then("carer_start")
            .otherwise("decom"),
        )
    )
    return (
        periods_of_care_ended_in_period(data, d)
        .filter(pl.col("rec").is_in(ADOPTED_RECS))
        .join(adoptive_placement, on=["child", "period_of_care_start"], how="inner")
        .with_columns(amount=(pl.col("moved_in") - pl.col("period_of_care_start")).dt.total_days())
    )
