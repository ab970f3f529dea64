"""The Services page's frames are stored whole with the results, on SQLite and on the real PostgreSQL, and
read only by the roles that may see services (leadership, analysts, children's social care)."""

from __future__ import annotations

import pytest
from polars.testing import assert_frame_equal
from sqlalchemy import Engine, func, select

from metrics.data import care_data
from metrics.report import CatalogueResults
from metrics.roles import Role, all_roles
from metrics.service_report import (
    STORED_PREFIX,
    service_dates,
    services_report,
    stored_dates,
    stored_report,
)
from metrics.services import may_see_services
from queries.extract import read_care_data
from queries.results import read_whole_frames, recompute
from queries.schema import result_frames

BUILDER = CatalogueResults()
LEADERSHIP = Role.parse("leadership")


def test_the_stored_report_equals_the_computation_at_every_quarter_end(loaded):
    data = care_data(**read_care_data(loaded))
    frames = read_whole_frames(loaded, "leadership", BUILDER.version, STORED_PREFIX)
    assert frames is not None
    assert stored_dates(frames) == service_dates(data, LEADERSHIP)
    for day in service_dates(data, LEADERSHIP):
        stored, computed = stored_report(frames, day), services_report(data, day, LEADERSHIP)
        assert stored is not None
        assert computed is not None
        for part in ("services", "reasons", "kinds", "series"):
            assert_frame_equal(getattr(stored, part), getattr(computed, part))


@pytest.mark.parametrize("role", all_roles(), ids=str)
def test_only_the_roles_that_may_see_services_read_them(loaded, role):
    frames = read_whole_frames(loaded, str(role), BUILDER.version, STORED_PREFIX)
    assert frames is not None
    if may_see_services(role):
        assert stored_dates(frames)
    else:
        assert frames == {}


def test_another_versions_frames_are_never_read_and_a_recompute_replaces_them(loaded):
    assert read_whole_frames(loaded, "leadership", "another-version", STORED_PREFIX) is None
    before = _stored_frame_count(loaded)
    recompute(loaded, BUILDER)
    assert _stored_frame_count(loaded) == before  # the earlier result set's frames are deleted with it


def _stored_frame_count(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(result_frames)).scalar_one()
