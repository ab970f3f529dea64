"""`cpo serve`: the Streamlit command it runs, and the role and database it passes on."""

from __future__ import annotations

import argparse
import subprocess

from cpo import serve_command


def test_serve_runs_the_dashboard_on_the_loopback_address_headless(tmp_path):
    command = serve_command.streamlit_command(tmp_path / "app.py", 8600)

    assert command[1:4] == ["-m", "streamlit", "run"]
    assert command[4] == str(tmp_path / "app.py")
    options = dict(zip(command[5::2], command[6::2], strict=True))
    assert options == {
        "--server.address": "127.0.0.1",
        "--server.port": "8600",
        "--server.headless": "true",
        "--browser.gatherUsageStats": "false",
    }


def test_the_dashboard_script_is_found_beside_the_packages():
    script = serve_command.dashboard_script()

    assert script.parts[-2:] == ("streamlit_app", "main.py")
    assert (serve_command.project_folder() / "pages" / "overview.py").is_file()
    # No pages/ folder beside the entry point: Streamlit's legacy multipage layout never starts.
    assert not (script.parent / "pages").exists()


def test_serve_passes_database_url_and_role_to_the_dashboard(monkeypatch):
    calls = []

    class FakeServer:
        def __init__(self, command, *, cwd, env):
            calls.append((command, cwd, env))

        def wait(self):
            return 0

    monkeypatch.setattr(subprocess, "Popen", FakeServer)
    parser = argparse.ArgumentParser(prog="cpo serve")
    serve_command.add_arguments(parser)
    args = parser.parse_args(
        ["--database-url", "sqlite:////tmp/x.sqlite", "--port", "8700", "--role", "department:health"]
    )

    assert serve_command.run(args) == 0
    (command, cwd, env), *_ = calls
    assert env["DATABASE_URL"] == "sqlite:////tmp/x.sqlite"
    assert env["CPO_ROLE"] == "department:health"
    assert "8700" in command
    assert cwd == serve_command.project_folder()


def test_an_unknown_role_is_refused_before_anything_starts(monkeypatch, capsys):
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: (_ for _ in ()).throw(AssertionError("started")))
    args = argparse.Namespace(database_url=None, port=8501, role="superuser")

    assert serve_command.run(args) == 2
    assert "unknown role" in capsys.readouterr().err


def test_cpo_lists_serve_with_its_options():
    from cpo.cli import build_parser

    args = build_parser().parse_args(["serve", "--port", "8702"])

    assert args.port == 8702
    assert args.run is serve_command.run


def test_stopping_cpo_serve_stops_the_server(tmp_path):
    """SIGTERM to `cpo serve` reaches Streamlit: nothing is left listening."""
    import os
    import signal
    import socket
    import sys
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cpo.cli",
            "serve",
            "--port",
            str(port),
            "--database-url",
            f"sqlite:///{tmp_path}/x",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    health = f"http://127.0.0.1:{port}/_stcore/health"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(health, timeout=2).close()
                break
            except OSError:
                time.sleep(0.3)
        else:
            raise AssertionError("the server did not start")
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=30)
        time.sleep(0.5)
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", port)) != 0
    finally:
        if serve.poll() is None:
            os.kill(serve.pid, signal.SIGKILL)
