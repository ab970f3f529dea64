"""The quarterly board pack for the Corporate Parenting Board, as a PDF, from the stored (staff) results.

Built here, beside the chart specifications, so that ``cpo board-pack`` and the Overview's download make the
same file from the same rows; no database and no Streamlit (the rows come in, bytes go out). Pages:

1. the summary a minister can read aloud (`metrics.attention.summary`), the status counts, and what needs
   attention, one line each, most urgent first;
2. the trend charts of the most urgent (`CHARTED` of them), with target and trajectory, drawn to PNG by
   vl-convert from the dashboard's own chart specification, each with its text alternative under it;
3. plan progress by theme: every indicator's value, counts, target, status with how sure it is, and signal;
4. definitions and data notes: each indicator's definition and source, the status rule and the signals.

The text is set in DejaVu Sans, embedded, so the symbols the screen shows beside words (✖, ▼) are in the
PDF too. Where the machine has no DejaVu Sans (Debian's fonts-dejavu-core), the PDF standard Latin-1
fonts are used instead: the symbols are then dropped, and the words, which always carry the meaning, stay.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import vl_convert
from fpdf import FPDF

from metrics import charts, formatting
from metrics.attention import CONCERN_WORDS, attention, certainty_text, gap_text, signal_texts, summary
from metrics.catalogue import Indicator, Theme
from metrics.methodology import early_warning_text, status_rule_text, trajectory_and_certainty_text
from metrics.periods import PERIOD_AXIS_TITLES, long_date, minus_years, period_heading
from metrics.report import at_reporting_date

CHARTED = 6
TREND_YEARS = 5
FONT_FOLDERS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/local/share/fonts/truetype/dejavu"))
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
LATIN_1_SWAPS = {"−": "-", "–": "-", "·": "-", "•": "-", "’": "'", "≈": "~", "…": "...", "×": "x"}


def unicode_font_folder() -> Path | None:
    """The first folder holding DejaVu Sans in both weights, or None."""
    for folder in FONT_FOLDERS:
        if all((folder / name).is_file() for name in FONT_FILES.values()):
            return folder
    return None


def latin_1(words: str) -> str:
    """``words`` in the PDF's standard Latin-1 fonts: known look-alikes swapped, other symbols dropped."""
    for symbol, plain in LATIN_1_SWAPS.items():
        words = words.replace(symbol, plain)
    return words.encode("latin-1", "ignore").decode("latin-1").strip()


def _counts(row: Mapping[str, Any], entry: Indicator) -> str:
    numerator = formatting.format_cell("numerator", row.get("numerator"), entry.unit, entry.decimals)
    if entry.unit == "count":
        return f"{numerator} {entry.counted}"
    denominator = formatting.format_cell("denominator", row.get("denominator"), entry.unit, entry.decimals)
    if entry.unit in ("days", "score", "average"):
        return f"based on {denominator} {entry.counted}"
    return f"{numerator} of {denominator} {entry.counted}"


def _value_line(row: Mapping[str, Any], entry: Indicator) -> str:
    value = formatting.format_cell("value", row.get("value"), entry.unit, entry.decimals)
    target = row.get("target")
    shown_target = "" if target is None else formatting.format_value(target, entry.unit, entry.decimals)
    against = f" against {shown_target}" if shown_target else ""
    period = period_heading(entry.period, row["period_end"], capital=False)
    return f"{value} ({_counts(row, entry)}){against}, {period}"


