"""Sign-in and roles: OIDC users mapped through the roles file; local role; the demo says which view it is."""

from __future__ import annotations

import pytest

from metrics.roles import Role
from pages.session import RolesFile, parse_roles, role_for_user

OIDC = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test"}}
ROLES_TOML = """
groups_claim = "roles"

[emails]
"Director@Gov.je" = "leadership"

[groups]
"cpo-health" = "department:health"
"cpo-analysts" = "analyst"
"cpo-housing" = "department:housing"
"""


@pytest.fixture
def roles_file(tmp_path, monkeypatch):
    path = tmp_path / "roles.toml"
    path.write_text(ROLES_TOML, encoding="utf-8")
    monkeypatch.setenv("CPO_ROLES_FILE", str(path))
    return path


def sidebar_text(app) -> str:
    return "\n".join(str(element.value) for element in app.sidebar.markdown)


def test_email_wins_and_matches_whatever_its_case():
    roles = parse_roles(ROLES_TOML)
    claims = {"email": "director@gov.je", "roles": ["cpo-analysts"]}

    assert role_for_user(claims, roles) == Role.parse("leadership")


def test_the_most_trusted_group_wins_and_departments_keep_file_order():
    roles = parse_roles(ROLES_TOML)

    assert role_for_user({"email": "a@gov.je", "roles": ["cpo-health", "cpo-analysts"]}, roles) == Role.parse(
        "analyst"
    )
    assert role_for_user({"email": "a@gov.je", "roles": ["cpo-housing", "cpo-health"]}, roles) == Role.parse(
        "department:health"
    )
    assert role_for_user({"email": "a@gov.je", "roles": "cpo-housing"}, roles) == Role.parse(
        "department:housing"
    )


def test_nobody_unknown_gets_a_role():
    assert (
        role_for_user({"email": "stranger@example.com", "roles": ["other"]}, parse_roles(ROLES_TOML)) is None
    )
    assert role_for_user({"email": "x@y"}, RolesFile(emails={}, groups={})) is None


def test_a_roles_file_with_a_wrong_role_is_refused_naming_the_entry():
    with pytest.raises(ValueError, match=r"boss@gov\.je"):
        parse_roles('[emails]\n"boss@gov.je" = "superuser"\n')
    with pytest.raises(ValueError, match="unknown keys"):
        parse_roles('[admins]\n"a" = "analyst"\n')


def test_signed_in_user_gets_the_role_of_their_group(open_dashboard, roles_file):
    app = open_dashboard(
        secrets=OIDC, user={"is_logged_in": True, "email": "nurse@gov.je", "roles": ["cpo-health"]}
    )

    assert "Partner departments" in [title.value for title in app.title]
    assert "Signed in as **nurse@gov.je**" in sidebar_text(app)
    assert "Health department" in sidebar_text(app)
    assert [button.label for button in app.sidebar.button] == ["Sign out"]


def test_signed_in_user_not_in_the_roles_file_sees_the_public_view_and_is_told(open_dashboard, roles_file):
    app = open_dashboard(secrets=OIDC, user={"is_logged_in": True, "email": "stranger@example.com"})

    assert "How are Jersey's children in care doing?" in [title.value for title in app.title]
    assert any("not in the roles file" in warning.value for warning in app.warning)


def test_a_broken_roles_file_never_widens_access(open_dashboard, roles_file):
    roles_file.write_text('[emails]\n"director@gov.je" = "everything"\n', encoding="utf-8")
    app = open_dashboard(secrets=OIDC, user={"is_logged_in": True, "email": "director@gov.je"})

    assert "How are Jersey's children in care doing?" in [title.value for title in app.title]
    assert any("roles file" in warning.value for warning in app.warning)


def test_signed_out_visitor_is_offered_sign_in(open_dashboard, roles_file):
    app = open_dashboard(secrets=OIDC, user={})

    assert [button.label for button in app.sidebar.button] == ["Sign in"]
    assert "public view" in sidebar_text(app)


def test_local_role_from_the_environment_wins_over_the_secrets_file(open_dashboard, monkeypatch):
    monkeypatch.setenv("CPO_ROLE", "department:justice")
    app = open_dashboard("analyst")

    assert "Justice department" in sidebar_text(app)
    assert "Partner departments" in [title.value for title in app.title]


def test_the_embedded_demo_says_which_view_it_shows(open_dashboard):
    app = open_dashboard()

    assert any("Demo: showing the leadership view" in info.value for info in app.info)
    assert "The plan at a glance" in [title.value for title in app.title]


def test_a_configured_role_that_is_not_a_role_falls_back_to_public(open_dashboard):
    app = open_dashboard("superuser")

    assert any("not a role" in warning.value for warning in app.warning)
    assert "How are Jersey's children in care doing?" in [title.value for title in app.title]


def test_no_url_parameter_sets_or_raises_the_role(open_dashboard):
    app = open_dashboard("public", query={"role": "analyst", "cpo_role": "analyst", "department": "health"})

    # The public's sidebar names no view (a staff caption): the public sections, nothing of the analyst's.
    assert sidebar_text(app).split() == ["**Public**", "**About**"]
    assert "How are Jersey's children in care doing?" in [title.value for title in app.title]
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("pages/data_quality.py")
