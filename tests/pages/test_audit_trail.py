"""The audit trail as the pages write and show it: sign-ins and refusals, views of child-level pages and
downloads, on the analyst's Audit trail page, never naming more children than the page of the event showed."""

from __future__ import annotations

import pytest
from page_harness import PROJECT_ROOT, TIMEOUT, grids
from streamlit.testing.v1 import AppTest

from metrics.roles import Role
from pages import auditing, data
from pages.session import Viewer
from queries.audit import audit_trail

OIDC = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test"}}


def trail():
    return audit_trail(data.engine(), "analyst")


def newest(action: str, target: str) -> dict:
    return trail().filter(action=action, target=target).row(0, named=True)


def shown_children(app: AppTest) -> set[str]:
    """Every child id in the page's tables."""
    return {
        child
        for grid in grids(app)
        for name in ("Child", "child")
        if name in grid.columns
        for child in grid.get_column(name).to_list()
        if child
    }


def test_a_view_of_data_quality_names_only_the_children_the_page_showed(open_dashboard, child_ids):
    before = trail().height
    app = open_dashboard("analyst", "pages/data_quality.py")

    view = newest("view", "data_quality")
    assert trail().height > before
    assert (view["actor"], view["role"]) == ("local view", "analyst")
    recorded = set(filter(None, view["children"].split(",")))
    assert recorded <= shown_children(app)
    assert recorded <= child_ids


def test_the_analyst_sees_the_trail_with_no_more_children_than_the_pages_showed(open_dashboard, child_ids):
    open_dashboard("analyst", "pages/data_quality.py")
    app = open_dashboard("analyst", "pages/audit_trail.py")

    assert "Audit trail" in [title.value for title in app.title]
    table = grids(app)[-1]
    assert table.columns == ["When (UTC)", "Who", "Role", "What", "Of", "Detail", "Children shown"]
    assert "Viewed a child-level page" in table.get_column("What").to_list()
    named = {child for ids in table.get_column("Children shown") if ids for child in ids.split(",")}
    assert named <= child_ids
    viewed = newest("view", "audit_trail")
    assert viewed["children"] == ""  # viewing the trail names no child again


@pytest.mark.parametrize("role", ["public", "department:health", "leadership"])
def test_the_trail_page_refuses_every_other_role_and_the_refusal_is_noted(sample_database, role):
    app = AppTest.from_file(PROJECT_ROOT / "pages" / "audit_trail.py", default_timeout=TIMEOUT)
    app.secrets = {"cpo": {"role": role}}
    app.run()

    assert "not available" in app.error[0].value
    assert not app.dataframe
    refused = newest("refused", "a page for Analyst")
    assert (refused["role"], refused["children"]) == (role, "")


def test_a_sign_in_is_noted_once_a_session_and_an_unknown_user_is_refused(
    open_dashboard, tmp_path, monkeypatch
):
    roles = tmp_path / "roles.toml"
    roles.write_text('[emails]\n"nurse@gov.je" = "department:health"\n', encoding="utf-8")
    monkeypatch.setenv("CPO_ROLES_FILE", str(roles))
    before = trail().filter(action="sign_in", actor="nurse@gov.je").height

    app = open_dashboard(secrets=OIDC, user={"is_logged_in": True, "email": "nurse@gov.je"})
    app.run()  # a second run of the same session
    open_dashboard(secrets=OIDC, user={"is_logged_in": True, "email": "stranger@example.com"})

    signed_in = trail().filter(action="sign_in", actor="nurse@gov.je")
    assert signed_in.height == before + 1
    assert signed_in.row(0, named=True)["role"] == "department:health"
    refused = trail().filter(action="refused", actor="stranger@example.com").row(0, named=True)
    assert (refused["target"], refused["role"]) == ("sign-in", "public")
    assert "not in the roles file" in refused["detail"]


def test_a_download_is_noted_when_its_file_is_built_with_who_what_and_role(sample_database):
    viewer = Viewer(role=Role.parse("analyst"), source="signed_in", user="analyst@gov.je")
    build = auditing.noted_download(viewer, "load_1_findings.csv", lambda: b"Child\nC1\n", ["C1"])
    assert trail().filter(action="download", actor="analyst@gov.je").is_empty()  # not clicked yet

    assert build() == b"Child\nC1\n"
    download = newest("download", "load_1_findings.csv")
    assert (download["actor"], download["role"], download["children"]) == ("analyst@gov.je", "analyst", "C1")
