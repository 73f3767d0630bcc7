"""The stored --help pages (``wrapper.cli.help_pages``) that the entry point prints without loading typer.

They are the text typer renders, rendered again here: change a command's help and this fails until
``python -m wrapper.cli.help_render`` regenerates them.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from wrapper.cli import help_pages
from wrapper.cli.help_render import command_paths, render


def test_every_command_and_group_has_a_stored_page() -> None:
    assert sorted(help_pages.PAGES) == command_paths()


@pytest.mark.parametrize("path", command_paths())
def test_the_stored_page_is_what_typer_prints_now(path: str) -> None:
    assert help_pages.PAGES[path] == render(path), "run: .venv/bin/python -m wrapper.cli.help_render"


def run_wrapper(*args: str, columns: int | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    if columns is not None:
        env["COLUMNS"] = str(columns)
    done = subprocess.run([sys.executable, "-m", "wrapper", *args], capture_output=True, text=True, env=env, timeout=120, check=True)
    return done.stdout


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_a_wide_terminal_gets_the_stored_page(flag: str) -> None:
    assert run_wrapper("secrets", "set", flag, columns=200) == help_pages.PAGES["secrets set"]


def test_a_narrow_terminal_gets_help_wrapped_by_typer() -> None:
    text = run_wrapper("--help", columns=60)
    assert text != help_pages.PAGES[""]
    assert text.startswith("Usage: wrapper [OPTIONS] COMMAND [ARGS]...")
    assert max(len(line) for line in text.splitlines()) <= 58  # click wraps at columns - 2


def test_options_before_help_still_go_through_typer() -> None:
    # `--debug --help` is parsed by click (the stored pages key on the command path alone); the page is the same.
    assert run_wrapper("--debug", "--help", columns=None) == help_pages.PAGES[""]
