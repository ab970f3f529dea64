"""Results stored per load: the catalogue computed once, read by every page and command for their role.

A **result set** is one computation of the catalogue (identified by its ``catalogue_version``) over the data
set of one load; its rows (table ``results``) are the frames the builder returns, by name: ``staff`` (every
row leadership and analysts see) and one disclosure-controlled frame per profile (``public``, exact counts,
the default; ``public-rounded``). A frame the builder returns as ``(frame, audience)`` is stored whole instead
(table ``result_frames``, Arrow IPC), readable only by the roles of its ``audience``: the Services page's
frames, which are not indicator rows. The builder is passed in by the caller
(`metrics.report.CatalogueResults`): this room talks to the database and never imports `metrics/`.

- `store_results` computes and writes a result set through the caller's connection, inside its transaction:
  a load calls it after writing the return, so the data and its results commit (or roll back) together.
- `recompute` does the same for the latest load in a transaction of its own (``cpo recompute``, and the
  first start of a new catalogue version through `ensure_results`).
- `read_whole_frames` returns the whole frames under a name prefix whose audience holds the role.
- `read_results` returns only what a role may see, decided here: the public reads the public frame of its
  disclosure profile and nothing else; ``department:<owner>`` reads the staff rows of the indicators it owns
  plus the headline rows of the context indicators; leadership and analysts read the staff frame. Rows of
  another catalogue version are never returned: the caller names its version, and a missing one reads as
  None (compute, then read).

Rows are written and read in bulk (`queries.bulk`: ``COPY`` on PostgreSQL), and every writer of results
(a load, a recompute) first takes one transaction-scoped advisory lock, so two replicas starting a new
version at once compute it once, and a recompute never labels a new load's data with the previous load's
id.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any, Protocol

import polars as pl
from sqlalchemy import Connection, Engine, and_, delete, insert, inspect, or_, select

from queries.audit import OPERATOR, AuditEvent, operator_actor, record_in
from queries.bulk import read_rows, write_rows
from queries.extract import polars_type, read_care_data_on
from queries.schema import RESULT_TABLES, loads, result_frames, result_sets, results

STAFF, PUBLIC = "staff", "public"
DEFAULT_DISCLOSURE = "exact"
STAFF_ROLES = ("leadership", "analyst")
ALL = "all"  # the breakdown and group of an indicator's headline row (metrics.tidy.ALL)
CONTEXT = "context"  # the polarity of the context indicators every department sees as headlines
# Any fixed number: the key of the PostgreSQL advisory lock that writers of results take.
RESULTS_LOCK = 7_180_313
KEY_COLUMNS = ("result_set", "frame", "position")
ROW_COLUMNS = [column.name for column in results.columns if column.name not in KEY_COLUMNS]
ROW_SCHEMA = {name: polars_type(results.c[name].type) for name in ROW_COLUMNS}


# A frame stored whole, and the roles (as `metrics.roles.Role` writes them) that may read it.
WholeFrame = tuple[pl.DataFrame, tuple[str, ...]]


class ResultsBuilder(Protocol):
    """Computes the stored results from a data set's tables (keyed by table name, as `read_care_data`
    gives them): the reporting dates covered and the frames by name, list columns already JSON text; a frame
    given with its audience is stored whole."""

    version: str

    def __call__(
        self, tables: Mapping[str, pl.DataFrame]
    ) -> tuple[list[date], Mapping[str, pl.DataFrame | WholeFrame]]: ...


def lock_results(connection: Connection) -> None:
    """Serialise writers of results until ``connection``'s transaction ends (PostgreSQL; SQLite has one
    writer at a time anyway)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({RESULTS_LOCK})")


def _ensure_tables(connection: Connection) -> None:
    """Create the results tables, or recreate them when their columns are not the code's: they hold derived
    data only, so a new column (or frame) costs a recompute, never a migration."""
    inspector = inspect(connection)
    stale = [
        table
        for table in RESULT_TABLES
        if inspector.has_table(table.name)
        and {column["name"] for column in inspector.get_columns(table.name)} != set(table.columns.keys())
    ]
    if stale:
        for table in reversed(RESULT_TABLES):
            table.drop(connection, checkfirst=True)
    for table in RESULT_TABLES:
        table.create(connection, checkfirst=True)


