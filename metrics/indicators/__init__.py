"""Indicator functions, one module per theme; importing this package registers them all."""

import importlib

THEME_MODULES = (
    # social_work is the last entry of the stability theme (social worker changes): it follows stability.
    "stability", "social_work", "education", "health", "justice_missing", "care_leavers", "voice",
    "workforce",
)  # fmt: skip

for _module in THEME_MODULES:
    try:
        importlib.import_module(f"metrics.indicators.{_module}")
    except ModuleNotFoundError as missing:  # a theme not written yet during development
        if missing.name != f"metrics.indicators.{_module}":
            raise
