"""Database schema: one SQLAlchemy Core table per file of the return (docs/returns.md), plus load records.

Column names are the return's in lower case (``DECOM`` becomes ``decom``) so that the same names serve
the database, the polars frames that `queries.extract` returns and every function in `metrics/`.
Child-level tables keep ``source_row``: the spreadsheet row the value came from, for the data-quality page.
Columns are in the order of ``metrics/data.py`` SCHEMAS (and of the data spec); a primary key that is not in
that order is declared apart. Every key and limit here is checked by validation first (`queries.rules`), so a
load that passes validation never fails on a constraint.
"""

from __future__ import annotations

from sqlalchemy import (
    DDL,
    Boolean,
    Column,
    Date,
    DateTime,
    Double,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
    Text,
    event,
)

metadata = MetaData()
# Tables no code path may empty or rewrite (the audit trail): kept apart from ``metadata``, whose tables a
# reset or a test may delete from, and created with it by `queries.engine.create_schema`.
append_only = MetaData()

CHILD = 10  # docs/returns.md: CHILD is 1-10 letters and digits
CODE = 6  # the longest statutory code is E4A-style or CREQB/LAREQ


def _child(primary_key: bool = False) -> Column[str]:  # noqa: FBT001, FBT002 - column factory
    return Column("child", String(CHILD), primary_key=primary_key, nullable=False)


def _source_row() -> Column[int]:
    return Column("source_row", Integer, nullable=False)


header = Table(
    "header",
    metadata,
    _child(primary_key=True),
    # Text: 1/2 up to 2023/24, M/F/U from 2024/25 (the DfE changed the list).
    Column("sex", String(1), nullable=False),
    Column("dob", Date, nullable=False),
    Column("ethnic", String(4), nullable=False),
    Column("upn", String(13)),
    Column("mother", Boolean),
    Column("mc_dob", Date),
    _source_row(),
)

episodes = Table(
    "episodes",
    metadata,
    _child(primary_key=True),
    Column("decom", Date, primary_key=True),
    Column("rne", String(1), nullable=False),
    Column("ls", String(2), nullable=False),
    Column("cin", String(2), nullable=False),
    Column("place", String(3), nullable=False),
    Column("place_provider", String(3)),
    Column("dec", Date),
    Column("rec", String(3)),
    Column("reason_place_change", String(CODE)),
    Column("home_post", String(8)),
    Column("pl_post", String(8)),
    Column("urn", String(12)),
    _source_row(),
    Index("ix_episodes_dec", "dec"),
)

reviews = Table(
    "reviews",
    metadata,
    _child(),
    Column("dob", Date, nullable=False),
    Column("review", Date, nullable=False),
    Column("review_code", String(3), nullable=False),
    _source_row(),
    PrimaryKeyConstraint("child", "review"),
)

missing = Table(
    "missing",
    metadata,
    _child(),
    Column("dob", Date, nullable=False),
    Column("missing", String(1), nullable=False),
    Column("mis_start", Date, nullable=False),
    Column("mis_end", Date),
    _source_row(),
    PrimaryKeyConstraint("child", "mis_start", "missing"),
    Index("ix_missing_mis_start", "mis_start"),
)

oc2 = Table(
    "oc2",
    metadata,
    _child(primary_key=True),
    Column("year", SmallInteger, primary_key=True),
    Column("dob", Date, nullable=False),
    Column("sdq_score", SmallInteger),
    Column("sdq_reason", String(4)),
    Column("convicted", Boolean),
    Column("health_check", Boolean),
    Column("immunisations", Boolean),
    Column("teeth_check", Boolean),
    Column("health_assessment", Boolean),
    Column("substance_misuse", Boolean),
    Column("intervention_received", Boolean),
    Column("intervention_offered", Boolean),
    _source_row(),
)

oc3 = Table(
    "oc3",
    metadata,
    _child(primary_key=True),
    Column("year", SmallInteger, primary_key=True),
    Column("dob", Date, nullable=False),
    Column("in_touch", String(4), nullable=False),
    Column("activ", String(2)),
    Column("accom", String(2)),
    _source_row(),
)

education = Table(
    "education",
    metadata,
    _child(primary_key=True),
    Column("year", SmallInteger, primary_key=True),
    Column("sessions_possible", Integer),
    Column("sessions_missed", Integer),
    Column("suspensions", SmallInteger),
    Column("permanent_exclusion", Boolean),
    Column("sen", String(1)),
    Column("ks2_expected", Boolean),
    Column("ks4_attainment8", Numeric(4, 1)),
    Column("school_moves", SmallInteger),
    _source_row(),
)

