"""docs/returns.md carries the registry's rule table (`python -m queries.rule_table` rewrites it)."""

from queries.rule_table import DOC, END, START, rule_table, with_table
from queries.rules import RULES


def test_the_documented_rule_table_is_the_registry():
    document = DOC.read_text(encoding="utf-8")

    assert with_table(document) == document, "run: python -m queries.rule_table"
    assert START in document
    assert END in document
    for rule in RULES.values():
        assert f"`{rule.code}`" in rule_table()


def test_the_project_points_nowhere_outside_itself():
    readme = (DOC.parent.parent / "README.md").read_text(encoding="utf-8")
    assert "../shared" not in document_text() + readme
    assert "docs/returns.md" in readme


def document_text() -> str:
    return DOC.read_text(encoding="utf-8")
