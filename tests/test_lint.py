"""The code is kept to the project's ruff rules (pyproject.toml); this makes the test run the gate."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _ruff() -> str:
    found = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if found is None:
        pytest.fail("ruff is not installed: install the dev extra (pip install -e '.[dev]')")
    return found


@pytest.mark.parametrize("arguments", [["check", "."], ["format", "--check", "."]], ids=["check", "format"])
def test_ruff_is_clean(arguments):
    result = subprocess.run([_ruff(), *arguments], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
