"""Partner departments: one department's indicators; filters in the link; a department role stays its own."""

from __future__ import annotations

from page_harness import subheaders, tables

from metrics.catalogue import BREAKDOWN_LABELS, Owner, catalogue


def titles_owned_by(owner: Owner) -> list[str]:
    return [entry.title for entry in catalogue().values() if entry.owner == owner]


def query_value(app, name: str) -> str:
    value = app.query_params[name]
    return value[-1] if isinstance(value, list) else value


def test_department_role_sees_only_its_own_indicators_whatever_the_link_says(open_dashboard):
    app = open_dashboard(
        "department:education", "pages/partners.py", query={"department": "health", "breakdown": "sex"}
    )

    assert subheaders(app) == titles_owned_by(Owner.EDUCATION)
    assert not [box for box in app.selectbox if box.key == "url-department"]  # nothing to choose
    assert query_value(app, "department") == "education"  # the link now says what is shown
    assert any("**Department:** Education" in text.value for text in app.markdown)


def test_department_role_never_receives_another_departments_breakdowns(open_dashboard):
    app = open_dashboard("department:housing", "pages/partners.py", query={"breakdown": "age_group"})
    housing = [entry for entry in catalogue().values() if entry.owner == Owner.HOUSING]

    assert subheaders(app) == [entry.title for entry in housing]
    offered = set(app.selectbox(key="url-breakdown").options)
    assert offered <= {
        "All (no breakdown)",
        *(BREAKDOWN_LABELS[name] for entry in housing for name in entry.breakdowns),
    }
    assert app.selectbox(key="url-breakdown").value == "age_group"
    for table in tables(app):
        assert set(table.get_column("Group")) <= {"All", "17-18", "19-21"}


def test_leadership_chooses_the_department_period_and_breakdown_from_the_link(open_dashboard):
    app = open_dashboard(
        "leadership",
        "pages/partners.py",
        query={"department": "housing", "period": "2025-03-31", "breakdown": "age_group"},
    )

    assert subheaders(app) == titles_owned_by(Owner.HOUSING)
    assert app.selectbox(key="url-department").value == "housing"
    assert app.selectbox(key="url-period").value == "2025-03-31"
    assert app.selectbox(key="url-breakdown").value == "age_group"
    for table in tables(app):
        groups = table.get_column("Group").to_list()
        assert groups[0] == "All"
        assert 1 < len(groups) <= 3
        assert set(groups) <= {"All", "17-18", "19-21"}
    captions = [text.value for text in app.markdown if "by age group, year to" in text.value]
    assert len(captions) == len(titles_owned_by(Owner.HOUSING))
    assert all(caption.endswith("31 March 2025**") for caption in captions)


def test_an_unknown_value_in_the_link_is_ignored(open_dashboard):
    app = open_dashboard(
        "leadership", "pages/partners.py", query={"department": "treasury", "breakdown": "x"}
    )

    assert app.selectbox(key="url-department").index == 0
    assert app.selectbox(key="url-breakdown").value == "all"
    assert query_value(app, "department") == next(iter(Owner)).value


def test_choosing_a_department_updates_the_link(open_dashboard):
    app = open_dashboard("analyst", "pages/partners.py")
    app.selectbox(key="url-department").select("justice").run()

    assert query_value(app, "department") == "justice"
    assert subheaders(app) == titles_owned_by(Owner.JUSTICE)


def test_department_charts_draw_the_interval(open_dashboard):
    app = open_dashboard("department:health", "pages/partners.py")
    specs = dict(
        zip(subheaders(app), (chart.proto.spec for chart in app.get("vega_lite_chart")), strict=True)
    )
    units = {entry.title: entry.unit for entry in catalogue().values()}

    assert specs
    for title, spec in specs.items():
        assert ('"area"' in spec) == (units[title] == "percent"), title
