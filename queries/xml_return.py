"""The DfE's XML format of the SSDA903 return, turned into the CSV text of each file it holds.

One ``<CHILD>`` element a child: its ``<HEADER>`` holds the header items (``CHILDID`` is CHILD), the care
leaver items (IN_TOUCH, ACTIV, ACCOM: oc3), the adoption items (DATE_INT...: ad1), the UASC items, and the
repeated groups ``AREVIEW`` (reviews), ``AMISSING`` (missing), ``OC2``, ``PERMANENCE`` (previous permanence),
``AD_PLACED`` (placed for adoption); each ``<EPISODE>`` beside it is an episode (``PL`` is PLACE). Social
worker episodes and deprivation of liberty, where present, are groups named ``SW_EPISODE`` and ``DOLO``. The
CSV text
then goes through exactly the checks a CSV return does, so a row number in a finding counts the rows of
that table (the header row is 1), not the lines of the XML.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import polars as pl

from queries.report import finding_frame
from queries.rules import FILES

RENAMED = {"CHILDID": "CHILD", "PL": "PLACE"}
HEADER_GROUPS = {
    "AREVIEW": "reviews.csv",
    "AMISSING": "missing.csv",
    "OC2": "oc2.csv",
    "PERMANENCE": "previous_permanence.csv",
    "AD_PLACED": "placed_for_adoption.csv",
    "SW_EPISODE": "sw_episodes.csv",
    "SWEPISODE": "sw_episodes.csv",
    "DOLO": "dolo.csv",
}
CHILD_GROUPS = {"EPISODE": "episodes.csv", **HEADER_GROUPS}
# A file present for every child whenever one of these items is given.
MARKERS = {"oc3.csv": "IN_TOUCH", "ad1.csv": "DATE_INT", "uasc.csv": "DUC"}
ALWAYS = ("header.csv", "episodes.csv", "reviews.csv", "missing.csv", "oc2.csv", "oc3.csv")


def _columns(file: str) -> list[str]:
    return [column.label for column in FILES[file].columns if column.name != "year"]


def _leaves(element: ET.Element) -> dict[str, str]:
    """The element's own items (children without children of their own), blanks left out."""
    return {
        RENAMED.get(item.tag.upper(), item.tag.upper()): item.text.strip()
        for item in element
        if len(item) == 0 and item.text is not None and item.text.strip()
    }


def read_xml_return(path: Path) -> tuple[dict[str, bytes], list[pl.DataFrame]]:
    """The CSV bytes of each file the XML return at ``path`` holds, and why it cannot be read if not."""
    rows: dict[str, list[dict[str, str]]] = {file: [] for file in FILES if FILES[file].statutory}
    try:
        for _, element in ET.iterparse(path, events=("end",)):
            header = element.find("HEADER") if element.tag.upper() == "CHILD" else None
            if header is None:
                continue
            _read_child(element, header, rows)
            element.clear()  # bounded memory: a child at a time
    except (ET.ParseError, OSError) as error:
        return {}, [finding_frame(path.name, "FILE_NOT_XML", detail=str(error))]
    tables = {}
    for file, records in rows.items():
        if not records and file not in ALWAYS:
            continue
        buffer = io.StringIO(newline="")
        writer = csv.DictWriter(buffer, fieldnames=_columns(file), extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
        tables[file] = buffer.getvalue().encode("utf-8")
    return tables, []


def _read_child(element: ET.Element, header: ET.Element, rows: dict[str, list[dict[str, str]]]) -> None:
    items = _leaves(header)
    rows["header.csv"].append(items)
    for file, marker in MARKERS.items():
        if marker in items or (file == "uasc.csv" and items.get("UASC") == "1"):
            rows[file].append(items)
    child: dict[str, str] = {name: items[name] for name in ("CHILD", "DOB") if name in items}
    for group in (*header, *element):
        group_file = CHILD_GROUPS.get(group.tag.upper())
        if group_file is None or len(group) == 0:
            continue
        rows[group_file].append({**child, **_leaves(group)})
