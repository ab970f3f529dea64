"""The audit trail: appended and read back on both databases, refused to every role but the analyst, and
never changed: both databases refuse an UPDATE or a DELETE (PostgreSQL a TRUNCATE too) with a trigger."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DBAPIError

from queries.audit import AuditEvent, audit_trail, operator_actor, record
from queries.ingest import ingest_return
from queries.results import recompute
from queries.schema import APPEND_ONLY_REFUSAL, audit_events
from tests.queries.mini_return import write_mini_return

AT = datetime(2025, 6, 1, 9, 30, tzinfo=UTC)


def _count(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(audit_events)).scalar_one()


def _marker(request) -> str:
    # The PostgreSQL session keeps its audit rows across tests (nothing may delete them): name ours.
    return f"test {request.node.name}"


def test_an_event_is_appended_and_read_back_newest_first(engine, request):
    actor = _marker(request)
    record(engine, AuditEvent(actor, "analyst", "view", "data_quality", "2 findings", ("C2", "C1", "C2")), AT)
    record(engine, AuditEvent(actor, "analyst", "download", "load_1_findings.csv"), AT)

    trail = audit_trail(engine, "analyst").filter(actor=actor)
    assert trail.select("action", "target", "detail", "children").rows() == [
        ("download", "load_1_findings.csv", "", ""),
        ("view", "data_quality", "2 findings", "C1,C2"),
    ]
    assert trail["at"].to_list() == [AT, AT]


@pytest.mark.parametrize("role", ["public", "leadership", "department:health", "operator"])
def test_the_trail_is_refused_to_every_role_but_the_analyst(engine, role):
    with pytest.raises(PermissionError):
        audit_trail(engine, role)


def test_an_unknown_action_is_refused():
    with pytest.raises(ValueError, match="unknown audit action"):
        AuditEvent("someone", "analyst", "erase", "audit_events")


@pytest.mark.parametrize(
    "statement",
    [
        update(audit_events).values(actor="someone else"),
        delete(audit_events),
    ],
    ids=["update", "delete"],
)
def test_the_database_refuses_to_change_or_delete_an_event(engine, request, statement):
    record(engine, AuditEvent(_marker(request), "analyst", "view", "data_quality"), AT)
    before = _count(engine)

    with pytest.raises(DBAPIError, match=APPEND_ONLY_REFUSAL), engine.begin() as connection:
        connection.execute(statement)
    assert _count(engine) == before


@pytest.mark.postgres
def test_postgresql_refuses_to_truncate_the_trail(postgres_engine, request):
    record(postgres_engine, AuditEvent(_marker(request), "analyst", "view", "data_quality"), AT)

    with pytest.raises(DBAPIError, match=APPEND_ONLY_REFUSAL), postgres_engine.begin() as connection:
        connection.execute(text("TRUNCATE audit_events"))
    assert _count(postgres_engine) >= 1


def test_a_command_names_itself_and_its_user():
    assert operator_actor("cpo ingest").startswith("cpo ingest (")


class EmptyBuilder:
    """Results of no indicator: enough to store a result set, and fast."""

    version = "audit-test"

    def __call__(self, tables):
        return [], {}


def _events_of(engine, actor: str) -> list[tuple[str, str, str]]:
    trail = audit_trail(engine, "analyst").filter(actor=actor)
    return [(row["action"], row["role"], row["detail"]) for row in trail.iter_rows(named=True)][::-1]


def test_every_load_rejection_and_recompute_is_on_the_trail(engine, request, tmp_path):
    actor = _marker(request)
    good = write_mini_return(tmp_path / "good")
    bad = write_mini_return(tmp_path / "bad", header_csv="CHILD,SEX,DOB,ETHNIC\nC1,9,01/05/2010,WBRI\n")

    assert not ingest_return(bad, engine, as_of=date(2025, 6, 1), actor=actor).loaded
    report = ingest_return(good, engine, as_of=date(2025, 6, 1), actor=actor, results=EmptyBuilder())
    assert report.loaded, report.to_text()
    result_set = recompute(engine, EmptyBuilder(), actor=actor)

    events = _events_of(engine, actor)
    assert [action for action, _, _ in events] == ["load", "load", "recompute"]
    assert {role for _, role, _ in events} == {"operator"}
    assert events[0][2].startswith("rejected: ")
    assert events[1][2].startswith(f"load {report.load_id}: ")
    assert events[2][2] == f"result set {result_set}, catalogue version audit-test"
