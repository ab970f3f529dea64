"""Validate a return folder against every rule of docs/returns.md, then load it all or nothing.

``validate_return(folder)`` reads each file with polars, checks every rule of `queries.rules` and collects
**all** findings (not the first) into an `IngestReport`. ``ingest_return(folder, engine)`` validates and,
only when there is no error, loads the return in one transaction.

A folder is one of three kinds: an **annual return** (the DfE files of one collection year, no YEAR column;
the year is given, or inferred from the latest date in the return, and the report says which), **local files**
alone, or a **full extract** (every year in one folder, oc2/oc3 carrying a local YEAR column). Files are known
by name (``header.csv``, ``SSDA903_2024_25_Header.csv``) or by their columns; a DfE XML return is read too.
A return with statutory files needs header.csv; local files are each optional (an indicator whose file was
never loaded is "not available"). Loads accumulate by collection year (`queries.load`): a failed load (a
rejected return, a database error mid-way) leaves the database exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import cast

import polars as pl
from sqlalchemy import Engine

from queries import checks, codes
from queries.audit import OPERATOR, AuditEvent, operator_actor, record, record_in
from queries.engine import create_schema
from queries.load import ANNUAL, FULL_EXTRACT, LOCAL, data_set_after, replace_return
from queries.reading import FolderFiles, ReadFile, identify_files, read_bytes, read_path
from queries.report import FINDING_SCHEMA, Finding, IngestReport, finding_frame, to_findings
from queries.results import ResultsBuilder, lock_results, store_results
from queries.rules import FILES, RULES, FileSpec, dfe_code

Progress = Callable[[str], None]

__all__ = ["Finding", "IngestReport", "ingest_return", "read_validated_return", "validate_return"]

# The dates a return's collection year is inferred from: the latest of them lies in it.
YEAR_DATES = {
    "episodes": ("decom", "dec"),
    "reviews": ("review",),
    "missing": ("mis_start", "mis_end"),
    "sw_episodes": ("sw_decom", "sw_dec"),
}
_OUTCOME_FILES = ("oc2.csv", "oc3.csv")


def validate_return(
    folder: Path,
    *,
    known_indicators: Iterable[str] | None = None,
    as_of: date | None = None,
    progress: Progress | None = None,
    year: int | None = None,
    strict: bool = False,
) -> IngestReport:
    """Check every file of the return in ``folder``; nothing is written anywhere.

    ``known_indicators``: the catalogue's indicator ids; when given, plan_targets.csv and comparators.csv may
    name no other. ``as_of``: the day after which a date is in the future (default: today). Raises
    ``NotADirectoryError`` when ``folder`` is not a folder; every problem inside it is a finding instead.
    """
    report, _ = _validate(
        Path(folder), known_indicators, as_of or date.today(), progress or _quiet, year=year, strict=strict
    )
    return report


def read_validated_return(
    folder: Path,
    *,
    known_indicators: Iterable[str] | None = None,
    as_of: date | None = None,
    year: int | None = None,
) -> tuple[IngestReport, dict[str, pl.DataFrame]]:
    """The report and the typed tables (keyed by table name, with ``source_row``) exactly as a load would
    write them; tables of files with errors may hold nulls where a value was invalid."""
    return _validate(Path(folder), known_indicators, as_of or date.today(), _quiet, year=year)


def ingest_return(
    folder: Path,
    engine: Engine,
    *,
    known_indicators: Iterable[str] | None = None,
    as_of: date | None = None,
    progress: Progress | None = None,
    year: int | None = None,
    strict: bool = False,
    results: ResultsBuilder | None = None,
    actor: str | None = None,
) -> IngestReport:
    """Validate ``folder`` and, if it has no error, load it in one transaction (accumulating by year).

    ``year``: the collection year of an annual return (2025 = 2024/25), else inferred. ``strict``: reject on
    DfE validation findings too. ``results`` (`metrics.report.CatalogueResults`): computes the catalogue over
    the data set as loaded (every year so far) and stores it with the load, in the same transaction.
    Every attempt is on the audit trail (`queries.audit`), as ``actor`` (default: ``cpo ingest`` and the
    operating-system user): a load in its own transaction, a rejection on its own.
    """
    actor = actor or operator_actor("cpo ingest")
    progress = progress or _quiet
    report, tables = _validate(
        Path(folder),
        known_indicators,
        as_of or date.today(),
        progress,
        year=year,
        strict=strict,
        previous=lambda collection_year: _previous_year(engine, collection_year),
    )
    if not report.ok:
        create_schema(engine)
        refusal = f"rejected: {len(report.errors)} error(s), {len(report.findings)} DfE finding(s)"
        record(engine, AuditEvent(actor, OPERATOR, "load", str(folder), refusal))
        return report
    create_schema(engine)
    with engine.begin() as connection:
        if results is not None:
            lock_results(connection)
        report.load_id = replace_return(connection, tables, report, progress)
        rows = sum(report.row_counts.values())
        loaded = f"load {report.load_id}: {rows} rows, {len(report.findings)} DfE finding(s)"
        record_in(connection, AuditEvent(actor, OPERATOR, "load", str(folder), loaded))
        if results is not None:
            data = data_set_after(connection, tables, report)
            tables.clear()  # one copy of the data set in memory
            progress("computing and storing the results of every indicator")
            store_results(connection, report.load_id, results, data)
    report.loaded = True
    progress(f"loaded {sum(report.row_counts.values())} rows as load {report.load_id}")
    return report


def _quiet(_message: str) -> None:
    return None


def _validate(
    folder: Path,
    known_indicators: Iterable[str] | None,
    as_of: date,
    progress: Progress,
    *,
    year: int | None = None,
    strict: bool = False,
    previous: Callable[[int], Mapping[str, pl.DataFrame] | None] | None = None,
) -> tuple[IngestReport, dict[str, pl.DataFrame]]:
    if not folder.is_dir():
        raise NotADirectoryError(f"not a folder: {folder}")
    known = set(known_indicators) if known_indicators is not None else None
    report = IngestReport(source=str(folder.resolve()), strict=strict)
    files = identify_files(folder)
    found: list[pl.DataFrame] = list(files.findings)
    report.taken_from = dict(files.taken_from)
    statutory = [spec for spec in FILES.values() if spec.statutory and spec.file in files]
    report.kind, year_columns = _kind(files, statutory, year)
    if not statutory and not any(spec.file in files for spec in FILES.values()):
        found.append(
            finding_frame("header.csv", "FILE_MISSING", detail="no file of the return in the folder")
        )
    elif statutory and "header.csv" not in files:
        found.append(finding_frame("header.csv", "FILE_MISSING", detail="the DfE files need header.csv"))
    if year is not None:
        report.collection_year, report.year_source = year, "given with --year"
    tables: dict[str, pl.DataFrame] = {}
    header: pl.DataFrame | None = None  # typed header.csv: the cross-file rules compare with it
    pending: list[tuple[FileSpec, pl.DataFrame, dict[str, str]]] = []  # yearly codes wait for the year
    # One file at a time, every rule that reads it, then only its typed columns are kept: the raw text of an
    # England-sized return would otherwise double the memory a load needs.
    for spec in FILES.values():
        if spec.file not in files:
            continue
        if spec.file in _OUTCOME_FILES and report.kind == ANNUAL and not report.year_source:
            report.collection_year, report.year_source = _infer_year(tables, as_of)
            if report.collection_year is None:
                found.append(finding_frame(spec.file, "YEAR_UNKNOWN", detail=report.year_source))
        read = _read(files, spec)
        found.append(_without_absent_year(read.findings, spec, year_columns))
        if read.checksum is not None:
            report.checksums[spec.file] = read.checksum
        if read.frame is None or read.findings.filter(pl.col("rule") == "COLUMN_MISSING").height:
            progress(f"{spec.file}: cannot be used")
            continue
        frame = read.frame
        if spec.file in _OUTCOME_FILES and not year_columns.get(spec.file):
            if report.collection_year is None:
                continue  # YEAR_UNKNOWN said why: the rows have no year to be kept under
            frame = frame.with_columns(pl.lit(str(report.collection_year)).alias("year"))
        progress(f"checking {spec.file} ({frame.height} rows)")
        report.row_counts[spec.file] = frame.height
        if frame.height == 0:
            found.append(
                finding_frame(spec.file, "HEADER_NO_ROWS" if spec.file == "header.csv" else "FILE_NO_ROWS")
            )
        spelled = read.columns
        frame, value_findings = checks.type_file(spec, frame, spelled, as_of)
        del read
        found.extend(value_findings)
        found.extend(checks.file_rules(spec, frame, spelled, known))
        if spec.child_level and spec.file != "header.csv":
            found.extend(checks.child_rules(spec, frame, spelled, header))
        if spec.file == "episodes.csv":
            episode_findings, place_lists, used = checks.episode_rules(frame, spelled, header)
            found.extend(episode_findings)
            report.code_lists.update(place_lists)
            report.code_list_years.update(used)
        if any(column.yearly == "SEX" for column in spec.columns):
            kept = [checks.raw("child"), *(checks.raw(c.name) for c in spec.columns if c.yearly == "SEX")]
            pending.append((spec, frame.select("source_row", *kept), spelled))
        # Sorted by the table's key here, while the raw text is still being dropped, so that the load (which
        # is fastest in key order) needs no second copy of the largest tables.
        tables[spec.table] = frame.select("source_row", *(column.name for column in spec.columns)).sort(
            list(spec.key), nulls_last=True
        )
        if spec.file == "header.csv":
            header = tables[spec.table]
    if report.kind == ANNUAL and not report.year_source:
        report.collection_year, report.year_source = _infer_year(tables, as_of)
        if report.collection_year is None:
            found.append(finding_frame("header.csv", "YEAR_UNKNOWN", detail=report.year_source))
    for spec, frame, spelled in pending:
        year_findings, used = checks.yearly_code_rules(
            spec, frame, spelled, report.collection_year if report.kind == ANNUAL else None
        )
        found.extend(year_findings)
        report.yearly_lists.update(used)
    found.extend(checks.service_rules(tables))
    report.code_lists.update({name: list(values) for name, values in codes.FIXED_LISTS.items()})
    if report.kind == ANNUAL and report.collection_year is not None:
        for column, lists in codes.YEARLY_LISTS.items():
            if column != "PLACE":
                report.code_lists[lists.label(report.collection_year)] = list(
                    lists.codes_for(report.collection_year)
                )
    if statutory:
        annual = report.kind == ANNUAL and report.collection_year is not None
        dfe = _dfe_findings(
            tables,
            report.collection_year,
            as_of,
            previous if annual else None,
            one_year=report.kind == FULL_EXTRACT,
        )
        ours = pl.concat(found)
        found = [_without_rules_also_in(ours, dfe), _without_errors_repeated(dfe, ours)]
    findings = to_findings(pl.concat(found)) if found else []
    report.errors = [finding for finding in findings if finding.severity == "error"]
    report.findings = [finding for finding in findings if finding.severity == "finding"]
    report.warnings = [finding for finding in findings if finding.severity == "warning"]
    return report, tables


def _read(files: FolderFiles, spec: FileSpec) -> ReadFile:
    if spec.file in files.contents:
        return read_bytes(files.contents[spec.file], spec)
    return read_path(files.paths[spec.file], spec)


def _has_year_column(files: FolderFiles, file: str) -> bool:
    if file in files.contents or file not in files.paths:
        return False
    with files.paths[file].open("rb") as handle:
        first = handle.readline(100_000).decode("utf-8", errors="replace")
    return "YEAR" in {name.strip().strip('"').strip("\ufeff").upper() for name in first.split(",")}


def _kind(files: FolderFiles, statutory: list[FileSpec], year: int | None) -> tuple[str, dict[str, bool]]:
    """Annual return, full extract or local files; and whether oc2/oc3 carry the extract's YEAR column."""
    year_columns = {file: _has_year_column(files, file) for file in _OUTCOME_FILES}
    if not statutory:
        return LOCAL, year_columns
    if year is None and any(year_columns.values()):
        return FULL_EXTRACT, year_columns
    return ANNUAL, year_columns


