"""``wrapper docs``: the topics, one topic's text from the installed documentation, and its file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from wrapper import docs_topics

REPO = Path(__file__).resolve().parents[2]


def test_without_a_topic_it_lists_every_topic(cli: Any) -> None:
    result = cli(["docs"])
    assert result.exit_code == 0, result.output
    for t in docs_topics.TOPICS:
        assert f"  {t.name} " in result.output and t.summary in result.output


@pytest.mark.parametrize("found", docs_topics.TOPICS, ids=lambda t: t.name)
def test_every_topic_prints_its_document_or_section(cli: Any, found: docs_topics.Topic) -> None:
    result = cli(["docs", found.name])
    assert result.exit_code == 0, result.output
    whole = (REPO / found.file).read_text(encoding="utf-8")
    assert result.output in whole + "\n"
    if found.heading is not None:
        assert result.output.startswith(found.heading + "\n")
        assert len(result.output) < len(whole), "a section, not the whole README"


def test_a_section_ends_at_the_next_heading_of_its_level_not_at_a_shell_comment() -> None:
    text = docs_topics.text_of(docs_topics.topic("ci"))
    assert "## CI usage" in text
    assert "\n## Releasing" not in text
    assert "\n### " in text or "```" in text  # its own subsections and code blocks are kept


def test_headset_is_the_lan_section_only() -> None:
    text = docs_topics.text_of(docs_topics.topic("headset"))
    assert "--lan" in text
    assert "### The multiplayer handlers" not in text


def test_path_names_the_file(cli: Any) -> None:
    result = cli(["docs", "configuration", "--path"])
    assert result.exit_code == 0
    assert Path(result.output.strip()) == (REPO / "docs" / "configuration.md").resolve()


def test_an_unknown_topic_is_a_usage_error_that_lists_the_topics(cli: Any) -> None:
    result = cli(["docs", "protcol"])
    assert result.exit_code == 2
    assert "no documentation topic 'protcol'" in result.output
    assert "protocol" in result.output.split("hint:", 1)[1]


def test_top_level_help_points_at_the_docs(cli: Any) -> None:
    assert "wrapper docs [TOPIC]" in " ".join(cli(["--help"]).output.split())


def test_command_help_points_at_topics_that_exist(cli: Any) -> None:
    from wrapper.cli.examples import DOCS

    known = {t.name for t in docs_topics.TOPICS}
    for command, topics in DOCS.items():
        assert set(topics) <= known, command
        text = " ".join(cli([*command.split(), "--help"]).output.split())
        assert "More: " + ", ".join(f"wrapper docs {t}" for t in topics) in text