class _Pack(FPDF):
    def __init__(self, as_at: date, font_folder: Path | None) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.as_at = as_at
        self.family = "Helvetica"
        if font_folder is not None:
            for style, name in FONT_FILES.items():
                self.add_font("DejaVu", style, str(font_folder / name))
            self.family = "DejaVu"
        self.set_auto_page_break(auto=True, margin=15)
        self.set_title(f"Corporate parenting board pack, {long_date(as_at)}")
        self.set_lang("en-GB")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, size=8)
        self.cell(
            0,
            6,
            self.text_of(f"Corporate parenting outcomes · {long_date(self.as_at)} · page {self.page_no()}"),
        )

    def text_of(self, words: str) -> str:
        return words.strip() if self.family == "DejaVu" else latin_1(words)

    def keep_room(self, millimetres: float) -> None:
        """A new page unless ``millimetres`` are left: a heading never ends a page without its text."""
        if self.get_y() + millimetres > self.h - self.b_margin:
            self.add_page()

    def heading(self, words: str, size: int = 14) -> None:
        self.keep_room(size * 0.5 + 14)
        self.set_font(self.family, style="B", size=size)
        self.multi_cell(0, size * 0.5, self.text_of(words), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def para(self, words: str, size: int = 10, style: str = "") -> None:
        if style == "B":  # a bold line titles the paragraph after it
            self.keep_room(size * 0.48 + 10)
        self.set_font(self.family, style=style, size=size)
        self.multi_cell(0, size * 0.48, self.text_of(words), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)


def _chart_png(trend: pl.DataFrame, row: Mapping[str, Any], entry: Indicator) -> tuple[bytes, str]:
    window = trend.filter(
        (pl.col("indicator") == entry.id)
        & (pl.col("breakdown") == "all")
        & (pl.col("period_end") <= row["period_end"])
        & (pl.col("period_end") > minus_years(row["period_end"], TREND_YEARS))
    ).sort("period_end")
    comparators = list(row.get("comparators") or [])
    chart = charts.trend_chart(
        window,
        show_interval=True,
        target_rows=window.select("period_end", "target", "trajectory"),
        comparator_rows=comparators,
        unit=entry.unit,
        decimals=entry.decimals,
        period_title=PERIOD_AXIS_TITLES[entry.period],
        title=entry.title,
    ).properties(width=460, height=200)
    alt_text = charts.describe_trend(
        window, title=entry.title, unit=entry.unit, decimals=entry.decimals, target=row.get("target"),
        comparators=comparators, period=entry.period, trajectory=row.get("trajectory"),
    )  # fmt: skip
    return vl_convert.vegalite_to_png(chart.to_dict(), scale=2), alt_text


def _markdown(pack: _Pack, text: str) -> None:
    """The methodology's markdown (headings, bullets, emphasis) as the pack's headings and paragraphs."""
    for block in text.split("\n"):
        words = block.replace("**", "").replace("*", "").replace("`", "").strip()
        if not words:
            continue
        if block.startswith("#"):
            pack.heading(words.lstrip("# "), 11)
        else:
            pack.para(("• " + words[2:]) if block.startswith("- ") else words, 9)


def board_pack_pdf(
    trend: pl.DataFrame,
    as_at: date,
    entries: Mapping[str, Indicator],
    *,
    unicode_font: bool = True,
) -> bytes:
    """The board pack at ``as_at`` from ``trend`` (staff rows of every period, with signals) as PDF bytes.
    ``unicode_font``: set in DejaVu Sans where the machine has it (False: the standard Latin-1 fonts)."""
    rows = at_reporting_date(trend, as_at, entries)
    headlines = rows.filter((pl.col("breakdown") == "all") & (pl.col("group") == "all"))
    headlines = headlines.filter(pl.col("indicator").is_in(list(entries)))
    listed = attention(headlines, entries)
    pack = _Pack(as_at, unicode_font_folder() if unicode_font else None)

    pack.add_page()
    pack.heading("Corporate Parenting Board: quarterly report", 18)
    pack.para(f"Reporting date {long_date(as_at)}", 11, "B")
    pack.heading("Summary", 13)
    pack.para(summary(headlines, entries, as_at), 11)
    statuses = headlines.get_column("status").fill_null("no_data").to_list()
    pack.para(
        " · ".join(f"{formatting.STATUS_LABELS[s]}: {statuses.count(s)}" for s in formatting.STATUSES),
        10,
        "B",
    )
    pack.heading(f"What needs attention ({len(listed)})", 13)
    for reason, row in listed:
        entry = entries[row["indicator"]]
        details = [CONCERN_WORDS[reason], _value_line(row, entry)]
        if gap := gap_text(row, entry):
            details.append(gap)
        details.append(signal_texts(row)[0])
        pack.para(entry.title, 10, "B")
        pack.para("; ".join(details), 9)

    pack.add_page()
    pack.heading("The most urgent, over time", 13)
    for _, row in listed[:CHARTED]:
        entry = entries[row["indicator"]]
        png, alt_text = _chart_png(trend, row, entry)
        if pack.get_y() > 190:
            pack.add_page()
        pack.image(png, w=170, alt_text=pack.text_of(alt_text))
        pack.para(alt_text, 8)
        pack.ln(2)

    pack.add_page()
    pack.heading("Plan progress by theme", 13)
    by_id = {row["indicator"]: row for row in headlines.iter_rows(named=True)}
    for theme in Theme:
        in_theme = [e for e in entries.values() if e.theme == theme and e.id in by_id]
        if not in_theme:
            continue
        pack.heading(str(theme), 11)
        for entry in in_theme:
            row = by_id[entry.id]
            status = formatting.STATUS_LABELS[row.get("status") or "no_data"]
            sure = certainty_text(row, entry)
            pack.para(f"{entry.title}: {status}" + (f" ({sure})" if sure else ""), 9, "B")
            pack.para(f"{_value_line(row, entry)}; {signal_texts(row)[0]}", 8)

    pack.add_page()
    pack.heading("Definitions and data notes", 13)
    for section in (status_rule_text(), trajectory_and_certainty_text(), early_warning_text()):
        _markdown(pack, section)
    pack.heading("Definitions", 11)
    for entry in entries.values():
        pack.para(entry.title, 9, "B")
        pack.para(f"{entry.definition} Source: {entry.source}", 8)
    return bytes(pack.output())
