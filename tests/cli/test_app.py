"""The top-level command: version, help, exit codes and how failures are shown."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import typer

from wrapper import __version__
from wrapper.cli import app as app_module
from wrapper.errors import WrapperError


def test_version(cli) -> None:
    result = cli(["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"wrapper {__version__}"


def test_help_documents_every_command(cli) -> None:
    result = cli(["--help"])
    assert result.exit_code == 0
    commands = [c.name for c in typer.main.get_command(app_module.app).commands.values()]  # type: ignore[attr-defined]
    assert "init" in commands and "config" in commands
    for name in commands:
        assert name in result.output
        sub = cli([name, "--help"])
        assert sub.exit_code == 0, name
        assert len(sub.output.strip().splitlines()) > 3, f"{name} has no help"


def test_config_show_prints_names_and_json(cli, project: Path) -> None:
    human = cli(["config", "show", "--stage", "prod"], cwd=project)
    assert human.exit_code == 0
    assert "demo-prod-players" in human.output and "protected" in human.output
    data = json.loads(cli(["config", "show", "--stage", "dev", "--json"], cwd=project).stdout)
    assert data["stage"] == "dev" and data["functions"]["connect"]["full_name"] == "demo-dev-connect"


def test_unknown_option_is_a_usage_error(cli) -> None:
    assert cli(["config", "show", "--nope"]).exit_code == 2


def test_operational_errors_exit_1_with_message_and_hint(cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise WrapperError("the thing failed", "do the other thing")

    monkeypatch.setattr("wrapper.cli.config_cmd.load_project", broken)
    result = cli(["config", "show"], cwd=tmp_path)
    assert result.exit_code == 1
    assert "error: the thing failed" in result.output and "hint: do the other thing" in result.output


def test_bugs_show_no_traceback_unless_debug(cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = "hunter2-credential"

    def bug(*args: object, **kwargs: object) -> None:
        token = secret  # a local variable a traceback with locals would print
        raise KeyError(len(token))

    monkeypatch.setattr("wrapper.cli.config_cmd.load_project", bug)
    plain = cli(["config", "show"], cwd=tmp_path)
    assert plain.exit_code == 1
    assert "unexpected KeyError" in plain.output and "Traceback" not in plain.output
    debug = cli(["--debug", "config", "show"], cwd=tmp_path)
    assert debug.exit_code == 1
    assert "Traceback" in debug.output and "KeyError" in debug.output
    assert secret not in debug.output


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run([sys.executable, "-m", "wrapper", "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "wrapper" in done.stdout


@pytest.mark.slow
def test_wheel_ships_the_templates(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(root)],
        check=True,
        timeout=300,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("wrapper_xr-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "wrapper/_templates/project/webxr/wrapper.toml.j2" in names
    assert "wrapper/cli/app.py" in names
    tracked = subprocess.run(["git", "ls-files", "templates"], cwd=root, capture_output=True, text=True, check=True).stdout.split()
    for rel in tracked:
        assert "wrapper/_" + rel in names, f"{rel} is missing from the wheel"
    assert not any("node_modules" in n for n in names)
    # An installed wheel finds its templates inside the package, not in a checkout.
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    probe = "import wrapper.templates as t; print(t.templates_root())"
    found = subprocess.run(
        [sys.executable, "-c", probe], cwd=unpacked, env={"PYTHONPATH": str(unpacked)}, capture_output=True, text=True, timeout=60
    )
    assert found.stdout.strip() == str(unpacked / "wrapper" / "_templates"), found.stderr
