"""The DfE's SSDA903 validation rules, declared once each with their DfE code, in polars.

`run_dfe_rules` checks the typed tables of a return against the rules of its collection year (2022/23 to
2026/27) and returns findings; `rule_set(year)` is that year's rules; `coverage_rows` compares them with the
DfE's list of the year; `rules_markdown` is the rule table of the documentation.
"""

from queries.dfe_rules.model import Context, DfeRule
from queries.dfe_rules.runner import run_dfe_rules
from queries.dfe_rules.years import FIRST_YEAR, LAST_YEAR, all_rules, rule_set, rule_years

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "Context",
    "DfeRule",
    "all_rules",
    "rule_set",
    "rule_years",
    "run_dfe_rules",
]
