"""What the dashboard's server adds to every answer, and the browser messages it refuses.

An ASGI middleware in front of Streamlit (registered through the public ``st.App(..., middleware=...)`` in
`cpo.server_app`), so no reverse proxy is needed for these guarantees; a proxy may add more.

- **Headers** on every HTTP answer: the page may not be framed by another site (``frame-ancestors 'none'``
  and ``X-Frame-Options: DENY``, against clickjacking), nothing is sniffed as another type, no referrer
  leaves the site, and a content-security policy that the dashboard's own pages satisfy: scripts, styles,
  fonts, images and connections from this server only (Streamlit's charts need ``'unsafe-eval'`` for
  Vega's expression parser and inline styles; nothing is ever fetched from another host).
- **Closed endpoints**: ``/_stcore/metrics`` (session and cache statistics of every user) answers 404.
- **Control messages refused**: Streamlit lets any browser session send ``clear_cache`` (which empties
  the caches of *every* user, and makes the next pages recompute), ``set_run_on_save`` and
  ``load_git_info``. A reader of the dashboard has no use for them, so they are dropped before Streamlit
  sees them; everything else passes unchanged.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("cpo.server")

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "frame-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    )
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
CLOSED_PATHS = ("/_stcore/metrics",)
REFUSED_MESSAGES = frozenset({"clear_cache", "set_run_on_save", "load_git_info"})
STREAM_PATH = "/_stcore/stream"


def message_type(frame: bytes) -> str | None:
    """The kind of a browser-to-server message (a Streamlit ``BackMsg``), or None if it is not one."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    message = BackMsg()
    try:
        message.ParseFromString(frame)
    except Exception:  # a frame that is not a message: Streamlit itself closes the connection
        return None
    return message.WhichOneof("type")


class ServerGuard:
    """The middleware: headers on HTTP answers, closed endpoints, refused control messages."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] == "http":
            if path.rstrip("/").endswith(CLOSED_PATHS):
                await _not_found(send)
                return
            await self.app(scope, receive, _with_headers(send))
        elif scope["type"] == "websocket" and path.endswith(STREAM_PATH):
            await self.app(scope, _without_refused(receive), send)
        else:
            await self.app(scope, receive, send)


def _with_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            present = {bytes(name).lower() for name, _ in message.get("headers", [])}
            added = [
                (name.encode(), value.encode())
                for name, value in SECURITY_HEADERS.items()
                if name.encode() not in present
            ]
            message["headers"] = [*message.get("headers", []), *added]
        await send(message)

    return sending


def _without_refused(receive: Receive) -> Receive:
    async def receiving() -> Message:
        while True:
            message = await receive()
            frame = message.get("bytes") if message["type"] == "websocket.receive" else None
            kind = message_type(frame) if frame else None
            if kind not in REFUSED_MESSAGES:
                return message
            log.warning("refused a %s message from a browser session", kind)

    return receiving


async def _not_found(send: Send) -> None:
    body = b"Not found"
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    headers += [(name.encode(), value.encode()) for name, value in SECURITY_HEADERS.items()]
    await send({"type": "http.response.start", "status": 404, "headers": headers})
    await send({"type": "http.response.body", "body": body})