def _without_absent_year(
    findings: pl.DataFrame, spec: FileSpec, year_columns: dict[str, bool]
) -> pl.DataFrame:
    """An annual return's oc2/oc3 have no YEAR column by design: its absence is no warning (nor an error)."""
    if spec.file not in _OUTCOME_FILES or year_columns.get(spec.file):
        return findings
    return findings.filter(~((pl.col("column") == "YEAR") & pl.col("rule").is_in(["COLUMN_ABSENT_OPTIONAL"])))


def _infer_year(tables: Mapping[str, pl.DataFrame], as_of: date) -> tuple[int | None, str]:
    """The collection year holding the latest date of the return (an annual return ends on its 31 March);
    a date in the future is an error of its own (DATE_FUTURE) and says nothing about the year."""
    latest: date | None = None
    for table, columns in YEAR_DATES.items():
        frame = tables.get(table)
        if frame is None:
            continue
        for column in columns:
            # A Date column (queries.schema): its latest value is a date.
            value = cast(
                date | None, frame.get_column(column).filter(frame.get_column(column) <= as_of).max()
            )
            if value is not None and (latest is None or value > latest):
                latest = value
    if latest is None:
        return None, "the return has no episode, review, missing or social worker dates to infer it from"
    return codes.collection_year(latest), f"inferred from its latest date, {latest:%d/%m/%Y}"


