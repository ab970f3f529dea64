"""Data quality (analysts only): the latest load, and its findings with child ids, rows and rules.

The findings name children, so they come from `queries.extract.load_findings`, which refuses every role but
the analyst's; this page also refuses to render for anyone else.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from metrics import formatting
from pages import components, data
from pages.session import Audience, require, run_page

FINDING_COLUMNS = {
    "severity": "Severity",
    "file": "File",
    "row": "Row",
    "column": "Column",
    "value": "Value",
    "rule": "Rule",
    "child": "Child",
}


def load_summary(record: dict) -> None:
    st.markdown(
        f"**Latest load:** number {record['load_id']:,}, {record['loaded_at']:%d %B %Y at %H:%M}, from "
        f"`{record['source']}`."
    )
    counts = record.get("row_counts") or {}
    if counts:
        table = pl.DataFrame(
            {"File": list(counts), "Rows": [formatting.format_count(n) for n in counts.values()]},
            schema={"File": pl.String, "Rows": pl.String},
        )
        with st.expander(f"Rows loaded: {len(counts)} files"):
            st.dataframe(table, hide_index=True)
    code_lists = record.get("code_lists") or {}
    if code_lists:
        with st.expander("Code lists used"):
            st.json(code_lists)


def findings_table(findings: pl.DataFrame) -> pl.DataFrame:
    """The findings as shown: people's column names, row numbers as the spreadsheet's, blanks for none."""
    return findings.select(
        pl.col(name).cast(pl.String).fill_null("").alias(label) for name, label in FINDING_COLUMNS.items()
    )


def notes_section(notes: pl.DataFrame) -> None:
    """Children the indicator definitions leave out of a denominator, counted as the definitions ask."""
    st.header(f"Notes on the figures: {notes.height:,} {'child' if notes.height == 1 else 'children'}")
    if notes.is_empty():
        st.success("✔ Every child of every cohort has the rows its figures need.")
        return
    per_year = notes.group_by("year", "note").len("children").sort("year", descending=True)
    st.dataframe(
        per_year,
        hide_index=True,
        column_config={
            "year": st.column_config.NumberColumn("Year", format="%d"),
            "note": "Note",
            "children": "Children",
        },
    )
    with st.expander("Children named in the notes"):
        st.dataframe(
            notes, hide_index=True, column_config={"year": st.column_config.NumberColumn("Year", format="%d")}
        )


def render() -> None:
    viewer = require(Audience.ANALYST)
    st.title("Data quality")
    st.caption(
        "What the checks found in the latest return. A return with any error is rejected whole and nothing "
        "is loaded (its report is printed by `cpo ingest`); a loaded return can still carry warnings."
    )
    record = data.current_load()
    if record is None:
        st.info("No return has been loaded yet: load one with `cpo ingest`.")
        return
    load_summary(record)
    notes_section(data.quality_notes(viewer.role))
    findings = data.findings(viewer.role)
    severities = findings.get_column("severity").value_counts(sort=True)
    summary = ", ".join(
        f"{row['count']:,} {row['severity']}{'' if row['count'] == 1 else 's'}"
        for row in severities.iter_rows(named=True)
    )
    st.header(f"Findings: {summary or 'none'}")
    if findings.is_empty():
        st.success("✔ The latest load has no warnings.")
        return
    file_column, severity_column = st.columns(2)
    files = file_column.multiselect("File", sorted(findings.get_column("file").unique().to_list()))
    levels = severity_column.multiselect(
        "Severity", sorted(findings.get_column("severity").unique().to_list())
    )
    shown = findings.filter(
        (pl.col("file").is_in(files) if files else pl.lit(value=True))
        & (pl.col("severity").is_in(levels) if levels else pl.lit(value=True))
    )
    table = findings_table(shown)
    by_rule = shown.group_by("rule").len("findings").sort("findings", "rule", descending=[True, False])
    st.subheader("By rule")
    st.dataframe(
        by_rule.with_columns(
            pl.col("findings").map_elements(formatting.format_count, return_dtype=pl.String)
        ),
        hide_index=True,
        column_config={"rule": "Rule", "findings": "Findings"},
    )
    st.subheader(f"Every finding ({shown.height:,})")
    st.dataframe(table, hide_index=True, width="stretch")
    components.downloads(table, f"load_{record['load_id']}_findings", key="findings")


if __name__ == "__main__":
    run_page(render)
