"""Methodology (everyone), generated from the catalogue, never written by hand.

Staff read the technical methodology: every indicator's definition with the return's files and columns, the
status rule and the disclosure rules. A signed-out or public visitor reads the public one
(`metrics.public_methodology`): a contents list, a plain definition of each public indicator (one theme at a
time, folded), how small numbers are protected, what c, x and z mean, and how often the figures change.
"""

from __future__ import annotations

import streamlit as st

from metrics.methodology import methodology_markdown
from metrics.public_methodology import contents, public_sections
from pages import data
from pages.session import Audience, require, run_page


@st.cache_data(show_spinner=False)
def _staff_markdown() -> str:
    return methodology_markdown()


def public_methodology() -> None:
    sections = public_sections(data.disclosure())
    st.title("How the figures are worked out")
    st.header("Contents")
    st.markdown(contents(sections))
    for section in sections:
        st.header(section.heading, anchor=section.anchor)
        if section.foldable:
            with st.expander("What each figure means"):
                st.markdown(section.body)
        else:
            st.markdown(section.body)


def render() -> None:
    viewer = require(Audience.ABOUT)
    record = data.current_load()
    if record is not None:
        st.caption(
            f"Figures on this dashboard come from the return loaded on {record['loaded_at']:%d %B %Y}."
        )
    if viewer.role.is_public:
        public_methodology()
    else:
        st.markdown(_staff_markdown())


if __name__ == "__main__":
    run_page(render)
