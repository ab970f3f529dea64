"""Imports every rule module so that its rules are declared (one module per DfE file)."""

from queries.dfe_rules import header  # noqa: F401