visits = Table(
    "visits",
    metadata,
    _child(primary_key=True),
    Column("visit_date", Date, primary_key=True),
    _source_row(),
)

leaver_support = Table(
    "leaver_support",
    metadata,
    _child(primary_key=True),
    Column("year", SmallInteger, primary_key=True),
    Column("pathway_plan", Boolean),
    Column("personal_adviser", Boolean),
    Column("staying_put", Boolean),
    _source_row(),
)

workforce = Table(
    "workforce",
    metadata,
    # MONTH (yyyy-mm) is stored as the first day of that month so that it sorts and compares as a date.
    Column("month", Date, primary_key=True),
    Column("sw_fte", Numeric(8, 2), nullable=False),
    Column("vacant_fte", Numeric(8, 2), nullable=False),
    Column("agency_fte", Numeric(8, 2), nullable=False),
    Column("leavers_fte", Numeric(8, 2), nullable=False),
    Column("open_cases", Integer, nullable=False),
    Column("supervisions_due", Integer, nullable=False),
    Column("supervisions_on_time", Integer, nullable=False),
    _source_row(),
)

population = Table(
    "population",
    metadata,
    Column("year", SmallInteger, primary_key=True),
    Column("children_under_18", Integer, nullable=False),
    _source_row(),
)

plan_targets = Table(
    "plan_targets",
    metadata,
    Column("indicator", String(64), primary_key=True),
    Column("year", SmallInteger, primary_key=True),
    Column("baseline", Numeric(12, 3)),
    Column("target", Numeric(12, 3), nullable=False),
    _source_row(),
)

comparators = Table(
    "comparators",
    metadata,
    Column("indicator", String(64), primary_key=True),
    Column("year", SmallInteger, primary_key=True),
    Column("area", String(64), primary_key=True),
    Column("value", Numeric(12, 3), nullable=False),
    Column("source", Text, nullable=False),
    _source_row(),
)

SERVICE_ID = 12  # as URN in episodes

