"""Reading one file of a return into a frame of text values, or saying clearly why it cannot be read.

Every value is read as text (polars, no type guessing) so that a bad value becomes a finding about that cell
rather than a failed file. Column names are matched case-insensitively; the frame's columns are the table's
lower-case names plus ``source_row``, the row as a spreadsheet numbers it (header = row 1).

Before polars reads a file, one streaming pass checks its shape: polars pads a row that is short of fields
with nulls, which would load a row cut in half as blanks, so a row with more or fewer fields than the header
(and a file cut mid-row) is an error naming the row, and blank lines are counted (one warning per file).
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from queries.report import FINDING_SCHEMA, finding_frame
from queries.rules import FILES, FileSpec

BOM = b"\xef\xbb\xbf"
SHOWN_BAD_ROWS = 20  # rows of the wrong width named one by one; the rest are counted


@dataclass
class ReadFile:
    """A file as read: its text frame (None when it cannot be used), findings and checksum."""

    frame: pl.DataFrame | None
    findings: pl.DataFrame
    checksum: str | None
    columns: dict[str, str]  # table column -> the column name as the file spells it


@dataclass
class FolderFiles:
    """Which file of the folder (or which table of its XML return) is which file of the return."""

    paths: dict[str, Path] = field(default_factory=dict)  # return file -> the path it is read from
    contents: dict[str, bytes] = field(default_factory=dict)  # return file -> bytes (from an XML return)
    taken_from: dict[str, str] = field(default_factory=dict)  # return file -> "SSDA903_..._Header.csv"
    findings: list[pl.DataFrame] = field(default_factory=list)

    def __contains__(self, file: str) -> bool:
        return file in self.paths or file in self.contents


def find_file(folder: Path, name: str) -> Path | None:
    """``folder/name``, matching the name case-insensitively (exports from Windows write ``Header.CSV``)."""
    exact = folder / name
    if exact.is_file():
        return exact
    for candidate in folder.iterdir():
        if candidate.is_file() and candidate.name.lower() == name:
            return candidate
    return None


def _name_match(stem: str) -> str | None:
    """The return file a file name stands for: ``header``, ``SSDA903_2024_25_Header``, ``..._SWEpisodes``."""
    stem = stem.lower().replace("-", "_").replace(" ", "_")
    aliases = sorted(
        ((alias, spec.file) for spec in FILES.values() for alias in (spec.stem, *spec.names)),
        key=lambda pair: -len(pair[0]),
    )
    for alias, file in aliases:
        if stem == alias or stem.endswith("_" + alias):
            return file
    return None


def _column_match(path: Path) -> str | None:
    """The return file whose columns a file has (as the DfE's own tools recognise files), if exactly one."""
    try:
        with path.open("rb") as handle:
            first = handle.readline(100_000).removeprefix(BOM).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    names = {name.strip().upper() for name in next(csv.reader([first]), []) if name.strip()}
    matches = []
    for spec in FILES.values():
        every = {column.label for column in spec.columns}
        needed = {column.label for column in spec.columns if not column.optional_column}
        if needed <= names and names <= every:
            matches.append(spec.file)
    return matches[0] if len(matches) == 1 else None


def identify_files(folder: Path) -> FolderFiles:
    """Each return file found in ``folder``: by its name, else by its columns; an XML return is read too."""
    from queries.xml_return import read_xml_return

    found = FolderFiles()
    for path in sorted(candidate for candidate in folder.iterdir() if candidate.is_file()):
        suffix = path.suffix.lower()
        if suffix == ".xml":
            tables, problems = read_xml_return(path)
            found.findings.extend(problems)
            for xml_file, data in tables.items():
                if xml_file in found:
                    found.findings.append(finding_frame(path.name, "FILE_TWICE", detail=f"{xml_file} twice"))
                    continue
                found.contents[xml_file] = data
                found.taken_from[xml_file] = f"{path.name} (XML)"
            continue
        if suffix != ".csv":
            continue
        file = _name_match(path.stem) or _column_match(path)
        if file is None:
            found.findings.append(finding_frame(path.name, "FILE_UNKNOWN"))
        elif file in found:
            found.findings.append(
                finding_frame(
                    path.name, "FILE_TWICE", detail=f"{found.taken_from[file]} is already read as {file}"
                )
            )
        else:
            found.paths[file] = path
            found.taken_from[file] = path.name
    return found


def read_return_file(folder: Path, spec: FileSpec) -> ReadFile:
    path = find_file(folder, spec.file)
    if path is None:
        return _unusable(finding_frame(spec.file, "FILE_MISSING"))
    return read_path(path, spec)


def read_path(path: Path, spec: FileSpec) -> ReadFile:
    try:
        data = path.read_bytes()
    except OSError as error:
        return _unusable(
            finding_frame(spec.file, "FILE_MISSING", detail=f"cannot be opened: {error.strerror}")
        )
    return read_bytes(data, spec)


def read_bytes(data: bytes, spec: FileSpec) -> ReadFile:
    checksum = hashlib.sha256(data).hexdigest()
    data = data.removeprefix(BOM)
    if not data.strip():
        return _unusable(finding_frame(spec.file, "FILE_EMPTY"), checksum)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return _unusable(
            finding_frame(spec.file, "FILE_NOT_UTF8", row=line, detail=f"first bad byte on line {line}"),
            checksum,
        )
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return _unusable(
            finding_frame(spec.file, "FILE_NOT_CSV", row=line, detail="contains NUL bytes: a binary file?"),
            checksum,
        )
    shape = _shape_findings(spec.file, text)
    del text
    if shape is not None:
        return _unusable(shape, checksum)
    try:
        raw = pl.read_csv(io.BytesIO(data), has_header=False, infer_schema=False, raise_if_empty=True)
    except Exception as error:
        return _unusable(
            finding_frame(spec.file, "FILE_NOT_CSV", detail=_first_line(error)),
            checksum,
        )
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
    blank = frame.select(empty.sum()).item()
    if blank:
        frame = frame.filter(~empty)
        findings.append(
            finding_frame(
                spec.file, "ROW_EMPTY", detail=f"{blank:,} blank line{'' if blank == 1 else 's'} skipped"
            )
        )
    found = pl.concat(findings) if findings else pl.DataFrame(schema=FINDING_SCHEMA)
    spelled = {column.name: seen.get(column.name, column.label) for column in spec.columns}
    return ReadFile(frame=frame, findings=found, checksum=checksum, columns=spelled)


def _unusable(findings: pl.DataFrame, checksum: str | None = None) -> ReadFile:
    return ReadFile(frame=None, findings=findings, checksum=checksum, columns={})


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _shape_findings(file: str, text: str) -> pl.DataFrame | None:
    """Errors for rows whose width differs from the header's and for a quote left open; None when sound.

    One streaming pass of the csv module (memory bounded by the longest row, whatever the file's length);
    blank lines are left for `_conform` to count.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    width = None
    bad: list[tuple[int, str]] = []
    bad_count = 0
    while True:
        start = reader.line_num + 1  # the line the next row starts on
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as csv_error:
            bad.append((start, f"{csv_error}: a quote opened on this line is not closed (a file cut short?)"))
            bad_count += 1
            break
        if not row:
            continue
        if width is None:
            width = len(row)
        elif len(row) != width:
            bad_count += 1
            if len(bad) < SHOWN_BAD_ROWS:
                bad.append((start, f"row has {len(row)} fields but the header has {width}"))
    if not bad_count:
        return None
    frames = [
        finding_frame(file, "ROW_WIDTH" if "fields" in detail else "FILE_NOT_CSV", row=row, detail=detail)
        for row, detail in bad
    ]
    if bad_count > len(bad):
        more = bad_count - len(bad)
        frames.append(finding_frame(file, "ROW_WIDTH", detail=f"and {more:,} more rows of the wrong width"))
    return pl.concat(frames)
