"""What ``wrapper --help`` and ``wrapper --version`` load: a start-up budget kept by the import set, not by a clock.

Each run is a fresh interpreter with ``-X importtime``, which lists every module imported.
Timings live in bench/startup/run.py and docs/benchmarks.md; this only keeps the set from growing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Loaded by commands that need them (config loading, packaging, AWS, the offline backend), never to print help.
HEAVY_FOR_HELP = (
    "pydantic",
    "boto3",
    "botocore",
    "aiohttp",
    "jinja2",
    "packaging.markers",
    "importlib.metadata",
    "wrapper.config.loader",
    "wrapper.package.build",
    # Help is plain text (click's formatter); rich loads on a command's first output.
    "rich",
    "rich.traceback",
    "rich.pretty",
    "rich.markdown",
    "rich.console",
    "rich.table",
    "rich.status",
)
# --version, and --help on a terminal of 80 columns or more (wrapper.cli.help_pages), are answered
# before the command line itself loads.
HEAVY_FOR_VERSION = (*HEAVY_FOR_HELP, "typer", "click")


def imported_modules(*args: str, cwd: Path | None = None) -> set[str]:
    # Output to a pipe and no COLUMNS: an 80-column terminal, as click sees it.
    env = {**{k: v for k, v in os.environ.items() if k != "COLUMNS"}, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "wrapper", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=cwd,
    )
    assert "Traceback" not in done.stderr, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:") and "|" in line]
    return {line.rsplit("|", 1)[1].strip() for line in lines[1:]}  # the first line is the column header


@pytest.mark.parametrize(
    ("args", "heavy"),
    [(("--help",), HEAVY_FOR_VERSION), (("deploy", "--help"), HEAVY_FOR_VERSION), (("--version",), HEAVY_FOR_VERSION)],
)
def test_start_up_leaves_heavy_modules_for_the_commands_that_use_them(args: tuple[str, ...], heavy: tuple[str, ...]) -> None:
    loaded = imported_modules(*args)
    assert "wrapper.cli.entry" in loaded  # the listing is real: the entry point itself shows up
    assert sorted(set(heavy) & loaded) == []


def test_a_command_still_loads_what_it_needs(tmp_path: Path) -> None:
    # The deferral moved imports, it did not lose them: `config show` without a wrapper.toml looks for
    # the project file and prints its error through rich.
    loaded = imported_modules("config", "show", cwd=tmp_path)
    assert {"wrapper.project_file", "rich.console"} <= loaded
