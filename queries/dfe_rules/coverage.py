"""How much of the DfE's rule list of each year our rule set checks, and the rule table of the docs."""

from __future__ import annotations

from dataclasses import dataclass

from queries.dfe_rules.reference import OUTSIDE_OUR_FILES, PREVIOUS_YEAR, dfe_codes
from queries.dfe_rules.years import FIRST_YEAR, LAST_YEAR, all_rules, code_order, rule_set, rule_years


@dataclass(frozen=True)
class Coverage:
    year: int
    kind: str  # "single-year" or "previous-year"
    applicable: int
    implemented: tuple[str, ...]
    partly: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def percent(self) -> float:
        done = len(self.implemented) + len(self.partly)
        return 100 * done / self.applicable if self.applicable else 100.0


def coverage_rows() -> list[Coverage]:
    """Per year and kind: the DfE rules that apply to the files we load, and which of them we check."""
    rows = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        ours = rule_set(year)
        for kind, wanted in (("single-year", False), ("previous-year", True)):
            codes = sorted(
                (c for c in dfe_codes(year) if (c in PREVIOUS_YEAR) == wanted and c not in OUTSIDE_OUR_FILES),
                key=code_order,
            )
            rows.append(
                Coverage(
                    year,
                    kind,
                    len(codes),
                    tuple(c for c in codes if c in ours and not ours[c].partly),
                    tuple(c for c in codes if c in ours and ours[c].partly),
                    tuple(c for c in codes if c not in ours),
                )
            )
    return rows


def coverage_text() -> str:
    lines = ["year     kind           applicable implemented partly missing  covered  missing codes"]
    for row in coverage_rows():
        lines.append(
            f"{row.year - 1}/{row.year % 100:02d}  {row.kind:<14} {row.applicable:>10} "
            f"{len(row.implemented):>11} {len(row.partly):>6} {len(row.missing):>7} {row.percent:>7.1f}%  "
            + " ".join(row.missing)
        )
    return "\n".join(lines)


def rules_markdown() -> str:
    """The rule table of the documentation, generated from the registry (docs/rules.md)."""
    lines = [
        "# DfE validation rules checked on load",
        "",
        "Generated from `queries/dfe_rules` (`cpo rules --format markdown` prints it). Every rule is a",
        "finding: the return loads and the finding is reported with its DfE code; `cpo ingest --strict`",
        "rejects on findings too. Years are collection years (2025 = 2024/25).",
        "",
    ]
    lines += coverage_markdown()
    lines += [
        "",
        "## The rules",
        "",
        "| code | years | files | fields | message | notes |",
        "|---|---|---|---|---|---|",
    ]
    for rule in all_rules():
        years = rule_years(rule)
        span = f"{years[0]}-{years[-1]}" if years else "none"
        notes = "; ".join(n for n in ("previous year" if rule.previous else "", rule.partly) if n)
        message = rule.message.replace("|", "/")
        files = ", ".join(f"{t}.csv" for t in rule.tables)
        lines.append(f"| {rule.code} | {span} | {files} | {', '.join(rule.fields)} | {message} | {notes} |")
    return "\n".join(lines) + "\n"


def coverage_markdown() -> list[str]:
    """The coverage table of the documentation: per year, the DfE's rules on the files we load, and ours."""
    lines = [
        "## Coverage of the DfE's rules",
        "",
        "Of the DfE's rules of each year that read only the files we load (rules needing the Ofsted",
        "provider register, the postcode directory or the header's UASC flag are left out), how many we",
        "check in full, in part (the rule's notes say what is left out) and not at all",
        "(`cpo rules --format coverage`).",
        "",
        "| year | kind | applicable | implemented | partly | missing | covered | missing codes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in coverage_rows():
        lines.append(
            f"| {row.year - 1}/{row.year % 100:02d} | {row.kind} | {row.applicable} | {len(row.implemented)} "
            f"| {len(row.partly)} | {len(row.missing)} | {row.percent:.1f}% | {' '.join(row.missing)} |"
        )
    return lines


if __name__ == "__main__":
    print(coverage_text())