def _tables_current(connection: Connection) -> bool:
    inspector = inspect(connection)
    return all(
        inspector.has_table(table.name)
        and {column["name"] for column in inspector.get_columns(table.name)} == set(table.columns.keys())
        for table in RESULT_TABLES
    )


def _latest_load_id(connection: Connection) -> int | None:
    if not inspect(connection).has_table(loads.name):
        return None
    return connection.execute(select(loads.c.load_id).order_by(loads.c.load_id.desc()).limit(1)).scalar()


def store_results(
    connection: Connection,
    load_id: int,
    builder: ResultsBuilder,
    data: Mapping[str, pl.DataFrame] | None = None,
) -> int:
    """Compute the results of the data set ``connection`` sees (read through it, so a load's own uncommitted
    rows, unless the load hands it over as ``data``) and store them as load ``load_id``'s; returns the new
    result set's id.

    Result sets of earlier loads, and earlier ones of this load at this version, are deleted in the same
    transaction (readers keep seeing them until it commits); those of other versions for this load are kept,
    so a replica still running the previous code during an upgrade is not made to recompute.
    """
    lock_results(connection)
    _ensure_tables(connection)
    reporting_dates, built = builder(read_care_data_on(connection) if data is None else data)
    frames = {name: frame for name, frame in built.items() if isinstance(frame, pl.DataFrame)}
    whole = {name: frame for name, frame in built.items() if not isinstance(frame, pl.DataFrame)}
    result_set: int = connection.execute(
        insert(result_sets)
        .values(
            load_id=load_id,
            catalogue_version=builder.version,
            computed_at=datetime.now(UTC),
            reporting_dates=json.dumps([day.isoformat() for day in reporting_dates]),
            row_counts=json.dumps({name: frame.height for name, frame in frames.items()}, sort_keys=True),
        )
        .returning(result_sets.c.result_set)
    ).scalar_one()
    superseded = select(result_sets.c.result_set).where(
        (result_sets.c.result_set != result_set)
        & ((result_sets.c.load_id != load_id) | (result_sets.c.catalogue_version == builder.version))
    )
    gone = list(connection.execute(superseded).scalars())
    if gone:
        connection.execute(delete(results).where(results.c.result_set.in_(gone)))
        connection.execute(delete(result_frames).where(result_frames.c.result_set.in_(gone)))
        connection.execute(delete(result_sets).where(result_sets.c.result_set.in_(gone)))
    for name, frame in frames.items():
        rows = frame.select(
            pl.lit(result_set, dtype=pl.Int64).alias("result_set"),
            pl.lit(name).alias("frame"),
            pl.int_range(pl.len(), dtype=pl.Int64).alias("position"),
            *ROW_COLUMNS,
        )
        write_rows(connection, results, rows)
    if whole:
        # A few dozen small frames: one executemany, their bodies as binary parameters.
        connection.execute(
            insert(result_frames),
            [
                {
                    "result_set": result_set,
                    "name": name,
                    "audience": json.dumps(sorted(audience)),
                    "body": _ipc(frame),
                }
                for name, (frame, audience) in whole.items()
            ],
        )
    return result_set


