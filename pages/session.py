"""Who is looking: the role of this session, and which pages that role may open.

The role is decided on the server on every run, from one of two sources (README, "The dashboard, sign-in
and roles"):

- **Sign-in** (an ``[auth]`` section in ``.streamlit/secrets.toml``): Streamlit's own OIDC sign-in
  (``st.login``); the signed-in user's email, else one of their groups, is looked up in the roles file. Nobody
  signed in, or a user the roles file does not name, gets the public view.
- **Local configuration** (no ``[auth]``): ``CPO_ROLE`` in the environment, else ``role`` under ``[cpo]`` in
  ``.streamlit/secrets.toml``, else the embedded demo's leadership view, which says so on every page.

Nothing a visitor sends (a URL query parameter, a widget, the page path) is read here, so none of it can set
or raise a role.
"""

from __future__ import annotations

import logging
import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import streamlit as st

from metrics.catalogue import Owner
from metrics.roles import Role
from pages import auditing

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ROLES_FILE = PROJECT_ROOT / "roles.toml"
DEMO_ROLE = "leadership"
ROLE_ENV = "CPO_ROLE"
ROLES_FILE_ENV = "CPO_ROLES_FILE"

Source = Literal["signed_in", "signed_out", "local", "demo"]
ROLES_FILE_BROKEN = "the roles file cannot be read, so nobody is given a staff view until it is fixed"

log = logging.getLogger("cpo.pages")


class Audience(StrEnum):
    """The navigation's sections: who a page is for."""

    PLAN = "Plan"
    THEMES = "Themes"
    PARTNERS = "Partners"
    PUBLIC = "Public"
    ABOUT = "About"
    ANALYST = "Analyst"


def may_open(audience: Audience, role: Role) -> bool:
    """Whether ``role`` may open a page written for ``audience``."""
    if audience in (Audience.PUBLIC, Audience.ABOUT):
        return True
    if audience in (Audience.PLAN, Audience.THEMES):
        return role.sees_plan_progress
    if audience is Audience.PARTNERS:
        return role.kind in ("department", "leadership", "analyst")
    return role.sees_data_quality


@dataclass(frozen=True)
class Viewer:
    """The session's role and where it came from (for the banner and the sign-in box)."""

    role: Role
    source: Source
    user: str | None = None
    problem: str | None = None


def role_label(role: Role) -> str:
    """The role in words, for banners and captions."""
    if role.department is not None:
        return f"{Owner(role.department).label} department"
    return role.kind


def _secrets_section(name: str) -> dict[str, Any] | None:
    """A section of ``st.secrets``, or None when there is no secrets file or no such section."""
    try:
        if name not in st.secrets:
            return None
        return dict(st.secrets[name])
    except FileNotFoundError:  # StreamlitSecretNotFoundError: no secrets.toml anywhere
        return None


def oidc_configured() -> bool:
    """Sign-in is on when ``.streamlit/secrets.toml`` has an ``[auth]`` section."""
    return _secrets_section("auth") is not None


def login_provider() -> str | None:
    """The ``[auth.<provider>]`` to use when several are configured (``[cpo] login_provider``)."""
    return (_secrets_section("cpo") or {}).get("login_provider")


def roles_file() -> Path:
    """``CPO_ROLES_FILE``, else ``[cpo] roles_file`` in the secrets, else ``roles.toml`` in the project."""
    configured = os.environ.get(ROLES_FILE_ENV) or (_secrets_section("cpo") or {}).get("roles_file")
    return Path(configured) if configured else DEFAULT_ROLES_FILE


@dataclass(frozen=True)
class RolesFile:
    """The parsed roles file: ``[emails]`` and ``[groups]`` tables mapping to role strings."""

    emails: dict[str, Role]
    groups: dict[str, Role]
    groups_claim: str = "groups"


# Several groups can match one user; the most trusted role wins, so a director who is also in a department
# group sees the leadership view. Department roles rank below leadership; between two departments the
# group listed first in the file wins.
_RANK = {"public": 0, "department": 1, "leadership": 2, "analyst": 3}


def _rank(role: Role) -> int:
    return _RANK[role.kind]


