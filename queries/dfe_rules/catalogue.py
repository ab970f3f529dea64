"""Imports every rule module so that its rules are declared (one module per DfE file)."""

from queries.dfe_rules import (  # noqa: F401
    adoption,
    episodes,
    header,
    integrity,
    missing,
    oc2,
    oc3,
    permanence,
    previous_year,
    reviews,
    social_workers,
)
