"""Sign-in for real: Streamlit's `st.login` against a certified OpenID provider on loopback, in Chromium.

The provider (`tests/identity_provider.py`: the npm package ``oidc-provider`` run by Node.js) knows four
staff accounts; the dashboard's ``[auth]`` settings point at it and its roles file is the committed
``roles.example.toml``, as an operator would start from. Each test signs one person in through the
provider's own sign-in form, in a fresh browser, and checks what the claims-to-role mapping gives them: the
pages of their role and no other, the public view for someone the roles file does not name, and the public
view with a plain message for everyone when the roles file is broken (deny by default).

Nothing leaves the machine: the browser may reach 127.0.0.1 only (the provider's development pages ask for a
web font, which is refused).
"""

from __future__ import annotations

import re
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from metrics.report import CatalogueResults
from pages.session import ROLES_FILE_BROKEN
from queries.bootstrap import ensure_loaded
from queries.engine import make_engine
from sample_data.generator import SAMPLE_RETURN_DIR
from tests.identity_provider import metadata_url, node_with_provider, run_provider
from tests.serving import DRAWN, chromium_browser, free_port, require_chromium, serve_dashboard

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DRAWN_MS = 180_000  # a busy machine; the first run of a page reads the stored results
CLIENT_ID = "cpo-dashboard"
# The provider's accounts: login -> the claims of their ID token. Roles come from roles.example.toml.
ACCOUNTS = {
    "analyst": {"email": "Data.Analyst@gov.je", "name": "Data Analyst", "groups": []},
    "director": {"email": "a.director@gov.je", "name": "A Director", "groups": ["CPO-Leadership"]},
    "nurse": {"email": "nurse@gov.je", "name": "A Nurse", "groups": ["Staff", "CPO-Health"]},
    "stranger": {"email": "stranger@gov.je", "name": "A Stranger", "groups": ["Finance"]},
}
SIGNED_OUT = "You are seeing the public view. Staff: sign in to see your view."
PUBLIC_TITLE = "How are Jersey's children in care doing?"


@dataclass(frozen=True)
class SignIn:
    """The running dashboard and provider, and the roles file the dashboard reads."""

    dashboard: str
    issuer: str
    roles_file: Path


@pytest.fixture(scope="module")
def chromium() -> Path:
    return require_chromium()


def auth_settings(provider_port: int, client_secret: str) -> str:
    """The ``[auth]`` section of ``secrets.toml`` for this provider, as the README describes it."""
    return f"""
[auth]
redirect_uri = "http://127.0.0.1:{{port}}/oauth2callback"
cookie_secret = "{secrets.token_hex(32)}"
client_id = "{CLIENT_ID}"
client_secret = "{client_secret}"
server_metadata_url = "{metadata_url(provider_port)}"
# The groups claim is asked for by its scope; this provider has no account chooser (select_account).
client_kwargs = {{ scope = "openid email profile groups", prompt = "login" }}
"""


@pytest.fixture(scope="module")
def sign_in_setup(chromium, tmp_path_factory) -> Iterator[SignIn]:
    node = node_with_provider()
    folder = tmp_path_factory.mktemp("sign_in")
    database_url = f"sqlite:///{folder / 'cpo.sqlite'}"
    engine = make_engine(database_url)
    ensure_loaded(engine, SAMPLE_RETURN_DIR, results=CatalogueResults())
    engine.dispose()
    roles_file = folder / "roles.toml"
    shutil.copyfile(PROJECT_ROOT / "roles.example.toml", roles_file)
    client_secret = secrets.token_urlsafe(32)
    provider_port = free_port()
    (folder / "secrets.toml").write_text(auth_settings(provider_port, client_secret), encoding="utf-8")
    settings = {
        # Only this secrets file: never a developer's own .streamlit/secrets.toml.
        "STREAMLIT_SECRETS_FILES": str(folder / "secrets.toml"),
        "CPO_ROLES_FILE": str(roles_file),
    }
    # The dashboard first, so that its address can be registered with the provider as the redirect.
    with serve_dashboard(folder, database_url, settings=settings) as dashboard:
        provider_settings = {
            "client_id": CLIENT_ID,
            "client_secret": client_secret,
            "redirect_uri": f"{dashboard}/oauth2callback",
            "cookie_key": secrets.token_hex(16),
            "accounts": ACCOUNTS,
        }
        with run_provider(node, folder, provider_port, provider_settings) as issuer:
            yield SignIn(dashboard=dashboard, issuer=issuer, roles_file=roles_file)


@pytest.fixture(scope="module")
def browser(chromium) -> Iterator:
    with chromium_browser() as launched:
        yield launched


@pytest.fixture
def context(browser):
    """A fresh browser (no cookies) that may reach this machine only."""
    fresh = browser.new_context(viewport={"width": 1366, "height": 900})
    fresh.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/]).*"), lambda route: route.abort())
    yield fresh
    fresh.close()


