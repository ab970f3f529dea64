"""Audit trail (analysts only): who signed in or was refused, viewed a child-level page, downloaded a file,
loaded a return or recomputed the results, as what role and when, newest first.

The events come from `queries.audit.audit_trail`, which refuses every role but the analyst's; this page also
refuses to render for anyone else. Children appear only as the pseudonymised ids the page of the event
showed. Viewing this page is itself an event (with how many children its rows name, not their ids again).
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from pages import auditing, data
from pages.session import Audience, require, run_page
from queries.audit import ACTIONS, audit_trail

SHOWN_EVENTS = 1000
ACTION_LABELS = {
    "sign_in": "Signed in",
    "refused": "Refused",
    "view": "Viewed a child-level page",
    "download": "Downloaded",
    "load": "Loaded a return",
    "recompute": "Recomputed the results",
}
COLUMNS = {
    "at": "When (UTC)",
    "actor": "Who",
    "role": "Role",
    "action": "What",
    "target": "Of",
    "detail": "Detail",
    "children": "Children shown",
}


def trail_table(trail: pl.DataFrame) -> pl.DataFrame:
    """The events as shown: the time to the second, the action in words."""
    return trail.select(
        pl.col("at").dt.strftime("%Y-%m-%d %H:%M:%S").alias(COLUMNS["at"]),
        *(pl.col(name).alias(COLUMNS[name]) for name in ("actor", "role")),
        pl.col("action").replace_strict(ACTION_LABELS, default=pl.col("action")).alias(COLUMNS["action"]),
        *(pl.col(name).alias(COLUMNS[name]) for name in ("target", "detail", "children")),
    )


def render() -> None:
    viewer = require(Audience.ANALYST)
    st.title("Audit trail")
    st.caption(
        "Every sign-in and refusal, every view of a child-level page, every download, every load and "
        f"recompute, newest first (the latest {SHOWN_EVENTS:,}). The trail is append-only: the database "
        "refuses to change or delete an event. Children are named only by the pseudonymised ids the page "
        "showed."
    )
    trail = audit_trail(data.engine(), str(viewer.role), limit=SHOWN_EVENTS)
    actions = st.multiselect(
        "What", list(ACTIONS), format_func=ACTION_LABELS.get, placeholder="Every kind of event"
    )
    shown = trail.filter(pl.col("action").is_in(actions)) if actions else trail
    named = {child for ids in shown.get_column("children").to_list() if ids for child in ids.split(",")}
    auditing.note(viewer, "view", "audit_trail", f"{shown.height} event(s) naming {len(named)} child(ren)")
    st.subheader(f"Events ({shown.height:,})")
    st.dataframe(trail_table(shown), hide_index=True, width="stretch")


if __name__ == "__main__":
    run_page(render)
