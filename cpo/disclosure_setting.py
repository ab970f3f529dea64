"""Which disclosure profile the command line publishes with: ``--disclosure``, else the project setting.

The setting is ``disclosure`` under ``[cpo]`` in ``.streamlit/secrets.toml`` (the file the dashboard reads),
so that the dashboard's public pages, `cpo report --role public` and `cpo publish` agree; without either, the
default profile (exact counts, 1 to 4 withheld).
"""

from __future__ import annotations

import argparse
import tomllib
from pathlib import Path

from metrics.disclosure import PROFILES, DisclosureConfig

SECRETS_FILE = Path(".streamlit") / "secrets.toml"


def add_disclosure_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--disclosure",
        choices=PROFILES,
        help="public figures: exact counts with 1 to 4 withheld (exact, the default) or counts rounded to "
        "the nearest 5 (rounded); else [cpo] disclosure in .streamlit/secrets.toml",
    )


def configured_profile(secrets_file: Path = SECRETS_FILE) -> str | None:
    if not secrets_file.is_file():
        return None
    with secrets_file.open("rb") as handle:
        profile: str | None = tomllib.load(handle).get("cpo", {}).get("disclosure")
    return profile


def disclosure_config(args: argparse.Namespace) -> DisclosureConfig:
    return DisclosureConfig.named(getattr(args, "disclosure", None) or configured_profile())
