"""`wrapper init --ci github`: the workflow parses and every wrapper command in it exists."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import typer
import yaml

from wrapper.cli.app import app


def _command(words: list[str]) -> tuple[Any, list[str]]:
    group: Any = typer.main.get_command(app)
    rest = list(words)
    while rest and hasattr(group, "commands") and rest[0] in group.commands:
        group = group.commands[rest.pop(0)]
    return group, rest


def test_workflow_parses_and_its_commands_exist(cli, tmp_path: Path) -> None:
    result = cli(["init", "site", "--service", "site", "--region", "eu-west-2", "--ci", "github", "--yes"], cwd=tmp_path)
    assert result.exit_code == 0, result.output
    workflow = yaml.safe_load((tmp_path / "site" / ".github" / "workflows" / "wrapper.yml").read_text())
    assert set(workflow["jobs"]) == {"preview", "cleanup", "production"}
    commands = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            for line in str(step.get("run", "")).splitlines():
                if line.startswith("wrapper "):
                    commands.append(shlex.split(line.split(">")[0])[1:])
    assert len(commands) >= 4
    for words in commands:
        command, rest = _command(words)
        assert not hasattr(command, "commands"), f"{words} names a group, not a command"
        options = {opt for param in command.params for opt in getattr(param, "opts", [])}
        for word in rest:
            if word.startswith("--"):
                assert word in options, f"wrapper {' '.join(words)}: {word} is not an option"
    assert any(w[:1] == ["destroy"] and "--yes" in w for w in commands)


def test_unknown_ci_provider(cli, tmp_path: Path) -> None:
    result = cli(["init", "x", "--service", "x", "--region", "eu-west-2", "--ci", "jenkins", "--yes"], cwd=tmp_path)
    assert result.exit_code == 2 and "unknown CI provider 'jenkins'" in result.output
