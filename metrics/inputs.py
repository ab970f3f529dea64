"""Which indicators are "not available" because a file was never loaded.

The data spec: an indicator whose input file was never loaded has no value (``x``, "not available", with the
reason), never a rejection of the return. A local authority may load its statutory return without the local
files (education.csv, visits.csv, ...), or the local files alone; then the indicators that read a missing
file say which file is missing instead of showing a figure computed from an empty table (a leaver without a
leaver_support.csv row would otherwise count as having no pathway plan).
"""

from __future__ import annotations

from collections.abc import Iterable

from metrics.catalogue import catalogue
from metrics.data import not_available_reason


def input_files() -> dict[str, tuple[str, ...]]:
    """Each indicator's files, as its declaration says (``reads``)."""
    return {entry.id: entry.reads for entry in catalogue().values()}


def not_available(loaded_files: Iterable[str] | None, indicator_ids: Iterable[str]) -> dict[str, str]:
    """The indicators of ``indicator_ids`` that read a file never loaded, each with its reason
    ("not available: education.csv not loaded"). ``loaded_files`` None (not known) makes every one available;
    an indicator whose files are not declared here is taken as available."""
    if loaded_files is None:
        return {}
    loaded = set(loaded_files)
    files = input_files()
    reasons = {}
    for indicator_id in indicator_ids:
        missing = [file for file in files.get(indicator_id, ()) if file not in loaded]
        if missing:
            reasons[indicator_id] = not_available_reason(missing)
    return reasons
