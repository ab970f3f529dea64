"""The audit trail: who signed in or was refused, viewed a child-level page, downloaded a file, loaded a
return or recomputed the results, as what role, and when.

Events are only ever appended (`record`): this module has no update and no delete, and the table's triggers
(`queries.schema.audit_events`) refuse both on SQLite and PostgreSQL. An event names children only by the
pseudonymised ids the page itself showed (``children``), never by anything else about them. The trail names
children, so it is read for the analyst's role only (`audit_trail`), as the load findings are.
"""

from __future__ import annotations

import getpass
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import polars as pl
from sqlalchemy import Connection, Engine, insert, select

from queries.schema import audit_events

ANALYST = "analyst"
OPERATOR = "operator"  # the role of a command run on the server (cpo ingest, cpo recompute, cpo serve)
ACTIONS = ("sign_in", "refused", "view", "download", "load", "recompute")
_HAS_TABLE: weakref.WeakSet[Engine] = weakref.WeakSet()  # engines whose database has the table
TRAIL_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "event_id": pl.Int64,
    "at": pl.Datetime("us", "UTC"),
    "actor": pl.String,
    "role": pl.String,
    "action": pl.String,
    "target": pl.String,
    "detail": pl.String,
    "children": pl.String,
}


@dataclass(frozen=True)
class AuditEvent:
    """One thing that happened: ``actor`` did ``action`` to ``target`` as ``role``."""

    actor: str
    role: str
    action: str
    target: str
    detail: str = ""
    children: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"unknown audit action {self.action!r}: one of {', '.join(ACTIONS)}")


def operator_actor(command: str) -> str:
    """The actor of a command run on the server: the command and the operating-system user running it."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # a container user without a name
        user = "unknown user"
    return f"{command} ({user})"


def event_row(event: AuditEvent, at: datetime | None = None) -> dict[str, Any]:
    return {
        "at": at or datetime.now(UTC),
        "actor": event.actor,
        "role": event.role,
        "action": event.action,
        "target": event.target,
        "detail": event.detail,
        "children": ",".join(sorted(set(event.children))),
    }


def record_in(connection: Connection, event: AuditEvent, at: datetime | None = None) -> None:
    """Append ``event`` inside the caller's transaction (a load's event commits, or rolls back, with it).

    The table (and its triggers) is created first when a database made before the trail has none, checked
    once per engine: the check is a catalogue query, dearer than the insert itself."""
    if connection.engine not in _HAS_TABLE:
        audit_events.create(connection, checkfirst=True)
        _HAS_TABLE.add(connection.engine)
    connection.execute(insert(audit_events).values(event_row(event, at)))


def record(engine: Engine, event: AuditEvent, at: datetime | None = None) -> None:
    """Append ``event`` in a transaction of its own."""
    with engine.begin() as connection:
        record_in(connection, event, at)


def audit_trail(engine: Engine, role: str, *, limit: int = 1000) -> pl.DataFrame:
    """The latest ``limit`` events, newest first: for the analyst's audit page only (they name children)."""
    if role != ANALYST:
        raise PermissionError(
            f"the audit trail names children: only the {ANALYST} role may read it, not {role!r}"
        )
    columns = [audit_events.c[name] for name in TRAIL_SCHEMA]
    with engine.connect() as connection:
        rows = connection.execute(
            select(*columns).order_by(audit_events.c.event_id.desc()).limit(limit)
        ).all()
    # SQLite gives back naive datetimes (written in UTC by `event_row`), read here as UTC: one frame for both.
    return pl.DataFrame([tuple(row) for row in rows], schema=TRAIL_SCHEMA, orient="row")
