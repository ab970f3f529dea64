"""The type hints are checked, not decoration: mypy, strict on metrics/, queries/ and cpo/, runs in the test
suite. Its settings (which folders, strict mode, the one untyped library) are ``[tool.mypy]`` in
pyproject.toml.
"""

from __future__ import annotations

from pathlib import Path

from mypy import api

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = PROJECT_ROOT / "pyproject.toml"


def mypy(*arguments: str) -> tuple[str, int]:
    """mypy's report and exit status with the project's configuration (0 clean, 1 errors, 2 crashed)."""
    report, errors, status = api.run(["--config-file", str(PYPROJECT), *arguments])
    return report + errors, status


def test_the_checked_rooms_have_no_type_errors(monkeypatch):
    monkeypatch.chdir(PROJECT_ROOT)  # the configured folders are relative to the project
    report, status = mypy()
    assert status == 0, report


def test_the_checker_finds_a_wrong_type(tmp_path, monkeypatch):
    """The configuration is strict enough to catch what it is there for: a value used as the wrong type
    and a function without annotations."""
    monkeypatch.chdir(PROJECT_ROOT)
    wrong = tmp_path / "wrong.py"
    wrong.write_text(
        'def half(n: int) -> int:\n    return n / 2\n\n\ndef untyped(x):\n    return half("2")\n'
    )
    report, status = mypy("--cache-dir", str(tmp_path / "cache"), str(wrong))
    assert status == 1, report
    assert "[return-value]" in report
    assert "[no-untyped-def]" in report
    assert "[arg-type]" in report