def _without_rules_also_in(ours: pl.DataFrame, dfe: pl.DataFrame) -> pl.DataFrame:
    """Our findings less the DfE rules that `queries.dfe_rules` checks itself (225, 226, 233): one each."""
    theirs = set(dfe.get_column("rule").unique().to_list())
    also = [rule.code for rule in RULES.values() if rule.dfe in theirs and rule.severity == "finding"]
    return ours.filter(~pl.col("rule").is_in(also)) if also else ours


def _without_errors_repeated(dfe: pl.DataFrame, ours: pl.DataFrame) -> pl.DataFrame:
    """The DfE findings less those that repeat a blocking error of ours on the same row under the same DfE
    code (148: REC without DEC is an error, and the DfE's 148 would say it again as a finding; INT03: a child
    of episodes.csv missing from header.csv)."""
    blocking = [name for name, rule in RULES.items() if rule.severity == "error"]
    errors = ours.filter(pl.col("rule").is_in(blocking)).select("rule", "file", "column", "row")
    keys = errors.select("rule", "file", "column").unique()
    codes = keys.with_columns(
        pl.Series("code", [dfe_code(rule, file, column) for rule, file, column in keys.rows()], pl.String)
    )
    repeated = errors.join(codes, on=["rule", "file", "column"], nulls_equal=True).select(
        "file", "row", pl.col("code").alias("rule")
    )
    return dfe.join(repeated, on=["file", "row", "rule"], how="anti", nulls_equal=True)


