"""A small catalogue of test-only indicators, built as `Indicator`s directly so the real registry never holds
them. Each is simple enough to check by hand: children open on D, the share of them fostered, an annual
health share and mean score from oc2, a staff figure, and one private indicator owned by education.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.catalogue import Indicator, Owner, Theme
from metrics.data import CareData, care_data
from metrics.periods import Period


def _open_on(data: CareData, day: date) -> pl.LazyFrame:
    return (
        data.episodes.lazy()
        .filter((pl.col("decom") <= day) & (pl.col("dec").is_null() | (pl.col("dec") > day)))
        .join(data.header.lazy().select("child", "sex", "ethnic"), on="child", how="left")
        .with_columns(sex=pl.col("sex").cast(pl.String), ethnic_group=pl.col("ethnic").str.slice(0, 1))
    )


def children_open(data: CareData, period_end: date) -> pl.LazyFrame:
    return _open_on(data, period_end)


def fostered_pct(data: CareData, period_end: date) -> pl.LazyFrame:
    return _open_on(data, period_end).with_columns(meets=pl.col("place").str.starts_with("U"))


def _oc2(data: CareData, period_end: date) -> pl.LazyFrame:
    return data.oc2.lazy().filter(pl.col("year") == Period(period_end).year)


def health_pct(data: CareData, period_end: date) -> pl.LazyFrame:
    return _oc2(data, period_end).with_columns(meets=pl.col("health_assessment"))


def sdq_mean(data: CareData, period_end: date) -> pl.LazyFrame:
    return _oc2(data, period_end).filter(pl.col("sdq_score").is_not_null()).with_columns(amount="sdq_score")


def vacancy_pct(data: CareData, period_end: date) -> pl.LazyFrame:
    month = data.workforce.lazy().filter(pl.col("month") == period_end.replace(day=1))
    return month.with_columns(numerator="vacant_fte", denominator=pl.col("sw_fte") + pl.col("vacant_fte"))


def private_count(data: CareData, period_end: date) -> pl.LazyFrame:
    return children_open(data, period_end)


def _entry(id_: str, units, **overrides) -> Indicator:
    fields = {
        "id": id_,
        "title": id_.replace("_", " ").capitalize(),
        "theme": Theme.STABILITY,
        "owner": Owner.CHILDRENS_SOCIAL_CARE,
        "definition": f"Test definition of {id_}.",
        "unit": "percent",
        "polarity": "higher",
        "frequency": "quarterly",
        "public": True,
        "source": "Test source.",
        "breakdowns": ("sex",),
        "kind": "share",
        "units": units,
    }
    fields.update(overrides)
    return Indicator(**fields)


def tiny_catalogue() -> dict[str, Indicator]:
    entries = [
        _entry("children_open", children_open, unit="count", kind="count", polarity="context", decimals=0),
        _entry("fostered_pct", fostered_pct, breakdowns=("sex", "ethnic_group")),
        _entry(
            "health_pct",
            health_pct,
            theme=Theme.HEALTH,
            owner=Owner.HEALTH,
            frequency="annual",
            breakdowns=(),
        ),
        _entry(
            "sdq_mean",
            sdq_mean,
            theme=Theme.HEALTH,
            owner=Owner.HEALTH,
            frequency="annual",
            unit="score",
            kind="mean",
            polarity="lower",
            breakdowns=(),
        ),
        _entry(
            "vacancy_pct",
            vacancy_pct,
            theme=Theme.WORKFORCE,
            polarity="lower",
            breakdowns=(),
            kind="ratio",
            counts_children=False,
        ),
        _entry(
            "private_count",
            private_count,
            owner=Owner.EDUCATION,
            unit="count",
            kind="count",
            polarity="lower",
            public=False,
            decimals=0,
        ),
    ]
    return {entry.id: entry for entry in entries}


def tiny_data(children: int = 30, boys_fostered: int = 12, girls: int = 3) -> CareData:
    """``children`` boys open since 2023 (``boys_fostered`` of them fostered) and ``girls`` girls, fostered.

    oc2 for 2025: 20 children, 15 with a health assessment, SDQ scores 10 for 12 of them. Workforce: a
    month of March 2025 with 18 social workers and 2 vacancies.
    """
    header, episodes = [], []
    for index in range(children + girls):
        child = f"C{index}"
        is_girl = index >= children
        header.append({"child": child, "sex": 2 if is_girl else 1, "dob": date(2012, 1, 1), "ethnic": "WBRI"})
        place = "U4" if is_girl or index < boys_fostered else "K2"
        episodes.append({"child": child, "decom": date(2023, 1, 1), "rne": "S", "ls": "C2", "place": place})
    oc2 = [
        {"child": f"C{i}", "year": 2025, "health_assessment": i < 15, "sdq_score": 10 if i < 12 else None}
        for i in range(20)
    ]
    workforce = [{"month": date(2025, 3, 1), "sw_fte": 18.0, "vacant_fte": 2.0}]
    return care_data(
        header=pl.DataFrame(header),
        episodes=pl.DataFrame(episodes),
        oc2=pl.DataFrame(oc2),
        workforce=pl.DataFrame(workforce),
    )
