"""The board pack: a PDF with the summary, what needs attention, charts, progress by theme and definitions."""

from __future__ import annotations

import polars as pl
import pypdfium2 as pdfium
import pytest
from tiny_catalogue import tiny_catalogue, tiny_data

from metrics.attention import summary
from metrics.board_pack import board_pack_pdf, unicode_font_folder
from metrics.report import at_reporting_date, trend_frame
from metrics.roles import Role


def test_the_pack_is_a_pdf_saying_the_summary_and_each_part():
    entries = tiny_catalogue()
    trend = trend_frame(tiny_data(), Role("leadership"), entries=entries)
    as_at = max(day for day in trend.get_column("period_end").to_list() if day.month in (3, 6, 9, 12))
    pdf = board_pack_pdf(trend, as_at, entries)
    document = pdfium.PdfDocument(pdf)
    text = " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in document)
    assert pdf.startswith(b"%PDF")
    assert len(document) >= 4
    headlines = at_reporting_date(trend, as_at, entries).filter(pl.col("breakdown") == "all")
    assert " ".join(summary(headlines, entries, as_at).split()[:8]) in text
    for part in ("What needs attention", "Plan progress by theme", "Definitions and data notes"):
        assert part in text
    for entry in entries.values():
        assert entry.title in text


def _pack_text(pdf: bytes) -> str:
    return " ".join(
        " ".join(page.get_textpage().get_text_range().split()) for page in pdfium.PdfDocument(pdf)
    )


def test_the_pack_keeps_the_symbols_beside_the_words_and_explains_the_signals():
    """Set in the embedded DejaVu Sans, the status and signal symbols the screen shows are in the PDF; the
    definitions page carries the methodology's own words for status, trajectory and early warning."""
    entries = tiny_catalogue()
    trend = trend_frame(tiny_data(), Role("leadership"), entries=entries)
    as_at = max(day for day in trend.get_column("period_end").to_list() if day.month in (3, 6, 9, 12))
    if unicode_font_folder() is None:
        pytest.skip("DejaVu Sans (Debian's fonts-dejavu-core) is not on this machine")
    text = _pack_text(board_pack_pdf(trend, as_at, entries))
    assert "… Too few figures yet to judge variation" in text
    assert "✖ Off track" in text
    for words in ("Trajectory and how sure a status is", "glide path", "Early warning", "2.66"):
        assert words in text, words


def test_without_a_unicode_font_the_words_stay_and_the_symbols_go():
    entries = tiny_catalogue()
    trend = trend_frame(tiny_data(), Role("leadership"), entries=entries)
    as_at = max(day for day in trend.get_column("period_end").to_list() if day.month in (3, 6, 9, 12))
    text = _pack_text(board_pack_pdf(trend, as_at, entries, unicode_font=False))
    assert "✖" not in text
    assert "…" not in text
    assert "Plan progress by theme" in text
    assert "Too few figures yet to judge variation" in text
