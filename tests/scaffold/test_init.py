"""`wrapper init`: scaffolding a project, idempotently, never half-written."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wrapper.config import load_config
from wrapper.scaffold import write as scaffold_write
from wrapper.ui import console


def test_init_creates_a_project_that_loads_for_every_stage(cli, tmp_path: Path) -> None:
    result = cli(["init", "demo", "--service", "demo", "--region", "eu-west-2", "--yes"], cwd=tmp_path)
    assert result.exit_code == 0, result.output
    root = tmp_path / "demo"
    for rel in ("wrapper.toml", ".gitignore", "README.md", "requirements.txt"):
        assert (root / rel).is_file(), rel
    assert ".wrapper/" in (root / ".gitignore").read_text()
    assert "wrapper dev" in (root / "README.md").read_text()
    dev = load_config(root, "dev", env={})
    prod = load_config(root, "prod", env={})
    assert dev.service == "demo" and dev.region == "eu-west-2"
    assert prod.protected and not dev.protected
    assert "created demo" in result.output


def test_second_init_is_a_noop_that_says_so(cli, tmp_path: Path) -> None:
    args = ["init", "demo", "--service", "demo", "--region", "eu-west-2", "--yes"]
    assert cli(args, cwd=tmp_path).exit_code == 0
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / "demo").rglob("*") if p.is_file()}
    again = cli(args, cwd=tmp_path)
    assert again.exit_code == 0
    assert "nothing to do" in again.output
    after = {p: p.stat().st_mtime_ns for p in (tmp_path / "demo").rglob("*") if p.is_file()}
    assert before == after


def test_conflicts_are_listed_and_nothing_is_overwritten_without_force(cli, tmp_path: Path) -> None:
    args = ["init", "demo", "--service", "demo", "--region", "eu-west-2", "--yes"]
    cli(args, cwd=tmp_path)
    config = tmp_path / "demo" / "wrapper.toml"
    config.write_text("# mine\n")
    (tmp_path / "demo" / "README.md").unlink()
    refused = cli(args, cwd=tmp_path)
    assert refused.exit_code == 2
    assert "conflict  wrapper.toml" in refused.output
    assert "--force" in refused.output
    assert config.read_text() == "# mine\n"
    assert not (tmp_path / "demo" / "README.md").exists(), "a refused init writes nothing, not even missing files"
    forced = cli([*args, "--force"], cwd=tmp_path)
    assert forced.exit_code == 0
    assert "overwrite  wrapper.toml" in forced.output
    assert 'name = "demo"' in config.read_text()


def test_without_a_terminal_init_never_asks(cli, tmp_path: Path) -> None:
    folder = tmp_path / "My World"
    result = cli(["init", str(folder)], cwd=tmp_path)  # no --yes, no input: CliRunner's stdin is not a terminal
    assert result.exit_code == 0, result.output
    config = load_config(folder, "dev", env={})
    assert config.service == "my-world"
    assert config.region == "eu-west-2"  # from AWS_DEFAULT_REGION (set by the test fixture)


def test_at_a_terminal_init_asks_for_what_flags_did_not_give(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(console, "is_interactive", lambda: True)
    result = cli(["init", "game"], cwd=tmp_path, input="arena\nus-west-2\n")
    assert result.exit_code == 0, result.output
    config = load_config(tmp_path / "game", "dev", env={})
    assert (config.service, config.region) == ("arena", "us-west-2")


def test_stages_runtime_and_architecture_flags(cli, tmp_path: Path) -> None:
    args = ["init", "p", "--service", "p", "--region", "us-east-1", "--stage", "qa", "--stage", "live", "--runtime", "python3.13"]
    result = cli([*args, "--architecture", "x86_64", "--yes"], cwd=tmp_path)
    assert result.exit_code == 0, result.output
    config = load_config(tmp_path / "p", "live", env={})
    assert config.declared_stages == ("qa", "live")
    assert (config.runtime, config.architecture) == ("python3.13", "x86_64")


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--service", "Bad_Name"], "not a valid service name"),
        (["--service", "x" * 60], "AWS allows 64"),
        (["--region", "mars-1"], "not an AWS region"),
        (["--runtime", "python2.7"], "--runtime 'python2.7' is not supported"),
        (["--template", "chess"], "unknown template 'chess'"),
    ],
)
def test_invalid_flags_write_nothing(cli, tmp_path: Path, flags: list[str], message: str) -> None:
    args = ["init", "demo", "--yes", *flags]
    if "--service" not in flags:
        args += ["--service", "demo"]
    result = cli(args, cwd=tmp_path)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_into_an_existing_folder_is_rolled_back(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "demo"
    target.mkdir()
    (target / "notes.txt").write_text("keep me")
    real_replace = scaffold_write.os.replace
    calls = {"n": 0}

    def flaky_replace(src: str, dst: str) -> None:  # a disk that fills up on the fourth file
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(scaffold_write.os, "replace", flaky_replace)
    result = cli(["init", str(target), "--service", "demo", "--region", "eu-west-2", "--yes"], cwd=tmp_path)
    assert result.exit_code == 1
    assert "No space left on device" in result.output
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]


def test_a_failed_write_of_a_new_folder_leaves_nothing(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_rename(src: str, dst: str) -> None:
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(scaffold_write.os, "rename", no_rename)
    result = cli(["init", "demo", "--service", "demo", "--region", "eu-west-2", "--yes"], cwd=tmp_path)
    assert result.exit_code == 1
    assert list(tmp_path.iterdir()) == []


def test_json_output_lists_what_was_written(cli, tmp_path: Path) -> None:
    result = cli(["init", "demo", "--service", "demo", "--region", "eu-west-2", "--yes", "--json"], cwd=tmp_path)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert "wrapper.toml" in data["written"] and data["noop"] is False


# `wrapper init` on a slow disk (each file takes 50 ms), so a signal lands mid-write.
SLOW_INIT = """
import pathlib, sys, time
real = pathlib.Path.write_bytes
def slow(self, data):
    time.sleep(0.05)
    return real(self, data)
