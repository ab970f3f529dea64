"""Indicator functions, one module per theme; importing this package registers them all."""

import importlib

THEME_MODULES = (
    "stability", "education", "health", "justice_missing", "care_leavers", "voice", "workforce",
    "social_work",
)  # fmt: skip

for _module in THEME_MODULES:
    try:
        importlib.import_module(f"metrics.indicators.{_module}")
    except ModuleNotFoundError as missing:  # a theme not written yet during development
        if missing.name != f"metrics.indicators.{_module}":
            raise
