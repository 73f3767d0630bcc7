"""Answering a repeated ``wrapper package`` from file stats: when it may, and every way it must decline."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.package.conftest import config_of, write_project
from wrapper.package import fresh
from wrapper.package.build import package_stage


def age(root: Path, seconds: float = 60.0) -> None:
    """Backdate every file, as if the project had been written a minute ago (fresh edits are deliberately not trusted)."""
    past = time.time() - seconds
    for base, _dirs, names in os.walk(root):
        for name in names:
            os.utime(os.path.join(base, name), (past, past))


def packaged(root: Path, env: dict[str, str] | None = None) -> str:
    """Package the project the way ``wrapper package --stage dev`` does and record the run; returns its key."""
    age(root)
    key = fresh.invocation_key(root, None, "dev", None, env or {})
    config = config_of(root)
    fresh.record(config, key, package_stage(config).to_dict())
    return key


def test_a_repeat_with_nothing_changed_is_replayed_as_unchanged(tmp_path: Path) -> None:
    root = write_project(tmp_path / "app")
    key = packaged(root)
    replayed = fresh.replay(root, key)
    assert replayed is not None
    assert {f["status"] for f in replayed["functions"].values()} == {"unchanged"}
    manifest_zips = {f["zip"] for f in replayed["functions"].values()}
    assert manifest_zips == {p.name for p in (root / ".wrapper/dev/dist").glob("*.zip")}


def test_the_project_is_found_from_a_subfolder(tmp_path: Path) -> None:
    root = write_project(tmp_path / "app")
    key = packaged(root)
    assert fresh.replay(root / "functions" / "common", key) is not None


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda r: (r / "functions/pose.py").write_text("def handler(e, c):\n    return 1\n"), id="handler edited"),
        pytest.param(lambda r: (r / "functions/common/extra.py").write_text("X = 1\n"), id="shared file added"),
        pytest.param(lambda r: (r / "functions/common/replies.py").unlink(), id="shared file removed"),
        pytest.param(lambda r: (r / "functions/connect.py").chmod(0o755), id="mode changed"),
        pytest.param(lambda r: (r / "requirements.txt").write_text("markupsafe\n"), id="requirements appeared"),
        pytest.param(lambda r: (r / "wrapper.toml").write_text((r / "wrapper.toml").read_text() + "\n"), id="config touched"),
        pytest.param(lambda r: next((r / ".wrapper/dev/dist").glob("pose-*.zip")).unlink(), id="zip deleted"),
        pytest.param(lambda r: (r / ".wrapper/dev/dist/manifest.json").write_text("{}"), id="manifest damaged"),
    ],
)
def test_any_change_to_inputs_or_outputs_declines(tmp_path: Path, change: object) -> None:
    root = write_project(tmp_path / "app")
    key = packaged(root)
    change(root)  # type: ignore[operator]
    assert fresh.replay(root, key) is None


def test_byte_code_caches_and_hidden_files_do_not_count(tmp_path: Path) -> None:
    root = write_project(tmp_path / "app")
    key = packaged(root)
    (root / "functions/__pycache__").mkdir()
    (root / "functions/__pycache__/pose.cpython-312.pyc").write_bytes(b"\0")
    (root / "functions/.pose.py.swp").write_text("editor state")
    assert fresh.replay(root, key) is not None


def test_other_options_or_environment_are_another_key(tmp_path: Path) -> None:
    root = write_project(tmp_path / "app")
    key = packaged(root)
    assert fresh.invocation_key(root, None, "dev", None, {"WRAPPER_ARCHITECTURE": "arm64"}) != key
    assert fresh.invocation_key(root, None, "dev", "us-east-1", {}) != key
    assert fresh.invocation_key(root, None, None, None, {}) != key
    assert fresh.invocation_key(root, None, "dev", None, {"HOME": "/elsewhere"}) == key  # unrelated variables do not matter
    assert fresh.replay(root, fresh.invocation_key(root, None, "dev", None, {"WRAPPER_ARCHITECTURE": "arm64"})) is None


def test_inputs_edited_moments_before_the_recording_are_not_trusted(tmp_path: Path) -> None:
    # An edit within the same mtime tick as the recording would be invisible to a stat check.
    root = write_project(tmp_path / "app")
    key = fresh.invocation_key(root, None, "dev", None, {})
    config = config_of(root)
    fresh.record(config, key, package_stage(config).to_dict())
    assert not fresh.stamp_path(root, key).exists()
    assert fresh.replay(root, key) is None


def test_a_damaged_stamp_or_no_project_declines(tmp_path: Path) -> None:
    root = write_project(tmp_path / "app")
    key = packaged(root)
    fresh.stamp_path(root, key).write_text("{not json")
    assert fresh.replay(root, key) is None
    assert fresh.replay(tmp_path / "nowhere", key) is None
