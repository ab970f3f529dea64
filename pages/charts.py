"""Chart specifications live in `metrics.charts`, where the pages and `cpo publish` may both reach them."""

from metrics.charts import (
    COMPARATOR_COLOUR,
    HEADLINE_SERIES,
    OKABE_ITO,
    SHAPES,
    TARGET_COLOUR,
    TARGET_SERIES,
    UNIT_AXIS_TITLES,
    comparator_label,
    describe_trend,
    drawn_comparators,
    trend_chart,
)

__all__ = [
    "COMPARATOR_COLOUR",
    "HEADLINE_SERIES",
    "OKABE_ITO",
    "SHAPES",
    "TARGET_COLOUR",
    "TARGET_SERIES",
    "UNIT_AXIS_TITLES",
    "comparator_label",
    "describe_trend",
    "drawn_comparators",
    "trend_chart",
]
