"""Data quality (analysts only): the loads by collection year, the latest load's findings with child ids, rows
and DfE rule codes (by rule and by child), and a check of a return before it is loaded (its full report as
Excel).

The findings name children, so they come from `queries.extract.load_findings`, which refuses every role but
the analyst's; this page also refuses to render for anyone else.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl
import streamlit as st

from metrics import formatting
from pages import auditing, components, data
from pages.session import Audience, Viewer, require, run_page
from queries.extract import loads_by_year
from queries.ingest import validate_return
from queries.report import child_summary, excel_bytes, findings_frame, summary_by_rule

FINDING_COLUMNS = {
    "code": "Code",
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


def loads_section() -> None:
    """Every load, file by file: the history the figures are built from, year by year."""
    loads = loads_by_year(data.engine())
    if loads.is_empty():
        return
    years = loads.get_column("collection_year").drop_nulls().unique().sort().to_list()
    label = ", ".join(f"{year - 1}/{year % 100:02d}" for year in years) or "none"
    with st.expander(f"Loads by collection year (annual returns loaded: {label})"):
        st.dataframe(
            loads.with_columns(
                pl.col("collection_year").map_elements(
                    lambda year: f"{year - 1}/{year % 100:02d}", return_dtype=pl.String
                ),
                pl.col("checksum").str.slice(0, 16),
            ),
            hide_index=True,
            column_config={
                "load_id": "Load",
                "loaded_at": "When",
                "kind": "Kind",
                "collection_year": "Collection year",
                "file": "File",
                "taken_from": "Read from",
                "rows": "Rows",
                "checksum": "SHA-256 (start)",
            },
        )


def by_child_table(findings: pl.DataFrame) -> pl.DataFrame:
    """One row a child: how many findings and which codes, most findings first."""
    return (
        findings.filter(pl.col("child").is_not_null())
        .group_by("child")
        .agg(pl.len().alias("findings"), pl.col("code").unique().sort().str.join(", ").alias("codes"))
        .sort(["findings", "child"], descending=[True, False])
    )


def _children(*frames: pl.DataFrame) -> list[str]:
    """The pseudonymised ids these frames (as shown on the page) name."""
    return sorted({child for frame in frames for child in frame.get_column("child").drop_nulls().to_list()})


def _viewed(record: dict, notes: pl.DataFrame, findings: pl.DataFrame | None = None) -> str:
    shown = f"load {record['load_id']}: {notes.height} note(s)"
    return shown + (f", {findings.height} finding(s)" if findings is not None else "")


def check_a_return(viewer: Viewer) -> None:
    """Validate uploaded files without loading them; the full report downloads as Excel."""
    st.header("Check a return before loading it")
    uploads = st.file_uploader(
        "The files of one return (CSV, or the DfE XML)", type=["csv", "xml"], accept_multiple_files=True
    )
    year = st.number_input("Collection year (the year ending 31 March; 0 to infer it)", 0, 2100, 0)
    if not uploads:
        return
    with tempfile.TemporaryDirectory() as folder:
        for upload in uploads:
            (Path(folder) / Path(upload.name).name).write_bytes(upload.getvalue())
        report = validate_return(Path(folder), year=int(year) or None)
    verdict = "would load" if report.ok else "would be rejected"
    st.markdown(
        f"**The return {verdict}:** {len(report.errors):,} errors, {len(report.findings):,} DfE findings, "
        f"{len(report.warnings):,} warnings."
    )
    every = findings_frame([*report.errors, *report.findings, *report.warnings])
    if not every.is_empty():
        st.dataframe(summary_by_rule(every), hide_index=True)
        st.dataframe(child_summary(every), hide_index=True)
    children = sorted({f.child for f in [*report.errors, *report.findings, *report.warnings] if f.child})
    checked = f"{len(uploads)} file(s) checked, not loaded: {verdict}"
    auditing.note(viewer, "view", "data_quality: check a return", checked, children)
    st.download_button(
        "Download the full report (Excel)",
        data=auditing.noted_download(viewer, "return_report.xlsx", lambda: excel_bytes(report), children),
        file_name="return_report.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="return-report-xlsx",
        on_click="ignore",
        icon=":material/download:",
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
        "is loaded (its report is printed by `cpo ingest`, and `cpo ingest --report-xlsx FILE` writes it as "
        "Excel); a loaded return can still carry DfE validation findings (looked up by their DfE code) and "
        "warnings."
    )
    record = data.current_load()
    if record is None:
        auditing.note(viewer, "view", "data_quality", "no load yet")
        st.info("No return has been loaded yet: load one with `cpo ingest`.")
        check_a_return(viewer)
        return
    load_summary(record)
    loads_section()
    notes = data.quality_notes(viewer.role)
    notes_section(notes)
    findings = data.findings(viewer.role)
    severities = findings.get_column("severity").value_counts(sort=True)
    summary = ", ".join(
        f"{row['count']:,} {row['severity']}{'' if row['count'] == 1 else 's'}"
        for row in severities.iter_rows(named=True)
    )
    st.header(f"Findings: {summary or 'none'}")
    if findings.is_empty():
        auditing.note(viewer, "view", "data_quality", _viewed(record, notes), _children(notes))
        st.success("✔ The latest load has no DfE findings and no warnings.")
        check_a_return(viewer)
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
    filters = f"; files {', '.join(files)}" if files else ""
    filters += f"; severities {', '.join(levels)}" if levels else ""
    viewed = _viewed(record, notes, shown) + filters
    auditing.note(viewer, "view", "data_quality", viewed, _children(notes, shown))
    by_rule = (
        shown.group_by("code", "rule")
        .agg(pl.len().alias("findings"), pl.col("child").drop_nulls().n_unique().alias("children"))
        .sort("findings", "code", descending=[True, False])
    )
    st.subheader("By rule")
    st.dataframe(
        by_rule.with_columns(
            pl.col("findings").map_elements(formatting.format_count, return_dtype=pl.String)
        ),
        hide_index=True,
        column_config={"code": "Code", "rule": "Rule", "findings": "Findings", "children": "Children"},
    )
    st.subheader("By child")
    st.dataframe(
        by_child_table(shown),
        hide_index=True,
        column_config={"child": "Child", "findings": "Findings", "codes": "Codes"},
    )
    st.subheader(f"Every finding ({shown.height:,})")
    st.dataframe(table, hide_index=True, width="stretch")
    components.downloads(
        table, f"load_{record['load_id']}_findings", key="findings", children=_children(shown)
    )
    check_a_return(viewer)


if __name__ == "__main__":
    run_page(render)
