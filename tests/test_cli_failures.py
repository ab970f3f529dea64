"""A command that cannot use its database ends in one clear line and an exit code, never a traceback."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _cpo(*arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cpo.cli", *arguments], capture_output=True, text=True, timeout=120, env=env
    )


@pytest.mark.parametrize(
    "command",
    [
        ["report", "--as-at", "2025-03-31"],
        ["publish", "--out", "{tmp}/site"],
    ],
)
def test_a_stopped_database_gives_one_line_and_exit_2(command, tmp_path):
    url = f"postgresql+psycopg://nobody:secret@127.0.0.1:{_closed_port()}/none"
    arguments = [part.replace("{tmp}", str(tmp_path)) for part in command]
    result = _cpo(*arguments, "--database-url", url)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"cpo {command[0]}: ")
    assert "secret" not in result.stderr  # the password is never printed
