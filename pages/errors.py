"""A page that cannot read its figures says so plainly; the detail goes to the server's log, never the screen.

With ``client.showErrorDetails = "none"`` Streamlit shows no traceback for a bug either; this catches the
expected failures (the database or a file is unavailable) and replaces the page with a notice and the time,
so a reader knows it is temporary. The next run tries again: nothing failed is ever cached.
"""

from __future__ import annotations

import logging
from datetime import datetime

import streamlit as st

from queries.availability import UNAVAILABLE

log = logging.getLogger("cpo.pages")

NOTICE = "The figures are not available just now; we are working on it."


def run_page(page: st.Page) -> None:
    """Run ``page`` (what `st.navigation` returned); on an unavailable database show the notice instead."""
    try:
        page.run()
    except UNAVAILABLE:
        log.exception("page %r could not read its data", getattr(page, "title", "?"))
        unavailable_notice()


def unavailable_notice() -> None:
    now = datetime.now().astimezone()
    st.header("Figures not available")
    st.warning(NOTICE, icon=":material/schedule:")
    st.markdown(f"Tried at {now:%H:%M} on {now:%-d %B %Y}. Please try again in a few minutes.")