def _ipc(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_ipc(buffer, compression="zstd")
    return buffer.getvalue()


def recompute(
    engine: Engine, builder: ResultsBuilder, *, only_if_missing: bool = False, actor: str | None = None
) -> int | None:
    """Compute and store the results of the latest load with ``builder``'s version; returns the result set,
    or None when nothing is loaded (or, with ``only_if_missing``, when this version's results exist).

    The recompute is on the audit trail (`queries.audit`) as ``actor`` (default: ``cpo recompute`` and the
    operating-system user), committed with the results."""
    with engine.begin() as connection:
        lock_results(connection)
        load_id = _latest_load_id(connection)
        if load_id is None:
            return None
        if only_if_missing and _result_set_row(connection, load_id, builder.version) is not None:
            return None
        result_set = store_results(connection, load_id, builder)
        done = f"result set {result_set}, catalogue version {builder.version}"
        event = AuditEvent(
            actor or operator_actor("cpo recompute"), OPERATOR, "recompute", f"load {load_id}", done
        )
        record_in(connection, event)
        return result_set


def ensure_results(engine: Engine, builder: ResultsBuilder, *, actor: str | None = None) -> bool:
    """Make sure the latest load has results of ``builder``'s version; True when they had to be computed
    (on the audit trail as ``actor``, default the first reader of a new catalogue version)."""
    with engine.connect() as connection:
        load_id = _latest_load_id(connection)
        if load_id is None:
            return False
        if _tables_current(connection) and _result_set_row(connection, load_id, builder.version) is not None:
            return False
    actor = actor or operator_actor("first read of a new catalogue version")
    return recompute(engine, builder, only_if_missing=True, actor=actor) is not None


def _result_set_row(connection: Connection, load_id: int, version: str) -> dict[str, Any] | None:
    if not _tables_current(connection):
        return None
    row = (
        connection.execute(
            select(result_sets)
            .where((result_sets.c.load_id == load_id) & (result_sets.c.catalogue_version == version))
            .order_by(result_sets.c.result_set.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    record = dict(row)
    record["reporting_dates"] = [date.fromisoformat(day) for day in json.loads(record["reporting_dates"])]
    record["row_counts"] = json.loads(record["row_counts"])
    return record


def current_result_set(engine: Engine, version: str) -> dict[str, Any] | None:
    """The latest load's result set of ``version`` (id, load, when computed, reporting dates, rows per
    frame), or None when there is none: results of another version are never offered."""
    with engine.connect() as connection:
        load_id = _latest_load_id(connection)
        return None if load_id is None else _result_set_row(connection, load_id, version)


def read_whole_frames(engine: Engine, role: str, version: str, prefix: str) -> dict[str, pl.DataFrame] | None:
    """The latest load's whole frames named ``prefix``... that ``role`` may read (those whose audience holds
    it; the others are not read at all), by name; None when the latest load has no results of ``version``."""
    with engine.connect() as connection:
        load_id = _latest_load_id(connection)
        record = None if load_id is None else _result_set_row(connection, load_id, version)
        if record is None:
            return None
        named = (result_frames.c.result_set == record["result_set"]) & result_frames.c.name.startswith(
            prefix, autoescape=True
        )
        allowed = [
            name
            for name, audience in connection.execute(
                select(result_frames.c.name, result_frames.c.audience).where(named)
            )
            if role in json.loads(audience)
        ]
        if not allowed:
            return {}
        bodies = connection.execute(
            select(result_frames.c.name, result_frames.c.body).where(
                named & result_frames.c.name.in_(allowed)
            )
        )
        return {name: pl.read_ipc(io.BytesIO(body)) for name, body in bodies}


def public_frame(disclosure: str) -> str:
    """The stored frame of the public figures under a disclosure profile: ``public`` for the default
    (``exact``), ``public-<profile>`` for another (the names `metrics.report.stored_frames` writes)."""
    return PUBLIC if disclosure == DEFAULT_DISCLOSURE else f"{PUBLIC}-{disclosure}"


def _rows_for_role(role: str, disclosure: str) -> tuple[str, Any]:
    """The frame ``role`` reads and the condition its rows must meet (None: every row of the frame)."""
    if role == PUBLIC:
        return public_frame(disclosure), None
    if role in STAFF_ROLES:
        return STAFF, None
    kind, _, owner = role.partition(":")
    if kind == "department" and owner:
        # metrics.roles: a department sees what it owns, and the headline of every context indicator.
        context_headline = and_(results.c.polarity == CONTEXT, results.c.breakdown == ALL)
        return STAFF, or_(results.c.owner == owner, context_headline)
    raise PermissionError(f"unknown role {role!r}: no results are read for it")


def read_results(
    engine: Engine,
    role: str,
    version: str,
    period_ends: list[date] | None = None,
    *,
    disclosure: str = DEFAULT_DISCLOSURE,
) -> pl.DataFrame | None:
    """The latest load's stored rows that ``role`` may see (columns `ROW_COLUMNS`, the frame's order),
    optionally only at ``period_ends``; None when the latest load has no results of ``version``. The public
    reads the frame of the ``disclosure`` profile (staff frames have no profile: nothing is withheld)."""
    frame, condition = _rows_for_role(role, disclosure)
    with engine.connect() as connection:
        load_id = _latest_load_id(connection)
        record = None if load_id is None else _result_set_row(connection, load_id, version)
        if record is None:
            return None
        where = [results.c.result_set == record["result_set"], results.c.frame == frame]
        if condition is not None:
            where.append(condition)
        if period_ends is not None:
            where.append(results.c.period_end.in_(period_ends))
        statement = (
            select(*(results.c[name] for name in ROW_COLUMNS)).where(*where).order_by(results.c.position)
        )
        return read_rows(connection, statement, ROW_SCHEMA)