services = Table(
    "services",
    metadata,
    Column("service_id", String(SERVICE_ID), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("provider", String(200)),
    Column("kind", String(24), nullable=False),
    Column("on_island", Boolean, nullable=False),
    Column("own_provision", Boolean, nullable=False),
    Column("capacity", Integer),
    Column("weekly_cost", Numeric(9, 2)),
    Column("contract_end", Date),
    Column("inspection_grade", String(24)),
    Column("inspection_date", Date),
    _source_row(),
)

inspections = Table(
    "inspections",
    metadata,
    Column("service_id", String(SERVICE_ID), primary_key=True),
    Column("date", Date, primary_key=True),
    Column("grade", String(24), nullable=False),
    _source_row(),
)

service_costs = Table(
    "service_costs",
    metadata,
    Column("service_id", String(SERVICE_ID), primary_key=True),
    Column("effective", Date, primary_key=True),
    Column("weekly_cost", Numeric(9, 2), nullable=False),
    _source_row(),
)

loads = Table(
    "loads",
    metadata,
    Column("load_id", Integer, primary_key=True, autoincrement=True),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Column("source", Text, nullable=False),
    # JSON text ({"header.csv": "sha256…", …} and {"header.csv": 72, …}) keeps both databases on one type.
    Column("checksums", Text, nullable=False),
    Column("row_counts", Text, nullable=False),
    Column("code_lists", Text, nullable=False),
    Column("warning_count", Integer, nullable=False),
)

load_findings = Table(
    "load_findings",
    metadata,
    Column("load_id", Integer, primary_key=True),
    Column("finding", Integer, primary_key=True),
    Column("severity", String(7), nullable=False),
    Column("file", String(64), nullable=False),
    Column("row", Integer),
    Column("column", String(64)),
    Column("value", Text),
    Column("rule", Text, nullable=False),
    Column("child", String(CHILD)),
    Column("code", String(24)),  # the DfE rule code (or ours, CPO-...), as a data officer looks it up
)

uasc = Table(
    "uasc",
    metadata,
    _child(primary_key=True),
    Column("sex", String(1), nullable=False),
    Column("dob", Date, nullable=False),
    Column("duc", Date),
    _source_row(),
)

ad1 = Table(
    "ad1",
    metadata,
    _child(primary_key=True),
    Column("dob", Date, nullable=False),
    Column("date_int", Date),
    Column("date_match", Date),
    Column("foster_care", Boolean),
    Column("nb_adoptr", String(4)),
    Column("sex_adoptr", String(4)),
    Column("ls_adoptr", String(4)),
    _source_row(),
)

placed_for_adoption = Table(
    "placed_for_adoption",
    metadata,
    _child(primary_key=True),
    Column("dob", Date, nullable=False),
    Column("date_placed", Date, primary_key=True),
    Column("date_placed_ceased", Date),
    Column("reason_placed_ceased", String(4)),
    _source_row(),
)

previous_permanence = Table(
    "previous_permanence",
    metadata,
    _child(primary_key=True),
    Column("dob", Date, nullable=False),
    Column("prev_perm", String(4)),
    Column("la_perm", String(10)),
    Column("date_perm", String(10)),
    _source_row(),
)

sw_episodes = Table(
    "sw_episodes",
    metadata,
    _child(),
    Column("dob", Date, nullable=False),
    Column("sw_id", String(20), nullable=False),
    Column("sw_decom", Date, nullable=False),
    Column("sw_dec", Date),
    Column("sw_reason", String(8)),
    _source_row(),
    PrimaryKeyConstraint("child", "sw_id", "sw_decom"),
)

dolo = Table(
    "dolo",
    metadata,
    _child(primary_key=True),
    Column("dob", Date, nullable=False),
    Column("dolo_start", Date, primary_key=True),
    Column("dolo_end", Date),
    _source_row(),
)

load_files = Table(
    "load_files",
    metadata,
    # One row a file of each load: what was loaded, for which collection year, rows and checksum.
    Column("load_id", Integer, primary_key=True),
    Column("file", String(64), primary_key=True),
    Column("kind", String(16), nullable=False),  # annual return, local files, full extract
    Column("collection_year", SmallInteger),
    Column("rows", Integer, nullable=False),
    Column("checksum", String(64)),
    Column("taken_from", Text),
)

# Results computed once per load (`queries.results`): a result set is one computation of the catalogue (its
# version) over one load's data set; its rows are the report frames by name ("staff", "public"; more frames
# may be added under new names). Derived data only: `queries.results` drops and recreates these two tables
# when their columns differ from the code's, and the next start recomputes them.
result_sets = Table(
    "result_sets",
    metadata,
    Column("result_set", Integer, primary_key=True, autoincrement=True),
    Column("load_id", Integer, nullable=False),
    Column("catalogue_version", String(64), nullable=False),
    Column("computed_at", DateTime(timezone=True), nullable=False),
    # JSON text, as in ``loads``: the quarter ends the results cover, and rows per frame.
    Column("reporting_dates", Text, nullable=False),
    Column("row_counts", Text, nullable=False),
    Index("ix_result_sets_load_version", "load_id", "catalogue_version"),
)

results = Table(
    "results",
    metadata,
    Column("result_set", Integer, primary_key=True),
    Column("frame", String(16), primary_key=True),
    Column("position", Integer, primary_key=True),  # the frame's row order
    Column("indicator", String(64), nullable=False),
    Column("title", Text, nullable=False),
    Column("theme", String(64), nullable=False),
    Column("owner", String(64), nullable=False),
    Column("unit", String(16), nullable=False),
    Column("polarity", String(16), nullable=False),
    Column("period_end", Date, nullable=False),
    Column("breakdown", String(64), nullable=False),
    Column("group", String(128), nullable=False),
    Column("numerator", Double),
    Column("denominator", Double),
    Column("value", Double),
    Column("ci_low", Double),
    Column("ci_high", Double),
    Column("target", Double),
    Column("baseline", Double),
    Column("status", String(16)),
    Column("comparators", Text),  # JSON list of {area, year, value, source}
    Column("suppressed", Text),  # JSON list of the cells withheld on this row
    Column("change", String(32)),  # the words of change, decided on the true figures (metrics.plain_english)
    # The plan's glide path at the period end, and how sure the status is (metrics.targets).
    Column("trajectory", Double),
    Column("on_trajectory", Boolean),
    Column("certainty", String(32)),
    # Early warning (metrics.early_warning): staff rows only, null on the public frame.
    Column("variation", String(32)),
    Column("assurance", String(32)),
    Column("worse_and_worsening", Boolean),
    Column("signal_rules", String(64)),  # the rules flagging the latest point, comma-separated
)

# Frames stored whole (Arrow IPC), for pages whose figures are not indicator rows: the Services page's, at
# every quarter end. ``audience``: JSON list of the roles that may read the frame, decided by the code that
# made it and enforced by `queries.results.read_whole_frames`.
result_frames = Table(
    "result_frames",
    metadata,
    Column("result_set", Integer, primary_key=True),
    Column("name", String(96), primary_key=True),
    Column("audience", Text, nullable=False),
    Column("body", LargeBinary, nullable=False),
)

RESULT_TABLES = (result_sets, results, result_frames)

# The files of a return, in load order, each with the table it fills. Order matters: header first.
RETURN_TABLES: dict[str, Table] = {
    "header.csv": header,
    "episodes.csv": episodes,
    "reviews.csv": reviews,
    "missing.csv": missing,
    "oc2.csv": oc2,
    "oc3.csv": oc3,
    "uasc.csv": uasc,
    "ad1.csv": ad1,
    "placed_for_adoption.csv": placed_for_adoption,
    "previous_permanence.csv": previous_permanence,
    "sw_episodes.csv": sw_episodes,
    "dolo.csv": dolo,
    "education.csv": education,
    "visits.csv": visits,
    "leaver_support.csv": leaver_support,
    "workforce.csv": workforce,
    "population.csv": population,
    "plan_targets.csv": plan_targets,
    "comparators.csv": comparators,
    "services.csv": services,
    "inspections.csv": inspections,
    "service_costs.csv": service_costs,
}


# The DfE files accumulate by collection year: every load's rows are kept by year in ``<table>_by_year``, and
# the table itself holds, for each key, the row of the latest collection year loaded (queries/load.py).
STATUTORY_TABLES = ("header", "episodes", "reviews", "missing", "oc2", "oc3", "uasc", "ad1",
                    "placed_for_adoption", "previous_permanence", "sw_episodes", "dolo")  # fmt: skip


def _by_year(table: Table) -> Table:
    key = [column.name for column in table.primary_key.columns]
    return Table(
        f"{table.name}_by_year",
        metadata,
        Column("collection_year", SmallInteger, nullable=False),
        *(Column(column.name, column.type, nullable=column.nullable) for column in table.columns),
        PrimaryKeyConstraint("collection_year", *key),
    )


BY_YEAR: dict[str, Table] = {
    name: _by_year(table)
    for name, table in ((t.name, t) for t in RETURN_TABLES.values())
    if name in STATUTORY_TABLES
}


# The audit trail (`queries.audit`): one row an event, appended, never changed. Both databases refuse an
# UPDATE or a DELETE (PostgreSQL a TRUNCATE too) with a trigger created with the table, so no code path of the
# app, and no one using the app's own database account by hand, can rewrite what happened.
audit_events = Table(
    "audit_events",
    append_only,
    Column("event_id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", Text, nullable=False),  # the signed-in user's email, "local view", or the OS user
    Column("role", String(64), nullable=False),  # a dashboard role, or "operator" for the command line
    Column("action", String(16), nullable=False),  # queries.audit.ACTIONS
    Column("target", Text, nullable=False),  # the page, the file downloaded, the folder loaded, ...
    Column("detail", Text, nullable=False),
    Column("children", Text, nullable=False),  # the pseudonymised child ids the page showed, comma separated
)

APPEND_ONLY_REFUSAL = "the audit trail is append-only"
_POSTGRESQL_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $body$ "
    f"BEGIN RAISE EXCEPTION '{APPEND_ONLY_REFUSAL}: % refused', TG_OP; END $body$",
    "CREATE OR REPLACE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
    "CREATE OR REPLACE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()",
)
_SQLITE_TRIGGERS = tuple(
    f"CREATE TRIGGER IF NOT EXISTS audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events "
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_REFUSAL}: {verb} refused'); END"
    for verb in ("UPDATE", "DELETE")
)
for _statement in _POSTGRESQL_TRIGGERS:
    # DDL formats its text with %: the one % of the message is doubled.
    event.listen(
        audit_events, "after_create", DDL(_statement.replace("%", "%%")).execute_if(dialect="postgresql")
    )
for _statement in _SQLITE_TRIGGERS:
    event.listen(audit_events, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
