"""Imports every rule module so that its rules are declared (one module per DfE file)."""

from queries.dfe_rules import (  # noqa: F401
    episodes,
    header,
    missing,
    oc2,
    oc3,
    reviews,
)
