"""The ``wrapper`` executable's fast path for a repeated ``wrapper package``, run as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.package.conftest import write_project
from tests.package.test_fresh import age
from wrapper.cli.entry import package_options


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["package"], {"json": False}),
        (["package", "--stage", "dev", "--json"], {"json": True, "stage": "dev"}),
        (
            ["package", "-s", "dev", "-p", "app", "--region=eu-west-1"],
            {"json": False, "stage": "dev", "project": "app", "region": "eu-west-1"},
        ),
        (["package", "--stage=dev"], {"json": False, "stage": "dev"}),
    ],
)
def test_plain_package_invocations_are_understood(argv: list[str], expected: dict[str, object]) -> None:
    assert package_options(argv) == expected


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["deploy"],
        ["--debug", "package"],
        ["package", "--help"],
        ["package", "--stage"],
        ["package", "-s", "--json"],
        ["package", "-s", "a", "-s", "b"],
        ["package", "-s=dev"],
        ["package", "extra"],
    ],
)
def test_anything_else_goes_to_the_full_command_line(argv: list[str]) -> None:
    assert package_options(argv) is None


def wrapper(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WRAPPER_")}
    return subprocess.run(
        [sys.executable, "-m", "wrapper", *args], cwd=root, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_a_repeat_answers_like_the_full_path_without_loading_it(tmp_path: Path) -> None:
    root = write_project(tmp_path / "app")
    age(root)
    first = wrapper(root, "package", "--stage", "dev", "--json")
    assert first.returncode == 0, first.stderr
    second = wrapper(root, "package", "--stage", "dev", "--json")
    assert second.returncode == 0, second.stderr
    built, replayed = json.loads(first.stdout), json.loads(second.stdout)
    assert {f["status"] for f in replayed["functions"].values()} == {"unchanged"}
    for data in (built, replayed):
        for function in data["functions"].values():
            function.pop("status")
        data.pop("seconds")
    assert replayed == built

    table = wrapper(root, "package", "--stage", "dev")
    assert table.returncode == 0
    assert "every function unchanged" in table.stderr
    assert [line.split()[-1] for line in table.stdout.splitlines() if ".zip" in line] == ["unchanged"] * 3

    # Proof that the fast path answered: the full command line would have imported typer.
    probe = "import sys, runpy; sys.argv = ['wrapper', 'package', '--stage', 'dev']; runpy.run_module('wrapper', run_name='__main__'); print('typer' in sys.modules, file=sys.stderr)"
    env = {k: v for k, v in os.environ.items() if not k.startswith("WRAPPER_")}  # as wrapper() runs it: the same invocation key
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=root, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert loaded.stderr.strip().splitlines()[-1] == "False"


def test_an_edit_after_a_replay_is_rebuilt_by_the_full_path(tmp_path: Path) -> None:
    root = write_project(tmp_path / "app")
    age(root)
    wrapper(root, "package", "--json")
    (root / "functions" / "pose.py").write_text("def handler(event, context):\n    return {'statusCode': 204}\n")
    after = json.loads(wrapper(root, "package", "--json").stdout)
    assert {n: f["status"] for n, f in after["functions"].items()} == {"connect": "unchanged", "default": "unchanged", "pose": "built"}
