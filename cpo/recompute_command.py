"""`cpo recompute [--database-url URL]`: recompute the results stored with the latest load.

Run it after upgrading the code of the indicator catalogue (`metrics/`): it computes every indicator at every
reporting date for the latest load's data set with this code and stores the results under this code's
catalogue version, in one transaction (readers keep the previous results until it commits). The dashboard,
`cpo report` and `cpo publish` do the same on their first start when they find no results of their version,
so running it is only a way to pay that cost at a time of your choosing.

Exit 0 on success (the version and rows stored are printed); 2 when nothing is loaded or the database cannot
be used.
"""

from __future__ import annotations

import argparse
import json
import sys

from sqlalchemy.exc import SQLAlchemyError

from metrics.report import CatalogueResults
from queries.engine import create_schema, make_engine
from queries.results import current_result_set, recompute

DONE, USAGE = 0, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url", help="database URL (else DATABASE_URL, else the embedded SQLite file)"
    )


def run(args: argparse.Namespace) -> int:
    builder = CatalogueResults()
    engine = make_engine(args.database_url)
    try:
        create_schema(engine)
        result_set = recompute(engine, builder)
        record = None if result_set is None else current_result_set(engine, builder.version)
    except SQLAlchemyError as error:
        print(f"cpo recompute: cannot use the database: {str(error).splitlines()[0]}", file=sys.stderr)
        return USAGE
    finally:
        engine.dispose()
    if record is None:
        print("cpo recompute: no return is loaded; run `cpo ingest DIR` first", file=sys.stderr)
        return USAGE
    print(
        f"cpo recompute: stored result set {record['result_set']} for load {record['load_id']}, catalogue "
        f"version {builder.version}, {len(record['reporting_dates'])} reporting dates, rows "
        + json.dumps(record["row_counts"], sort_keys=True)
    )
    return DONE