def parse_roles(text: str) -> RolesFile:
    """Parse the roles file; any entry that is not a valid role raises ValueError naming it."""
    document = tomllib.loads(text)
    unknown = set(document) - {"emails", "groups", "groups_claim"}
    if unknown:
        raise ValueError(f"unknown keys in the roles file: {sorted(unknown)}")

    def table(name: str) -> dict[str, Role]:
        parsed = {}
        for key, value in document.get(name, {}).items():
            try:
                parsed[key.strip().casefold() if name == "emails" else key] = Role.parse(str(value))
            except ValueError as error:
                raise ValueError(f"[{name}] {key!r}: {value!r} is not a role ({error})") from error
        return parsed

    return RolesFile(
        emails=table("emails"), groups=table("groups"), groups_claim=document.get("groups_claim", "groups")
    )


@lru_cache(maxsize=4)
def _read_roles(path: Path, _modified: float) -> RolesFile:
    return parse_roles(path.read_text(encoding="utf-8"))


def load_roles(path: Path) -> RolesFile:
    """The roles file at ``path``, re-read when it changes; an absent file maps nobody."""
    if not path.is_file():
        return RolesFile(emails={}, groups={})
    return _read_roles(path, path.stat().st_mtime)


def role_for_user(claims: dict[str, Any], roles: RolesFile) -> Role | None:
    """The role the roles file gives this signed-in user: their email first, else their best group."""
    email = str(claims.get("email") or "").strip().casefold()
    if email and email in roles.emails:
        return roles.emails[email]
    claimed = claims.get(roles.groups_claim) or []
    if isinstance(claimed, str):
        claimed = [claimed]
    matches = [role for group, role in roles.groups.items() if group in set(map(str, claimed))]
    if not matches:
        return None
    return max(matches, key=_rank)  # max keeps the first of equal rank: file order


def _signed_in_viewer() -> Viewer:
    claims = st.user.to_dict()
    if not claims.get("is_logged_in"):
        return Viewer(role=Role.parse("public"), source="signed_out")
    user = str(claims.get("email") or claims.get("name") or "signed-in user")
    path = roles_file()
    try:
        role = role_for_user(claims, load_roles(path))
    except (OSError, ValueError, tomllib.TOMLDecodeError) as error:
        # A broken roles file must never widen access: the user gets the public view and is told why, in
        # plain words; the detail (the file's path and the mistake) is for the server's log only.
        log.error("roles file %s cannot be read, everyone gets the public view: %s", path, error)
        return Viewer(role=Role.parse("public"), source="signed_in", user=user, problem=ROLES_FILE_BROKEN)
    if role is None:
        return Viewer(
            role=Role.parse("public"),
            source="signed_in",
            user=user,
            problem="your account is not in the roles file, so you see the public view",
        )
    return Viewer(role=role, source="signed_in", user=user)


def _local_viewer() -> Viewer:
    configured = os.environ.get(ROLE_ENV, "").strip() or str((_secrets_section("cpo") or {}).get("role", ""))
    if not configured.strip():
        return Viewer(role=Role.parse(DEMO_ROLE), source="demo")
    try:
        return Viewer(role=Role.parse(configured.strip()), source="local")
    except ValueError:
        return Viewer(
            role=Role.parse("public"),
            source="local",
            problem=f"the configured role {configured!r} is not a role, so this is the public view",
        )


def current_viewer() -> Viewer:
    """The role of this run: sign-in when configured, else local configuration, else the demo."""
    return _signed_in_viewer() if oidc_configured() else _local_viewer()


def require(audience: Audience) -> Viewer:
    """The viewer, if their role may open a page for ``audience``; otherwise an error and the run stops.

    Navigation already leaves such pages out; this guards a page reached by a stale link or a test harness.
    """
    viewer = current_viewer()
    if not may_open(audience, viewer.role):
        auditing.note(viewer, "refused", f"a page for {audience.value}", f"the {viewer.role} role")
        st.error(f"This page is not available to the {role_label(viewer.role)} view.")
        st.stop()
    return viewer


def run_page(render: Callable[[], None]) -> None:
    """What a page file does when Streamlit runs it as a page: draw (one place for every page's start)."""
    render()