def wait_drawn(page, title: str) -> None:
    page.wait_for_function(DRAWN, arg=[title], polling=100, timeout=DRAWN_MS)


def sidebar(page) -> str:
    """The menu's text, once its links are drawn (they come just after its section headings)."""
    menu = page.get_by_test_id("stSidebar")
    menu.locator("a[href]").first.wait_for(state="visible", timeout=DRAWN_MS)
    return menu.inner_text()


def sign_in(context, setup: SignIn, login: str, landing_title: str):
    """Open the dashboard signed out, sign in as ``login`` on the provider's form; the page once drawn."""
    page = context.new_page()
    page.goto(setup.dashboard)
    wait_drawn(page, PUBLIC_TITLE)
    assert SIGNED_OUT in sidebar(page)
    page.get_by_test_id("stSidebar").get_by_role("button", name=re.compile("Sign in")).click()
    page.wait_for_url(f"{setup.issuer}/interaction/**", timeout=60_000)
    page.locator('input[name="login"]').fill(login)
    page.locator('input[name="password"]').fill("any password will do")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()  # the provider's consent to share the claims
    page.wait_for_url(f"{setup.dashboard}/**", timeout=60_000)
    wait_drawn(page, landing_title)
    return page


def assert_no_traceback(page) -> None:
    assert "Traceback" not in page.locator("body").inner_text()


def test_an_analyst_named_by_email_reaches_every_page_including_data_quality(context, sign_in_setup):
    page = sign_in(context, sign_in_setup, "analyst", "The plan at a glance")

    assert "Signed in as Data.Analyst@gov.je" in sidebar(page)
    assert "View: analyst" in sidebar(page)
    for entry in ("Overview", "Partner departments", "Transparency", "Methodology", "Data quality"):
        assert entry in sidebar(page)
    page.get_by_test_id("stSidebar").get_by_text("Data quality", exact=True).click()
    wait_drawn(page, "Data quality")
    assert_no_traceback(page)


def test_a_director_in_the_leadership_group_sees_the_plan_but_not_child_level_data(context, sign_in_setup):
    page = sign_in(context, sign_in_setup, "director", "The plan at a glance")

    assert "View: leadership" in sidebar(page)
    assert "Overview" in sidebar(page)
    assert "Data quality" not in sidebar(page)
    # The analyst's page by its address: not registered for this role, so never drawn.
    page.goto(f"{sign_in_setup.dashboard}/data_quality")
    wait_drawn(page, "The plan at a glance")
    assert page.get_by_role("heading", name="Data quality").count() == 0


def test_a_health_department_user_sees_their_department_and_signs_out_to_the_public_view(
    context, sign_in_setup
):
    page = sign_in(context, sign_in_setup, "nurse", "Partner departments")

    assert "View: Health department" in sidebar(page)
    assert "Health" in page.get_by_test_id("stMain").inner_text()
    assert "Overview" not in sidebar(page)
    assert "Data quality" not in sidebar(page)

    page.get_by_test_id("stSidebar").get_by_role("button", name=re.compile("Sign out")).click()
    page.wait_for_url(f"{sign_in_setup.issuer}/session/end**", timeout=60_000)
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{sign_in_setup.dashboard}/**", timeout=60_000)
    wait_drawn(page, PUBLIC_TITLE)
    assert SIGNED_OUT in sidebar(page)
    assert "Partner departments" not in sidebar(page)


def test_a_user_the_roles_file_does_not_name_gets_the_public_view_and_is_told_why(context, sign_in_setup):
    page = sign_in(context, sign_in_setup, "stranger", PUBLIC_TITLE)

    assert "Signed in as stranger@gov.je" in sidebar(page)
    assert "View: public" in sidebar(page)
    assert "your account is not in the roles file, so you see the public view" in page.inner_text("body")
    for entry in ("Overview", "Partner departments", "Data quality"):
        assert entry not in sidebar(page)
    page.goto(f"{sign_in_setup.dashboard}/overview")
    wait_drawn(page, PUBLIC_TITLE)
    assert page.get_by_role("heading", name="The plan at a glance").count() == 0


def test_a_broken_roles_file_refuses_everyone_with_a_plain_message(context, sign_in_setup):
    roles_file = sign_in_setup.roles_file
    good = roles_file.read_text(encoding="utf-8")
    roles_file.write_text(good.replace('= "analyst"', '= "analyst', 1), encoding="utf-8")  # a lost quote
    try:
        page = sign_in(context, sign_in_setup, "analyst", PUBLIC_TITLE)

        assert "View: public" in sidebar(page)
        body = page.inner_text("body")
        assert f"Showing the public view: {ROLES_FILE_BROKEN}." in body
        for entry in ("Overview", "Partner departments", "Data quality"):
            assert entry not in sidebar(page)
        assert str(roles_file) not in body
        assert_no_traceback(page)
    finally:
        roles_file.write_text(good, encoding="utf-8")
