"""The rooms of the design (README, "Code layout") are contracts the test run checks, not habits.

import-linter reads the contracts from ``[tool.importlinter]`` in pyproject.toml and follows indirect imports
too, so a room cannot reach a forbidden one through a third module. ``dashboard.py`` is a script, which
import-linter cannot name as a source, so its imports are read here.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from importlinter.cli import lint_imports

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DASHBOARD_MAY_IMPORT = {"__future__", "streamlit", "pages", "metrics"}


def test_room_contracts_are_kept(capsys, monkeypatch):
    monkeypatch.chdir(PROJECT_ROOT)
    config = str(PROJECT_ROOT / "pyproject.toml")
    exit_code = lint_imports(config_filename=config, no_cache=True, no_logo=True)
    assert exit_code == 0, capsys.readouterr().out


def imported_top_levels(source: str) -> set[str]:
    """The top-level names a module imports, wherever in the module the import sits."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.partition(".")[0])
    return names


def test_imported_top_levels_sees_imports_inside_functions():
    source = "import os.path\nfrom a.b import c\ndef f():\n    from sample_data import x\n"
    assert imported_top_levels(source) == {"os", "a", "sample_data"}


def test_dashboard_imports_only_streamlit_and_the_pages():
    imported = imported_top_levels((PROJECT_ROOT / "dashboard.py").read_text(encoding="utf-8"))
    outside = imported - DASHBOARD_MAY_IMPORT - sys.stdlib_module_names
    assert not outside, sorted(outside)


def streamlit_modules(source: str) -> set[str]:
    """The Streamlit modules a module imports, wherever in the module the import sits."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return {name for name in names if name.partition(".")[0] == "streamlit"}


def test_streamlit_modules_sees_a_private_import_inside_a_function():
    source = (
        "import streamlit as st\ndef f():\n    from streamlit.runtime.pages_manager import PagesManager\n"
    )
    assert streamlit_modules(source) == {"streamlit", "streamlit.runtime.pages_manager"}


def test_the_screen_uses_only_streamlits_public_api():
    """Streamlit's internals (``streamlit.runtime`` and the like) change without notice between releases."""
    screen = [
        PROJECT_ROOT / "dashboard.py",
        PROJECT_ROOT / "streamlit_app" / "main.py",
        *sorted((PROJECT_ROOT / "pages").glob("*.py")),
    ]
    private = {
        path.name: streamlit_modules(path.read_text(encoding="utf-8")) - {"streamlit"} for path in screen
    }
    assert not {name: modules for name, modules in private.items() if modules}
