"""`cpo serve`: start the dashboard (``streamlit run streamlit_app/main.py``) on this machine.

The database URL reaches the dashboard as ``DATABASE_URL`` and the local role as ``CPO_ROLE``; with neither,
the dashboard opens the embedded SQLite database (this command loads the committed sample return into it on
first start) in the demo's leadership view. Where sign-in is configured (``[auth]`` in
``.streamlit/secrets.toml``) the role comes from sign-in instead and ``--role`` is ignored.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import signal
import subprocess
import sys
from pathlib import Path

from metrics.report import CatalogueResults
from metrics.roles import Role
from queries.bootstrap import ensure_loaded
from queries.engine import DEFAULT_SQLITE_PATH, database_url, make_engine
from sample_data.generator import SAMPLE_RETURN_DIR

DEFAULT_PORT = 8501


def dashboard_script() -> Path:
    """``streamlit_app/main.py``, found as Python finds it (source tree or installed wheel), not run."""
    spec = importlib.util.find_spec("streamlit_app.main")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("streamlit_app/main.py is not installed beside the cpo package")
    return Path(spec.origin)


def project_folder() -> Path:
    """Where the server runs, so Streamlit reads the ``.streamlit/`` settings (and secrets) there: the folder
    holding ``streamlit_app/``."""
    return dashboard_script().parent.parent


def server_app() -> Path:
    """``cpo/server_app.py``: the dashboard behind the server guard (headers, refused control messages)."""
    return Path(__file__).resolve().parent / "server_app.py"


def streamlit_command(script: Path, port: int) -> list[str]:
    return [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip


def load_sample_if_embedded(url: str | None) -> None:
    """On the embedded SQLite default with nothing loaded yet, load the committed sample return."""
    resolved = database_url(url)
    if resolved != f"sqlite:///{DEFAULT_SQLITE_PATH}":
        return
    engine = make_engine(resolved)
    try:
        ensure_loaded(engine, SAMPLE_RETURN_DIR, results=CatalogueResults())
    finally:
        engine.dispose()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url", help="database URL (else DATABASE_URL, else the embedded SQLite file)"
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT})"
    )
    parser.add_argument(
        "--role",
        help="the view to show when sign-in is not configured: public, department:<owner>, leadership "
        "(the default) or analyst",
    )


def run(args: argparse.Namespace) -> int:
    environment = dict(os.environ)
    if args.database_url:
        environment["DATABASE_URL"] = args.database_url
    if args.role:
        try:
            environment["CPO_ROLE"] = str(Role.parse(args.role))
        except ValueError as error:
            print(f"cpo serve: {error}", file=sys.stderr)
            return 2
    load_sample_if_embedded(environment.get("DATABASE_URL"))
    folder = project_folder()
    print(f"Corporate Parenting Outcomes: http://127.0.0.1:{args.port}", file=sys.stderr)
    server = subprocess.Popen(streamlit_command(server_app(), args.port), cwd=folder, env=environment)
    # Stopping `cpo serve` stops the server too (a service manager sends SIGTERM to this process only).
    previous = signal.signal(signal.SIGTERM, lambda signum, _frame: server.send_signal(signum))
    try:
        return server.wait()
    except KeyboardInterrupt:  # Ctrl-C reaches the server as well; wait for it to finish
        return 0 if server.wait() in (0, -signal.SIGINT) else 1
    finally:
        signal.signal(signal.SIGTERM, previous)
