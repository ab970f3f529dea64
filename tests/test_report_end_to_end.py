"""End to end: the committed Jersey sample, ingested into SQLite and into the real PostgreSQL, reported by
`cpo report` for every role at two dates, gives identical figures on both databases; the public report has
no count from 1 to 4 and no child id."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import Engine, text

from cpo.cli import main
from metrics.catalogue import catalogue
from queries.ingest import ingest_return

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "jersey"
DATES = ("2025-03-31", "2025-12-31")
ROLES = ("public", "department:health", "department:childrens_social_care", "leadership", "analyst")


def load_sample(engine: Engine) -> None:
    report = ingest_return(SAMPLE, engine, known_indicators=list(catalogue()))
    assert report.ok, report


def sqlite_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def postgres_url(engine: Engine) -> str:
    """The fixture's URL plus its session schema, so that the command reads the same isolated tables."""
    with engine.connect() as connection:
        schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    return engine.url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )


def report_json(capsys, url: str, as_at: str, role: str) -> list[dict]:
    capsys.readouterr()
    code = main(["report", "--as-at", as_at, "--role", role, "--format", "json", "--database-url", url])
    out = capsys.readouterr().out
    assert code == 0
    return json.loads(out)


@pytest.mark.postgres
def test_sqlite_and_postgres_give_identical_reports_for_every_role(sqlite_engine, postgres_engine, capsys):
    load_sample(sqlite_engine)
    load_sample(postgres_engine)
    child_ids = set(pl.read_csv(SAMPLE / "header.csv", infer_schema=False).get_column("CHILD"))
    entries = catalogue()
    for as_at in DATES:
        for role in ROLES:
            on_sqlite = report_json(capsys, sqlite_url(sqlite_engine), as_at, role)
            on_postgres = report_json(capsys, postgres_url(postgres_engine), as_at, role)
            assert on_sqlite, (as_at, role)
            assert on_sqlite == on_postgres, (as_at, role)
            if role != "public":
                continue
            printed = json.dumps(on_sqlite)
            assert not child_ids & set(re.findall(r"[A-Za-z0-9]+", printed))
            for row in on_sqlite:
                assert entries[row["indicator"]].public
                if not entries[row["indicator"]].counts_children:
                    continue
                counts = (
                    [row["numerator"], row["denominator"]] if row["unit"] != "rate" else [row["numerator"]]
                )
                counts += [row["value"]] if row["unit"] == "count" else []
                assert not [n for n in counts if n is not None and 1 <= n <= 4], row
                assert row["breakdown"] not in ("ethnic_group", "location")


def test_table_and_csv_formats(sqlite_engine, capsys):
    load_sample(sqlite_engine)
    url = sqlite_url(sqlite_engine)
    capsys.readouterr()
    assert main(["report", "--as-at", "2025-03-31", "--database-url", url]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].startswith("Indicator")
    assert "cla_count" in table
    assert (
        main(
            ["report", "--as-at", "2025-03-31", "--role", "public", "--format", "csv", "--database-url", url]
        )
        == 0
    )
    rows = pl.read_csv(capsys.readouterr().out.encode(), infer_schema=False)
    assert rows.columns[:3] == ["indicator", "title", "theme"]
    assert "supervision_on_time_pct" not in rows.get_column("indicator").to_list()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--as-at", "31/03/2025"], "not a date"),
        (["--as-at", "2025-03-31", "--role", "mayor"], "unknown role"),
        (["--as-at", "2025-03-31"], "holds no return"),
    ],
)
def test_bad_input_exits_2_with_a_message(sqlite_engine, capsys, argv, message):
    assert main(["report", *argv, "--database-url", sqlite_url(sqlite_engine)]) == 2
    assert message in capsys.readouterr().err


def test_a_database_without_tables_exits_2(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'nothing.sqlite'}"
    assert main(["report", "--as-at", "2025-03-31", "--database-url", url]) == 2
    assert "cpo ingest" in capsys.readouterr().err


def test_the_public_report_is_exact_by_default_and_rounded_on_request(sqlite_engine, capsys):
    load_sample(sqlite_engine)
    url = sqlite_url(sqlite_engine)
    entries = catalogue()
    counts = {}
    for profile in ("exact", "rounded"):
        capsys.readouterr()
        argv = ["report", "--as-at", DATES[1], "--role", "public", "--format", "json", "--database-url", url]
        assert main([*argv, "--disclosure", profile]) == 0
        rows = json.loads(capsys.readouterr().out)
        if profile == "exact":
            exact_rows = rows
        counts[profile] = [
            row["numerator"]
            for row in rows
            if entries[row["indicator"]].counts_children
            and row["unit"] in ("percent", "count")
            and row["numerator"] is not None
        ]
        assert counts[profile], profile
        assert not [count for count in counts[profile] if 1 <= count <= 4], profile
    assert all(count % 5 == 0 for count in counts["rounded"])
    assert any(count % 5 != 0 for count in counts["exact"])
    # Without --disclosure (and no setting): the exact profile.
    default = report_json(capsys, url, DATES[1], "public")
    assert [row["numerator"] for row in default if row["indicator"] == "cla_count"] == [
        row["numerator"] for row in exact_rows if row["indicator"] == "cla_count"
    ]
