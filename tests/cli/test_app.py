"""The top-level command: version, help, exit codes and how failures are shown."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import typer

from tests.disks import on_small_disk
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

    monkeypatch.setattr("wrapper.cli.target.load_project", broken)
    result = cli(["config", "show"], cwd=tmp_path)
    assert result.exit_code == 1
    assert "error: the thing failed" in result.output and "hint: do the other thing" in result.output


def test_bugs_show_no_traceback_unless_debug(cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = "hunter2-credential"

    def bug(*args: object, **kwargs: object) -> None:
        token = secret  # a local variable a traceback with locals would print
        raise KeyError(len(token))

    monkeypatch.setattr("wrapper.cli.target.load_project", bug)
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
    # ... and `wrapper docs` its documentation (README.md inside the package, not at the wheel's root).
    assert "README.md" not in names
    probe = "from wrapper import docs_topics as d; print(d.path_of(d.topic('protocol')), d.path_of(d.topic('ci')))"
    found = subprocess.run(
        [sys.executable, "-c", probe], cwd=unpacked, env={"PYTHONPATH": str(unpacked)}, capture_output=True, text=True, timeout=60
    )
    docs = unpacked / "wrapper" / "_docs"
    assert found.stdout.split() == [str(docs / "docs" / "protocol.md"), str(docs / "README.md")], found.stderr


@pytest.mark.parametrize(
    ("disk", "words"),
    [
        ({"size_kb": 8}, ["error: no space left on device", "hint: free some disk space"]),
        ({"read_only": True}, ["read-only file system", "hint: the folder is on a read-only file system"]),
    ],
    ids=["disk-full", "read-only"],
)
@pytest.mark.parametrize("command", [["render", "--stage", "dev"], ["package", "--stage", "dev"]], ids=["render", "package"])
def test_a_full_or_read_only_disk_is_a_plain_message(project: Path, command: list[str], disk: dict[str, object], words: list[str]) -> None:
    wrapper = str(Path(sys.executable).with_name("wrapper"))
    argv = on_small_disk(project / ".wrapper", [wrapper, *command], **disk)  # type: ignore[arg-type]
    done = subprocess.run(argv, cwd=project, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    for word in words:
        assert word in done.stderr
    assert "unexpected" not in done.stderr and "report it" not in done.stderr and "Traceback" not in done.stderr


# Imports made slow (100 ms each for typer's and rich's modules), so Ctrl-C lands while the command line loads.
SLOW_IMPORTS = """
import sys, time, pathlib
marker = pathlib.Path(sys.argv[1])
class Slow:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("typer", "rich"):
            marker.touch()
            time.sleep(0.1)
        return None
sys.meta_path.insert(0, Slow())
sys.argv = ["wrapper", "config", "show"]
from wrapper.cli.entry import main
main()
"""


def test_ctrl_c_while_the_command_line_loads_is_not_a_traceback(tmp_path: Path) -> None:
    marker = tmp_path / "importing"
    proc = subprocess.Popen([sys.executable, "-c", SLOW_IMPORTS, str(marker)], stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    deadline = time.monotonic() + 30
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    assert proc.poll() is None, "the imports finished before the signal: the test proves nothing"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "Traceback" not in err and "interrupted" in err
