"""The dashboard as an ASGI application: `streamlit_app/main.py` behind `cpo.server_guard` (`cpo serve`).

``streamlit run cpo/server_app.py`` finds ``app`` and serves it; an ASGI server (``uvicorn
cpo.server_app:app``) can serve it too, for example behind a reverse proxy with several replicas.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from cpo.server_guard import ServerGuard

DASHBOARD = Path(__file__).resolve().parent.parent / "streamlit_app" / "main.py"

app = st.App(DASHBOARD, middleware=[Middleware(ServerGuard)])
