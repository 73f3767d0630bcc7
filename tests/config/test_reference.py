"""docs/configuration.md is generated from the schema and must match it."""

from pathlib import Path

from wrapper.config.reference import render_reference
from wrapper.config.schema import TOP


def test_reference_doc_is_up_to_date() -> None:
    doc = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"
    assert doc.read_text() == render_reference(), "regenerate: python -m wrapper.config.reference > docs/configuration.md"


def test_every_section_and_key_is_documented() -> None:
    text = render_reference()
    for name in TOP:
        assert f"## `{name}`" in text
    assert "`memory`" in text and "`route_selection_expression`" in text and "`protected`" in text
