"""Every command's --help, as a newcomer reads it: text printed as written (no markup eaten), clean
option placeholders, and an Examples section with command lines that name the command itself."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer.main

from wrapper.cli.app import app
from wrapper.cli.examples import EXAMPLES


def command_paths() -> list[str]:
    """Every leaf command, as typed after `wrapper` ("deploy", "secrets set", ...)."""
    root = typer.main.get_command(app)
    paths: list[str] = []

    def walk(command: Any, prefix: list[str]) -> None:  # typer vendors its own click
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                walk(sub, [*prefix, name])
        else:
            paths.append(" ".join(prefix))

    walk(root, [])
    return sorted(paths)


def test_every_command_has_examples_and_every_example_a_command() -> None:
    assert sorted(EXAMPLES) == command_paths()


@pytest.mark.parametrize("path", command_paths())
def test_help_shows_examples_and_keeps_bracketed_text(cli: Any, path: str) -> None:
    result = cli([*path.split(), "--help"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert "Examples:" in text
    for line, _ in EXAMPLES[path]:
        assert line in text, f"the example {line!r} is printed as written"
        command = re.sub(r"^(?:[A-Z_][A-Z0-9_]*=\S+ )+", "", line)  # after any VAR=value the shell sets for it
        assert command.startswith(f"wrapper {path}"), "an example runs the command it documents"
    assert "<bool>" not in text, "flags take no value and show none"
    assert "╭" not in text, "plain text: copy-pasteable, no box drawing"


@pytest.mark.parametrize("group", sorted({p.split()[0] for p in command_paths() if " " in p}))
def test_a_command_groups_help_shows_its_commands_examples(cli: Any, group: str) -> None:
    text = cli([group, "--help"]).output
    assert "Examples:" in text
    for path, lines in EXAMPLES.items():
        if path.startswith(f"{group} "):
            assert all(line in text for line, _ in lines), f"`wrapper {group} --help` shows how to run {path}"


@pytest.mark.parametrize(
    ("path", "literal"),
    [
        ("bootstrap", "named in the [state] section"),
        ("secrets get", "A name from [secrets] values"),
        ("secrets set", "A name from [secrets] values"),
        ("token", "Secrets Manager"),
    ],
)
def test_square_brackets_and_details_survive(cli: Any, path: str, literal: str) -> None:
    text = " ".join(cli([*path.split(), "--help"]).output.split())  # help wraps lines; compare words
    assert literal in text


@pytest.mark.parametrize("path", [p for p in command_paths() if p != "init"])
def test_every_stage_command_takes_from(cli: Any, path: str) -> None:
    text = cli([*path.split(), "--help"]).output
    if "--stage" in text:
        assert "--from" in text, f"`wrapper {path}` takes --stage, so a preview stage needs --from too"
