"""Which of our DfE rules apply in each collection year: 2022/23's set, then each year's changes.

The way the DfE (and the Data to Insight validator) publishes a new year: the previous year's rules plus what
was added, what was changed (a new version of the rule, declared with that year as its ``edition``) and what
was removed. Years are collection years ending 31 March (2025 = 2024/25).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from queries.dfe_rules.model import DfeRule, declared

FIRST_YEAR = 2023
LAST_YEAR = 2027


@dataclass(frozen=True)
class YearChange:
    year: int
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


CHANGES: tuple[YearChange, ...] = (
    YearChange(
        2024,
        added=(
            "217t",
            "230",
            "347",
            "1016",
            "SW01STG1",
            "SW02STG1",
            "SW03STG1",
            "SW04STG1",
            "SW05STG1",
            "SW06STG2",
            "SW07STG2",
            "SW08STG2",
            "SW09STG2",
            "SW10STG2",
            "SW11aSTG2",
            "SW11bSTG2",
            "SW13STG1",
            "SW14STG2",
        ),
        changed=(
            "222",
            "370",
            "371",
        ),
        removed=(),
    ),
    YearChange(
        2025,
        added=(
            "231",
            "232",
            "SW01aSTG1",
            "SW01bSTG1",
        ),
        changed=(
            "101",
            "146",
            "174",
            "218",
            "222",
            "371",
            "393",
            "607",
            "612",
            "SW07STG2",
            "SW10STG2",
            "SW13STG1",
        ),
        removed=(
            "217t",
            "230",
            "370",
            "445",
            "451",
            "555",
            "556",
            "SW01STG1",
            "SW03STG1",
            "SW11aSTG2",
            "SW14STG2",
        ),
    ),
    YearChange(
        2026,
        added=(
            "233",
            "234",
            "348",
            "444",
            "SW17STG2",
        ),
        changed=(
            "146",
            "178",
            "213",
            "218",
            "222",
            "226",
            "383",
            "526",
        ),
        removed=(),
    ),
    YearChange(
        2027,
        added=(),
        changed=(),
        removed=(),
    ),
)


@cache
def _declarations() -> dict[tuple[str, int], DfeRule]:
    # the rule modules declare their rules when imported
    from queries.dfe_rules import catalogue  # noqa: F401

    return {(rule.code, rule.edition): rule for rule in declared()}


@cache
def all_rules() -> tuple[DfeRule, ...]:
    """Every declared rule version, in code order."""
    return tuple(sorted(_declarations().values(), key=lambda rule: (code_order(rule.code), rule.edition)))


def code_order(code: str) -> tuple[str, int, str]:
    """Codes in the DfE's order: 101 before 1000, 503A before 503B, then the lettered codes."""
    match = re.match(r"(\D*)(\d*)(.*)", code)
    prefix, number, rest = match.groups() if match else (code, "", "")
    return (prefix, int(number) if number else 0, rest)


@cache
def rule_set(year: int) -> dict[str, DfeRule]:
    """The rules of collection ``year``, by code."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"no DfE rules for collection year {year}: {FIRST_YEAR} to {LAST_YEAR}")
    declarations = _declarations()
    rules = {code: rule for (code, edition), rule in declarations.items() if edition == FIRST_YEAR}
    for change in CHANGES:
        if change.year > year:
            break
        for code in change.removed:
            del rules[code]
        for code in (*change.added, *change.changed):
            rules[code] = declarations[(code, change.year)]
    return rules


def rule_years(rule: DfeRule) -> tuple[int, ...]:
    """The collection years in which this version of the rule applies."""
    return tuple(year for year in range(FIRST_YEAR, LAST_YEAR + 1) if rule_set(year).get(rule.code) is rule)
