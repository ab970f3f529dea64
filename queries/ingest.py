"""Validate a return folder against every rule of shared/data-spec.md, then load it all or nothing.

``validate_return(folder)`` reads each file with polars, checks every rule of `queries.rules` and collects
**all** findings (not the first) into an `IngestReport`. ``ingest_return(folder, engine)`` validates and,
only when there is no error, loads the return in one transaction.

Reload semantics: a load REPLACES the whole data set. In one transaction it deletes every row of every return
table, inserts the new return, records the load in ``loads`` (when, source, file checksums, row counts, the
code lists used) and stores its warnings in ``load_findings``. Loading the same return again therefore never
duplicates a row, and a failed load (a rejected return, a database error mid-way) leaves the database exactly
as it was. A return is a complete extract, so replacing everything also removes children the new extract no
longer contains, as it should.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

import polars as pl
from sqlalchemy import Engine

from queries import checks, codes
from queries.engine import create_schema
from queries.load import replace_return
from queries.reading import read_return_file
from queries.report import Finding, IngestReport, finding_frame, to_findings
from queries.rules import FILES

Progress = Callable[[str], None]

__all__ = ["Finding", "IngestReport", "ingest_return", "read_validated_return", "validate_return"]


def validate_return(
    folder: Path,
    *,
    known_indicators: Iterable[str] | None = None,
    as_of: date | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Check every file of the return in ``folder``; nothing is written anywhere.

    ``known_indicators``: the catalogue's indicator ids; when given, plan_targets.csv and comparators.csv may
    name no other. ``as_of``: the day after which a date is in the future (default: today). Raises
    ``NotADirectoryError`` when ``folder`` is not a folder; every problem inside it is a finding instead.
    """
    report, _ = _validate(Path(folder), known_indicators, as_of or date.today(), progress or _quiet)
    return report


def read_validated_return(
    folder: Path, *, known_indicators: Iterable[str] | None = None, as_of: date | None = None
) -> tuple[IngestReport, dict[str, pl.DataFrame]]:
    """The report and the typed tables (keyed by table name, with ``source_row``) exactly as a load would
    write them; tables of files with errors may hold nulls where a value was invalid."""
    return _validate(Path(folder), known_indicators, as_of or date.today(), _quiet)


def ingest_return(
    folder: Path,
    engine: Engine,
    *,
    known_indicators: Iterable[str] | None = None,
    as_of: date | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Validate ``folder`` and, if it has no error, replace the data set with it in one transaction."""
    progress = progress or _quiet
    report, tables = _validate(Path(folder), known_indicators, as_of or date.today(), progress)
    if not report.ok:
        return report
    create_schema(engine)
    with engine.begin() as connection:
        report.load_id = replace_return(connection, tables, report, progress)
    report.loaded = True
    progress(f"loaded {sum(report.row_counts.values())} rows as load {report.load_id}")
    return report


def _quiet(_message: str) -> None:
    return None


def _validate(
    folder: Path, known_indicators: Iterable[str] | None, as_of: date, progress: Progress
) -> tuple[IngestReport, dict[str, pl.DataFrame]]:
    if not folder.is_dir():
        raise NotADirectoryError(f"not a folder: {folder}")
    known = set(known_indicators) if known_indicators is not None else None
    report = IngestReport(source=str(folder.resolve()))
    found: list[pl.DataFrame] = []
    tables: dict[str, pl.DataFrame] = {}
    header: pl.DataFrame | None = None  # typed header.csv: the cross-file rules compare with it
    # One file at a time, every rule that reads it, then only its typed columns are kept: the raw text of an
    # England-sized return would otherwise double the memory a load needs.
    for spec in FILES.values():
        read = read_return_file(folder, spec)
        found.append(read.findings)
        if read.checksum is not None:
            report.checksums[spec.file] = read.checksum
        if read.frame is None or read.findings.filter(pl.col("rule") == "COLUMN_MISSING").height:
            progress(f"{spec.file}: cannot be used")
            continue
        progress(f"checking {spec.file} ({read.frame.height} rows)")
        report.row_counts[spec.file] = read.frame.height
        if read.frame.height == 0:
            found.append(
                finding_frame(spec.file, "HEADER_NO_ROWS" if spec.file == "header.csv" else "FILE_NO_ROWS")
            )
        spelled = read.columns
        frame, value_findings = checks.type_file(spec, read.frame, spelled, as_of)
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
        # Sorted by the table's key here, while the raw text is still being dropped, so that the load (which
        # is fastest in key order) needs no second copy of the largest tables.
        tables[spec.table] = frame.select("source_row", *(column.name for column in spec.columns)).sort(
            list(spec.key), nulls_last=True
        )
        if spec.file == "header.csv":
            header = tables[spec.table]
    found.extend(checks.service_rules(tables))
    found.extend(_unknown_files(folder))
    report.code_lists.update({name: list(values) for name, values in codes.FIXED_LISTS.items()})

    findings = to_findings(pl.concat(found)) if found else []
    report.errors = [finding for finding in findings if finding.severity == "error"]
    report.warnings = [finding for finding in findings if finding.severity == "warning"]
    return report, tables


def _unknown_files(folder: Path) -> list[pl.DataFrame]:
    expected = set(FILES)
    return [
        finding_frame(path.name, "FILE_UNKNOWN")
        for path in sorted(folder.iterdir())
        if path.is_file() and path.suffix.lower() == ".csv" and path.name.lower() not in expected
    ]
