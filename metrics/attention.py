"""What needs attention first, in words a minister can read aloud (the Overview and the board pack).

From the headline rows at one reporting date (report rows with the stored signals):

- **attention**: the indicators that need a look, in this order: off track and worsening (off track against
  the plan and a concerning special cause), then off track, then a concerning special cause while on or
  near target. Within each, the largest **gap** first.
- **gap**: how far the value is from its target in the units the indicator counts (children, pupils,
  sessions, FTE): for a percentage, the shortfall in points × the denominator / 100 (31 of 50 against a
  75% target is 6.5 children short); for a rate per 10,000, the shortfall × the population / 10,000; for a
  count, the shortfall itself. A mean (days, scores, caseloads) has no gap in children: its gap is null and
  it sorts after those with one in its group. A met target has no gap (0).
- **summary**: one paragraph: how many targets are met, near and off track, what is off track and
  worsening, what else shows a concerning signal, and the largest gap.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from enum import IntEnum
from typing import Any

import polars as pl

from metrics import formatting
from metrics.catalogue import Indicator
from metrics.early_warning import RULE_WORDS, Variation, assurance_label, variation_label
from metrics.periods import long_date
from metrics.targets import Certainty

Row = Mapping[str, Any]
GAP_SCALES = {"percent": 100.0, "rate": 10_000.0}
MEAN_UNITS = frozenset({"days", "score", "average"})
SUMMARY_NAMES = 3  # indicators named in a sentence before "and N more"


class Concern(IntEnum):
    """Why an indicator needs attention; the lower, the sooner."""

    WORSE_AND_WORSENING = 0
    OFF_TRACK = 1
    CONCERNING_SIGNAL = 2


CONCERN_WORDS = {
    Concern.WORSE_AND_WORSENING: "Off track and getting worse",
    Concern.OFF_TRACK: "Off track",
    Concern.CONCERNING_SIGNAL: "Concerning change, not yet off track",
}
CERTAINTY_WORDS = {
    Certainty.CLEAR: "clear: the target is outside the 95% interval",
    Certainty.TOO_CLOSE: "too close to call: the target is inside the 95% interval",
    Certainty.TOO_FEW: "too few children to say",
    Certainty.NO_INTERVAL: "no interval to judge by",
}
COUNT_CERTAINTY_WORDS = {
    Certainty.CLEAR: "clear: more than two children from the target",
    Certainty.TOO_CLOSE: "too close to call: one or two children from the target",
}


def concern(row: Row) -> Concern | None:
    """Why ``row`` (a headline row) needs attention, or None when it does not."""
    if row.get("worse_and_worsening"):
        return Concern.WORSE_AND_WORSENING
    if row.get("status") == "off_track":
        return Concern.OFF_TRACK
    if row.get("variation") == Variation.CONCERNING:
        return Concern.CONCERNING_SIGNAL
    return None


def gap(row: Row, entry: Indicator) -> float | None:
    """The shortfall against the target in the units ``entry`` counts (see the module's definition)."""
    value, target = row.get("value"), row.get("target")
    if value is None or target is None or entry.polarity not in ("higher", "lower"):
        return None
    shortfall = (target - value) if entry.polarity == "higher" else (value - target)
    shortfall = max(0.0, float(shortfall))
    if entry.unit == "count":
        return shortfall
    if entry.unit in MEAN_UNITS:
        return None
    denominator = row.get("denominator")
    if denominator is None:
        return None
    return shortfall * float(denominator) / GAP_SCALES[entry.unit]


def gap_text(row: Row, entry: Indicator) -> str | None:
    """``about 6.5 children short of the target``; None without a gap or when the target is met."""
    found = gap(row, entry)
    if found is None or found <= 0:
        return None
    amount = f"{found:,.0f}" if found >= 10 else f"{found:,.1f}".removesuffix(".0")
    return f"about {amount} {entry.counted} short of the target"


def attention(
    headlines: pl.DataFrame, entries: Mapping[str, Indicator]
) -> list[tuple[Concern, dict[str, Any]]]:
    """The headline rows that need attention, most urgent first (see the module's definition)."""
    found = []
    for position, row in enumerate(headlines.iter_rows(named=True)):
        entry = entries.get(row["indicator"])
        reason = concern(row)
        if entry is None or reason is None:
            continue
        size = gap(row, entry)
        # Largest gap first; no gap after every gap; catalogue order breaks ties.
        found.append(((reason, size is None, -(size or 0.0), position), reason, row))
    return [(reason, row) for _, reason, row in sorted(found, key=lambda item: item[0])]


def certainty_text(row: Row, entry: Indicator) -> str | None:
    """How sure the status is, in words; None when there is no status against a target."""
    certainty: str | None = row.get("certainty")
    if certainty is None:
        return None
    if entry.unit == "count" and certainty in COUNT_CERTAINTY_WORDS:
        return COUNT_CERTAINTY_WORDS[certainty]
    words = CERTAINTY_WORDS.get(certainty, certainty)
    return words.replace("children", entry.counted) if certainty == Certainty.TOO_FEW else words


def signal_texts(row: Row) -> tuple[str, str]:
    """The variation and assurance signals as symbol and words (never colour alone), the variation with
    the rules behind it: ``▼ Special cause: concerning (a run of 7 points on one side of the mean)``."""
    rules = [RULE_WORDS[rule] for rule in (row.get("signal_rules") or "").split(",") if rule in RULE_WORDS]
    variation = variation_label(row.get("variation")) + (f" ({'; '.join(rules)})" if rules else "")
    return variation, assurance_label(row.get("assurance"))


def _names(titles: list[str]) -> str:
    """``A, B and C``; ``A, B, C and 4 more``."""
    shown = titles[:SUMMARY_NAMES]
    if len(titles) > len(shown):
        return ", ".join(shown) + f" and {len(titles) - len(shown)} more"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def summary(headlines: pl.DataFrame, entries: Mapping[str, Indicator], as_at: date) -> str:
    """One paragraph a minister can read aloud: targets met, near and off track; what is worsening; the
    largest gap."""
    statuses = headlines.get_column("status").fill_null("no_data").to_list() if headlines.height else []
    met, near, off = (statuses.count(name) for name in ("met", "near", "off_track"))
    judged = met + near + off
    sentences = [
        f"At {long_date(as_at)}, of the {judged} indicators with a target, {met} "
        f"{'is' if met == 1 else 'are'} met, {near} near and {off} off track."
    ]
    listed = attention(headlines, entries)
    worsening = [
        entries[row["indicator"]].title for reason, row in listed if reason == Concern.WORSE_AND_WORSENING
    ]
    signals = [
        entries[row["indicator"]].title for reason, row in listed if reason == Concern.CONCERNING_SIGNAL
    ]
    if worsening:
        sentences.append(
            f"{len(worsening)} {'is' if len(worsening) == 1 else 'are'} off track and getting worse: "
            f"{_names(worsening)}."
        )
    else:
        sentences.append("None of those off track is getting worse by the early-warning rules.")
    if signals:
        sentences.append(
            f"{len(signals)} more {'shows' if len(signals) == 1 else 'show'} a concerning change before "
            f"missing {'its' if len(signals) == 1 else 'their'} target: {_names(signals)}."
        )
    sized = [(gap(row, entries[row["indicator"]]), row) for _, row in listed]
    with_gap = [(size, row) for size, row in sized if size is not None and size > 0 and math.isfinite(size)]
    if with_gap:
        _, row = max(with_gap, key=lambda item: item[0])
        entry = entries[row["indicator"]]
        sentences.append(
            f"The largest gap is {entry.title.lower()}: "
            f"{formatting.format_value(row['value'], entry.unit, entry.decimals)} against a target of "
            f"{formatting.format_value(row['target'], entry.unit, entry.decimals)}, {gap_text(row, entry)}."
        )
    return " ".join(sentences)
