"""The dashboard's pages: render only (README, "Layout").

Every page module has a ``render()`` and ends with ``if __name__ == "__main__": ...``, so `dashboard.py`
can register the file with ``st.Page`` (Streamlit runs a page file as ``__main__``) while tests and other
pages import it as a module without drawing anything.

The entry point is not beside this folder on purpose: Streamlit reads a ``pages/`` folder next to the entry
point as its legacy multipage layout, which would run these files directly, bypassing the navigation and its
role gate (see `dashboard.py`).
"""