def _previous_year(engine: Engine, year: int) -> Mapping[str, pl.DataFrame] | None:
    from queries.extract import year_tables

    create_schema(engine)
    return year_tables(engine, year)


def _dfe_findings(
    tables: Mapping[str, pl.DataFrame],
    collection_year: int | None,
    as_of: date,
    previous: Callable[[int], Mapping[str, pl.DataFrame] | None] | None = None,
    *,
    one_year: bool = False,
) -> pl.DataFrame:
    """The DfE's validation findings (non-blocking) of `queries.dfe_rules`.

    ``one_year``: the tables span years (a full extract); they are checked as the return of their latest year.
    """
    from queries.dfe_rules import run_dfe_rules
    from queries.dfe_rules.one_year import collection_year_rows

    # The return's own year: its dates are those of the rules (a year before the first rule set we hold is
    # checked by that set, `run_dfe_rules` says how), and last year is the year before it.
    year = collection_year or _infer_year(tables, as_of)[0] or codes.collection_year(as_of)
    # The previous year's return is read only now, when there are rules to compare it with.
    last_year = previous(year - 1) if previous is not None else None
    if one_year:
        tables = collection_year_rows(tables, year)
    frame = run_dfe_rules(tables, year, last_year)
    return frame.select(pl.col(name).cast(dtype) for name, dtype in FINDING_SCHEMA.items())
