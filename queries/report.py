"""What validation found: findings (errors, DfE findings and warnings) and the report of one return.

A finding names the code a data officer looks it up by (the DfE rule code, ``101``, or ours, ``CPO-...``), the
file, the row as a spreadsheet numbers it (the header is row 1, the first data row is row 2; empty for a
finding about the whole file), the column as the file spells it, the value, the rule (our rule id and
message, from `queries.rules`, or a DfE rule of `queries.dfe_rules`), the child where there is one, and its
severity: ``error`` blocks the return, ``finding`` is a DfE validation finding (blocks with ``--strict``),
``warning`` is a note.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import cache
from os import PathLike
from typing import Any, BinaryIO

import polars as pl

from queries.rules import RULES, dfe_code

FINDING_SCHEMA = {
    "file": pl.String,
    "row": pl.Int64,
    "column": pl.String,
    "value": pl.String,
    "rule": pl.String,
    "child": pl.String,
    "detail": pl.String,  # what the rule's message needs to be specific: the range, the code list used
}


@dataclass(frozen=True)
class Finding:
    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str
    message: str
    child: str | None
    severity: str
    code: str = ""  # the DfE rule code where the DfE has one, else ours (CPO-...)

    def to_text(self) -> str:
        where = self.file + (f" row {self.row}" if self.row is not None else "")
        where += f" column {self.column}" if self.column else ""
        value = f" value {self.value!r}" if self.value is not None else ""
        child = f" (child {self.child})" if self.child else ""
        code = self.code or self.rule
        return f"{self.severity.upper()} {code} {where}{value}{child}: {self.rule} {self.message}"


def finding_frame(
    file: str,
    rule: str,
    *,
    row: int | None = None,
    column: str | None = None,
    value: str | None = None,
    child: str | None = None,
    detail: str | None = None,
) -> pl.DataFrame:
    """One finding as a one-row frame (the shape every check returns)."""
    return pl.DataFrame(
        {
            "file": [file],
            "row": [row],
            "column": [column],
            "value": [value],
            "rule": [rule],
            "child": [child],
            "detail": [detail],
        },
        schema=FINDING_SCHEMA,
    )


def _dfe_rule_message(rule: str) -> str | None:
    """The message of a DfE rule that `queries.dfe_rules` declares, when that package says it."""
    return _dfe_rule_messages().get(rule)


@cache
def _dfe_rule_messages() -> dict[str, str]:
    """Each declared DfE code's message, read once (a return with 60,000 findings asks 60,000 times)."""
    try:
        from queries import dfe_rules
    except ImportError:
        return {}
    # The latest edition's message: a code's wording rarely changes between years, its meaning never.
    return {entry.code: entry.message for entry in dfe_rules.all_rules()}


def to_findings(frame: pl.DataFrame) -> list[Finding]:
    """Findings from a frame of `FINDING_SCHEMA` rows, in file and row order, each with its rule's message.

    A rule that is not ours is a DfE validation finding of `queries.dfe_rules` (its code is the DfE's).
    """
    ordered = frame.unique(maintain_order=True).sort(["file", "row", "column", "rule"], nulls_last=False)
    findings = []
    for file, row, column, value, rule, child, extra in ordered.iter_rows():
        known = RULES.get(rule)
        if known is not None:
            message, severity = known.message, known.severity
            message = f"{message} ({extra})" if extra else message
        else:
            message, severity = _dfe_rule_message(rule) or extra or "DfE validation rule", "finding"
            if extra and message != extra:
                message = f"{message} ({extra})"
        findings.append(
            Finding(
                file=file,
                row=row,
                column=column,
                value=value,
                rule=rule,
                message=message,
                child=child,
                severity=severity,
                code=dfe_code(rule, file, column),
            )
        )
    return findings


