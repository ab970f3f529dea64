"""The reader of the EES open-data standard (tests/ees_standard.py) accepts a file pair that follows the
standard and names each breach of one that does not: every check has an example it fails on."""

from __future__ import annotations

from pathlib import Path

import pytest
from ees_standard import NotTheStandard, read_ees

GOOD_DATA = (
    "time_period,time_identifier,geographic_level,country_code,country_name,sex,pupil_count,pupil_percent\n"
    """202324,Financial year,National,z,Jersey,Total,60,100.0
202324,Financial year,National,z,Jersey,Female,28,46.7
202324,Financial year,National,z,Jersey,Male,c,c
202425,Financial year,National,z,Jersey,Total,58,x
"""
)
GOOD_META = (
    "col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp,filter_hint,filter_grouping_column\n"
    """sex,Filter,Sex,,,,Filter by sex,
pupil_count,Indicator,Number of pupils,,,0,,
pupil_percent,Indicator,Percentage of pupils,,%,1,,
"""
)
SEX_ROW = "sex,Filter,Sex,,,,Filter by sex,\n"


def write(folder: Path, data: str = GOOD_DATA, meta: str = GOOD_META, name: str = "pupils.csv") -> Path:
    path = folder / name
    path.write_text(data, encoding="utf-8")
    path.with_name(name.removesuffix(".csv") + ".meta.csv").write_text(meta, encoding="utf-8")
    return path


def test_a_file_pair_that_follows_the_standard_reads_with_numbers_and_symbols(tmp_path):
    read = read_ees(write(tmp_path))
    assert read.filters == ["sex"]
    assert read.indicators == ["pupil_count", "pupil_percent"]
    assert read.rows.get_column("pupil_count").to_list() == [60.0, 28.0, None, 58.0]
    assert read.rows.get_column("pupil_count_symbol").to_list() == [None, None, "c", None]


BREACHES = {
    "file name": (dict(name="Pupils Data.csv"), "a file name"),
    "mandatory column": (
        dict(data=GOOD_DATA.replace("country_code,", "").replace("National,z,", "National,")),
        "mandatory column country_code",
    ),
    "column name": (dict(data=GOOD_DATA.replace("pupil_count", "Pupil count")), "snake case"),
    "mixed time identifiers": (
        dict(data=GOOD_DATA.replace("202425,Financial year", "2025,Calendar year")),
        "not of one kind",
    ),
    "digits": (dict(data=GOOD_DATA.replace("202425,", "2024,")), "is not 6 digits"),
    "consecutive years": (dict(data=GOOD_DATA.replace("202425,", "202426,")), "consecutive"),
    "geographic level": (dict(data=GOOD_DATA.replace("National", "Island")), "is not a level"),
    "level columns": (dict(data=GOOD_DATA.replace("National", "Regional")), "need the column region_code"),
    "country": (dict(data=GOOD_DATA.replace(",z,Jersey,Male", ",,Jersey,Male")), "country code and name"),
    "metadata columns": (dict(meta=GOOD_META.replace("filter_hint,", "hint,")), "metadata columns"),
    "col_type": (dict(meta=GOOD_META.replace("sex,Filter", "sex,Category")), "neither Filter nor Indicator"),
    "label": (dict(meta=GOOD_META.replace("Filter,Sex,", "Filter,,")), "a label"),
    "unit": (dict(meta=GOOD_META.replace(",%,1", ",percent,1")), "not one of the standard's"),
    "decimal places": (dict(meta=GOOD_META.replace(",%,1", ",%,one")), "not a whole number"),
    "filter with indicator fields": (
        dict(meta=GOOD_META.replace("sex,Filter,Sex,,,", "sex,Filter,Sex,,%,")), "no indicator fields"
    ),
    "undescribed column": (dict(meta=GOOD_META.replace(SEX_ROW, "")), "neither described"),
    "described column missing": (dict(meta=GOOD_META + "fsm,Filter,FSM,,,,,\n"), "no such column"),
    "time column described": (dict(meta=GOOD_META + "time_period,Filter,Year,,,,,\n"), "not described"),
    "indicator cell": (dict(data=GOOD_DATA.replace("Male,c,c", "Male,fewer than 5,c")), "neither a number"),
    "empty indicator cell": (dict(data=GOOD_DATA.replace("Male,c,c", "Male,,c")), "neither a number"),
    "empty filter item": (dict(data=GOOD_DATA.replace("Jersey,Female,", "Jersey,,")), "needs an item"),
    "repeated observation": (dict(data=GOOD_DATA.replace("Female", "Total")), "the same observation"),
}  # fmt: skip


@pytest.mark.parametrize("breach", list(BREACHES))
def test_each_breach_of_the_standard_is_named(tmp_path, breach):
    arguments, words = BREACHES[breach]
    with pytest.raises(NotTheStandard) as raised:
        read_ees(write(tmp_path, **arguments))
    assert any(words in problem for problem in raised.value.problems), raised.value.problems


def test_a_data_file_without_its_metadata_file_is_refused(tmp_path):
    path = tmp_path / "pupils.csv"
    path.write_text(GOOD_DATA, encoding="utf-8")
    with pytest.raises(NotTheStandard, match="missing"):
        read_ees(path)


def test_a_grouping_column_needs_no_metadata_row_of_its_own(tmp_path):
    data = GOOD_DATA.replace(",sex,", ",breakdown_topic,breakdown,").replace(
        "Jersey,Total,", "Jersey,Total,Total,"
    )
    data = data.replace("Jersey,Female,", "Jersey,Sex,Female,").replace("Jersey,Male,", "Jersey,Sex,Male,")
    meta = GOOD_META.replace("sex,Filter,Sex,,,,Filter by sex,", "breakdown,Filter,Group,,,,,breakdown_topic")
    read = read_ees(write(tmp_path, data=data, meta=meta))
    assert set(read.filters) == {"breakdown", "breakdown_topic"}
