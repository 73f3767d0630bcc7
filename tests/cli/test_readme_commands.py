"""README's Commands table and the real command line agree, both ways: every option a command
takes is in its row, and every flag a row names is one the command takes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_help import command_paths

README = Path(__file__).resolve().parents[2] / "README.md"
ON_EVERY_STAGE_COMMAND = {"--stage", "--project", "--from", "--help"}  # described once, below the table


def _rows(group: str) -> str:
    table = README.read_text(encoding="utf-8").split("## Commands", 1)[1].split("\nEvery command's", 1)[0]
    return " ".join(line for line in table.splitlines() if line.startswith(f"| `wrapper {group}"))


def _options(cli: Any, path: str) -> set[str]:
    text = cli([*path.split(), "--help"]).output
    return {o for o in re.findall(r"^\s+(?:-\w, )?(--[a-z-]+)", text, re.M) if not o.startswith("--no-")}


@pytest.mark.parametrize("path", command_paths())
def test_every_option_is_in_the_readme_row(cli: Any, path: str) -> None:
    row = _rows(path.split()[0])
    assert row, f"README's Commands table has no row for `wrapper {path}`"
    missing = sorted(o for o in _options(cli, path) - ON_EVERY_STAGE_COMMAND if o not in row)
    assert missing == [], f"`wrapper {path}` takes {missing}, which README's Commands table does not show"


@pytest.mark.parametrize("group", sorted({p.split()[0] for p in command_paths()}))
def test_every_flag_in_a_readme_row_exists(cli: Any, group: str) -> None:
    taken = set().union(*(_options(cli, p) for p in command_paths() if p.split()[0] == group))
    named = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", _rows(group)))
    assert named - taken == set(), f"README names {sorted(named - taken)} for `wrapper {group}`, which it does not take"
