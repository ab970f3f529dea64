"""What validation found: findings (errors and warnings) and the report of one return.

A finding names the file, the row as a spreadsheet numbers it (the header is row 1, the first data row is
row 2; empty for a finding about the whole file), the column as the file spells it, the value, the rule
(code and message, from `queries.rules`), the child where there is one, and its severity.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

import polars as pl

from queries.rules import RULES

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

    def to_text(self) -> str:
        where = self.file + (f" row {self.row}" if self.row is not None else "")
        where += f" column {self.column}" if self.column else ""
        value = f" value {self.value!r}" if self.value is not None else ""
        child = f" (child {self.child})" if self.child else ""
        return f"{self.severity.upper()} {where}{value}{child}: {self.rule} {self.message}"


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


def to_findings(frame: pl.DataFrame) -> list[Finding]:
    """Findings from a frame of `FINDING_SCHEMA` rows, in file and row order, each with its rule's message."""
    ordered = frame.unique(maintain_order=True).sort(["file", "row", "column", "rule"], nulls_last=False)
    findings = []
    for file, row, column, value, rule, child, extra in ordered.iter_rows():
        message = RULES[rule].message
        findings.append(
            Finding(
                file=file,
                row=row,
                column=column,
                value=value,
                rule=rule,
                message=f"{message} ({extra})" if extra else message,
                child=child,
                severity=RULES[rule].severity,
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

    @property
    def ok(self) -> bool:
        return not self.errors

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
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    def to_text(self) -> str:
        if self.loaded:
            verdict = f"LOADED (load {self.load_id})"
        elif self.ok:
            verdict = "VALID (not loaded)"
        else:
            verdict = "REJECTED: nothing was loaded"
        lines = [
            f"Return {self.source}: {verdict}",
            f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)",
        ]
        if self.row_counts:
            lines.append("Rows: " + ", ".join(f"{file} {count}" for file, count in self.row_counts.items()))
        if self.code_list_years:
            used = "; ".join(f"{label} for {years}" for label, years in self.code_list_years.items())
            lines.append(f"PLACE checked against the list of the year of each episode's DECOM: {used}")
        for title, findings in (("Errors", self.errors), ("Warnings", self.warnings)):
            if findings:
                counts = Counter(finding.rule for finding in findings)
                lines.append(
                    f"{title} by rule: " + ", ".join(f"{rule} {n}" for rule, n in counts.most_common())
                )
                lines.extend(finding.to_text() for finding in findings)
        return "\n".join(lines)
