"""`cpo serve`: the Streamlit command it runs, and the role and database it passes on."""

from __future__ import annotations

import argparse
import subprocess

from cpo import serve_command
from cpo.cli import build_parser


def test_serve_runs_the_dashboard_on_the_loopback_address_headless(tmp_path):
    command = serve_command.streamlit_command(tmp_path / "dashboard.py", 8600)

    assert command[1:4] == ["-m", "streamlit", "run"]
    assert command[4] == str(tmp_path / "dashboard.py")
    options = dict(zip(command[5::2], command[6::2], strict=True))
    assert options == {
        "--server.address": "127.0.0.1",
        "--server.port": "8600",
        "--server.headless": "true",
        "--browser.gatherUsageStats": "false",
    }


def test_the_dashboard_script_is_found_beside_the_packages():
    script = serve_command.dashboard_script()

    assert script.name == "dashboard.py"
    assert (script.parent / "pages" / "overview.py").is_file()


def test_serve_passes_database_url_and_role_to_the_dashboard(monkeypatch):
    calls = []

    def fake_call(command, *, cwd, env):
        calls.append((command, cwd, env))
        return 0

    monkeypatch.setattr(subprocess, "call", fake_call)
    args = build_parser().parse_args(
        [
            "serve",
            "--database-url",
            "sqlite:////tmp/x.sqlite",
            "--port",
            "8700",
            "--role",
            "department:health",
        ]
    )

    assert args.run(args) == 0
    (command, cwd, env), *_ = calls
    assert env["DATABASE_URL"] == "sqlite:////tmp/x.sqlite"
    assert env["CPO_ROLE"] == "department:health"
    assert "8700" in command
    assert cwd == serve_command.dashboard_script().parent


def test_an_unknown_role_is_refused_before_anything_starts(monkeypatch, capsys):
    monkeypatch.setattr(subprocess, "call", lambda *a, **k: (_ for _ in ()).throw(AssertionError("started")))
    args = argparse.Namespace(database_url=None, port=8501, role="superuser")

    assert serve_command.run(args) == 2
    assert "unknown role" in capsys.readouterr().err
