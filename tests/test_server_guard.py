"""The server obeys only its readers: security headers, no metrics endpoint, no cache clearing by browsers."""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg

from cpo.server_guard import CONTENT_SECURITY_POLICY, REFUSED_MESSAGES, ServerGuard, message_type
from queries.bootstrap import ensure_loaded
from queries.engine import make_engine
from sample_data.generator import SAMPLE_RETURN_DIR
from tests.serving import CHROMIUM, CHROMIUM_FLAGS, in_ci, serve_dashboard


def _frame(kind: str) -> bytes:
    message = BackMsg()
    if kind == "rerun_script":
        message.rerun_script.query_string = ""
    elif kind == "set_run_on_save":
        message.set_run_on_save = True
    else:
        setattr(message, kind, True)
    return message.SerializeToString()


class Recorder:
    """An ASGI application that keeps what reached it, standing where Streamlit stands."""

    def __init__(self) -> None:
        self.received: list[str | None] = []
        self.started: list[dict] = []

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "websocket":
            while (message := await receive())["type"] == "websocket.receive":
                self.received.append(message_type(message["bytes"]))
            return
        await send({"type": "http.response.start", "status": 200, "headers": [(b"x-inner", b"1")]})
        await send({"type": "http.response.body", "body": b"ok"})


def _run_websocket(kinds: list[str]) -> list[str | None]:
    inner = Recorder()
    queue = [{"type": "websocket.receive", "bytes": _frame(kind)} for kind in kinds]
    queue.append({"type": "websocket.disconnect"})

    async def receive():
        return queue.pop(0)

    async def send(_message):
        return None

    scope = {"type": "websocket", "path": "/_stcore/stream"}
    asyncio.run(ServerGuard(inner)(scope, receive, send))
    return inner.received


def _run_http(path: str) -> list[dict]:
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    asyncio.run(ServerGuard(Recorder())({"type": "http", "path": path}, receive, send))
    return sent


def test_cache_clearing_and_other_control_messages_never_reach_streamlit():
    kinds = [
        "rerun_script", "clear_cache", "app_heartbeat", "set_run_on_save", "load_git_info", "stop_script",
    ]  # fmt: skip
    assert _run_websocket(kinds) == ["rerun_script", "app_heartbeat", "stop_script"]
    assert {"clear_cache", "set_run_on_save", "load_git_info"} == REFUSED_MESSAGES


def test_every_answer_carries_the_security_headers():
    start = _run_http("/overview")[0]
    headers = dict(start["headers"])
    assert headers[b"x-inner"] == b"1"
    assert headers[b"x-frame-options"] == b"DENY"
    assert headers[b"x-content-type-options"] == b"nosniff"
    assert b"frame-ancestors 'none'" in headers[b"content-security-policy"]


@pytest.mark.parametrize("path", ["/_stcore/metrics", "/_stcore/metrics/"])
def test_the_metrics_endpoint_is_closed(path):
    assert _run_http(path)[0]["status"] == 404


# The real server, end to end.


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("guard")
    database_url = f"sqlite:///{folder / 'cpo.sqlite'}"
    engine = make_engine(database_url)
    ensure_loaded(engine, SAMPLE_RETURN_DIR)
    engine.dispose()
    with serve_dashboard(folder, database_url) as url:
        yield url, folder / "server.log"


@pytest.mark.slow
def test_the_served_dashboard_sends_the_headers_and_closes_metrics(server):
    url, _ = server
    with urllib.request.urlopen(f"{url}/") as response:
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{url}/_stcore/metrics")
    assert refused.value.code == 404
    refused.value.close()


@pytest.mark.slow
def test_a_raw_clear_cache_message_from_an_anonymous_client_is_refused(server):
    from websockets.sync.client import connect

    url, log = server
    address = url.replace("http://", "ws://") + "/_stcore/stream"
    with connect(address, subprotocols=["streamlit"], open_timeout=20) as socket:
        socket.send(_frame("rerun_script"))
        socket.send(_frame("clear_cache"))
        socket.recv(timeout=30)  # the server answers the run: the connection was accepted
    for _ in range(50):
        if "refused a clear_cache message" in Path(log).read_text():
            break
        asyncio.run(asyncio.sleep(0.1))
    assert "refused a clear_cache message" in Path(log).read_text()


@pytest.mark.browser
@pytest.mark.slow
def test_the_pages_satisfy_the_content_security_policy(server):
    if not CHROMIUM.exists():
        if in_ci():
            pytest.fail(f"{CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is missing")
    from playwright.sync_api import sync_playwright

    url, _ = server
    violations: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.on("console", lambda message: violations.append(message.text))
        for path in ("overview", "theme_stability", "transparency"):
            page.goto(f"{url}/{path}")
            page.locator('[data-testid="stMain"] h1').first.wait_for(state="visible", timeout=180_000)
            page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=180_000)
            page.wait_for_timeout(1500)  # charts draw after the run ends
            assert page.locator('[data-testid="stVegaLiteChart"], canvas, svg').count() > 0
        browser.close()
    assert not [text for text in violations if "Content Security Policy" in text]
