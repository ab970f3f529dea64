"""Reading one file of a return into a frame of text values, or saying clearly why it cannot be read.

Every value is read as text (polars, no type guessing) so that a bad value becomes a finding about that cell
rather than a failed file. Column names are matched case-insensitively; the frame's columns are the table's
lower-case names plus ``source_row``, the row as a spreadsheet numbers it (header = row 1).
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from queries.report import FINDING_SCHEMA, finding_frame
from queries.rules import FileSpec

BOM = b"\xef\xbb\xbf"


@dataclass
class ReadFile:
    """A file as read: its text frame (None when it cannot be used), findings and checksum."""

    frame: pl.DataFrame | None
    findings: pl.DataFrame
    checksum: str | None
    columns: dict[str, str]  # table column -> the column name as the file spells it


def find_file(folder: Path, name: str) -> Path | None:
    """``folder/name``, matching the name case-insensitively (exports from Windows write ``Header.CSV``)."""
    exact = folder / name
    if exact.is_file():
        return exact
    for candidate in folder.iterdir():
        if candidate.is_file() and candidate.name.lower() == name:
            return candidate
    return None


def read_return_file(folder: Path, spec: FileSpec) -> ReadFile:
    path = find_file(folder, spec.file)
    if path is None:
        if spec.optional:
            return _unusable(pl.DataFrame(schema=FINDING_SCHEMA))
        return _unusable(finding_frame(spec.file, "FILE_MISSING"))
    try:
        data = path.read_bytes()
    except OSError as error:
        return _unusable(
            finding_frame(spec.file, "FILE_MISSING", detail=f"cannot be opened: {error.strerror}")
        )
    checksum = hashlib.sha256(data).hexdigest()
    data = data.removeprefix(BOM)
    if not data.strip():
        return _unusable(finding_frame(spec.file, "FILE_EMPTY"), checksum)
    try:
        data.decode("utf-8")  # only to check it: polars reads the bytes themselves
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return _unusable(
            finding_frame(spec.file, "FILE_NOT_UTF8", row=line, detail=f"first bad byte on line {line}"),
            checksum,
        )
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        return _unusable(
            finding_frame(spec.file, "FILE_NOT_CSV", row=line, detail="contains NUL bytes: a binary file?"),
            checksum,
        )
    try:
        raw = pl.read_csv(io.BytesIO(data), has_header=False, infer_schema=False, raise_if_empty=True)
    except Exception as error:
        row, detail = _locate_csv_problem(data.decode("utf-8"), error)
        return _unusable(finding_frame(spec.file, "FILE_NOT_CSV", row=row, detail=detail), checksum)
    return _conform(spec, raw, checksum)


def _conform(spec: FileSpec, raw: pl.DataFrame, checksum: str) -> ReadFile:
    names = [value.strip() if value else "" for value in raw.row(0)]
    findings = []
    wanted = {column.name: column for column in spec.columns}
    seen: dict[str, str] = {}
    keep: dict[str, str] = {}  # raw polars column -> table column
    for position, (name, raw_column) in enumerate(zip(names, raw.columns, strict=True)):
        key = name.lower()
        if not key:
            findings.append(
                finding_frame(spec.file, "COLUMN_UNNAMED", row=1, column=f"column {position + 1}")
            )
        elif key in seen:
            findings.append(finding_frame(spec.file, "COLUMN_DUPLICATE", row=1, column=name))
        elif key in wanted:
            seen[key] = name
            keep[raw_column] = key
        else:
            seen[key] = name
            findings.append(finding_frame(spec.file, "COLUMN_EXTRA", row=1, column=name))
    for column in spec.columns:
        if column.name in seen:
            continue
        rule = "COLUMN_ABSENT_OPTIONAL" if column.optional_column else "COLUMN_MISSING"
        findings.append(finding_frame(spec.file, rule, row=1, column=column.label))
    frame = (
        raw.slice(1)
        .with_row_index("source_row", offset=2)
        .select(
            pl.col("source_row").cast(pl.Int64),
            *(
                pl.col(raw_column).str.strip_chars().replace("", None).alias(column)
                for raw_column, column in keep.items()
            ),
        )
    )
    frame = frame.with_columns(
        pl.lit(None, dtype=pl.String).alias(column.name) for column in spec.columns if column.name not in seen
    ).select("source_row", *(column.name for column in spec.columns))
    value_columns = [column.name for column in spec.columns]
    empty = pl.all_horizontal(pl.col(value_columns).is_null())
    empty_rows = frame.filter(empty)
    if empty_rows.height:
        findings.append(
            empty_rows.select(
                pl.lit(spec.file).alias("file"),
                pl.col("source_row").alias("row"),
                *(pl.lit(None, dtype=pl.String).alias(name) for name in ("column", "value")),
                pl.lit("ROW_EMPTY").alias("rule"),
                *(pl.lit(None, dtype=pl.String).alias(name) for name in ("child", "detail")),
            )
        )
        frame = frame.filter(~empty)
    found = pl.concat(findings) if findings else pl.DataFrame(schema=FINDING_SCHEMA)
    spelled = {column.name: seen.get(column.name, column.label) for column in spec.columns}
    return ReadFile(frame=frame, findings=found, checksum=checksum, columns=spelled)


def _unusable(findings: pl.DataFrame, checksum: str | None = None) -> ReadFile:
    return ReadFile(frame=None, findings=findings, checksum=checksum, columns={})


def _locate_csv_problem(text: str, error: Exception) -> tuple[int | None, str]:
    """The first row whose shape breaks the CSV (more fields than the header, an unclosed quote)."""
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    width = None
    while True:
        start = reader.line_num + 1  # the line the next row starts on
        try:
            row = next(reader)
        except StopIteration:
            return None, first_line
        except csv.Error as csv_error:
            return start, f"{csv_error} (a quote opened on this line is not closed?)"
        if width is None:
            width = len(row)
        elif len(row) > width:
            return start, f"row has {len(row)} fields but the header has {width}"
