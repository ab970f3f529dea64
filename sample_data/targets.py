"""Plan targets: placeholder until baselines are computed."""
from __future__ import annotations
import polars as pl

def plan_targets(frames: dict[str, pl.DataFrame]) -> dict[str, list]:
    return {"INDICATOR": [], "YEAR": [], "BASELINE": [], "TARGET": []}
