"""The dashboard's pages: render only (README, "Layout").

Every page module has a ``render()`` and ends with ``if __name__ == "__main__": ...``, so `dashboard.py` can
register the file with ``st.Page`` (Streamlit runs a page file as ``__main__``) while tests and other pages
import it as a module without drawing anything.

Why this file touches Streamlit's ``PagesManager``: a folder named ``pages/`` beside the entry script makes
Streamlit run a process's first script run in its old "pages folder" mode, which lists every file of this
folder in the sidebar and runs the file the address names directly, bypassing `dashboard.py` and its
role-based navigation. The first import of this package (which every page makes) switches that mode off and
reruns at once, so even the first run goes through `dashboard.py`. Each page also checks the role itself, so
no run ever shows a page to the wrong role.
"""

from streamlit.runtime.pages_manager import PagesManager


def _leave_pages_folder_mode() -> bool:
    """Switch the "pages folder" mode off; True if this run was started in it."""
    started_in_folder_mode = bool(PagesManager.uses_pages_directory)
    PagesManager.uses_pages_directory = False
    return started_in_folder_mode


if _leave_pages_folder_mode():
    import streamlit as st

    st.rerun()  # inside a script run: start it again, now through dashboard.py