@dataclass
class IngestReport:
    """The result of validating (and perhaps loading) one return folder."""

    source: str
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    row_counts: dict[str, int] = field(default_factory=dict)
    checksums: dict[str, str] = field(default_factory=dict)
    code_lists: dict[str, list[str]] = field(default_factory=dict)
    code_list_years: dict[str, str] = field(default_factory=dict)  # a yearly list -> the years it served
    loaded: bool = False
    load_id: int | None = None
    findings: list[Finding] = field(default_factory=list)  # DfE validation findings (do not block)
    kind: str = ""  # "annual return", "local files" or "full extract"
    collection_year: int | None = None  # the year of an annual return (2025 = 2024/25)
    year_source: str = ""  # how the year was decided: "given" (--year) or "inferred from ..."
    taken_from: dict[str, str] = field(default_factory=dict)  # return file -> the file it was read from
    strict: bool = False  # findings reject the return too (cpo ingest --strict)
    yearly_lists: dict[str, str] = field(default_factory=dict)  # SEX -> the list of the year it was held to

    @property
    def ok(self) -> bool:
        return not self.errors and not (self.strict and self.findings)

    @property
    def year_label(self) -> str | None:
        if self.collection_year is None:
            return None
        return f"{self.collection_year - 1}/{self.collection_year % 100:02d}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "ok": self.ok,
            "loaded": self.loaded,
            "load_id": self.load_id,
            "error_count": len(self.errors),
            "warning_count": len(self.warnings),
            "row_counts": self.row_counts,
            "checksums": self.checksums,
            "code_lists": self.code_lists,
            "code_list_years": self.code_list_years,
            "errors": [asdict(finding) for finding in self.errors],
            "warnings": [asdict(finding) for finding in self.warnings],
            "finding_count": len(self.findings),
            "findings": [asdict(finding) for finding in self.findings],
            "kind": self.kind,
            "collection_year": self.collection_year,
            "collection_year_label": self.year_label,
            "year_source": self.year_source,
            "taken_from": self.taken_from,
            "strict": self.strict,
            "yearly_lists": self.yearly_lists,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    def to_text(self) -> str:
        if self.loaded:
            verdict = f"LOADED (load {self.load_id})"
        elif self.ok:
            verdict = "VALID (not loaded)"
        elif not self.errors:
            verdict = "REJECTED on DfE findings (--strict): nothing was loaded"
        else:
            verdict = "REJECTED: nothing was loaded"
        lines = [
            f"Return {self.source}: {verdict}",
            f"{len(self.errors)} error(s), {len(self.findings)} DfE finding(s), "
            f"{len(self.warnings)} warning(s)",
        ]
        if self.kind:
            year = f" for {self.year_label} ({self.year_source})" if self.year_label else ""
            lines.append(f"Read as {self.kind}{year}")
        renamed: dict[str, list[str]] = {}
        for file, name in self.taken_from.items():
            if name != file:
                renamed.setdefault(name, []).append(file)
        if renamed:
            lines.append(
                "Files: " + "; ".join(f"{name} as {', '.join(files)}" for name, files in renamed.items())
            )
        if self.row_counts:
            lines.append("Rows: " + ", ".join(f"{file} {count}" for file, count in self.row_counts.items()))
        if self.code_list_years:
            used = "; ".join(f"{label} for {years}" for label, years in self.code_list_years.items())
            lines.append(f"PLACE checked against the list of the year of each episode's DECOM: {used}")
        for column, used in self.yearly_lists.items():
            lines.append(f"{column} checked against {used}")
        for title, findings in (
            ("Errors", self.errors),
            ("DfE findings", self.findings),
            ("Warnings", self.warnings),
        ):
            if findings:
                counts = Counter(finding.code or finding.rule for finding in findings)
                lines.append(
                    f"{title} by rule: " + ", ".join(f"{rule} {n}" for rule, n in counts.most_common())
                )
                lines.extend(finding.to_text() for finding in findings)
        return "\n".join(lines)


def findings_frame(findings: list[Finding]) -> pl.DataFrame:
    """Findings as a frame, the DfE code first: for downloads and the Excel report."""
    columns = ("code", "severity", "file", "row", "column", "value", "child", "rule", "message")
    return pl.DataFrame(
        [tuple(getattr(finding, name) for name in columns) for finding in findings],
        schema={name: (pl.Int64 if name == "row" else pl.String) for name in columns},
        orient="row",
    )


def summary_by_rule(findings: pl.DataFrame) -> pl.DataFrame:
    """One row a rule: its code, severity, message, how many findings and how many children."""
    return (
        findings.group_by("code", "severity", "rule")
        .agg(
            pl.col("message").first(),
            pl.len().alias("findings"),
            pl.col("child").drop_nulls().n_unique().alias("children"),
            pl.col("file").unique().sort().str.join(", ").alias("files"),
        )
        .sort(["severity", "findings", "code"], descending=[False, True, False])
    )


def child_summary(findings: pl.DataFrame) -> pl.DataFrame:
    """Every finding about a child, child by child: child, file, row, DfE code, message, fields, values."""
    return (
        findings.filter(pl.col("child").is_not_null())
        .select(
            "child",
            "file",
            "row",
            "code",
            "severity",
            "message",
            pl.col("column").alias("fields"),
            pl.col("value").alias("values"),
        )
        .sort("child", "file", "row", nulls_last=True)
    )


def write_excel(report: IngestReport, target: str | PathLike[str] | BinaryIO) -> None:
    """The full report as an Excel workbook (a path, or a binary file object such as ``io.BytesIO``): an
    error summary by rule, a child summary, every finding."""
    import xlsxwriter

    every = findings_frame([*report.errors, *report.findings, *report.warnings])
    opened = str(target) if isinstance(target, (str, bytes)) or hasattr(target, "__fspath__") else target
    # A text cell is never run, so every string is written as text: a finding's value "=1+1", a file named
    # "=1+2.csv" or an extra column "=HYPERLINK(...)" stays inert (strings_to_formulas is on by default).
    text_only = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    with xlsxwriter.Workbook(opened, text_only) as workbook:
        for sheet, frame in (
            ("Error summary", summary_by_rule(every)),
            ("Child summary", child_summary(every)),
            ("All findings", every),
        ):
            frame.write_excel(workbook, worksheet=sheet, autofit=True)


def excel_bytes(report: IngestReport) -> bytes:
    """`write_excel` into memory, for a download button."""
    import io

    buffer = io.BytesIO()
    write_excel(report, buffer)
    return buffer.getvalue()
