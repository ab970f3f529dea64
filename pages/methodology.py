"""Methodology (everyone): how every figure is defined, generated from the catalogue, never written by hand.

A signed-out or public visitor reads the methodology of the public indicators only, as on the published site.
"""

from __future__ import annotations

import streamlit as st

from metrics.methodology import methodology_markdown
from pages import data
from pages.session import Audience, require, run_page


@st.cache_data(show_spinner=False)
def _markdown(*, public_only: bool) -> str:
    return methodology_markdown(public_only=public_only)


def render() -> None:
    viewer = require(Audience.ABOUT)
    role = viewer.role
    record = data.current_load()
    if record is not None:
        st.caption(
            f"Figures on this dashboard come from the return loaded on {record['loaded_at']:%d %B %Y}."
        )
    st.markdown(_markdown(public_only=role.is_public))


if __name__ == "__main__":
    run_page(render)
