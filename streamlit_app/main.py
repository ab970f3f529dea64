"""Streamlit's entry script: it runs the dashboard, ``dashboard.py`` in the project folder.

The entry sits in a folder of its own because Streamlit switches to its legacy multipage layout whenever a
folder named ``pages/`` is beside the entry script (see ``dashboard.py``).
"""

import runpy
from pathlib import Path

import cpo  # noqa: F401  first, before polars: how its allocator returns memory (cpo/__init__.py)

runpy.run_path(str(Path(__file__).resolve().parent.parent / "dashboard.py"), run_name="__main__")
