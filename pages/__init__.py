"""The dashboard's pages: render only (shared/design.md, "Rooms").

Every page module has a ``render()`` and ends with ``if __name__ == "__main__": ...``, so `dashboard.py` can
register the file with ``st.Page`` (Streamlit runs a page file as ``__main__``) while tests and other pages
import it as a module without drawing anything.

Why this file touches Streamlit's ``PagesManager``: a folder named ``pages/`` beside the entry script makes
Streamlit run a process's first script run in its old "pages folder" mode, which lists every file of this
folder in the sidebar and can open one directly, bypassing `dashboard.py`, until some run calls
``st.navigation``. The first import of this package records that and switches the mode off for every later
run; `pages.session.ensure_navigation_mode` then reruns the first run through `dashboard.py`. (Each page
also checks the role itself, so even that first run never shows a page to the wrong role.)
"""

from streamlit.runtime.pages_manager import PagesManager


def _leave_pages_folder_mode() -> bool:
    started_in_folder_mode = bool(PagesManager.uses_pages_directory)
    PagesManager.uses_pages_directory = False
    return started_in_folder_mode


first_run_in_pages_folder_mode = _leave_pages_folder_mode()
