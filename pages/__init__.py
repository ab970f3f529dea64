"""The dashboard's pages: render only (shared/design.md, "Rooms").

Every page module has a ``render()`` and ends with ``if __name__ == "__main__": render()``, so `dashboard.py`
can register the file with ``st.Page`` (Streamlit runs a page file as ``__main__``) while tests and other
pages import it as a module without drawing anything.
"""