pathlib.Path.write_bytes = slow
sys.argv = ["wrapper", "init", sys.argv[1], "--service", "demo", "--region", "eu-west-2", "--yes"]
from wrapper.cli.entry import main
main()
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
@pytest.mark.parametrize("existing", [False, True], ids=["new-folder", "existing-folder"])
def test_a_signal_mid_write_leaves_nothing(tmp_path: Path, signum: int, existing: bool) -> None:
    target = tmp_path / "demo"
    if existing:
        target.mkdir()
        (target / "notes.txt").write_text("keep me")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    proc = subprocess.Popen([sys.executable, "-c", SLOW_INIT, str(target)], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while len(list(tmp_path.rglob("*"))) < len(before) + 4 and time.monotonic() < deadline:  # a few files written
        time.sleep(0.01)
    assert proc.poll() is None, "init finished before the signal: the test proves nothing"
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode != 0
    assert "Traceback" not in err
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_json_output_names_the_conflicts_that_stop_an_init(cli, tmp_path: Path) -> None:
    assert cli(["init", "demo", "--service", "demo", "--region", "eu-west-2", "--yes"], cwd=tmp_path).exit_code == 0
    (tmp_path / "demo" / "README.md").write_text("my own notes\n")
    result = cli(["init", "demo", "--service", "demo", "--region", "eu-west-2", "--yes", "--json"], cwd=tmp_path)
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["conflicts"] == ["README.md"] and data["written"] == [] and data["noop"] is True
    assert (tmp_path / "demo" / "README.md").read_text() == "my own notes\n", "nothing was written"


@pytest.mark.parametrize("variable", ["AWS_REGION", "AWS_DEFAULT_REGION"])
def test_a_bad_region_from_the_environment_names_the_variable(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str) -> None:
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.setenv(variable, "europe")
    result = cli(["init", "demo", "--yes"], cwd=tmp_path)
    assert result.exit_code == 2
    assert f"'europe' in ${variable} is not an AWS region" in result.output and "--region" in result.output
    assert not (tmp_path / "demo").exists(), "nothing written"
    monkeypatch.setenv(variable, "eu-central-1")
    assert cli(["init", "demo", "--yes"], cwd=tmp_path).exit_code == 0
    assert 'region = "eu-central-1"' in (tmp_path / "demo" / "wrapper.toml").read_text()


def test_a_file_where_the_folder_should_be_is_a_usage_error(cli, tmp_path: Path) -> None:
    (tmp_path / "notes").write_text("mine\n")
    result = cli(["init", "notes", "--yes"], cwd=tmp_path)
    assert result.exit_code == 2
    assert "is a file, not a folder" in result.output and "not a directory" not in result.output
    assert (tmp_path / "notes").read_text() == "mine\n"
