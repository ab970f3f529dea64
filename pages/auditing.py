"""What the pages put on the audit trail (`queries.audit`): sign-ins and refusals, views of child-level pages,
downloads. Who is the signed-in user's email, else the kind of session (a local or demo view, a signed-out
visitor); the role is the session's; children are only the pseudonymised ids the page itself showed.

Streamlit builds a download when its button is clicked, off the script run, so `noted_download` takes the
engine and the viewer at render time and writes the event when the file is built: a download that is never
clicked is never noted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import streamlit as st

from pages import data
from queries.audit import AuditEvent, record
from queries.availability import UNAVAILABLE

if TYPE_CHECKING:
    from pages.session import Viewer

log = logging.getLogger("cpo.pages")

ANONYMOUS = {"signed_out": "signed-out visitor", "local": "local view", "demo": "demo view"}
_NOTED_SIGN_IN = "_cpo_audit_sign_in"


def actor(viewer: Viewer) -> str:
    return viewer.user if viewer.source == "signed_in" and viewer.user else ANONYMOUS.get(viewer.source, "?")


def event(
    viewer: Viewer, action: str, target: str, detail: str = "", children: Iterable[str] = ()
) -> AuditEvent:
    ids = tuple(str(child) for child in children if child)
    return AuditEvent(actor(viewer), str(viewer.role), action, target, detail, ids)


def note(viewer: Viewer, action: str, target: str, detail: str = "", children: Iterable[str] = ()) -> None:
    """Put one event on the trail now (a failing database fails the page, as every read does)."""
    record(data.engine(), event(viewer, action, target, detail, children))


def note_sign_in(viewer: Viewer) -> None:
    """Once a session: a signed-in user's sign-in, or its refusal (not in the roles file, a broken file).

    Called before any page draws, so a database that is down is logged here and the page says so itself.
    """
    if viewer.source != "signed_in" or st.session_state.get(_NOTED_SIGN_IN) == viewer.user:
        return
    action, detail = ("refused", viewer.problem) if viewer.problem else ("sign_in", "")
    try:
        note(viewer, action, "sign-in", detail or "")
    except UNAVAILABLE:
        log.exception("the sign-in of %r could not be put on the audit trail", viewer.user)
        return
    st.session_state[_NOTED_SIGN_IN] = viewer.user


def noted_download(
    viewer: Viewer, file_name: str, build: Callable[[], bytes], children: Iterable[str] = ()
) -> Callable[[], bytes]:
    """``build`` for a download button's deferred ``data``, putting the download on the trail when it runs."""
    engine, noted = data.engine(), event(viewer, "download", file_name, children=children)

    def built() -> bytes:
        content = build()
        record(engine, noted)
        return content

    return built
